/**
 * Part 1: a 10-indicator message of mixed types from the demo tenant, looked up with latency on every upstream call, by
 * the bot and by the old product's strategy (one hunting query per indicator, then one alert read per alert and one
 * device read per device, 10 at a time, no cache). Runs in the main process, beside the emulator.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/load';
import { SEED_HUNTING_QUERY } from '../../src/config/settings';
import { connectDefender, type Defender } from '../../src/defender/connect';
import type { DefenderEmulator } from '../../emulator/server';
import { LookupService } from '../../src/defender/lookup/lookup-service';
import type { LookupTarget } from '../../src/defender/lookup/types';
import { fillHuntingTemplate } from '../../src/defender/queries/kql';
import { odata } from '../../src/defender/queries/odata';
import { recognize } from '../../src/entities';
import { NO_BUDGET } from '../child';
import { MESSAGE } from '../scenario';
import { percentile } from '../stats';
import { tally } from '../table';
import type { BenchContext, PartOutcome } from './part';

export const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
export const RUNS = Number(process.env.BENCH_RUNS ?? 20);

export interface MessageRun {
  name: string;
  medianMs: number;
  p95Ms: number;
  calls: Record<string, number>;
  totalCalls: number;
  /** Sequential waves of upstream calls in the slowest run (calls in one wave go out together). */
  roundTrips: number;
}

/**
 * Waves of calls: with the same latency on every call, a call that waited for another's answer arrives at least one
 * latency later, so a gap of half a latency between arrivals starts a new wave.
 */
function roundTrips(stamps: number[], latencyMs: number): number {
  const sorted = [...stamps].sort((a, b) => a - b);
  let waves = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > latencyMs / 2) waves += 1;
  return waves;
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

export async function runMessagePart({ host }: BenchContext): Promise<PartOutcome> {
  const emulator = host.emulator;
  host.configure(LATENCY_MS, 'off');
  const config = loadConfig({ ...emulator.environment(), DEFENDER_CACHE_SECONDS: '0' });
  const agent = emulator.agent();
  const found = recognize(MESSAGE, { cap: 25 });
  const targets: LookupTarget[] = found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }));
  if (targets.length !== 10) throw new Error(`the bench message should hold 10 indicators, it holds ${targets.length}`);

  const measure = async (name: string, run: () => Promise<void>): Promise<MessageRun> => {
    await run(); // warm-up (token, connections)
    const times: number[] = [];
    let calls: Record<string, number> = {};
    let trips = 0;
    for (let i = 0; i < RUNS; i++) {
      const from = emulator.calls.length;
      const wallFrom = Date.now();
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
      calls = apiCalls(emulator, from);
      const stamps = host
        .callsBetween(wallFrom, Date.now())
        .filter((c) => !c.inBatch && !c.route.startsWith('token'))
        .map((c) => c.at);
      trips = Math.max(trips, roundTrips(stamps, LATENCY_MS));
    }
    return {
      name,
      medianMs: Math.round(percentile(times, 50)),
      p95Ms: Math.round(percentile(times, 95)),
      calls,
      totalCalls: Object.values(calls).reduce((a, b) => a + b, 0),
      roundTrips: trips,
    };
  };

  // Latency and calls per message, without the rate budget queueing repeated runs (20 lookups a minute would queue
  // behind Graph's 150 calls/min; the storm part measures that). The old product had no budget at all.
  const unbudgeted = await connectDefender(config, { agent, budget: NO_BUDGET });
  const bot = await measure('bot', async () => {
    await new LookupService(unbudgeted, config, { cacheTtlMs: 0 }).lookup(targets);
  });
  const seed = await measure('old product strategy', () => seedStrategy(unbudgeted, targets));
  agent.destroy();
  await unbudgeted.close();

  const describe = (r: MessageRun) => `${r.totalCalls} (${tally(r.calls)})`;
  const part = '1 message';
  return {
    rows: [
      {
        part,
        measure: `10-indicator lookup, bot: median / p95 (${LATENCY_MS} ms per upstream call, ${RUNS} runs)`,
        value: `${bot.medianMs} / ${bot.p95Ms} ms`,
        target: 'below the old strategy',
        pass: bot.p95Ms < seed.medianMs,
      },
      { part, measure: '10-indicator lookup, old strategy: median / p95', value: `${seed.medianMs} / ${seed.p95Ms} ms`, target: '' },
      { part, measure: 'upstream calls, bot', value: describe(bot), target: '<= 6', pass: bot.totalCalls <= 6 },
      { part, measure: 'upstream calls, old strategy', value: describe(seed), target: '' },
      {
        part,
        measure: 'round trips (waves of upstream calls), bot / old strategy, slowest run',
        value: `${bot.roundTrips} / ${seed.roundTrips}`,
        target: '<= 3 (bot)',
        pass: bot.roundTrips <= 3,
      },
      {
        part,
        measure: 'fewer calls than the old strategy',
        value: `${(seed.totalCalls / bot.totalCalls).toFixed(1)}x`,
        target: '>= 5x',
        pass: seed.totalCalls / bot.totalCalls >= 5,
      },
    ],
    results: { latencyMs: LATENCY_MS, runs: RUNS, bot, seed },
  };
}
