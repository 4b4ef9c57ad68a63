/** Strict dotted decimal: four octets 0-255, no leading zeros. Returns the address as an unsigned 32-bit number. */
export function parseIPv4(text: string): number | undefined {
  const len = text.length;
  if (len < 7 || len > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || octet > 255) return undefined;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
      continue;
    }
    if (c < 0x30 || c > 0x39) return undefined;
    if (digits > 0 && octet === 0) return undefined; // leading zero
    octet = octet * 10 + (c - 0x30);
    digits++;
    if (digits > 3) return undefined;
  }
  return parts === 4 ? value : undefined;
}

export interface IPv4Range {
  first: number;
  last: number;
}

/** `a.b.c.d/n` with n 0-32 (no leading zero); host bits are ignored for the range. */
export function parseIPv4Cidr(text: string): IPv4Range | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseIPv4(text.slice(0, slash));
  const prefix = parsePrefix(text.slice(slash + 1), 32);
  if (addr === undefined || prefix === undefined) return undefined;
  return rangeOf(addr, prefix);
}

export function rangeOf(addr: number, prefix: number): IPv4Range {
  const size = 2 ** (32 - prefix);
  const first = Math.floor(addr / size) * size;
  return { first, last: first + size - 1 };
}

export function parsePrefix(text: string, max: number): number | undefined {
  if (!/^(?:0|[1-9]\d{0,2})$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}
