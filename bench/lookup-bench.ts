/**
 * npm run bench (issue 8): four parts, one table, bench/results.json.
 *   1 message  a 10-indicator message, bot vs the old product's strategy: upstream calls, median / p95 at 150 ms latency
 *   2 CPU      the bot's own CPU per indicator: recognition, lookup assembly, view, card rendering (no upstream time)
 *   3 storm    300 lookups in 60 s by 20 users from 30 indicators, Microsoft's limits on: calls per minute, 429s, hits
 *   4 memory   RSS and heap after 10,000 lookups, heap at 5,000 and 10,000 after a forced gc
 *   5 recognizer  recognition time on hostile texts at 1x and 2x size (linear: ratio at most 2.2), in this process
 *   6 cli      the command line's start: `node bin/defender-chatops.js extract 1.2.3.4` spawned 10 times (dist/ built
 *              first when stale), median / p95 against 300 ms
 * The emulator runs in this process; parts 2-4 run the bot in a child process so its CPU and memory are its own, on
 * plain node from a JavaScript build of src/ and bench/ in a temporary directory, as production runs (tsx's loader alone
 * adds some 50 MB of RSS). BENCH_TSX=1 runs them under tsx instead.
 *   7 incidents  subscriptions: Graph calls per minute polling for 1 and 50 subscriptions, and the time from an incident's
 *              creation to its card (p50 / p95) at the fastest poll interval
 *   8 sweep    `sweep` of 10 indicators across 20 emulated tenants (TENANTS_FILE, demo mode): time to the first answer,
 *              the summary and the last card (p50 / p95), calls per tenant, 429s
 * BENCH_PARTS=message,cpu,storm,memory,recognizer,cli,incidents,sweep picks parts. A partial run replaces only its parts'
 * figures and table rows in results.json (partRuns says when and where each part last ran alone).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileForNode } from './compile';
import { EmulatorHost } from './emulator-host';
import { machine } from './machine';
import { runCliStartPart } from './parts/cli-start';
import { runCpuPart } from './parts/cpu';
import { runIncidentsPart } from './parts/incidents';
import { runMemoryPart } from './parts/memory';
import { runMessagePart } from './parts/message';
import { runRecognizerPart } from './parts/recognizer';
import type { BenchContext, PartOutcome } from './parts/part';
import { runStormPart } from './parts/storm';
import { runSweepPart } from './parts/sweep';
import { formatTable, type Row } from './table';

const PARTS: Record<string, (context: BenchContext) => Promise<PartOutcome>> = {
  message: runMessagePart,
  cpu: runCpuPart,
  storm: runStormPart,
  memory: runMemoryPart,
  recognizer: runRecognizerPart,
  cli: runCliStartPart,
  incidents: runIncidentsPart,
  sweep: runSweepPart,
};

async function main(): Promise<void> {
  const chosen = (process.env.BENCH_PARTS ?? Object.keys(PARTS).join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = chosen.filter((p) => !PARTS[p]);
  if (unknown.length) throw new Error(`unknown BENCH_PARTS ${unknown.join(', ')}: use ${Object.keys(PARTS).join(', ')}`);
  const m = machine();
  const started = Date.now();
  const underTsx = process.env.BENCH_TSX === '1';
  const compiledDir =
    underTsx || chosen.every((p) => p === 'message' || p === 'recognizer' || p === 'cli' || p === 'incidents' || p === 'sweep') ? undefined : compileForNode();
  const host = await EmulatorHost.start();
  const context: BenchContext = { host, compiledDir };
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  try {
    for (const name of chosen) {
      const t0 = Date.now();
      console.error(`bench: part ${name}...`);
      const outcome = await PARTS[name]!(context);
      rows.push(...outcome.rows);
      Object.assign(results, outcome.results);
      console.error(`bench: part ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await host.close();
    if (compiledDir) rmSync(compiledDir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `defender-chatops bench, ${new Date(started).toISOString()}: ${m.cores} cores (${m.model}), ${m.totalMemoryMB} MB, node ${m.node}, ${m.platform}; parts 2-4 on ${underTsx ? 'tsx' : 'plain node (JavaScript build)'}; ${seconds} s`,
  );
  console.log(formatTable(rows));
  const failed = rows.filter((r) => r.pass === false).length;
  console.log(failed ? `${failed} figure(s) missed their target` : 'every figure with a target met it');
  const file = join(__dirname, 'results.json');
  const run = { generatedAt: new Date(started).toISOString(), durationSeconds: seconds, childrenRunOn: underTsx ? 'tsx' : 'node' };
  if (chosen.length !== Object.keys(PARTS).length) {
    // The other parts' figures stay as their last run left them; this run's parts replace theirs.
    const previous = JSON.parse(readFileSync(file, 'utf8')) as { table?: Row[]; partRuns?: Record<string, unknown> };
    const parts = new Set(rows.map((r) => r.part));
    const table = [...(previous.table ?? []).filter((r) => !parts.has(r.part)), ...rows].sort((a, b) => parseInt(a.part) - parseInt(b.part));
    const partRuns = { ...previous.partRuns, ...Object.fromEntries(chosen.map((p) => [p, { ...run, machine: m }])) };
    writeFileSync(file, `${JSON.stringify({ ...previous, ...results, partRuns, table }, null, 2)}\n`);
    console.log(`partial run (BENCH_PARTS): ${chosen.join(', ')} updated in ${file}`);
    return;
  }
  writeFileSync(file, `${JSON.stringify({ ...run, machine: m, ...results, table: rows }, null, 2)}\n`);
  console.log(`written ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
