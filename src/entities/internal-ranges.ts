import { parseIPv4, parseIPv4Cidr, rangeOf, type IPv4Range } from './ipv4';
import { ipv6Range, ipv6ToBigInt, parseIPv6, type IPv6Range } from './ipv6';
import type { Indicator } from './types';

/** Addresses that are not on the public Internet: RFC 6890 special-purpose ranges that are not globally reachable,
 * plus multicast. The documentation ranges (TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20) are left out on purpose: in
 * threat reports, training material and test tenants they stand in for public attacker addresses, and calling them
 * "internal" would mislead the analyst. */
const V4_INTERNAL: readonly IPv4Range[] = (
  [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8], // private
    ['100.64.0.0', 10], // CGNAT shared address space
    ['127.0.0.0', 8], // loopback
    ['169.254.0.0', 16], // link-local
    ['172.16.0.0', 12], // private
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.88.99.0', 24], // deprecated 6to4 relay anycast
    ['192.168.0.0', 16], // private
    ['198.18.0.0', 15], // benchmarking
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
  ] as const
).map(([addr, prefix]) => rangeOf(parseIPv4(addr) as number, prefix));

const V6_INTERNAL: readonly IPv6Range[] = (
  [
    ['::', 128], // unspecified
    ['::1', 128], // loopback
    ['64:ff9b:1::', 48], // local-use NAT64
    ['100::', 64], // discard-only
    ['2001:2::', 48], // benchmarking
    ['2001:10::', 28], // ORCHID (deprecated)
    ['2001:20::', 28], // ORCHIDv2
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
  ] as const
).map(([addr, prefix]) => ipv6Range(parseIPv6(addr) as number[], prefix));

export function isInternalIPv4Range(range: IPv4Range): boolean {
  return V4_INTERNAL.some((r) => range.first >= r.first && range.last <= r.last);
}

export function isInternalIPv4(addr: number): boolean {
  return isInternalIPv4Range({ first: addr, last: addr });
}

export function isInternalIPv6(groups: readonly number[]): boolean {
  // IPv4-mapped (::ffff:0:0/96) and NAT64 well-known-prefix (64:ff9b::/96) addresses take the IPv4 verdict.
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (mapped || nat64) return isInternalIPv4((groups[6] as number) * 65536 + (groups[7] as number));
  const v = ipv6ToBigInt(groups);
  return V6_INTERNAL.some((r) => v >= r.first && v <= r.last);
}

export function isInternal(indicator: Indicator): boolean {
  switch (indicator.type) {
    case 'ipv4': {
      const v = parseIPv4(indicator.value);
      return v !== undefined && isInternalIPv4(v);
    }
    case 'ipv4cidr': {
      const range = parseIPv4Cidr(indicator.value);
      return range !== undefined && isInternalIPv4Range(range);
    }
    case 'ipv6': {
      const groups = parseIPv6(indicator.value);
      return groups !== undefined && isInternalIPv6(groups);
    }
    default:
      return false;
  }
}
