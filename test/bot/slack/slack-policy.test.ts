import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { blockButtons, blocksText, FakeSlackApi, interaction, postToSlackEndpoint } from '../../helpers/fake-slack-api';
import {
  appMentionEvent,
  blockActionsPayload,
  confirmModalView,
  directMessageEvent,
  slashCommandForm,
  textInputState,
  viewClosedPayload,
  viewSubmissionPayload,
  type SlackUser,
} from '../../helpers/slack-payloads';
import { defenderWrites } from '../../helpers/defender-writes';
import { clickModal, confirmModal } from './click-modal';

/*
 * The policy cases Teams is held to (test/bot/teams, test/core/action-requests.test.ts), driven through Slack: signed
 * HTTP requests into the real Bolt receiver on the bot's server, the real core, the embedded Defender emulator, and
 * the Slack Web API answered by FakeSlackApi.
 */

const SECRET = 'slack-signing-secret-for-policy-tests-0123456789';
const CHANNEL = 'C0SOC';
const OTHER_CHANNEL = 'C0ELSEWHERE';

const RESPONDER: SlackUser = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };
/** A responder who is neither hunter nor approver. */
const RESPONDER2: SlackUser = { id: 'URESP2', username: 'rhea.responder', team_id: 'T0DEMO' };
const APPROVER: SlackUser = { id: 'UAPPR', username: 'ada.approver', team_id: 'T0DEMO' };
/** An approver only through the Slack user group SAPPROVERS. */
const GROUP_APPROVER: SlackUser = { id: 'UGRP', username: 'gus.group', team_id: 'T0DEMO' };
const NOBODY: SlackUser = { id: 'UNONE', username: 'nia.norole', team_id: 'T0DEMO' };
/** A viewer in another workspace of the allowed Enterprise Grid org. */
const GRID_USER: SlackUser = { id: 'WGRID01', username: 'gia.grid', team_id: 'T0GRIDWS', enterprise_id: 'E0GRID' };
const FOREIGN: SlackUser = { id: 'UFOREIGN', username: 'fox.foreign', team_id: 'T0FOREIGN' };

type Body = Record<string, unknown>;

/** With these left alone, jest's fake timers move only Date (and Date.now): the servers keep running. */
const DATE_ONLY = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'nextTick',
  'queueMicrotask',
  'hrtime',
  'performance',
] as const;
type Button = { verb: string; label: string; value: string; actionId: string };

/** The request id inside a request token `r:<id>.<signature>`. */
function requestIdOf(token: string): string {
  return token.slice(2, token.lastIndexOf('.'));
}

/** The bot under test and its fake Slack; each top-level describe starts its own. */
let app: App;
let api: FakeSlackApi;

const POLICY_ENV = {
  SLACK_ALLOWED_TEAMS: 'T0DEMO,E0GRID',
  ROLE_VIEWERS: `slack:${GRID_USER.id}`,
  ROLE_HUNTERS: `slack:${RESPONDER.id}`,
  ROLE_RESPONDERS: `slack:${RESPONDER.id},slack:${RESPONDER2.id}`,
  ROLE_APPROVERS: `slack:${APPROVER.id},slack-group:SAPPROVERS`,
  LOOKUPS_REQUIRE_ROLE: 'true',
  ACTIONS_REQUIRING_APPROVAL: 'isolate',
  APPROVAL_EXPIRY_MINUTES: '2',
};

function useWorld(env: Record<string, string>): void {
  beforeAll(async () => {
    api = new FakeSlackApi();
    await api.start();
    api.groups.SAPPROVERS = [GROUP_APPROVER.id];
    app = await startApp(
      loadConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'slack-policy-')),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        ...env,
      }),
      { port: 0 },
    );
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
  });
}

async function send(kind: { json: unknown } | { form: Record<string, string> }) {
  const res = await postToSlackEndpoint(app.teams.url, SECRET, kind);
  await app.slack!.bot.idle();
  return res;
}

/** What the bot showed since call index `from`: posts, updates, ephemerals and response_url answers. */
function answers(from: number): Body[] {
  return api.calls
    .slice(from)
    .filter((c) => /^(chat\.(postMessage|update|postEphemeral)|respond:)/.test(c.method))
    .map((c) => c.body);
}

function lastAnswerText(from: number): string {
  const all = answers(from);
  expect(all.length).toBeGreaterThan(0);
  return blocksText(all[all.length - 1]!);
}

function machineActions(): number {
  return defenderWrites(app.defender.emulator!.calls);
}

async function audit(filter: (e: { event: string; actorId?: string; detail?: string; requestId?: string }) => boolean) {
  return (await app.store.audit.query({ since: new Date(Date.now() - 3600_000), limit: 1000 })).filter(filter);
}

/** A lookup card for `device ws-042` posted for `user`, with its buttons. */
async function deviceCard(user: SlackUser = RESPONDER, device = 'ws-042'): Promise<{ card: Body; isolate: Button; refresh: Button }> {
  const before = api.calls.length;
  await send({ json: appMentionEvent(user, `device ${device}`) });
  const card = answers(before)
    .filter((m) => blockButtons(m).some((b) => b.verb === 'isolate'))
    .pop();
  expect(card).toBeDefined();
  return { card: card!, isolate: blockButtons(card!).find((b) => b.verb === 'isolate')!, refresh: blockButtons(card!).find((b) => b.verb === 'refresh')! };
}

/** An isolation typed by `requester`, confirmed with a reason: the approval card posted to the channel. */
async function awaitingApproval(
  requester: SlackUser = RESPONDER,
  device = 'ws-042',
): Promise<{ card: Body; approve: Button; reject: Button; requestId: string }> {
  let before = api.calls.length;
  await send({ json: appMentionEvent(requester, `isolate ${device} because beaconing to c2.badcdn.example.org`) });
  const confirmCard = answers(before).find((m) => blockButtons(m).some((b) => b.verb === 'confirm'));
  expect(confirmCard).toBeDefined();
  const confirm = blockButtons(confirmCard!).find((b) => b.verb === 'confirm')!;
  before = api.calls.length;
  await send(
    interaction(
      blockActionsPayload(api, requester, { blocks: confirmCard!.blocks }, confirm, {
        state: textInputState({ reason: 'beaconing to c2.badcdn.example.org' }),
      }),
    ),
  );
  const card = api.calls
    .slice(before)
    .filter((c) => c.method === 'chat.postMessage')
    .map((c) => c.body)
    .find((m) => blockButtons(m).some((b) => b.verb === 'approve'));
  expect(card).toBeDefined();
  expect(blocksText(card!)).toMatch(/Approval needed/);
  const approve = blockButtons(card!).find((b) => b.verb === 'approve')!;
  const reject = blockButtons(card!).find((b) => b.verb === 'reject')!;
  return { card: card!, approve, reject, requestId: requestIdOf(approve.value) };
}

describe('Slack is held to the same policy as Teams', () => {
  useWorld(POLICY_ENV);

  describe('every command', () => {
    it('lookup answers with the indicator (refanged) and DEMO DATA', async () => {
      const before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER, 'lookup 198.51.100[.]77') });
      const text = lastAnswerText(before);
      expect(text).toContain('198.51.100.77');
      expect(text).toMatch(/DEMO DATA/i);
    });

    it('pasted text with an indicator is a lookup; text without one gets help', async () => {
      let before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER, 'we saw hxxps://bad[.]example[.]net/login in a mail') });
      expect(lastAnswerText(before)).toContain('https://bad.example.net/login');
      before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER, 'what can you do') });
      const help = lastAnswerText(before);
      expect(help).toMatch(/I found no command and no indicator/);
      expect(help).toMatch(/lookup/);
    });

    it('device answers with the device', async () => {
      const before = api.calls.length;
      await send({ form: slashCommandForm(api, RESPONDER, 'device ws-042') });
      expect(lastAnswerText(before)).toContain('ws-042.contoso.com');
    });

    it('device with something that is not a device says so', async () => {
      const before = api.calls.length;
      await send({ form: slashCommandForm(api, RESPONDER, 'device !!!') });
      expect(lastAnswerText(before)).toMatch(/Not a device/);
    });

    it('user answers with the user', async () => {
      const before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER, 'user alex.analyst@contoso.com') });
      expect(lastAnswerText(before)).toContain('alex.analyst@contoso.com');
    });

    it('hunt runs for a hunter and is refused, naming the role, for someone without it', async () => {
      const query = 'DeviceNetworkEvents | where RemoteIP == "198.51.100.77" | summarize Connections = count() by DeviceName';
      let before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER2, `hunt ${query}`) });
      expect(lastAnswerText(before)).toMatch(/Not allowed to hunt[\s\S]*hunter role/);
      const hunts = app.defender.emulator!.calls.filter((c) => c.route === 'graph.hunting').length;
      before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER, `hunt ${query}`) });
      const text = lastAnswerText(before);
      expect(text).toContain('ws-017.contoso.com');
      expect(text).toMatch(/page 1 of 1/i);
      expect(app.defender.emulator!.calls.filter((c) => c.route === 'graph.hunting').length).toBe(hunts + 1);
    });

    it('actions lists machine actions', async () => {
      const before = api.calls.length;
      await send({ form: slashCommandForm(api, RESPONDER, 'actions ws-017') });
      expect(lastAnswerText(before)).toMatch(/Isolate[\s\S]*Pending/);
    });

    it('audit is shown to a responder and refused to someone without a role', async () => {
      await send({ json: appMentionEvent(RESPONDER, 'isolate ws-042 because audit trail check') });
      let before = api.calls.length;
      await send({ form: slashCommandForm(api, RESPONDER, 'audit ws-042 7') });
      expect(lastAnswerText(before)).toMatch(/Audit for ws-042[\s\S]*requested isolate ws-042\.contoso\.com/);
      before = api.calls.length;
      await send({ form: slashCommandForm(api, NOBODY, 'audit') });
      expect(lastAnswerText(before)).toContain('The audit is for responders and admins.');
    });

    it('help and an empty command list the commands', async () => {
      for (const text of ['help', '']) {
        const before = api.calls.length;
        await send({ form: slashCommandForm(api, NOBODY, text) });
        const help = lastAnswerText(before);
        expect(help).toMatch(/lookup/);
        expect(help).toMatch(/hunt/);
      }
    });

    it('cancel typed as a command points to the card', async () => {
      const before = api.calls.length;
      await send({ form: slashCommandForm(api, RESPONDER, 'cancel ws-042') });
      expect(lastAnswerText(before)).toMatch(/Cancel a pending action with the Cancel button/);
    });
  });

  describe('LOOKUPS_REQUIRE_ROLE=true', () => {
    it('refuses lookup, device and user to someone without a role, and nothing is looked up', async () => {
      for (const text of ['lookup 198.51.100.77', 'device ws-042', 'user alex.analyst@contoso.com', '203.0.113.9 seen in the proxy log']) {
        const calls = app.defender.emulator!.calls.length;
        const before = api.calls.length;
        await send({ json: appMentionEvent(NOBODY, text) });
        expect(lastAnswerText(before)).toMatch(/Reading from Defender on this bot needs a role/);
        expect(app.defender.emulator!.calls.length).toBe(calls);
      }
    });

    it('lets a person with any role look things up (an Enterprise Grid viewer)', async () => {
      const before = api.calls.length;
      await send({ json: appMentionEvent(GRID_USER, 'lookup 198.51.100.77') });
      const text = lastAnswerText(before);
      expect(text).toContain('198.51.100.77');
      expect(text).not.toMatch(/need a role/);
    });

    // Guards a fixed defect: only lookups checked lookupsRequireRole, and `actions` read Defender unchecked.
    it("`actions` (the tenant's machine actions, read from Defender) is refused to someone without a role", async () => {
      const calls = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      await send({ json: appMentionEvent(NOBODY, 'actions') });
      const text = lastAnswerText(before);
      expect(text).toMatch(/need a role|Not allowed/i);
      expect(text).not.toMatch(/Isolate .*on ws-017/);
      expect(app.defender.emulator!.calls.length).toBe(calls);
    });

    // Guards a fixed defect: Refresh and Show all ran a fresh Defender lookup with no role check at the click.
    it("a Refresh click on someone else's lookup card by someone without a role is refused (role checked at the click)", async () => {
      const { card, refresh } = await deviceCard(RESPONDER);
      const lookups = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      await send(interaction(blockActionsPayload(api, NOBODY, { blocks: card.blocks }, refresh)));
      expect(lastAnswerText(before)).toMatch(/need a role|Not allowed/i);
      expect(api.calls.slice(before).filter((c) => c.method === 'chat.update')).toEqual([]);
      expect(app.defender.emulator!.calls.length).toBe(lookups);
    });
  });

  describe('response actions', () => {
    it('someone without a role is refused, privately, and the refusal is audited as denied', async () => {
      const { card, isolate } = await deviceCard(RESPONDER);
      const actions = machineActions();
      let before = api.calls.length;
      await send(interaction(blockActionsPayload(api, NOBODY, { blocks: card.blocks }, isolate)));
      // The click's modal opened at once; the refusal fills it (title, words, Close) and nothing reaches the channel.
      const { opened, filled } = await clickModal(api, before);
      expect(opened.callback_id).toBe('dc_checking');
      expect(filled.callback_id).toBe('dc_refusal');
      expect(filled.close).toEqual({ type: 'plain_text', text: 'Close' });
      expect(filled.submit).toBeUndefined();
      expect(blocksText({ view: filled })).toMatch(/Not allowed[\s\S]*responder role/);
      expect(answers(before)).toEqual([]);

      before = api.calls.length;
      await send({ json: appMentionEvent(NOBODY, 'isolate ws-042 because I say so') });
      expect(lastAnswerText(before)).toMatch(/Not allowed[\s\S]*responder role/);

      const denied = await audit((e) => e.event === 'denied' && e.actorId === NOBODY.id);
      expect(denied.length).toBeGreaterThanOrEqual(2);
      expect(denied.map((e) => e.detail)).toEqual(expect.arrayContaining([expect.stringContaining('do not have the responder role')]));
      expect(machineActions()).toBe(actions);
    });

    it('confirm by someone other than the requester is refused (channel card and a copied modal)', async () => {
      let before = api.calls.length;
      await send({ json: appMentionEvent(RESPONDER, 'isolate ws-042 because beaconing') });
      const confirmCard = answers(before).find((m) => blockButtons(m).some((b) => b.verb === 'confirm'))!;
      const confirm = blockButtons(confirmCard).find((b) => b.verb === 'confirm')!;
      const actions = machineActions();

      before = api.calls.length;
      await send(
        interaction(
          blockActionsPayload(api, RESPONDER2, { blocks: confirmCard.blocks }, confirm, { state: textInputState({ reason: 'not mine to confirm' }) }),
        ),
      );
      expect(lastAnswerText(before)).toMatch(/Only the requester confirms/);
      expect(api.calls.slice(before).some((c) => c.method === 'chat.postMessage' && /Approval needed/.test(blocksText(c.body)))).toBe(false);

      // The requester's modal metadata submitted by someone else.
      const meta = JSON.stringify({ c: CHANNEL, r: confirm.value });
      before = api.calls.length;
      const res = await send(interaction(viewSubmissionPayload(RESPONDER2, confirmModalView(meta), { reason: 'not mine either' })));
      expect(res.status).toBe(200);
      expect(lastAnswerText(before)).toMatch(/Only the requester confirms/);

      const request = await app.store.requests.get(requestIdOf(confirm.value));
      expect(request!.state).toBe('awaitingConfirmation');
      const refused = await audit((e) => e.event === 'refused-button' && e.actorId === RESPONDER2.id && e.requestId === request!.id);
      expect(refused.map((e) => e.detail)).toEqual(expect.arrayContaining(['confirm by someone other than the requester']));
      expect(machineActions()).toBe(actions);
    });

    it('self-approval is refused and audited', async () => {
      const { card, approve, requestId } = await awaitingApproval(RESPONDER);
      const actions = machineActions();
      const before = api.calls.length;
      await send(interaction(blockActionsPayload(api, RESPONDER, { blocks: card.blocks }, approve)));
      expect(lastAnswerText(before)).toMatch(/You cannot approve your own request/);
      expect((await app.store.requests.get(requestId))!.state).toBe('awaitingApproval');
      expect(await audit((e) => e.event === 'refused-button' && e.requestId === requestId)).toHaveLength(1);
      expect(machineActions()).toBe(actions);
    });

    it('approve (and reject) by someone without the approver role is refused and audited as denied', async () => {
      const { card, approve, reject, requestId } = await awaitingApproval(RESPONDER);
      const actions = machineActions();
      for (const [who, button] of [
        [RESPONDER2, approve],
        [NOBODY, approve],
        [NOBODY, reject],
      ] as const) {
        const before = api.calls.length;
        await send(interaction(blockActionsPayload(api, who, { blocks: card.blocks }, button)));
        expect(lastAnswerText(before)).toMatch(/Not allowed[\s\S]*approver role/);
        expect(api.calls.slice(before).filter((c) => c.method === 'chat.update')).toEqual([]);
      }
      expect((await app.store.requests.get(requestId))!.state).toBe('awaitingApproval');
      const denied = await audit((e) => e.event === 'denied' && e.requestId === requestId);
      expect(denied.map((e) => e.actorId).sort()).toEqual([NOBODY.id, NOBODY.id, RESPONDER2.id].sort());
      expect(denied.map((e) => e.detail)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^approve: .*approver role/), expect.stringMatching(/^reject: /)]),
      );
      expect(machineActions()).toBe(actions);
    });

    it('reject by an approver updates the card to rejected and sends nothing to Defender', async () => {
      const { card, reject, requestId } = await awaitingApproval(RESPONDER);
      const actions = machineActions();
      const before = api.calls.length;
      await send(interaction(blockActionsPayload(api, APPROVER, { blocks: card.blocks }, reject)));
      const updates = api.calls.slice(before).filter((c) => c.method === 'chat.update');
      const request = (await app.store.requests.get(requestId))!;
      expect(request.messageId).toBeTruthy();
      // The approval card itself (the message the core posted, where the approver clicked) now reads rejected for everyone.
      const rejected = updates.filter((u) => u.body.ts === request.messageId && /Rejected by the approver/.test(blocksText(u.body)));
      expect(rejected.length).toBeGreaterThan(0);
      // ... and offers nothing more to click.
      expect(blockButtons(rejected[rejected.length - 1]!.body).filter((b) => ['approve', 'reject', 'confirm'].includes(b.verb))).toEqual([]);
      expect(request.state).toBe('rejected');
      expect(request.defenderActionId).toBeUndefined();
      expect(await audit((e) => e.event === 'rejected' && e.requestId === requestId && e.actorId === APPROVER.id)).toHaveLength(1);
      expect(machineActions()).toBe(actions);
    });

    it('a pending action is cancelled from its status card, in Defender too', async () => {
      const emulator = app.defender.emulator!;
      emulator.setTimeline({ pendingMs: 120_000, inProgressMs: 120_000 });
      try {
        let before = api.calls.length;
        await send({ json: appMentionEvent(RESPONDER, 'collect ws-063 because forensics') });
        const confirmCard = answers(before).find((m) => blockButtons(m).some((b) => b.verb === 'confirm'))!;
        const confirm = blockButtons(confirmCard).find((b) => b.verb === 'confirm')!;
        const collects = emulator.callsTo('mde.collectInvestigationPackage');
        before = api.calls.length;
        await send(
          interaction(
            blockActionsPayload(api, RESPONDER, { blocks: confirmCard.blocks }, confirm, { state: textInputState({ reason: 'forensics for incident 48215' }) }),
          ),
        );
        expect(emulator.callsTo('mde.collectInvestigationPackage')).toBe(collects + 1);
        const status = answers(before)
          .filter((m) => blockButtons(m).some((b) => b.verb === 'cancelAction'))
          .pop();
        expect(status).toBeDefined();
        const cancel = blockButtons(status!).find((b) => b.verb === 'cancelAction')!;
        const requestId = requestIdOf(cancel.value);
        expect(['pending', 'inProgress']).toContain((await app.store.requests.get(requestId))!.state);

        const cancels = emulator.callsTo('mde.cancel');
        before = api.calls.length;
        await send(interaction(blockActionsPayload(api, RESPONDER, { ts: '1700388888.000100', blocks: status!.blocks }, cancel)));
        expect(emulator.callsTo('mde.cancel')).toBe(cancels + 1);
        const request = (await app.store.requests.get(requestId))!;
        expect(request.state).toBe('cancelled');
        expect((await app.defender.endpoint.getMachineAction(request.defenderActionId!)).status).toBe('Cancelled');
        expect(api.calls.slice(before).some((c) => c.method === 'chat.update' && /Cancelled/.test(blocksText(c.body)))).toBe(true);

        // Cancelling again changes nothing.
        before = api.calls.length;
        await send(interaction(blockActionsPayload(api, RESPONDER, { ts: '1700388888.000100', blocks: status!.blocks }, cancel)));
        expect(emulator.callsTo('mde.cancel')).toBe(cancels + 1);
        expect(lastAnswerText(before)).toMatch(/Already handled/);
      } finally {
        emulator.setTimeline({ pendingMs: 3000, inProgressMs: 5000 });
      }
    });

    it('an approval clicked after the request expired is refused, the request is expired, nothing is sent', async () => {
      const { card, approve, requestId } = await awaitingApproval(RESPONDER, 'srv-file-02');
      const actions = machineActions();
      // APPROVAL_EXPIRY_MINUTES=2: the clock (Date only) moves three minutes on.
      jest.useFakeTimers({ now: Date.now() + 3 * 60_000, advanceTimers: true, doNotFake: [...DATE_ONLY] });
      try {
        const before = api.calls.length;
        await send(interaction(blockActionsPayload(api, APPROVER, { blocks: card.blocks }, approve)));
        expect(lastAnswerText(before)).toMatch(/This request has expired/);
      } finally {
        jest.useRealTimers();
      }
      expect((await app.store.requests.get(requestId))!.state).toBe('expired');
      expect((await audit((e) => e.requestId === requestId)).map((e) => e.event)).toEqual(expect.arrayContaining(['expired', 'refused-button']));
      expect(machineActions()).toBe(actions);
    });

    it('tampered, foreign and replayed button ids are refused and execute no machine action', async () => {
      const { card, approve, requestId } = await awaitingApproval(RESPONDER, 'ws-011');
      const actions = machineActions();
      const sig = approve.value.slice(approve.value.lastIndexOf('.') + 1);
      const flipped = sig[0] === 'A' ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
      const tampered = [
        { ...approve, value: `${approve.value.slice(0, approve.value.lastIndexOf('.') + 1)}${flipped}` },
        { ...approve, value: `r:${requestId.slice(0, -1)}${requestId.endsWith('A') ? 'B' : 'A'}.${sig}` },
        { ...approve, actionId: 'dc:reject:1' }, // the approve id under another verb
      ];
      for (const button of tampered) {
        const before = api.calls.length;
        await send(interaction(blockActionsPayload(api, APPROVER, { blocks: card.blocks }, button)));
        expect(lastAnswerText(before)).toMatch(/cannot be used/i);
      }
      // The very same (valid) approve button, clicked in another channel.
      let before = api.calls.length;
      await send(interaction(blockActionsPayload(api, APPROVER, { blocks: card.blocks, channel: OTHER_CHANNEL }, approve)));
      expect(lastAnswerText(before)).toMatch(/cannot be used/i);
      expect((await app.store.requests.get(requestId))!.state).toBe('awaitingApproval');
      expect(machineActions()).toBe(actions);
      const refused = await audit((e) => e.event === 'refused-button' && e.actorId === APPROVER.id && /altered or belongs elsewhere/.test(e.detail ?? ''));
      expect(refused.length).toBeGreaterThanOrEqual(4);

      // The real click executes exactly one isolation; clicking the used button again executes nothing more.
      before = api.calls.length;
      await send(interaction(blockActionsPayload(api, APPROVER, { blocks: card.blocks }, approve)));
      expect(app.defender.emulator!.callsTo('mde.isolate')).toBeGreaterThan(0);
      expect(machineActions()).toBe(actions + 1);
      expect(['submitting', 'pending', 'inProgress', 'succeeded']).toContain((await app.store.requests.get(requestId))!.state);
      for (const who of [APPROVER, GROUP_APPROVER]) {
        before = api.calls.length;
        await send(interaction(blockActionsPayload(api, who, { blocks: card.blocks }, approve)));
        expect(lastAnswerText(before)).toMatch(/Already handled/);
      }
      expect(machineActions()).toBe(actions + 1);
    });

    it('tampered and foreign lookup-card buttons are refused before anything is proposed', async () => {
      const { card, isolate } = await deviceCard(RESPONDER);
      const proposals = (await audit((e) => e.event === 'requested')).length;
      const [id, sig] = isolate.value.split('.');
      for (const [button, channel] of [
        [{ ...isolate, value: `${id}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}` }, CHANNEL],
        [isolate, OTHER_CHANNEL],
        [{ ...isolate, actionId: 'dc:release:1' }, CHANNEL],
      ] as const) {
        const before = api.calls.length;
        await send(interaction(blockActionsPayload(api, RESPONDER, { blocks: card.blocks, channel }, button)));
        // Refused in the modal the click opened, nothing in the conversation.
        const { filled } = await clickModal(api, before);
        expect(filled.callback_id).toBe('dc_refusal');
        expect(blocksText({ view: filled })).toMatch(/This button cannot be used/);
        expect(answers(before)).toEqual([]);
      }
      expect((await audit((e) => e.event === 'requested')).length).toBe(proposals);
      const refused = await audit(
        (e) => e.event === 'refused-button' && e.actorId === RESPONDER.id && /^(isolate|release): (tampered|foreign)$/.test(e.detail ?? ''),
      );
      expect(refused.map((e) => e.detail)).toEqual(expect.arrayContaining(['isolate: tampered', 'isolate: foreign', 'release: foreign']));
    });
  });

  describe('workspaces', () => {
    it('a slash command from a workspace not in SLACK_ALLOWED_TEAMS gets an ephemeral refusal and nothing runs', async () => {
      const calls = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      const res = await send({ form: slashCommandForm(api, FOREIGN, 'lookup 198.51.100.77') });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ response_type: 'ephemeral', text: 'This bot is not available to your workspace.' });
      expect(api.calls.slice(before)).toEqual([]);
      expect(app.defender.emulator!.calls.length).toBe(calls);
    });

    it('a mention and a button click from a workspace not allowed are dropped', async () => {
      const { card, isolate } = await deviceCard(RESPONDER);
      const calls = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      await send({ json: appMentionEvent(FOREIGN, 'lookup 198.51.100.77') });
      await send(interaction(blockActionsPayload(api, { ...FOREIGN }, { blocks: card.blocks }, isolate)));
      expect(api.calls.slice(before)).toEqual([]);
      expect(app.defender.emulator!.calls.length).toBe(calls);
    });

    it('Enterprise Grid: users of an allowed org (enterprise_id in SLACK_ALLOWED_TEAMS) are answered', async () => {
      let before = api.calls.length;
      const res = await send({ form: slashCommandForm(api, GRID_USER, 'lookup 203.0.113.9') });
      expect(res.text).not.toMatch(/not available/);
      const posted = answers(before);
      expect(posted.length).toBeGreaterThan(0);
      expect(blocksText(posted[posted.length - 1]!)).toContain('203.0.113.9');
      // The same person without the enterprise id is a member of a workspace that is not on the list.
      before = api.calls.length;
      const alone = await send({ form: slashCommandForm(api, { ...GRID_USER, enterprise_id: undefined }, 'lookup 203.0.113.9') });
      expect(alone.text).toMatch(/not available to your workspace/);
      expect(answers(before)).toEqual([]);
    });
  });

  describe('direct messages and ignored messages', () => {
    it('answers a direct message in the DM', async () => {
      const before = api.calls.length;
      await send({ json: directMessageEvent(RESPONDER, 'lookup 198.51.100.77') });
      const posted = api.calls.slice(before).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
      expect(posted.length).toBeGreaterThan(0);
      expect(posted.every((p) => p.body.channel === 'D0DIRECT')).toBe(true);
      expect(blocksText(posted[posted.length - 1]!.body)).toContain('198.51.100.77');
    });

    it('ignores messages with a subtype, from bots, and channel messages without a mention', async () => {
      const calls = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      await send({ json: directMessageEvent(RESPONDER, 'lookup 198.51.100.77', { event: { subtype: 'me_message' } }) });
      await send({ json: directMessageEvent(RESPONDER, 'lookup 198.51.100.77', { event: { subtype: 'file_share' } }) });
      await send({ json: directMessageEvent(RESPONDER, 'lookup 198.51.100.77', { event: { bot_id: 'B0OTHERBOT' } }) });
      await send({ json: directMessageEvent(RESPONDER, 'help', { event: { bot_id: 'B0OTHERBOT', subtype: 'bot_message' } }) });
      await send({ json: directMessageEvent(RESPONDER, 'help', { event: { channel_type: 'channel', channel: CHANNEL } }) });
      expect(api.calls.slice(before)).toEqual([]);
      expect(app.defender.emulator!.calls.length).toBe(calls);
      // ... while the same DM without them is answered (the filter is what kept them out).
      await send({ json: directMessageEvent(RESPONDER, 'help') });
      expect(answers(before).length).toBe(1);
    });
  });

  describe('the confirmation modal', () => {
    async function openModal(): Promise<{ meta: string; confirmToken: string; requestId: string }> {
      const { card, isolate } = await deviceCard(RESPONDER);
      const before = api.calls.length;
      await send(interaction(blockActionsPayload(api, RESPONDER, { blocks: card.blocks }, isolate)));
      expect(api.calls.slice(before).filter((c) => c.method === 'views.open')).toHaveLength(1);
      const { meta: text } = await confirmModal(api, before);
      const meta = JSON.parse(text) as { r: string; a?: string };
      return { meta: text, confirmToken: meta.r, requestId: requestIdOf(meta.r) };
    }

    it('closing the modal abandons the request', async () => {
      const { meta, requestId } = await openModal();
      expect((await app.store.requests.get(requestId))!.state).toBe('awaitingConfirmation');
      const actions = machineActions();
      const res = await send(interaction(viewClosedPayload(RESPONDER, confirmModalView(meta))));
      expect(res.status).toBe(200);
      expect((await app.store.requests.get(requestId))!.state).toBe('cancelled');
      expect(await audit((e) => e.event === 'cancelled' && e.requestId === requestId)).toHaveLength(1);
      // A submission after closing does nothing.
      await send(interaction(viewSubmissionPayload(RESPONDER, confirmModalView(meta), { reason: 'too late now' })));
      expect((await app.store.requests.get(requestId))!.state).toBe('cancelled');
      expect(machineActions()).toBe(actions);
    });

    it('submitting without a reason answers response_action errors in the HTTP answer, and nothing moves', async () => {
      const { meta, requestId } = await openModal();
      const actions = machineActions();
      for (const reason of [undefined, '', '   ', 'x']) {
        const before = api.calls.length;
        const res = await send(interaction(viewSubmissionPayload(RESPONDER, confirmModalView(meta), { reason })));
        expect(res.status).toBe(200);
        const answer = JSON.parse(res.text) as { response_action?: string; errors?: Record<string, string> };
        expect(answer.response_action).toBe('errors');
        expect(answer.errors?.reason).toMatch(/reason/i);
        expect(answers(before)).toEqual([]);
      }
      expect((await app.store.requests.get(requestId))!.state).toBe('awaitingConfirmation');
      // With a reason it goes on to the approval card.
      const before = api.calls.length;
      const res = await send(interaction(viewSubmissionPayload(RESPONDER, confirmModalView(meta), { reason: 'beaconing to the C2' })));
      expect(res.text).not.toMatch(/response_action/);
      expect((await app.store.requests.get(requestId))!.state).toBe('awaitingApproval');
      expect(answers(before).some((m) => /Approval needed/.test(blocksText(m)))).toBe(true);
      expect(machineActions()).toBe(actions);
    });
  });
});

/*
 * Group members are cached for a minute, and every role check that reaches the approver role reads SAPPROVERS (with
 * LOOKUPS_REQUIRE_ROLE, even a lookup does): a fresh bot, where the approval click is the first read.
 */
describe('Slack: a slack-group role whose members cannot be read (fail closed)', () => {
  useWorld({ ...POLICY_ENV, LOOKUPS_REQUIRE_ROLE: 'false' });

  it('a slack-group approver whose group cannot be read is refused, naming the cause (fail closed)', async () => {
    const { card, approve, requestId } = await awaitingApproval(RESPONDER, 'ws-105');
    const actions = machineActions();
    api.answer('usergroups.users.list', { ok: false, error: 'plan_upgrade_required' });
    try {
      const reads = api.of('usergroups.users.list').length;
      const before = api.calls.length;
      await send(interaction(blockActionsPayload(api, GROUP_APPROVER, { blocks: card.blocks }, approve)));
      expect(api.of('usergroups.users.list').length).toBeGreaterThan(reads);
      const text = lastAnswerText(before);
      expect(text).toMatch(/Not allowed/);
      expect(text).toMatch(/SAPPROVERS could not be read/);
      expect(text).toMatch(/paid Slack plan/);
    } finally {
      api.answer('usergroups.users.list', (b) => {
        const users = api.groups[String(b.usergroup)];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      });
    }
    expect((await app.store.requests.get(requestId))!.state).toBe('awaitingApproval');
    const denied = await audit((e) => e.event === 'denied' && e.requestId === requestId && e.actorId === GROUP_APPROVER.id);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.detail).toMatch(/could not be read.*paid Slack plan/);
    expect(machineActions()).toBe(actions);

    // Once the group can be read, the same person approves.
    const before = api.calls.length;
    await send(interaction(blockActionsPayload(api, GROUP_APPROVER, { blocks: card.blocks }, approve)));
    expect(lastAnswerText(before)).not.toMatch(/Not allowed/);
    expect((await app.store.requests.get(requestId))!.state).not.toBe('awaitingApproval');
    expect(machineActions()).toBe(actions + 1);
  });
});
