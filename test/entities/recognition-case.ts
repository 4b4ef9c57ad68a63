import * as fs from 'node:fs';
import * as path from 'node:path';
import { INDICATOR_TYPES, type IndicatorType, type Recognition } from '../../src/entities';

/** One recognition case: the shape of a corpus line (`source` and `note` are optional here). */
export interface RecognitionCase {
  id: string;
  text: string;
  expect: Array<{ type: IndicatorType; value: string }>;
  reject: string[];
  note?: string;
  source?: string;
}

/** The repository root, two levels up from test/entities. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The shared corpus, read in place from `<repo root>/../shared/corpora/`. */
export const CORPUS_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'corpora', 'recognition-public.jsonl');

export function loadCorpus(file: string = CORPUS_PATH): RecognitionCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecognitionCase);
}

const key = (type: string, value: string): string => `${type} ${value}`;

export interface CaseOutcome {
  id: string;
  falsePositives: string[];
  falseNegatives: string[];
  rejectedReported: string[];
  pass: boolean;
}

/** Compares reported {type, value} with `expect` as sets, and checks no `reject` string was reported. */
export function judge(c: RecognitionCase, r: Recognition): CaseOutcome {
  const reported = r.indicators.map((i) => key(i.type, i.value));
  const expected = c.expect.map((e) => key(e.type, e.value));
  const reportedSet = new Set(reported);
  const expectedSet = new Set(expected);
  const falsePositives = reported.filter((k) => !expectedSet.has(k));
  const falseNegatives = expected.filter((k) => !reportedSet.has(k));
  const values = new Set(r.indicators.map((i) => i.value.toLowerCase()));
  const rejectedReported = c.reject.filter((v) => values.has(v.toLowerCase()));
  const pass = falsePositives.length === 0 && falseNegatives.length === 0 && rejectedReported.length === 0;
  return { id: c.id, falsePositives, falseNegatives, rejectedReported, pass };
}

export interface TypeCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Per-type true/false positive and false negative counts, summed over cases. */
export class Tally {
  readonly counts = new Map<IndicatorType, TypeCounts>(INDICATOR_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));

  add(c: RecognitionCase, r: Recognition): void {
    const reported = new Set(r.indicators.map((i) => key(i.type, i.value)));
    const expected = new Set(c.expect.map((e) => key(e.type, e.value)));
    for (const i of r.indicators) {
      const counts = this.counts.get(i.type) as TypeCounts;
      if (expected.has(key(i.type, i.value))) counts.tp++;
      else counts.fp++;
    }
    for (const e of c.expect) {
      if (!reported.has(key(e.type, e.value))) (this.counts.get(e.type) as TypeCounts).fn++;
    }
  }

  table(title: string): string {
    const pct = (num: number, den: number): string => (den === 0 ? '   n/a' : `${((100 * num) / den).toFixed(1)}%`.padStart(6));
    const lines = [title, 'type      expected    TP    FP    FN  precision  recall'];
    let all: TypeCounts = { tp: 0, fp: 0, fn: 0 };
    for (const [type, c] of this.counts) {
      all = { tp: all.tp + c.tp, fp: all.fp + c.fp, fn: all.fn + c.fn };
      lines.push(
        `${type.padEnd(9)} ${String(c.tp + c.fn).padStart(8)} ${String(c.tp).padStart(5)} ${String(c.fp).padStart(5)} ` +
          `${String(c.fn).padStart(5)}     ${pct(c.tp, c.tp + c.fp)}  ${pct(c.tp, c.tp + c.fn)}`,
      );
    }
    lines.push(
      `${'all'.padEnd(9)} ${String(all.tp + all.fn).padStart(8)} ${String(all.tp).padStart(5)} ${String(all.fp).padStart(5)} ` +
        `${String(all.fn).padStart(5)}     ${pct(all.tp, all.tp + all.fp)}  ${pct(all.tp, all.tp + all.fn)}`,
    );
    return lines.join('\n');
  }
}

export function describeOutcome(o: CaseOutcome): string {
  const parts: string[] = [];
  if (o.falsePositives.length > 0) parts.push(`unexpected: ${o.falsePositives.join(', ')}`);
  if (o.falseNegatives.length > 0) parts.push(`missing: ${o.falseNegatives.join(', ')}`);
  if (o.rejectedReported.length > 0) parts.push(`rejected but reported: ${o.rejectedReported.join(', ')}`);
  return `${o.id}: ${parts.join('; ')}`;
}
