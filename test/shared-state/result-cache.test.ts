import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { TargetFindings } from '../../src/defender/lookup/types';
import { connectRedis, RedisResultCache } from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function findings(value: string, note = ''): TargetFindings {
  const empty = { status: 'ok' as const, items: [] };
  return {
    target: { type: 'ipv4', value },
    incidents: empty,
    alerts: empty,
    assigned: { status: 'notApplicable' },
    devices: empty,
    files: { status: 'notApplicable' },
    prevalence: { status: 'notApplicable' },
    emails: { status: 'notApplicable' },
    hunting: { status: 'ok', items: [{ table: 'DeviceEvents', columns: ['Note'], rows: [{ Note: note }], summary: {} }] },
    cached: false,
  };
}

describeRedis('RedisResultCache', () => {
  let redis: Redis;
  const lines: string[] = [];
  let cache: RedisResultCache;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    cache = new RedisResultCache(redis, { log: (m) => lines.push(m), maxBytes: 10_000 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(prefix.length)));
    await redis.quit();
  });

  it('hands back what was stored, to any replica, under the key prefix', async () => {
    const otherConnection = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    const other = new RedisResultCache(otherConnection);
    const value = findings('203.0.113.7', 'é 漢字 "quoted"');
    await cache.set('ipv4:203.0.113.7', value, 60_000);
    expect(await other.get('ipv4:203.0.113.7')).toEqual(value);
    expect(await redis.keys(`${prefix}cache:*`)).toContain(`${prefix}cache:ipv4:203.0.113.7`);
    expect(await cache.get('ipv4:198.51.100.1')).toBeUndefined();
    await otherConnection.quit();
  });

  it('lets entries expire after their TTL', async () => {
    await cache.set('ipv4:192.0.2.1', findings('192.0.2.1'), 150);
    const pttl = await redis.pttl('cache:ipv4:192.0.2.1');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(150);
    await sleep(300);
    expect(await cache.get('ipv4:192.0.2.1')).toBeUndefined();
  });

  it('stores nothing for a TTL of 0 or an answer over the size limit', async () => {
    await cache.set('ipv4:192.0.2.2', findings('192.0.2.2'), 0);
    await cache.set('ipv4:192.0.2.3', findings('192.0.2.3', 'x'.repeat(20_000)), 60_000);
    expect(await redis.exists('cache:ipv4:192.0.2.2', 'cache:ipv4:192.0.2.3')).toBe(0);
  });

  it.each([
    ['not JSON', '{"target": '],
    ['JSON of another shape', '{"a":1}'],
    ['a JSON string', '"findings"'],
    ['null', 'null'],
  ])('treats %s as a miss, and says so', async (_what, raw) => {
    const key = `ipv4:${randomUUID()}`;
    await redis.set(`cache:${key}`, raw, 'PX', 60_000);
    lines.length = 0;
    expect(await cache.get(key)).toBeUndefined();
    expect(lines).toEqual([`result cache: the entry for ${key} is not readable findings; ignoring it`]);
  });

  it('misses instead of failing when Redis cannot be reached', async () => {
    const closed = await connectRedis(REDIS_URL!, undefined, { keyPrefix: prefix });
    await closed.quit();
    const log: string[] = [];
    const broken = new RedisResultCache(closed, { log: (m) => log.push(m) });
    await expect(broken.get('ipv4:192.0.2.9')).resolves.toBeUndefined();
    await expect(broken.set('ipv4:192.0.2.9', findings('192.0.2.9'), 1000)).resolves.toBeUndefined();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^result cache: cannot read ipv4:192\.0\.2\.9, looking it up instead: /);
  });
});
