import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** When set, only `Authorization: Bearer <token>` is answered. */
  token?: string;
  /** Prometheus text and its content type. */
  metrics: () => Promise<{ contentType: string; text: string }>;
  log?: (message: string, level?: 'info' | 'warn') => void;
}

export interface MetricsServer {
  /** http://host:port, loopback when listening on every interface. */
  url: string;
  close(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const header = req.headers.authorization ?? '';
  const given = /^Bearer (\S+)$/i.exec(header)?.[1];
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/**
 * Prometheus metrics on a port of their own (loopback by default), apart from the bot's public port and whatever
 * proxy sits in front of it: a proxy rule hiding /metrics is not needed, and cannot be got around (/metrics;x,
 * /%6Detrics). Plain node:http, and exactly GET (or HEAD) /metrics: the raw request path is compared, undecoded.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return answer(res, 404, 'Not found: this server answers GET /metrics only.\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'Method not allowed: GET /metrics.\n', { allow: 'GET, HEAD' });
    if (!authorized(req, options.token))
      return answer(res, 401, 'Unauthorized: send Authorization: Bearer <METRICS_TOKEN>.\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    options.metrics().then(
      ({ contentType, text }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        options.log?.(`metrics: the scrape failed: ${err instanceof Error ? err.message : String(err)}`, 'warn');
        answer(res, 500, 'The metrics could not be collected; see the bot log.\n');
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
