import { canonicalDomain } from './domain';
import type { Candidate } from './types';

const MAX_LOCAL = 64;
const LETTER = /^[\p{L}\p{M}\p{N}]$/u;
const HOST_RUN = /[\p{L}\p{M}\p{N}_.-]*/uy;

function isLocalChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    return (
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x2e || // .
      c === 0x5f || // _
      c === 0x25 || // %
      c === 0x2b || // +
      c === 0x2d || // -
      c === 0x27 // '
    );
  }
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return LETTER.test(text[i] as string);
}

const LEADING_JUNK = ".-+'_%";

/**
 * Finds e-mail addresses around each '@': the local part is kept as written (leading separators dropped), the
 * domain must pass the domain rules. A local part right after '/' is a path segment, not an address.
 */
export function scanEmails(text: string, emit: (c: Candidate) => void, claim: (start: number, end: number) => void): void {
  let from = 0;
  for (;;) {
    const at = text.indexOf('@', from);
    if (at < 0) return;
    from = at + 1;
    let start = at;
    while (start > 0 && at - start <= MAX_LOCAL && isLocalChar(text, start - 1)) start--;
    if (at - start > MAX_LOCAL || text[start - 1] === '/') continue;
    while (start < at && LEADING_JUNK.includes(text[start] as string)) start++;
    if (start === at || text[at - 1] === '.') continue;
    HOST_RUN.lastIndex = at + 1;
    const run = HOST_RUN.exec(text);
    let end = at + 1 + (run === null ? 0 : run[0].length);
    while (end > at + 1 && '._-'.includes(text[end - 1] as string)) end--;
    if (end === at + 1) continue;
    const domain = canonicalDomain(text.slice(at + 1, end));
    if (domain === undefined) continue;
    emit({ type: 'email', value: `${text.slice(start, at)}@${domain}`, start });
    claim(start, end);
    from = end;
  }
}
