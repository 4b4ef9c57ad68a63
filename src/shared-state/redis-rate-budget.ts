import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { RateBudget, Window } from '../ports/shared-state';
import { runScript } from './lua-script';
import { SLIDING_LOG } from './sliding-log-script';

export interface RedisReservation {
  waitMs: number;
  booked: boolean;
  /** The server time (ms since the epoch) the wait counts from: the slot starts at now + waitMs. */
  now: number;
}

export interface RedisRateBudgetOptions {
  /**
   * Microsoft counts per tenant and app: bots for different tenants or apps on one server need different scopes
   * (or key prefixes). Default: none.
   */
  scope?: string;
}

/**
 * The RateBudget every replica shares: MemoryRateBudget's sliding log of booked start times, kept in a Redis sorted
 * set per key and updated by one Lua script, so reservations from any number of processes are serialised.
 *
 * Why not a library such as rate-limiter-flexible: its limiters count in fixed windows, which let up to twice the
 * limit through across a window boundary (45 at 0:59 and 45 more at 1:00), while Defender counts in a sliding window
 * (see emulator/rate-limits.ts) and would answer the second burst with 429s. They also refuse or delay one
 * call at a time, where this budget books a future slot for `count` calls and tells the caller how long to wait.
 */
export class RedisRateBudget implements RateBudget {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateBudgetOptions = {},
  ) {}

  async reserve(key: string, windows: Window[], maxWaitMs: number, count = 1): Promise<RedisReservation> {
    for (const w of windows) {
      if (!Number.isSafeInteger(w.limit) || w.limit < 1 || !Number.isSafeInteger(w.windowMs) || w.windowMs < 1) {
        throw new RangeError(`rate budget ${key}: a window needs a whole limit and windowMs of at least 1 (${w.limit}/${w.windowMs} ms)`);
      }
    }
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`rate budget ${key}: count must be a whole number (${count})`);
    // As in MemoryRateBudget, `waitMs > maxWaitMs` decides: never true for Infinity (or NaN), always for -Infinity.
    const maxWait = Number.isFinite(maxWaitMs) ? Math.floor(maxWaitMs) : maxWaitMs === -Infinity ? -1 : 'inf';
    const args = [maxWait, count, randomUUID(), ...windows.flatMap((w) => [w.limit, w.windowMs])];
    const reply = (await runScript(this.redis, SLIDING_LOG, [this.logKey(key)], args)) as [number, number, number];
    return { waitMs: Number(reply[0]), booked: Number(reply[1]) === 1, now: Number(reply[2]) };
  }

  private logKey(key: string): string {
    return this.options.scope ? `rate:${this.options.scope}:${key}` : `rate:${key}`;
  }
}
