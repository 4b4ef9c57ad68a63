import type Redis from 'ioredis';
import { MemoryRateBudget, type RateBudget } from '../net/memory-rate-budget';
import { MemoryResultCache, type ResultCache } from '../defender/lookup/result-cache';
import { connectRedis, type ConnectRedisOptions, type Log } from './connect-redis';
import { MemoryFlights, type FlightCoordinator } from './flights';
import { MemoryLeases, type Leases } from '../net/memory-leases';
import { RedisFlights } from './redis-flights';
import { RedisLeases } from './redis-leases';
import { RedisRateBudget } from './redis-rate-budget';
import { RedisResultCache } from './redis-result-cache';
import { RedisSeenSet } from './redis-seen-set';
import { MemorySeenSet, type SeenSet } from './seen-set';

export interface SharedState {
  /** The Redis connection when the state is shared between replicas. */
  redis: Redis | undefined;
  rateBudget: RateBudget;
  /** The budget of one tenant and app (`${tenantId}/${clientId}`): Microsoft counts each pair on its own. */
  rateBudgetFor(scope: string): RateBudget;
  resultCache: ResultCache;
  flights: FlightCoordinator;
  leases: Leases;
  seen: SeenSet;
  close(): Promise<void>;
}

export interface SharedStateOptions extends ConnectRedisOptions {
  /** Rate budgets are per tenant and app: e.g. `${tenantId}/${clientId}`. See RedisRateBudgetOptions.scope. */
  rateScope?: string;
}

/** With REDIS_URL, state every replica shares; without it, the in-process twins (one replica). */
export async function openSharedState(redisUrl: string | undefined, log?: Log, options: SharedStateOptions = {}): Promise<SharedState> {
  if (!redisUrl) {
    const budgets = new Map<string, RateBudget>();
    const rateBudget = new MemoryRateBudget();
    if (options.rateScope) budgets.set(options.rateScope, rateBudget);
    return {
      redis: undefined,
      rateBudget,
      rateBudgetFor: (scope) => budgets.get(scope) ?? budgets.set(scope, new MemoryRateBudget()).get(scope)!,
      resultCache: new MemoryResultCache(),
      flights: new MemoryFlights(),
      leases: new MemoryLeases(),
      seen: new MemorySeenSet(),
      close: async () => undefined,
    };
  }
  const redis = await connectRedis(redisUrl, log, options);
  const flights = new RedisFlights(redis, { log });
  return {
    redis,
    rateBudget: new RedisRateBudget(redis, { scope: options.rateScope }),
    rateBudgetFor: (scope) => new RedisRateBudget(redis, { scope }),
    resultCache: new RedisResultCache(redis, { log }),
    flights,
    leases: new RedisLeases(redis),
    seen: new RedisSeenSet(redis),
    close: async () => {
      await flights.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
