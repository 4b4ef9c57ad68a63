import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { DEMO_USERS } from '../../../emulator/tenant';
import { FakeConnector, cardText } from '../../helpers/fake-connector';

/*
 * Teams answers a card click (an `adaptiveCard/action` invoke) only if the bot answers within a few seconds; later
 * answers are dropped and the person sees "Unable to reach app" while the work may still go on (msteams-docs issues
 * 6461 and 13460; Universal Actions: learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model).
 * Here every Defender call takes 10 seconds. The assertions are causal, not timed: each invoke is answered while the
 * emulator has not yet answered the Defender call the click needs; the real answer then reaches the card.
 */

const DEMO_TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
type From = { id: string; name: string; aadObjectId: string };
const ALEX: From = { id: '29:alex', name: 'Alex Analyst', aadObjectId: DEMO_USERS.alex.objectId };
const PAT: From = { id: '29:pat', name: 'Pat Viewer', aadObjectId: DEMO_USERS.pat.objectId };
const CHANNEL = { id: '19:soc@thread.tacv2', conversationType: 'channel', tenantId: DEMO_TENANT };
let seq = 0;

interface Executable {
  type: string;
  verb: string;
  data: { requestId: string };
}

function actions(card: unknown, type = 'Action.Execute'): Executable[] {
  const found: Executable[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === type && (typeof o.verb === 'string' || type === 'Action.Submit')) found.push(o as unknown as Executable);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** A message (or, with overrides, an invoke) in the SOC channel, from Alex unless `from` says otherwise. */
function channelActivity(connector: FakeConnector, overrides: Record<string, unknown>) {
  return {
    type: 'message',
    id: `msg-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: ALEX,
    recipient: { id: '28:defender-bot', name: 'Defender' },
    conversation: CHANNEL,
    channelData: { tenant: { id: DEMO_TENANT } },
    ...overrides,
  };
}

describe("Teams clicks are answered in time whatever Defender's latency", () => {
  let app: App;
  const connector = new FakeConnector();

  const activity = (overrides: Record<string, unknown>) => channelActivity(connector, overrides);
  const post = async (body: unknown) => {
    const res = await fetch(`${app.teams.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as { statusCode: number; type: string; value: unknown } };
  };
  const invoke = (verb: string, data: unknown, from: From = ALEX, replyToId = 'activity-card', trigger = 'manual') =>
    post(activity({ type: 'invoke', name: 'adaptiveCard/action', from, replyToId, value: { action: { type: 'Action.Execute', verb, data }, trigger } }));
  const mention = { entities: [{ type: 'mention', text: '<at>Defender</at>', mentioned: { id: '28:defender-bot', name: 'Defender' } }] };
  const defenderAnswers = () => app.defender.emulator!.calls.length;

  beforeAll(async () => {
    await connector.start();
    app = await startApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'teams-deadline-')), ACTIONS_REQUIRING_APPROVAL: '' }), { port: 0 });
  });
  afterAll(async () => {
    app.defender.emulator!.setLatency('*', 0);
    await app.close();
    await connector.close();
  });
  beforeEach(() => {
    app.defender.emulator!.setLatency('*', 0);
    connector.clear();
  });

  it('isolate, confirm and refresh each answer at once; the request card and the status follow', async () => {
    await post(activity({ text: '<at>Defender</at> lookup ws-042 198.51.100.77', ...mention }));
    await app.teams.bot.idle();
    const lookup = connector.messages().pop()!.card!;
    const isolate = actions(lookup).find((a) => a.verb === 'isolate')!;
    const refresh = actions(lookup).find((a) => a.verb === 'refresh')!;
    connector.clear();
    app.defender.emulator!.setLatency('*', 10_000);

    // Isolate: the role check and the device reads take 30 s; the click is answered before any of them.
    const before = defenderAnswers();
    const clicked = await invoke('isolate', isolate.data);
    expect(defenderAnswers()).toBe(before);
    expect(clicked.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringMatching(/Checking ws-042/),
    });
    await connector.waitFor(() => connector.messages().some((m) => /Waiting for Alex Analyst to confirm/.test(cardText(m.card))), 60_000);
    const shared = connector.messages().find((m) => /Waiting for Alex/.test(cardText(m.card)))!;

    // The requester's client shows the card and fetches Alex's own view: read from the store, in time.
    const status = (shared.card as { refresh: { action: { data: unknown } } }).refresh.action.data;
    const form = await invoke('status', status, ALEX, shared.activityId ?? 'activity-request', 'automatic');
    const confirm = actions(form.body.value).find((a) => a.verb === 'confirm')!;
    expect(confirm).toBeDefined();

    // Confirm: sending to Defender takes 10 s; the clicker gets the card in a "sending" state at once.
    const sentBefore = defenderAnswers();
    const confirmed = await invoke('confirm', { ...confirm.data, reason: 'C2 beacon, incident 48215', isolationType: 'Full' }, ALEX, shared.activityId);
    expect(defenderAnswers()).toBe(sentBefore);
    expect(confirmed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(confirmed.body.value)).toMatch(/Isolate device ws-042\.contoso\.com: checking your role, then sending it to Defender/);
    expect(actions(confirmed.body.value)).toEqual([]);
    // ... then the request's own message shows Defender's answer to everyone.
    await connector.waitFor(
      () =>
        connector.messages().some((m) => m.method === 'PUT' && m.activityId === shared.activityId && /Pending in Defender|In progress/.test(cardText(m.card))),
      60_000,
    );

    // Refresh on the lookup card: a notice at once, the card replaced when Defender has answered.
    connector.clear();
    const refreshBefore = defenderAnswers();
    const refreshed = await invoke('refresh', refresh.data, ALEX, 'activity-lookup');
    expect(defenderAnswers()).toBe(refreshBefore);
    expect(refreshed.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/^Refreshing/) });
    await connector.waitFor(
      () => connector.messages().some((m) => m.method === 'PUT' && m.activityId === 'activity-lookup' && /198\.51\.100\.77/.test(cardText(m.card))),
      90_000,
    );
    await app.teams.bot.idle();
  }, 240_000);

  it('a refusal that comes after the answer reaches the person as a message, and nothing is requested', async () => {
    await post(activity({ text: '<at>Defender</at> device ws-042', ...mention }));
    await app.teams.bot.idle();
    const isolate = actions(connector.messages().pop()!.card).find((a) => a.verb === 'isolate')!;
    connector.clear();
    app.defender.emulator!.setLatency('*', 10_000);
    const clicked = await invoke('isolate', isolate.data, PAT);
    expect(clicked.body.type).toBe('application/vnd.microsoft.activity.message');
    await connector.waitFor(() => connector.messages().some((m) => /Pat Viewer: Not allowed/.test(cardText(m.card))), 60_000);
    await app.teams.bot.idle();
    expect(connector.messages().some((m) => /Waiting for/.test(cardText(m.card)))).toBe(false);
  }, 120_000);
});

describe('Teams clients without Universal Actions (Action.Submit fallback)', () => {
  let app: App;
  const connector = new FakeConnector();
  const activity = (overrides: Record<string, unknown>) => channelActivity(connector, overrides);
  const post = (body: unknown) =>
    fetch(`${app.teams.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    await connector.start();
    app = await startApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'teams-submit-')), ACTIONS_REQUIRING_APPROVAL: '' }), { port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await connector.close();
  });

  it('handles the declared Action.Submit in a channel, where it carries no @mention', async () => {
    await post(
      activity({
        text: '<at>Defender</at> device ws-042',
        entities: [{ type: 'mention', text: '<at>Defender</at>', mentioned: { id: '28:defender-bot', name: 'Defender' } }],
      }),
    );
    await app.teams.bot.idle();
    const card = connector.messages().pop()!.card!;
    // The fallback each Action.Execute declares: its data carries the verb and the signed id.
    const submit = actions(card, 'Action.Submit');
    expect(submit.length).toBeGreaterThan(0);
    const isolate = actions(card).find((a) => a.verb === 'isolate')!;
    connector.clear();
    // An old client: a message with the button's data as value, no text, no mention.
    await post(activity({ text: undefined, replyToId: 'activity-lookup', value: { requestId: isolate.data.requestId, verb: 'isolate' } }));
    await app.teams.bot.idle();
    // Such a client cannot fetch a personal view: the form is posted as a message of its own.
    const form = connector.messages().pop()!.card!;
    expect(cardText(form)).toMatch(/Isolate device ws-042\.contoso\.com\?/);
    const confirm = actions(form, 'Action.Submit').find((a) => (a as unknown as { data: { verb: string } }).data.verb === 'confirm') as unknown as {
      data: { requestId: string; verb: string };
    };
    expect(confirm).toBeDefined();
    connector.clear();
    await post(activity({ text: undefined, replyToId: 'activity-form', value: { ...confirm.data, reason: 'C2 beacon', isolationType: 'Full' } }));
    await app.teams.bot.idle();
    const after = connector.messages();
    expect(after.some((m) => /Isolate device ws-042\.contoso\.com: (Pending in Defender|In progress|Sending to Defender)/.test(cardText(m.card)))).toBe(true);
    // A forged value is refused in words, and nothing else happens.
    connector.clear();
    await post(activity({ text: undefined, value: { requestId: 'r:xxxxxxxxxxxx.AAAA', verb: 'confirm', reason: 'x y' } }));
    await app.teams.bot.idle();
    expect(cardText(connector.messages().pop()!.card)).toMatch(/This button cannot be used/);
  });
});
