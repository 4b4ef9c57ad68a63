import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Slack Web API or to a response_url. */
export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  token?: string;
}

type Answer = Record<string, unknown> | ((body: Record<string, unknown>) => Record<string, unknown>);

/**
 * A local stand-in for https://slack.com/api/ (the bot's SLACK_API_URL) and for response_urls: records every call
 * and answers like Slack. `answer(method, ...)` overrides one method's answer (for example an error).
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  private readonly answers = new Map<string, Answer>();
  private server?: Server;
  private tsCounter = 1_700_000_000;
  /** Open modals: view id -> current hash. */
  readonly views = new Map<string, string>();
  url = '';
  groups: Record<string, string[]> = {};
  team = { id: 'T0DEMO', enterprise: undefined as string | undefined };

  answer(method: string, answer: Answer): void {
    this.answers.set(method, answer);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = parseBody(raw, req.headers['content-type'] ?? '');
        const path = (req.url ?? '').split('?')[0] ?? '';
        const method = path.startsWith('/api/')
          ? path.slice('/api/'.length)
          : path.startsWith('/respond/')
            ? `respond:${path.slice('/respond/'.length)}`
            : path;
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (typeof body.token === 'string' ? body.token : undefined);
        this.calls.push({ method, body, token });
        const answer = this.reply(method, body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  private reply(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const override = this.answers.get(method);
    if (override) return typeof override === 'function' ? override(body) : override;
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: this.team.id, enterprise_id: this.team.enterprise, user_id: 'UBOT', bot_id: 'BBOT', team: 'Contoso SOC' };
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: `${this.tsCounter++}.000100`, message: { text: body.text } };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.tsCounter++}.000200` };
      case 'views.open': {
        // Every modal its own id; views.update must name the current hash (docs.slack.dev views.update: hash_conflict).
        const id = `V${this.tsCounter++}`;
        this.views.set(id, `${id}.hash.1`);
        return { ok: true, view: { id, hash: this.views.get(id), callback_id: (body.view as { callback_id?: string } | undefined)?.callback_id } };
      }
      case 'views.update': {
        const id = String(body.view_id);
        const hash = this.views.get(id);
        if (hash === undefined) return { ok: false, error: 'not_found' };
        if (body.hash !== undefined && body.hash !== hash) return { ok: false, error: 'hash_conflict' };
        const next = `${id}.hash.${Number(hash.split('.').pop()) + 1}`;
        this.views.set(id, next);
        return { ok: true, view: { id, hash: next } };
      }
      case 'usergroups.users.list': {
        const users = this.groups[String(body.usergroup)];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      default:
        if (method.startsWith('respond:')) return { ok: true };
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Calls of one method, their bodies with blocks parsed. */
  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.body);
  }

  /** Waits until `count` calls of a method were made. */
  async waitFor(method: string, count = 1, timeoutMs = 15_000): Promise<Record<string, unknown>[]> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = this.of(method);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`waited ${timeoutMs} ms for ${count} ${method} call(s); saw: ${this.calls.map((c) => c.method).join(', ') || 'none'}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends blocks and other objects as JSON strings in form fields.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** All text in a Block Kit message, for assertions. */
export function blocksText(body: Record<string, unknown>): string {
  const out: string[] = [typeof body.text === 'string' ? body.text : ''];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(body.blocks);
  walk(body.view);
  return out.join('\n');
}

/** Every button in a message: verb (from dc:<verb>:<n>), label and value. */
export function blockButtons(body: Record<string, unknown>): { verb: string; label: string; value: string; actionId: string }[] {
  const out: { verb: string; label: string; value: string; actionId: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'button' && typeof o.action_id === 'string') {
        const label = (o.text as { text?: string } | undefined)?.text ?? '';
        out.push({ verb: o.action_id.split(':')[1] ?? '', label, value: String(o.value ?? ''), actionId: o.action_id });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(body.blocks);
  return out;
}

/** Headers Slack sends with a request, signed with the app's signing secret. */
export function slackSignature(secret: string, rawBody: string, timestampSec = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': signature };
}

/** Posts a signed request to the bot's /slack/events, as Slack does. */
export async function postToSlackEndpoint(
  url: string,
  secret: string,
  kind: { json: unknown } | { form: Record<string, string> },
  options: { timestampSec?: number; headers?: Record<string, string>; rawOverride?: string; signatureOverride?: string } = {},
): Promise<{ status: number; text: string; raw: string; headers: Record<string, string> }> {
  const raw = options.rawOverride ?? ('json' in kind ? JSON.stringify(kind.json) : new URLSearchParams(kind.form).toString());
  const signed = slackSignature(secret, raw, options.timestampSec);
  const headers: Record<string, string> = {
    'content-type': 'json' in kind ? 'application/json' : 'application/x-www-form-urlencoded',
    ...signed,
    ...(options.signatureOverride ? { 'x-slack-signature': options.signatureOverride } : {}),
    ...options.headers,
  };
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body: raw });
  return { status: res.status, text: await res.text(), raw, headers };
}

/** An interaction payload as Slack posts it (form field `payload`). */
export function interaction(payload: Record<string, unknown>): { form: Record<string, string> } {
  return { form: { payload: JSON.stringify(payload) } };
}
