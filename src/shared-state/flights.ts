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

/** One process: its own in-flight map already coalesces, so every claim leads. */
export class MemoryFlights implements FlightCoordinator {
  async claim(_key: string, _ttlMs: number): Promise<FlightClaim> {
    return { leader: true, done: async () => undefined };
  }

  async waitFor<T>(_key: string, _timeoutMs: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
    return check();
  }
}
