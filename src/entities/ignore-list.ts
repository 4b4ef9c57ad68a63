import { canonicalDomain } from './domain';
import { parseIPv4, parseIPv4Cidr, parsePrefix, type IPv4Range } from './ipv4';
import { formatIPv6, ipv6Range, ipv6ToBigInt, parseIPv6, type IPv6Range } from './ipv6';
import { canonicalMac } from './mac';
import { refang } from './refang';
import { DEFAULT_IGNORE, type Indicator } from './types';
import { normalizeUnicode } from './unicode';

export interface IgnoreList {
  matches(indicator: Indicator): boolean;
}

class CompiledIgnoreList implements IgnoreList {
  private readonly values = new Set<string>();
  private readonly v4: IPv4Range[] = [];
  private readonly v6: IPv6Range[] = [];

  add(raw: string): void {
    let entry = refang(normalizeUnicode(String(raw))).trim();
    if (entry.startsWith('[') && entry.endsWith(']') && !entry.includes('/')) entry = entry.slice(1, -1).trim();
    if (entry === '') return;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const v4 = parseIPv4Cidr(entry);
      if (v4 !== undefined) {
        this.v4.push(v4);
        return;
      }
      const groups = parseIPv6(entry.slice(0, slash));
      const prefix = parsePrefix(entry.slice(slash + 1), 128);
      if (groups !== undefined && prefix !== undefined) {
        this.v6.push(ipv6Range(groups, prefix));
        return;
      }
    }
    const lower = entry.toLowerCase();
    this.values.add(lower);
    const groups = parseIPv6(lower);
    if (groups !== undefined) this.values.add(formatIPv6(groups));
    const mac = canonicalMac(lower);
    if (mac !== undefined) this.values.add(mac);
    const domain = canonicalDomain(lower.endsWith('.') ? lower.slice(0, -1) : lower);
    if (domain !== undefined) this.values.add(domain);
    const at = lower.lastIndexOf('@');
    if (at > 0) {
      const emailDomain = canonicalDomain(lower.slice(at + 1));
      if (emailDomain !== undefined) this.values.add(`${lower.slice(0, at)}@${emailDomain}`);
    }
  }

  matches(indicator: Indicator): boolean {
    if (this.values.has(indicator.value.toLowerCase())) return true;
    switch (indicator.type) {
      case 'ipv4': {
        const v = parseIPv4(indicator.value);
        return v !== undefined && this.v4.some((r) => v >= r.first && v <= r.last);
      }
      case 'ipv4cidr': {
        const range = parseIPv4Cidr(indicator.value);
        return range !== undefined && this.v4.some((r) => range.first >= r.first && range.last <= r.last);
      }
      case 'ipv6': {
        const groups = parseIPv6(indicator.value);
        if (groups === undefined || this.v6.length === 0) return false;
        const v = ipv6ToBigInt(groups);
        return this.v6.some((r) => v >= r.first && v <= r.last);
      }
      default:
        return false;
    }
  }
}

const DEFAULT_LIST = compile([]);
const compiled = new WeakMap<readonly string[], IgnoreList>();

function compile(extra: readonly string[]): IgnoreList {
  const list = new CompiledIgnoreList();
  for (const value of DEFAULT_IGNORE) list.add(value);
  for (const value of extra) if (typeof value === 'string') list.add(value);
  return list;
}

/** The default ignore list (127.0.0.1, 0.0.0.0, 255.255.255.255) plus `extra` values and IPv4/IPv6 CIDRs. */
export function ignoreList(extra?: readonly string[]): IgnoreList {
  if (extra === undefined || !Array.isArray(extra) || extra.length === 0) return DEFAULT_LIST;
  let list = compiled.get(extra);
  if (list === undefined) {
    list = compile(extra);
    compiled.set(extra, list);
  }
  return list;
}
