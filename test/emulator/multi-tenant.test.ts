import { ClientSecretCredential } from '@azure/identity';
import { randomUUID } from 'node:crypto';
import { request, type Agent } from 'node:https';
import { ALL_GRAPH_ROLES, ALL_MDE_ROLES, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, demoApp, type EmulatorApp } from '../../emulator/apps';
import { DEMO_MSSP_INDICATORS as MSSP, DEMO_MSSP_TENANTS, msspTenantSpecs, tenantData } from '../../emulator/multi-tenant';
import { DefenderEmulator } from '../../emulator/server';
import { DEMO_INDICATORS, DEMO_TENANT_ID, createDemoTenant } from '../../emulator/tenant';
import type { GraphAlert, GraphIncident, MdeMachine } from '../../src/defender/types';
import { raw } from './support/raw-https';

const GRAPH = 'https://graph.microsoft.com/.default';
const MDE = 'https://api.securitycenter.microsoft.com/.default';
const { contoso, fabrikam, northwind } = MSSP.tenants;

/** An app registered in Northwind only (a customer's own tool), to ask other tenants for a token with it. */
const NORTHWIND_APP: EmulatorApp = {
  clientId: '5d2b9c71-0e4f-4a3b-9c8d-7e6f5a4b3c2d',
  displayName: 'Northwind Internal Tool',
  secret: 'northwind-secret',
  graphRoles: [...ALL_GRAPH_ROLES],
  mdeRoles: [...ALL_MDE_ROLES],
};

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A POST of a form, as MSAL sends it to the token endpoint; the path is sent as written (no client-side cleaning). */
function postForm(
  emulator: DefenderEmulator,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const text = new URLSearchParams(form).toString();
  const { hostname, port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: 'POST', ca: emulator.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let received = '';
        res.on('data', (c: Buffer) => (received += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: received, body: JSON.parse(received) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('several Entra tenants in one emulator (issue 16), over HTTPS through @azure/identity', () => {
  let emulator: DefenderEmulator;
  let agent: Agent;
  const tokens = new Map<string, string>();

  function credential(tenantId: string, app: { clientId: string; secret?: string } = demoApp()): ClientSecretCredential {
    // As src/defender/http/credential.ts builds it: the emulator is the authority host, no instance discovery.
    const options = { authorityHost: emulator.url, disableInstanceDiscovery: true, retryOptions: { maxRetries: 0 }, agent };
    return new ClientSecretCredential(tenantId, app.clientId, app.secret ?? '', options);
  }

  async function token(tenantId: string, scope = GRAPH): Promise<string> {
    const key = `${tenantId}|${scope}`;
    if (!tokens.has(key)) tokens.set(key, (await credential(tenantId).getToken(scope))!.token);
    return tokens.get(key)!;
  }

  async function hunt(tenantId: string, query: string): Promise<{ status: number; rows: Record<string, unknown>[] }> {
    const res = await raw(emulator, 'POST', '/v1.0/security/runHuntingQuery', { token: await token(tenantId), body: { Query: query } });
    return { status: res.status, rows: (res.body.results as Record<string, unknown>[] | undefined) ?? [] };
  }

  beforeAll(async () => {
    const specs = DEMO_MSSP_TENANTS.map((s) => (s.name === 'northwind' ? { ...s, apps: [demoApp(), NORTHWIND_APP] } : s));
    emulator = await DefenderEmulator.start({ tenants: specs, controlApi: true });
    agent = emulator.agent();
  });
  afterAll(async () => {
    agent.destroy();
    await emulator.close();
  });

  it('serves the three tenants, contoso (the demo tenant) at home', () => {
    expect(emulator.tenantIds).toEqual([contoso, fabrikam, northwind]);
    expect(emulator.tenantId).toBe(DEMO_TENANT_ID);
    expect(emulator.environment().AZURE_TENANT_ID).toBe(DEMO_TENANT_ID);
    expect(emulator.environment(undefined, 'fabrikam').AZURE_TENANT_ID).toBe(fabrikam);
  });

  it('issues a token per tenant at /{tenant}/oauth2/v2.0/token, whose tid is that tenant', async () => {
    for (const tenantId of [contoso, fabrikam, northwind]) {
      const claims = claimsOf(await token(tenantId));
      expect(claims).toMatchObject({ tid: tenantId, iss: `https://sts.windows.net/${tenantId}/`, appid: DEMO_CLIENT_ID });
    }
    const mde = claimsOf(await token(northwind, MDE));
    expect(mde.tid).toBe(northwind);
    expect(emulator.calls.filter((c) => c.route === 'token' && c.status === 200).map((c) => c.tenantId)).toEqual(
      expect.arrayContaining([contoso, fabrikam, northwind]),
    );
  });

  it('answers a tenant it does not know with AADSTS90002, as Entra does', async () => {
    const unknown = randomUUID();
    await expect(credential(unknown).getToken(GRAPH)).rejects.toThrow(/AADSTS90002/);
    const res = await postForm(emulator, `/${unknown}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: DEMO_CLIENT_ID,
      client_secret: DEMO_CLIENT_SECRET,
      scope: GRAPH,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_codes: [90002], error_uri: 'https://login.microsoftonline.com/error?code=90002' });
    expect(res.body.error_description).toMatch(new RegExp(`^AADSTS90002: Tenant '${unknown}' not found`));
  });

  it('answers an app not consented in that tenant with AADSTS700016, naming the directory', async () => {
    await expect(credential(fabrikam, NORTHWIND_APP).getToken(GRAPH)).rejects.toThrow(/AADSTS700016.*'fabrikam'/);
    const res = await postForm(emulator, `/${contoso}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: NORTHWIND_APP.clientId,
      client_secret: NORTHWIND_APP.secret!,
      scope: GRAPH,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    // The same app in the tenant that consented to it.
    const ok = await credential(northwind, NORTHWIND_APP).getToken(GRAPH);
    expect(claimsOf(ok!.token)).toMatchObject({ tid: northwind, appid: NORTHWIND_APP.clientId });
  });

  it("answers with the token's tenant's incidents and alerts only", async () => {
    const seen = new Map<string, { incidents: GraphIncident[]; alerts: GraphAlert[] }>();
    for (const tenantId of [contoso, fabrikam, northwind]) {
      const t = await token(tenantId);
      const incidents = (await raw(emulator, 'GET', '/v1.0/security/incidents?$top=50', { token: t })).body.value as GraphIncident[];
      const alerts = (await raw(emulator, 'GET', '/v1.0/security/alerts_v2?$top=100', { token: t })).body.value as GraphAlert[];
      expect(incidents.length).toBeGreaterThan(5);
      expect(incidents.every((i) => i.tenantId === tenantId && i.incidentWebUrl?.endsWith(`tid=${tenantId}`))).toBe(true);
      expect(alerts.every((a) => a.tenantId === tenantId)).toBe(true);
      seen.set(tenantId, { incidents, alerts });
    }
    const ids = (tenantId: string) => new Set(seen.get(tenantId)!.alerts.map((a) => a.id));
    for (const [a, b] of [
      [contoso, fabrikam],
      [contoso, northwind],
      [fabrikam, northwind],
    ] as const) {
      expect([...ids(a)].filter((id) => ids(b).has(id))).toEqual([]);
    }
    // Contoso's incident, asked for with Fabrikam's token: not there.
    const other = await raw(emulator, 'GET', `/v1.0/security/incidents/${DEMO_INDICATORS.incidents.invoiceMalware}`, { token: await token(fabrikam) });
    expect(other.status).toBe(404);
    // Contoso is the demo tenant unchanged: DEMO_INDICATORS hold there.
    expect(seen.get(contoso)!.incidents.some((i) => i.id === DEMO_INDICATORS.incidents.invoiceMalware)).toBe(true);
  });

  it('has the shared address and hash in contoso and fabrikam (own alerts, own devices), in northwind neither', async () => {
    const devices = new Map<string, string[]>();
    const alertIds = new Map<string, string[]>();
    for (const tenantId of [contoso, fabrikam, northwind]) {
      const net = await hunt(tenantId, `DeviceNetworkEvents | where RemoteIP == '${MSSP.seenInTwo}' | distinct DeviceName`);
      expect(net.status).toBe(200);
      devices.set(
        tenantId,
        net.rows.map((r) => String(r.DeviceName)),
      );
      const ev = await hunt(tenantId, `AlertEvidence | where RemoteIP == '${MSSP.seenInTwo}' or SHA256 == '${MSSP.hashSeenInTwo}' | distinct AlertId`);
      alertIds.set(
        tenantId,
        ev.rows.map((r) => String(r.AlertId)),
      );
      const none = await hunt(tenantId, `DeviceNetworkEvents | where RemoteIP == '${MSSP.seenInNone}' | count`);
      expect(none.rows).toEqual([{ Count: 0 }]);
    }
    expect(devices.get(contoso)!.length).toBeGreaterThan(0);
    expect(devices.get(fabrikam)!.length).toBeGreaterThan(0);
    expect(devices.get(contoso)!.every((d) => d.endsWith('.contoso.com'))).toBe(true);
    expect(devices.get(fabrikam)!.every((d) => d.endsWith('.fabrikam.com'))).toBe(true);
    expect(devices.get(northwind)).toEqual([]);
    expect(alertIds.get(contoso)!.length).toBeGreaterThan(0);
    expect(alertIds.get(fabrikam)!.length).toBe(alertIds.get(contoso)!.length);
    expect(alertIds.get(fabrikam)!.filter((id) => alertIds.get(contoso)!.includes(id))).toEqual([]);
    expect(alertIds.get(northwind)).toEqual([]);

    // Defender for Endpoint says the same: the file profile and the machines by tenant.
    for (const [tenantId, status] of [
      [contoso, 200],
      [fabrikam, 200],
      [northwind, 404],
    ] as const) {
      const mdeToken = await token(tenantId, MDE);
      expect((await raw(emulator, 'GET', `/api/files/${MSSP.hashSeenInTwo}`, { token: mdeToken })).status).toBe(status);
      const stats = await raw(emulator, 'GET', `/api/ips/${MSSP.seenInNone}/stats`, { token: mdeToken });
      expect(stats.body.organizationPrevalence).toBe(0);
      const machines = (await raw(emulator, 'GET', '/api/machines', { token: mdeToken })).body.value as MdeMachine[];
      const name = tenantId === contoso ? 'contoso' : tenantId === fabrikam ? 'fabrikam' : 'northwind';
      expect(machines.length).toBeGreaterThan(5);
      expect(machines.every((m) => m.computerDnsName.endsWith(`.${name}.com`))).toBe(true);
    }
  });

  it('raises an incident in the tenant named (method and control API), visible there only', async () => {
    const raised = emulator.raiseIncident({ title: 'Raised for Fabrikam', severity: 'high' }, 'fabrikam');
    expect(raised.tenantId).toBe(fabrikam);
    expect(raised.alerts.every((a) => a.tenantId === fabrikam && !/contoso/i.test(JSON.stringify(a)))).toBe(true);
    const changed = emulator.changeIncident(raised.id, { addAlert: true }, 'fabrikam');
    expect(changed.alerts.length).toBe(raised.alerts.length + 1);
    expect(/contoso/i.test(JSON.stringify(changed))).toBe(false);
    expect(() => emulator.changeIncident(raised.id, { addAlert: true }, 'contoso')).toThrow(/was not found/);
    const viaControl = await raw(emulator, 'POST', `/_emulator/incidents?tenant=${northwind}`, { body: { title: 'Raised for Northwind' } });
    expect(viaControl.status).toBe(201);
    expect(viaControl.body.tenantId).toBe(northwind);
    const titles = async (tenantId: string) =>
      ((await raw(emulator, 'GET', '/v1.0/security/incidents?$top=50', { token: await token(tenantId) })).body.value as GraphIncident[]).map(
        (i) => i.displayName,
      );
    expect(await titles(fabrikam)).toContain('Raised for Fabrikam');
    expect(await titles(contoso)).not.toContain('Raised for Fabrikam');
    expect(await titles(northwind)).toContain('Raised for Northwind');
    expect(await titles(fabrikam)).not.toContain('Raised for Northwind');
    const unknown = await raw(emulator, 'POST', `/_emulator/incidents?tenant=${randomUUID()}`, { body: {} });
    expect(unknown.status).toBe(400);
  });

  it("counts hunting per tenant and app: contoso's 45 a minute spent, fabrikam still answers", async () => {
    emulator.resetBehaviour();
    emulator.setRateLimits('microsoft');
    const contosoToken = await token(contoso);
    for (let i = 0; i < 45; i++) {
      const res = await raw(emulator, 'POST', '/v1.0/security/runHuntingQuery', { token: contosoToken, body: { Query: 'AlertInfo | take 1' } });
      expect(res.status).toBe(200);
    }
    const throttled = await raw(emulator, 'POST', '/v1.0/security/runHuntingQuery', { token: contosoToken, body: { Query: 'AlertInfo | take 1' } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await hunt(fabrikam, 'AlertInfo | take 1')).status).toBe(200);
    expect(emulator.callsTo('graph.hunting', 'contoso')).toBe(46);
    expect(emulator.callsTo('graph.hunting', fabrikam)).toBe(1);
    expect(emulator.callsTo('graph.hunting', 'northwind')).toBe(0);
    expect(emulator.callsTo('graph.hunting')).toBe(47);
    expect(emulator.calls.filter((c) => c.route === 'graph.hunting' && c.status === 429)).toEqual([{ route: 'graph.hunting', status: 429, tenantId: contoso }]);
    const viaControl = await raw(emulator, 'GET', `/_emulator/calls?tenant=fabrikam`);
    expect((viaControl.body.calls as { tenantId: string }[]).every((c) => c.tenantId === fabrikam)).toBe(true);
    emulator.setRateLimits('off');
  });

  describe('hostile tenant segments', () => {
    const form = { grant_type: 'client_credentials', client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET, scope: GRAPH };

    it.each([
      ['traversal, encoded', `%2e%2e%2f${contoso}`],
      ['traversal with backslashes', `..%5c..%5c${contoso}`],
      ['not a GUID', 'not-a-guid!'],
      ['a quote and a NUL', "x'%00"],
      ['oversize', 'a'.repeat(5000)],
    ])('%s: AADSTS900023, no token, the segment not echoed whole', async (_name, segment) => {
      const res = await postForm(emulator, `/${segment}/oauth2/v2.0/token`, form);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', error_codes: [900023] });
      expect(res.body.access_token).toBeUndefined();
      expect(res.text.length).toBeLessThan(1000);
    });

    it("a domain no tenant has: AADSTS90002; a tenant's own domain name: its token", async () => {
      const res = await postForm(emulator, '/evil.example.com/oauth2/v2.0/token', form);
      expect(res.body).toMatchObject({ error_codes: [90002] });
      const byDomain = await postForm(emulator, '/fabrikam.onmicrosoft.com/oauth2/v2.0/token', form);
      expect(byDomain.status).toBe(200);
      expect(claimsOf(String(byDomain.body.access_token)).tid).toBe(fabrikam);
    });

    it('a plain ../ is resolved as any URL is, before routing: the tenant it lands on', async () => {
      const res = await postForm(emulator, `/x/../${fabrikam}/oauth2/v2.0/token`, form);
      expect(res.status).toBe(200);
      expect(claimsOf(String(res.body.access_token)).tid).toBe(fabrikam);
    });
  });
});

describe('generated MSSP tenants', () => {
  it('derives each tenant with its own names, and the overlap documented in DEMO_MSSP_INDICATORS', () => {
    const base = createDemoTenant(new Date('2026-03-01T12:00:00Z'));
    const [c, f, n] = DEMO_MSSP_TENANTS.map((s) => JSON.stringify(tenantData(s, () => base).tenant));
    expect(c).toBe(JSON.stringify(base));
    for (const text of [c!, f!]) {
      expect(text).toContain(MSSP.seenInTwo);
      expect(text).toContain(MSSP.hashSeenInTwo);
    }
    expect(n).not.toContain(MSSP.seenInTwo);
    expect(n).not.toContain(MSSP.hashSeenInTwo);
    expect(n).not.toContain(MSSP.sha1SeenInTwo);
    for (const text of [c!, f!, n!]) expect(text).not.toContain(MSSP.seenInNone);
    for (const text of [f!, n!]) {
      expect(text).not.toMatch(/contoso/i);
      expect(text).not.toContain(DEMO_TENANT_ID);
      expect(text).not.toContain(DEMO_INDICATORS.malware.device.name.split('.')[0]!);
      expect(text).not.toContain(DEMO_INDICATORS.malware.device.id);
    }
  });

  it('generates 20 tenants in a few seconds, each different', () => {
    const started = Date.now();
    const base = createDemoTenant(new Date());
    const tenants = msspTenantSpecs(20).map((s) => tenantData(s, () => base).tenant);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5000);
    expect(new Set(tenants.map((t) => t.tenantId)).size).toBe(20);
    expect(new Set(tenants.map((t) => t.machines[0]!.computerDnsName)).size).toBe(20);
    expect(tenants[0]!.machines[0]!.computerDnsName).toMatch(/\.tenant-01\.com$/);
    expect(() => msspTenantSpecs(51)).toThrow();
  });
});
