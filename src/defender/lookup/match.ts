import { isIP } from 'node:net';
import type { LookupTarget } from './types';

type Row = Record<string, unknown>;

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const same = (a: unknown, b: string) => text(a).toLowerCase() === b.toLowerCase();

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? '');
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const block = 2 ** (32 - bits);
  return Math.floor(a / block) === Math.floor(b / block);
}

export function hostOf(urlOrHost: unknown): string {
  const value = text(urlOrHost).trim().toLowerCase();
  if (!value) return '';
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return value.split(/[/:?#]/)[0] ?? '';
  }
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function sameUrl(a: unknown, url: string): boolean {
  const v = text(a);
  if (!v) return false;
  if (v === url || v.toLowerCase() === url.toLowerCase()) return true;
  // Hunting tables often hold a URL without its scheme.
  const strip = (s: string) =>
    s
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return strip(v) === strip(url);
}

function ipMatches(value: unknown, target: LookupTarget): boolean {
  const v = text(value);
  if (!v || !isIP(v)) return false;
  if (target.type === 'ipv4cidr') return ipv4InCidr(v, target.value);
  return same(v, target.value);
}

/**
 * Two spellings of one MAC address: hunting's MacAddress may use -, : or . separators and either case, Defender for
 * Endpoint's machine ipAddresses[].macAddress is 12 hex digits without separators; only the digits count.
 */
export function macMatches(a: unknown, b: string): boolean {
  const digits = (v: unknown) =>
    text(v)
      .replace(/[^0-9a-f]/gi, '')
      .toLowerCase();
  const x = digits(a);
  return x.length === 12 && x === digits(b);
}

/** Does this hunting row involve the target? Columns are those of Microsoft's hunting tables. */
export function rowMatches(row: Row, target: LookupTarget, md5ToSha1: Map<string, string>): boolean {
  const value = target.value;
  switch (target.type) {
    case 'ipv4':
    case 'ipv6':
    case 'ipv4cidr':
      return ['RemoteIP', 'IP', 'SenderIPv4', 'SenderIPv6'].some((c) => ipMatches(row[c], target));
    case 'domain':
      return (
        domainMatches(hostOf(row.RemoteUrl), value) ||
        (!!row.UrlDomain && domainMatches(text(row.UrlDomain).toLowerCase(), value)) ||
        same(row.SenderFromDomain, value) ||
        same(row.SenderMailFromDomain, value)
      );
    case 'url':
      return sameUrl(row.RemoteUrl, value) || sameUrl(row.Url, value);
    case 'sha1':
      return same(row.SHA1, value);
    case 'sha256':
      return same(row.SHA256, value);
    case 'md5': {
      if (same(row.MD5, value)) return true;
      const sha1 = md5ToSha1.get(value.toLowerCase());
      return !!sha1 && same(row.SHA1, sha1);
    }
    case 'email':
    case 'user':
      return (
        same(row.AccountUpn, value) ||
        same(row.SenderFromAddress, value) ||
        same(row.SenderMailFromAddress, value) ||
        same(row.RecipientEmailAddress, value) ||
        (row.EntityType !== undefined && text(row.AdditionalFields).toLowerCase().includes(value.toLowerCase()))
      );
    case 'device': {
      const name = text(row.DeviceName).toLowerCase();
      const wanted = value.toLowerCase();
      return name === wanted || name.split('.')[0] === wanted || same(row.DeviceId, value);
    }
    case 'cve':
      return text(row.Title).toUpperCase().includes(value.toUpperCase());
    case 'mac':
      return macMatches(row.MacAddress, value);
  }
}
