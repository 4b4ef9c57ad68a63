import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

const TLDTS_OPTIONS = {
  allowPrivateDomains: false,
  extractHostname: false,
  validateHostname: false,
  detectIp: true,
  mixedInputs: false,
} as const;

const ASCII_LABEL = /^[a-z0-9_-]{1,63}$/;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * File extensions that are also ICANN TLDs. A bare `name.ext` ending in one of them is a file name, unless it was
 * defanged or is a URL host. (Extensions that are no TLD, such as .exe or .pdf, fail the suffix check anyway.)
 * Popular TLDs that are also extensions (.ai, .app, .cc, .pl, .so, .ml) stay domains.
 */
export const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  'zip',
  'mov',
  'md',
  'sh',
  'py',
  'one',
  'rs',
  'pm',
  'ps',
  'cab',
  'dot',
  'java',
  'ws',
  'map',
  'tf',
]);

const cache = new Map<string, string | null>();
const CACHE_LIMIT = 20_000;

/**
 * The canonical (lower-case, A-label) form of a host name, or undefined when it is not a registrable name under
 * an ICANN public suffix. The input has no leading or trailing dot.
 */
export function canonicalDomain(name: string): string | undefined {
  if (name.length === 0 || name.length > 1000) return undefined;
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const result = validate(name);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, result ?? null);
  return result;
}

function validate(name: string): string | undefined {
  let ascii: string;
  if (NON_ASCII.test(name)) {
    // UTS #46 processing as a browser does it: maps, normalises and punycode-encodes; '' when invalid.
    ascii = domainToASCII(name);
    if (ascii === '') return undefined;
  } else {
    ascii = name.toLowerCase();
    if (ascii.includes('xn--') && domainToASCII(ascii) === '') return undefined;
  }
  if (ascii.length > 253 || ascii.endsWith('.')) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2) return undefined;
  for (const label of labels) {
    if (!ASCII_LABEL.test(label)) return undefined;
    if (label.startsWith('-') || label.endsWith('-')) return undefined;
    // Hyphens in positions 3-4 are reserved for IDNA ("xn--").
    if (label[2] === '-' && label[3] === '-' && !label.startsWith('xn--')) return undefined;
  }
  const parsed = parse(ascii, TLDTS_OPTIONS);
  if (parsed.isIp || parsed.isIcann !== true) return undefined;
  const suffix = parsed.publicSuffix;
  const domain = parsed.domain;
  if (suffix === null || domain === null || domain === suffix) return undefined;
  const suffixLabels = suffix.split('.').length;
  const registrable = labels[labels.length - suffixLabels - 1];
  if (registrable === undefined || registrable.includes('_')) return undefined;
  for (let i = labels.length - suffixLabels; i < labels.length; i++) {
    if ((labels[i] as string).includes('_')) return undefined;
  }
  return ascii;
}

export function topLabel(domain: string): string {
  const dot = domain.lastIndexOf('.');
  return dot < 0 ? domain : domain.slice(dot + 1);
}

export function looksLikeFileName(domain: string): boolean {
  return FILE_EXTENSION_TLDS.has(topLabel(domain));
}

const tldCache = new Map<string, boolean>();

/** Whether `label` (lower-case ASCII or Unicode) is an ICANN top-level domain. */
export function isIcannTld(label: string): boolean {
  const hit = tldCache.get(label);
  if (hit !== undefined) return hit;
  const ascii = NON_ASCII.test(label) ? domainToASCII(label) : label;
  const known = ascii !== '' && ASCII_LABEL.test(ascii) && parse(`x.${ascii}`, TLDTS_OPTIONS).isIcann === true;
  if (tldCache.size >= CACHE_LIMIT) tldCache.clear();
  tldCache.set(label, known);
  return known;
}
