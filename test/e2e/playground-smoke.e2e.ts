/**
 * Smoke test of the e2e harness itself, against the throwaway echo bot in fixtures/echo-bot.js
 * (the real bot's `start` does not serve Teams yet). Drives the real Microsoft 365 Agents
 * Playground UI in Debian's Chromium: personal chat, a channel post with an @mention, and a group
 * chat where a second user clicks the card. Screenshots at 1280 and 360 px go to the run folder.
 */
import fs from 'node:fs';
import {
  artifactPath,
  cardButtons,
  cardText,
  clickCardButton,
  E2E_TENANT,
  E2E_USERS,
  guardReports,
  httpGetJson,
  openChromium,
  openPlayground,
  screenshot,
  sendMessage,
  startBot,
  startPlayground,
  stopAll,
  waitForCardContaining,
  type BotHandle,
  type E2EBrowser,
  type Playground,
} from './harness';

interface Activity {
  type: string;
  name?: string;
  text?: string;
  from: { id: string; name?: string; aadObjectId?: string };
  conversation: { id: string; conversationType?: string };
  recipient: { id: string; name?: string };
  entities?: { type: string; mentioned?: { id: string; name: string }; text?: string }[];
  value?: { action?: { type: string; verb?: string; data?: unknown } };
}

const timings: Record<string, number> = {};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings[label] = Date.now() - t0;
  }
}

function botActivities(bot: BotHandle): Promise<Activity[]> {
  return httpGetJson<Activity[]>(`${bot.baseUrl}/_e2e/activities`);
}

async function waitForActivity(bot: BotHandle, pred: (a: Activity) => boolean, timeoutMs = 10_000): Promise<Activity> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await botActivities(bot)).find(pred);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error('the bot did not receive the expected activity');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Agents Playground harness (echo bot)', () => {
  let bot: BotHandle;
  let browser: E2EBrowser;
  const playgrounds: Playground[] = [];

  beforeAll(async () => {
    bot = await timed('startBot', () => startBot({}, { command: ['node', 'test/e2e/fixtures/echo-bot.js'], name: 'echo-bot' }));
    browser = await timed('openChromium', () => openChromium());
  }, 120_000);

  // Close this test's tabs and playgrounds, so the next playground can reuse the port (warm cache).
  afterEach(async () => {
    for (const p of browser?.context.pages() ?? []) if (p.url() !== 'about:blank') await p.close();
    await Promise.all(playgrounds.map((pg) => pg.stop()));
  }, 30_000);

  afterAll(async () => {
    await Promise.all(playgrounds.map((pg) => pg.stop()));
    await browser?.close();
    const blocked = [...(bot ? guardReports(bot.proc) : []), ...playgrounds.flatMap((pg) => guardReports(pg.proc))];
    await bot?.stop();
    await stopAll();
    fs.writeFileSync(
      artifactPath('summary', 'json'),
      JSON.stringify({ timingsMs: timings, loopbackGuard: blocked, browserExternalRequests: browser?.externalRequests ?? [] }, null, 2),
    );
  }, 60_000);

  test('personal chat: card text is rendered and Action.Execute reaches the bot', async () => {
    const pg = await timed('startPlayground', () => startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.responder, conversation: 'personal' }));
    playgrounds.push(pg);
    const page = await timed('openPlayground (cold)', () => openPlayground(browser, pg));

    const sent = await timed('sendMessage', () => sendMessage(page, 'hello from the e2e harness'));
    expect(sent.status).toBe(200);
    const card = await timed('waitForCard', () => waitForCardContaining(page, 'Echo: hello from the e2e harness'));
    const text = await cardText(card);
    expect(text).toContain('Riley Responder');
    expect(text).toContain(E2E_USERS.responder.aadObjectId);
    expect(text).toMatch(/Conversation\s+personal/);
    expect(await cardButtons(card)).toEqual(['Ping']);
    await screenshot(page, 'personal-card', { element: card });

    const click = await timed('clickCardButton', () => clickCardButton(page, 'Ping', { card }));
    expect(click).toMatchObject({ kind: 'invoke', status: 200 });
    const updated = await waitForCardContaining(page, 'Pinged by Riley Responder');
    expect(await cardText(updated)).toContain(`(${E2E_USERS.responder.aadObjectId}) verb=ping in personal`);
    await screenshot(page, 'personal-after-ping', { element: updated });

    const invoke = await waitForActivity(bot, (a) => a.type === 'invoke' && a.from.id === E2E_USERS.responder.id);
    expect(invoke.name).toBe('adaptiveCard/action');
    expect(invoke.value?.action).toMatchObject({ type: 'Action.Execute', verb: 'ping', data: { echo: 'hello from the e2e harness' } });
    expect(invoke.conversation.conversationType).toBe('personal');

    const message = await waitForActivity(bot, (a) => a.type === 'message' && a.text === 'hello from the e2e harness');
    expect(message.from).toMatchObject({ id: E2E_USERS.responder.id, name: 'Riley Responder', aadObjectId: E2E_USERS.responder.aadObjectId });
    expect(message.recipient).toMatchObject({ id: E2E_TENANT.bot.id, name: E2E_TENANT.bot.name });

    // The playground's own recording of the traffic (no bot cooperation needed).
    const rec = pg.recording();
    expect(rec.some((e) => e.activityName === 'invoke' && e.response.statusCode === 200)).toBe(true);
  });

  test('channel: an @mention reaches the bot as <at> text plus a mention entity; no mention, no delivery', async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.approver, conversation: 'channel' });
    playgrounds.push(pg);
    const page = await timed('openPlayground (warm)', () => openPlayground(browser, pg));

    await sendMessage(page, 'status of incident 42', { mention: true });
    const card = await waitForCardContaining(page, 'Echo: status of incident 42');
    const text = await cardText(card);
    expect(text).toContain('Avery Approver');
    expect(text).toMatch(/Conversation\s+channel/);
    expect(text).toMatch(/Mentions\s+Defender ChatOps/);
    await screenshot(page, 'channel-mention-card', { element: card });

    const msg = await waitForActivity(bot, (a) => a.type === 'message' && (a.text ?? '').includes('status of incident 42'));
    expect(msg.text).toBe('<at>Defender ChatOps</at> status of incident 42');
    expect(msg.entities).toContainEqual({
      type: 'mention',
      mentioned: { id: E2E_TENANT.bot.id, name: 'Defender ChatOps' },
      text: '<at>Defender ChatOps</at>',
    });
    expect(msg.conversation.conversationType).toBe('channel');
    expect(msg.conversation.id.startsWith(`${E2E_TENANT.team.id};messageid=`)).toBe(true);
    expect(msg.from.aadObjectId).toBe(E2E_USERS.approver.aadObjectId);

    const click = await clickCardButton(page, 'Ping', { card });
    expect(click.status).toBe(200);
    await waitForCardContaining(page, 'Pinged by Avery Approver');
    const invoke = await waitForActivity(bot, (a) => a.type === 'invoke' && a.from.id === E2E_USERS.approver.id);
    expect(invoke.conversation.conversationType).toBe('channel');

    // A reply in the post's thread goes to the same conversation id (<team id>;messageid=<root>).
    await sendMessage(page, 'thread follow-up', { mention: true, reply: 'status of incident 42' });
    await waitForCardContaining(page, 'Echo: thread follow-up');
    const followUp = await waitForActivity(bot, (a) => a.type === 'message' && (a.text ?? '').includes('thread follow-up'));
    expect(followUp.conversation.id).toBe(msg.conversation.id);
    await screenshot(page, 'channel-thread', { phone: false });

    // Like Teams, a channel post without the @mention is not sent to the bot at all.
    await sendMessage(page, 'chatter without a mention');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await botActivities(bot)).some((a) => (a.text ?? '').includes('chatter without a mention'))).toBe(false);
  });

  test('group chat: a second member (asUser) clicks the card the bot posted for the first', async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.responder, conversation: 'groupChat' });
    playgrounds.push(pg);
    const responder = await openPlayground(browser, pg);
    const approver = await timed('openPlayground (asUser)', () => openPlayground(browser, pg, { asUser: E2E_USERS.approver }));

    await sendMessage(responder, 'please approve isolation of host WS-042', { mention: true });
    await waitForCardContaining(responder, 'Echo: please approve isolation');
    // The bot's reply reaches every tab showing the group chat.
    const card = await waitForCardContaining(approver, 'Echo: please approve isolation');
    expect(await cardText(card)).toContain('Riley Responder');

    await clickCardButton(approver, 'Ping', { card });
    const updated = await waitForCardContaining(approver, 'Pinged by Avery Approver');
    await screenshot(approver, 'groupchat-approver-after-ping', { element: updated });
    const invoke = await waitForActivity(bot, (a) => a.type === 'invoke' && a.conversation.conversationType === 'groupChat');
    expect(invoke.from).toMatchObject({ id: E2E_USERS.approver.id, name: 'Avery Approver', aadObjectId: E2E_USERS.approver.aadObjectId });
  });
});
