import type { FlightCoordinator, Leases, ResultCache } from '../ports/shared-state';
import type { TargetFindings } from '../defender/lookup/types';

/*
 * One tenant's view of state every tenant shares a store for: its keys carry the tenant, so tenant A's findings for
 * an IP are never tenant B's answer and a lookup in A never waits on B's flight.
 */

export function tenantResultCache(cache: ResultCache, tenant: string): ResultCache {
  const k = (key: string) => `tenant:${tenant}:${key}`;
  return {
    get: (key) => cache.get(k(key)),
    set: (key: string, value: TargetFindings, ttlMs: number) => cache.set(k(key), value, ttlMs),
  };
}

export function tenantFlights(flights: FlightCoordinator, tenant: string): FlightCoordinator {
  const k = (key: string) => `tenant:${tenant}:${key}`;
  return {
    claim: (key, ttlMs) => flights.claim(k(key), ttlMs),
    waitFor: (key, timeoutMs, check) => flights.waitFor(k(key), timeoutMs, check),
  };
}

export function tenantLeases(leases: Leases, tenant: string): Leases {
  const k = (key: string) => `tenant:${tenant}:${key}`;
  return {
    acquire: (key, ttlMs) => leases.acquire(k(key), ttlMs),
    renew: (key, token, ttlMs) => leases.renew(k(key), token, ttlMs),
    release: (key, token) => leases.release(k(key), token),
  };
}
