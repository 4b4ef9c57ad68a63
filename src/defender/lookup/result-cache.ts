import type { ResultCache } from '../../ports/shared-state';
import type { TargetFindings } from './types';

export type { ResultCache };

export class MemoryResultCache implements ResultCache {
  private readonly entries = new Map<string, { value: TargetFindings; expires: number }>();

  constructor(
    private readonly maxEntries = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<TargetFindings | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Refresh its place so the least recently used entry is the one evicted.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: TargetFindings, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

export function targetKey(type: string, value: string): string {
  return `${type}:${value.toLowerCase()}`;
}
