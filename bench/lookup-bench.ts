/**
 * npm run bench: a 10-indicator message of mixed types from the demo tenant, looked up against the emulator with
 * latency on every upstream call, by the bot and by the old product's strategy (one hunting query per indicator, then one
 * alert read per alert and one device read per device, 10 at a time, no cache). Also the bot's own CPU per indicator.
 * Prints one table and writes bench/results.json. (The storm and memory parts of issue 8 are still to come.)
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderAdaptiveCard } from '../src/cards/adaptive';
import { loadConfig } from '../src/config/load';
import { buildLookupView } from '../src/core/lookup-view';
import { connectDefender, type Defender } from '../src/defender/connect';
import { DefenderEmulator } from '../src/defender/emulator/server';
import { DEMO_INDICATORS as D } from '../src/defender/emulator/tenant';
import { LookupService } from '../src/defender/lookup/lookup-service';
import type { LookupTarget } from '../src/defender/lookup/types';
import { fillHuntingTemplate } from '../src/defender/queries/kql';
import { odata } from '../src/defender/queries/odata';
import { SEED_HUNTING_QUERY } from '../src/config/settings';
import { recognize } from '../src/entities';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const MESSAGE = [
  `C2 ${D.malware.c2Ip} and ${D.malware.c2Domain.replace(/\./g, '[.]')}`,
  `phish from ${D.phishing.sender} linking hxxps://bad[.]example[.]net/login`,
  `spray from ${D.identity.sprayIp}, travel from ${D.cloudApps.impossibleTravelIps[0]}`,
  `payload ${D.malware.payloadExe.sha1}, ransomware ${D.ransomware.file.sha256}, dropper md5 ${D.malware.invoiceJs.md5}`,
  `assigned alex.analyst@contoso.com`,
].join('\n');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function apiCalls(emulator: DefenderEmulator, from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of emulator.calls.slice(from)) {
    if (c.inBatch || c.route.startsWith('token')) continue;
    out[c.route] = (out[c.route] ?? 0) + 1;
  }
  return out;
}

/** The old product's strategy, written here only as a baseline to measure against. */
async function seedStrategy(defender: Defender, targets: LookupTarget[]): Promise<void> {
  const alertIds = new Set<string>();
  const inTens = async <T>(items: T[], work: (item: T) => Promise<void>) => {
    for (let i = 0; i < items.length; i += 10) await Promise.all(items.slice(i, i + 10).map(work));
  };
  await inTens(targets, async (t) => {
    const rows = await defender.graph.runHuntingQuery(fillHuntingTemplate(SEED_HUNTING_QUERY, t.value)).catch(() => ({ results: [] }));
    for (const r of rows.results) if (typeof r.AlertId === 'string') alertIds.add(r.AlertId);
    if (t.type === 'email') {
      // Its e-mail lookup: incidents and alerts assigned to the address, one search each.
      const filter = odata.eq('assignedTo', t.value);
      await defender.graph.listIncidents({ filter, maxPages: 1 }).catch(() => undefined);
      const alerts = await defender.graph.listAlerts({ filter, maxPages: 1 }).catch(() => undefined);
      for (const a of alerts?.items ?? []) alertIds.add(a.id);
    }
  });
  const machineIds = new Set<string>();
  await inTens([...alertIds], async (id) => {
    const alert = await defender.graph.getAlert(id).catch(() => undefined);
    for (const e of alert?.evidence ?? []) if (typeof e.mdeDeviceId === 'string') machineIds.add(e.mdeDeviceId);
  });
  await inTens([...machineIds], async (id) => {
    await defender.endpoint.getMachine(id).catch(() => undefined);
  });
}

async function main(): Promise<void> {
  const emulator = await DefenderEmulator.start({ rateLimits: 'off' });
  emulator.setLatency('*', LATENCY_MS);
  const config = loadConfig({ ...emulator.environment(), DEFENDER_CACHE_SECONDS: '0' });
  const agent = emulator.agent();
  const defender = await connectDefender(config, { agent });
  const found = recognize(MESSAGE, { cap: 25 });
  const targets: LookupTarget[] = found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }));
  if (targets.length !== 10) throw new Error(`the bench message should hold 10 indicators, it holds ${targets.length}`);

  const measure = async (name: string, run: () => Promise<void>) => {
    await run(); // warm-up (token, connections)
    const times: number[] = [];
    let calls: Record<string, number> = {};
    for (let i = 0; i < RUNS; i++) {
      const from = emulator.calls.length;
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
      calls = apiCalls(emulator, from);
    }
    return { name, medianMs: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), calls, totalCalls: Object.values(calls).reduce((a, b) => a + b, 0) };
  };

  // Latency and calls per message, without the rate budget queueing repeated runs (20 lookups a minute would queue
  // behind Graph's 150 calls/min; the storm part measures that). The old product had no budget at all.
  const unbudgeted = await connectDefender(config, { agent, budget: { reserve: async () => ({ waitMs: 0, booked: true }) } });
  const bot = await measure('bot', async () => {
    await new LookupService(unbudgeted, config, { cacheTtlMs: 0 }).lookup(targets);
  });
  const seed = await measure('old product strategy', () => seedStrategy(unbudgeted, targets));

  // The bot's own CPU per indicator: recognition, assembly into a view, card rendering; no upstream time.
  emulator.setLatency('*', 0);
  const result = await new LookupService(defender, config, { cacheTtlMs: 0 }).lookup(targets);
  const cpu: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const r = recognize(MESSAGE, { cap: 25 });
    const view = buildLookupView(result, { actions: config.actions, mint: () => 'x.y' });
    renderAdaptiveCard(view);
    cpu.push((performance.now() - t0) / r.indicators.length);
  }

  const rows = [
    ['10-indicator lookup, bot: median / p95 ms', `${bot.medianMs} / ${bot.p95Ms}`],
    ['10-indicator lookup, old strategy: median / p95 ms', `${seed.medianMs} / ${seed.p95Ms}`],
    ['upstream calls, bot (target <= 6)', `${bot.totalCalls} ${JSON.stringify(bot.calls)}`],
    ['upstream calls, old strategy', `${seed.totalCalls} ${JSON.stringify(seed.calls)}`],
    ['fewer calls than the old strategy (target >= 5x)', `${(seed.totalCalls / bot.totalCalls).toFixed(1)}x`],
    ['bot CPU per indicator (recognize + view + card; lookup assembly not yet measured), median / p95 ms', `${percentile(cpu, 50).toFixed(3)} / ${percentile(cpu, 95).toFixed(3)}`],
  ];
  const width = Math.max(...rows.map((r) => r[0]!.length));
  console.log(`defender-chatops bench: latency ${LATENCY_MS} ms per upstream call, ${RUNS} runs, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
  for (const [k, v] of rows) console.log(`${k!.padEnd(width)}  ${v}`);
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ latencyMs: LATENCY_MS, runs: RUNS, bot, seed, cpuPerIndicatorMs: { median: percentile(cpu, 50), p95: percentile(cpu, 95) }, machine: { cores: cpus().length, model: cpus()[0]?.model, node: process.version } }, null, 2)}\n`);

  agent.destroy();
  await unbudgeted.close();
  await defender.close();
  await emulator.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
