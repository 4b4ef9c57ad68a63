import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { figure } from './support/figures';
import { UNLIMITED_BUDGET, World } from './support/world';

/*
 * Issue 13, Low 5: /metrics was served on the bot's public port and hidden only by an exact-match nginx location,
 * which /metrics;x got around (restify drops what follows ";"); each scrape also ran a database query. Now metrics
 * have a port of their own (METRICS_PORT, 127.0.0.1 by default), the bot's port has no metrics route at all, and a
 * scrape storm costs at most one store query per period.
 */

interface Answer {
  status: number;
  body: string;
}

/** The request target goes on the wire exactly as written: no client-side normalisation of dots, case or escapes. */
function raw(base: string, path: string, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, path, method, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

const METRICS_TEXT = /defender_chatops_|# HELP|# TYPE|process_cpu/;

// Every spelling that a router, a proxy or a decoder might take for /metrics.
const VARIANTS = [
  '/metrics',
  '/metrics;x',
  '/metrics;',
  '/metrics;jsessionid=1',
  '/metrics%3bx',
  '/METRICS',
  '/Metrics',
  '/%6detrics',
  '/%6Detrics',
  '/metrics%2f',
  '/metrics%2F',
  '/%2fmetrics',
  '/%2Fmetrics',
  '//metrics',
  '/metrics/',
  '/./metrics',
  '/x/../metrics',
  '/healthz/../metrics',
  '/metrics?format=prometheus',
  '/metrics.txt',
  '/metrics%00',
  '/%2e/metrics',
  '/api/../metrics',
  '/slack/../metrics',
];

let w: World;
let metricsPort: number;
beforeAll(async () => {
  metricsPort = await freePort();
  w = await World.start({ budget: UNLIMITED_BUDGET, env: { METRICS_PORT: String(metricsPort) } });
});
afterAll(async () => {
  await w.close();
});

describe('the bot port serves no metrics, however the path is spelled', () => {
  it.each(VARIANTS)('GET and HEAD %s on the bot port: no metrics', async (path) => {
    for (const method of ['GET', 'HEAD']) {
      const answer = await raw(w.app.teams.url, path, method);
      expect([method, path, answer.status === 200]).toEqual([method, path, false]);
      expect(answer.body).not.toMatch(METRICS_TEXT);
    }
  });

  it('the bot still answers its own routes', async () => {
    expect((await raw(w.app.teams.url, '/healthz')).status).toBe(200);
    figure('abuse: metrics', 'spellings of /metrics tried on the bot port', VARIANTS.length * 2, 'requests', 'none answered with metrics');
  });
});

describe('the metrics port', () => {
  it('serves /metrics on METRICS_PORT, bound to 127.0.0.1 by default', async () => {
    expect(w.app.metricsServer?.url).toBe(`http://127.0.0.1:${metricsPort}`);
    const answer = await raw(w.app.metricsServer!.url, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^defender_chatops_lookups_total\{/m);
    for (const path of VARIANTS.filter((p) => p !== '/metrics' && !p.startsWith('/metrics?')))
      expect([path, (await raw(w.app.metricsServer!.url, path)).status]).toEqual([path, 404]);
  });

  it('is not reachable on another interface of the machine', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!outside) return void figure('abuse: metrics', 'non-loopback interface', 'none on this machine', undefined, 'binding checked by URL only');
    await expect(raw(`http://${outside.address}:${metricsPort}`, '/metrics')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a scrape storm costs at most one store query per period (no database query per scrape)', async () => {
    const store = w.app.store.requests;
    const listActive = jest.spyOn(store, 'listActive');
    try {
      const answers = await Promise.all(Array.from({ length: 100 }, () => raw(w.app.metricsServer!.url, '/metrics')));
      for (let i = 0; i < 100; i++) answers.push(await raw(w.app.metricsServer!.url, '/metrics'));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      // 15 s reuse period: a run of this test fits in at most two periods.
      expect(listActive.mock.calls.length).toBeLessThanOrEqual(2);
      figure('abuse: metrics', '200 scrapes: store queries', listActive.mock.calls.length, 'queries');
    } finally {
      listActive.mockRestore();
    }
  });
});

describe('the deployment example', () => {
  const root = resolve(__dirname, '..', '..');

  it('nginx has no /metrics route: the public port never leads to metrics', () => {
    const nginx = readFileSync(resolve(root, 'deploy/nginx.conf'), 'utf8').replace(/#.*$/gm, '');
    expect(nginx).not.toMatch(/metrics/i);
    expect([...nginx.matchAll(/^\s*server\s+([^\s;{]+)/gm)].map((m) => m[1])).toEqual(['bot:3978']);
  });

  it('compose publishes only the load balancer, and gives metrics their own port on the private network', () => {
    const compose = parseYaml(readFileSync(resolve(root, 'deploy/compose.yaml'), 'utf8')) as {
      services: Record<string, { ports?: string[]; expose?: string[]; environment?: Record<string, string> }>;
    };
    const { bot, lb } = compose.services;
    expect(bot?.ports).toBeUndefined();
    expect(lb?.ports).toEqual(['3978:3978']);
    expect(bot?.environment?.METRICS_PORT).toBe('9464');
    expect(bot?.environment?.METRICS_PORT).not.toBe(bot?.environment?.PORT);
  });
});
