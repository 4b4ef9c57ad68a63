import type { EmulatorHost } from '../emulator-host';
import type { Row } from '../table';

/** What every part runs with: the emulator, and the JavaScript build children run on (undefined: under tsx). */
export interface BenchContext {
  host: EmulatorHost;
  compiledDir?: string;
}

/** What each part of the benchmark hands to the table and to results.json. */
export interface PartOutcome {
  rows: Row[];
  results: Record<string, unknown>;
}
