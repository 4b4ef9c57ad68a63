import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { connectRedis, MemoryFlights, RedisFlights } from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;

describe('MemoryFlights', () => {
  it('makes every caller the leader: the in-process in-flight map coalesces already', async () => {
    const flights = new MemoryFlights();
    const a = await flights.claim('ipv4:192.0.2.1', 1000);
    const b = await flights.claim('ipv4:192.0.2.1', 1000);
    expect(a.leader && b.leader).toBe(true);
    if (a.leader) await a.done();
    expect(await flights.waitFor('ipv4:192.0.2.1', 1000, async () => 'found')).toBe('found');
    expect(await flights.waitFor('ipv4:192.0.2.1', 1000, async () => undefined)).toBeUndefined();
  });
});

describeRedis('RedisFlights', () => {
  // Two replicas: each its own connections.
  let redisA: Redis;
  let redisB: Redis;
  let replicaA: RedisFlights;
  let replicaB: RedisFlights;
  /** Stands in for the shared result cache the leader fills. */
  const store = new Map<string, string>();
  const check = (key: string) => async () => store.get(key);

  beforeAll(async () => {
    redisA = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    redisB = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    replicaA = new RedisFlights(redisA);
    // Polls so rarely that a follower woken within the tests' timeouts was woken by the leader's signal.
    replicaB = new RedisFlights(redisB, { pollMs: 60_000 });
  });
  afterAll(async () => {
    await Promise.all([replicaA.close(), replicaB.close()]);
    const keys = await redisA.keys(`${prefix}*`);
    if (keys.length > 0) await redisA.del(...keys.map((k) => k.slice(prefix.length)));
    await Promise.all([redisA.quit(), redisB.quit()]);
  });

  it('makes one replica the leader and the others followers until the leader is done', async () => {
    const key = `ipv4:${randomUUID()}`;
    const first = await replicaA.claim(key, 10_000);
    const second = await replicaB.claim(key, 10_000);
    const third = await replicaA.claim(key, 10_000);
    expect([first.leader, second.leader, third.leader]).toEqual([true, false, false]);
    if (first.leader) await first.done();
    const after = await replicaB.claim(key, 10_000);
    expect(after.leader).toBe(true);
    if (after.leader) await after.done();
  });

  it('wakes every follower, on any replica, with the value when the leader is done', async () => {
    const key = `ipv4:${randomUUID()}`;
    const leader = await replicaA.claim(key, 30_000);
    if (!leader.leader) throw new Error('expected to lead');
    const followers = [replicaB.waitFor(key, 25_000, check(key)), replicaB.waitFor(key, 25_000, check(key)), replicaA.waitFor(key, 25_000, check(key))];
    await new Promise((r) => setTimeout(r, 100)); // the followers have checked once and found nothing
    store.set(key, 'findings');
    await leader.done();
    await expect(Promise.all(followers)).resolves.toEqual(['findings', 'findings', 'findings']);
    await leader.done(); // a second done() changes nothing
  });

  it('gives followers undefined at once when the leader is done with nothing to share', async () => {
    const key = `ipv4:${randomUUID()}`;
    const leader = await replicaA.claim(key, 30_000);
    if (!leader.leader) throw new Error('expected to lead');
    const follower = replicaB.waitFor(key, 25_000, check(key));
    await new Promise((r) => setTimeout(r, 100));
    await leader.done();
    await expect(follower).resolves.toBeUndefined();
  });

  it('answers at once when the value is there already, or when nobody leads', async () => {
    const key = `ipv4:${randomUUID()}`;
    store.set(key, 'earlier');
    await expect(replicaB.waitFor(key, 25_000, check(key))).resolves.toBe('earlier');
    await expect(replicaB.waitFor(`ipv4:${randomUUID()}`, 25_000, async () => undefined)).resolves.toBeUndefined();
  });

  it('gives up after the timeout while the leader is still working', async () => {
    const key = `ipv4:${randomUUID()}`;
    const leader = await replicaA.claim(key, 30_000);
    if (!leader.leader) throw new Error('expected to lead');
    let checks = 0;
    const started = Date.now();
    const result = await replicaA.waitFor(key, 500, async () => {
      checks++;
      return undefined;
    });
    expect(result).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(checks).toBeGreaterThan(1); // polled in between
    await leader.done();
  });

  it('gives followers undefined when the leader crashes and its claim lapses', async () => {
    const key = `ipv4:${randomUUID()}`;
    const leader = await replicaA.claim(key, 300); // never done(): the replica died
    expect(leader.leader).toBe(true);
    const started = Date.now();
    await expect(replicaA.waitFor(key, 25_000, check(key))).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await replicaB.claim(key, 1000)).leader).toBe(true); // the next replica takes over
  });

  it('finds the value by polling when the signal is lost', async () => {
    const key = `ipv4:${randomUUID()}`;
    const leader = await replicaA.claim(key, 30_000);
    expect(leader.leader).toBe(true);
    const follower = replicaA.waitFor(key, 25_000, check(key));
    await new Promise((r) => setTimeout(r, 100));
    store.set(key, 'polled');
    await redisA.del(`flight:${key}`); // what done() does, without its message
    await expect(follower).resolves.toBe('polled');
  });

  it("neither ends nor signals a newer leader's flight when a leader whose claim lapsed finishes late", async () => {
    const key = `ipv4:${randomUUID()}`;
    const slow = await replicaA.claim(key, 100);
    await new Promise((r) => setTimeout(r, 250));
    const next = await replicaB.claim(key, 30_000);
    expect(next.leader).toBe(true);
    const started = Date.now();
    const follower = replicaB.waitFor(key, 600, check(key)); // polls every minute: only a signal could end it early
    await new Promise((r) => setTimeout(r, 50));
    if (slow.leader) await slow.done();
    await expect(follower).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((await replicaA.claim(key, 30_000)).leader).toBe(false);
    if (next.leader) await next.done();
  });

  it('lets the caller lead, and followers stop waiting, when Redis cannot be reached', async () => {
    const closed = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    await closed.quit();
    const log: string[] = [];
    const flights = new RedisFlights(closed, { log: (m) => log.push(m) });
    const claim = await flights.claim('ipv4:192.0.2.50', 10_000);
    expect(claim.leader).toBe(true);
    if (claim.leader) await claim.done();
    await expect(flights.waitFor('ipv4:192.0.2.50', 25_000, async () => undefined)).resolves.toBeUndefined();
    await flights.close();
    expect(log[0]).toMatch(/^flights: cannot claim ipv4:192\.0\.2\.50, fetching it here: /);
    expect(log.some((m) => m.startsWith('flights: cannot see the claim on ipv4:192.0.2.50, no longer waiting: '))).toBe(true);
  });
});
