import { findCves } from './cve';
import { canonicalDomain, FILE_EXTENSION_TLDS, isIcannTld, looksLikeFileName, topLabel } from './domain';
import { scanEmails } from './email';
import { hashType } from './hash';
import { parseIPv4, parsePrefix } from './ipv4';
import { formatIPv6, parseIPv6 } from './ipv6';
import { canonicalMac } from './mac';
import { isDefangedRange } from './refang';
import { resolveLink } from './resolve-link';
import type { Candidate } from './types';
import { charAt, charBefore, hasCjk, isWordChar, nonCjkPieces } from './unicode';
import { isWrapperHost } from './unwrap';
import { scanUrls, urlEnd, urlIndicator } from './url';

/*
 * The scanner runs over prepared text (chat formatting removed, Unicode normalised, refanged) in passes. Each pass
 * blanks out what it claimed so later passes do not report anything inside it:
 *   1. scheme://... (URLs, or the host of another scheme)   2. e-mail addresses
 *   3. colon runs (IPv6, colon MACs)                          4. host runs: IPv4 and CIDR, domains, dash and Cisco
 *      MACs, hashes; a scheme-less host's port and path are claimed with it
 *   5. CVE ids (they may contain a space, so they are matched last on what is left).
 * A URL of pass 1 that is a Safe Links or URL Defense wrapper, or a Defender portal link, is reported as what it points
 * at (resolve-link.ts); the wrapper itself is not.
 * Every pass is linear: runs are maximal and each is looked at once.
 */

const HOST_RUN = /[\p{L}\p{M}\p{N}_.-]+/gu;
const HEX_SEGMENT = /[^._-]+/g;
const ZONE_CHAR = /[A-Za-z0-9_.-]/;

class Scan {
  readonly candidates: Candidate[] = [];
  /** Candidates emitted so far, repeats included: whether a run produced anything. */
  private emitted = 0;
  /** The kept candidate of each type and value: a text repeating one indicator keeps one object, not thousands. */
  private readonly byKey = new Map<string, Candidate>();
  work: string;
  /** Ranges claimed by the running pass, blanked out when it ends. */
  private claims: Array<[number, number]> = [];

  constructor(
    text: string,
    private readonly marks: readonly number[],
  ) {
    this.work = text;
  }

  /** Keeps one candidate per type and value (compared case-insensitively), at its first position in the text. */
  emit = (c: Candidate): void => {
    this.emitted++;
    const key = `${c.type}\u0000${c.value.toLowerCase()}`;
    const kept = this.byKey.get(key);
    if (kept === undefined) {
      this.byKey.set(key, c);
      this.candidates.push(c);
    } else if (c.start < kept.start) {
      // Another pass found it earlier in the text (a host name after ssh:// and the same name before it).
      kept.start = c.start;
      kept.value = c.value;
    }
  };

  claim = (start: number, end: number): void => {
    if (end > start) this.claims.push([start, end]);
  };

  /** Blanks the ranges claimed by the pass that just ran. */
  commit(): void {
    const list = this.claims;
    if (list.length === 0) return;
    // A pass claims left to right, so the list is usually in order already.
    let ordered = true;
    for (let i = 1; i < list.length && ordered; i++) ordered = (list[i - 1] as [number, number])[0] <= (list[i] as [number, number])[0];
    if (!ordered) list.sort((x, y) => x[0] - y[0]);
    const parts: string[] = [];
    let last = 0;
    for (const [s, e] of list) {
      const from = Math.max(s, last);
      if (e <= from) continue;
      parts.push(this.work.slice(last, from), blanks(e - from));
      last = e;
    }
    parts.push(this.work.slice(last));
    this.work = parts.join('');
    this.claims = [];
  }

  run(): Candidate[] {
    scanUrls(this.work, (c) => this.emit(resolveLink(c)), this.claim);
    this.commit();
    scanEmails(this.work, this.emit, this.claim);
    this.commit();
    this.colonRuns();
    this.commit();
    this.hostRuns();
    this.commit();
    for (const cve of findCves(this.work)) this.emit({ type: 'cve', value: cve.value, start: cve.start });
    return this.candidates.sort((a, b) => a.start - b.start);
  }

  private colonRuns(): void {
    const w = this.work;
    const n = w.length;
    let from = 0;
    for (;;) {
      const k = w.indexOf(':', from);
      if (k < 0) return;
      let a = k;
      while (a > 0 && isColonRunChar(w.charCodeAt(a - 1))) a--;
      let b = k + 1;
      while (b < n && isColonRunChar(w.charCodeAt(b))) b++;
      from = b;
      this.colonRun(a, b);
    }
  }

  private colonRun(a: number, b: number): void {
    const w = this.work;
    let s = a;
    let e = b;
    while (e > s && w[e - 1] === '.') e--;
    // A run glued to a word ("ip6:fe80::1", "std::cout") loses its first or last piece ("ip6:", "::cout").
    if (isTouching(charBefore(w, s))) s = w.indexOf(':', s) + 1;
    if (isTouching(charAt(w, e))) {
      const c = w.lastIndexOf(':', e - 1);
      if (c < s) return;
      e = c;
    }
    if (w[s] === ':' && w[s + 1] !== ':') s++;
    if (e - s >= 2 && w[e - 1] === ':' && w[e - 2] !== ':') e--;
    if (e - s < 3) return;
    const cand = w.slice(s, e);
    if (!cand.includes(':')) return;
    const mac = canonicalMac(cand);
    if (mac !== undefined) {
      this.emit({ type: 'mac', value: mac, start: s });
      this.claim(s, e);
      return;
    }
    const groups = parseIPv6(cand);
    if (groups === undefined) return;
    const value = formatIPv6(groups);
    if (value === '::') return;
    let end = e;
    if (w[end] === '%') {
      let q = end + 1;
      while (q < w.length && q - end <= 64 && ZONE_CHAR.test(w[q] as string)) q++;
      while (q > end + 1 && w[q - 1] === '.') q--;
      if (q > end + 1) end = q;
    }
    if (w[end] === '/') {
      let q = end + 1;
      while (q < w.length && q - end <= 4 && isDigit(w.charCodeAt(q))) q++;
      if (parsePrefix(w.slice(end + 1, q), 128) !== undefined && !isTouching(charAt(w, q))) end = q;
    }
    this.emit({ type: 'ipv6', value, start: s });
    this.claim(s, end);
  }

  private hostRuns(): void {
    const w = this.work;
    HOST_RUN.lastIndex = 0;
    for (let m = HOST_RUN.exec(w); m !== null; m = HOST_RUN.exec(w)) {
      const a = m.index;
      const b = a + m[0].length;
      const before = this.emitted;
      const next = this.hostRun(a, b, true);
      if (this.emitted > before) this.claim(a, b);
      if (next > b) HOST_RUN.lastIndex = next;
    }
  }

  /** Classifies the host run [a, b); returns where scanning resumes (past a claimed port and path). */
  private hostRun(a: number, b: number, fallback: boolean): number {
    const w = this.work;
    let s = a;
    let e = b;
    let trailingUnderscore = false;
    while (e > s) {
      const ch = w[e - 1];
      if (ch === '.' || ch === '-') e--;
      else if (ch === '_') {
        e--;
        trailingUnderscore = true;
      } else break;
    }
    let leadingDot = false;
    while (s < e) {
      const ch = w[s];
      if (ch === '.') {
        s++;
        leadingDot = true;
      } else if (ch === '-' || (ch === '_' && trailingUnderscore)) s++;
      else break;
    }
    if (s >= e) return b;
    const t = w.slice(s, e);
    const before = this.emitted;

    if (!leadingDot && w[a - 1] !== '/' && isDigit(t.charCodeAt(0))) {
      if (parseIPv4(t) !== undefined) {
        if (e === b && w[b] === '/') {
          const prefixEnd = cidrPrefixEnd(w, b);
          if (prefixEnd !== undefined) {
            this.emit({ type: 'ipv4cidr', value: w.slice(s, prefixEnd), start: s });
            this.claim(s, prefixEnd);
            return prefixEnd;
          }
        }
        this.emit({ type: 'ipv4', value: t, start: s });
        return this.hostTail(s, e, b);
      }
      const dash = t.indexOf('-');
      if (dash > 0) {
        const first = t.slice(0, dash);
        const second = t.slice(dash + 1);
        if (parseIPv4(first) !== undefined && parseIPv4(second) !== undefined) {
          this.emit({ type: 'ipv4', value: first, start: s });
          this.emit({ type: 'ipv4', value: second, start: s + dash + 1 });
          return b;
        }
      }
    }

    const mac = canonicalMac(t);
    if (mac !== undefined) {
      this.emit({ type: 'mac', value: mac, start: s });
      return b;
    }

    if (t.includes('.')) {
      const domain = canonicalDomain(t);
      if (domain !== undefined) {
        const defanged = isDefangedRange(this.marks, s, e) || (w[a - 1] === '[' && w[b] === ']');
        if (defanged || (!looksLikeFileName(domain) && !looksLikeCodeIdentifier(t))) {
          const next = this.hostTail(s, e, b);
          this.emit(next > b && isWrapperHost(domain) ? schemelessWrapper(w.slice(s, next), domain, s) : { type: 'domain', value: domain, start: s });
          return next;
        }
      }
    }

    // Hex labels of a dotted run count only when the run is no failed host name: "<md5>.exe" or "<md5>.zip" is a
    // file named by its hash, "<64 hex>.com" is a host name with a label that is too long.
    const top = t.includes('.') ? topLabel(t.toLowerCase()) : '';
    const hostShaped = top !== '' && isIcannTld(top) && !FILE_EXTENSION_TLDS.has(top);
    HEX_SEGMENT.lastIndex = 0;
    for (let m = hostShaped ? null : HEX_SEGMENT.exec(t); m !== null; m = HEX_SEGMENT.exec(t)) {
      const type = hashType(m[0]);
      if (type !== undefined) this.emit({ type, value: m[0].toLowerCase(), start: s + m.index });
    }

    if (fallback && this.emitted === before && hasCjk(t)) {
      for (const piece of nonCjkPieces(t)) this.hostRun(s + piece.offset, s + piece.offset + piece.text.length, false);
    }
    return b;
  }

  /** After a scheme-less host: claims ":port" and "/path" so nothing in them is reported. */
  private hostTail(hostStart: number, e: number, b: number): number {
    if (e !== b) return b;
    const w = this.work;
    let p = b;
    if (w[p] === ':') {
      let q = p + 1;
      while (q < w.length && q - p <= 5 && isDigit(w.charCodeAt(q))) q++;
      if (q === p + 1 || isTouching(charAt(w, q))) return b;
      p = q;
    }
    if (w[p] === '/') p = Math.max(urlEnd(w, hostStart, p), p + 1);
    if (p > b) this.claim(b, p);
    return p;
  }
}

/**
 * A wrapper pasted without its scheme ("nam12.safelinks.protection.outlook.com/?url=..."): the link it wraps, read as
 * if "https://" were in front; the host name as before when it does not decode.
 */
function schemelessWrapper(link: string, domain: string, start: number): Candidate {
  const text = `https://${link}`;
  const wrapper = urlIndicator(text, 0, 5, text.length);
  const resolved = wrapper === undefined ? undefined : resolveLink({ ...wrapper, start });
  return resolved === undefined || resolved.value === wrapper?.value ? { type: 'domain', value: domain, start } : resolved;
}

/**
 * "System.Net", "Microsoft.PowerShell.Management": a dotted name whose last label has a capital letter, in a name
 * that is not all capitals ("BAR.COM" is a shouted domain), is a .NET namespace or similar code identifier.
 */
function looksLikeCodeIdentifier(name: string): boolean {
  const top = name.slice(name.lastIndexOf('.') + 1);
  return top !== top.toLowerCase() && name !== name.toUpperCase();
}

const SPACES = ' '.repeat(256);

function blanks(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}

function cidrPrefixEnd(w: string, slash: number): number | undefined {
  let q = slash + 1;
  while (q < w.length && q - slash <= 3 && isDigit(w.charCodeAt(q))) q++;
  if (parsePrefix(w.slice(slash + 1, q), 32) === undefined) return undefined;
  const next = charAt(w, q);
  if (next === '/' || isTouching(next) || (next === '.' && isWordChar(charAt(w, q + 1)))) return undefined;
  return q;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isColonRunChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || c === 0x3a || c === 0x2e;
}

function isTouching(ch: string | undefined): boolean {
  return ch === '_' || isWordChar(ch);
}

export function scan(text: string, marks: readonly number[]): Candidate[] {
  return new Scan(text, marks).run();
}
