/**
 * Incident subscriptions and triage (issue 15), end to end, against one bot serving both Teams and Slack (`node
 * bin/defender-chatops.js start`, demo mode, INCIDENT_POLL_SECONDS=15, the shortest the bot allows):
 * - Agents Playground (Chromium), group chat: a responder subscribes it and makes the demo tenant raise an incident; the
 *   poller's card appears; someone without the role is refused "Assign to me"; the responder's "Assign to me" shows
 *   the owner, read from the Teams roster (the Playground answers GET .../members/{id}), and `incident <id>` shows the
 *   same owner; Resolve -> Malware resolves it as a true positive in two taps.
 * - Slack over signed HTTP: the same flow; the poller's chat.postMessage reaches the local Slack API, the Assign button
 *   and the resolve select (block_actions) each turn into a chat.update of that message.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import {
  artifactPath,
  cardText,
  cardsContaining,
  clickCardButton,
  E2E_USERS,
  openChromium,
  openPlayground,
  screenshot,
  sendMessage,
  SEL,
  startPlayground,
  stopAll,
  waitForCardContaining,
  type E2EBrowser,
  type Playground,
} from './harness';
import { outputDir } from './harness/output';
import { delay } from './harness/proc';
import {
  blockAction,
  buttonsOf,
  eventually,
  saveBlockKit,
  selectAction,
  selectsOf,
  signedPost,
  slackEmail,
  slashCommand,
  SlackWorkspace,
  SLACK_CHANNEL,
  SLACK_USERS,
  startSlackBot,
  textOf,
  type SlackBot,
} from './harness/slack';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-incidents-bot-'));
const POLL_SECONDS = 15;
/** A new incident's card comes at the next poll: at most one interval, plus the Graph read and the post. */
const POLL_WAIT_MS = 40_000;
const timings: Record<string, number> = {};

function audit(): { event: string; actor: string; action: string | null; target: string | null; detail: string | null }[] {
  const file = path.join(dataDir, 'defender-chatops.db');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    return db.prepare('SELECT event, actor, action, target, detail FROM audit_log ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

/** The headline under the card's title: "High · Active · Unassigned · Not classified". */
function headline(text: string, id: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const title = lines.findIndex((l) => l.startsWith(`Incident ${id}:`));
  return lines.slice(title + 1).find((l) => l !== '') ?? '';
}

/** Polls an async check (what the page shows) until it holds. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Clicks an action that is not a round trip to the bot (Action.ShowCard: opens its card in place). */
async function tap(card: Locator, title: string): Promise<void> {
  await card.locator(SEL.cardActions).getByRole('button', { name: title, exact: true }).first().click();
}

describe('Incidents: a subscription posts the card, triage from it (Teams and Slack, one bot)', () => {
  const slack = new SlackWorkspace();
  let bot: SlackBot;
  let browser: E2EBrowser;
  const playgrounds: Playground[] = [];

  beforeAll(async () => {
    await slack.start();
    bot = await startSlackBot(slack, dataDir, {
      INCIDENT_POLL_SECONDS: String(POLL_SECONDS),
      // INCIDENT_ROLE is the default, responder: the Teams and the Slack responder hold it, nobody else has a role.
      INCIDENT_ROLE: undefined,
      ROLE_RESPONDERS: `aad:${E2E_USERS.responder.aadObjectId},slack:${SLACK_USERS.responder.id}`,
      ROLE_APPROVERS: undefined,
      ROLE_HUNTERS: undefined,
      ROLE_ADMINS: undefined,
      ROLE_VIEWERS: undefined,
    });
    browser = await openChromium();
  }, 120_000);

  afterEach(async () => {
    for (const p of browser?.context.pages() ?? []) if (p.url() !== 'about:blank') await p.close();
    await Promise.all(playgrounds.splice(0).map((pg) => pg.stop()));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await stopAll();
    fs.writeFileSync(artifactPath('incidents-audit', 'json'), JSON.stringify(audit(), null, 2));
    fs.writeFileSync(artifactPath('incidents-timings', 'json'), JSON.stringify({ timingsMs: timings }, null, 2));
    fs.writeFileSync(path.join(outputDir(), 'incidents-slack-calls.json'), `${JSON.stringify(slack.calls, null, 2)}\n`);
    await slack.close();
  }, 60_000);

  test('Teams group chat: subscribe, demo-incident, the poller posts the card; no role is refused; Assign to me; Resolve -> Malware in two taps', async () => {
    const { responder, noRole } = E2E_USERS;
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: responder, conversation: 'groupChat' });
    playgrounds.push(pg);
    const riley = await openPlayground(browser, pg);
    const nora = await openPlayground(browser, pg, { asUser: noRole });
    // Chromium throttles the timers of a tab in the background (the composer's @mention typeahead then takes seconds):
    // whoever acts next is brought to the front.
    await riley.bringToFront();

    await sendMessage(riley, 'subscribe high', { mention: true });
    const subscribed = await waitForCardContaining(riley, /Subscribed \(\d+\): /);
    const subscription = /Subscribed \((\d+)\)/.exec(await cardText(subscribed))![1]!;
    await sendMessage(riley, 'demo-incident high', { mention: true });
    const raised = await waitForCardContaining(riley, /Demo tenant raised incident \d+ \(high\)/);
    const raisedAt = Date.now();
    const id = /Demo tenant raised incident (\d+)/.exec(await cardText(raised))![1]!;

    // 1. The poller posts the incident's card into the group chat, without anyone asking: every member's tab shows it.
    const title = new RegExp(`Incident ${id}: `);
    await waitForCardContaining(riley, title, { timeoutMs: POLL_WAIT_MS });
    // The first card of the incident in the chat, whatever is posted after it.
    const posted = cardsContaining(riley, title).first();
    timings.teamsRaisedToCard = Date.now() - raisedAt;
    expect(headline(await cardText(posted), id)).toBe('High · Active · Unassigned · Not classified');
    await screenshot(riley, 'incident-teams-1-posted', { element: posted });

    // 2. Nora has no role: her "Assign to me" is refused (and audited), the card does not change.
    await waitForCardContaining(nora, title, { timeoutMs: 15_000 });
    const theirs = cardsContaining(nora, title).first();
    await nora.bringToFront();
    const refused = await clickCardButton(nora, 'Assign to me', { card: theirs });
    expect(refused.status).toBe(200);
    expect(JSON.stringify(refused.body)).toMatch(/Not allowed: To assign to me on incident \d+ you need the responder role/);
    await screenshot(nora, 'incident-teams-2-no-role-refused', { element: theirs });
    expect(headline(await cardText(theirs), id)).toBe('High · Active · Unassigned · Not classified');
    expect(audit().filter((e) => e.event === 'denied')).toEqual([
      expect.objectContaining({ action: 'incident-assign', target: `incident:${id}`, actor: expect.stringContaining('Nora Norole') }),
    ]);

    // 3. Riley's "Assign to me": the bot reads Riley's UPN from the roster (the Playground answers getMember from its
    //    config) and the card shows the owner, for everyone in the chat.
    await riley.bringToFront();
    const assigned = await clickCardButton(riley, 'Assign to me', { card: posted });
    expect(assigned).toMatchObject({ kind: 'invoke', status: 200 });
    const owner = responder.userPrincipleName;
    const ownedHeadline = `High · Active · ${owner} · Not classified`;
    await until('the owner on the card', async () => headline(await cardText(posted), id) === ownedHeadline);
    const roster = pg.recording().filter((e) => e.activityName === 'getConversationMember');
    expect(roster.at(-1)).toMatchObject({ response: { statusCode: 200, body: { id: responder.id, userPrincipalName: owner } } });
    await screenshot(riley, 'incident-teams-3-assigned', { element: posted });
    await until('the owner on the card in Nora’s tab', async () => headline(await cardText(theirs), id) === ownedHeadline);

    // 4. Asked afterwards, the emulator's incident has that owner.
    await sendMessage(riley, `incident ${id}`, { mention: true });
    await until('a second card of the incident', async () => (await cardsContaining(riley, title).count()) === 2);
    const asked = cardsContaining(riley, title).last();
    expect(headline(await cardText(asked), id)).toBe(ownedHeadline);

    // 5. Resolve as a true positive on the posted card: Resolve (opens the choices in place), then Malware.
    let taps = 0;
    await tap(posted, 'Resolve');
    taps++;
    // Desktop only: resizing the page re-renders the card, which closes the choices.
    await screenshot(riley, 'incident-teams-4-resolve-choices', { element: posted, phone: false });
    const resolved = await clickCardButton(riley, 'Malware', { card: posted });
    taps++;
    expect(resolved).toMatchObject({ kind: 'invoke', status: 200 });
    expect(taps).toBeLessThanOrEqual(3);
    await until('Resolved on the card', async () => headline(await cardText(posted), id) === `High · Resolved · ${owner} · True positive: Malware`);
    await screenshot(riley, 'incident-teams-5-resolved', { element: posted });
    await screenshot(riley, 'incident-teams-5-resolved-page');

    const trail = audit().filter((e) => e.target === `incident:${id}`);
    expect(trail.map((e) => `${e.event} ${e.action}`)).toEqual([
      'denied incident-assign',
      'incident-changed incident-assign',
      'incident-changed incident-resolve',
    ]);

    // The chat stops getting incidents (the next test's incident is not posted into a Playground that is gone).
    await sendMessage(riley, `unsubscribe ${subscription}`, { mention: true });
    await waitForCardContaining(riley, `Subscription ${subscription} stopped`);
  }, 180_000);

  test('Slack over signed HTTP: subscribe, demo-incident, the poller posts; no role is refused; Assign to me and the resolve select update that message', async () => {
    const { responder, noRole } = SLACK_USERS;
    const seen = (since: number) => () =>
      slack
        .callsSince(since)
        .map((c) => `${c.method} ${String(c.body.ts ?? '')} ${textOf(c.body).replace(/\s+/g, ' ').slice(0, 160)}`)
        .join('\n') || '(no calls)';
    /** A message posted in the channel since call `since` whose first version matches. */
    const postedSince = (since: number, pattern: RegExp, timeoutMs = 15_000) =>
      eventually(
        `a chat.postMessage matching ${String(pattern)}`,
        () =>
          [...slack.messages.values()].find(
            (m) => m.channel === SLACK_CHANNEL && pattern.test(textOf(m.history[0]!)) && slack.callsSince(since).some((c) => c.body === m.history[0]),
          ),
        timeoutMs,
        seen(since),
      );

    // 1. /defender subscribe high, then /defender demo-incident high: both answered in the channel.
    let since = slack.calls.length;
    expect((await signedPost(bot.baseUrl, slashCommand(slack, responder, 'subscribe high'))).status).toBe(200);
    await postedSince(since, /Subscribed \(\d+\): /);
    since = slack.calls.length;
    expect((await signedPost(bot.baseUrl, slashCommand(slack, responder, 'demo-incident high'))).status).toBe(200);
    const raised = await postedSince(since, /Demo tenant raised incident \d+ \(high\)/);
    const raisedAt = Date.now();
    const id = /Demo tenant raised incident (\d+)/.exec(textOf(raised))![1]!;

    // 2. The poller's chat.postMessage: the incident's blocks, at the top of the channel, with Assign and a resolve select.
    since = slack.calls.length;
    const card = await postedSince(since, new RegExp(`Incident ${id}: `), POLL_WAIT_MS);
    timings.slackRaisedToPost = Date.now() - raisedAt;
    expect(card.thread_ts).toBeUndefined();
    expect(textOf(card)).toContain('High · Active · Unassigned · Not classified');
    saveBlockKit('incident-posted', card);
    const assign = buttonsOf(card.blocks).find((b) => b.label === 'Assign to me')!;
    expect(assign.actionId).toMatch(/^dc:triage:\d+$/);
    const [resolveSelect] = selectsOf(card.blocks).filter((s) => s.actionId.startsWith('dc:triage:'));
    expect(resolveSelect).toBeDefined();
    const malware = resolveSelect!.options.find((o) => o.group === 'True positive' && o.label === 'Malware')!;
    expect(malware).toBeDefined();
    // Buttons and options carry request ids, not the incident or the change.
    expect([assign.value, malware.value].join(' ')).not.toMatch(new RegExp(`${id}|assign|malware`, 'i'));

    // 3. Someone without the role clicks Assign: told privately, the message is not touched.
    since = slack.calls.length;
    expect((await signedPost(bot.baseUrl, blockAction(slack, noRole, card, assign).payload)).status).toBe(200);
    const refusal = await eventually('the refusal', () => slack.callsSince(since).find((c) => /Not allowed/.test(textOf(c.body))), 15_000, seen(since));
    // Through the click's response_url, seen by that person only.
    expect(refusal.method).toMatch(/^respond:/);
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(refusal.body)).toMatch(/you need the responder role/);
    await delay(300);
    expect(slack.callsSince(since).filter((c) => c.method === 'chat.update' || c.method === 'chat.postMessage')).toEqual([]);
    expect(card.history).toHaveLength(1);

    // 4. The responder clicks Assign: users.info gives the e-mail, chat.update shows the owner on the same message.
    since = slack.calls.length;
    const triageFrom = since;
    expect((await signedPost(bot.baseUrl, blockAction(slack, responder, card, assign).payload)).status).toBe(200);
    await eventually('the owner on the message', () => card.history.length >= 2 && !/Unassigned/.test(textOf(card)), 15_000, seen(since));
    expect(textOf(card)).toContain(`High · Active · ${slackEmail(responder)} · Not classified`);
    expect(slack.callsSince(since)).toContainEqual(expect.objectContaining({ method: 'users.info', body: expect.objectContaining({ user: responder.id }) }));
    saveBlockKit('incident-assigned', card.history.at(-1) as { blocks: unknown[] });

    // 5. Resolve: one pick in the select (True positive > Malware), sent at once; the message says Resolved.
    since = slack.calls.length;
    const current = selectsOf(card.blocks).find((s) => s.actionId.startsWith('dc:triage:'))!;
    const pick = current.options.find((o) => o.group === 'True positive' && o.label === 'Malware')!;
    expect((await signedPost(bot.baseUrl, selectAction(slack, responder, card, current, pick).payload)).status).toBe(200);
    await eventually('Resolved on the message', () => /Resolved/.test(textOf(card)), 15_000, seen(since));
    expect(textOf(card)).toContain(`High · Resolved · ${slackEmail(responder)} · True positive: Malware`);
    saveBlockKit('incident-resolved', card.history.at(-1) as { blocks: unknown[] });
    // Every change went to that one message: no other post or update, nothing ephemeral.
    const sent = slack.callsSince(triageFrom).filter((c) => c.method.startsWith('chat.') || c.method.startsWith('respond:'));
    // (At least one per click; the poller may redraw it once more if it read the change before the click recorded it.)
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent.map((c) => `${c.method} ${String(c.body.ts)}`))).toEqual(new Set([`chat.update ${card.ts}`]));

    const trail = audit().filter((e) => e.target === `incident:${id}`);
    expect(trail.map((e) => `${e.event} ${e.action}`)).toEqual([
      'denied incident-assign',
      'incident-changed incident-assign',
      'incident-changed incident-resolve',
    ]);
  }, 120_000);
});
