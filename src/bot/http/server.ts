import * as restify from 'restify';
import { MAX_BODY_BYTES } from './limits';

/**
 * The process's one HTTP server (restify): Teams, Slack and the health routes attach to `server` before listen().
 * Prometheus metrics are not here: they have a port of their own (src/ops/metrics-server.ts).
 */
export interface BotHttpServer {
  server: restify.Server;
  /** http://host:port, set by listen(); loopback when listening on every interface. */
  readonly url: string;
  listen(port: number, bindAddress: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * JSON body parsing for one route, at most MAX_BODY_BYTES. Parsed per route, never globally: Slack's signature is
 * computed over the raw body, which a global parser would consume. JSON only: form and text bodies are what a web page
 * can post cross-origin without a preflight (content-type-guard.ts).
 */
export function jsonBody(): restify.RequestHandler[] {
  return [restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }), ...restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false })];
}

export function createHttpServer(): BotHttpServer {
  const server = restify.createServer({ name: 'defender-chatops', handleUncaughtExceptions: false });
  let url = '';
  return {
    server,
    get url() {
      return url;
    },
    async listen(port, bindAddress) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, bindAddress, () => {
          server.off('error', reject);
          resolve();
        });
      });
      url = `http://${bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress}:${server.address().port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
