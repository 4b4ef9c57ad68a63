import { relative, resolve } from 'node:path';
import fc from 'fast-check';

/*
 * Every property test runs through here, so that a failure can be replayed exactly and the properties still explore.
 *   FC_SEED=<n>            run with this seed (default: a fresh random one per test file, printed on failure)
 *   FC_PATH=<path>         with FC_SEED: replay only the failing case fast-check reported (its "path")
 *   FC_RUNS_FACTOR=<x>     multiply every numRuns (e.g. 50 to hunt for rare cases locally)
 * On failure the error names the seed, the path and the command that replays it (README.md, Development; test/reliability/README.md).
 */

const ROOT = resolve(__dirname, '..', '..');

function envInteger(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new Error(`${name} must be a whole number (got "${raw.slice(0, 40)}")`);
  return Number(raw);
}

/** The seed of this test file's properties: FC_SEED, or a fresh one (32-bit, as fast-check takes it). */
export const PROPERTY_SEED: number = envInteger('FC_SEED') ?? Math.floor(Math.random() * 0x7fffffff);

function envFactor(name: string): number {
  const raw = process.env[name]?.trim();
  if (!raw) return 1;
  const factor = Number(raw);
  if (!Number.isFinite(factor) || factor <= 0) throw new Error(`${name} must be a positive number (got "${raw.slice(0, 40)}")`);
  return factor;
}

const RUNS_FACTOR = envFactor('FC_RUNS_FACTOR');
const REPLAY_PATH = process.env.FC_PATH?.trim() || undefined;

/** fast-check parameters with the file's seed (or FC_SEED/FC_PATH) and FC_RUNS_FACTOR applied. */
export function propertyParameters<T>(params: fc.Parameters<T> = {}): fc.Parameters<T> {
  const numRuns = Math.max(1, Math.round((params.numRuns ?? 100) * RUNS_FACTOR));
  return { ...params, seed: PROPERTY_SEED, numRuns, ...(REPLAY_PATH ? { path: REPLAY_PATH } : {}) };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const escapeForJestPattern = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The shell command that replays this failure: this file, this test, this seed and path. */
export function replayCommand(seed: number, path: string | undefined): string {
  const state = expect.getState();
  const file = state.testPath ? relative(ROOT, state.testPath) : '<test file>';
  const config = file.startsWith('test/reliability/') ? ' -c test/reliability/jest.reliability.config.js' : '';
  const name = state.currentTestName ? ` -t ${quote(escapeForJestPattern(state.currentTestName))}` : '';
  return `FC_SEED=${seed}${path ? ` FC_PATH=${quote(path)}` : ''} npx jest${config} ${file}${name}`;
}

export interface AssertPropertyOptions {
  /** Cut a long counterexample short in the message (inputs of kilobytes), keeping its start and end. */
  shortCounterexample?: boolean;
}

function shortened(value: unknown): string {
  const text = fc.stringify(value);
  return text.length <= 400 ? text : `${text.slice(0, 240)} ... ${text.slice(-100)} (${text.length} characters)`;
}

function failureMessage<T>(out: fc.RunDetails<T>, options: AssertPropertyOptions): string {
  const path = out.counterexamplePath ?? undefined;
  const head = `Property failed (fast-check seed ${out.seed}${path ? `, path "${path}"` : ''}). Replay it with:\n  ${replayCommand(out.seed, path)}`;
  if (!options.shortCounterexample) return `${head}\n\n${fc.defaultReportMessage(out) ?? ''}`;
  const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  return `${head}\n\nCounterexample after ${out.numRuns} runs: ${shortened(out.counterexample)}\n${error.slice(0, 600)}`;
}

/**
 * fc.assert with a reproducible seed: throws an error that names the seed, the path and the replay command, followed by
 * fast-check's own report (counterexample, shrunk).
 */
export function assertProperty<T>(property: fc.IProperty<T>, params: fc.Parameters<T> = {}, options: AssertPropertyOptions = {}): void {
  const out = fc.check(property, propertyParameters(params));
  if (out.failed) throw new Error(failureMessage(out, options));
}
