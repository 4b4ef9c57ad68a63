import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type Redis from 'ioredis';
import type { Window } from '../../src/defender/http/limits';
import { MemoryRateBudget } from '../../src/net/memory-rate-budget';
import { connectRedis, RedisRateBudget, type RedisReservation } from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;
const MINUTE = 60_000;
const HUNTING: Window[] = [
  { limit: 45, windowMs: MINUTE },
  { limit: 1500, windowMs: 60 * MINUTE },
];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The largest number of starts in any window of `windowMs` (a start t is in (end - windowMs, end]). */
function busiestWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[first]! <= sorted[last]! - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

test('busiestWindow counts a sliding window', () => {
  expect(busiestWindow([0, 10, 20, 1000, 1010], 1000)).toBe(3);
  expect(busiestWindow([0, 10, 20, 999, 1010], 1000)).toBe(4);
  expect(busiestWindow([], 1000)).toBe(0);
});

describeRedis('RedisRateBudget', () => {
  let redis: Redis;
  let budget: RedisRateBudget;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    budget = new RedisRateBudget(redis);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(prefix.length)));
    await redis.quit();
  });

  /**
   * Runs the same reservations on both budgets, the memory one reading the server time the script used, so both see
   * exactly the same clock: every answer must be the same.
   */
  async function expectParity(key: string, steps: { windows: Window[]; maxWaitMs: number; count: number; pauseMs?: number }[]) {
    let clock = 0;
    const memory = new MemoryRateBudget(() => clock);
    let booked = 0;
    let refused = 0;
    let longestWait = 0;
    for (const [i, step] of steps.entries()) {
      if (step.pauseMs) await sleep(step.pauseMs);
      const shared = await budget.reserve(key, step.windows, step.maxWaitMs, step.count);
      clock = shared.now;
      const local = await memory.reserve(key, step.windows, step.maxWaitMs, step.count);
      if (local.waitMs !== shared.waitMs || local.booked !== shared.booked) {
        throw new Error(`step ${i} (${JSON.stringify(step)}): memory ${JSON.stringify(local)}, redis ${JSON.stringify(shared)}`);
      }
      if (shared.booked) booked++;
      else refused++;
      if (shared.booked) longestWait = Math.max(longestWait, shared.waitMs);
    }
    return { booked, refused, longestWait };
  }

  it('answers like MemoryRateBudget for 45/min and 1,500/h, with counts above 1 and refusals past maxWait', async () => {
    const next = random(7);
    const steps = Array.from({ length: 1700 }, () => ({
      windows: HUNTING,
      count: 1 + Math.floor(next() * 3),
      maxWaitMs: next() < 0.1 ? Math.floor(next() * 5 * MINUTE) : 3 * 60 * MINUTE,
    }));
    const { booked, refused, longestWait } = await expectParity(`parity-${randomUUID()}`, steps);
    // The sequence reaches the hourly limit and refuses some reservations, or it tested too little.
    expect(refused).toBeGreaterThan(20);
    expect(booked).toBeGreaterThan(1000);
    expect(longestWait).toBeGreaterThan(60 * MINUTE);
  });

  it('answers like MemoryRateBudget while time passes and old bookings drop out of the windows', async () => {
    const next = random(11);
    const windows: Window[] = [
      { limit: 3, windowMs: 300 },
      { limit: 5, windowMs: 1000 },
    ];
    const steps = Array.from({ length: 60 }, () => ({
      windows,
      count: 1 + Math.floor(next() * 4), // 4 is more than the 300 ms window holds
      maxWaitMs: Math.floor(next() * 1500),
      pauseMs: Math.floor(next() * 120),
    }));
    const { booked, refused } = await expectParity(`timed-${randomUUID()}`, steps);
    expect(booked).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(0);
  });

  it('books nothing past maxWait, says when a slot frees, and keeps the key for the longest window', async () => {
    const key = `refuse-${randomUUID()}`;
    const first = await budget.reserve(key, HUNTING, 0, 45);
    expect(first).toMatchObject({ waitMs: 0, booked: true });
    const refused = await budget.reserve(key, HUNTING, 1000);
    expect(refused.booked).toBe(false);
    expect(refused.waitMs).toBe(first.now + MINUTE - refused.now);
    expect(await redis.zcard(`rate:${key}`)).toBe(45);
    const pttl = await redis.pttl(`rate:${key}`);
    expect(pttl).toBeGreaterThan(59 * MINUTE);
    expect(pttl).toBeLessThanOrEqual(60 * MINUTE);

    const waiting = await budget.reserve(key, HUNTING, Infinity, 2);
    expect(waiting).toMatchObject({ booked: true, waitMs: first.now + MINUTE - waiting.now });
    expect(await redis.zcard(`rate:${key}`)).toBe(47);
    expect(await redis.pttl(`rate:${key}`)).toBeGreaterThan(60 * MINUTE);
  });

  it('keeps the budgets of different scopes apart', async () => {
    const key = `scoped-${randomUUID()}`;
    const windows: Window[] = [{ limit: 1, windowMs: MINUTE }];
    const a = new RedisRateBudget(redis, { scope: 'tenant-a/app' });
    const b = new RedisRateBudget(redis, { scope: 'tenant-b/app' });
    expect((await a.reserve(key, windows, 0)).booked).toBe(true);
    expect((await b.reserve(key, windows, 0)).booked).toBe(true);
    expect((await a.reserve(key, windows, 0)).booked).toBe(false);
  });

  it('refuses windows it cannot honour', async () => {
    await expect(budget.reserve('bad', [{ limit: 0, windowMs: MINUTE }], 0)).rejects.toThrow(RangeError);
    await expect(budget.reserve('bad', [{ limit: 45, windowMs: 1.5 }], 0)).rejects.toThrow(RangeError);
  });

  it('never lets more than 45 starts into any minute when three processes reserve at once', async () => {
    const key = `shared-${randomUUID()}`;
    const other = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    const root = resolve(__dirname, '../..');
    // A separate process with its own connection, reserving through the same code.
    const script = `
      import { connectRedis, RedisRateBudget } from ${JSON.stringify(join(root, 'src/shared-state'))};
      (async () => {
        const redis = await connectRedis(process.env.REDIS_URL!, undefined, { keyPrefix: process.env.TEST_PREFIX });
        const budget = new RedisRateBudget(redis);
        process.stdout.write('ready\\n');
        await new Promise((resolve) => process.stdin.once('data', resolve));
        const windows = [{ limit: 45, windowMs: 60000 }, { limit: 1500, windowMs: 3600000 }];
        const out = await Promise.all(Array.from({ length: 66 }, () => budget.reserve(process.env.TEST_KEY!, windows, 600000)));
        process.stdout.write(JSON.stringify(out) + '\\n');
        await redis.quit();
      })();`;
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['-e', script], {
      cwd: root,
      env: { ...process.env, TEST_PREFIX: prefix, TEST_KEY: key },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      const lines = new Promise<string[]>((resolveLines, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.split('\n').length > 2) resolveLines(output.split('\n'));
        });
        child.on('exit', (code) => reject(new Error(`the child process ended (${code}): ${output}`)));
      });
      await new Promise<void>((ready, reject) => {
        child.stdout.on('data', () => output.startsWith('ready\n') && ready());
        child.on('exit', (code) => reject(new Error(`the child process ended (${code}) before it was ready: ${output}`)));
      });
      child.stdin.write('go\n');
      const here = [redis, other].flatMap((connection) => {
        const shared = new RedisRateBudget(connection);
        return Array.from({ length: 67 }, () => shared.reserve(key, HUNTING, 10 * MINUTE));
      });
      const mine = await Promise.all(here);
      const theirs = JSON.parse((await lines)[1]!) as RedisReservation[];

      const all = [...mine, ...theirs];
      expect(all).toHaveLength(200);
      expect(all.every((r) => r.booked)).toBe(true);
      const starts = all.map((r) => r.now + r.waitMs);
      expect(busiestWindow(starts, MINUTE)).toBe(45);
      // And the budget is used, not wasted: 45 at once, then each one a minute after the one 45 places earlier.
      expect(all.filter((r) => r.waitMs === 0)).toHaveLength(45);
      const sorted = [...starts].sort((a, b) => a - b);
      const gaps = new Set(sorted.slice(45).map((start, i) => start - sorted[i]!));
      expect([...gaps]).toEqual([MINUTE]);
    } finally {
      child.kill();
      await other.quit();
    }
  }, 90_000);
});
