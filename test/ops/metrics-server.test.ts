import { request } from 'node:http';
import { startMetricsServer, type MetricsServer } from '../../src/ops/metrics-server';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: the path goes on the wire exactly as written (no URL normalisation by a client library). */
function raw(url: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: options.method ?? 'GET', headers: { connection: 'close', ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const TEXT = '# HELP defender_chatops_lookups_total x\ndefender_chatops_lookups_total 1\n';
let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the metrics server (its own port)', () => {
  it('answers exactly GET and HEAD /metrics on loopback, and nothing else', async () => {
    let scrapes = 0;
    server = await startMetricsServer({
      port: 0,
      host: '127.0.0.1',
      metrics: async () => (scrapes++, { contentType: 'text/plain; version=0.0.4', text: TEXT }),
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ok = await raw(server.url, '/metrics');
    expect(ok).toMatchObject({ status: 200, body: TEXT });
    expect(ok.headers['content-type']).toBe('text/plain; version=0.0.4');
    expect((await raw(server.url, '/metrics?name[]=x')).status).toBe(200);
    expect(await raw(server.url, '/metrics', { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
    for (const path of [
      '/',
      '/metrics;x',
      '/METRICS',
      '/%6detrics',
      '/metrics%2f',
      '/metrics/',
      '//metrics',
      '/./metrics',
      '/x/../metrics',
      '/metrics%00',
      '/api/messages',
      '/healthz',
    ])
      expect([path, (await raw(server.url, path)).status]).toEqual([path, 404]);
    expect((await raw(server.url, '/metrics', { method: 'POST' })).status).toBe(405);
    expect(scrapes).toBe(3);
  });

  it('with a token, answers only "Authorization: Bearer <token>"', async () => {
    const token = 'a-metrics-token-of-some-length';
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', token, metrics: async () => ({ contentType: 'text/plain', text: TEXT }) });
    const none = await raw(server.url, '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.body).not.toContain('defender_chatops');
    for (const header of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${Buffer.from(`x:${token}`).toString('base64')}`, token, 'Bearer '])
      expect([header, (await raw(server.url, '/metrics', { headers: { authorization: header } })).status]).toEqual([header, 401]);
    expect(await raw(server.url, '/metrics', { headers: { authorization: `Bearer ${token}` } })).toMatchObject({ status: 200, body: TEXT });
    expect((await raw(server.url, '/metrics', { headers: { authorization: `bearer ${token}` } })).status).toBe(200);
  });

  it('answers 500 without the error text when collecting fails, and logs the cause', async () => {
    const logs: string[] = [];
    server = await startMetricsServer({
      port: 0,
      host: '127.0.0.1',
      log: (m) => logs.push(m),
      metrics: async () => Promise.reject(new Error('SQLITE_BUSY: database is locked at /data/x.db')),
    });
    const failed = await raw(server.url, '/metrics');
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('SQLITE');
    expect(logs).toEqual(['metrics: the scrape failed: SQLITE_BUSY: database is locked at /data/x.db']);
  });

  it('says when its port is taken', async () => {
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics: async () => ({ contentType: 'text/plain', text: '' }) });
    const port = Number(new URL(server.url).port);
    await expect(startMetricsServer({ port, host: '127.0.0.1', metrics: async () => ({ contentType: 'text/plain', text: '' }) })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
