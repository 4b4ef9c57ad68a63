import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: a status, headers and an optional body (default 200 with a new activity id). */
export interface ScriptedAnswer {
  /** 0 with `reset`: the connection is dropped without an answer. */
  status: number;
  reset?: boolean;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ConnectorRequest {
  method: string;
  path: string;
  conversationId: string;
  text?: string;
  /** The test's clock when the request arrived (see VirtualClock), else Date.now(). */
  at: number;
}

/**
 * A local Bot Connector (serviceUrl = this server) that answers from a script: the next scripted answer for the
 * conversation (or for any conversation), then 200. Throttling, gateway errors and rejections are scripted per test.
 */
export class ScriptedConnector {
  readonly requests: ConnectorRequest[] = [];
  url = '';
  private server!: Server;
  private counter = 0;
  private readonly scripts = new Map<string, ScriptedAnswer[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Answers for the next requests to `conversationId` ('*': any conversation), in order. */
  script(conversationId: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(conversationId, [...(this.scripts.get(conversationId) ?? []), ...answers]);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(req.url ?? '');
        const conversationId = decodeURIComponent(m?.[1] ?? '');
        let body: { text?: string } = {};
        try {
          body = text ? (JSON.parse(text) as { text?: string }) : {};
        } catch {
          body = {};
        }
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', conversationId, text: body.text, at: this.clock() });
        const answer = this.scripts.get(conversationId)?.shift() ?? this.scripts.get('*')?.shift() ?? { status: 200 };
        if (answer.reset) return void req.socket.destroy();
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        const reply =
          answer.body ??
          (answer.status < 300
            ? { id: req.method === 'PUT' ? m?.[2] : `activity-${++this.counter}` }
            : { error: { code: 'Scripted', message: `scripted ${answer.status}` } });
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  to(conversationId: string): ConnectorRequest[] {
    return this.requests.filter((r) => r.conversationId === conversationId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
