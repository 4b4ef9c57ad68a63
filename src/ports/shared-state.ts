import type { TargetFindings } from '../defender/lookup/types';

/*
 * The state replicas share, as the rest of the bot sees it. Declared here, once: the Defender client, the core and the
 * adapters depend on these interfaces; src/shared-state implements them (in memory for one process, in Redis for
 * several), so no arrow runs from src/defender or src/core into src/shared-state.
 */

/** One window of a rate limit: at most `limit` calls per `windowMs`. */
export interface Window {
  limit: number;
  windowMs: number;
}

/**
 * A shared allowance of calls per window. `reserve` books a slot and says how long the caller must wait before
 * using it (0 = now); callers queue by waiting, nothing is dropped. A reservation beyond `maxWaitMs` is not
 * booked and returns the time a slot frees instead, so the caller can report "retry at".
 */
export interface RateBudget {
  reserve(key: string, windows: Window[], maxWaitMs: number, count?: number): Promise<{ waitMs: number; booked: boolean }>;
}

/** Findings per target for a short time; a shared implementation (Redis) can replace the in-memory one. */
export interface ResultCache {
  get(key: string): Promise<TargetFindings | undefined>;
  set(key: string, value: TargetFindings, ttlMs: number): Promise<void>;
}

/** The result of claiming a piece of work: the leader does it and says when it is done; a follower waits. */
export type FlightClaim = { leader: true; done(): Promise<void> } | { leader: false };

/**
 * Coalescing across replicas: of all the replicas that want the same thing at the same moment, one (the leader)
 * fetches it and stores it where the others can read it (the shared ResultCache); the followers wait for it.
 *
 *   const claim = await flights.claim(key, 30_000);
 *   if (claim.leader) { try { ...fetch, cache.set(key, ...) } finally { await claim.done(); } }
 *   else findings = await flights.waitFor(key, 30_000, () => cache.get(key)) ?? await fetchMyself();
 */
export interface FlightCoordinator {
  /** Claims `key` for `ttlMs` (after which a crashed leader's claim lapses). */
  claim(key: string, ttlMs: number): Promise<FlightClaim>;
  /**
   * Resolves with the first value `check` finds: on the leader's done(), and on a poll in case that signal is lost.
   * Undefined when the leader finishes with nothing to share, its claim vanishes (crash) or `timeoutMs` passes.
   */
  waitFor<T>(key: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T | undefined>;
}

/**
 * Exclusive, expiring ownership of a piece of work (one replica polls a given machine action). The owner renews
 * before the lease runs out; if it crashes the lease lapses and another replica can take over.
 */
export interface Leases {
  /** The owner token, or undefined when someone else holds the lease. */
  acquire(key: string, ttlMs: number): Promise<string | undefined>;
  /** Extends the lease to `ttlMs` from now; false when it is no longer this token's (lapsed, taken over). */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up; does nothing when it is no longer this token's. */
  release(key: string, token: string): Promise<void>;
}

/** Remembers keys for a while (Slack's retries and replays of the same request or event are handled once). */
export interface SeenSet {
  /** True the first time `key` is seen within `ttlMs`; false for every repeat while it is remembered. */
  firstTime(key: string, ttlMs: number): Promise<boolean>;
}
