import { randomUUID } from 'node:crypto';
import type { Leases } from '../ports/shared-state';

export type { Leases };

export class MemoryLeases implements Leases {
  private readonly held = new Map<string, { token: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    if (this.current(key)) return undefined;
    const token = randomUUID();
    this.held.set(key, { token, expires: this.now() + ttlMs });
    return token;
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const lease = this.current(key);
    if (lease?.token !== token) return false;
    lease.expires = this.now() + ttlMs;
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.current(key)?.token === token) this.held.delete(key);
  }

  private current(key: string): { token: string; expires: number } | undefined {
    const lease = this.held.get(key);
    if (lease && lease.expires <= this.now()) {
      this.held.delete(key);
      return undefined;
    }
    return lease;
  }
}
