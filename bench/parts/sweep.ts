/**
 * Part 8: a sweep across customers (issue 16). The bot as `npm start` runs it, in demo mode with a tenants file of 20
 * tenants (msspTenantSpecs(20): each an Entra tenant of its own in the embedded emulator, with data derived for it,
 * its own token authority, Microsoft's limits counted per tenant) and one Teams conversation bound to all of them;
 * `sweep <10 indicators>` is typed there and goes through the TenantRouter, every tenant's LookupService, Defender
 * clients, rate budget and HTTPS pipeline. Each run starts a fresh bot (cold tokens, caches and budgets), adds
 * BENCH_LATENCY_MS to every upstream call, and measures when the first tenant's answer, the summary and the last card
 * reach the conversation (paced as the bot paces Teams), and when Defender gave its last answer; the emulator counts
 * every tenant's Graph and Defender for Endpoint calls and every 429. BENCH_SWEEP_RUNS (5), BENCH_SWEEP_TENANTS (20).
 * The emulator runs in the bot's process (demo mode), so its work (token signing, KQL) is in the times and the CPU.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp, type App } from '../../src/app';
import type { AnswerView, LookupView } from '../../src/cards/view-models';
import { MAX_PACING_WAIT_MS, TEAMS_CONVERSATION_WINDOWS } from '../../src/bot/teams/connector-limits';
import type { Conversation } from '../../src/config/bindings';
import { loadConfig } from '../../src/config/load';
import type { Replier, TurnContext } from '../../src/core/turn';
import { MemoryRateBudget } from '../../src/net/memory-rate-budget';
import { DEMO_MSSP_INDICATORS, msspTenantSpecs, tenantData, type EmulatorTenantSpec } from '../../emulator/multi-tenant';
import type { DefenderEmulator } from '../../emulator/server';
import { createDemoTenant, type DemoTenant } from '../../emulator/tenant';
import { FILES } from '../../emulator/tenant/hashes';
import { C2_DOMAIN, EXTERNAL_IPS } from '../../emulator/tenant/network';
import { percentile, round } from '../stats';
import type { Row } from '../table';
import type { PartOutcome } from './part';

const TENANTS = Number(process.env.BENCH_SWEEP_TENANTS ?? 20);
const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 5);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
/** The SOC's Teams tenant (not a Defender tenant of the bot): its whole tenant is bound to every customer. */
const SOC_TEAMS_TENANT = '5a0c0000-0000-4000-8000-00000000b0c1';
const PLACE: Conversation = { platform: 'teams', tenantId: SOC_TEAMS_TENANT, conversationId: '19:bench-sweep@thread.v2' };

interface Pick {
  value: string;
  /** Where it comes from. */
  about: string;
  /** The tenants whose data has it. */
  expected: string[];
}

/**
 * Ten indicators from the emulator's data: the MSSP demo set's overlap (Contoso's, so in none of these derived
 * tenants) and its address seen nowhere, the C2 domain every derived tenant keeps, and values of one derived tenant
 * (its C2 address, its payload's hash, ...), computed with the emulator's own derivation; a derived value is expected
 * in every tenant whose derivation gives the same value. Also how distinct the tenants' data is: their payload.exe
 * hashes and their C2 addresses (addresses are drawn from 254 per range, so two tenants may share one).
 */
function indicators(specs: EmulatorTenantSpec[]): { picks: Pick[]; distinct: { payloadHashes: number; c2Addresses: number; sharedC2: string[][] } } {
  let base: DemoTenant | undefined;
  const week = () => (base ??= createDemoTenant(new Date()));
  const derived = new Map(specs.map((spec) => [spec.name, tenantData(spec, week).rewrite]));
  const valueIn = (name: string, value: string) => derived.get(name)?.apply(value) ?? value;
  const own = (index: number, value: string, what: string): Pick => {
    const spec = specs[index % specs.length]!;
    const mine = valueIn(spec.name, value);
    return { value: mine, about: `${spec.name}'s ${what}`, expected: specs.filter((s) => valueIn(s.name, value) === mine).map((s) => s.name) };
  };
  const picks = [
    { value: DEMO_MSSP_INDICATORS.seenInTwo, about: "contoso's C2 address (contoso is not one of these tenants)", expected: [] },
    { value: DEMO_MSSP_INDICATORS.hashSeenInTwo, about: "contoso's payload.exe SHA-256", expected: [] },
    { value: DEMO_MSSP_INDICATORS.seenInNone, about: 'an address no tenant has', expected: [] },
    { value: C2_DOMAIN, about: 'the C2 domain (every derived tenant keeps it)', expected: specs.map((s) => s.name) },
    own(0, EXTERNAL_IPS.c2.ipAddress, 'C2 address'),
    own(3, FILES.payloadExe.sha256, 'payload.exe SHA-256'),
    own(8, EXTERNAL_IPS.phishSender.ipAddress, 'phishing sender address'),
    own(12, FILES.invoiceJs.sha1!, 'invoice.js SHA-1'),
    own(16, FILES.ransomware.md5!, 'ransomware MD5'),
    own(19, 'svc-backup@contoso.com', 'compromised account'),
  ];
  const c2 = new Map<string, string[]>();
  for (const s of specs) {
    const address = valueIn(s.name, EXTERNAL_IPS.c2.ipAddress);
    c2.set(address, [...(c2.get(address) ?? []), s.name]);
  }
  const payloadHashes = new Set(specs.map((s) => valueIn(s.name, FILES.payloadExe.sha256))).size;
  return { picks, distinct: { payloadHashes, c2Addresses: c2.size, sharedC2: [...c2.values()].filter((names) => names.length > 1) } };
}

/**
 * A Teams replier without Teams: every send and update kept with the time it would reach the conversation, paced as
 * the bot's Bot Connector transport paces them (connector-transport.ts: Teams' per-conversation allowance, which sends,
 * updates and typing all count against), so that the times are those a person in Teams would see.
 */
class RecordingReplier implements Replier {
  readonly sent: Array<{ at: number; view: AnswerView }> = [];
  readonly updated: Array<{ at: number; view: AnswerView }> = [];
  private readonly allowance = new MemoryRateBudget();

  private async pace(): Promise<void> {
    const { waitMs, booked } = await this.allowance.reserve('teams-send:bench', TEAMS_CONVERSATION_WINDOWS, MAX_PACING_WAIT_MS);
    if (!booked) throw new Error(`Teams would not take this message within ${MAX_PACING_WAIT_MS} ms`);
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }
  async typing(): Promise<void> {
    await this.pace();
  }
  async send(view: AnswerView): Promise<string> {
    await this.pace();
    this.sent.push({ at: performance.now(), view });
    return `message-${this.sent.length}`;
  }
  async update(_id: string, view: AnswerView): Promise<void> {
    await this.pace();
    this.updated.push({ at: performance.now(), view });
  }
}

interface SweepRun {
  startMs: number;
  firstAnswerMs: number;
  summaryMs: number;
  /** The emulator's last answer: Defender's part done. */
  upstreamDoneMs: number;
  totalMs: number;
  /** CPU of this process (the bot and the emulator it embeds) during the sweep. */
  cpuMs: number;
  progressUpdates: number;
  /** Messages sent to the conversation: typing, sends, updates. */
  teamsMessages: number;
  summaryTitle: string;
  /** Tenant name -> the sweep's indicators its card shows something for. */
  seen: Record<string, string[]>;
  /** Tenant name -> Graph (batch parts counted) and Defender for Endpoint calls. */
  callsPerTenant: Record<string, { graphRequests: number; graphBatchParts: number; mde: number; hunting: number }>;
  throttledByEmulator: number;
  throttledSeenByBot: number;
}

function writeTenantsFile(dir: string, specs: EmulatorTenantSpec[]): string {
  const file = join(dir, 'tenants.json');
  const tenants = specs.map((s) => ({ name: s.name, tenantId: s.tenantId, credential: { app: 'shared' } }));
  writeFileSync(file, JSON.stringify({ tenants, bindings: [{ teams: { tenantId: SOC_TEAMS_TENANT }, tenants: specs.map((s) => s.name) }] }, null, 2));
  return file;
}

function callsPerTenant(emulator: DefenderEmulator, specs: EmulatorTenantSpec[]): SweepRun['callsPerTenant'] {
  const out: SweepRun['callsPerTenant'] = {};
  for (const s of specs) out[s.name] = { graphRequests: 0, graphBatchParts: 0, mde: 0, hunting: 0 };
  const byId = new Map(specs.map((s) => [s.tenantId.toLowerCase(), out[s.name]!]));
  for (const c of emulator.calls) {
    const t = c.tenantId ? byId.get(c.tenantId.toLowerCase()) : undefined;
    if (!t || c.route.startsWith('token')) continue;
    if (c.route.startsWith('graph.')) {
      if (c.inBatch) t.graphBatchParts++;
      else t.graphRequests++;
      if (c.route === 'graph.hunting') t.hunting++;
    } else if (c.route.startsWith('mde.')) t.mde++;
  }
  return out;
}

/** The sweep's indicators for which a tenant's card found something. */
function seenOn(view: LookupView): string[] {
  return view.indicators.filter((i) => !i.headline.startsWith('nothing found')).map((i) => i.value.toLowerCase());
}

async function oneSweep(tenantsFile: string, dataDir: string, specs: EmulatorTenantSpec[], picks: Pick[]): Promise<SweepRun> {
  let throttledSeenByBot = 0;
  const t0 = performance.now();
  const app: App = await startApp(loadConfig({ TENANTS_FILE: tenantsFile, DATA_DIR: dataDir }), {
    port: 0,
    onResponse: (e) => {
      if (e.status === 429) throttledSeenByBot++;
    },
  });
  const startMs = performance.now() - t0;
  try {
    const emulator = app.defender.emulator;
    if (!emulator) throw new Error('the sweep part needs demo mode (no AZURE_* settings)');
    emulator.setLatency('*', LATENCY_MS);
    emulator.setRateLimits('microsoft');
    emulator.calls.length = 0;
    // When the emulator answered each call: the last one is when Defender's part of the sweep was done.
    let lastUpstream = 0;
    const push = emulator.calls.push.bind(emulator.calls);
    emulator.calls.push = (...items) => {
      lastUpstream = performance.now();
      return push(...items);
    };
    const replier = new RecordingReplier();
    const ctx: TurnContext = {
      actor: {
        platform: 'teams',
        userId: '29:bench-analyst',
        aadObjectId: '00000000-0000-4000-8000-0000000be4c1',
        tenantId: SOC_TEAMS_TENANT,
        displayName: 'Bench Analyst',
      },
      conversationId: PLACE.platform === 'teams' ? PLACE.conversationId : '',
      place: PLACE,
      replier,
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    await app.conversation.handleText(ctx, `sweep ${picks.map((p) => p.value).join(' ')}`);
    const totalMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const answered = (v: AnswerView) => (v.kind === 'message' && v.tone === 'progress' ? Number(/Answered: (\d+) of/.exec(v.text ?? '')?.[1] ?? 0) : 0);
    const first = replier.updated.find((u) => answered(u.view) >= 1);
    const summary = replier.updated.find((u) => u.view.kind === 'message' && u.view.title.startsWith('Sweep of'));
    if (!summary || summary.view.kind !== 'message') throw new Error(`no sweep summary: ${JSON.stringify(replier.sent.map((s) => s.view)).slice(0, 400)}`);
    const seen: Record<string, string[]> = {};
    for (const { view } of replier.sent) if (view.kind === 'lookup' && view.tenant) seen[view.tenant] = seenOn(view);
    return {
      startMs,
      firstAnswerMs: (first?.at ?? summary.at) - started,
      summaryMs: summary.at - started,
      upstreamDoneMs: lastUpstream - started,
      totalMs,
      cpuMs: (user + system) / 1000,
      progressUpdates: replier.updated.length - 1,
      teamsMessages: replier.sent.length + replier.updated.length + 1,
      summaryTitle: summary.view.title,
      seen,
      callsPerTenant: callsPerTenant(emulator, specs),
      throttledByEmulator: emulator.calls.filter((c) => c.status === 429).length,
      throttledSeenByBot,
    };
  } finally {
    await app.close();
  }
}

const minMedianMax = (xs: number[]) => ({ min: Math.min(...xs), median: percentile(xs, 50), max: Math.max(...xs) });
const fmt = (m: { min: number; median: number; max: number }) => `${m.min} / ${m.median} / ${m.max}`;

export async function runSweepPart(): Promise<PartOutcome> {
  const part = '8 sweep';
  const specs = msspTenantSpecs(TENANTS);
  const { picks, distinct } = indicators(specs);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
  const loadAverage = round(loadavg()[0]!, 1);
  try {
    const tenantsFile = writeTenantsFile(dir, specs);
    const runs: SweepRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await oneSweep(tenantsFile, join(dir, `run-${i}`), specs, picks);
      console.error(
        `bench: sweep run ${i + 1}/${RUNS}: first answer ${Math.round(run.firstAnswerMs)} ms, last upstream answer ${Math.round(run.upstreamDoneMs)} ms, summary ${Math.round(run.summaryMs)} ms, last card ${Math.round(run.totalMs)} ms; CPU ${Math.round(run.cpuMs)} ms; ${run.teamsMessages} Teams messages; 429s ${run.throttledByEmulator}`,
      );
      runs.push(run);
    }
    const spreadOf = (key: 'firstAnswerMs' | 'upstreamDoneMs' | 'summaryMs' | 'totalMs' | 'startMs' | 'cpuMs') => {
      const xs = runs.map((r) => r[key]);
      return { p50: Math.round(percentile(xs, 50)), p95: Math.round(percentile(xs, 95)) };
    };
    // Every tenant of every run is one sample.
    const tenantCalls = runs.flatMap((r) => Object.values(r.callsPerTenant));
    const graph = minMedianMax(tenantCalls.map((c) => c.graphRequests));
    const parts = minMedianMax(tenantCalls.map((c) => c.graphBatchParts));
    const hunting = minMedianMax(tenantCalls.map((c) => c.hunting));
    const mde = minMedianMax(tenantCalls.map((c) => c.mde));
    const throttled = runs.reduce((n, r) => n + r.throttledByEmulator + r.throttledSeenByBot, 0);
    // Each indicator seen exactly where the emulator's data has it, in every run.
    const seenIn = (run: SweepRun, p: Pick) => Object.keys(run.seen).filter((t) => run.seen[t]!.includes(p.value.toLowerCase()));
    const misplaced = picks.filter((p) => runs.some((r) => seenIn(r, p).join() !== p.expected.join()));
    const last = runs[runs.length - 1]!;
    for (const p of picks) console.error(`bench: sweep: ${p.value} (${p.about}) seen in ${seenIn(last, p).join(', ') || 'none'}`);
    const first = spreadOf('firstAnswerMs');
    const upstream = spreadOf('upstreamDoneMs');
    const summary = spreadOf('summaryMs');
    const total = spreadOf('totalMs');
    const cpu = spreadOf('cpuMs');
    const messages = minMedianMax(runs.map((r) => r.teamsMessages));
    const rows: Row[] = [
      {
        part,
        measure: `sweep of 10 indicators across ${TENANTS} tenants, ${LATENCY_MS} ms added to every upstream call, ${RUNS} runs (a fresh bot each): first tenant's answer shown / Defender's last answer, p50 / p95`,
        value: `${first.p50} / ${first.p95} ms; ${upstream.p50} / ${upstream.p95} ms`,
        target: '',
      },
      {
        part,
        measure: 'summary shown / last tenant card shown (paced as the bot paces Teams: 8 messages per 2 s in one conversation), p50 / p95',
        value: `${summary.p50} / ${summary.p95} ms; ${total.p50} / ${total.p95} ms (${messages.median} Teams messages)`,
        target: '',
      },
      {
        part,
        measure: `per tenant (min / median / max): Graph HTTP requests (hunting among them), $batch parts, Defender for Endpoint calls`,
        value: `${fmt(graph)} (hunting ${fmt(hunting)}); ${fmt(parts)}; ${fmt(mde)}`,
        target: '',
      },
      { part, measure: `429s answered by the emulator or seen by the bot, all ${RUNS} runs`, value: String(throttled), target: '0', pass: throttled === 0 },
      {
        part,
        measure: "each indicator seen exactly in the tenants whose data has it (the tenants' data their own)",
        value: `${picks.length - misplaced.length} of ${picks.length}${misplaced.length ? ` (not: ${misplaced.map((p) => p.value).join(', ')})` : ''}; ${Object.keys(last.seen).length} of ${TENANTS} tenants with a card; ${distinct.payloadHashes} distinct payload.exe hashes and ${distinct.c2Addresses} distinct C2 addresses in ${TENANTS} tenants${distinct.sharedC2.length ? ` (shared: ${distinct.sharedC2.map((n) => n.join(' and ')).join(', ')})` : ''}`,
        target: 'all; a hash per tenant',
        pass: misplaced.length === 0 && distinct.payloadHashes === TENANTS,
      },
      {
        part,
        measure: `CPU of the process (the bot and the emulator it embeds) per sweep, p50 / p95; load average when the part began`,
        value: `${cpu.p50} / ${cpu.p95} ms; ${loadAverage} on ${cpus().length} cores`,
        target: '',
      },
    ];
    return {
      rows,
      results: {
        sweep: {
          tenants: TENANTS,
          runs: RUNS,
          latencyPerUpstreamCallMs: LATENCY_MS,
          loadAverageAtStart: loadAverage,
          indicators: picks.map((p) => ({ value: p.value, about: p.about, seenIn: seenIn(last, p) })),
          misplaced: misplaced.map((p) => p.value),
          distinctData: distinct,
          botStartMs: spreadOf('startMs'),
          firstTenantShownMs: first,
          lastUpstreamAnswerMs: upstream,
          summaryShownMs: summary,
          lastCardShownMs: total,
          cpuMsPerSweep: cpu,
          teamsMessagesPerSweep: messages,
          progressUpdates: runs.map((r) => r.progressUpdates),
          callsPerTenant: { graphRequests: graph, hunting, graphBatchParts: parts, mde },
          throttled: { byEmulator: runs.map((r) => r.throttledByEmulator), seenByBot: runs.map((r) => r.throttledSeenByBot) },
          summary: last.summaryTitle,
        },
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
