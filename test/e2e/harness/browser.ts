import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { artifactPath } from './output';
import type { ConversationKind, E2EUser, Playground } from './playground';
import { registerCleanup, withTimeout } from './proc';

/** Debian's Chromium (`apt-get install -y chromium`, see scripts/e2e/install-chromium.sh). */
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Loopback only: every other host name fails to resolve inside the browser. (The playground UI
  // asks a CDN for Segoe UI fonts on each load; those requests fail at once and the UI falls back
  // to local fonts.) Done with a resolver rule rather than Playwright routing because routing
  // disables the HTTP cache, which makes every page load re-fetch the 9 MB bundle.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 360, height: 740 } as const;

/** DOM hooks of the playground UI (0.2.28): Fluent UI v9 + Lexical composer + Adaptive Cards JS. */
export const SEL = {
  /** Lexical rich-text composer(s): the chat compose box, the channel "Start a new post" box, thread reply boxes. */
  editor: '[data-lexical-editor="true"][role="textbox"]',
  /** Root of one rendered Adaptive Card (contains .ac-container > .ac-textBlock/.ac-factSet/.ac-actionSet). */
  card: '.ac-preview-panel',
  /** Action buttons of a card: <button aria-label=TITLE title=TITLE> inside .ac-actionSet. */
  cardActions: '.ac-actionSet',
  /** A channel post and its thread (the "Start a new post" composer is also a .fui-Card, with a Post button). */
  channelPost: '.fui-Card',
  /** Shown under a card after an Action.Execute round trip: "Your response was sent to the app". */
  invokeNotice: '[aria-label="Display Invoked Message"]',
} as const;

export interface E2EBrowser {
  context: BrowserContext;
  userDataDir: string;
  /** Non-loopback URLs the pages tried to load (all refused). */
  externalRequests: string[];
  close(): Promise<void>;
}

interface PageMeta {
  pg: Playground;
  actingUser: E2EUser;
  conversation: ConversationKind;
}
const metas = new WeakMap<Page, PageMeta>();

function metaOf(page: Page): PageMeta {
  const m = metas.get(page);
  if (!m) throw new Error('page was not opened with openPlayground()');
  return m;
}

const isLoopback = (url: string): boolean => {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return true;
  }
};

/**
 * Launch Debian's Chromium headless with a fresh profile (--user-data-dir in a new temp dir,
 * removed on close). One context; open pages with openPlayground().
 */
export async function openChromium(opts: { executablePath?: string; headless?: boolean } = {}): Promise<E2EBrowser> {
  const executablePath = opts.executablePath ?? CHROMIUM_PATH;
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: run scripts/e2e/install-chromium.sh (apt-get install -y chromium)`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: opts.headless ?? true,
    args: CHROMIUM_ARGS,
    viewport: { ...DESKTOP },
    locale: 'en-US',
    timezoneId: 'UTC',
    timeout: 60_000,
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const externalRequests: string[] = [];
  const consoleLog = artifactPath('browser-console', 'log');
  const note = (line: string): void => {
    fs.appendFileSync(consoleLog, `${new Date().toISOString()} ${line}\n`);
  };
  context.on('request', (r) => {
    if (!isLoopback(r.url())) externalRequests.push(r.url());
  });
  const watch = (p: Page): void => {
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') note(`[${m.type()}] ${m.text().slice(0, 500)}`);
    });
    p.on('pageerror', (e) => note(`[pageerror] ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (closed) return closed;
    closed = (async () => {
      unregister();
      await withTimeout(context.close(), 20_000, 'chromium close').catch((e) => console.error('[e2e]', (e as Error).message));
      fs.rmSync(userDataDir, { recursive: true, force: true });
    })();
    return closed;
  };
  const unregister = registerCleanup(close);
  return { context, userDataDir, externalRequests, close };
}

export interface OpenPlaygroundOptions {
  /**
   * Act as another member of the playground's tenant in this tab (one of `pg.members`). The
   * playground has a single acting user per process (`currentUser` of its yml) and no switch in
   * its UI; this rewrites `currentUser` in the tab's copy of /_internal/v1/config, so what the tab
   * sends (messages, Action.Execute invokes) carries that user's id, name and aadObjectId.
   * Conversation history lives in each tab: a tab sees the bot's messages to the group chat and
   * the bot's new channel posts, but not other tabs' own messages nor the threads they started.
   */
  asUser?: E2EUser;
  /** Default: the playground's `conversation`. */
  conversation?: ConversationKind;
  viewport?: { width: number; height: number };
}

/** Open the playground UI in a new tab, wait until it is usable and select the conversation. */
export async function openPlayground(browser: E2EBrowser, pg: Playground, opts: OpenPlaygroundOptions = {}): Promise<Page> {
  const actingUser = opts.asUser ?? pg.user;
  if (!pg.members.some((m) => m.id === actingUser.id)) {
    throw new Error(`${actingUser.name} is not a member of this playground's tenant`);
  }
  const page = await browser.context.newPage();
  await page.setViewportSize(opts.viewport ?? { ...DESKTOP });
  if (actingUser.id !== pg.user.id) {
    await page.route('**/_internal/v1/config', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as { config: { currentUser: E2EUser } };
      json.config.currentUser = actingUser;
      await route.fulfill({ response, json });
    });
  }
  const conversation = opts.conversation ?? pg.conversation;
  metas.set(page, { pg, actingUser, conversation });
  await page.goto(pg.url, { waitUntil: 'domcontentloaded' });
  // Each load evaluates a 9 MB bundle: ~5-8 s on 2 cores (mostly script evaluation, so the HTTP
  // cache saves little).
  await page.locator(SEL.editor).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByText(actingUser.name, { exact: true }).first().waitFor({ state: 'visible' });
  await selectConversation(page, conversation);
  return page;
}

/** Click the conversation in the left tree and wait for its composer. */
export async function selectConversation(page: Page, kind: ConversationKind): Promise<void> {
  const m = metaOf(page);
  const cfg = m.pg.config;
  const item = kind === 'personal' ? 'Personal Chat' : kind === 'groupChat' ? cfg.groupChat.name : `${cfg.team.name} - General`;
  await page.getByRole('treeitem', { name: item, exact: true }).click();
  if (kind === 'channel') {
    await page.getByRole('button', { name: 'Post', exact: true }).waitFor({ state: 'visible' });
  } else {
    await page.getByRole('button', { name: 'Send Message', exact: true }).last().waitFor({ state: 'visible' });
  }
  m.conversation = kind;
}

export interface SendOptions {
  /** Start the message with an @mention of the bot, picked from the composer's mention typeahead. */
  mention?: boolean;
  /**
   * In a channel: reply in a thread instead of starting a new post; `true` = the newest post,
   * a string/RegExp = the newest post whose text contains it.
   */
  reply?: boolean | string | RegExp;
  timeoutMs?: number;
}

export interface SentMessage {
  /** Status of the UI's POST /_conversation/v1/conversations/<id>/messages to the playground. */
  status: number;
  conversationId: string;
  body: unknown;
}

/**
 * Type `text` into the composer of the selected conversation and send it (Send button, or Post
 * for a new channel post). Resolves once the playground accepted the message; the bot gets it
 * right after. In a channel or group chat the playground, like Teams, forwards only messages that
 * @mention the bot: pass { mention: true } there.
 */
export async function sendMessage(page: Page, text: string, opts: SendOptions = {}): Promise<SentMessage> {
  const m = metaOf(page);
  const timeout = opts.timeoutMs ?? 30_000;
  let editor: Locator;
  let send: Locator;
  if (m.conversation === 'channel' && !opts.reply) {
    const composer = page
      .locator(SEL.channelPost)
      .filter({ has: page.getByRole('button', { name: 'Post', exact: true }) })
      .first();
    editor = composer.locator(SEL.editor);
    send = composer.getByRole('button', { name: 'Post', exact: true });
  } else if (m.conversation === 'channel') {
    const post = channelPost(page, opts.reply === true ? undefined : (opts.reply as string | RegExp));
    await post.waitFor({ state: 'visible', timeout });
    editor = post.locator(SEL.editor);
    send = post.getByRole('button', { name: 'Send Message', exact: true });
  } else {
    editor = page.locator(SEL.editor).last();
    send = page.getByRole('button', { name: 'Send Message', exact: true }).last();
  }
  await editor.click();
  if (opts.mention) {
    const botName = m.pg.tenant.bot.name;
    // "@" + a prefix opens the mention typeahead (members whose name contains the query, after ~500 ms).
    await page.keyboard.type(`@${botName.split(' ')[0]}`, { delay: 15 });
    // The option's accessible name also carries its avatar's label, so match on its text.
    const escaped = botName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const option = page
      .getByRole('menuitem')
      .filter({ hasText: new RegExp(`${escaped}\\s*$`) })
      .first();
    await option.waitFor({ state: 'visible', timeout: 10_000 });
    await option.click();
    await page.keyboard.insertText(` ${text}`);
  } else {
    await page.keyboard.insertText(text);
  }
  const response = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(new URL(r.url()).pathname),
    { timeout },
  );
  await send.click();
  const r = await response;
  const conversationId = decodeURIComponent(new URL(r.url()).pathname.split('/')[4] ?? '');
  const body: unknown = await r.json().catch(() => undefined);
  if (!r.ok()) throw new Error(`sendMessage: playground answered ${r.status()}: ${JSON.stringify(body)}`);
  return { status: r.status(), conversationId, body };
}

/**
 * A channel post with its thread (root message, replies, reply box), newest first in the UI;
 * `text` picks the newest post containing it. Scope card look-ups to it to stay in one thread.
 */
export function channelPost(page: Page, text?: string | RegExp): Locator {
  const posts = page.locator(SEL.channelPost).filter({ hasNot: page.getByRole('button', { name: 'Post', exact: true }) });
  return (text === undefined ? posts : posts.filter({ hasText: text })).first();
}

/** Every rendered Adaptive Card whose text contains `text` (case-insensitive substring or RegExp). */
export function cardsContaining(page: Page, text: string | RegExp): Locator {
  return page.locator(SEL.card).filter({ hasText: text });
}

/** Wait for the newest Adaptive Card containing `text` to be visible and return it. */
export async function waitForCardContaining(page: Page, text: string | RegExp, opts: { timeoutMs?: number } = {}): Promise<Locator> {
  const card = cardsContaining(page, text).last();
  await card.waitFor({ state: 'visible', timeout: opts.timeoutMs ?? 30_000 });
  return card;
}

/** The rendered text of a card (TextBlocks, FactSets, button titles), as a user sees it. */
export async function cardText(card: Locator): Promise<string> {
  return (await card.innerText()).replace(/\u00a0/g, ' ');
}

/** Titles of a card's action buttons, in order. */
export async function cardButtons(card: Locator): Promise<string[]> {
  const buttons = await card.locator(`${SEL.cardActions} button`).all();
  const titles = await Promise.all(buttons.map(async (b) => (await b.getAttribute('aria-label')) ?? (await b.getAttribute('title')) ?? ''));
  return titles.filter(Boolean);
}

export interface ClickResult {
  /** Which playground API the click went through: Action.Execute -> invoke, Action.Submit -> submit. */
  kind: 'invoke' | 'submit';
  /** HTTP status of the UI's call to the playground. */
  status: number;
  /** For invoke: the bot's invoke response ({ statusCode, type, value }) as relayed by the playground. */
  body: unknown;
}

/**
 * Click the action button `title` of `card` (default: the newest card that has such a button) and
 * wait for the playground to relay the round trip to the bot (Action.Execute -> adaptiveCard/action
 * invoke; the card is then replaced by the card the bot returned).
 */
export async function clickCardButton(page: Page, title: string, opts: { card?: Locator; timeoutMs?: number } = {}): Promise<ClickResult> {
  const timeout = opts.timeoutMs ?? 30_000;
  const scope =
    opts.card ??
    page
      .locator(SEL.card)
      .filter({ has: page.getByRole('button', { name: title, exact: true }) })
      .last();
  const button = scope.locator(SEL.cardActions).getByRole('button', { name: title, exact: true }).first();
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && /\/_conversation\/v1\/(invoke|submit)$/.test(new URL(r.url()).pathname), {
    timeout,
  });
  await button.click({ timeout });
  const r = await response;
  const kind = new URL(r.url()).pathname.endsWith('/invoke') ? 'invoke' : 'submit';
  const body: unknown = await r.json().catch(() => undefined);
  return { kind, status: r.status(), body };
}

/** Show or hide the playground's log panel; best effort (its layout changes below ~930 px). */
async function toggleLogPanel(page: Page, show: boolean): Promise<boolean> {
  const hide = page.getByRole('button', { name: 'Hide log panel', exact: true });
  const visible = await hide.isVisible().catch(() => false);
  if (visible && !show) {
    return hide.click({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
  }
  if (!visible && show) {
    const toggle = page.getByRole('button', { name: 'Toggle Log Panel', exact: true });
    if (await toggle.isVisible().catch(() => false)) await toggle.click({ timeout: 3000 }).catch(() => undefined);
  }
  return false;
}

export interface ScreenshotOptions {
  /** Also save this element (typically a card) on its own, and scroll it into view first. */
  element?: Locator;
  /** Desktop shot at 1280x900 (default true). */
  desktop?: boolean;
  /**
   * Phone-width shot at 360x740 (default true), log panel hidden. The playground is a desktop web
   * app: below ~900 px its chat column keeps a minimum width, so a card can be cut at the right
   * edge of the page shot; the element shot shows the whole card as rendered at that width.
   */
  phone?: boolean;
  fullPage?: boolean;
}

/**
 * Save screenshots of `page` into outputDir() as NN-<name>-desktop.png / -phone.png (+ -card
 * variants with `element`). Restores the viewport afterwards. Returns the file paths.
 */
export async function screenshot(page: Page, name: string, opts: ScreenshotOptions = {}): Promise<string[]> {
  const files: string[] = [];
  const original = page.viewportSize() ?? { ...DESKTOP };
  const shoot = async (label: string, size: { width: number; height: number }): Promise<void> => {
    await page.setViewportSize(size);
    await page.waitForTimeout(250); // let the layout settle after a resize
    if (opts.element) await opts.element.scrollIntoViewIfNeeded();
    const file = artifactPath(`${name}-${label}`, 'png');
    await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
    files.push(file);
    if (opts.element) {
      const cardFile = artifactPath(`${name}-${label}-card`, 'png');
      await opts.element.screenshot({ path: cardFile });
      files.push(cardFile);
    }
  };
  if (opts.desktop ?? true) await shoot('desktop', DESKTOP);
  if (opts.phone ?? true) {
    await page.setViewportSize(PHONE);
    const hid = await toggleLogPanel(page, false);
    await shoot('phone', PHONE);
    await page.setViewportSize(original);
    if (hid) await toggleLogPanel(page, true);
  } else {
    await page.setViewportSize(original);
  }
  return files;
}
