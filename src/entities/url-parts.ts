import { TextDecoder } from 'node:util';

/*
 * Pieces of a canonical URL (the value of a recognised `url` indicator: lower-case scheme and host), read without the
 * WHATWG parser, which would normalise the very text we must keep as written.
 */

const AUTHORITY_END = /[/?#\\]/;

/** The host of a canonical URL, without userinfo and port ('' when there is none). */
export function hostOf(url: string): string {
  const sep = url.indexOf('://');
  if (sep < 0) return '';
  const rest = url.slice(sep + 3);
  const end = rest.search(AUTHORITY_END);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const hostport = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostport.startsWith('[')) return hostport.slice(0, hostport.indexOf(']') + 1);
  const colon = hostport.indexOf(':');
  return colon < 0 ? hostport : hostport.slice(0, colon);
}

/** The path of a canonical URL (from the first '/' after the host up to '?' or '#'; '' when there is none). */
export function pathOf(url: string): string {
  const sep = url.indexOf('://');
  if (sep < 0) return '';
  const rest = url.slice(sep + 3);
  const slash = rest.search(AUTHORITY_END);
  if (slash < 0 || rest[slash] !== '/') return '';
  const tail = rest.slice(slash);
  const end = tail.search(/[?#]/);
  return end < 0 ? tail : tail.slice(0, end);
}

/** The raw (still encoded) value of the first query parameter named `name` (ASCII case-insensitive). */
export function queryParam(url: string, name: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const hash = url.indexOf('#', q);
  const query = hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash);
  const wanted = `${name.toLowerCase()}=`;
  for (const pair of query.split('&')) {
    if (pair.length >= wanted.length && pair.slice(0, wanted.length).toLowerCase() === wanted) return pair.slice(wanted.length);
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Percent-decoding that never throws, as Python's unquote (what the published decoders use) but stricter: a run of
 * escapes that is not valid UTF-8 stays as written; a '%' without two hex digits stays as it is.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(PERCENT_RUN, (run: string) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(3 * i + 1, 3 * i + 3), 16);
    try {
      return utf8.decode(bytes);
    } catch {
      return run;
    }
  });
}

const UNSAFE = /[\u0000-\u0020\u007f]/g;

/** Spaces and control characters a decoding produced, escaped again: an indicator is one run of visible text. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch: string) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
