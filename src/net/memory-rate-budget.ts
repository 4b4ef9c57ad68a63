import type { RateBudget, Window } from '../ports/shared-state';

export type { RateBudget };

/** In-process budget: a sliding log of booked start times per key and window. */
export class MemoryRateBudget implements RateBudget {
  private readonly booked = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, windows: Window[], maxWaitMs: number, count = 1): Promise<{ waitMs: number; booked: boolean }> {
    const now = this.now();
    const log = this.booked.get(key) ?? [];
    const longest = Math.max(...windows.map((w) => w.windowMs));
    while (log.length > 0 && log[0]! <= now - longest) log.shift();

    // Slots are handed out in order (never before the last one booked), so only the windows ending at the new
    // slot need checking: every later window holds a subset of the same bookings.
    let start = Math.max(now, log[log.length - 1] ?? now);
    for (let changed = true; changed;) {
      changed = false;
      for (const w of windows) {
        const inWindow = log.filter((t) => t > start - w.windowMs && t <= start);
        const need = Math.min(count, w.limit);
        if (inWindow.length + need > w.limit) {
          start = inWindow[inWindow.length - (w.limit - need) - 1]! + w.windowMs;
          changed = true;
        }
      }
    }
    const waitMs = start - now;
    if (waitMs > maxWaitMs) return { waitMs, booked: false };
    for (let i = 0; i < count; i++) log.push(start);
    this.booked.set(key, log);
    return { waitMs, booked: true };
  }
}
