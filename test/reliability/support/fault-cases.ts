import type { Fault } from '../../../emulator/faults';

/** One kind of failure the emulator injects, and what the person must read about it. */
export interface FaultCase {
  name: string;
  fault: Fault;
  /** The cause, as the answer names it. */
  cause: RegExp;
  /** The next step the answer gives. */
  next: RegExp;
}

/** Client timeout in these worlds: DEFENDER_REQUEST_TIMEOUT_SECONDS=1; a "timeout" fault holds the socket longer. */
export const HOLD_MS = 1300;

export const FAULTS = {
  throttled: {
    name: '429 Retry-After 7',
    fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    cause: /is throttled by Microsoft/,
    next: /retry after \d\d:\d\d:\d\d UTC \(in \d+ s\)/,
  },
  error500: { name: '500', fault: { kind: 'status', status: 500 }, cause: /failed \(500\)/, next: /try again/i },
  unavailable503: { name: '503', fault: { kind: 'status', status: 503 }, cause: /failed \(503\)/, next: /try again/i },
  timeout: { name: 'timeout', fault: { kind: 'timeout', holdMs: HOLD_MS }, cause: /did not answer in time/, next: /try again/i },
  reset: { name: 'connection reset', fault: { kind: 'reset' }, cause: /cannot be reached: .*ECONNRESET/, next: /Check DEFENDER_(GRAPH|API)_URL, the firewall/ },
  malformed: { name: 'malformed JSON', fault: { kind: 'malformed' }, cause: /not valid JSON/, next: /Try again/ },
} satisfies Record<string, FaultCase>;

export const ALL_FAULTS: FaultCase[] = Object.values(FAULTS);

/** DEFENDER_MAX_RETRIES default: attempts of a retried read are at most this + 1. */
export const MAX_RETRIES = 3;
/** Rounds of graph-batch.ts for parts throttled inside a $batch. */
export const BATCH_ROUNDS = 3;
