import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { connectRedis, MemoryLeases, RedisLeases, type Leases } from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The behaviour both implementations share; `replicas` are views of the same leases from different processes. */
function leaseContract(setup: () => { replicas: [Leases, Leases]; pass: (ms: number) => Promise<void> }) {
  let a: Leases;
  let b: Leases;
  let pass: (ms: number) => Promise<void>;
  const key = () => `machine-action:${randomUUID()}`;

  beforeEach(() => {
    const made = setup();
    [a, b] = made.replicas;
    pass = made.pass;
  });

  it('is held by one replica at a time', async () => {
    const k = key();
    const token = await a.acquire(k, 10_000);
    expect(token).toEqual(expect.any(String));
    expect(await b.acquire(k, 10_000)).toBeUndefined();
    expect(await a.acquire(k, 10_000)).toBeUndefined(); // not re-entrant: the owner renews instead
    expect(await b.acquire(key(), 10_000)).toEqual(expect.any(String)); // other keys are free
  });

  it('is renewed by its owner only', async () => {
    const k = key();
    const token = (await a.acquire(k, 300))!;
    expect(await b.renew(k, 'not-the-token', 10_000)).toBe(false);
    expect(await a.renew(k, token, 10_000)).toBe(true);
    await pass(500); // past the first TTL: the renewal holds it
    expect(await b.acquire(k, 10_000)).toBeUndefined();
  });

  it('is released by its owner only', async () => {
    const k = key();
    const token = (await a.acquire(k, 10_000))!;
    await b.release(k, 'not-the-token');
    expect(await b.acquire(k, 10_000)).toBeUndefined();
    await a.release(k, token);
    const next = await b.acquire(k, 10_000);
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(token);
  });

  it('passes to another replica when the owner stops renewing, and the old owner cannot take it back', async () => {
    const k = key();
    const old = (await a.acquire(k, 200))!;
    await pass(400);
    const next = (await b.acquire(k, 10_000))!;
    expect(next).toEqual(expect.any(String));
    expect(await a.renew(k, old, 10_000)).toBe(false);
    await a.release(k, old);
    expect(await b.renew(k, next, 10_000)).toBe(true);
  });
}

describe('MemoryLeases', () => {
  leaseContract(() => {
    let now = 1_000_000;
    const leases = new MemoryLeases(() => now);
    return { replicas: [leases, leases], pass: async (ms) => void (now += ms) };
  });
});

describeRedis('RedisLeases', () => {
  let redisA: Redis;
  let redisB: Redis;

  beforeAll(async () => {
    redisA = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    redisB = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
  });
  afterAll(async () => {
    const keys = await redisA.keys(`${prefix}*`);
    if (keys.length > 0) await redisA.del(...keys.map((k) => k.slice(prefix.length)));
    await Promise.all([redisA.quit(), redisB.quit()]);
  });

  // Redis expires keys by its own clock, checked on access: waiting longer than the TTL is enough.
  leaseContract(() => ({ replicas: [new RedisLeases(redisA), new RedisLeases(redisB)], pass: sleep }));

  it('lets exactly one of many simultaneous claimants win', async () => {
    const k = `machine-action:${randomUUID()}`;
    const claimants = [redisA, redisB].flatMap((r) => Array.from({ length: 10 }, () => new RedisLeases(r).acquire(k, 10_000)));
    const tokens = (await Promise.all(claimants)).filter((t) => t !== undefined);
    expect(tokens).toHaveLength(1);
    expect(await redisA.get(`lease:${k}`)).toBe(tokens[0]);
  });
});
