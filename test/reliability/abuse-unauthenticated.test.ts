import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { DEMO_USERS } from '../../emulator/tenant';
import { FakeConnector } from '../helpers/fake-connector';
import { figure } from './support/figures';
import { isolateButton, isolationAwaitingApproval } from './support/flows';
import { USERS } from './support/teams';
import { World } from './support/world';

/*
 * Issue 13, item 2: without a Bot Framework token (demo mode, BOT_AUTH=off) nothing vouches for a request, and a web
 * page could drive the bot. The reproduction was a chain of three cross-origin form posts (no CORS preflight for
 * application/x-www-form-urlencoded; restify's bodyParser nested `from[aadObjectId]=...` into objects): a lookup whose
 * card, signed button ids included, went to the attacker's serviceUrl, then a confirm and an approval with spoofed
 * from.aadObjectId values. Each step is replayed here against the real bot and refused before the adapter sees it:
 * form bodies (415), an Origin header, a Host that is not this machine (DNS rebinding), a serviceUrl that is not on
 * this machine (403). Nothing reaches the attacker's connector, no request moves, no machine action is created.
 *
 * The attacker's connector listens on 127.0.0.1 and is addressed as http://0.0.0.0:<port>/, which Linux connects to
 * the local listener: a serviceUrl the bot could really post to, but one that is not a loopback name.
 */

const refusals: string[] = [];
afterAll(() =>
  figure(
    'abuse: unauthenticated',
    'browser-style requests refused',
    refusals.length,
    'requests',
    'form posts, Origin, foreign Host, foreign serviceUrl; nothing posted, nothing executed',
  ),
);

interface Raw {
  status: number;
  text: string;
}

/** An HTTP request with exactly these headers (fetch would add or refuse some of them). */
function raw(botUrl: string, headers: Record<string, string>, body: string): Promise<Raw> {
  const u = new URL(botUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: '/api/messages',
        method: 'POST',
        headers: { host: u.host, 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function refused(answer: Promise<Raw>, status: number, pattern: RegExp): Promise<void> {
  const r = await answer;
  expect(r.status).toBe(status);
  expect(r.text).toMatch(pattern);
  refusals.push(r.text);
}

/** `a[b][c]=v` pairs as a browser form would send them (qs nesting). */
function form(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`)
    .join('&');
}

function activityFields(serviceUrl: string, tenantId: string, user: { id: string; aadObjectId?: string }): Record<string, string> {
  return {
    type: 'message',
    id: `evil-${Date.now()}`,
    channelId: 'msteams',
    serviceUrl,
    'from[id]': user.id,
    'from[aadObjectId]': user.aadObjectId ?? '',
    'recipient[id]': '28:defender-bot',
    'conversation[id]': 'a:personal-soc',
    'conversation[conversationType]': 'personal',
    'conversation[tenantId]': tenantId,
    'channelData[tenant][id]': tenantId,
  };
}

function jsonActivity(serviceUrl: string, tenantId: string, text: string): string {
  return JSON.stringify({
    type: 'message',
    id: `evil-${Date.now()}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: USERS.alex.id, aadObjectId: USERS.alex.aadObjectId },
    recipient: { id: '28:defender-bot' },
    conversation: { id: 'a:personal-soc', conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    text,
  });
}

describe('BOT_AUTH=off: the three-post chain and its variants are refused', () => {
  let w: World;
  const attacker = new FakeConnector();
  let evil = '';

  beforeAll(async () => {
    await attacker.start();
    evil = attacker.url.replace('127.0.0.1', '0.0.0.0');
    w = await World.start();
  });
  afterAll(async () => {
    await w.close();
    await attacker.close();
  });
  afterEach(() => {
    expect(w.unhandled).toEqual([]);
  });

  it('step 1, the lookup as a cross-origin form post: 415 before anything is parsed; no card reaches the attacker', async () => {
    const body = form({ ...activityFields(evil, w.tenantId, USERS.alex), text: 'device ws-042' });
    await refused(
      raw(w.app.teams.url, { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body),
      415,
      /accepts application\/json only/,
    );
    await refused(raw(w.app.teams.url, { 'content-type': 'application/x-www-form-urlencoded' }, body), 415, /accepts application\/json only/);
    await refused(
      raw(w.app.teams.url, { 'content-type': 'text/plain;charset=UTF-8' }, jsonActivity(evil, w.tenantId, 'device ws-042')),
      415,
      /not text\/plain/,
    );
    await w.app.teams.bot.idle();
    expect(attacker.calls).toEqual([]);
    expect(w.connector.calls).toEqual([]);
  });

  it('the same lookup as JSON: refused with an Origin header, with a foreign Host, and with a foreign serviceUrl', async () => {
    await refused(
      raw(w.app.teams.url, { 'content-type': 'application/json', origin: 'https://evil.example' }, jsonActivity(w.connector.url, w.tenantId, 'device ws-042')),
      403,
      /web page/,
    );
    await refused(
      raw(
        w.app.teams.url,
        { 'content-type': 'application/json', host: 'rebind.evil.example:3978' },
        jsonActivity(w.connector.url, w.tenantId, 'device ws-042'),
      ),
      403,
      /not to this machine/,
    );
    await refused(
      raw(w.app.teams.url, { 'content-type': 'application/json' }, jsonActivity(evil, w.tenantId, 'device ws-042')),
      403,
      /serviceUrl http:\/\/0\.0\.0\.0:\d+ is not on this machine/,
    );
    await w.app.teams.bot.idle();
    expect(attacker.calls).toEqual([]);
    expect(w.connector.calls).toEqual([]);
  });

  it('steps 2 and 3 with real button ids: confirm and approve with spoofed aadObjectIds are refused; the request does not move', async () => {
    // The ids come from a legitimate local client here: the point is that even holding them, a page gets nowhere.
    const isolate = await isolateButton(w);
    const pending = await isolationAwaitingApproval(w);
    const sent = w.connector.calls.length;
    const invoke = (serviceUrl: string, user: { id: string; aadObjectId?: string }, verb: string, data: Record<string, unknown>) =>
      form({
        ...activityFields(serviceUrl, w.tenantId, user),
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'activity-card',
        'value[action][type]': 'Action.Execute',
        'value[action][verb]': verb,
        ...Object.fromEntries(Object.entries(data).map(([k, v]) => [`value[action][data][${k}]`, String(v)])),
      });
    const spoofedSam = { id: '29:sam', aadObjectId: DEMO_USERS.sam.objectId };
    await refused(
      raw(
        w.app.teams.url,
        { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        invoke(evil, USERS.alex, 'isolate', isolate),
      ),
      415,
      /application\/json only/,
    );
    await refused(
      raw(
        w.app.teams.url,
        { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        invoke(evil, spoofedSam, 'approve', pending.approve),
      ),
      415,
      /application\/json only/,
    );
    // As JSON (which a page cannot send cross-origin without a preflight, but a rebinding page could send same-origin).
    const jsonInvoke = (serviceUrl: string) =>
      JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: 'evil-invoke',
        channelId: 'msteams',
        serviceUrl,
        from: spoofedSam,
        recipient: { id: '28:defender-bot' },
        conversation: { id: 'a:personal-soc', conversationType: 'personal', tenantId: w.tenantId },
        channelData: { tenant: { id: w.tenantId } },
        replyToId: 'activity-card',
        value: { action: { type: 'Action.Execute', verb: 'approve', data: pending.approve } },
      });
    await refused(
      raw(w.app.teams.url, { 'content-type': 'application/json', host: 'rebind.evil.example:3978' }, jsonInvoke(w.connector.url)),
      403,
      /not to this machine/,
    );
    await refused(raw(w.app.teams.url, { 'content-type': 'application/json', origin: 'null' }, jsonInvoke(w.connector.url)), 403, /web page/);
    await refused(raw(w.app.teams.url, { 'content-type': 'application/json' }, jsonInvoke(evil)), 403, /not on this machine/);
    await w.app.teams.bot.idle();
    expect((await w.app.store.requests.get(pending.requestId))?.state).toBe('awaitingApproval');
    expect(await w.events(pending.requestId)).not.toContain('approved');
    expect(w.botActions()).toHaveLength(0);
    expect(attacker.calls).toEqual([]);
    expect(w.connector.calls.length).toBe(sent);
  });

  it('a local client is still answered: the refusals are specific', async () => {
    const answer = await w.say('device ws-042');
    expect(answer.http.status).toBe(200);
    expect(answer.finalText).toContain('ws-042.contoso.com');
  });
});

describe('demo mode: the same refusals, and the demo bot is on loopback only', () => {
  let app: App;
  let dataDir: string;
  const attacker = new FakeConnector();
  const local = new FakeConnector();

  beforeAll(async () => {
    await attacker.start();
    await local.start();
    dataDir = mkdtempSync(join(tmpdir(), 'abuse-demo-'));
    app = await startApp(loadConfig({ DATA_DIR: dataDir }), { port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await attacker.close();
    await local.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and says so', () => {
    expect(app.teams.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(app.notices.join('\n')).toMatch(/127\.0\.0\.1 only/);
  });

  it('form post, Origin, foreign Host and foreign serviceUrl are refused; nothing is posted anywhere', async () => {
    const tenant = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
    const evil = attacker.url.replace('127.0.0.1', '0.0.0.0');
    await refused(
      raw(app.teams.url, { 'content-type': 'application/x-www-form-urlencoded' }, form({ ...activityFields(evil, tenant, USERS.alex), text: 'device ws-042' })),
      415,
      /application\/json only/,
    );
    await refused(
      raw(app.teams.url, { 'content-type': 'application/json', origin: 'https://evil.example' }, jsonActivity(local.url, tenant, 'device ws-042')),
      403,
      /web page/,
    );
    await refused(
      raw(app.teams.url, { 'content-type': 'application/json', host: 'rebind.evil.example' }, jsonActivity(local.url, tenant, 'device ws-042')),
      403,
      /not to this machine/,
    );
    await refused(raw(app.teams.url, { 'content-type': 'application/json' }, jsonActivity(evil, tenant, 'device ws-042')), 403, /not on this machine/);
    await app.teams.bot.idle();
    expect(attacker.calls).toEqual([]);
    expect(local.calls).toEqual([]);
    // The Agents Playground's way in still works.
    const ok = await raw(app.teams.url, { 'content-type': 'application/json' }, jsonActivity(local.url, tenant, 'help'));
    expect(ok.status).toBe(200);
    await app.teams.bot.idle();
    expect(local.messages().length).toBeGreaterThan(0);
  });
});
