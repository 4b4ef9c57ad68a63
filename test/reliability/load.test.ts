import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { DefenderEmulator } from '../../emulator/server';
import { DEMO_INDICATORS } from '../../emulator/tenant';
import { AnswerConnector } from './support/answer-connector';
import { FAULTS, HOLD_MS } from './support/fault-cases';
import { figure, percentile } from './support/figures';
import { messageActivity, postToBot, USERS } from './support/teams';
import { baseEnv, UNLIMITED_BUDGET } from './support/world';

/*
 * 200 conversations at once, 5 lookups each (one after the other within a conversation), through the real Teams
 * endpoint, against the emulator injecting a fault into about 5% of the requests of every route a lookup uses (429,
 * 500, 503, timeout, reset, malformed JSON; $batch parts get the status and timeout faults: a malformed part is a known
 * defect that loses the answer, tested on its own in faults-lookup.test.ts). No crash, every turn answered once;
 * latency is reported.
 * The lookup cache is off so every turn goes upstream, and the bot's own Microsoft rate budget is lifted: this
 * measures the bot, not the 45-queries-a-minute hunting limit.
 */

/** RELIABILITY_LOAD_CONVERSATIONS overrides, for a quick run. */
const CONVERSATIONS = Number(process.env.RELIABILITY_LOAD_CONVERSATIONS ?? 200);
const TURNS = 5;
const FAULT_SHARE = 0.05;

/** Every route a lookup uses; graph.alert(s) and graph.incident(s) are $batch parts. */
const ROUTES = ['graph.hunting', 'graph.batch', 'mde.machines', 'mde.machineactions', 'graph.alert', 'graph.incident', 'graph.alerts', 'graph.incidents'];

const POOL = [
  DEMO_INDICATORS.malware.c2Ip,
  DEMO_INDICATORS.malware.c2Domain,
  DEMO_INDICATORS.phishing.url,
  DEMO_INDICATORS.phishing.sender,
  DEMO_INDICATORS.malware.payloadExe.sha256,
  DEMO_INDICATORS.ransomware.file.sha256,
  DEMO_INDICATORS.identity.sprayIp,
  DEMO_INDICATORS.cve,
  '198.51.100.77',
  'ws-042',
];

let emulator: DefenderEmulator;
let connector: AnswerConnector;
let app: App;
let dataDir: string;
const logs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  emulator = await DefenderEmulator.start({ rateLimits: 'off' });
  connector = new AnswerConnector();
  await connector.start();
  dataDir = mkdtempSync(join(tmpdir(), 'reliability-load-'));
  app = await startApp(loadConfig({ ...baseEnv(emulator, dataDir) }), { port: 0, agent: emulator.agent(), budget: UNLIMITED_BUDGET, log: (m) => logs.push(m) });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await app.close();
  await emulator.close();
  await connector.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it(`${CONVERSATIONS} conversations x ${TURNS} lookups with ${FAULT_SHARE * 100}% faults: every turn answered once, no crash`, async () => {
  // Sign in first (a token endpoint fault is its own test), then the faults: one rule per kind, shares adding to ~5%.
  await postToBot(app.teams.url, messageActivity(connector.url, emulator.tenantId, 'lookup 198.51.100.77', { conversationId: 'a:warm-up' }));
  await connector.nextAnswer('a:warm-up', 10_000);
  emulator.resetBehaviour();
  for (const route of ROUTES) {
    const kinds = [
      FAULTS.throttled,
      FAULTS.error500,
      FAULTS.unavailable503,
      FAULTS.timeout,
      FAULTS.reset,
      ...(route.startsWith('graph.ale') || route.startsWith('graph.inc') ? [] : [FAULTS.malformed]),
    ];
    const share = 1 - Math.pow(1 - FAULT_SHARE, 1 / kinds.length);
    for (const f of kinds) {
      const fault = f === FAULTS.throttled ? ({ kind: 'status', status: 429, retryAfterSeconds: 1 } as const) : f.fault;
      emulator.addFault({ route, fault, probability: share });
    }
  }

  const latencies: number[] = [];
  const unanswered: string[] = [];
  let wholeAnswerLost = 0;
  let withFailedSection = 0;
  const started = Date.now();
  const rssBefore = process.memoryUsage().rss;
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      const conversationId = `a:load-${c}`;
      for (let t = 0; t < TURNS; t++) {
        const text = `lookup ${POOL[(c + t) % POOL.length]}`.replace('lookup ws-042', 'device ws-042');
        const answer = connector.nextAnswer(conversationId, 30_000);
        const sent = Date.now();
        const http = await postToBot(
          app.teams.url,
          messageActivity(connector.url, emulator.tenantId, text, { conversationId, user: c % 2 ? USERS.alex : USERS.sam }),
        );
        expect(http.status).toBe(200);
        const shown = await answer.catch(() => undefined);
        if (shown === undefined) {
          // Not answered within 30 s: counted, and the conversation goes on (its late answer would be miscounted).
          unanswered.push(`${conversationId} "${text}"`);
          return;
        }
        latencies.push(Date.now() - sent);
        if (/Something went wrong/.test(shown)) wholeAnswerLost++;
        else if (/section\(s\) failed/.test(shown)) withFailedSection++;
      }
    }),
  );
  const wallMs = Date.now() - started;
  await app.teams.bot.idle();

  const turns = CONVERSATIONS * TURNS;
  figure('load', 'turns not answered within 30 s', unanswered.length, 'turns', unanswered.slice(0, 2).join('; '));
  expect(unanswered).toEqual([]);
  expect(latencies).toHaveLength(turns);
  for (let c = 0; c < CONVERSATIONS; c++) expect(connector.answers.get(`a:load-${c}`)).toBe(TURNS);
  expect(connector.unexpected).toBe(0);
  expect(unhandled).toEqual([]);
  expect(logs.filter((l) => l.startsWith('turn failed') || l.startsWith('answer failed'))).toEqual([]);

  const upstream = emulator.calls.filter((x) => x.route !== 'token' && x.route !== 'token.openid');
  const faulted = upstream.filter((x) => x.status !== 200);
  figure('load', 'turns answered', `${latencies.length} / ${turns}`, undefined, `${CONVERSATIONS} conversations x ${TURNS} lookups`);
  figure('load', 'turn latency p50', percentile(latencies, 50), 'ms');
  figure('load', 'turn latency p95', percentile(latencies, 95), 'ms');
  figure('load', 'turn latency p99', percentile(latencies, 99), 'ms');
  figure('load', 'turn latency max', Math.max(...latencies), 'ms', `a timeout fault holds ${HOLD_MS} ms`);
  figure('load', 'throughput', (turns / wallMs) * 1000, 'turns/s', `wall ${wallMs} ms`);
  figure(
    'load',
    'upstream requests (answered with an error)',
    `${upstream.length} (${faulted.length}, ${((faulted.length / upstream.length) * 100).toFixed(1)}%)`,
    undefined,
    'retries included; a malformed body counts as 200',
  );
  figure('load', 'answers with a failed section', withFailedSection, 'turns');
  figure('load', 'answers "Something went wrong"', wholeAnswerLost, 'turns');
  figure('load', 'progress messages (lookups over 1 s)', connector.progress, 'messages');
  figure('load', 'RSS growth during the run', (process.memoryUsage().rss - rssBefore) / 1048576, 'MB');
});
