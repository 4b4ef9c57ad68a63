import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerView, ButtonView, IncidentView } from '../../src/cards/view-models';
import type { Actor } from '../../src/core/actor';
import { ButtonRegistry } from '../../src/core/button-registry';
import { ConversationService, type TurnContext } from '../../src/core/conversation';
import type { ClickAnswer, PostTarget } from '../../src/core/action-requests';
import { RoleResolver } from '../../src/core/roles';
import { LookupService } from '../../src/defender/lookup/lookup-service';
import { openStore } from '../../src/store';
import type { Store } from '../../src/store/types';
import { ALL_GRAPH_ROLES } from '../../emulator/apps';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

const ALEX = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const actor = (aad: string, name: string): Actor => ({ platform: 'teams', userId: `29:${name}`, aadObjectId: aad, tenantId: 't', displayName: name });

interface Recorded {
  sent: AnswerView[];
  updated: { id: string; view: AnswerView }[];
}

let h: EmulatorHarness;
let store: Store;
let conversation: ConversationService;
const elsewhere: { target: PostTarget; view: AnswerView }[] = [];

const READ_ONLY = ALL_GRAPH_ROLES;
const READ_WRITE = [...ALL_GRAPH_ROLES.filter((r) => r !== 'SecurityIncident.Read.All'), 'SecurityIncident.ReadWrite.All'];

/** The emulator with the app's Graph roles set before its first token, the bot's conversation on top, a store in a temp dir. */
async function setup(graphRoles: string[]) {
  const harness = await startHarness(
    {},
    { DEFENDER_ENABLE_INCIDENT_TRIAGE: 'true', ROLE_RESPONDERS: `aad:${ALEX}`, ROLE_VIEWERS: `aad:${BOB}`, LOOKUPS_REQUIRE_ROLE: 'true' },
  );
  harness.emulator.setPermissions(harness.config.credential.kind === 'secret' ? harness.config.credential.clientId : '', { graph: graphRoles });
  const tmp = mkdtempSync(join(tmpdir(), 'incident-triage-'));
  const opened = await openStore({ dataDir: tmp });
  const service = new ConversationService({
    config: harness.config,
    defender: harness.defender,
    lookups: new LookupService(harness.defender, harness.config),
    roles: new RoleResolver(harness.config.roles, async () => []),
    buttons: new ButtonRegistry(),
    store: opened,
    notifier: {
      post: async (target, view) => {
        elsewhere.push({ target, view });
        return 'posted';
      },
      update: async (target, view) => {
        elsewhere.push({ target, view });
      },
    },
  });
  return {
    harness,
    store: opened,
    service,
    dir: tmp,
    async close() {
      await opened.close();
      await harness.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

function turn(who: Actor, conversationId = 'conv-1', upn?: string): TurnContext & { rec: Recorded } {
  const rec: Recorded = { sent: [], updated: [] };
  let n = 0;
  return {
    rec,
    actor: who,
    conversationId,
    conversationRef: JSON.stringify({ conversation: { id: conversationId } }),
    userPrincipalName: async () => upn,
    replier: {
      typing: async () => undefined,
      send: async (view) => {
        rec.sent.push(view);
        return `${conversationId}-msg-${++n}`;
      },
      update: async (id, view) => {
        rec.updated.push({ id, view });
      },
    },
  };
}

const lastCard = (rec: Recorded): IncidentView => {
  const card = [...rec.sent].reverse().find((v) => v.kind === 'incident');
  if (!card || card.kind !== 'incident') throw new Error(`no incident card in ${JSON.stringify(rec.sent.map((v) => v.kind))}`);
  return card;
};

const click = (ctx: TurnContext, button: ButtonView, inputs: Record<string, unknown> = {}): Promise<ClickAnswer> =>
  conversation.handleButton(ctx, button.verb, { requestId: button.requestId, ...inputs });

const resolveButton = (card: IncidentView, group: string, title: string): ButtonView => {
  const button = card.triage?.resolve.find((g) => g.title === group)?.buttons.find((b) => b.title === title);
  if (!button) throw new Error(`no ${group} / ${title} button`);
  return button;
};

/** A fresh incident for each test (raised in the emulator now), so no test sees another's changes. */
async function anIncident(): Promise<string> {
  return h.emulator.raiseIncident({ severity: 'high' }).id;
}

let close: () => Promise<void>;
beforeAll(async () => {
  const env = await setup(READ_WRITE);
  ({ harness: h, store, service: conversation } = env);
  close = env.close;
});

afterAll(() => close());

describe('incident <id>', () => {
  it('answers with one card: how bad and where first, alerts, devices, triage controls, deep link', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'));
    await conversation.handleText(ctx, `incident ${id}`);
    const card = lastCard(ctx.rec);
    const incident = await h.defender.graph.getIncident(id, true);
    expect(card.id).toBe(id);
    expect(card.headline.toLowerCase()).toContain(incident.severity);
    expect(card.scope).toMatch(new RegExp(`^${incident.alerts!.length} alerts?`));
    expect(card.alerts.length).toBe(Math.min(10, incident.alerts!.length));
    expect(card.triage?.assign?.verb).toBe('triage');
    expect(card.triage?.resolve.map((g) => g.title)).toEqual(['True positive', 'Informational, expected activity', 'False positive']);
    expect(card.links[0]!.url).toContain(id);
  });

  it('reads "#4471", a portal link and "incident 4471" inside a pasted message as the incident', async () => {
    const id = await anIncident();
    for (const text of [
      `incident ${id}, high`,
      `incident #${id}`,
      `https://security.microsoft.com/incidents/${id}?tid=abc`,
      `paged: incident ${id}, high, please look`,
    ]) {
      const ctx = turn(actor(ALEX, 'Alex'));
      await conversation.handleText(ctx, text);
      expect(lastCard(ctx.rec).id).toBe(id);
    }
  });

  it('a pasted alert link answers with its incident; a device link with the device; nothing for someone who may not read', async () => {
    const raised = h.emulator.raiseIncident({ severity: 'high' });
    const alert = raised.alerts[0]!;
    const ctx = turn(actor(ALEX, 'Alex'));
    await conversation.handleText(ctx, `look at https://security.microsoft.com/alerts/${alert.id}?tid=x please`);
    expect(lastCard(ctx.rec).id).toBe(raised.id);
    const machineId = (alert.evidence.find((e) => e['@odata.type'].endsWith('deviceEvidence')) as { mdeDeviceId?: string } | undefined)?.mdeDeviceId;
    expect(machineId).toBeDefined();
    const device = turn(actor(ALEX, 'Alex'));
    await conversation.handleText(device, `https://security.microsoft.com/machines/v2/${machineId}/overview`);
    const lookup = device.rec.sent.find((v) => v.kind === 'lookup');
    expect(lookup && lookup.kind === 'lookup' && lookup.indicators[0]!.type).toBe('device');
    const stranger = turn(actor('33333333-3333-4333-8333-333333333333', 'Eve'));
    const calls = h.emulator.callsTo('graph.alert');
    await conversation.handleText(stranger, `https://security.microsoft.com/alerts/${alert.id}`);
    expect(stranger.rec.sent).toEqual([expect.objectContaining({ kind: 'message', title: 'Not allowed' })]);
    expect(h.emulator.callsTo('graph.alert')).toBe(calls);
  });

  it('says so for an incident Defender does not have, and looks up text that only starts with "incident"', async () => {
    const ctx = turn(actor(ALEX, 'Alex'));
    await conversation.handleText(ctx, 'incident 999999999');
    expect(ctx.rec.sent.at(-1)).toMatchObject({ kind: 'message', title: 'No incident 999999999' });
    const other = turn(actor(ALEX, 'Alex'));
    await conversation.handleText(other, 'incident report: nothing to see');
    expect(other.rec.sent.at(-1)?.kind).not.toBe('incident');
  });
});

describe('triage', () => {
  it('Assign to me is one tap: the owner changes in Defender and on the card, and the audit says who, before and after', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-assign', 'alex@contoso.com');
    await conversation.handleText(ctx, `incident ${id}`);
    const answer = await click(ctx, lastCard(ctx.rec).triage!.assign!);
    expect(answer.mode).toBe('everyone');
    expect(answer.view.kind).toBe('incident');
    expect((answer.view as IncidentView).headline).toContain('alex@contoso.com');
    expect((await h.defender.graph.getIncident(id, false)).assignedTo).toBe('alex@contoso.com');
    const audit = await store.audit.query({ target: `incident:${id}` });
    expect(audit[0]).toMatchObject({ event: 'incident-changed', action: 'incident-assign', actorId: ALEX });
    expect(audit[0]!.detail).toMatch(/owner .* → alex@contoso\.com/);
  });

  it('resolves as a true positive with a determination in two taps (the button of the pair)', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-resolve');
    await conversation.handleText(ctx, `incident ${id}`);
    const answer = await click(ctx, resolveButton(lastCard(ctx.rec), 'True positive', 'Malware'));
    expect((answer.view as IncidentView).headline).toContain('True positive: Malware');
    const now = await h.defender.graph.getIncident(id, false);
    expect(now).toMatchObject({ status: 'resolved', classification: 'truePositive', determination: 'malware' });
  });

  it('refuses someone without the role at the click, and audits the refusal', async () => {
    const id = await anIncident();
    const ctx = turn(actor(BOB, 'Bob'), 'conv-bob', 'bob@contoso.com');
    await conversation.handleText(ctx, `incident ${id}`);
    const before = await h.defender.graph.getIncident(id, false);
    const answer = await click(ctx, lastCard(ctx.rec).triage!.assign!);
    expect(answer).toMatchObject({ mode: 'toast', view: { kind: 'message', title: 'Not allowed' } });
    expect((await h.defender.graph.getIncident(id, false)).lastUpdateDateTime).toBe(before.lastUpdateDateTime);
    expect((await store.audit.query({ target: `incident:${id}` }))[0]).toMatchObject({ event: 'denied', actorId: BOB });
  });

  it('a stale card changes nothing: it is redrawn and says what changed in Defender', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-stale', 'alex@contoso.com');
    await conversation.handleText(ctx, `incident ${id}`);
    const drawn = lastCard(ctx.rec);
    // Someone changes it in the portal after the card was drawn.
    await h.defender.graph.updateIncident(id, { status: 'inProgress', assignedTo: 'carol@contoso.com' });
    const answer = await click(ctx, resolveButton(drawn, 'False positive', 'Not malicious'));
    const view = answer.view as IncidentView;
    expect(view.notice?.tone).toBe('warning');
    expect(view.notice?.text).toMatch(/changed in Defender since this card was drawn: .*owner .* → carol@contoso\.com/);
    expect((await h.defender.graph.getIncident(id, false)).status).toBe('inProgress');
  });

  it("Defender's own update (a new alert) since the card was drawn does not refuse the click", async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-bump', 'alex@contoso.com');
    await conversation.handleText(ctx, `incident ${id}`);
    const drawn = lastCard(ctx.rec);
    h.clock.advance(1000);
    h.emulator.changeIncident(id, { addAlert: true });
    expect((await h.defender.graph.getIncident(id, false)).lastUpdateDateTime).not.toBe(drawn.updatedAt);
    const answer = await click(ctx, drawn.triage!.assign!);
    expect((answer.view as IncidentView).notice?.tone).toBe('info');
    expect((await h.defender.graph.getIncident(id, false)).assignedTo).toBe('alex@contoso.com');
  });

  it('two clicks at once: one wins, the other is told', async () => {
    const id = await anIncident();
    const a = turn(actor(ALEX, 'Alex'), 'conv-race', 'alex@contoso.com');
    await conversation.handleText(a, `incident ${id}`);
    const card = lastCard(a.rec);
    h.emulator.setLatency('graph.incident', 300);
    try {
      const answers = await Promise.all([
        click(a, card.triage!.assign!),
        click(
          a,
          card.triage!.statuses.find((b) => /in progress/i.test(b.title))!,
        ),
      ]);
      const won = answers.filter((x) => x.mode === 'everyone');
      const told = answers.filter((x) => x.mode === 'toast');
      expect(won).toHaveLength(1);
      expect(told).toHaveLength(1);
      expect(told[0]!.view).toMatchObject({ kind: 'message', title: 'Someone else is changing this incident' });
    } finally {
      h.emulator.setLatency('graph.incident', 0);
    }
  });

  it('comments name the chat user in Defender; hostile and oversize text is refused or sent as written', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-comment');
    await conversation.handleText(ctx, `incident ${id}`);
    const form = lastCard(ctx.rec).triage!.comment!;
    const hostile = `"; DROP TABLE x; -- <script>alert(1)</script> ${'\u202e'} é 🛡️`;
    await click(ctx, form.submit, { comment: hostile });
    const comments = (await h.defender.graph.getIncident(id, false)).comments;
    expect(comments.at(-1)!.comment).toBe(`${hostile.trim()}\n— Alex (teams ${ALEX}), from chat`);
    const empty = await click(ctx, form.submit, { comment: '   ' });
    expect(empty.view).toMatchObject({ kind: 'message', text: 'The comment is empty.' });
    const huge = await click(ctx, form.submit, { comment: 'x'.repeat(5000) });
    expect(huge.view).toMatchObject({ kind: 'message' });
    const wrongType = await click(ctx, form.submit, { comment: { $ne: 1 } });
    expect(wrongType.view).toMatchObject({ kind: 'message', text: 'Write the comment in the box first.' });
  });

  it('by text: status, resolve with an invalid pair (refused before Defender), tags added and removed', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-text');
    await conversation.handleText(ctx, `incident ${id} resolve tp notMalicious`);
    expect(ctx.rec.sent.at(-1)).toMatchObject({ kind: 'message', title: 'I need a little more' });
    await conversation.handleText(ctx, `incident ${id} tag add phish-wave-12`);
    expect((await h.defender.graph.getIncident(id, false)).customTags).toContain('phish-wave-12');
    await conversation.handleText(ctx, `incident ${id} tag remove phish-wave-12`);
    expect((await h.defender.graph.getIncident(id, false)).customTags).not.toContain('phish-wave-12');
    await conversation.handleText(ctx, `incident ${id} status inprogress`);
    expect((await h.defender.graph.getIncident(id, false)).status).toBe('inProgress');
  });

  it('a forged or foreign triage button is refused', async () => {
    const id = await anIncident();
    const ctx = turn(actor(ALEX, 'Alex'), 'conv-forge');
    await conversation.handleText(ctx, `incident ${id}`);
    const assign = lastCard(ctx.rec).triage!.assign!;
    const forged = await conversation.handleButton(ctx, 'triage', { requestId: `${assign.requestId.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA` });
    expect(forged.view).toMatchObject({ kind: 'message', title: 'This button cannot be used' });
    const foreign = await conversation.handleButton(turn(actor(ALEX, 'Alex'), 'conv-other'), 'triage', { requestId: assign.requestId });
    expect(foreign.view).toMatchObject({ kind: 'message', title: 'This button cannot be used' });
  });

  it('a change redraws the incident card in every other conversation that shows it', async () => {
    const id = await anIncident();
    const here = turn(actor(ALEX, 'Alex'), 'conv-here', 'alex@contoso.com');
    const there = turn(actor(ALEX, 'Alex'), 'conv-there');
    await conversation.handleText(there, `incident ${id}`);
    await conversation.handleText(here, `incident ${id}`);
    elsewhere.length = 0;
    await click(here, lastCard(here.rec).triage!.assign!);
    const redrawn = elsewhere.find((e) => e.target.messageId === 'conv-there-msg-1');
    expect((redrawn?.view as IncidentView).headline).toContain('alex@contoso.com');
    expect(elsewhere.map((e) => e.target.messageId).sort()).toEqual(['conv-here-msg-1', 'conv-there-msg-1']);
  });
});

describe('triage without SecurityIncident.ReadWrite.All', () => {
  it('fails with the permission named and audited, and nothing changes', async () => {
    const env = await setup(READ_ONLY);
    try {
      const list = await env.harness.defender.graph.listIncidents({ top: 50 });
      const id = list.items.find((i) => i.status !== 'resolved')!.id;
      const ctx = turn(actor(ALEX, 'Alex'), 'conv-perm', 'alex@contoso.com');
      await env.service.handleText(ctx, `incident ${id}`);
      const card = lastCard(ctx.rec);
      const answer = await env.service.handleButton(ctx, 'triage', { requestId: card.triage!.assign!.requestId });
      expect(answer.view.kind).toBe('message');
      expect(JSON.stringify(answer.view)).toContain('SecurityIncident.ReadWrite.All');
      expect((await env.store.audit.query({ target: `incident:${id}` }))[0]).toMatchObject({ event: 'failed' });
      expect((await env.harness.defender.graph.getIncident(id, false)).lastUpdateDateTime).toBe(card.updatedAt);
    } finally {
      await env.close();
    }
  });
});
