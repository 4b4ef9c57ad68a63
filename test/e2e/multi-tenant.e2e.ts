/**
 * One bot, several Defender tenants (issue 16), end to end: `node bin/defender-chatops.js start` in demo mode with a
 * tenants file (TENANTS_FILE) of the demo MSSP's customers (emulator/multi-tenant.ts), serving Teams and Slack.
 * - Agents Playground (Chromium): the group chat speaks for contoso and fabrikam, the team's channels for fabrikam
 *   alone. A sweep in the group chat names both tenants as having seen the address, and each tenant's card says whose
 *   it is in its first line. Refresh on contoso's card works there; the very same button (the invoke the Playground
 *   sent for it, signature and all) used in the channel is refused, and nothing is read from Defender for it. So is
 *   the same button as an Action.Submit (the fallback of clients without Universal Actions).
 * - Slack over signed HTTP: a channel bound to both tenants sweeps; contoso's button clicked in a channel bound to
 *   fabrikam alone is refused the same way.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { DEMO_MSSP_INDICATORS, DEMO_MSSP_TENANTS } from '../../emulator/multi-tenant';
import {
  artifactPath,
  cardButtons,
  cardText,
  cardsContaining,
  channelPost,
  clickCardButton,
  E2E_TENANT,
  E2E_USERS,
  getFreePort,
  httpGet,
  openChromium,
  openPlayground,
  screenshot,
  selectConversation,
  sendMessage,
  SEL,
  startPlayground,
  stopAll,
  waitForCardContaining,
  type E2EBrowser,
  type Playground,
} from './harness';
import { delay } from './harness/proc';
import {
  appMention,
  blockAction,
  buttonsOf,
  eventually,
  saveBlockKit,
  signedPost,
  SlackWorkspace,
  SLACK_CHANNEL,
  SLACK_TEAM,
  SLACK_USERS,
  startSlackBot,
  textOf,
  type SlackBot,
  type SlackMessage,
} from './harness/slack';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-multi-tenant-bot-'));
const tenantsFile = path.join(dataDir, 'tenants.yaml');
const { seenInTwo, seenInNone, hashSeenInTwo } = DEMO_MSSP_INDICATORS;
const SWEEP = `sweep ${seenInTwo} ${seenInNone}`;
/** A Slack channel bound to fabrikam alone. */
const SLACK_FABRIKAM_CHANNEL = 'C0FABRIKAM';
const spec = (name: string) => DEMO_MSSP_TENANTS.find((t) => t.name === name)!;

/** contoso and fabrikam in the group chat, fabrikam alone in the team's channels; the same split in Slack. */
function writeTenantsFile(): void {
  const tenant = (name: string) => `  - name: ${name}\n    tenantId: ${spec(name).tenantId}\n    credential: { app: shared }\n`;
  const teams = `{ tenantId: ${E2E_TENANT.tenantId}`;
  fs.writeFileSync(
    tenantsFile,
    [
      'tenants:',
      tenant('contoso') + tenant('fabrikam') + tenant('northwind').trimEnd(),
      'bindings:',
      `  - teams: ${teams}, chatId: '${E2E_TENANT.groupChat.id}' }`,
      '    tenants: [contoso, fabrikam]',
      `  - teams: ${teams}, teamId: '${E2E_TENANT.team.id}' }`,
      '    tenants: [fabrikam]',
      `  - slack: { teamId: ${SLACK_TEAM}, channelId: ${SLACK_CHANNEL} }`,
      '    tenants: [contoso, fabrikam]',
      `  - slack: { teamId: ${SLACK_TEAM}, channelId: ${SLACK_FABRIKAM_CHANNEL} }`,
      '    tenants: [fabrikam]',
      '',
    ].join('\n'),
  );
}

interface AuditRow {
  event: string;
  actor: string;
  conversation_id: string | null;
  detail: string | null;
  tenant: string;
}

function audit(): AuditRow[] {
  const file = path.join(dataDir, 'defender-chatops.db');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    return db.prepare('SELECT event, actor, conversation_id, detail, tenant FROM audit_log ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

/** Every HTTP attempt the bot made to Microsoft (here: the embedded emulator), from its Prometheus counter. */
async function upstreamRequests(metricsUrl: string): Promise<number> {
  const { body } = await httpGet(metricsUrl);
  return body
    .split('\n')
    .filter((line) => line.startsWith('defender_chatops_upstream_requests_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The first line a person reads on a card. */
const firstLine = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '') ?? '';

/** POST JSON to the bot without keep-alive (an idle socket would keep jest alive). */
function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const raw = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${url}: timed out`)));
    req.on('error', reject);
    req.end(raw);
  });
}

describe('Several tenants, one bot: a two-tenant conversation sweeps; a button of one tenant is refused where it is not bound', () => {
  const slack = new SlackWorkspace();
  let bot: SlackBot;
  let browser: E2EBrowser;
  let metricsUrl: string;
  const playgrounds: Playground[] = [];

  beforeAll(async () => {
    writeTenantsFile();
    await slack.start();
    metricsUrl = `http://127.0.0.1:${await getFreePort()}/metrics`;
    bot = await startSlackBot(slack, dataDir, {
      TENANTS_FILE: tenantsFile,
      METRICS_PORT: new URL(metricsUrl).port,
      // Deployment-wide roles hold in every tenant: the Teams and the Slack responder may read and refresh.
      ROLE_RESPONDERS: `aad:${E2E_USERS.responder.aadObjectId},slack:${SLACK_USERS.responder.id}`,
      ROLE_HUNTERS: undefined,
      ROLE_APPROVERS: undefined,
      ROLE_ADMINS: undefined,
      ROLE_VIEWERS: undefined,
      INCIDENT_POLL_SECONDS: undefined,
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
    await slack.close();
    await stopAll();
    fs.writeFileSync(artifactPath('multi-tenant-audit', 'json'), JSON.stringify(audit(), null, 2));
  }, 60_000);

  test("Teams: the group chat of contoso and fabrikam sweeps both; contoso's button is refused in fabrikam's channel, nothing read for it", async () => {
    const pg = await startPlayground({ botUrl: bot.messagesUrl, user: E2E_USERS.responder, conversation: 'groupChat' });
    playgrounds.push(pg);
    const page = await openPlayground(browser, pg);

    // 1. The sweep in the group chat: the summary names both tenants as having seen the address, then each tenant's
    //    card, whose first line names its tenant.
    await sendMessage(page, SWEEP, { mention: true });
    const summary = await waitForCardContaining(page, /Sweep of 2 indicators: seen in 2 of 2 tenants/, { timeoutMs: 60_000 });
    const summaryText = await cardText(summary);
    expect(summaryText).toMatch(/Seen in contoso: [^\n]*\d+ (alert|incident|device)/);
    expect(summaryText).toMatch(/Seen in fabrikam: [^\n]*\d+ (alert|incident|device)/);
    expect(summaryText).not.toMatch(/northwind|Failed in|Not checked in/);
    const contoso = await waitForCardContaining(page, /Tenant: contoso/, { timeoutMs: 30_000 });
    const fabrikam = await waitForCardContaining(page, /Tenant: fabrikam/, { timeoutMs: 30_000 });
    const contosoText = await cardText(contoso);
    const fabrikamText = await cardText(fabrikam);
    expect(firstLine(contosoText)).toBe('Tenant: contoso');
    expect(firstLine(fabrikamText)).toBe('Tenant: fabrikam');
    for (const text of [contosoText, fabrikamText]) {
      expect(text).toContain(seenInTwo);
      expect(text).toContain('DEMO DATA');
    }
    // Each card shows its own tenant's data: contoso's devices are not on fabrikam's card.
    await expandDevices(contoso);
    await expandDevices(fabrikam);
    expect(await cardText(contoso)).toMatch(/\.contoso\.com/);
    expect(await cardText(fabrikam)).not.toMatch(/\.contoso\.com/);
    // Two tenant cards: nothing from northwind, which is not bound here.
    expect(await cardsContaining(page, /Tenant: /).count()).toBe(2);
    await screenshot(page, 'multi-tenant-1-group-chat-sweep');
    await screenshot(page, 'multi-tenant-1-contoso-card', { element: contoso, phone: false });

    // 2. Refresh on contoso's card, where contoso is bound: contoso reads Defender again, and the card it answers with
    //    still names contoso. What the Playground sent for the click is kept: the button as someone could carry it away.
    expect(await cardButtons(contoso)).toContain('Refresh');
    const before = await upstreamRequests(metricsUrl);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/_conversation/v1/invoke');
    const refreshed = await clickCardButton(page, 'Refresh', { card: contoso });
    const contosoInvoke = (await sent).postDataJSON() as { value: { action: { verb: string; data: { requestId: string } } } };
    expect(refreshed.status).toBe(200);
    expect(contosoInvoke.value.action.verb).toBe('refresh');
    expect(contosoInvoke.value.action.data.requestId).toMatch(/^contoso~/);
    expect(JSON.stringify(refreshed.body)).not.toMatch(/cannot be used here/);
    await until('contoso read Defender again for the Refresh', async () => (await upstreamRequests(metricsUrl)) > before);
    expect(firstLine(await cardText(await waitForCardContaining(page, /Tenant: contoso/)))).toBe('Tenant: contoso');

    // 3. The team's channel speaks for fabrikam alone: a lookup there answers with fabrikam's card only, no sweep.
    //    (Another indicator than the sweep's, so that the answer is not a cached one: the Playground UI drops a reply in
    //    a channel thread that comes within ~40 ms of the bot's typing indicator there.)
    await selectConversation(page, 'channel');
    await sendMessage(page, `lookup ${hashSeenInTwo}`, { mention: true });
    const post = channelPost(page, hashSeenInTwo);
    const channelCard = post
      .locator(SEL.card)
      .filter({ hasText: /Tenant: fabrikam/ })
      .last();
    await channelCard.waitFor({ state: 'visible', timeout: 60_000 });
    expect(firstLine(await cardText(channelCard))).toBe('Tenant: fabrikam');
    expect(
      await post
        .locator(SEL.card)
        .filter({ hasText: /Tenant: contoso|Sweep of/ })
        .count(),
    ).toBe(0);

    // 4. contoso's Refresh, used in fabrikam's channel: the Playground's invoke for a click there, carrying contoso's
    //    action (verb and signed data exactly as the Playground sent them in the group chat). Refused before any tenant
    //    reads anything.
    await until('the Refresh is done', async () => {
      const n = await upstreamRequests(metricsUrl);
      await delay(1000);
      return (await upstreamRequests(metricsUrl)) === n;
    });
    const quiet = await upstreamRequests(metricsUrl);
    const auditBefore = audit().length;
    await page.route('**/_conversation/v1/invoke', async (route) => {
      const body = route.request().postDataJSON() as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, value: contosoInvoke.value }) });
    });
    const refused = await clickCardButton(page, 'Refresh', { card: channelCard });
    await page.unroute('**/_conversation/v1/invoke');
    expect(refused.status).toBe(200);
    expect(JSON.stringify(refused.body)).toMatch(
      /This button cannot be used here: The button was refused because it comes from a card of tenant contoso, and this conversation speaks for fabrikam/,
    );
    // The Playground shows the refusal under the card it was clicked on.
    await post.getByText(/This button cannot be used here/).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'multi-tenant-2-refused-in-fabrikam-channel', { element: post });
    const refusal = audit()
      .slice(auditBefore)
      .filter((e) => e.event === 'refused-button');
    expect(refusal).toEqual([
      expect.objectContaining({ tenant: 'contoso', detail: expect.stringMatching(/^refresh: it comes from a card of tenant contoso/) }),
    ]);
    expect(refusal[0]!.conversation_id).toMatch(new RegExp(`^${escapeRe(E2E_TENANT.team.id)};messageid=`));
    expect(refusal[0]!.actor).toContain(E2E_USERS.responder.name);

    // 5. The same button as an Action.Submit (clients without Universal Actions): a message activity whose value is the
    //    button's data, posted to the bot as the Playground posts the channel's messages. Refused the same way; the
    //    refusal is a message in the thread.
    const template = pg
      .recording()
      .map((e) => (e.request as { body?: Record<string, unknown> & { type?: string; conversation?: { id?: string } } } | undefined)?.body)
      .find((a) => a?.type === 'message' && a.conversation?.id?.startsWith(`${E2E_TENANT.team.id};messageid=`));
    expect(template).toBeDefined();
    const submit = {
      ...template,
      id: `e2e-submit-${Date.now()}`,
      timestamp: new Date().toISOString(),
      text: undefined,
      entities: [],
      value: { verb: contosoInvoke.value.action.verb, ...contosoInvoke.value.action.data },
    };
    const res = await postJson(bot.messagesUrl, submit);
    expect(res.status).toBeLessThan(300);
    const notice = post
      .locator(SEL.card)
      .filter({ hasText: /Riley Responder: This button cannot be used here/ })
      .last();
    await notice.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await cardText(notice)).toMatch(/comes from a card of tenant contoso/);
    await eventually(
      'the Action.Submit refusal in the audit',
      () =>
        audit()
          .slice(auditBefore)
          .filter((e) => e.event === 'refused-button' && e.tenant === 'contoso').length === 2,
      5000,
    );
    await screenshot(page, 'multi-tenant-3-submit-refused', { element: notice });
    // Nothing was read from Defender for either refused click (the counter counts every tenant's requests).
    await delay(1000);
    expect(await upstreamRequests(metricsUrl)).toBe(quiet);
  }, 240_000);

  test("Slack: a channel of contoso and fabrikam sweeps both; contoso's button is refused in fabrikam's channel", async () => {
    const since = slack.calls.length;
    const event = appMention(SLACK_USERS.responder, SWEEP);
    expect((await signedPost(bot.baseUrl, { json: event })).status).toBe(200);
    const inThread = () => [...slack.messages.values()].filter((m) => m.channel === SLACK_CHANNEL && m.thread_ts === event.event.ts);
    const seen = () =>
      slack
        .callsSince(since)
        .map((c) => `${c.method} ${textOf(c.body).replace(/\s+/g, ' ').slice(0, 160)}`)
        .join('\n');
    const card = (tenant: string) => inThread().find((m) => m.text.startsWith(`[${tenant}] `));
    await eventually('both tenant cards in the thread', () => card('contoso') && card('fabrikam'), 60_000, seen);
    const summary = await eventually(
      'the summary',
      () => inThread().find((m) => /Sweep of 2 indicators: seen in 2 of 2 tenants/.test(textOf(m))),
      15_000,
      seen,
    );
    expect(textOf(summary)).toMatch(/Seen in contoso/);
    expect(textOf(summary)).toMatch(/Seen in fabrikam/);
    expect(inThread()).toHaveLength(3);
    const contoso = card('contoso')!;
    const fabrikam = card('fabrikam')!;
    for (const [m, tenant] of [
      [contoso, 'contoso'],
      [fabrikam, 'fabrikam'],
    ] as const) {
      expect(m.blocks[0]).toMatchObject({ type: 'context', elements: [{ type: 'plain_text', text: `Tenant: ${tenant}` }] });
      expect(textOf(m)).toContain(seenInTwo);
    }
    expect(textOf(contoso)).toMatch(/\.contoso\.com/);
    expect(textOf(fabrikam)).not.toMatch(/\.contoso\.com/);
    saveBlockKit('multi-tenant-sweep-summary', summary);
    saveBlockKit('multi-tenant-sweep-contoso', contoso);
    saveBlockKit('multi-tenant-sweep-fabrikam', fabrikam);

    // contoso's Refresh, clicked on a copy of its message in the channel bound to fabrikam alone.
    const refresh = buttonsOf(contoso.blocks).find((b) => b.actionId.split(':')[1] === 'refresh');
    expect(refresh).toBeDefined();
    expect(refresh!.value).toMatch(/^contoso~/);
    const quiet = await upstreamRequests(metricsUrl);
    const auditBefore = audit().length;
    const from = slack.calls.length;
    const elsewhere: SlackMessage = { ...contoso, channel: SLACK_FABRIKAM_CHANNEL, thread_ts: undefined };
    const click = blockAction(slack, SLACK_USERS.responder, elsewhere, refresh!);
    expect((await signedPost(bot.baseUrl, click.payload)).status).toBe(200);
    const answer = await eventually(
      'the refusal',
      () => slack.callsSince(from).find((c) => /This button cannot be used here/.test(textOf(c.body))),
      15_000,
      () =>
        slack
          .callsSince(from)
          .map((c) => `${c.method} ${textOf(c.body).slice(0, 200)}`)
          .join('\n'),
    );
    expect(textOf(answer.body)).toMatch(/comes from a card of tenant contoso, and this conversation speaks for fabrikam/);
    await eventually(
      'the refusal in the audit',
      () =>
        audit()
          .slice(auditBefore)
          .find((e) => e.event === 'refused-button' && e.tenant === 'contoso' && e.conversation_id?.includes(SLACK_FABRIKAM_CHANNEL)),
      5000,
    );
    await delay(1000);
    // The channel's copy of contoso's card was not touched, and nothing was read from Defender.
    expect(slack.callsSince(from).filter((c) => c.method === 'chat.update')).toEqual([]);
    expect(await upstreamRequests(metricsUrl)).toBe(quiet);
  }, 120_000);
});

/** Opens the first "Devices (n)" section of a card (the seen address's). */
async function expandDevices(card: Locator): Promise<void> {
  await card
    .getByText(/Devices \(\d+\)/)
    .first()
    .click();
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Polls an async check until it holds. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
