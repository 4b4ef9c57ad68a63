import { Agent, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { Endpoints } from '../../../src/config/schema';
import { EndpointClient } from '../../../src/defender/endpoint';
import { GraphClient } from '../../../src/defender/graph';
import { createCredential, RoleAwareCredential } from '../../../src/defender/http/credential';
import { DefenderHttp } from '../../../src/defender/http/defender-http';
import { MemoryRateBudget, type RateBudget } from '../../../src/net/memory-rate-budget';
import { generateCertificate } from '../../../emulator/tls';
import { caught } from '../../helpers/caught';
import { AUTHORITY, GRAPH, MDE, TEST_CLIENT, TEST_TENANT, claimsOf, mockLogin } from '../../helpers/nock-login';

const endpoints: Endpoints = {
  cloud: 'commercial',
  authorityHost: AUTHORITY,
  graphUrl: GRAPH,
  apiUrl: MDE,
  portalUrl: 'https://security.microsoft.com',
  graphScope: 'https://graph.microsoft.com/.default',
  apiScope: 'https://api.securitycenter.microsoft.com/.default',
  microsoftAuthority: false,
};

const MACHINE_ID = '1e5bc9d7e413ddd7902c2932e418702b84d0cc07';

interface Harness {
  graph: GraphClient;
  endpoint: EndpointClient;
  http: DefenderHttp;
  waits: number[];
}

function harness(
  options: {
    maxRetries?: number;
    maxWaitMs?: number;
    timeoutMs?: number;
    budget?: RateBudget;
    maxPages?: number;
    secret?: string;
    mde?: { url: string; agent: Agent };
  } = {},
): Harness {
  const waits: number[] = [];
  const credential = new RoleAwareCredential(
    createCredential({ kind: 'secret', tenantId: TEST_TENANT, clientId: TEST_CLIENT, secret: options.secret ?? 'test-secret' }, endpoints),
  );
  const http = new DefenderHttp({
    credential,
    endpoints: options.mde ? { ...endpoints, apiUrl: options.mde.url } : endpoints,
    agent: options.mde?.agent,
    http: {
      timeoutMs: options.timeoutMs ?? 5000,
      maxRetries: options.maxRetries ?? 3,
      maxRetryWaitMs: options.maxWaitMs ?? 60_000,
      maxPages: options.maxPages ?? 10,
    },
    budget: options.budget ?? new MemoryRateBudget(),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { http, graph: new GraphClient(http), endpoint: new EndpointClient(http), waits };
}

/**
 * A real HTTPS Defender for Endpoint host on 127.0.0.1 whose answers are scripted per request: a status, or 'reset'
 * (the socket is destroyed mid-request, so the client sees a genuine ECONNRESET "socket hang up"). nock's
 * replyWithError fakes that with a socket that can emit its error again after the request ended, which fails a test
 * at random under load; a real reset cannot.
 */
async function scriptedMde(
  script: Array<'reset' | { status: number; body: unknown }>,
): Promise<{ url: string; agent: Agent; seen: string[]; close(): Promise<void> }> {
  const { cert, key } = await generateCertificate();
  const seen: string[] = [];
  const server = createHttpsServer({ cert, key }, (req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    const step = script[seen.length - 1] ?? { status: 500, body: {} };
    if (step === 'reset') return void req.socket.destroy();
    res.writeHead(step.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(step.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const agent = new Agent({ ca: cert, keepAlive: false });
  nock.enableNetConnect('127.0.0.1');
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    agent,
    seen,
    async close() {
      nock.disableNetConnect();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('DefenderHttp through @azure/identity and core-rest-pipeline', () => {
  beforeEach(() => mockLogin({ graph: ['SecurityIncident.Read.All', 'ThreatHunting.Read.All'], mde: ['Machine.Read.All'] }));

  it('sends a token for the right audience to each API, and Microsoft-exact query syntax', async () => {
    const seen: Record<string, unknown>[] = [];
    nock(GRAPH)
      .get('/v1.0/security/incidents')
      .query(true)
      .reply(function () {
        seen.push({ aud: claimsOf(this.req.headers.authorization).aud, path: this.req.path });
        return [200, { value: [{ id: '1' }] }];
      });
    nock(MDE)
      .get(`/api/machines/${MACHINE_ID}`)
      .reply(function () {
        seen.push({ aud: claimsOf(this.req.headers.authorization).aud });
        return [200, { id: MACHINE_ID }];
      });
    const h = harness();
    await h.graph.listIncidents({ filter: "assignedTo eq 'a@b.com'", expandAlerts: true });
    await h.endpoint.getMachine(MACHINE_ID);
    expect(seen[0]).toEqual({
      aud: 'https://graph.microsoft.com',
      path: '/v1.0/security/incidents?$filter=assignedTo%20eq%20%27a%40b.com%27&$top=50&$expand=alerts',
    });
    expect(seen[1]).toEqual({ aud: 'https://api.securitycenter.microsoft.com' });
  });

  it('retries a 429 after the Retry-After it was given', async () => {
    nock(GRAPH)
      .post('/v1.0/security/runHuntingQuery')
      .reply(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'Retry-After': '7' });
    nock(GRAPH)
      .post('/v1.0/security/runHuntingQuery', { Query: 'AlertInfo | take 1', Timespan: 'P30D' })
      .reply(200, { schema: [{ name: 'AlertId', type: 'String' }], results: [{ AlertId: 'a1' }] });
    const h = harness();
    const result = await h.graph.runHuntingQuery('AlertInfo | take 1', 'P30D');
    expect(result.results).toEqual([{ AlertId: 'a1' }]);
    expect(h.waits).toEqual([7000]);
  });

  it('reports throttling with when to retry once retries are used up', async () => {
    nock(GRAPH)
      .get('/v1.0/security/alerts_v2/a1')
      .times(3)
      .reply(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'Retry-After': '5' });
    const h = harness({ maxRetries: 2 });
    const before = Date.now();
    const err = await caught(h.graph.getAlert('a1'));
    expect(err.kind).toBe('throttled');
    expect(err.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 5000);
    expect(err.message).toMatch(/throttled by Microsoft: retry after .* \(in \d+ s\)/);
    expect(h.waits).toEqual([5000, 5000]);
  });

  it('does not wait past the total wait bound', async () => {
    nock(GRAPH).get('/v1.0/security/alerts_v2/a1').reply(429, {}, { 'Retry-After': '120' });
    const h = harness({ maxWaitMs: 60_000 });
    const err = await caught(h.graph.getAlert('a1'));
    expect(err.kind).toBe('throttled');
    expect(h.waits).toEqual([]);
  });

  it('retries 503 and 504 with backoff, and connection resets on reads', async () => {
    const mde = await scriptedMde([
      { status: 503, body: {} },
      { status: 504, body: {} },
      'reset',
      { status: 200, body: { ipAddress: '10.0.0.1', organizationPrevalence: 3 } },
    ]);
    try {
      const h = harness({ mde });
      expect((await h.endpoint.getIpStats('10.0.0.1')).organizationPrevalence).toBe(3);
      expect(mde.seen).toEqual(Array(4).fill('GET /api/ips/10.0.0.1/stats'));
      expect(h.waits).toHaveLength(3);
      for (const w of h.waits) expect(w).toBeLessThanOrEqual(30_000);
    } finally {
      await mde.close();
    }
  });

  it('never repeats a machine-action POST unless the answer proves nothing was created', async () => {
    const calls = { isolate: 0 };
    nock(MDE)
      .post(`/api/machines/${MACHINE_ID}/isolate`)
      .times(5)
      .reply(() => {
        calls.isolate++;
        return [503, { error: { code: 'ServiceUnavailable', message: '' } }];
      });
    const h = harness();
    const err = await caught(h.endpoint.isolate(MACHINE_ID, 'why', 'Selective'));
    expect(err.kind).toBe('upstream');
    expect(err.details.status).toBe(503);
    expect(calls.isolate).toBe(1);

    nock.cleanAll();
    mockLogin({ mde: ['Machine.Isolate'] });
    // A reset after the POST left: Defender may have created the action, so it is never sent again.
    const mde = await scriptedMde(['reset', { status: 201, body: { id: 'act-twice' } }]);
    try {
      const reset = await caught(harness({ mde }).endpoint.unisolate(MACHINE_ID, 'why'));
      expect(reset.kind).toBe('network');
      expect(mde.seen).toEqual([`POST /api/machines/${MACHINE_ID}/unisolate`]);
    } finally {
      await mde.close();
    }

    nock(MDE).post(`/api/machines/${MACHINE_ID}/isolate`).reply(429, {}, { 'Retry-After': '2' });
    nock(MDE)
      .post(`/api/machines/${MACHINE_ID}/isolate`, { Comment: 'why', IsolationType: 'Selective' })
      .reply(201, { id: 'act-1', type: 'Isolate', status: 'Pending' });
    const h2 = harness();
    expect((await h2.endpoint.isolate(MACHINE_ID, 'why', 'Selective')).id).toBe('act-1');
    expect(h2.waits).toEqual([2000]);
  });

  it('names the missing permission on a 403, from Graph text and from the token roles', async () => {
    nock(GRAPH)
      .get('/v1.0/security/alerts_v2')
      .query(true)
      .reply(403, {
        error: {
          code: 'Forbidden',
          message:
            'Missing application roles. API required roles: SecurityAlert.Read.All,SecurityAlert.ReadWrite.All, application roles: SecurityIncident.Read.All.',
          innerError: { 'request-id': 'req-123' },
        },
      });
    const err = await caught(harness().graph.listAlerts());
    expect(err.kind).toBe('forbidden');
    expect(err.details.missingPermissions).toEqual(['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All']);
    expect(err.message).toContain('Missing permission: SecurityAlert.Read.All or SecurityAlert.ReadWrite.All');
    expect(err.message).toContain('Grant the Microsoft Graph application permission SecurityAlert.Read.All');
    expect(err.message).toContain('req-123');
  });

  it('names the Defender for Endpoint permission on a 403 with no usable text', async () => {
    nock(MDE)
      .post(`/api/machines/${MACHINE_ID}/StopAndQuarantineFile`)
      .reply(403, { error: { code: 'Forbidden', message: 'Forbidden', target: 't-1' } });
    const err = await caught(harness().endpoint.stopAndQuarantineFile(MACHINE_ID, '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'why'));
    expect(err.details.missingPermissions).toEqual(['Machine.StopAndQuarantine']);
    expect(err.message).toContain('WindowsDefenderATP application permission Machine.StopAndQuarantine');
    expect(err.message).toContain('The token has: Machine.Read.All');
  });

  it('maps 401, 404, 400, ActiveRequestAlreadyExists and 500 to typed errors', async () => {
    nock(MDE)
      .get('/api/machines/ws-1')
      .reply(401, { error: { code: 'Unauthorized', message: 'Invalid audience' } });
    expect((await caught(harness().endpoint.getMachine('ws-1'))).message).toMatch(
      /rejected the token \(401\): Invalid audience\. .*DEFENDER_CLOUD \(commercial\)/,
    );

    nock(MDE)
      .get('/api/machines/ws-2')
      .reply(404, { error: { code: 'ResourceNotFound', message: 'Machine ws-2 was not found' } });
    expect((await caught(harness().endpoint.getMachine('ws-2'))).kind).toBe('notFound');

    nock(MDE)
      .post(`/api/machines/${MACHINE_ID}/runAntiVirusScan`)
      .reply(400, { error: { code: 'ActiveRequestAlreadyExists', message: 'Action is already in progress' } });
    expect((await caught(harness().endpoint.runAntiVirusScan(MACHINE_ID, 'why'))).kind).toBe('conflict');

    nock(GRAPH)
      .post('/v1.0/security/runHuntingQuery')
      .reply(400, { error: { code: 'BadRequest', message: "'where' operator: Failed to resolve scalar expression named 'Foo'" } });
    const bad = await caught(harness().graph.runHuntingQuery('T | where Foo == 1'));
    expect(bad.kind).toBe('badRequest');
    expect(bad.message).toContain("Failed to resolve scalar expression named 'Foo'");

    nock(GRAPH)
      .get('/v1.0/security/incidents/7')
      .query(true)
      .reply(500, { error: { code: 'UnknownError', message: '' } }, { 'request-id': 'rid-500' });
    const upstream = await caught(harness().graph.getIncident('7'));
    expect(upstream.kind).toBe('upstream');
    expect(upstream.message).toContain('rid-500');
  });

  it('reports a response that is not JSON instead of crashing', async () => {
    nock(GRAPH).get('/v1.0/security/alerts_v2/a1').reply(200, '{"value": [ {"id": "trunc');
    const err = await caught(harness().graph.getAlert('a1'));
    expect(err.kind).toBe('upstream');
    expect(err.message).toContain('not valid JSON');
  });

  it('follows @odata.nextLink up to the page cap', async () => {
    nock(GRAPH)
      .get('/v1.0/security/alerts_v2')
      .query(true)
      .reply(200, { value: [{ id: 'a' }], '@odata.nextLink': `${GRAPH}/v1.0/security/alerts_v2?$skip=1&$top=1` });
    nock(GRAPH)
      .get('/v1.0/security/alerts_v2')
      .query({ $skip: '1', $top: '1' })
      .reply(200, { value: [{ id: 'b' }], '@odata.nextLink': `${GRAPH}/v1.0/security/alerts_v2?$skip=2&$top=1` });
    const result = await harness({ maxPages: 2 }).graph.listAlerts({ top: 1 });
    expect(result.items.map((a) => a.id)).toEqual(['a', 'b']);
    expect(result.truncated).toBe(true);
    expect(result.pages).toBe(2);
  });

  it('refuses a nextLink to another host so the token never leaves', async () => {
    const evil = nock('https://evil.test').get(/.*/).reply(200, { value: [] });
    nock(GRAPH)
      .get('/v1.0/security/alerts_v2')
      .query(true)
      .reply(200, { value: [{ id: 'a' }], '@odata.nextLink': 'https://evil.test/steal' });
    const err = await caught(harness().graph.listAlerts());
    expect(err.message).toContain('a link to another host (evil.test) was not followed');
    expect(evil.isDone()).toBe(false);
  });

  it('times out a request that does not answer', async () => {
    nock(MDE).get('/api/machines/ws-slow').delay(2000).reply(200, {});
    const err = await caught(harness({ timeoutMs: 200 }).endpoint.getMachine('ws-slow'));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('No answer within 200 ms');
  });

  it('names the setting when a host does not resolve', async () => {
    // A real lookup of a name that never resolves (.invalid is reserved: RFC 2606), not a faked socket error.
    nock.enableNetConnect('mde.invalid');
    try {
      const err = await caught(harness({ maxRetries: 0, mde: { url: 'https://mde.invalid', agent: new Agent() } }).endpoint.getMachine('ws-1'));
      expect(err.kind).toBe('network');
      expect(err.message).toContain('check DEFENDER_API_URL and DEFENDER_CLOUD');
    } finally {
      nock.disableNetConnect();
    }
  });

  it('queues within the rate budget and reports when the wait is too long', async () => {
    let now = 1_000_000;
    const budget = new MemoryRateBudget(() => now);
    for (let i = 0; i < 45; i++) await budget.reserve('graph:hunting', [{ limit: 45, windowMs: 60_000 }], 0);
    nock(GRAPH).post('/v1.0/security/runHuntingQuery').reply(200, { schema: [], results: [] });
    const h = harness({ budget });
    await h.graph.runHuntingQuery('AlertInfo | take 1');
    expect(h.waits).toEqual([60_000]);

    now += 1000;
    const short = harness({ budget, maxWaitMs: 10_000 });
    const err = await caught(short.graph.runHuntingQuery('AlertInfo | take 1'));
    expect(err.kind).toBe('throttled');
    expect(err.message).toContain("holds back to stay within Microsoft's limit (45 calls per 1 min, 1500 per hour)");
  });
});

describe('credential failures', () => {
  it('explains a wrong client secret without echoing it', async () => {
    mockLogin(
      {},
      {
        failWith: {
          status: 401,
          body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x', error_codes: [7000215] },
        },
      },
    );
    const err = await caught(harness({ secret: 'Very~Secret~Value' }).graph.getAlert('a1'));
    expect(err.kind).toBe('credential');
    expect(err.message).toContain('AZURE_CLIENT_SECRET is wrong');
    expect(err.message).not.toContain('Very~Secret~Value');
  });
});
