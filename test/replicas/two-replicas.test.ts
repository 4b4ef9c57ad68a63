/**
 * Two bot processes on one PostgreSQL database and one Redis, in front of one emulated Defender: lookups and clicks go
 * to either replica. Runs when DATABASE_URL and REDIS_URL are set (.ci/run sets both and starts the servers).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { buttonData } from '../tenancy/mssp-bot';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';
import { DefenderEmulator } from '../../emulator/server';
import { DEMO_USERS } from '../../emulator/tenant';
import { openStore } from '../../src/store';
import { cardText, FakeConnector } from '../helpers/fake-connector';
import { getFreePort, spawnManaged, type ManagedProcess } from '../e2e/harness/proc';

const PG = process.env.DATABASE_URL;
const REDIS = process.env.REDIS_URL;
const describeShared = PG && REDIS ? describe : describe.skip;
const ROOT = resolve(__dirname, '..', '..');
const LOGS = join(ROOT, 'test-output', 'replicas');

interface Replica {
  name: string;
  url: string;
  proc: ManagedProcess;
}

let seq = 0;

describeShared('two replicas on one PostgreSQL and one Redis', () => {
  jest.setTimeout(240_000);
  const connector = new FakeConnector();
  const dbName = `replicas_${randomBytes(4).toString('hex')}`;
  const dataRoot = mkdtempSync(join(tmpdir(), 'replicas-'));
  const signingKey = randomBytes(48).toString('base64');
  let emulator: DefenderEmulator;
  let databaseUrl = '';
  let redisUrl = '';
  let redis: Redis;
  let caFile = '';
  const replicas: Replica[] = [];

  async function startReplica(name: string): Promise<Replica> {
    const port = await getFreePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...emulator.environment(),
      NODE_EXTRA_CA_CERTS: caFile,
      BOT_AUTH: 'off',
      PORT: String(port),
      DATA_DIR: join(dataRoot, name),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      ACTION_SIGNING_KEY: signingKey,
      TEAMS_ALLOWED_TENANTS: emulator.tenantId,
      DEFENDER_ENABLE_DEVICE_ISOLATION: 'true',
      ACTIONS_REQUIRING_APPROVAL: 'isolate',
      ROLE_RESPONDERS: `aad:${DEMO_USERS.alex.objectId}`,
      ROLE_APPROVERS: `aad:${DEMO_USERS.sam.objectId}`,
      DEFENDER_MAX_RETRY_WAIT_SECONDS: '1',
      DEFENDER_CACHE_SECONDS: '300',
      LOG_LEVEL: 'info',
    };
    const script = "require('./src/cli/main.ts').main(['start']).then((c) => { process.exitCode = c; })";
    const proc = spawnManaged(name, process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      env,
      logFile: join(LOGS, `${name}.log`),
      maxLifetimeSec: 600,
    });
    const m = await proc.waitForOutput(/is listening on (http:\/\/[^\s]+)\/api\/messages/, 90_000);
    const replica = { name, url: m[1]!, proc };
    replicas.push(replica);
    return replica;
  }

  function activity(user: { objectId: string; displayName: string }, conversation: string, extra: Record<string, unknown>) {
    return {
      type: 'message',
      id: `act-${++seq}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${user.objectId}`, name: user.displayName, aadObjectId: user.objectId },
      recipient: { id: '28:defender-bot', name: 'Defender' },
      conversation: { id: conversation, conversationType: 'personal', tenantId: emulator.tenantId },
      channelData: { tenant: { id: emulator.tenantId } },
      ...extra,
    };
  }

  async function post(replica: Replica, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${replica.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  const say = (replica: Replica, user: { objectId: string; displayName: string }, conversation: string, text: string) =>
    post(replica, activity(user, conversation, { text }));
  const click = (replica: Replica, user: { objectId: string; displayName: string }, conversation: string, verb: string, data: Record<string, unknown>) =>
    post(
      replica,
      activity(user, conversation, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'activity-1',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );

  const actionData = buttonData;

  const cardsIn = (conversation: string) =>
    connector.calls
      .filter((c) => c.conversationId === conversation && c.body.type === 'message')
      .map((c) => (c.body.attachments as { content: unknown }[] | undefined)?.[0]?.content);

  beforeAll(async () => {
    const admin = new Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(PG!);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    const r = new URL(REDIS!);
    r.pathname = '/9';
    redisUrl = r.toString();
    redis = new Redis(redisUrl);
    await redis.flushdb();
    emulator = await DefenderEmulator.start({ timeline: { pendingMs: 4000, inProgressMs: 20_000, outcome: 'Succeeded' } });
    caFile = join(dataRoot, 'emulator-ca.pem');
    writeFileSync(caFile, emulator.caPem);
    await connector.start();
    await Promise.all([startReplica('replica-a'), startReplica('replica-b')]);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.proc.stop(15_000)));
    await connector.close();
    await emulator?.close();
    await redis?.quit();
    const admin = new Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  it('shares lookups: the same indicator asked of both replicas at once is read from Defender once', async () => {
    const [a, b] = replicas;
    const before = emulator.callsTo('graph.hunting');
    const answers = await Promise.all([
      say(a!, DEMO_USERS.alex, 'a:conv-1', 'lookup 198.51.100[.]77'),
      say(b!, DEMO_USERS.sam, 'a:conv-2', 'lookup 198.51.100.77'),
    ]);
    expect(answers.map((x) => x.status)).toEqual([200, 200]);
    await connector.waitFor(
      () =>
        [cardsIn('a:conv-1'), cardsIn('a:conv-2')].every((cards) => cards.some((c) => /198\.51\.100\.77/.test(cardText(c)) && !/Looking up/.test(cardText(c)))),
      60_000,
    );
    expect(emulator.callsTo('graph.hunting') - before).toBe(1);
  });

  it('acts once: a lookup card on one replica, clicks on the other, a double approval on both', async () => {
    const [a, b] = replicas;
    const conv = 'a:conv-isolate';
    await say(a!, DEMO_USERS.alex, conv, 'device ws-042');
    await connector.waitFor(() => cardsIn(conv).some((c) => actionData(c, 'isolate')), 60_000);
    const lookupCard = cardsIn(conv).find((c) => actionData(c, 'isolate'));

    // The lookup card's button was minted by replica A; replica B resolves it from the shared store and posts the
    // request card; Alex's client fetches the form from it (refresh), served here by replica A from the shared store.
    const proposed = await click(b!, DEMO_USERS.alex, conv, 'isolate', actionData(lookupCard, 'isolate')!);
    expect(JSON.stringify(proposed.body)).toMatch(/Confirm it on the request card/);
    await connector.waitFor(() => cardsIn(conv).some((c) => (c as { refresh?: unknown } | undefined)?.refresh), 30_000);
    const requestCard = cardsIn(conv).find((c) => (c as { refresh?: unknown } | undefined)?.refresh) as {
      refresh: { action: { verb: string; data: Record<string, unknown> } };
    };
    const form = await post(
      a!,
      activity(DEMO_USERS.alex, conv, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'activity-2',
        value: { action: { type: 'Action.Execute', ...requestCard.refresh.action }, trigger: 'automatic' },
      }),
    );
    const confirmCard = (form.body as { value?: unknown }).value;
    expect(cardText(confirmCard)).toMatch(/Isolate device ws-042/);
    const confirmed = await click(a!, DEMO_USERS.alex, conv, 'confirm', {
      ...actionData(confirmCard, 'confirm')!,
      reason: 'beaconing to the C2',
      isolationType: 'Full',
    });
    expect(confirmed.status).toBe(200);
    await connector.waitFor(() => cardsIn(conv).some((c) => actionData(c, 'approve')), 30_000);
    const approval = cardsIn(conv).find((c) => actionData(c, 'approve'));
    const approveData = actionData(approval, 'approve')!;

    const isolationsBefore = emulator.calls.filter((c) => c.route === 'mde.isolate').length;
    const both = await Promise.all([click(a!, DEMO_USERS.sam, conv, 'approve', approveData), click(b!, DEMO_USERS.sam, conv, 'approve', approveData)]);
    expect(both.map((x) => x.status)).toEqual([200, 200]);
    expect(emulator.calls.filter((c) => c.route === 'mde.isolate').length - isolationsBefore).toBe(1);
    expect(JSON.stringify(both.map((x) => x.body))).toMatch(/Already handled/);

    // One replica follows the action; stopping it (SIGTERM) hands the lease over and the other finishes the job.
    await connector.waitFor(() => replicas.some((r) => /following request/.test(r.proc.output())), 30_000);
    const owner = replicas.find((r) => /following request/.test(r.proc.output()))!;
    const other = replicas.find((r) => r !== owner)!;
    expect(other.proc.output()).not.toMatch(/following request/);
    await owner.proc.stop(20_000);
    await connector.waitFor(() => /following request/.test(other.proc.output()), 30_000);
    await connector.waitFor(() => cardsIn(conv).some((c) => /Isolate device ws-042\.contoso\.com: Succeeded/.test(cardText(c))), 90_000);

    const store = await openStore({ databaseUrl, dataDir: dataRoot });
    try {
      const audit = await store.audit.query({ since: new Date(Date.now() - 3600_000), limit: 200 });
      const rows = audit
        .filter((e) => e.action === 'isolate')
        .map((e) => `${e.event}${e.event === 'status' ? ` ${e.detail}` : ''}`)
        .reverse();
      // Polling backs off, so an intermediate state may pass unseen; every row is there once and the last is final.
      expect(rows.slice(0, 4)).toEqual(['requested', 'confirmed', 'approved', 'submitted']);
      expect(rows[rows.length - 1]).toBe('status Succeeded');
      expect(new Set(rows).size).toBe(rows.length);
    } finally {
      await store.close();
    }
    // Bring the stopped replica back for the next test.
    replicas.splice(replicas.indexOf(owner), 1);
    await startReplica(`${owner.name}-again`);
  });

  it("shares Microsoft's budget: 48 new lookups over both replicas never exceed 45 hunting calls a minute", async () => {
    const conv = 'a:conv-budget';
    const huntingBefore = emulator.calls.filter((c) => c.route === 'graph.hunting');
    const start = Date.now();
    await Promise.all(Array.from({ length: 48 }, (_, i) => say(replicas[i % 2]!, DEMO_USERS.alex, `${conv}-${i}`, `lookup 198.51.100.${100 + i}`)));
    await connector.waitFor(
      () => Array.from({ length: 48 }, (_, i) => cardsIn(`${conv}-${i}`)).every((cards) => cards.some((c) => !/Looking up/.test(cardText(c)))),
      120_000,
    );
    const hunting = emulator.calls.filter((c) => c.route === 'graph.hunting').slice(huntingBefore.length);
    // Per-replica budgets would each allow 45 and Defender would answer 429; one shared budget holds the rest back.
    expect(hunting.filter((c) => c.status === 429)).toHaveLength(0);
    expect(Date.now() - start).toBeLessThan(60_000);
    expect(hunting.length).toBeLessThanOrEqual(45);
    expect(hunting.length).toBeLessThan(48);
    const answers = Array.from({ length: 48 }, (_, i) => cardText(cardsIn(`${conv}-${i}`).pop()));
    // Held back past its deadline, a lookup says when to retry; one that waited too long on a busy machine times out
    // instead ("try again"). Either way every answer without hunting says so, and no answer claims rows it never read.
    const failed = answers.filter((t) => /section\(s\) failed/.test(t));
    expect(failed.every((t) => /retry|try again/i.test(t))).toBe(true);
    expect(failed.length).toBeGreaterThanOrEqual(48 - 45);
    expect(answers.length - failed.length).toBeLessThanOrEqual(hunting.filter((c) => c.status === 200).length);
  });
});
