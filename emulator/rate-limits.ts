// Microsoft's limits as the emulator enforces them: per app and per bucket, in sliding windows.
export interface LimitWindow {
  limit: number;
  windowMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

export const MICROSOFT_LIMITS: Record<string, LimitWindow[]> = {
  'graph:security': [{ limit: 150, windowMs: MIN }],
  'graph:hunting': [
    { limit: 45, windowMs: MIN },
    { limit: 1500, windowMs: HOUR },
  ],
  'graph:directory': [{ limit: 1000, windowMs: MIN }],
  mde: [
    { limit: 100, windowMs: MIN },
    { limit: 1500, windowMs: HOUR },
  ],
};

export class EmulatorRateLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(
    private readonly limits: Record<string, LimitWindow[]> | 'off',
    private readonly now: () => number,
  ) {}

  /** Records the call; returns seconds to wait when the call is over the limit (and then it is not counted). */
  take(clientId: string, bucket: string): number | undefined {
    if (this.limits === 'off') return undefined;
    const windows = this.limits[bucket] ?? this.limits[bucket.split(':')[0]!] ?? [];
    if (windows.length === 0) return undefined;
    const key = `${clientId}|${bucket}`;
    const now = this.now();
    const longest = Math.max(...windows.map((w) => w.windowMs));
    const times = (this.log.get(key) ?? []).filter((t) => t > now - longest);
    for (const w of windows) {
      const inWindow = times.filter((t) => t > now - w.windowMs);
      if (inWindow.length >= w.limit) {
        this.log.set(key, times);
        return Math.max(1, Math.ceil((inWindow[0]! + w.windowMs - now) / 1000));
      }
    }
    times.push(now);
    this.log.set(key, times);
    return undefined;
  }

  reset(): void {
    this.log.clear();
  }
}
