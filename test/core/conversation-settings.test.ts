import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionsView, AnswerView, LookupView, MessageView } from '../../src/cards/view-models';
import type { Actor } from '../../src/core/actor';
import { ButtonRegistry } from '../../src/core/button-registry';
import { ConversationService, type TurnContext } from '../../src/core/conversation';
import { RoleResolver } from '../../src/core/roles';
import { LookupService } from '../../src/defender/lookup/lookup-service';
import { openStore, tenantStore } from '../../src/store';
import type { Store } from '../../src/store/types';
import { DEMO_INDICATORS as D } from '../../emulator/tenant';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

const ALEX = '11111111-1111-4111-8111-111111111111'; // admin
const BOB = '22222222-2222-4222-8222-222222222222'; // viewer
const EVE = '33333333-3333-4333-8333-333333333333'; // no role
const actor = (aad: string, name: string): Actor => ({ platform: 'teams', userId: `29:${name}`, aadObjectId: aad, tenantId: 't', displayName: name });
const alex = actor(ALEX, 'Alex');
const bob = actor(BOB, 'Bob');
const eve = actor(EVE, 'Eve');

let h: EmulatorHarness;
let store: Store;
let dir: string;
let lookups: LookupService;

/** A conversation service as tenantRuntime builds one (tenantKey absent: the single tenant). */
function service(options: { tenantKey?: string; roles?: Partial<Record<'admin' | 'viewer', string[]>>; lookups?: LookupService } = {}): ConversationService {
  const roles = { ...h.config.roles, ...(options.roles ?? {}) };
  return new ConversationService({
    config: h.config,
    defender: h.defender,
    lookups: options.lookups ?? lookups,
    roles: new RoleResolver(roles, async () => []),
    buttons: new ButtonRegistry(),
    store: options.tenantKey ? tenantStore(store, options.tenantKey) : tenantStore(store, 'default', { legacy: true }),
    tenantKey: options.tenantKey,
    progressDelayMs: 60_000,
  });
}

function turn(who: Actor, conversationId: string): TurnContext & { sent: AnswerView[] } {
  const sent: AnswerView[] = [];
  return {
    sent,
    actor: who,
    conversationId,
    replier: {
      typing: async () => undefined,
      send: async (view) => {
        sent.push(view);
        return `m${sent.length}`;
      },
      update: async (_id, view) => {
        sent.push(view);
      },
    },
  };
}

async function say(conversation: ConversationService, who: Actor, conversationId: string, text: string): Promise<AnswerView> {
  const ctx = turn(who, conversationId);
  await conversation.handleText(ctx, text);
  const last = ctx.sent[ctx.sent.length - 1];
  if (!last) throw new Error(`no answer to ${text}`);
  return last;
}

const message = (view: AnswerView): MessageView => {
  if (view.kind !== 'message') throw new Error(`expected a message, got ${view.kind}: ${JSON.stringify(view).slice(0, 300)}`);
  return view;
};
const listing = (view: AnswerView): ActionsView => {
  if (view.kind !== 'actions') throw new Error(`expected the settings list, got ${view.kind}: ${JSON.stringify(view).slice(0, 300)}`);
  return view;
};
const card = (view: AnswerView): LookupView => {
  if (view.kind !== 'lookup') throw new Error(`expected a lookup card, got ${view.kind}: ${JSON.stringify(view).slice(0, 300)}`);
  return view;
};
/** The severities of the alerts the card shows for its first indicator. */
const alertSeverities = (view: AnswerView): string[] =>
  card(view)
    .indicators[0]!.sections.find((s) => s.title === 'Alerts')
    ?.items.map((i) => i.subtitle!.split(' · ')[0]!) ?? [];
const fact = (list: ActionsView, option: string, title: string) => list.items.find((i) => i.title === option)?.facts.find((f) => f.title === title)?.value;
const huntingCalls = () => h.emulator.calls.filter((c) => c.route === 'graph.hunting').length;

beforeAll(async () => {
  h = await startHarness(
    {},
    {
      ROLE_ADMINS: `aad:${ALEX}`,
      ROLE_VIEWERS: `aad:${BOB}`,
      LOOKUPS_REQUIRE_ROLE: 'true',
      DEFENDER_IGNORE_CLASSIFICATIONS: 'falsePositive',
      DEFENDER_CACHE_SECONDS: '600',
    },
  );
  dir = mkdtempSync(join(tmpdir(), 'conversation-settings-'));
  store = await openStore({ dataDir: dir });
  lookups = new LookupService(h.defender, h.config);
});

afterAll(async () => {
  await store.close();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('settings: who may', () => {
  it('anyone who may read sees each option with its value and source; nobody else does', async () => {
    const list = listing(await say(service(), bob, 'who-1', 'settings'));
    expect(list.items.map((i) => i.title)).toEqual([
      'ignore-classifications',
      'ignore-determinations',
      'ignore-severities',
      'ignore-statuses',
      'ignore-service-sources',
      'lookback-days',
      'summary-fields',
      'ignore-fields',
    ]);
    expect(list.items.find((i) => i.title === 'ignore-classifications')?.subtitle).toBe('falsePositive');
    expect(list.items.find((i) => i.title === 'lookback-days')?.subtitle).toBe('60 days');
    expect(fact(list, 'ignore-severities', 'Source')).toBe('deployment: DEFENDER_IGNORE_SEVERITIES');
    expect(message(await say(service(), eve, 'who-1', 'settings')).title).toBe('Not allowed');
  });

  it('only an admin changes them: a viewer is refused, nothing is stored or audited', async () => {
    const refused = message(await say(service(), bob, 'who-2', 'settings set ignore-severities informational'));
    expect(refused).toMatchObject({ tone: 'warning', title: 'Not allowed' });
    expect(refused.text).toContain('needs the admin role: you do not have the admin role');
    expect(await store.conversationSettings.get('default|who-2')).toBeUndefined();
    expect((await store.audit.query({ target: 'settings:ignore-severities' })).filter((e) => e.conversationId === 'who-2')).toEqual([]);
  });
});

describe('settings: changes', () => {
  it('an admin narrows an option: stored under the tenant and conversation, audited before and after, shown with who and when', async () => {
    const set = message(await say(service(), alex, 'chg-1', 'settings set ignore-severities Informational'));
    expect(set).toMatchObject({ tone: 'info', title: 'Set ignore-severities: informational' });
    const row = await store.conversationSettings.get('default|chg-1');
    expect(row?.settings['ignore-severities']).toEqual({ value: ['informational'], setBy: expect.stringContaining('Alex'), setAt: expect.any(String) });
    const audit = (await store.audit.query({ target: 'settings:ignore-severities' })).filter((e) => e.conversationId === 'chg-1');
    expect(audit).toEqual([
      expect.objectContaining({
        event: 'settings-changed',
        actorId: ALEX,
        tenant: 'default',
        detail: "ignore-severities: deployment's (none) → informational (effective: informational)",
      }),
    ]);
    const list = listing(await say(service(), bob, 'chg-1', 'settings'));
    expect(list.items.find((i) => i.title === 'ignore-severities')?.subtitle).toBe('informational');
    expect(fact(list, 'ignore-severities', 'Source')).toMatch(/^this conversation, set by Alex \(teams 1111.*\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // Another conversation keeps the deployment's.
    expect(fact(listing(await say(service(), bob, 'chg-other', 'settings')), 'ignore-severities', 'Source')).toBe('deployment: DEFENDER_IGNORE_SEVERITIES');
  });

  it('widening, unknown options and bad values are refused with the option, the value and what is allowed; nothing changes', async () => {
    const wider = message(await say(service(), alex, 'chg-2', 'settings set lookback-days 90'));
    expect(wider).toMatchObject({ tone: 'warning', title: 'Not changed' });
    expect(wider.text).toContain("lookback-days: 90 days would look further back than the deployment's 60");
    const bad = message(await say(service(), alex, 'chg-2', 'settings set ignore-severities critical'));
    expect(bad.text).toBe('ignore-severities: "critical" is not a severity. Allowed: unknown, informational, low, medium, high');
    const unknown = message(await say(service(), alex, 'chg-2', 'settings set DEFENDER_HUNTING_QUERY AlertInfo | take 100000'));
    expect(unknown).toMatchObject({ title: 'Unknown option' });
    expect(unknown.text).toContain('Options: ignore-classifications,');
    const noValue = message(await say(service(), alex, 'chg-2', 'settings set lookback-days'));
    expect(noValue.text).toContain('lookback-days needs a value');
    expect(await store.conversationSettings.get('default|chg-2')).toBeUndefined();
    expect((await store.audit.query({})).filter((e) => e.conversationId === 'chg-2')).toEqual([]);
  });

  it('reset goes back to the deployment (one option, then all), audited; nothing to reset says so', async () => {
    const s = service();
    await say(s, alex, 'chg-3', 'settings set lookback-days 7');
    await say(s, alex, 'chg-3', 'settings set ignore-statuses resolved');
    expect(message(await say(s, alex, 'chg-3', 'settings reset lookback-days')).title).toBe("Reset to the deployment's: lookback-days");
    expect(Object.keys((await store.conversationSettings.get('default|chg-3'))!.settings)).toEqual(['ignore-statuses']);
    expect(message(await say(s, alex, 'chg-3', 'settings reset all')).title).toBe("Reset to the deployment's: ignore-statuses");
    expect(await store.conversationSettings.get('default|chg-3')).toBeUndefined();
    expect(message(await say(s, alex, 'chg-3', 'settings reset all')).title).toContain('Nothing to reset');
    const details = (await store.audit.query({}))
      .filter((e) => e.conversationId === 'chg-3')
      .map((e) => e.detail)
      .reverse();
    expect(details).toEqual([
      "lookback-days: deployment's (60 days) → 7 days (effective: 7 days)",
      "ignore-statuses: deployment's (none) → resolved (effective: resolved)",
      "lookback-days: 7 days (effective: 7 days) → deployment's (60 days)",
      "ignore-statuses: resolved (effective: resolved) → deployment's (none)",
    ]);
  });

  it('a stored value that no longer narrows (or was altered) is not applied, and `settings` says why', async () => {
    await store.conversationSettings.put({
      conversationKey: 'default|chg-4',
      settings: {
        'lookback-days': { value: 400, setBy: 'someone', setAt: '2026-01-01T00:00:00.000Z' },
        'ignore-severities': { value: ['critical'], setBy: 'someone', setAt: '2026-01-01T00:00:00.000Z' },
        'ignore-fields': { value: 7, setBy: 'someone', setAt: '2026-01-01T00:00:00.000Z' },
        'not-an-option': { value: 1 },
      },
      updatedBy: 'someone',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const list = listing(await say(service(), bob, 'chg-4', 'settings'));
    expect(list.items.find((i) => i.title === 'lookback-days')?.subtitle).toBe('60 days');
    expect(fact(list, 'lookback-days', 'Source')).toBe('deployment: DEFENDER_LOOKBACK_DAYS');
    expect(fact(list, 'lookback-days', 'Not applied')).toContain("400 days would look further back than the deployment's 60");
    expect(fact(list, 'ignore-severities', 'Not applied')).toContain('"critical" is not a severity');
    expect(fact(list, 'ignore-fields', 'Not applied')).toMatch(/^the value set by someone at 2026-01-01 00:00 UTC: ignore-fields: the value /);
    expect(list.title).toContain("the deployment's");
  });
});

describe('settings: effect on lookups against the emulator', () => {
  it("ignoring informational severity hides the informational alert on this conversation's card only", async () => {
    const s = service();
    const before = alertSeverities(await say(s, bob, 'fx-1', `lookup ${D.phishing.domain}`));
    expect(before).toContain('informational');
    await say(s, alex, 'fx-1', 'settings set ignore-severities informational');
    const after = alertSeverities(await say(s, bob, 'fx-1', `lookup ${D.phishing.domain}`));
    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toContain('informational');
    expect(after).toEqual(before.filter((sev) => sev !== 'informational'));
    // The conversation next door, asked afterwards with the cache warm, still sees it.
    expect(alertSeverities(await say(s, bob, 'fx-1b', `lookup ${D.phishing.domain}`))).toEqual(before);
  });

  it('lookback 1 day drops the seeded alerts of days ago and keeps a new one', async () => {
    const s = service();
    await say(s, alex, 'fx-2', 'settings set lookback-days 1');
    // C2 IP: every alert of the seeded week is older than a day.
    expect(alertSeverities(await say(s, bob, 'fx-2b', `lookup ${D.malware.c2Ip}`)).length).toBeGreaterThan(0);
    expect(alertSeverities(await say(s, bob, 'fx-2', `lookup ${D.malware.c2Ip}`))).toEqual([]);
    // A detection raised now: the only alert of its IP (or URL) the 1-day conversation shows.
    const raised = h.emulator.raiseIncident({ severity: 'high', alerts: 1 });
    const alert = raised.alerts[0]!;
    const indicator = (alert.evidence ?? []).map((e) => (e as { ipAddress?: string; url?: string }).ipAddress ?? (e as { url?: string }).url).find(Boolean)!;
    expect(indicator).toBeTruthy();
    const titles = async (conversationId: string) =>
      card(await say(s, bob, conversationId, `lookup ${indicator}`))
        .indicators[0]!.sections.find((x) => x.title === 'Alerts')
        ?.items.map((i) => i.title) ?? [];
    const recent = await titles('fx-2');
    const all = await titles('fx-2b');
    expect(recent).toEqual([alert.title]);
    expect(all).toContain(alert.title);
    expect(all.length).toBeGreaterThan(1);
  });

  it('two conversations with different settings never share a cached answer; the same settings do', async () => {
    // A cache of its own, empty: what the other tests looked up is not in it.
    const s = service({ lookups: new LookupService(h.defender, h.config) });
    await say(s, alex, 'cache-a', 'settings set ignore-severities informational');
    await say(s, alex, 'cache-c', 'settings set ignore-severities INFORMATIONAL');
    const url = D.phishing.url;
    const calls0 = huntingCalls();
    const plain = alertSeverities(await say(s, bob, 'cache-b', `lookup ${url}`));
    const calls1 = huntingCalls();
    expect(calls1).toBeGreaterThan(calls0);
    const narrowed = alertSeverities(await say(s, bob, 'cache-a', `lookup ${url}`));
    const calls2 = huntingCalls();
    expect(calls2).toBeGreaterThan(calls1); // its own read, not the other conversation's cached answer
    expect(plain).toContain('informational');
    expect(narrowed).not.toContain('informational');
    expect(alertSeverities(await say(s, bob, 'cache-c', `lookup ${url}`))).toEqual(narrowed);
    expect(alertSeverities(await say(s, bob, 'cache-b', `lookup ${url}`))).toEqual(plain);
    expect(huntingCalls()).toBe(calls2); // both answered from the cache of their own options
  });
});

describe('settings: per tenant', () => {
  it("each tenant's admins narrow the conversation for their tenant only, under its own key, audited in its tenant", async () => {
    const contoso = service({ tenantKey: 'contoso' });
    const fabrikam = service({ tenantKey: 'fabrikam', roles: { admin: [] } });
    expect(message(await say(contoso, alex, 'shared-room', 'settings set lookback-days 5')).tone).toBe('info');
    expect(message(await say(fabrikam, alex, 'shared-room', 'settings set lookback-days 5')).title).toBe('Not allowed');
    expect((await store.conversationSettings.get('contoso|shared-room'))?.settings['lookback-days']).toMatchObject({ value: 5 });
    expect(await store.conversationSettings.get('fabrikam|shared-room')).toBeUndefined();
    expect(listing(await say(fabrikam, bob, 'shared-room', 'settings')).items.find((i) => i.title === 'lookback-days')?.subtitle).toBe('60 days');
    expect(listing(await say(contoso, bob, 'shared-room', 'settings')).items.find((i) => i.title === 'lookback-days')?.subtitle).toBe('5 days');
    const rows = (await store.audit.query({ target: 'settings:lookback-days' })).filter((e) => e.conversationId === 'shared-room');
    expect(rows.map((r) => r.tenant)).toEqual(['contoso']);
  });
});
