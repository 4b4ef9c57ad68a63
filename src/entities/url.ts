import { canonicalDomain } from './domain';
import { parseIPv4 } from './ipv4';
import { formatIPv6, parseIPv6 } from './ipv6';
import type { Candidate } from './types';
import { charBefore, firstCjkIndex, isWordChar } from './unicode';

const URL_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp']);
const OPENERS = '([{';
const CLOSERS = ')]}';
const CONTEXT_WINDOW = 256;
const MAX_SCHEME = 32;
const PORT = /^:\d{0,5}$/;
const AUTHORITY_END = /[/?#\\]/;

/** Characters that end a URL besides ASCII space/control, '<', '>', '"' and '`': Unicode spaces, curly and angle
 * quotation marks, the ellipsis, and CJK / full-width punctuation. */
function isUnicodeTerminator(c: number): boolean {
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0xab ||
    c === 0xbb ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    (c >= 0x2018 && c <= 0x201f) ||
    c === 0x2026 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x2039 ||
    c === 0x203a ||
    c === 0x205f ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff01 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) ||
    (c >= 0xff5b && c <= 0xff65)
  );
}

/**
 * End (exclusive) of a URL, or of a scheme-less `host/path`, that starts at `start` and whose body is scanned from
 * `bodyStart`. It ends at whitespace, '<', '>', '"', '`', at a quote or bracket closing one opened before it, and
 * before trailing `. , ; : ! ? *` and unbalanced closing brackets; a ')' closing a '(' inside the URL belongs to it.
 * `limit` ends it earlier, with the same trimming, as if the text stopped there.
 */
export function urlEnd(text: string, start: number, bodyStart: number, limit = text.length): number {
  const openBefore = [0, 0, 0];
  const pendingClose = [0, 0, 0];
  // The nearest single quote before the URL opens a quotation unless it is an apostrophe (a letter before it).
  let lastQuote = -1;
  for (let j = start - 1, k = 0; j >= 0 && k < CONTEXT_WINDOW; j--, k++) {
    const ch = text[j] as string;
    if (ch === '\n') break;
    if (ch === "'" && lastQuote < 0) lastQuote = j;
    const cl = CLOSERS.indexOf(ch);
    if (cl >= 0) {
      pendingClose[cl] = (pendingClose[cl] as number) + 1;
      continue;
    }
    const op = OPENERS.indexOf(ch);
    if (op >= 0) {
      if ((pendingClose[op] as number) > 0) pendingClose[op] = (pendingClose[op] as number) - 1;
      else openBefore[op] = (openBefore[op] as number) + 1;
    }
  }
  const singleQuoted = lastQuote >= 0 && !isWordChar(charBefore(text, lastQuote));
  let emphasis = '';
  for (let j = start - 1; j >= 0 && emphasis.length < 3; j--) {
    const ch = text[j] as string;
    if (ch !== '*' && ch !== '_' && ch !== '~') break;
    emphasis += ch;
  }

  const depth = [0, 0, 0];
  const unmatched = new Set<number>();
  const n = Math.min(limit, text.length);
  let end = bodyStart;
  for (; end < n; end++) {
    const c = text.charCodeAt(end);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x60) break;
    if (c === 0x27 && singleQuoted) break;
    if (c >= 0x80 && isUnicodeTerminator(c)) break;
    if (c === 0x28 || c === 0x5b || c === 0x7b) {
      const op = OPENERS.indexOf(text[end] as string);
      depth[op] = (depth[op] as number) + 1;
      continue;
    }
    if (c === 0x29 || c === 0x5d || c === 0x7d) {
      const cl = CLOSERS.indexOf(text[end] as string);
      if ((depth[cl] as number) > 0) depth[cl] = (depth[cl] as number) - 1;
      else if ((openBefore[cl] as number) > 0) break;
      else unmatched.add(end);
    }
  }
  while (end > bodyStart) {
    const ch = text[end - 1] as string;
    if ('.,;:!?*'.includes(ch) || unmatched.has(end - 1) || ((ch === '_' || ch === '~') && emphasis.includes(ch))) {
      end--;
    } else {
      break;
    }
  }
  return end;
}

function isSchemeChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

type Host = { kind: 'domain'; value: string; text: string } | { kind: 'ipv4'; value: string; text: string } | { kind: 'ipv6'; value: string; text: string };

function parseHost(hostport: string): { host: Host; port: string } | undefined {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return undefined;
    const port = hostport.slice(close + 1);
    if (port !== '' && !PORT.test(port)) return undefined;
    const inner = hostport.slice(1, close);
    const zone = inner.indexOf('%');
    const groups = parseIPv6(zone < 0 ? inner : inner.slice(0, zone));
    if (groups === undefined) return undefined;
    return { host: { kind: 'ipv6', value: formatIPv6(groups), text: `[${inner.toLowerCase()}]` }, port };
  }
  const colon = hostport.lastIndexOf(':');
  const port = colon < 0 ? '' : hostport.slice(colon);
  if (port !== '' && !PORT.test(port)) return undefined;
  let host = colon < 0 ? hostport : hostport.slice(0, colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (parseIPv4(host) !== undefined) return { host: { kind: 'ipv4', value: host, text: host }, port };
  const domain = canonicalDomain(host);
  if (domain === undefined) return undefined;
  return { host: { kind: 'domain', value: domain, text: domain }, port };
}

/**
 * The indicator for a `scheme://...` candidate spanning [start, end), whose "://" is at `sep`. http, https and ftp
 * give a URL; any other scheme gives its host alone.
 */
export function urlIndicator(text: string, start: number, sep: number, end: number): Candidate | undefined {
  const scheme = text.slice(start, sep).toLowerCase();
  const body = text.slice(sep + 3, end);
  let authorityEnd = body.search(AUTHORITY_END);
  if (authorityEnd < 0) authorityEnd = body.length;
  const authority = body.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  const parsed = parseHost(authority.slice(at + 1));
  if (parsed === undefined) return undefined;
  const { host, port } = parsed;
  if (!URL_SCHEMES.has(scheme)) return { type: host.kind, value: host.value, start };
  const userinfo = at >= 0 ? `${authority.slice(0, at)}@` : '';
  return { type: 'url', value: `${scheme}://${userinfo}${host.text}${port}${body.slice(authorityEnd)}`, start };
}

/** Finds every `scheme://` candidate; `claim` receives each one's extent, valid or not. */
export function scanUrls(text: string, emit: (c: Candidate) => void, claim: (start: number, end: number) => void): void {
  let from = 0;
  for (;;) {
    const sep = text.indexOf('://', from);
    if (sep < 0) return;
    let start = sep;
    while (start > 0 && sep - start < MAX_SCHEME && isSchemeChar(text.charCodeAt(start - 1))) start--;
    while (start < sep && !isAsciiLetter(text.charCodeAt(start))) start++;
    if (start === sep) {
      from = sep + 3;
      continue;
    }
    let end = Math.max(urlEnd(text, start, sep + 3), sep + 3);
    let found = urlIndicator(text, start, sep, end);
    if (found === undefined) {
      // In CJK prose the URL runs into the sentence ("https://evil.comを参照"): cut it at the first CJK letter.
      // Trimmed as a URL ending there would be ("ftp://45.9.148.3:テスト" is ftp://45.9.148.3, not "...3:").
      const cut = firstCjkIndex(text, sep + 3, end);
      const cutEnd = cut > sep + 3 ? urlEnd(text, start, sep + 3, cut) : -1;
      if (cutEnd > sep + 3) {
        found = urlIndicator(text, start, sep, cutEnd);
        if (found !== undefined) end = cutEnd;
      }
    }
    claim(start, end);
    if (found !== undefined) emit(found);
    from = end;
  }
}
