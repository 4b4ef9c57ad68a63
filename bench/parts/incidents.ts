/**
 * Part 7: incident subscriptions. (a) What polling costs Microsoft: Graph calls per minute at the default
 * INCIDENT_POLL_SECONDS (60), for 1 and for 50 subscriptions, measured over polls with new and changed incidents.
 * (b) The time from an incident's creation in Defender to its card being posted, p50 / p95, with the shortest poll
 * interval the setting allows (15 s): 20 incidents raised at random moments over four intervals. The poller, the store
 * (SQLite in a temporary directory) and the Defender clients are the bot's own; only the platform is a recorder.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestNotifier } from '../../src/core/action-requests';
import { ButtonRegistry } from '../../src/core/button-registry';
import { IncidentPoller } from '../../src/core/incidents/incident-poller';
import { loadConfig } from '../../src/config/load';
import { connectDefender } from '../../src/defender/connect';
import { MemoryLeases } from '../../src/net/memory-leases';
import { openStore } from '../../src/store';
import type { Store } from '../../src/store/types';
import { round, seededRandom, spread } from '../stats';
import type { Row } from '../table';
import type { BenchContext, PartOutcome } from './part';

const DEFAULT_POLL_SECONDS = 60;
const FASTEST_POLL_SECONDS = 15;
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 20);

async function subscribeMany(store: Store, n: number, prefix: string): Promise<void> {
  const at = new Date(Date.now() - 1000).toISOString();
  for (let i = 0; i < n; i++) {
    const conversationId = `${prefix}-${i}`;
    await store.incidents.saveConversation({ conversationId, platform: 'teams', ref: JSON.stringify({ id: conversationId }), updatedAt: at });
    await store.incidents.addSubscription({ id: randomUUID(), conversationId, platform: 'teams', filters: {}, createdBy: 'bench', createdAt: at });
  }
}

export async function runIncidentsPart({ host }: BenchContext): Promise<PartOutcome> {
  const part = '7 incidents';
  const emulator = host.emulator;
  host.configure(0, 'microsoft');
  const config = loadConfig({ ...emulator.environment(), LOOKUPS_REQUIRE_ROLE: 'false', INCIDENT_POLL_SECONDS: String(FASTEST_POLL_SECONDS) });
  const agent = emulator.agent();
  const defender = await connectDefender(config, { agent });
  const dir = mkdtempSync(join(tmpdir(), 'bench-incidents-'));
  const store = await openStore({ dataDir: dir });
  const posted = new Map<string, number>();
  const notifier: RequestNotifier = {
    post: async (_target, view) => {
      if (view.kind === 'incident' && !posted.has(view.id)) posted.set(view.id, Date.now());
      return randomUUID();
    },
    update: async () => undefined,
  };
  const poller = (intervalMs: number) =>
    new IncidentPoller({ config, defender, store, leases: new MemoryLeases(), notifier, buttons: new ButtonRegistry() }, { intervalMs });
  try {
    // (a) Graph calls per poll, with work to do at each poll (a new incident and a changed one).
    const callsPerPoll = async (subscriptions: number): Promise<{ graph: number; mde: number }> => {
      await subscribeMany(store, subscriptions, `cost${subscriptions}`);
      const p = poller(DEFAULT_POLL_SECONDS * 1000);
      await p.pollOnce();
      let graph = 0;
      let mde = 0;
      const polls = 5;
      for (let i = 0; i < polls; i++) {
        const raised = emulator.raiseIncident();
        emulator.changeIncident(raised.id, { status: 'inProgress' });
        const before = emulator.calls.length;
        await p.pollOnce();
        const calls = emulator.calls.slice(before);
        graph += calls.filter((c) => c.route.startsWith('graph.') && c.route !== 'graph.hunting').length;
        mde += calls.filter((c) => c.route.startsWith('mde.')).length;
      }
      await p.stop();
      for (const s of await store.incidents.listSubscriptions()) await store.incidents.removeSubscription(s.conversationId, s.number);
      return { graph: graph / polls, mde: mde / polls };
    };
    const one = await callsPerPoll(1);
    const fifty = await callsPerPoll(50);
    const perMinute = (perPoll: number) => round((perPoll * 60) / DEFAULT_POLL_SECONDS, 2);

    // (b) Creation to card, with the fastest interval, incidents raised at random moments over four intervals.
    await subscribeMany(store, 1, 'latency');
    const p = poller(FASTEST_POLL_SECONDS * 1000);
    p.start();
    const random = seededRandom(7);
    const window = 4 * FASTEST_POLL_SECONDS * 1000;
    const offsets = Array.from({ length: INCIDENTS }, () => Math.floor(random() * window)).sort((a, b) => a - b);
    const created = new Map<string, number>();
    const t0 = Date.now();
    for (const offset of offsets) {
      const wait = t0 + offset - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      created.set(emulator.raiseIncident().id, Date.now());
    }
    const deadline = Date.now() + 2 * FASTEST_POLL_SECONDS * 1000;
    while ([...created.keys()].some((id) => !posted.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await p.stop();
    const delays = [...created].flatMap(([id, at]) => (posted.has(id) ? [(posted.get(id)! - at) / 1000] : []));
    const missing = created.size - delays.length;
    const s = spread(delays);
    const rows: Row[] = [
      {
        part,
        measure: `Graph calls per minute polling incidents (INCIDENT_POLL_SECONDS=${DEFAULT_POLL_SECONDS}): 1 / 50 subscriptions`,
        value: `${perMinute(one.graph)} / ${perMinute(fifty.graph)}`,
        target: 'the same for 1 and 50',
        pass: one.graph === fifty.graph,
      },
      {
        part,
        measure: 'Defender for Endpoint calls per poll for one new incident (its devices and their actions): 1 / 50 subscriptions',
        value: `${round(one.mde, 1)} / ${round(fifty.mde, 1)}`,
        target: '',
      },
      {
        part,
        measure: `incident created -> card posted, poll every ${FASTEST_POLL_SECONDS} s, ${INCIDENTS} incidents (median / p95)`,
        value: `${s.median.toFixed(1)} / ${s.p95.toFixed(1)} s${missing ? `, ${missing} never posted` : ''}`,
        target: `p95 <= ${FASTEST_POLL_SECONDS + 2} s, none missed`,
        pass: missing === 0 && s.p95 <= FASTEST_POLL_SECONDS + 2,
      },
    ];
    return {
      rows,
      results: {
        incidents: {
          pollSecondsForCost: DEFAULT_POLL_SECONDS,
          graphCallsPerMinute: { oneSubscription: perMinute(one.graph), fiftySubscriptions: perMinute(fifty.graph) },
          mdeCallsPerPoll: { oneSubscription: one.mde, fiftySubscriptions: fifty.mde },
          timeToCard: { pollSeconds: FASTEST_POLL_SECONDS, incidents: INCIDENTS, missing, medianSeconds: round(s.median, 2), p95Seconds: round(s.p95, 2) },
        },
      },
    };
  } finally {
    await store.close();
    await defender.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
