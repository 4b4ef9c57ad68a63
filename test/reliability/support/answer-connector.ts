import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readable } from './teams';

/**
 * A Bot Connector for load: counts what the bot sends per conversation and resolves a waiter when the final answer of
 * a turn arrives (a progress card is not an answer; the card that replaces it is). Keeps counts, not bodies.
 */
export class AnswerConnector {
  url = '';
  private server!: Server;
  private counter = 0;
  private readonly waiting = new Map<string, ((text: string) => void)[]>();
  readonly answers = new Map<string, number>();
  progress = 0;
  typing = 0;
  unexpected = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?/.exec(req.url ?? '');
        const conversation = decodeURIComponent(m?.[1] ?? '');
        let body: { type?: string; attachments?: { content?: unknown }[]; text?: string } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          this.unexpected++;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: req.method === 'PUT' ? m?.[2] : `activity-${++this.counter}` }));
        if (body.type === 'typing') return void this.typing++;
        if (body.type !== 'message') return void this.unexpected++;
        const shown = body.attachments?.[0]?.content ? readable(body.attachments[0].content) : (body.text ?? '');
        if (/^Looking up \d+ indicators?\.\.\./m.test(shown) && req.method === 'POST') return void this.progress++;
        this.answers.set(conversation, (this.answers.get(conversation) ?? 0) + 1);
        this.waiting.get(conversation)?.shift()?.(shown);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Resolves with the text of the next final answer in the conversation (register before sending). */
  nextAnswer(conversation: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer in ${conversation} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(conversation) ?? [];
      list.push((text) => {
        clearTimeout(timer);
        resolve(text);
      });
      this.waiting.set(conversation, list);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
