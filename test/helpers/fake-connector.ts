import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  /** The id this connector gave a posted activity (what the bot later updates). */
  createdId?: string;
  body: Record<string, unknown>;
}

/**
 * A local Bot Connector: where the bot's replies land (activity.serviceUrl points here). It records every send and
 * update so tests can read what Teams would have shown.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private server!: Server;
  private counter = 0;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?/.exec(req.url ?? '');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        const createdId = req.method === 'PUT' ? undefined : `activity-${++this.counter}`;
        this.calls.push({
          method: req.method ?? '',
          path: req.url ?? '',
          conversationId: decodeURIComponent(m?.[1] ?? ''),
          activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
          createdId,
          body,
        });
        for (const w of this.waiters.splice(0)) w();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: req.method === 'PUT' ? m?.[2] : createdId }));
      });
    });
    // Keep idle connections as a real service does (minutes), not Node's 5 s: a client reusing one just as the server
    // drops it sees a reset. Updates survive that (ConnectorTransport repeats them); a post must not be repeated.
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Messages (not typing) sent or updated, with their first attachment's card. */
  messages(): { method: string; activityId?: string; text?: string; card?: Record<string, unknown> }[] {
    return this.calls
      .filter((c) => c.body.type === 'message')
      .map((c) => ({
        method: c.method,
        // An update names the activity it changes; a post (whose path may name the activity it replies to), the id it was given.
        activityId: c.method === 'PUT' ? c.activityId : c.createdId,
        text: c.body.text as string | undefined,
        card: (c.body.attachments as { content?: Record<string, unknown> }[] | undefined)?.[0]?.content ?? undefined,
      }));
  }

  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => {
          const card = (c.body.attachments as { content?: unknown }[] | undefined)?.[0]?.content;
          return `${c.method} ${c.path} ${String(c.body.type)}${card ? `: ${cardText(card).replace(/\s+/g, ' ').slice(0, 160)}` : ''}`;
        });
        throw new Error(`timed out waiting; calls so far:\n${seen.join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  clear(): void {
    this.calls.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The text a person would read on a card: every text, title and value, flattened. A RichTextBlock's unstyled
 * TextRuns are bare strings in its `inlines` (the schema's shorthand), and cards show text as written (no Markdown
 * escapes to undo).
 */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string') out.push(o.title);
      if (typeof o.value === 'string') out.push(o.value);
      if (Array.isArray(o.inlines)) for (const inline of o.inlines) if (typeof inline === 'string') out.push(inline);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
