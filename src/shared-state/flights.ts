import type { FlightClaim, FlightCoordinator } from '../ports/shared-state';

export type { FlightClaim, FlightCoordinator };

/** One process: its own in-flight map already coalesces, so every claim leads. */
export class MemoryFlights implements FlightCoordinator {
  async claim(_key: string, _ttlMs: number): Promise<FlightClaim> {
    return { leader: true, done: async () => undefined };
  }

  async waitFor<T>(_key: string, _timeoutMs: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
    return check();
  }
}
