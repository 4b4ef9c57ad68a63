import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, StartupRefusal, type App } from '../../../src/app';
import { decideBotAuth } from '../../../src/bot/teams/bot-auth';
import { loadConfig } from '../../../src/config/load';
import { DEMO_USERS } from '../../../emulator/tenant';
import { FakeConnector, cardText } from '../../helpers/fake-connector';

const DEMO_TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
const DATA_DIR = mkdtempSync(join(tmpdir(), 'teams-bot-'));
let seq = 0;

function activity(connector: FakeConnector, text: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `msg-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: '29:alex', name: 'Alex Analyst', aadObjectId: DEMO_USERS.alex.objectId },
    recipient: { id: '28:defender-bot', name: 'Defender' },
    conversation: { id: 'a:personal-alex', conversationType: 'personal', tenantId: DEMO_TENANT },
    channelData: { tenant: { id: DEMO_TENANT } },
    text,
    ...overrides,
  };
}

async function post(app: App, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${app.teams.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('bot authentication decision', () => {
  it('refuses to start without MicrosoftAppId outside demo mode, naming the settings', () => {
    const config = loadConfig({ AZURE_TENANT_ID: DEMO_TENANT, AZURE_CLIENT_ID: 'x', AZURE_CLIENT_SECRET: 'y', LOOKUPS_REQUIRE_ROLE: 'false' });
    const decision = decideBotAuth(config, false);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.message).toMatch(/MicrosoftAppId is not set.*MicrosoftAppPassword/);
  });

  it('demo mode and BOT_AUTH=off listen on 127.0.0.1 only and say so', () => {
    const demo = decideBotAuth(loadConfig({}), true);
    expect(demo).toMatchObject({ ok: true, mode: 'demo', bindAddress: '127.0.0.1', notice: expect.stringContaining('not authenticated') });
    const off = decideBotAuth(loadConfig({ BOT_AUTH: 'off', BIND_ADDRESS: '0.0.0.0' }), false);
    expect(off).toMatchObject({ ok: true, mode: 'off', bindAddress: '127.0.0.1' });
  });

  it('refuses BOT_AUTH=off in production, at configuration time', () => {
    expect(() => loadConfig({ BOT_AUTH: 'off', NODE_ENV: 'production' })).toThrow(/BOT_AUTH is off while NODE_ENV=production/);
  });

  it('authenticates when MicrosoftAppId is set', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: DEMO_TENANT,
    });
    expect(decideBotAuth(config, false)).toMatchObject({ ok: true, mode: 'authenticated', bindAddress: '0.0.0.0' });
  });
});

describe('Teams conversation through the real CloudAdapter on restify', () => {
  let app: App;
  const connector = new FakeConnector();

  beforeAll(async () => {
    await connector.start();
    app = await startApp(loadConfig({ DATA_DIR }), { port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await connector.close();
  });
  beforeEach(() => connector.clear());

  it('answers a lookup in personal chat with one Adaptive Card marked DEMO DATA', async () => {
    const res = await post(app, activity(connector, 'lookup 198.51.100[.]77'));
    expect(res.status).toBe(200);
    await app.teams.bot.idle();
    const messages = connector.messages();
    const card = messages[messages.length - 1]!.card!;
    expect(card.type).toBe('AdaptiveCard');
    const text = cardText(card);
    expect(text).toContain('DEMO DATA');
    expect(text).toContain('198.51.100.77');
    expect(text).toContain('srv-fin-01.contoso.com');
    expect(connector.calls.some((c) => c.body.type === 'typing')).toBe(true);
  });

  it('treats pasted text with indicators as a lookup, and unknown input with help', async () => {
    await post(app, activity(connector, 'we saw hxxps://bad[.]example[.]net/login in a mail'));
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toContain('https://bad.example.net/login');
    connector.clear();
    await post(app, activity(connector, 'what can you do'));
    await app.teams.bot.idle();
    const help = cardText(connector.messages().pop()!.card);
    expect(help).toContain('lookup');
    expect(help).toContain('I found no command and no indicator');
  });

  it('in a channel, answers only when @mentioned, with the mention stripped', async () => {
    const channel = { conversation: { id: '19:soc@thread.tacv2', conversationType: 'channel', tenantId: DEMO_TENANT } };
    await post(app, activity(connector, 'lookup 198.51.100.77', channel));
    await app.teams.bot.idle();
    expect(connector.messages()).toEqual([]);
    await post(
      app,
      activity(connector, '<at>Defender</at> lookup 198.51.100.77', {
        ...channel,
        entities: [{ type: 'mention', text: '<at>Defender</at>', mentioned: { id: '28:defender-bot', name: 'Defender' } }],
      }),
    );
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toContain('198.51.100.77');
  });

  it('gates hunt on the hunter role, read from Entra groups at the moment', async () => {
    await post(
      app,
      activity(connector, 'hunt DeviceNetworkEvents | where RemoteIP == "198.51.100.77" | summarize count() by DeviceName', {
        from: { id: '29:pat', name: 'Pat', aadObjectId: DEMO_USERS.pat.objectId },
      }),
    );
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toMatch(/Not allowed to hunt[\s\S]*hunter role/);
    connector.clear();
    await post(app, activity(connector, 'hunt DeviceNetworkEvents | where RemoteIP == "198.51.100.77" | summarize Connections = count() by DeviceName'));
    await app.teams.bot.idle();
    const hunt = cardText(connector.messages().pop()!.card);
    expect(hunt).toContain('ws-017.contoso.com');
    expect(hunt).toMatch(/page 1 of 1/i);
  });

  it("checks hunt <KQL> with Microsoft's analyzer before spending a hunting call: the error with line and column at once", async () => {
    const before = app.defender.emulator!.calls.filter((c) => c.route === 'graph.hunting').length;
    await post(app, activity(connector, 'hunt DeviceNetworkInfo | mv-expand IPAddresses | extend IP = tostring(IPAddresses.IPAddress)'));
    await app.teams.bot.idle();
    const answer = cardText(connector.messages().pop()!.card);
    expect(answer).toContain('Defender would refuse this query');
    expect(answer).toMatch(/Line 1, column 31: The expression must have the type dynamic\. \(KS141\)/);
    expect(app.defender.emulator!.calls.filter((c) => c.route === 'graph.hunting').length).toBe(before);
  });

  it("a typed response action posts the request card; the requester's own clients fetch the form (refresh), others see it waits", async () => {
    await post(app, activity(connector, 'isolate ws-042 selective because C2 beacon seen in chat'));
    await app.teams.bot.idle();
    const shared = connector.messages().pop()!.card! as { refresh?: { action: { verb: string; data: { requestId: string } }; userIds: string[] } };
    expect(cardText(shared)).toMatch(/Isolate device ws-042\.contoso\.com\? Waiting for Alex Analyst to confirm/);
    expect(JSON.stringify(shared)).not.toContain('C2 beacon seen in chat');
    expect(shared.refresh).toMatchObject({ action: { verb: 'status' }, userIds: ['29:alex'] });
    const refresh = (from: Record<string, unknown>) =>
      post(
        app,
        activity(connector, '', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          text: undefined,
          from,
          value: { action: { type: 'Action.Execute', verb: 'status', data: shared.refresh!.action.data }, trigger: 'automatic' },
        }),
      );
    // Alex's Teams (desktop, phone, after a reload) asks for its own view: the form, filled with what was typed.
    const mine = await refresh({ id: '29:alex', name: 'Alex Analyst', aadObjectId: DEMO_USERS.alex.objectId });
    const form = JSON.stringify((mine.body as { value: unknown }).value);
    expect(form).toContain('C2 beacon seen in chat');
    expect(form).toContain('"value":"Selective"');
    expect(form).toMatch(/"verb":"confirm"/);
    // Anyone else who asks sees the shared view, without the form.
    const theirs = await refresh({ id: '29:sam', name: 'Sam Soc', aadObjectId: DEMO_USERS.sam.objectId });
    expect(JSON.stringify((theirs.body as { value: unknown }).value)).not.toMatch(/"verb":"confirm"/);
    connector.clear();
    await post(app, activity(connector, 'audit ws-042 7'));
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toMatch(/Audit for ws-042[\s\S]*requested isolate ws-042\.contoso\.com/);
    connector.clear();
    await post(app, activity(connector, 'audit', { from: { id: '29:pat', name: 'Pat', aadObjectId: DEMO_USERS.pat.objectId } }));
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toContain('The audit is for responders and admins.');
  });

  it('lists machine actions', async () => {
    await post(app, activity(connector, 'actions ws-017'));
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toMatch(/Isolate[\s\S]*Pending/);
  });

  it('refuses a tenant that is not allowed', async () => {
    const strict = await startApp(loadConfig({ DATA_DIR, TEAMS_ALLOWED_TENANTS: DEMO_TENANT }), { port: 0 });
    try {
      const other = {
        conversation: { id: 'a:x', conversationType: 'personal', tenantId: '99999999-9999-4999-8999-999999999999' },
        channelData: { tenant: { id: '99999999-9999-4999-8999-999999999999' } },
      };
      await post(strict, activity(connector, 'lookup 198.51.100.77', other));
      await strict.teams.bot.idle();
      expect(connector.calls.map((c) => c.body.text)).toContain('This bot is not available to your organisation.');
    } finally {
      await strict.close();
    }
  });

  it('answers buttons by signed request id only: forged, foreign and valid clicks', async () => {
    await post(app, activity(connector, 'lookup ws-042 198.51.100.77'));
    await app.teams.bot.idle();
    const card = connector.messages().pop()!.card!;
    const executes: { verb: string; data: { requestId: string }; title: string }[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o.type === 'Action.Execute') executes.push(o as never);
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    const isolate = executes.find((e) => e.verb === 'isolate')!;
    expect(isolate).toBeDefined();
    expect(Object.keys(isolate.data)).toEqual(['requestId']);

    const invoke = (verb: string, data: unknown, conversationId = 'a:personal-alex') =>
      post(
        app,
        activity(connector, '', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          text: undefined,
          replyToId: 'activity-1',
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
          conversation: { id: conversationId, conversationType: 'personal', tenantId: DEMO_TENANT },
        }),
      );

    // A valid click by a responder (Alex is in the demo SOC Responders group) posts the request card to the
    // conversation, where Alex's clients show the form; the lookup card stays as it was.
    connector.clear();
    const valid = await invoke('isolate', isolate.data);
    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringContaining('Confirm it on the request card'),
    });
    expect(cardText(connector.messages().pop()!.card)).toMatch(/Isolate device ws-042\.contoso\.com\? Waiting for Alex Analyst/);
    expect(connector.calls.filter((c) => c.method === 'PUT')).toEqual([]);

    const forged = await invoke('isolate', {
      requestId: `${isolate.data.requestId.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`,
      machineId: 'd781e0bd238883977f4f0e6e6fb52106fb50197d',
    });
    expect(JSON.stringify(forged.body)).toContain('altered');
    const foreign = await invoke('isolate', isolate.data, 'a:someone-else');
    expect(JSON.stringify(foreign.body)).toContain('another conversation');
    const wrongVerb = await invoke('release', isolate.data);
    expect(JSON.stringify(wrongVerb.body)).toContain('another conversation or action');
    const garbage = await invoke('refresh', 'not an object');
    expect(JSON.stringify(garbage.body)).toContain('cannot be used');

    const refresh = executes.find((e) => e.verb === 'refresh')!;
    const refreshed = await invoke('refresh', refresh.data);
    expect(refreshed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText((refreshed.body as { value: unknown }).value)).toContain('198.51.100.77');
  });

  it('a section with more items than the card shows offers "show all", posted as a new message', async () => {
    await post(app, activity(connector, 'lookup alex.analyst@contoso.com'));
    await app.teams.bot.idle();
    const card = JSON.stringify(connector.messages().pop()!.card);
    const more = /"verb":"showMore","data":\{"requestId":"([^"]+)"\}/.exec(card);
    expect(more).not.toBeNull();
    connector.clear();
    const res = await post(
      app,
      activity(connector, '', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: { action: { type: 'Action.Execute', verb: 'showMore', data: { requestId: more![1] } } },
      }),
    );
    expect(res.body).toMatchObject({ statusCode: 200, value: 'Posted the full list below.' });
    const posted = cardText(connector.messages().pop()!.card);
    expect((posted.match(/Open incident|Open alert/g) ?? []).length).toBeGreaterThan(5);
  });

  it('shows progress for a slow lookup, then replaces it with the answer', async () => {
    app.defender.emulator!.setLatency('graph.hunting', 1500);
    try {
      await post(app, activity(connector, 'lookup 192.0.2.200'));
      await app.teams.bot.idle();
      const messages = connector.messages();
      expect(cardText(messages[0]!.card)).toMatch(/Looking up 1 indicator\.\.\./);
      const update = messages.find((m) => m.method === 'PUT')!;
      expect(update).toBeDefined();
      expect(cardText(update.card)).toContain('192.0.2.200');
    } finally {
      app.defender.emulator!.setLatency('graph.hunting', 0);
    }
  });
});

describe('an authenticated bot', () => {
  it('answers 401 to a request without a valid token (fail closed)', async () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: DEMO_TENANT,
      BIND_ADDRESS: '127.0.0.1',
      DATA_DIR,
    });
    const app = await startApp(config, { port: 0 });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const connector = new FakeConnector();
      await connector.start();
      const res = await post(app, activity(connector, 'lookup 198.51.100.77'));
      expect(res.status).toBe(401);
      const forged = await post(app, activity(connector, 'lookup 198.51.100.77'), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
      expect(connector.calls).toEqual([]);
      await connector.close();
    } finally {
      errors.mockRestore();
      await app.close();
    }
  });

  it('a live configuration without MicrosoftAppId refuses to start', async () => {
    await expect(
      startApp(
        loadConfig({
          AZURE_TENANT_ID: DEMO_TENANT,
          AZURE_CLIENT_ID: 'x',
          AZURE_CLIENT_SECRET: 'y',
          AZURE_AUTHORITY_HOST: 'https://127.0.0.1:1',
          LOOKUPS_REQUIRE_ROLE: 'false',
        }),
        { port: 0 },
      ),
    ).rejects.toThrow(StartupRefusal);
  });
});
