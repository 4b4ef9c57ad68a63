/**
 * The real bot, started as a user starts it (`node bin/defender-chatops.js start`, demo mode), driven over HTTP the
 * way Slack drives it: signed requests to POST /slack/events (Events API, slash command, interactivity), its Web API
 * calls answered by a local Slack (FakeSlackApi at SLACK_API_URL). A defanged @mention lookup; `/defender device
 * ws-042`, an Isolate click refused for someone without a role, the responder's confirmation modal, the approval
 * card, a group member's approval and the card updated until Defender reports Succeeded; stale, forged and replayed
 * requests refused with nothing posted. Every Block Kit message and modal goes to test-output/e2e/<time>/slack-*.json,
 * ready to paste into Slack's Block Kit Builder.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outputDir } from './harness/output';
import { delay, getFreePort, httpGet, stopAll } from './harness/proc';
import {
  appMention,
  blockAction,
  buttonsOf,
  eventually,
  metricValue,
  saveBlockKit,
  signedPost,
  rawPost,
  slashCommand,
  SlackWorkspace,
  SLACK_APPROVER_GROUP,
  SLACK_BOT_TOKEN,
  SLACK_CHANNEL,
  SLACK_USERS,
  startSlackBot,
  textOf,
  viewSubmission,
  type SlackBot,
  type SlackMessage,
} from './harness/slack';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-slack-bot-'));
/** Slack gives up on a request not answered within 3 seconds (and retries it). */
const SLACK_ACK_MS = 3000;
const verbOf = (actionId: string) => actionId.split(':')[1];

function audit(): { event: string; actor: string; action: string | null; detail: string | null }[] {
  const file = path.join(dataDir, 'defender-chatops.db');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    return db.prepare('SELECT event, actor, action, detail FROM audit_log ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

describe('Slack over signed HTTP: a lookup and an approved isolation, end to end', () => {
  const slack = new SlackWorkspace();
  let bot: SlackBot;
  let metricsUrl: string;

  /** What the calls since `since` were, one line each, for failure messages. */
  const seen =
    (since = 0) =>
    () =>
      slack
        .callsSince(since)
        .map((c) => `${c.method} ${c.body.ts ?? ''} ${textOf(c.body).replace(/\s+/g, ' ').slice(0, 160)}`)
        .join('\n') || '(no calls)';

  /** The message in `thread` (or top level of the channel) whose current content passes `test`. */
  const messageWhere = (test: (m: SlackMessage) => boolean): SlackMessage | undefined => [...slack.messages.values()].find(test);

  beforeAll(async () => {
    await slack.start();
    // Metrics have a port of their own (METRICS_PORT), on 127.0.0.1.
    metricsUrl = `http://127.0.0.1:${await getFreePort()}/metrics`;
    bot = await startSlackBot(slack, dataDir, {
      METRICS_PORT: new URL(metricsUrl).port,
      ROLE_RESPONDERS: `slack:${SLACK_USERS.responder.id}`,
      // The approver is one only as a member of a Slack user group: usergroups.users.list is asked at the click.
      ROLE_APPROVERS: `slack-group:${SLACK_APPROVER_GROUP}`,
      ROLE_HUNTERS: `slack:${SLACK_USERS.responder.id}`,
      ROLE_ADMINS: undefined,
      ROLE_VIEWERS: undefined,
      ACTIONS_REQUIRING_APPROVAL: 'isolate',
    });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await stopAll();
    fs.writeFileSync(path.join(outputDir(), 'slack-calls.json'), `${JSON.stringify(slack.calls, null, 2)}\n`);
    fs.writeFileSync(path.join(outputDir(), 'slack-audit.json'), `${JSON.stringify(audit(), null, 2)}\n`);
    await slack.close();
  }, 30_000);

  test('starts on /slack/events with its own identity, and answers url_verification', async () => {
    expect(bot.listening).toMatch(new RegExp(`is listening on .*127\\.0\\.0\\.1:${bot.port}/slack/events`));
    expect(bot.proc.output()).toMatch(/DEMO MODE/);
    const auth = slack.calls.filter((c) => c.method === 'auth.test');
    expect(auth).toHaveLength(1);
    expect(auth[0]!.token).toBe(SLACK_BOT_TOKEN);

    const res = await signedPost(bot.baseUrl, {
      json: { token: 'legacy-verification-token', challenge: 'e2e-challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'e2e-challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  test('@mention: a defanged IP and URL are looked up and answered with one Block Kit message in the thread', async () => {
    const since = slack.calls.length;
    const event = appMention(SLACK_USERS.responder, 'lookup 198.51.100[.]77 hxxps://bad[.]example[.]net/login');
    const started = Date.now();
    const res = await signedPost(bot.baseUrl, { json: event });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLACK_ACK_MS);

    const answer = await eventually(
      'the lookup answer in the thread',
      () => messageWhere((m) => m.channel === SLACK_CHANNEL && m.thread_ts === event.event.ts && /Highest severity|Nothing found|No severity/.test(textOf(m))),
      60_000,
      seen(since),
    );
    // One message in the thread: a progress message, if any, is replaced in place, not followed by a second post.
    const inThread = [...slack.messages.values()].filter((m) => m.thread_ts === event.event.ts);
    expect(inThread).toHaveLength(1);
    answer.history.forEach((version, i) =>
      saveBlockKit(i === answer.history.length - 1 ? 'mention-lookup' : `mention-lookup-progress-${i + 1}`, version as { blocks: unknown[] }),
    );
    if (answer.history.length > 1) expect(textOf(answer.history[0]!)).toMatch(/Looking up 2 indicators/);

    const text = textOf(answer);
    expect(text).toContain('DEMO DATA');
    expect(text).toContain('198.51.100.77');
    expect(text).toContain('https://bad.example.net/login');
    expect(text).not.toMatch(/\[\.\]|hxxp/);
    expect(text).toMatch(/\d+ alerts?/);
    expect(text).toContain('srv-fin-01.contoso.com');
    const blocks = answer.blocks as Array<{ type: string; text?: { text?: string } }>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringMatching(/^Highest severity: /) } });
    // Each indicator its own section, with the sections of what was found (Incidents, Alerts, Devices ...).
    const indicatorSections = blocks.filter((b) => b.type === 'section' && /`198\.51\.100\.77`|`https:\/\/bad\.example\.net\/login`/.test(b.text?.text ?? ''));
    expect(indicatorSections).toHaveLength(2);
    expect(text).toMatch(/\*Devices\* \(\d+\)/);
    expect(text).toMatch(/\*(Incidents|Alerts)\* \(\d+\)/);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(buttonsOf(answer.blocks).map((b) => verbOf(b.actionId))).toContain('refresh');
    // Nothing else was sent: no ephemeral, no second message.
    expect(
      slack
        .callsSince(since)
        .map((c) => c.method)
        .filter((m) => m !== 'chat.postMessage' && m !== 'chat.update'),
    ).toEqual([]);
  });

  test('/defender device ws-042: no role is refused privately; the responder confirms in a modal; a group approver approves; the card reaches Succeeded', async () => {
    const { responder, approver, noRole } = SLACK_USERS;

    // 1. The slash command: acknowledged at once, the lookup posted in the channel with an Isolate button.
    let since = slack.calls.length;
    const command = slashCommand(slack, responder, 'device ws-042');
    const started = Date.now();
    const ack = await signedPost(bot.baseUrl, command);
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLACK_ACK_MS);
    const lookup = await eventually(
      'the device lookup with an Isolate button',
      () => messageWhere((m) => m.thread_ts === undefined && /ws-042/.test(textOf(m)) && buttonsOf(m.blocks).some((b) => verbOf(b.actionId) === 'isolate')),
      60_000,
      seen(since),
    );
    expect(lookup.channel).toBe(SLACK_CHANNEL);
    expect(textOf(lookup)).toContain('DEMO DATA');
    expect(textOf(lookup)).toContain('ws-042.contoso.com');
    saveBlockKit('device-lookup', lookup);
    const isolate = buttonsOf(lookup.blocks).find((b) => verbOf(b.actionId) === 'isolate')!;
    expect(isolate.label).toMatch(/Isolate/);
    // The button carries an opaque request id, not the device.
    expect(isolate.value).not.toMatch(/ws-042/);

    // 2. Someone without a role clicks Isolate: a "checking" modal opens at once on the click's trigger_id (it expires
    //    3 s after the click), then says why not; nothing is posted in the channel.
    since = slack.calls.length;
    const refused = blockAction(slack, noRole, lookup, isolate);
    expect((await signedPost(bot.baseUrl, refused.payload)).status).toBe(200);
    const checking = await eventually('the checking modal', () => slack.callsSince(since).find((c) => c.method === 'views.open'), 15_000, seen(since));
    expect(checking.body.view).toMatchObject({ type: 'modal', callback_id: 'dc_checking' });
    const refusal = await eventually('the refusal in the modal', () => slack.callsSince(since).find((c) => c.method === 'views.update'), 15_000, seen(since));
    const refusalView = refusal.body.view as Record<string, unknown> & { blocks: unknown[] };
    expect(refusalView).toMatchObject({ type: 'modal', callback_id: 'dc_refusal' });
    expect(textOf(refusalView)).toMatch(/Not allowed[\s\S]*responder role/);
    saveBlockKit('isolate-no-role-refused', refusalView);
    await delay(500);
    expect(slack.callsSince(since).filter((c) => c.method.startsWith('chat.') || c.method.startsWith('respond:'))).toEqual([]);
    await eventually(
      'the refusal in the audit',
      () => audit().some((e) => e.event === 'denied' && e.action === 'isolate' && e.actor.includes(noRole.id)),
      5000,
    );

    // 3. The responder clicks Isolate: the checking modal opens at once, then becomes the confirmation.
    since = slack.calls.length;
    const click = blockAction(slack, responder, lookup, isolate);
    expect((await signedPost(bot.baseUrl, click.payload)).status).toBe(200);
    const opened = await eventually('views.open', () => slack.callsSince(since).find((c) => c.method === 'views.open'), 15_000, seen(since));
    const clickPayload = JSON.parse(click.payload.form.payload!) as { trigger_id: string };
    expect(opened.body.trigger_id).toBe(clickPayload.trigger_id);
    expect(opened.body.view).toMatchObject({ type: 'modal', callback_id: 'dc_checking' });
    const filled = await eventually(
      'views.update with the confirmation',
      () => slack.callsSince(since).find((c) => c.method === 'views.update'),
      15_000,
      seen(since),
    );
    const modal = filled.body.view as Record<string, unknown> & { blocks: Array<{ type: string; block_id?: string }> };
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'dc_confirm', notify_on_close: true });
    expect(textOf(modal)).toMatch(/Isolate device ws-042\.contoso\.com/);
    expect(modal.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(expect.arrayContaining(['reason', 'isolationType']));
    saveBlockKit('isolate-confirm-modal', modal);
    expect(slack.callsSince(since).filter((c) => c.method.startsWith('chat.'))).toEqual([]);

    // 4. The modal is submitted with a reason: Slack's modal closes (empty 200), the approval card is posted.
    since = slack.calls.length;
    const submit = await signedPost(bot.baseUrl, viewSubmission(responder, modal, { reason: 'C2 beacon to 198.51.100.77 (slack e2e)', isolationType: 'Full' }));
    expect(submit.status).toBe(200);
    expect(submit.text).toBe('');
    const approval = await eventually(
      'the approval card',
      () =>
        messageWhere(
          (m) => m.history.length >= 1 && /Approval needed/.test(textOf(m.history[0]!)) && slack.callsSince(since).some((c) => c.body === m.history[0]),
        ),
      15_000,
      seen(since),
    );
    expect(approval.channel).toBe(SLACK_CHANNEL);
    expect(textOf(approval)).toMatch(/Isolate device ws-042\.contoso\.com/);
    expect(textOf(approval)).toContain('C2 beacon to 198.51.100.77 (slack e2e)');
    expect(textOf(approval)).toContain(responder.username);
    const approve = buttonsOf(approval.blocks).find((b) => verbOf(b.actionId) === 'approve')!;
    expect(approve).toBeDefined();
    expect(buttonsOf(approval.blocks).map((b) => verbOf(b.actionId))).toContain('reject');
    saveBlockKit('isolate-approval-card', approval.history[0] as { blocks: unknown[] });

    // 5. A member of the approvers' user group approves: the approval message itself becomes the status card.
    since = slack.calls.length;
    const approveClick = blockAction(slack, approver, approval, approve);
    expect((await signedPost(bot.baseUrl, approveClick.payload)).status).toBe(200);
    await eventually('the approval message updated', () => approval.history.length >= 2, 15_000, seen(since));
    const firstStatus = approval.history[1]!;
    expect(firstStatus.channel).toBe(SLACK_CHANNEL);
    expect(textOf(firstStatus)).not.toMatch(/Approval needed/);
    expect(textOf(firstStatus)).toMatch(/Isolate device ws-042\.contoso\.com/);
    expect(textOf(firstStatus)).toMatch(/Sending to Defender|Pending in Defender|In progress on the device|Succeeded/);
    expect(textOf(firstStatus)).toContain(approver.username);
    expect(buttonsOf(firstStatus.blocks as unknown[]).map((b) => verbOf(b.actionId))).not.toContain('approve');
    saveBlockKit('isolate-approved-status', firstStatus as { blocks: unknown[] });
    expect(slack.callsSince(since).some((c) => c.method === 'usergroups.users.list' && c.body.usergroup === SLACK_APPROVER_GROUP)).toBe(true);

    // 6. Defender (the emulator) runs the machine action: Pending -> InProgress -> Succeeded, each shown on that card.
    await eventually('a chat.update of the approval card showing Succeeded', () => /Succeeded/.test(textOf(approval)), 60_000, seen(since));
    saveBlockKit('isolate-succeeded', approval.history[approval.history.length - 1] as { blocks: unknown[] });
    const stages = approval.history.slice(1).map((v) => textOf(v));
    expect(stages.some((t) => /Pending in Defender|In progress on the device/.test(t))).toBe(true);
    const updates = slack.callsSince(since).filter((c) => c.method === 'chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    // Every update was of the approval message: the lookup and nothing else was touched.
    expect(new Set(updates.map((c) => c.body.ts))).toEqual(new Set([approval.ts]));
    expect(slack.callsSince(since).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral')).toEqual([]);
    // No later, stale update overwrites the final state.
    await delay(1500);
    expect(textOf(approval)).toMatch(/Succeeded/);
    expect(buttonsOf(approval.blocks).map((b) => verbOf(b.actionId))).not.toContain('cancelAction');

    const trail = audit()
      .filter((e) => e.action === 'isolate')
      .map((e) => e.event);
    expect(trail).toEqual(expect.arrayContaining(['denied', 'requested', 'confirmed', 'approved', 'submitted']));
    expect(trail.filter((e) => e === 'submitted')).toHaveLength(1);
    expect(audit().some((e) => e.event === 'status' && e.detail === 'Succeeded')).toBe(true);
  });

  test('stale, future, forged and replayed requests are refused; nothing is posted for them', async () => {
    const metricsBefore = (await httpGet(metricsUrl)).body;

    // A request signed properly but 10 minutes ago, one from the future, one signed with another secret.
    let since = slack.calls.length;
    const now = Math.floor(Date.now() / 1000);
    const stale = await signedPost(bot.baseUrl, { json: appMention(SLACK_USERS.responder, 'lookup 198.51.100.77') }, { timestampSec: now - 600 });
    const future = await signedPost(bot.baseUrl, { json: appMention(SLACK_USERS.responder, 'lookup 198.51.100.77') }, { timestampSec: now + 600 });
    const forged = await signedPost(bot.baseUrl, slashCommand(slack, SLACK_USERS.responder, 'device ws-042'), { secret: 'not-the-signing-secret' });
    expect(stale.status).toBe(401);
    expect(stale.text).toMatch(/too old/);
    expect(future.status).toBe(401);
    expect(forged.status).toBe(401);

    // A request handled once, then the very same signed bytes again (inside the 5-minute window).
    const original = appMention(SLACK_USERS.responder, 'lookup c2.badcdn[.]example[.]org');
    const first = await signedPost(bot.baseUrl, { json: original });
    expect(first.status).toBe(200);
    const answered = await eventually(
      'the original answer',
      () => messageWhere((m) => m.thread_ts === original.event.ts && /c2\.badcdn\.example\.org/.test(textOf(m)) && !/Looking up/.test(textOf(m))),
      60_000,
      seen(since),
    );
    // The refused requests set nothing off: every call so far is the original's answer (its post and updates).
    const notTheAnswer = slack
      .callsSince(since)
      .filter(
        (c) => !(c.method === 'chat.postMessage' && c.body.thread_ts === original.event.ts) && !(c.method === 'chat.update' && c.body.ts === answered.ts),
      );
    expect(notTheAnswer).toEqual([]);

    since = slack.calls.length;
    const versions = answered.history.length;
    const replay = await rawPost(`${bot.baseUrl}/slack/events`, first.raw, first.headers);
    expect(replay.status).toBeLessThan(500);
    // Something the bot does answer, sent after the replay: once it is answered, and a little longer than the
    // lookup's progress delay has passed, anything the replay set off would have shown.
    const marker = appMention(SLACK_USERS.responder, 'help');
    await signedPost(bot.baseUrl, { json: marker });
    await eventually('the answer to the request after the replay', () => messageWhere((m) => m.thread_ts === marker.event.ts), 15_000, seen(since));
    await delay(2500);
    expect(slack.callsSince(since).map((c) => `${c.method} ${String(c.body.thread_ts)}`)).toEqual([`chat.postMessage ${marker.event.ts}`]);
    expect(answered.history).toHaveLength(versions);

    const metrics = (await httpGet(metricsUrl)).body;
    const delta = (outcome: string) =>
      metricValue(metrics, 'defender_chatops_slack_requests_total', { outcome }) -
      metricValue(metricsBefore, 'defender_chatops_slack_requests_total', { outcome });
    expect({ stale: delta('stale'), future: delta('future'), replayed: delta('replayed') }).toEqual({ stale: 1, future: 1, replayed: 1 });
    // The refusals are in the bot's log, the signing secret is not.
    expect(bot.proc.output()).toMatch(/slack request dropped: replayed/);
    expect(fs.readFileSync(bot.proc.logFile, 'utf8')).not.toContain('e2e-slack-signing-secret');
  });
});
