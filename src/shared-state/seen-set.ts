import type { SeenSet } from '../ports/shared-state';

export type { SeenSet };

/**
 * One process. Bounded: past `maxEntries` the oldest keys are forgotten first (expired ones before any other), so a
 * flood of distinct keys costs memory up to the bound and, at worst, lets a very old repeat through.
 */
export class MemorySeenSet implements SeenSet {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async firstTime(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const expires = this.expiries.get(key);
    if (expires !== undefined && expires > now) return false;
    this.expiries.delete(key);
    this.expiries.set(key, now + ttlMs);
    if (this.expiries.size > this.maxEntries) {
      // Sweep down to 90 % so the sweep runs once per tenth of the bound, not on every new key.
      const target = Math.floor(this.maxEntries * 0.9);
      for (const [k, e] of this.expiries) if (e <= now) this.expiries.delete(k);
      for (const k of this.expiries.keys()) {
        if (this.expiries.size <= target) break;
        this.expiries.delete(k);
      }
    }
    return true;
  }
}
