import { isIP } from 'node:net';
import { QueryValueError, assertPrintable } from './query-value-error';

/** One URL path segment: percent-encoded, never empty, never a dot segment that would climb the path. */
export function pathSegment(value: string, what = 'value'): string {
  assertPrintable(what, value, 1024);
  if (value === '' || value === '.' || value === '..') throw new QueryValueError(what, 'is empty or a dot segment');
  return encodeURIComponent(value);
}

/** A Defender machine id (40 hex) or a computer name (what /machines/{id} accepts). */
export function machineIdOrName(value: string): string {
  const v = value.trim();
  if (/^[0-9a-f]{40}$/i.test(v)) return v.toLowerCase();
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(v)) return v;
  throw new QueryValueError('device', `"${v.slice(0, 60)}" is not a machine id (40 hex characters) or a computer name`);
}

export function fileHash(value: string, allowed: readonly ('sha1' | 'sha256' | 'md5')[] = ['sha1', 'sha256']): string {
  const v = value.trim().toLowerCase();
  const kind = /^[0-9a-f]{40}$/.test(v) ? 'sha1' : /^[0-9a-f]{64}$/.test(v) ? 'sha256' : /^[0-9a-f]{32}$/.test(v) ? 'md5' : undefined;
  if (!kind || !allowed.includes(kind)) throw new QueryValueError('file hash', `must be a ${allowed.map((a) => a.toUpperCase()).join(' or ')} in hex`);
  return v;
}

export function ipAddress(value: string): string {
  const v = value.trim();
  if (!isIP(v)) throw new QueryValueError('IP address', `"${v.slice(0, 60)}" is not an IPv4 or IPv6 address`);
  return v;
}

export function domainName(value: string): string {
  const v = value.trim().toLowerCase().replace(/\.$/, '');
  if (v.length > 253 || !/^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)+$/.test(v))
    throw new QueryValueError('domain', `"${v.slice(0, 60)}" is not a domain name`);
  return v;
}

/** `findbyip(ip='10.0.0.1',timestamp=2024-01-01T00:00:00Z)`: OData function-call arguments in the path. */
export function findByIpSegment(ip: string, timestamp: Date): string {
  const stamp = timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `findbyip(ip='${ipAddress(ip)}',timestamp=${stamp})`;
}
