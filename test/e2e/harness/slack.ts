/**
 * Slack end to end: the real bot process on its HTTP receiver (POST /slack/events), a local Slack Web API
 * (FakeSlackApi, the bot's SLACK_API_URL) in the test process, and requests signed as Slack signs them.
 *
 * SlackWorkspace keeps what a Slack channel would show: every message the bot posted, by ts, with its latest content
 * after chat.update, so a test can click a button on "the message as it is now" and read how a card evolved.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { blockButtons, blocksText, FakeSlackApi, interaction, slackSignature, type SlackCall } from '../../helpers/fake-slack-api';
import { appMentionEvent, blockActionsPayload, slashCommandForm, viewSubmissionPayload, type SlackUser } from '../../helpers/slack-payloads';
import { startBot, type BotHandle } from './bot';
import { outputDir } from './output';
import { delay } from './proc';

export const SLACK_SECRET = 'e2e-slack-signing-secret-0123456789abcdef';
export const SLACK_BOT_TOKEN = 'xoxb-e2e-0000000000-0000000000000-e2etokene2etokene2etoken';
export const SLACK_TEAM = 'T0DEMO';
export const SLACK_CHANNEL = 'C0SOC';
/** A Slack user group (slack-group: member) whose members FakeSlackApi.groups answers. */
export const SLACK_APPROVER_GROUP = 'SAPPROVERS';

export type { SlackUser };

export const SLACK_USERS = {
  responder: { id: 'URESP0E2E', username: 'rory.responder', team_id: SLACK_TEAM },
  /** Approver through the user group only (usergroups.users.list). */
  approver: { id: 'UAPPR0E2E', username: 'ada.approver', team_id: SLACK_TEAM },
  noRole: { id: 'UNONE0E2E', username: 'nia.norole', team_id: SLACK_TEAM },
} satisfies Record<string, SlackUser>;

/** The e-mail on each user's Slack profile (users.info, users:read.email): what "Assign to me" sends to Defender. */
export const slackEmail = (user: SlackUser): string => `${user.username}@contoso.example`;

/** A message as the channel shows it now. */
export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  /** Every version: the post, then each chat.update. */
  history: Record<string, unknown>[];
}

/** FakeSlackApi with the ts of every post remembered and each message's latest content. */
export class SlackWorkspace {
  readonly api = new FakeSlackApi();
  private nextTs = 1_760_000_000;
  private readonly tsOf = new WeakMap<Record<string, unknown>, string>();
  readonly messages = new Map<string, SlackMessage>();

  async start(): Promise<this> {
    await this.api.start();
    this.api.groups[SLACK_APPROVER_GROUP] = [SLACK_USERS.approver.id];
    // users.info as Slack answers it with users:read.email: the profile's e-mail, or user_not_found.
    this.api.answer('users.info', (body) => {
      const user = Object.values(SLACK_USERS).find((u) => u.id === body.user);
      if (!user) return { ok: false, error: 'user_not_found' };
      return { ok: true, user: { id: user.id, team_id: user.team_id, name: user.username, profile: { email: slackEmail(user), real_name: user.username } } };
    });
    this.api.answer('chat.postMessage', (body) => {
      const ts = `${this.nextTs++}.000100`;
      this.tsOf.set(body, ts);
      const channel = String(body.channel);
      this.messages.set(ts, {
        channel,
        ts,
        thread_ts: typeof body.thread_ts === 'string' ? body.thread_ts : undefined,
        text: String(body.text ?? ''),
        blocks: Array.isArray(body.blocks) ? body.blocks : [],
        history: [body],
      });
      return { ok: true, channel, ts, message: { text: body.text, blocks: body.blocks } };
    });
    this.api.answer('chat.update', (body) => {
      const ts = String(body.ts);
      const message = this.messages.get(ts);
      if (!message || message.channel !== body.channel) return { ok: false, error: 'message_not_found' };
      message.text = String(body.text ?? '');
      message.blocks = Array.isArray(body.blocks) ? body.blocks : [];
      message.history.push(body);
      return { ok: true, channel: body.channel, ts, text: body.text };
    });
    return this;
  }

  get calls(): SlackCall[] {
    return this.api.calls;
  }

  /** The ts Slack answered to this chat.postMessage body. */
  tsOfPost(body: Record<string, unknown>): string | undefined {
    return this.tsOf.get(body);
  }

  /** Calls made after `since` (an index into calls). */
  callsSince(since: number): SlackCall[] {
    return this.api.calls.slice(since);
  }

  async close(): Promise<void> {
    await this.api.close();
  }
}

/** Polls `check` until it returns a value (not undefined/false); the error names what was awaited and what was seen. */
export async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs: number, seen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${seen ? `\n--- seen ---\n${seen()}` : ''}`);
    await delay(50, true);
  }
}

export interface SlackBot extends BotHandle {
  /** The line the bot printed when it was ready. */
  listening: string;
}

/**
 * `node bin/defender-chatops.js start` in demo mode (no AZURE_CLIENT_ID: the embedded emulator), embedded stores
 * (whatever CI sets), Slack over HTTP against `workspace`; resolves once it printed "is listening on".
 */
export async function startSlackBot(workspace: SlackWorkspace, dataDir: string, env: Record<string, string | undefined> = {}): Promise<SlackBot> {
  const bot = await startBot(
    {
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      DEFENDER_CHATOPS_CONFIG: undefined,
      AZURE_CLIENT_ID: undefined,
      AZURE_CLIENT_SECRET: undefined,
      AZURE_CLIENT_CERTIFICATE_PATH: undefined,
      AZURE_USE_MANAGED_IDENTITY: undefined,
      SLACK_APP_TOKEN: undefined,
      SLACK_ALLOWED_TEAMS: undefined,
      SLACK_COMMAND: undefined,
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: workspace.api.apiUrl,
      ...env,
    },
    { name: 'slack-bot' },
  );
  try {
    const m = await bot.proc.waitForOutput(/is listening on [^\n]*/, 30_000);
    return { ...bot, listening: m[0] };
  } catch (e) {
    await bot.stop();
    throw e;
  }
}

export interface SignedResponse {
  status: number;
  text: string;
  /** The exact bytes sent and the headers (with the signature), to replay them. */
  raw: string;
  headers: Record<string, string>;
}

/**
 * POST to the bot's /slack/events with Slack's signature headers, without keep-alive (an idle socket would keep jest
 * alive). `timestampSec` signs with another time (stale requests).
 */
export async function signedPost(
  baseUrl: string,
  kind: { json: unknown } | { form: Record<string, string> },
  options: { timestampSec?: number; secret?: string; headers?: Record<string, string> } = {},
): Promise<SignedResponse> {
  const raw = 'json' in kind ? JSON.stringify(kind.json) : new URLSearchParams(kind.form).toString();
  const headers: Record<string, string> = {
    'content-type': 'json' in kind ? 'application/json' : 'application/x-www-form-urlencoded',
    ...slackSignature(options.secret ?? SLACK_SECRET, raw, options.timestampSec),
    ...options.headers,
  };
  return { ...(await rawPost(`${baseUrl}/slack/events`, raw, headers)), raw, headers };
}

/** POST these bytes with these headers as they are (a replay). */
export function rawPost(url: string, raw: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, timeout: timeoutMs, headers: { ...headers, 'content-length': String(Buffer.byteLength(raw)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${url}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(raw);
  });
}

/** An Events API app_mention as Slack posts it. */
export function appMention(user: SlackUser, text: string, channel = SLACK_CHANNEL) {
  return appMentionEvent(user, text, { channel });
}

/** A slash command as Slack posts it (form-encoded). */
export function slashCommand(
  workspace: SlackWorkspace,
  user: SlackUser,
  text: string,
  channel = SLACK_CHANNEL,
): { form: Record<string, string>; responseUrl: string } {
  const form = slashCommandForm(workspace.api, user, text, { channel });
  return { form, responseUrl: form.response_url! };
}

export interface BlockButton {
  actionId: string;
  blockId: string;
  label: string;
  value: string;
}

/** Every button of a message, with its block. */
export function buttonsOf(blocks: unknown[]): BlockButton[] {
  return (blocks as Array<Record<string, unknown>>).flatMap((block) =>
    blockButtons({ blocks: [block] }).map(({ actionId, label, value }) => ({ actionId, blockId: String(block.block_id ?? ''), label, value })),
  );
}

/** A block_actions interaction: `user` clicks `button` on `message` (as the channel shows it now). */
export function blockAction(
  workspace: SlackWorkspace,
  user: SlackUser,
  message: SlackMessage,
  button: BlockButton,
): { payload: { form: Record<string, string> }; responseUrl: string } {
  const payload = blockActionsPayload(workspace.api, user, message, button);
  return { payload: interaction(payload), responseUrl: payload.response_url };
}

export interface BlockSelect {
  actionId: string;
  blockId: string;
  placeholder: string;
  /** Every option with its group's label (option_groups) and its value (a request id). */
  options: { group: string; label: string; value: string }[];
}

/** Every static_select of a message, with its block and options. */
export function selectsOf(blocks: unknown[]): BlockSelect[] {
  const label = (t: unknown) => (t as { text?: string } | undefined)?.text ?? '';
  const out: BlockSelect[] = [];
  for (const block of blocks as Array<{ block_id?: string; elements?: unknown[] }>) {
    for (const el of (block.elements ?? []) as Array<Record<string, unknown>>) {
      if (el.type !== 'static_select' || typeof el.action_id !== 'string') continue;
      type Option = { text?: unknown; value?: string };
      const groups = (el.option_groups as Array<{ label?: unknown; options: Option[] }> | undefined) ?? [
        { label: undefined, options: (el.options as Option[]) ?? [] },
      ];
      out.push({
        actionId: el.action_id,
        blockId: String(block.block_id ?? ''),
        placeholder: label(el.placeholder),
        options: groups.flatMap((g) => g.options.map((o) => ({ group: label(g.label), label: label(o.text), value: String(o.value ?? '') }))),
      });
    }
  }
  return out;
}

/** A block_actions interaction: `user` picks `option` in the static_select `select` of `message`. */
export function selectAction(
  workspace: SlackWorkspace,
  user: SlackUser,
  message: SlackMessage,
  select: BlockSelect,
  option: BlockSelect['options'][number],
): { payload: { form: Record<string, string> }; responseUrl: string } {
  const payload = blockActionsPayload(workspace.api, user, message, { actionId: select.actionId, value: undefined, blockId: select.blockId });
  const action = payload.actions[0]!;
  // As Slack sends a pick: the chosen option (text and value), the placeholder; no value of its own.
  const picked = {
    type: 'static_select',
    action_id: action.action_id,
    block_id: action.block_id,
    selected_option: { text: { type: 'plain_text', text: option.label, emoji: true }, value: option.value },
    placeholder: { type: 'plain_text', text: select.placeholder, emoji: true },
    action_ts: action.action_ts,
  };
  return { payload: interaction({ ...payload, actions: [picked] }), responseUrl: payload.response_url };
}

/**
 * A view_submission of a modal the bot opened: each input filled from `values` (by block id), a select with the
 * given option value or else its initial option.
 */
export function viewSubmission(user: SlackUser, view: Record<string, unknown>, values: Record<string, string>): { form: Record<string, string> } {
  return interaction(viewSubmissionPayload(user, view, values));
}

let saved = 0;
/**
 * Writes Block Kit JSON a person can paste into Slack's Block Kit Builder: `{ "blocks": [...] }` for a message, the
 * view itself for a modal. test-output/e2e/<time>/slack-NN-<name>.json; returns the path.
 */
export function saveBlockKit(name: string, content: { blocks: unknown[] } | Record<string, unknown>): string {
  saved += 1;
  const file = path.join(outputDir(), `slack-${String(saved).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`);
  const forBuilder = 'type' in content && content.type === 'modal' ? content : { blocks: (content as { blocks: unknown[] }).blocks };
  fs.writeFileSync(file, `${JSON.stringify(forBuilder, null, 2)}\n`);
  return file;
}

/** All text of a message, a modal or a call's body (and the fallback text), for assertions. */
export function textOf(content: { text?: unknown; blocks?: unknown } | Record<string, unknown>): string {
  return blocksText(content);
}

/** Value of a Prometheus sample `name{labels}` in /metrics text (0 when absent). */
export function metricValue(metricsText: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf('}'));
    const parts = inside.split(',');
    if (want.every((w) => parts.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
