import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { blockButtons, blocksText, FakeSlackApi, interaction, postToSlackEndpoint } from '../../helpers/fake-slack-api';
import { appMentionEvent, blockActionsPayload, confirmModalView, slashCommandForm, viewSubmissionPayload } from '../../helpers/slack-payloads';
import { clickModal } from './click-modal';

const SECRET = 'slack-signing-secret-for-tests-0123456789';
const DATA_DIR = mkdtempSync(join(tmpdir(), 'slack-bot-'));
const RESPONDER = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };
const APPROVER = { id: 'UAPPR', username: 'ada.approver', team_id: 'T0DEMO' };
const GROUP_APPROVER = { id: 'UGRP', username: 'gus.group', team_id: 'T0DEMO' };
const NOBODY = { id: 'UNONE', username: 'nia.norole', team_id: 'T0DEMO' };
describe('Slack through the real Bolt HTTP receiver on the bot server', () => {
  let app: App;
  const api = new FakeSlackApi();

  beforeAll(async () => {
    await api.start();
    api.groups.SAPPROVERS = [GROUP_APPROVER.id];
    const config = loadConfig({
      DATA_DIR,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.apiUrl,
      ROLE_RESPONDERS: `slack:${RESPONDER.id}`,
      ROLE_HUNTERS: `slack:${RESPONDER.id}`,
      ROLE_APPROVERS: `slack:${APPROVER.id},slack-group:SAPPROVERS`,
      ACTIONS_REQUIRING_APPROVAL: 'isolate',
    });
    // Metrics are served on a port of their own (METRICS_PORT); 0: any free one.
    app = await startApp(config, { port: 0, metricsPort: 0 });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
  });

  async function settle(): Promise<void> {
    await app.slack!.bot.idle();
  }

  it('reads its identity with auth.test at start', () => {
    expect(api.of('auth.test')).toHaveLength(1);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await postToSlackEndpoint(app.teams.url, SECRET, { json: { type: 'url_verification', challenge: 'c-123', token: 't' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('c-123');
  });

  it('answers an @mention lookup with one Block Kit message in the thread', async () => {
    const before = api.calls.length;
    const event = appMentionEvent(RESPONDER, 'lookup 198.51.100[.]77');
    const res = await postToSlackEndpoint(app.teams.url, SECRET, { json: event });
    expect(res.status).toBe(200);
    await settle();
    const posted = api.calls.slice(before).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    const last = posted[posted.length - 1]!.body;
    expect(blocksText(last)).toMatch(/198\.51\.100\.77/);
    expect(blocksText(last)).toMatch(/DEMO DATA/i);
    expect(api.of('chat.postMessage').slice(-1)[0]!.thread_ts).toBe(event.event.ts);
  });

  it('refuses a bad signature, a stale and a future timestamp with 401 and does nothing', async () => {
    const before = api.calls.length;
    const bad = await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      { json: appMentionEvent(RESPONDER, 'lookup 198.51.100.77') },
      { signatureOverride: 'v0=' + '0'.repeat(64) },
    );
    const stale = await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      { json: appMentionEvent(RESPONDER, 'lookup 198.51.100.77') },
      { timestampSec: Math.floor(Date.now() / 1000) - 301 },
    );
    const future = await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      { json: appMentionEvent(RESPONDER, 'lookup 198.51.100.77') },
      { timestampSec: Math.floor(Date.now() / 1000) + 301 },
    );
    const wrongSecret = await postToSlackEndpoint(app.teams.url, 'another-secret', { json: appMentionEvent(RESPONDER, 'lookup 198.51.100.77') });
    expect([bad.status, stale.status, future.status, wrongSecret.status]).toEqual([401, 401, 401, 401]);
    expect(future.text).toMatch(/future/);
    await settle();
    expect(api.calls.slice(before)).toEqual([]);
  });

  it('handles a replayed request and a retried event once', async () => {
    const event = appMentionEvent(RESPONDER, 'lookup 203.0.113.9');
    const first = await postToSlackEndpoint(app.teams.url, SECRET, { json: event });
    await settle();
    const after = api.calls.length;
    // The very same signed bytes again (a replay), then Slack's own retry: same event id, new signature.
    const replay = await fetch(`${app.teams.url}/slack/events`, { method: 'POST', headers: { ...first.headers }, body: first.raw });
    const retry = await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      { json: event },
      { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }, timestampSec: Math.floor(Date.now() / 1000) + 1 },
    );
    expect([first.status, replay.status, retry.status]).toEqual([200, 200, 200]);
    await settle();
    expect(api.calls.slice(after)).toEqual([]);
  });

  it('ignores users from workspaces that are not allowed', async () => {
    const before = api.calls.length;
    const res = await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent({ id: 'UGUEST', team_id: 'T0OTHER' }, 'lookup 198.51.100.77') });
    expect(res.status).toBe(200);
    await settle();
    expect(api.calls.slice(before)).toEqual([]);
  });

  it('acknowledges the slash command at once and answers in the channel', async () => {
    const before = api.calls.length;
    const res = await postToSlackEndpoint(app.teams.url, SECRET, {
      form: slashCommandForm(api.responseUrl('cmd-1'), RESPONDER, 'help'),
    });
    expect(res.status).toBe(200);
    await settle();
    const posted = api.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(blocksText(posted[0]!.body)).toMatch(/lookup/i);
  });

  it('answers privately through response_url where the bot is not in the channel', async () => {
    api.answer('chat.postMessage', { ok: false, error: 'not_in_channel' });
    try {
      const before = api.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, {
        form: slashCommandForm(api.responseUrl('cmd-2'), RESPONDER, 'help', { channel: 'C0ELSEWHERE' }),
      });
      await settle();
      const responded = api.calls.slice(before).filter((c) => c.method === 'respond:cmd-2');
      expect(responded).toHaveLength(1);
      expect(responded[0]!.body.response_type).toBe('ephemeral');
      expect(blocksText(responded[0]!.body)).toMatch(/invite me/i);
    } finally {
      api.answer('chat.postMessage', (b) => ({ ok: true, channel: b.channel, ts: `${Date.now()}.000300` }));
    }
  });

  it('isolates a device end to end: modal reason, approval by a group member, status updates', async () => {
    await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, 'device ws-042') });
    await settle();
    const lookup = api
      .of('chat.postMessage')
      .concat(api.of('chat.update'))
      .filter((m) => blockButtons(m).some((b) => b.verb === 'isolate'))
      .pop()!;
    const isolate = blockButtons(lookup).find((b) => b.verb === 'isolate')!;
    const lookupMessage = { ts: lookup.ts ?? '1700000999.000100', blocks: lookup.blocks };

    // Someone without a role is refused, privately: in the modal the click opened.
    const refusedFrom = api.calls.length;
    await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, NOBODY, lookupMessage, isolate)));
    await settle();
    expect(blocksText({ view: (await clickModal(api, refusedFrom)).filled })).toMatch(/not allowed|responder role/i);

    // The modal opens at once ("Checking ..."), then views.update fills it with the confirmation.
    const from = api.calls.length;
    await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, RESPONDER, lookupMessage, isolate)));
    await settle();
    const { opened, filled } = await clickModal(api, from);
    expect(opened.callback_id).toBe('dc_checking');
    expect(blocksText({ view: opened })).toMatch(/Checking \*ws-042\.contoso\.com\* before isolating it/);
    const view = filled as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe('dc_confirm');

    const posts = api.of('chat.postMessage').length;
    const submit = await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      interaction(viewSubmissionPayload(RESPONDER, confirmModalView(view.private_metadata), { reason: 'beaconing to c2.badcdn.example.org' })),
    );
    expect(submit.status).toBe(200);
    await settle();
    const approvalCard = (await api.waitFor('chat.postMessage', posts + 1))[posts]!;
    expect(blocksText(approvalCard)).toMatch(/Approval needed/);
    const approve = blockButtons(approvalCard).find((b) => b.verb === 'approve')!;
    const approvalMessage = { ts: approvalCard.ts ?? '', blocks: approvalCard.blocks };

    // The requester cannot approve their own request.
    await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, RESPONDER, approvalMessage, approve)));
    await settle();
    expect(blocksText(api.calls[api.calls.length - 1]!.body)).toMatch(/cannot approve your own/i);

    const updates = api.of('chat.update').length;
    await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, GROUP_APPROVER, approvalMessage, approve)));
    await settle();
    const updated = (await api.waitFor('chat.update', updates + 1)).slice(updates);
    expect(updated.map((u) => blocksText(u)).join('\n')).toMatch(/Pending|In progress|Succeeded/);
    expect(api.of('usergroups.users.list').length).toBeGreaterThan(0);

    const audit = await app.store.audit.query({ since: new Date(Date.now() - 600_000), limit: 100 });
    const events = audit.filter((e) => e.action === 'isolate').map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['denied', 'requested', 'confirmed', 'refused-button', 'approved', 'submitted']));
  });

  it('serves /healthz, /readyz, and /metrics on the metrics port, with what the turns above did', async () => {
    const health = await fetch(`${app.teams.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.teams.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { store: 'ok', defender: 'ok' } });
    const metrics = await (await fetch(`${app.metricsServer!.url}/metrics`)).text();
    const value = (line: RegExp) =>
      Number(
        metrics
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop() ?? NaN,
      );
    expect(value(/^defender_chatops_lookups_total\{platform="slack",outcome="complete"\}/)).toBeGreaterThanOrEqual(2);
    expect(value(/^defender_chatops_upstream_requests_total\{api="hunting",status="200"\}/)).toBeGreaterThanOrEqual(1);
    expect(value(/^defender_chatops_turns_total\{platform="slack",kind="button"\}/)).toBeGreaterThanOrEqual(3);
    expect(value(/^defender_chatops_action_requests_total\{action="isolate",state="submitting"\}/)).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/^defender_chatops_lookup_duration_seconds_bucket\{/m);
  });

  it('refuses a forged button value and says so privately', async () => {
    const before = api.calls.length;
    await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      interaction(
        blockActionsPayload(api, RESPONDER, { ts: '1.1', blocks: [] }, { actionId: 'dc:approve:0', value: 'r:abcdefgh1234.forgedsignatureforgedsignature00' }),
      ),
    );
    await settle();
    const answer = api.calls.slice(before).pop()!;
    expect(answer.method).toMatch(/^respond:/);
    expect(blocksText(answer.body)).toMatch(/cannot be used/i);
  });
});

describe('Slack: a typed isolation confirmed with the inputs in the message', () => {
  let app: App;
  const api = new FakeSlackApi();

  beforeAll(async () => {
    await api.start();
    app = await startApp(
      loadConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'slack-typed-')),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        ROLE_RESPONDERS: `slack:${RESPONDER.id}`,
        ROLE_APPROVERS: `slack:${APPROVER.id}`,
        ACTIONS_REQUIRING_APPROVAL: '',
      }),
      { port: 0 },
    );
  });
  afterAll(async () => {
    await app.close();
    await api.close();
  });

  it('posts the confirmation with its inputs; the Confirm click carries them and the action is sent once', async () => {
    await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, 'isolate ws-042 selective because beaconing') });
    await app.slack!.bot.idle();
    const confirm = api.of('chat.postMessage').pop()!;
    expect(blocksText(confirm)).toMatch(/Isolate device ws-042/);
    const inputs = (confirm.blocks as Array<{ type: string; block_id?: string }>).filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(inputs).toEqual(expect.arrayContaining(['reason', 'isolationType']));
    const button = blockButtons(confirm).find((b) => b.verb === 'confirm')!;
    const state = {
      values: {
        reason: { reason: { type: 'plain_text_input', value: 'beaconing to the C2' } },
        isolationType: { isolationType: { type: 'static_select', selected_option: { value: 'Selective', text: { type: 'plain_text', text: 'Selective' } } } },
      },
    };
    const posts = api.of('chat.postMessage').length;
    await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      interaction(blockActionsPayload(api, RESPONDER, { ts: confirm.ts ?? '1.2', blocks: confirm.blocks }, button, { state })),
    );
    // The same click again (a double tap) must not send a second action.
    await postToSlackEndpoint(
      app.teams.url,
      SECRET,
      interaction(blockActionsPayload(api, RESPONDER, { ts: confirm.ts ?? '1.2', blocks: confirm.blocks }, button, { state })),
    );
    await app.slack!.bot.idle();
    const status = (await api.waitFor('chat.postMessage', posts + 1))[posts]!;
    expect(blocksText(status)).toMatch(/Isolate device ws-042.*(Sending to Defender|Pending|In progress|Succeeded)/s);
    const submitted = (await app.store.audit.query({ since: new Date(Date.now() - 600_000), limit: 100 })).filter((e) => e.event === 'submitted');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.detail ?? '').toMatch(/Selective|isolate/i);
  });
});
