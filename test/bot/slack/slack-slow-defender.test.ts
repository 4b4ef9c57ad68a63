import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { clickedSubject } from '../../../src/bot/slack/checking-modal';
import type { DefenderEmulator } from '../../../emulator/server';
import { blockButtons, blocksText, FakeSlackApi, interaction, postToSlackEndpoint } from '../../helpers/fake-slack-api';
import { appMentionEvent, blockActionsPayload, confirmModalView, viewClosedPayload, viewSubmissionPayload, type SlackUser } from '../../helpers/slack-payloads';

/*
 * Slack gives a click's trigger_id 3 seconds to open a modal (bot-platform.md, "Real clients versus the Agents
 * Playground"). Here every Defender call takes 10 seconds (the emulator's latency on every route), and the order of
 * events is asserted, not durations: the modal reached Slack before Defender answered anything, and was filled with
 * the confirmation only after Defender answered.
 */

const SECRET = 'slack-signing-secret-for-slow-defender-0123456789';
const RESPONDER: SlackUser = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };
const LATENCY_MS = 10_000;

type Body = Record<string, unknown>;

describe('Slack: every Defender call takes 10 seconds', () => {
  let app: App;
  let emulator: DefenderEmulator;
  const api = new FakeSlackApi();
  /** Defender answers (emulator call log) counted when each Slack call arrived, by method. */
  const defenderAnsweredAt: Array<{ method: string; answered: number; body: Body }> = [];
  let viewCount = 0;

  beforeAll(async () => {
    await api.start();
    app = await startApp(
      loadConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'slack-slow-')),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        ROLE_RESPONDERS: `slack:${RESPONDER.id}`,
        ROLE_APPROVERS: 'slack:UAPPR',
        ACTIONS_REQUIRING_APPROVAL: '',
        DEFENDER_REQUEST_TIMEOUT_SECONDS: '30',
      }),
      { port: 0 },
    );
    emulator = app.defender.emulator!;
    // views.open and views.update as Slack answers them (an id, a hash to name on update), noting when they arrived.
    api.answer('views.open', (body) => {
      defenderAnsweredAt.push({ method: 'views.open', answered: emulator.calls.length, body });
      const id = `VSLOW${++viewCount}`;
      api.views.set(id, `${id}.1`);
      return { ok: true, view: { id, hash: `${id}.1` } };
    });
    api.answer('views.update', (body) => {
      defenderAnsweredAt.push({ method: 'views.update', answered: emulator.calls.length, body });
      const id = String(body.view_id);
      const hash = api.views.get(id);
      if (hash === undefined) return { ok: false, error: 'not_found' };
      if (body.hash !== hash) return { ok: false, error: 'hash_conflict' };
      api.views.set(id, `${id}.2`);
      return { ok: true, view: { id, hash: `${id}.2` } };
    });
  });
  afterAll(async () => {
    emulator?.setLatency('*', 0);
    await app?.close();
    await api.close();
  });

  /** The card of `device ...` (looked up before Defender slows down) and the Isolate button of that device. */
  async function isolateButton(device: string): Promise<{ card: Body; isolate: ReturnType<typeof blockButtons>[number] }> {
    const before = api.calls.length;
    await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `device ${device}`) });
    await app.slack!.bot.idle();
    const card = api.calls
      .slice(before)
      .map((c) => c.body)
      .filter((b) => blockButtons(b).some((x) => x.verb === 'isolate'))
      .pop()!;
    expect(card).toBeDefined();
    const isolate = blockButtons(card).find((b) => b.verb === 'isolate' && clickedSubject(card, b.actionId)?.startsWith(`${device}.`));
    expect(isolate).toBeDefined();
    return { card, isolate: isolate! };
  }

  it('opens the modal before Defender answers anything, fills it with the confirmation after, and acknowledges the submission before Defender answers', async () => {
    const { card, isolate } = await isolateButton('ws-042');
    emulator.setLatency('*', LATENCY_MS);
    try {
      const answeredBefore = emulator.calls.length;
      const from = defenderAnsweredAt.length;
      const apiFrom = api.calls.length;
      const click = await postToSlackEndpoint(
        app.teams.url,
        SECRET,
        interaction(blockActionsPayload(api, RESPONDER, { ts: '1700000500.000100', blocks: card.blocks }, isolate)),
      );
      // Slack got its acknowledgement while Defender had answered nothing.
      expect(click.status).toBe(200);
      expect(emulator.calls.length).toBe(answeredBefore);
      await app.slack!.bot.idle();

      const [opened, updated, ...rest] = defenderAnsweredAt.slice(from);
      expect(rest).toEqual([]);
      // 1. The modal reached Slack before the emulator answered any Defender call.
      expect(opened!.method).toBe('views.open');
      expect(opened!.answered).toBe(answeredBefore);
      const checking = opened!.body.view as Body;
      expect(checking.callback_id).toBe('dc_checking');
      expect(blocksText({ view: checking })).toMatch(/Checking \*ws-042\.contoso\.com\* before isolating it/);
      // 2. Then views.update filled that modal (its id, the hash Slack gave) with the confirmation, after Defender
      //    answered the device read and the machine-action list.
      expect(updated!.method).toBe('views.update');
      expect(updated!.body.view_id).toBe(`VSLOW${viewCount}`);
      expect(updated!.body.hash).toBe(`VSLOW${viewCount}.1`);
      expect(updated!.answered).toBeGreaterThanOrEqual(answeredBefore + 2);
      expect(emulator.calls.slice(answeredBefore).map((c) => c.route)).toEqual(expect.arrayContaining(['mde.machine', 'mde.machineactions']));
      const confirm = updated!.body.view as Body & { private_metadata: string; blocks: Array<{ type: string; block_id?: string }> };
      expect(confirm.callback_id).toBe('dc_confirm');
      expect(blocksText({ view: confirm })).toMatch(/Isolate device ws-042\.contoso\.com/);
      expect(confirm.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(expect.arrayContaining(['reason', 'isolationType']));
      // Nothing went to the conversation.
      expect(api.calls.slice(apiFrom).filter((c) => /^(chat\.|respond:)/.test(c.method))).toEqual([]);

      // 3. The submission is acknowledged at once (Slack closes the modal); the isolation reaches Defender after.
      const isolations = emulator.callsTo('mde.isolate');
      const submit = await postToSlackEndpoint(
        app.teams.url,
        SECRET,
        interaction(viewSubmissionPayload(RESPONDER, confirmModalView(confirm.private_metadata), { reason: 'beaconing to c2.badcdn.example.org' })),
      );
      expect(submit.status).toBe(200);
      expect(submit.text).toBe('');
      expect(emulator.callsTo('mde.isolate')).toBe(isolations);
      await app.slack!.bot.idle();
      expect(emulator.callsTo('mde.isolate')).toBe(isolations + 1);
    } finally {
      emulator.setLatency('*', 0);
    }
  }, 120_000);

  it('closing the modal while Defender is still answering abandons the request; the modal is not filled', async () => {
    const { card, isolate } = await isolateButton('ws-063');
    emulator.setLatency('*', LATENCY_MS);
    try {
      const since = new Date().toISOString();
      const from = defenderAnsweredAt.length;
      const answeredBefore = emulator.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, RESPONDER, { blocks: card.blocks }, isolate)));
      // Wait for the modal, then close it (Slack sends view_closed: notify_on_close) before Defender answered.
      for (let i = 0; i < 200 && defenderAnsweredAt.length === from; i++) await new Promise((r) => setTimeout(r, 25));
      const opened = defenderAnsweredAt[from]!;
      expect(opened.method).toBe('views.open');
      const viewId = `VSLOW${viewCount}`;
      const closed = await postToSlackEndpoint(
        app.teams.url,
        SECRET,
        interaction(viewClosedPayload(RESPONDER, { id: viewId, type: 'modal', callback_id: 'dc_checking' })),
      );
      expect(closed.status).toBe(200);
      expect(emulator.calls.length).toBe(answeredBefore);
      await app.slack!.bot.idle();

      expect(defenderAnsweredAt.slice(from).map((c) => c.method)).toEqual(['views.open']);
      const audit = await app.store.audit.query({ since: new Date(since), limit: 100 });
      const requested = audit.filter((e) => e.event === 'requested' && e.action === 'isolate');
      expect(requested).toHaveLength(1);
      const request = await app.store.requests.get(requested[0]!.requestId!);
      expect(request!.state).toBe('cancelled');
      expect(audit.filter((e) => e.event === 'cancelled' && e.requestId === request!.id)).toHaveLength(1);
    } finally {
      emulator.setLatency('*', 0);
    }
  }, 120_000);

  it('when the turn itself fails, the modal says so instead of staying at "Checking..."', async () => {
    const { card, isolate } = await isolateButton('ws-063');
    const spy = jest.spyOn(app.conversation, 'handleButton').mockRejectedValueOnce(new Error('store unavailable'));
    try {
      const from = defenderAnsweredAt.length;
      await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, RESPONDER, { blocks: card.blocks }, isolate)));
      await app.slack!.bot.idle();
      const [opened, updated] = defenderAnsweredAt.slice(from);
      expect(opened!.method).toBe('views.open');
      expect(updated!.method).toBe('views.update');
      const view = updated!.body.view as Body;
      expect(view.callback_id).toBe('dc_refusal');
      expect(blocksText({ view })).toMatch(/The checks did not finish[\s\S]*Nothing was done/);
      // No raw upstream text in chat.
      expect(blocksText({ view })).not.toMatch(/store unavailable/);
    } finally {
      spy.mockRestore();
    }
  });

  it('when Slack refuses to open the modal (expired trigger), the confirmation is shown in the conversation as before', async () => {
    const { card, isolate } = await isolateButton('ws-011');
    api.answer('views.open', { ok: false, error: 'expired_trigger_id' });
    try {
      const before = api.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, RESPONDER, { blocks: card.blocks }, isolate)));
      await app.slack!.bot.idle();
      const calls = api.calls.slice(before);
      expect(calls.filter((c) => c.method === 'views.open')).toHaveLength(1);
      expect(calls.filter((c) => c.method === 'views.update')).toEqual([]);
      const shown = calls.filter((c) => c.method.startsWith('respond:'));
      expect(shown).toHaveLength(1);
      expect(shown[0]!.body.response_type).toBe('ephemeral');
      expect(blocksText(shown[0]!.body)).toMatch(/Isolate device ws-011\.contoso\.com/);
      expect(blockButtons(shown[0]!.body).map((b) => b.verb)).toEqual(expect.arrayContaining(['confirm', 'abandon']));
    } finally {
      api.answer('views.open', (body) => {
        const id = `VSLOW${++viewCount}`;
        api.views.set(id, `${id}.1`);
        defenderAnsweredAt.push({ method: 'views.open', answered: emulator.calls.length, body });
        return { ok: true, view: { id, hash: `${id}.1` } };
      });
    }
  });
});
