import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { connectRedis, MemorySeenSet, RedisSeenSet, type SeenSet } from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function seenContract(setup: () => { replicas: [SeenSet, SeenSet]; pass: (ms: number) => Promise<void> }) {
  it('says true once per key, to whichever replica asks first, until the key expires', async () => {
    const {
      replicas: [a, b],
      pass,
    } = setup();
    const key = `slack-event:${randomUUID()}`;
    expect(await a.firstTime(key, 200)).toBe(true);
    expect(await a.firstTime(key, 200)).toBe(false);
    expect(await b.firstTime(key, 200)).toBe(false);
    expect(await b.firstTime(`slack-event:${randomUUID()}`, 200)).toBe(true);
    await pass(400);
    expect(await b.firstTime(key, 200)).toBe(true);
    expect(await a.firstTime(key, 200)).toBe(false);
  });
}

describe('MemorySeenSet', () => {
  seenContract(() => {
    let now = 1_000_000;
    const seen = new MemorySeenSet(100, () => now);
    return { replicas: [seen, seen], pass: async (ms) => void (now += ms) };
  });

  it('stays within its bound, forgetting expired keys first and then the oldest', async () => {
    let now = 0;
    const seen = new MemorySeenSet(10, () => now);
    expect(await seen.firstTime('long-lived', 60_000)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await seen.firstTime(`short-${i}`, 100)).toBe(true);
    now = 1000; // the short ones have expired
    for (let i = 0; i < 5; i++) expect(await seen.firstTime(`new-${i}`, 60_000)).toBe(true);
    expect(await seen.firstTime('one-too-many', 60_000)).toBe(true);
    // Expired keys made room, so nothing that still counts was forgotten.
    expect(await seen.firstTime('long-lived', 60_000)).toBe(false);
    for (let i = 0; i < 5; i++) expect(await seen.firstTime(`new-${i}`, 60_000)).toBe(false);

    for (let i = 0; i < 1000; i++) await seen.firstTime(`flood-${i}`, 60_000);
    expect((seen as unknown as { expiries: Map<string, number> }).expiries.size).toBeLessThanOrEqual(10);
    expect(await seen.firstTime('flood-999', 60_000)).toBe(false); // the newest are kept
  });
});

describeRedis('RedisSeenSet', () => {
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

  seenContract(() => ({ replicas: [new RedisSeenSet(redisA), new RedisSeenSet(redisB)], pass: sleep }));

  it('lets exactly one of many simultaneous deliveries through', async () => {
    const key = `slack-retry:${randomUUID()}`;
    const answers = await Promise.all([redisA, redisB].flatMap((r) => Array.from({ length: 10 }, () => new RedisSeenSet(r).firstTime(key, 60_000))));
    expect(answers.filter(Boolean)).toHaveLength(1);
    const pttl = await redisA.pttl(`seen:${key}`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });
});
