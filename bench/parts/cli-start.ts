/**
 * Part 6: how long the command line takes to start and answer `extract 1.2.3.4`, spawned as an operator runs it
 * (node bin/defender-chatops.js, on the build in dist/: built first when missing or older than src/). Target: under
 * 300 ms, which only holds while each command loads its own modules lazily (src/cli/main.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { round, spread } from '../stats';
import type { Row } from '../table';
import type { PartOutcome } from './part';

const ROOT = join(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
export const CLI_START_TARGET_MS = 300;

function newestMtime(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestMtime(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)),
  );
}

/** Builds dist/ (npm run build) unless it is newer than every file in src/. */
export function ensureBuilt(): boolean {
  const built = join(ROOT, 'dist', 'cli', 'main.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(ROOT, 'src'))) return false;
  console.error('bench: dist/ is missing or older than src/: npm run build...');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return true;
}

export async function runCliStartPart(): Promise<PartOutcome> {
  const part = '6 cli';
  const rebuilt = ensureBuilt();
  const args = [join(ROOT, 'bin', 'defender-chatops.js'), 'extract', '1.2.3.4'];
  const once = (): number => {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (run.status !== 0 || !run.stdout.includes('1.2.3.4')) throw new Error(`the CLI failed (exit ${run.status}): ${run.stderr}`);
    return ms;
  };
  once(); // warm the file cache: the first run after a build reads every file from disk
  const times = Array.from({ length: RUNS }, once);
  const s = spread(times);
  const rows: Row[] = [
    {
      part,
      measure: `start and answer: node bin/defender-chatops.js extract 1.2.3.4, spawned ${RUNS} times (median / p95)`,
      value: `${s.median.toFixed(0)} / ${s.p95.toFixed(0)} ms`,
      target: `p95 < ${CLI_START_TARGET_MS} ms`,
      pass: s.p95 < CLI_START_TARGET_MS,
    },
  ];
  return {
    rows,
    results: { cliStart: { runs: RUNS, rebuilt, medianMs: round(s.median, 1), p95Ms: round(s.p95, 1), maxMs: round(s.max, 1), targetMs: CLI_START_TARGET_MS } },
  };
}
