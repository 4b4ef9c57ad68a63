import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { decodeEntities } from './html';
import { hostOf, pathOf, percentDecode, queryParam } from './url-parts';

/*
 * Links rewritten by mail security, decoded to the link the sender wrote.
 *
 * Microsoft Defender for Office 365 Safe Links: https://<region>.safelinks.protection.outlook.com/?url=<percent-encoded
 * URL>&data=...&sdata=...&reserved=0 (nam12, eur01, gbr01, apc01, aus01, jpn01, can01, ind01...). The US government
 * clouds (GCC High, DoD) rewrite to *.safelinks.protection.office365.us (usg02, gcc02...). The docs corpus had no
 * Microsoft page naming that host; it is what public unwrappers handle and real government mail shows, e.g. the
 * Safe Links lists of Cimbali/safelinks-cleanup and of the userscripts found by the `search` tool (code corpus,
 * "safelinks.protection.office365.us"), and usg02.safelinks.protection.office365.us links quoted in public mailing
 * list archives. Teams' own Safe Links page (statics.teams.cdn.office.net/.../safelinks/...?url=) carries the URL the
 * same way. (GCC moderate uses the commercial hosts.)
 *
 * Proofpoint URL Defense, decoded as Proofpoint's published urldecoder.py (Eric Van Cleve, v3.0.1) does it:
 *   v1  https://urldefense.proofpoint.com/v1/url?u=<percent-encoded URL>&k=...
 *   v2  https://urldefense.proofpoint.com/v2/url?u=<URL with '-' for '%' and '_' for '/'>&d=...&c=...
 *   v3  https://urldefense.com/v3/__<URL>__;<base64url of the replaced characters>!!<ids>$  (also urldefense.us):
 *       in <URL>, '*' stands for the next replaced character and '**' plus one letter of
 *       A-Z a-z 0-9 - _ for the next 2 to 65 of them; <URL> is percent-decoded before the stars are replaced.
 */

const SAFE_LINKS_SUFFIXES = ['.safelinks.protection.outlook.com', '.safelinks.protection.office365.us'];
const TEAMS_SAFE_LINKS_HOST = 'statics.teams.cdn.office.net';
const PROOFPOINT_HOSTS: ReadonlySet<string> = new Set(['urldefense.proofpoint.com', 'urldefense.com', 'urldefense.us']);

const RUN_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const SINGLE_SLASH = /^([a-z0-9+.-]+:\/)([^/][\s\S]*)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `host` (lower-case) is a Safe Links or URL Defense host. */
export function isWrapperHost(host: string): boolean {
  return PROOFPOINT_HOSTS.has(host) || host === TEAMS_SAFE_LINKS_HOST || SAFE_LINKS_SUFFIXES.some((s) => host.endsWith(s));
}

/**
 * The link wrapped by a Safe Links or URL Defense `url` (a canonical URL), decoded one level; undefined when `url` is
 * no such wrapper or its inner link cannot be decoded. Never throws; linear in the length of `url`.
 */
export function unwrapOnce(url: string): string | undefined {
  const host = hostOf(url);
  if (SAFE_LINKS_SUFFIXES.some((s) => host.endsWith(s)) || (host === TEAMS_SAFE_LINKS_HOST && pathOf(url).includes('/safelinks/'))) {
    const raw = queryParam(url, 'url');
    return raw === undefined || raw === '' ? undefined : percentDecode(raw);
  }
  if (!PROOFPOINT_HOSTS.has(host)) return undefined;
  const path = pathOf(url);
  if (path === '/v1/url' || path === '/v2/url') {
    const raw = queryParam(url, 'u');
    if (raw === undefined || raw === '') return undefined;
    const escaped = path === '/v1/url' ? raw : raw.replace(/[-_]/g, (ch) => (ch === '-' ? '%' : '/'));
    return decodeEntities(percentDecode(escaped));
  }
  if (path.startsWith('/v3/__')) return decodeV3(url.slice(url.indexOf('/v3/__') + 6));
  return undefined;
}

/** `<URL>__;<base64url>!...` to the URL. */
function decodeV3(body: string): string | undefined {
  const end = body.indexOf('__;');
  if (end < 1) return undefined;
  const after = body.slice(end + 3);
  const bang = after.indexOf('!');
  const encoded = bang < 0 ? after : after.slice(0, bang);
  if (!BASE64URL.test(encoded) || encoded.length % 4 === 1) return undefined;
  let replaced: string[];
  try {
    // Indexed by code point, as the reference indexes a Python str.
    replaced = Array.from(utf8.decode(Buffer.from(encoded, 'base64url')));
  } catch {
    return undefined;
  }
  let embedded = body.slice(0, end);
  const single = SINGLE_SLASH.exec(embedded);
  if (single !== null) embedded = `${single[1] as string}/${single[2] as string}`;
  embedded = percentDecode(embedded);

  const out: string[] = [];
  let next = 0;
  let from = 0;
  for (let star = embedded.indexOf('*'); star >= 0; star = embedded.indexOf('*', from)) {
    out.push(embedded.slice(from, star));
    let count = 1;
    from = star + 1;
    const letter = embedded[star + 2];
    if (embedded[star + 1] === '*' && letter !== undefined && letter !== '\n') {
      const run = RUN_LETTERS.indexOf(letter);
      if (run < 0) return undefined;
      count = run + 2;
      from = star + 3;
    }
    if (next + count > replaced.length) return undefined;
    out.push(replaced.slice(next, next + count).join(''));
    next += count;
  }
  out.push(embedded.slice(from));
  return out.join('');
}
