import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** One measured or counted figure of the reliability suite. Reported in the final table, never asserted as a timing. */
export interface Figure {
  file: string;
  group: string;
  name: string;
  value: number | string;
  unit?: string;
  note?: string;
}

export const FIGURES_DIR = resolve(__dirname, '..', '..', '..', 'test-output', 'reliability', 'figures');

function currentFile(): string {
  const path = expect.getState().testPath;
  return path ? basename(path).replace(/\.test\.ts$/, '') : 'unknown';
}

/**
 * Records a figure for the table printed at the end of the run (figures-reporter.js). Each test file writes its own
 * JSON file, so it works in band and with workers alike.
 */
export function figure(group: string, name: string, value: number | string, unit?: string, note?: string): void {
  const file = currentFile();
  mkdirSync(FIGURES_DIR, { recursive: true });
  const path = join(FIGURES_DIR, `${file}.json`);
  let list: Figure[] = [];
  try {
    list = JSON.parse(readFileSync(path, 'utf8')) as Figure[];
  } catch {
    list = [];
  }
  const entry: Figure = { file, group, name, value: typeof value === 'number' ? Math.round(value * 100) / 100 : value, unit, note };
  const existing = list.findIndex((f) => f.group === group && f.name === name);
  if (existing >= 0) list[existing] = entry;
  else list.push(entry);
  writeFileSync(path, JSON.stringify(list, null, 2));
}

/** Percentile (nearest rank) of a list of numbers; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
