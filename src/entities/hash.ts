export type HashType = 'md5' | 'sha1' | 'sha256';

const HEX = /^[0-9a-fA-F]+$/;
const DIGITS = /^[0-9]+$/;

/**
 * The hash type of an isolated hex run (the caller guarantees no letter or digit touches it). A run of digits
 * only is a number, not a hash: a real digest of 32+ hex digits has letters with overwhelming probability.
 */
export function hashType(run: string): HashType | undefined {
  const len = run.length;
  if (len !== 32 && len !== 40 && len !== 64) return undefined;
  if (!HEX.test(run) || DIGITS.test(run)) return undefined;
  return len === 32 ? 'md5' : len === 40 ? 'sha1' : 'sha256';
}
