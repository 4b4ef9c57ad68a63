import { randomUUID } from 'node:crypto';
import { MemoryRateBudget } from '../../src/net/memory-rate-budget';
import { MemoryResultCache } from '../../src/defender/lookup/result-cache';
import {
  MemoryFlights,
  MemoryLeases,
  MemorySeenSet,
  openSharedState,
  RedisFlights,
  RedisLeases,
  RedisRateBudget,
  RedisResultCache,
  RedisSeenSet,
} from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

describe('openSharedState without REDIS_URL', () => {
  it.each([undefined, ''])('uses the in-process twins for %p', async (url) => {
    const state = await openSharedState(url);
    expect(state.redis).toBeUndefined();
    expect(state.rateBudget).toBeInstanceOf(MemoryRateBudget);
    expect(state.resultCache).toBeInstanceOf(MemoryResultCache);
    expect(state.flights).toBeInstanceOf(MemoryFlights);
    expect(state.leases).toBeInstanceOf(MemoryLeases);
    expect(state.seen).toBeInstanceOf(MemorySeenSet);
    await state.close();
  });
});

describeRedis('openSharedState with REDIS_URL', () => {
  it('shares every piece through one Redis connection, and closes it', async () => {
    const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;
    const state = await openSharedState(REDIS_URL, undefined, { keyPrefix: prefix, rateScope: 'tenant/app' });
    expect(state.redis?.options.keyPrefix).toBe(prefix);
    expect(state.rateBudget).toBeInstanceOf(RedisRateBudget);
    expect(state.resultCache).toBeInstanceOf(RedisResultCache);
    expect(state.flights).toBeInstanceOf(RedisFlights);
    expect(state.leases).toBeInstanceOf(RedisLeases);
    expect(state.seen).toBeInstanceOf(RedisSeenSet);
    await state.rateBudget.reserve('graph:hunting', [{ limit: 45, windowMs: 60_000 }], 0);
    expect(await state.redis!.exists('rate:tenant/app:graph:hunting')).toBe(1);
    await state.redis!.del('rate:tenant/app:graph:hunting');
    const redis = state.redis!;
    const ended = new Promise<void>((resolve) => (redis.status === 'end' ? resolve() : redis.once('end', () => resolve())));
    await state.close();
    await ended;
  });
});
