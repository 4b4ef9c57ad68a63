import { MemoryRateBudget } from '../../../src/net/memory-rate-budget';
import { backoffMs } from '../../../src/net/retry-after';

describe('MemoryRateBudget', () => {
  const perMinute = [{ limit: 3, windowMs: 60_000 }];

  it('books slots now while the window has room, then queues behind the oldest', async () => {
    let now = 0;
    const budget = new MemoryRateBudget(() => now);
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push((await budget.reserve('k', perMinute, 120_000)).waitMs);
    expect(waits).toEqual([0, 0, 0, 60_000, 60_000]);
    now = 60_000;
    expect((await budget.reserve('k', perMinute, 120_000)).waitMs).toBe(0);
    expect((await budget.reserve('k', perMinute, 120_000)).waitMs).toBe(60_000);
  });

  it('never lets any window hold more than its limit, for two windows at once', async () => {
    let now = 0;
    const windows = [
      { limit: 5, windowMs: 1000 },
      { limit: 8, windowMs: 10_000 },
    ];
    const budget = new MemoryRateBudget(() => now);
    const starts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const { waitMs, booked } = await budget.reserve('k', windows, 1_000_000);
      expect(booked).toBe(true);
      starts.push(now + waitMs);
      now += 37;
    }
    for (const w of windows) for (const t of starts) expect(starts.filter((s) => s > t - w.windowMs && s <= t).length).toBeLessThanOrEqual(w.limit);
  });

  it('does not book a slot beyond the longest wait, and says how long it would be', async () => {
    const budget = new MemoryRateBudget(() => 0);
    for (let i = 0; i < 3; i++) await budget.reserve('k', perMinute, 0);
    expect(await budget.reserve('k', perMinute, 1000)).toEqual({ waitMs: 60_000, booked: false });
    expect((await budget.reserve('other', perMinute, 0)).booked).toBe(true);
  });
});

describe('backoffMs', () => {
  it('grows and stays bounded', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(20, () => 1)).toBe(36_000);
  });
});
