/**
 * The real bot, started as a user starts it (`node bin/defender-chatops.js start`, demo mode), driven through the
 * Microsoft 365 Agents Playground in Debian's Chromium: lookups in personal chat and, with an @mention, in a channel;
 * then a responder isolates a demo device from a card, an approver approves, the card goes Pending -> Succeeded, and a
 * user with no role is refused (and audited). Screenshots at desktop and 360 px go to the run folder.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  artifactPath,
  cardText,
  clickCardButton,
  E2E_USERS,
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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-bot-'));

async function expand(card: Locator, section: RegExp): Promise<void> {
  await card.getByText(section).first().click();
}

/** Clicks a button inside a collapsed section, opening the section first when needed (a resize may re-render it). */
async function clickInSection(page: Page, card: Locator, section: RegExp, title: string) {
  const button = card.locator(`.ac-actionSet button[aria-label="${title}"]`).first();
  if (!(await button.isVisible())) await expand(card, section);
  return clickCardButton(page, title, { card });
}

async function fill(page: Page, card: Locator, label: RegExp, value: string): Promise<void> {
  const input = card.locator('textarea, input[type="text"]').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(value);
  void page;
  void label;
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function audit(): { event: string; actor: string; detail: string | null; action: string | null }[] {
  // A second connection to the bot's WAL-mode database; a read-only one cannot open before the bot created the -shm
  // file, so this one is read-write (and only reads). Until the file exists there is nothing to read.
  const file = path.join(dataDir, 'defender-chatops.db');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    return db.prepare('SELECT event, actor, detail, action FROM audit_log ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

describe('Teams in the Agents Playground: lookups and an approved isolation', () => {
  let bot: BotHandle;
  let browser: E2EBrowser;
  const playgrounds: Playground[] = [];

  beforeAll(async () => {
    bot = await startBot({
      DATA_DIR: dataDir,
      // The embedded SQLite store and no Redis, whatever CI sets for the PostgreSQL and Redis suites: the test reads the
      // audit from the store.
      DATABASE_URL: '',
      REDIS_URL: '',
      ROLE_RESPONDERS: `aad:${E2E_USERS.responder.aadObjectId}`,
      ROLE_APPROVERS: `aad:${E2E_USERS.approver.aadObjectId}`,
      ROLE_HUNTERS: `aad:${E2E_USERS.responder.aadObjectId}`,
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
    fs.writeFileSync(artifactPath('audit', 'json'), JSON.stringify(fs.existsSync(path.join(dataDir, 'defender-chatops.db')) ? audit() : [], null, 2));
  }, 60_000);

  test('personal chat: a pasted, defanged lookup answers with one DEMO DATA card', async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.responder, conversation: 'personal' });
    playgrounds.push(pg);
    const page = await openPlayground(browser, pg);
    await sendMessage(page, 'lookup 198.51.100[.]77 hxxps://bad[.]example[.]net/login');
    const card = await waitForCardContaining(page, /Highest severity/, { timeoutMs: 60_000 });
    const text = await cardText(card);
    expect(text).toContain('DEMO DATA');
    expect(text).toContain('198.51.100.77');
    expect(text).toContain('https://bad.example.net/login');
    expect(text).toMatch(/alert\(s\)/);
    await expand(card, /Devices \(/);
    expect(await cardText(card)).toContain('srv-fin-01.contoso.com');
    await screenshot(page, 'teams-personal-lookup');
    await screenshot(page, 'teams-personal-lookup-card', { element: card });
  });

  test("an IP lookup shows incidents, alerts and devices, and Defender's text exactly as written (no Markdown, no backslashes)", async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.responder, conversation: 'personal' });
    playgrounds.push(pg);
    const page = await openPlayground(browser, pg);
    await sendMessage(page, 'lookup 198.51.100.77');
    const card = await waitForCardContaining(page, /Highest severity/, { timeoutMs: 60_000 });
    const text = await cardText(card);
    // The emulator now refuses the old DeviceNetworkInfo query as Defender does; the answer still has every section.
    for (const section of [/Incidents \(\d+\)/, /Alerts \(\d+\)/, /Devices \(\d+\)/]) expect(text).toMatch(section);
    expect(text).not.toMatch(/failed|did not answer|refused/i);
    await expand(card, /Alerts \(/);
    const alerts = await cardText(card);
    // An alert title with a Windows path and Markdown characters, rendered by the Playground's Adaptive Cards renderer.
    expect(alerts).toContain('Suspicious C:\\Windows\\System32\\svc_host.exe ran *.ps1 > out.txt [x](y)');
    expect(alerts).not.toContain('\\_');
    expect(alerts).not.toContain('\\[');
    await screenshot(page, 'teams-ip-lookup-literal-path', { element: card });
  });

  test('channel: the bot answers an @mention', async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.approver, conversation: 'channel' });
    playgrounds.push(pg);
    const page = await openPlayground(browser, pg);
    await sendMessage(page, 'lookup c2.badcdn[.]example[.]org', { mention: true });
    const card = await waitForCardContaining(page, /c2\.badcdn\.example\.org/, { timeoutMs: 60_000 });
    expect(await cardText(card)).toContain('DEMO DATA');
    await screenshot(page, 'teams-channel-mention');
  });

  test('group chat: the responder isolates ws-042, the approver approves, the card reaches Succeeded; no role is refused', async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.responder, conversation: 'groupChat' });
    playgrounds.push(pg);
    const responder = await openPlayground(browser, pg);
    const approver = await openPlayground(browser, pg, { asUser: E2E_USERS.approver });
    const nobody = await openPlayground(browser, pg, { asUser: E2E_USERS.noRole });

    await sendMessage(responder, 'device ws-042', { mention: true });
    const lookup = await waitForCardContaining(responder, /device: ws-042/, { timeoutMs: 60_000 });
    await expand(lookup, /Devices \(/);
    await screenshot(responder, 'isolate-1-lookup', { element: lookup });

    // Someone without a role clicks the same button: refused, recorded.
    const theirs = await waitForCardContaining(nobody, /device: ws-042/, { timeoutMs: 30_000 });
    await clickInSection(nobody, theirs, /Devices \(/, 'Isolate device');
    await screenshot(nobody, 'isolate-0-no-role-refused');
    await eventually(() => audit().some((e) => e.event === 'denied' && e.actor.includes('Nora')));

    const click = await clickInSection(responder, lookup, /Devices \(/, 'Isolate device');
    expect(click.status).toBe(200);
    // The request is posted to the conversation as its own card; everyone sees that it waits for Riley. Teams clients
    // fetch Riley's form by themselves (refresh); the Playground does not, so Riley opens it from the card.
    const waiting = await waitForCardContaining(responder, /Isolate device ws-042\.contoso\.com\? Waiting for Riley/, { timeoutMs: 30_000 });
    await screenshot(responder, 'isolate-2-request-card', { element: waiting });
    const theirView = await waitForCardContaining(approver, /Waiting for Riley Responder to confirm/, { timeoutMs: 30_000 });
    expect(await cardText(theirView)).not.toMatch(/Reason \(goes into Defender/);
    await clickCardButton(responder, 'Open the form (requester)', { card: waiting });
    const confirm = await waitForCardContaining(responder, /Reason \(goes into Defender/);
    await screenshot(responder, 'isolate-2-confirm', { element: confirm });
    await fill(responder, confirm, /Reason/, 'C2 beacon to 198.51.100.77 (e2e)');
    await clickCardButton(responder, 'Confirm and ask for approval', { card: confirm });

    // The same message now asks for approval, for everyone; a separate message mentions the approvers.
    const approval = await waitForCardContaining(approver, /Approval needed: Isolate device ws-042[\s\S]*Requested by/, { timeoutMs: 30_000 });
    await waitForCardContaining(approver, /Approval needed: Isolate device ws-042\.contoso\.com, requested by Riley Responder/, { timeoutMs: 30_000 });
    await screenshot(approver, 'isolate-3-approval', { element: approval });
    await clickCardButton(approver, 'Approve', { card: approval });
    const pending = await waitForCardContaining(approver, /Isolate device ws-042\.contoso\.com: (Pending in Defender|In progress)/, { timeoutMs: 30_000 });
    await screenshot(approver, 'isolate-4-pending', { element: pending });
    const done = await waitForCardContaining(approver, /Isolate device ws-042\.contoso\.com: Succeeded/, { timeoutMs: 60_000 });
    expect(await cardText(done)).toMatch(/Approved by:?\s*Avery Approver/);
    expect(await cardText(done)).not.toMatch(/Isolation: not isolated/);
    await screenshot(approver, 'isolate-5-succeeded', { element: done });
    await screenshot(approver, 'isolate-5-succeeded-page');

    const events = audit().map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['denied', 'requested', 'confirmed', 'approved', 'submitted', 'status']));
  }, 240_000);
});
