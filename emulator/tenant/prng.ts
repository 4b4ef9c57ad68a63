import { createHash } from 'node:crypto';

/** Small seeded PRNG (mulberry32): the demo's background noise must be identical on every build. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.int(0, 15).toString(16);
    return out;
  }

  guid(): string {
    return formatGuid(this.hex(32));
  }
}

function formatGuid(hex32: string): string {
  const variant = '89ab'[parseInt(hex32.charAt(16), 16) % 4] ?? '8';
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-4${hex32.slice(13, 16)}-${variant}${hex32.slice(17, 20)}-${hex32.slice(20, 32)}`;
}

/** Deterministic lower-case hex digest of a label (for ids and hashes that only need to be stable). */
export function stableHex(label: string, length: 32 | 40 | 64): string {
  const algorithm = length === 32 ? 'md5' : length === 40 ? 'sha1' : 'sha256';
  return createHash(algorithm).update(`contoso-demo:${label}`).digest('hex');
}

/** A version-4-shaped GUID derived from a label, so ids stay the same across builds and `now` values. */
export function stableGuid(label: string): string {
  return formatGuid(stableHex(label, 32));
}

/** A non-negative integer derived from a label, below `max`. */
export function stableInt(label: string, max: number): number {
  return parseInt(stableHex(label, 32).slice(0, 12), 16) % max;
}
