import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { loadConfig } from '../../src/config/load';
import { connectDefender } from '../../src/defender/connect';
import { ALL_GRAPH_ROLES, ALL_MDE_ROLES } from '../../emulator/apps';
import { DefenderEmulator } from '../../emulator/server';
import { caught } from '../helpers/caught';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

function rawGet(
  emulator: DefenderEmulator,
  path: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      { ca: emulator.caPem, headers: { authorization: `Bearer ${token}`, 'client-request-id': 'my-client-id' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown>, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('credentials against the emulator, over HTTPS through @azure/identity', () => {
  let emulator: DefenderEmulator;
  beforeAll(async () => {
    emulator = await DefenderEmulator.start({ rateLimits: 'off' });
  });
  afterAll(() => emulator.close());

  async function connect(env: Record<string, string>) {
    // About signing in, not about who may read: reading opened explicitly (otherwise a ROLE_* member is required).
    const config = loadConfig({ ...emulator.environment(), LOOKUPS_REQUIRE_ROLE: 'false', ...env });
    const agent = emulator.agent();
    const defender = await connectDefender(config, { agent });
    return {
      defender,
      done: async () => {
        agent.destroy();
        await defender.close();
      },
    };
  }

  it('signs in with a client secret and reads incidents', async () => {
    const { defender, done } = await connect({});
    try {
      const incidents = await defender.graph.listIncidents({ expandAlerts: true });
      expect(incidents.items.length).toBeGreaterThan(5);
      expect(incidents.items[0]!.alerts!.length).toBeGreaterThan(0);
      expect(defender.credential.rolesFor(defender.endpoints.graphScope)).toEqual(ALL_GRAPH_ROLES);
    } finally {
      await done();
    }
  });

  it('signs in with a certificate (client assertion checked against the registered certificate)', async () => {
    const pem = await generate([{ name: 'commonName', value: 'defender-chatops test' }], { keyType: 'rsa', keySize: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'cert-'));
    const path = join(dir, 'app.pem');
    writeFileSync(path, `${pem.cert}\n${pem.private}`);
    emulator.addApp({
      clientId: 'cert-app-0000-4000-8000-000000000001',
      displayName: 'Cert App',
      certificatePem: pem.cert,
      graphRoles: ALL_GRAPH_ROLES,
      mdeRoles: ALL_MDE_ROLES,
    });
    const { defender, done } = await connect({
      AZURE_CLIENT_ID: 'cert-app-0000-4000-8000-000000000001',
      AZURE_CLIENT_SECRET: '',
      AZURE_CLIENT_CERTIFICATE_PATH: path,
    });
    try {
      const machine = await defender.endpoint.getMachine('1e5bc9d7e413ddd7902c2932e418702b84d0cc07');
      expect(machine.computerDnsName).toBe('ws-042.contoso.com');
    } finally {
      await done();
    }

    const other = await generate([{ name: 'commonName', value: 'someone else' }], { keyType: 'rsa', keySize: 2048 });
    const wrongPath = join(dir, 'wrong.pem');
    writeFileSync(wrongPath, `${other.cert}\n${other.private}`);
    const wrong = await connect({ AZURE_CLIENT_ID: 'cert-app-0000-4000-8000-000000000001', AZURE_CLIENT_SECRET: '', AZURE_CLIENT_CERTIFICATE_PATH: wrongPath });
    try {
      const err = await caught(wrong.defender.graph.getAlert('x'));
      expect(err.kind).toBe('credential');
      expect(err.message).toContain('certificate is not registered on the app');
    } finally {
      await wrong.done();
    }
  });

  it.each([
    [{ AZURE_CLIENT_SECRET: 'not-the-secret' }, 'AZURE_CLIENT_SECRET is wrong'],
    [{ AZURE_CLIENT_ID: '00000000-1111-2222-3333-444444444444' }, 'AZURE_CLIENT_ID is not an application in tenant'],
    [{ AZURE_TENANT_ID: '99999999-9999-4999-8999-999999999999' }, 'AZURE_TENANT_ID does not exist in this cloud'],
    [{ DEFENDER_CLOUD: 'gcc-high' }, 'check DEFENDER_CLOUD'],
  ])('explains a sign-in failure: %j', async (env, expected) => {
    const { defender, done } = await connect(env);
    try {
      const err = await caught(defender.graph.listIncidents());
      expect(err.kind).toBe('credential');
      expect(err.message).toContain(expected);
      expect(err.message).not.toContain('not-the-secret');
    } finally {
      await done();
    }
  });

  it('answers a token of the wrong audience with 401 and a missing role with 403, in Microsoft shapes', async () => {
    const { defender, done } = await connect({});
    try {
      const graphToken = (await defender.credential.getToken(defender.endpoints.graphScope))!.token;
      const wrongAudience = await rawGet(emulator, '/api/machines', graphToken);
      expect(wrongAudience.status).toBe(401);
      expect(wrongAudience.body).toEqual({ error: { code: 'Unauthorized', message: expect.stringContaining('Invalid audience'), target: expect.any(String) } });

      const ok = await rawGet(emulator, '/v1.0/security/incidents?$top=1', graphToken);
      expect(ok.headers['client-request-id']).toBe('my-client-id');
      expect(ok.headers['request-id']).toEqual(expect.any(String));
      expect(ok.body['@odata.context']).toContain('$metadata#security/incidents');
    } finally {
      await done();
    }
  });
});

describe('Graph security through the emulator', () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('pages incidents with @odata.nextLink', async () => {
    const all = await h.defender.graph.listIncidents({ top: 5 });
    expect(all.pages).toBeGreaterThan(1);
    expect(new Set(all.items.map((i) => i.id)).size).toBe(h.emulator.context.tenant.incidents.length);
    expect(all.truncated).toBe(false);
  });

  it('rejects $top over 50 on incidents and $filter on serviceSource there (only alerts_v2 has it)', async () => {
    const top = await caught(h.defender.graph.listIncidents({ top: 51 }));
    expect(top.kind).toBe('badRequest');
    expect(top.message).toContain("The limit of '50' for Top query has been exceeded");
    const filter = await caught(h.defender.graph.listIncidents({ filter: "serviceSource eq 'microsoftDefenderForEndpoint'" }));
    expect(filter.kind).toBe('badRequest');
    expect(filter.message).toContain("Could not find a property named 'serviceSource'");
    const alerts = await h.defender.graph.listAlerts({ filter: "serviceSource eq 'microsoftDefenderForOffice365'" });
    expect(alerts.items.length).toBeGreaterThan(0);
    expect(alerts.items.every((a) => a.serviceSource === 'microsoftDefenderForOffice365')).toBe(true);
  });

  it('filters incidents assigned to an analyst (the seed behaviour) with an escaped literal', async () => {
    const found = await h.defender.graph.listIncidents({ filter: "assignedTo eq 'alex.analyst@contoso.com'" });
    expect(found.items.length).toBeGreaterThan(0);
    const none = await h.defender.graph.listIncidents({ filter: "assignedTo eq 'x'' or assignedTo ne ''x'" });
    expect(none.items).toEqual([]);
  });

  it('runs the old product default hunting query and the bot-style batched query', async () => {
    const seed = await h.defender.graph.runHuntingQuery('union withsource=SourceTable AlertInfo, AlertEvidence | search "203.0.113.25" | take 10', 'P30D');
    expect(seed.results.length).toBeGreaterThan(0);
    expect(seed.schema.map((c) => c.name)).toContain('SourceTable');
    const batched = await h.defender.graph.runHuntingQuery(
      'let ips = dynamic(["198.51.100.77"]); DeviceNetworkEvents | where RemoteIP in (ips) | summarize Connections = count() by DeviceName',
      'P30D',
    );
    expect(batched.results.map((r) => r.DeviceName).sort()).toEqual(['srv-fin-01.contoso.com', 'ws-017.contoso.com', 'ws-042.contoso.com']);
  });

  it('answers a query it cannot run with an error, never an empty result', async () => {
    const err = await caught(h.defender.graph.runHuntingQuery('AlertInfo | evaluate bag_unpack(x)'));
    expect(err.kind).toBe('badRequest');
    const syntax = await caught(h.defender.graph.runHuntingQuery('AlertInfo | wher x'));
    expect(syntax.message).toContain('A recognition error occurred');
  });

  it("refuses what Defender refuses, before reading a row: 400 BadRequest, the analyzer's message with line and column", async () => {
    // Issue 12: the old DeviceNetworkInfo clause. IPAddresses is a string in Microsoft's schema.
    const err = await caught(h.defender.graph.runHuntingQuery('DeviceNetworkInfo | mv-expand IPAddresses | extend IP = tostring(IPAddresses.IPAddress)'));
    expect(err.kind).toBe('badRequest');
    expect(err.details.status).toBe(400);
    expect(err.details.code).toBe('BadRequest');
    expect(err.details.upstreamMessage).toBe(
      'Line 1, column 31: The expression must have the type dynamic. (KS141) (and 1 more). Fix semantic errors in your query.',
    );
    expect(err.details.requestId).toBeTruthy();
    // The same query through parse_json() runs, and finds the demo devices' addresses.
    const ok = await h.defender.graph.runHuntingQuery(
      'DeviceNetworkInfo | mv-expand A = parse_json(IPAddresses) | extend IP = tostring(A.IPAddress) | where isnotempty(IP) | take 5',
    );
    expect(ok.results.length).toBe(5);
    // A missing table (a product the tenant lacks) is refused the same way.
    h.emulator.setMissingTables(['EmailEvents']);
    try {
      const missing = await caught(h.defender.graph.runHuntingQuery('EmailEvents | take 1'));
      expect(missing.details.upstreamMessage).toBe("Failed to resolve table or column expression named 'EmailEvents'. Fix semantic errors in your query.");
    } finally {
      h.emulator.setMissingTables([]);
    }
  });

  it("compares role names without regard to case, and uses the service's spelling Url.Read.All", async () => {
    const app = [...h.emulator.context.apps.values()][0]!;
    expect(app.mdeRoles).toContain('Url.Read.All');
    expect(app.mdeRoles).not.toContain('URL.Read.All');
    h.emulator.removePermission('url.read.all');
    try {
      expect(app.mdeRoles).not.toContain('Url.Read.All');
      h.emulator.setPermissions(app.clientId, { mde: [...app.mdeRoles, 'URL.READ.ALL', 'Url.Read.All'] });
      expect(app.mdeRoles.filter((r) => r.toLowerCase() === 'url.read.all')).toEqual(['URL.READ.ALL']);
    } finally {
      h.emulator.setPermissions(app.clientId, { mde: [...app.mdeRoles.filter((r) => r.toLowerCase() !== 'url.read.all'), 'Url.Read.All'] });
    }
  });

  it('checks group membership', async () => {
    const groups = await h.defender.graph.checkMemberGroups('aaaaaaaa-0000-4000-8000-000000000001', [
      '11111111-0000-4000-8000-000000000001',
      '11111111-0000-4000-8000-000000000002',
    ]);
    expect(groups).toEqual(['11111111-0000-4000-8000-000000000001']);
  });
});

describe('Defender for Endpoint through the emulator', () => {
  let h: EmulatorHarness;
  beforeEach(async () => {
    h = await startHarness({ timeline: { pendingMs: 10_000, inProgressMs: 20_000, outcome: 'Succeeded' } });
  });
  afterEach(() => h.close());

  it('reads devices by id, name, filter and IP; 404 for an unknown one', async () => {
    const byName = await h.defender.endpoint.getMachine('ws-042.contoso.com');
    expect(byName.id).toBe('1e5bc9d7e413ddd7902c2932e418702b84d0cc07');
    const list = await h.defender.endpoint.listMachines("healthStatus eq 'Active' and riskScore eq 'High'");
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((m) => m.healthStatus === 'Active' && m.riskScore === 'High')).toBe(true);
    const byIp = await h.defender.endpoint.findMachinesByIp(byName.lastIpAddress!, new Date());
    expect(byIp.map((m) => m.id)).toContain(byName.id);
    expect((await caught(h.defender.endpoint.getMachine('no-such-host'))).kind).toBe('notFound');
    expect((await caught(h.defender.endpoint.findMachinesByIp('10.0.4.17', new Date(Date.now() - 31 * 86_400_000)))).kind).toBe('badRequest');
  });

  it('reads files, IPs and domains as Microsoft does', async () => {
    const file = await h.defender.endpoint.getFile('2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
    expect(file.sha256).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    expect(await h.defender.endpoint.getFile(file.sha256!)).toMatchObject({ sha1: file.sha1 });
    const machines = await h.defender.endpoint.getFileMachines(file.sha1);
    expect(machines.map((m) => m.computerDnsName)).toContain('ws-042.contoso.com');
    expect(await h.defender.endpoint.getFileMachines('0000000000000000000000000000000000000000')).toEqual([]);
    expect((await caught(h.defender.endpoint.getFile('1111111111111111111111111111111111111111'))).kind).toBe('notFound');
    const ip = await h.defender.endpoint.getIpStats('198.51.100.77');
    expect(ip.organizationPrevalence).toBe(3);
    expect((await h.defender.endpoint.getIpStats('192.0.2.1')).organizationPrevalence).toBe(0);
    expect((await h.defender.endpoint.getDomainMachines('c2.badcdn.example.org')).length).toBe(3);
    expect(await h.defender.endpoint.getDomainMachines('never-seen.example.org')).toEqual([]);
  });

  it('runs a machine action Pending -> InProgress -> Succeeded, refuses a duplicate, and cancels', async () => {
    const device = 'c3b8a2f6d91e4075ab6e1f2d3c4b5a6978e0d1f2'; // srv-sql-03: nothing pending
    const action = await h.defender.endpoint.isolate(device, 'Isolated by alex via chat: C2 beacon', 'Selective');
    expect(action).toMatchObject({
      type: 'Isolate',
      scope: 'Selective',
      status: 'Pending',
      requestorComment: 'Isolated by alex via chat: C2 beacon',
      machineId: device,
    });
    const duplicate = await caught(h.defender.endpoint.isolate(device, 'again'));
    expect(duplicate.kind).toBe('conflict');
    expect(duplicate.details.code).toBe('ActiveRequestAlreadyExists');
    h.clock.advance(11_000);
    expect((await h.defender.endpoint.getMachineAction(action.id)).status).toBe('InProgress');
    h.clock.advance(20_000);
    expect((await h.defender.endpoint.getMachineAction(action.id)).status).toBe('Succeeded');
    const listed = await h.defender.endpoint.listMachineActions(`machineId eq '${device}' and type eq 'Isolate'`);
    expect(listed.items[0]!.id).toBe(action.id);

    const scan = await h.defender.endpoint.runAntiVirusScan(device, 'scan it', 'Full');
    const cancelled = await h.defender.endpoint.cancelMachineAction(scan.id, 'changed my mind');
    expect(cancelled).toMatchObject({ status: 'Cancelled', cancellationComment: 'changed my mind' });
  });

  it('reports a configured failure outcome', async () => {
    h.emulator.setTimeline({ outcome: 'Failed', pendingMs: 0, inProgressMs: 0 });
    const action = await h.defender.endpoint.stopAndQuarantineFile(
      '1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
      '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
      'quarantine',
    );
    h.clock.advance(1);
    expect((await h.defender.endpoint.getMachineAction(action.id)).status).toBe('Failed');
  });

  it('creates, lists and deletes indicators', async () => {
    const created = await h.defender.endpoint.createIndicator({
      indicatorValue: 'evil.example.net',
      indicatorType: 'DomainName',
      action: 'Block',
      title: 't',
      description: 'd',
      severity: 'High',
    });
    const listed = await h.defender.endpoint.listIndicators("indicatorValue eq 'evil.example.net'");
    expect(listed.items.map((i) => i.id)).toEqual([created.id]);
    await h.defender.endpoint.deleteIndicator(created.id);
    expect((await h.defender.endpoint.listIndicators("indicatorValue eq 'evil.example.net'")).items).toEqual([]);
  });
});

describe('permissions, rate limits and faults', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('names the permission the app lacks', async () => {
    h = await startHarness();
    h.emulator.removePermission('ThreatHunting.Read.All');
    h.emulator.removePermission('Machine.Isolate');
    const hunting = await caught(h.defender.graph.runHuntingQuery('AlertInfo | take 1'));
    expect(hunting.kind).toBe('forbidden');
    expect(hunting.details.missingPermissions).toEqual(['ThreatHunting.Read.All']);
    const isolate = await caught(h.defender.endpoint.isolate('ws-042', 'x'));
    expect(isolate.details.missingPermissions).toEqual(['Machine.Isolate']);
    expect(isolate.message).toContain('WindowsDefenderATP application permission Machine.Isolate');
  });

  it("enforces Microsoft's limits with 429 + Retry-After, which the client honours", async () => {
    h = await startHarness({ rateLimits: { mde: [{ limit: 2, windowMs: 60_000 }] } });
    for (let i = 0; i < 3; i++) await h.defender.endpoint.getIpStats('10.0.0.1');
    expect(h.emulator.calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(h.waits[0]).toBeGreaterThanOrEqual(59_000);
  });

  it.each([
    ['429 then success', { kind: 'status', status: 429, retryAfterSeconds: 3 }, 1, undefined],
    ['503 then success', { kind: 'status', status: 503 }, 1, undefined],
    ['reset then success', { kind: 'reset' }, 1, undefined],
    ['500', { kind: 'status', status: 500 }, undefined, 'upstream'],
    ['503 throughout', { kind: 'status', status: 503 }, undefined, 'upstream'],
    ['reset throughout', { kind: 'reset' }, undefined, 'network'],
    ['malformed JSON', { kind: 'malformed' }, undefined, 'upstream'],
  ] as const)('fault on a route: %s', async (_name, fault, times, expectedKind) => {
    h = await startHarness();
    h.emulator.addFault({ route: 'graph.alerts', fault, times });
    const run = h.defender.graph.listAlerts({ top: 5, maxPages: 1 });
    if (expectedKind === undefined) expect((await run).items.length).toBe(5);
    else expect((await caught(run)).kind).toBe(expectedKind);
    expect(h.emulator.callsTo('graph.alerts')).toBeLessThanOrEqual(4);
  });

  it('times out a route that does not answer', async () => {
    h = await startHarness({}, { DEFENDER_REQUEST_TIMEOUT_SECONDS: '1' });
    h.emulator.addFault({ route: 'mde.machine', fault: { kind: 'timeout', holdMs: 5000 } });
    expect((await caught(h.defender.endpoint.getMachine('ws-042'))).kind).toBe('timeout');
  });

  it('reports the token endpoint being down', async () => {
    h = await startHarness({}, { DEFENDER_MAX_RETRIES: '0' });
    h.emulator.addFault({ route: 'token', fault: { kind: 'status', status: 503 } });
    const err = await caught(h.defender.graph.listIncidents());
    expect(err.kind).toBe('credential');
  });
});
