import { formatChecks, runDoctor } from '../../src/cli/doctor';
import { main } from '../../src/cli/main';
import nock from 'nock';
import { loadConfig } from '../../src/config/load';
import { connectDefender } from '../../src/defender/connect';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';
import { AUTHORITY, GRAPH, MDE, TEST_CLIENT, TEST_TENANT, mockLogin } from '../helpers/nock-login';

/** A role member, so that reading is not open to everyone (which doctor warns about). */
const ROLE_ENV = { LOOKUPS_REQUIRE_ROLE: 'true', ROLE_VIEWERS: 'aad:aaaaaaaa-0000-4000-8000-0000000000aa' };

describe('doctor', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('passes every check against a fully consented app', async () => {
    h = await startHarness({}, { DEFENDER_ENABLE_DEVICE_ISOLATION: 'true', DEFENDER_ENABLE_FILE_QUARANTINE: 'true' });
    const checks = await runDoctor(h.config, h.defender);
    const text = formatChecks(checks);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(text).toContain('OK    Token for Microsoft Graph (https://graph.microsoft.com/.default)');
    expect(text).toContain('OK    Token for Defender for Endpoint (https://api.securitycenter.microsoft.com/.default)');
    expect(text).toContain('OK    Permission WindowsDefenderATP Machine.Isolate for device isolation');
    expect(text).toContain('OK    Permission WindowsDefenderATP Machine.StopAndQuarantine for file quarantine');
    expect(text).toContain('OK    Advanced hunting answers');
    expect(text).toContain('All checks passed');
  });

  it('names a withheld permission, with where to grant it', async () => {
    h = await startHarness({}, { DEFENDER_ENABLE_DEVICE_ISOLATION: 'true' });
    h.emulator.removePermission('Machine.Isolate');
    h.emulator.removePermission('ThreatHunting.Read.All');
    const checks = await runDoctor(h.config, h.defender);
    const text = formatChecks(checks);
    expect(text).toContain('FAIL  Permission WindowsDefenderATP Machine.Isolate for device isolation (isolate and release devices) is missing');
    expect(text).toContain('APIs my organization uses > WindowsDefenderATP > Application permissions > Machine.Isolate, then "Grant admin consent"');
    expect(text).toContain('FAIL  Permission Microsoft Graph ThreatHunting.Read.All');
    expect(text).toMatch(/FAIL {2}Advanced hunting answers\n\s+.*Missing permission: ThreatHunting.Read.All/);
    expect(text).toMatch(/3 checks failed/);
  });

  it('asks for SecurityIncident.ReadWrite.All only when incident triage is on, and then does not call it more than needed', async () => {
    h = await startHarness({}, { ...ROLE_ENV, DEFENDER_ENABLE_INCIDENT_TRIAGE: 'true' });
    const missing = formatChecks(await runDoctor(h.config, h.defender));
    expect(missing).toContain('FAIL  Permission Microsoft Graph SecurityIncident.ReadWrite.All for incident triage');
    await h.close();
    h = await startHarness({}, { ...ROLE_ENV, DEFENDER_ENABLE_INCIDENT_TRIAGE: 'true' });
    h.emulator.setPermissions(h.defender.clientId, { graph: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All'] });
    const granted = formatChecks(await runDoctor(h.config, h.defender));
    expect(granted).toContain('OK    Permission Microsoft Graph SecurityIncident.ReadWrite.All for incident triage');
    expect(granted).not.toContain('covered by the broader SecurityIncident.ReadWrite.All');
    expect(granted).not.toMatch(/More permission than the enabled features need:.*SecurityIncident/);
    await h.close();
    h = await startHarness({}, ROLE_ENV);
    h.emulator.setPermissions(h.defender.clientId, { graph: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All'] });
    const lookupsOnly = formatChecks(await runDoctor(h.config, h.defender));
    expect(lookupsOnly).not.toContain('incident triage');
    expect(lookupsOnly).toContain('covered by the broader SecurityIncident.ReadWrite.All; grant SecurityIncident.Read.All instead');
  });

  it('warns about more permission than needed and does not ask for isolation when it is off', async () => {
    h = await startHarness();
    h.emulator.setPermissions(h.defender.clientId, { mde: ['Machine.ReadWrite.All', 'File.Read.All', 'Ip.Read.All', 'URL.Read.All'] });
    const text = formatChecks(await runDoctor(h.config, h.defender));
    expect(text).toContain('WARN  Permission WindowsDefenderATP Machine.Read.All for lookups');
    expect(text).toContain('covered by the broader Machine.ReadWrite.All');
    expect(text).not.toContain('Machine.Isolate');
  });

  it('accepts the token spelling Url.Read.All for the documented URL.Read.All (permission names compare case-insensitively)', async () => {
    h = await startHarness({}, ROLE_ENV);
    // Defender for Endpoint tokens carry Url.Read.All; the documentation (and the bot's messages) write URL.Read.All.
    h.emulator.setPermissions(h.defender.clientId, { mde: ['Machine.Read.All', 'File.Read.All', 'IP.READ.ALL', 'Url.Read.All', 'alert.read.all'] });
    const checks = await runDoctor(h.config, h.defender);
    const text = formatChecks(checks);
    expect(text).toContain('OK    Permission WindowsDefenderATP URL.Read.All for lookups (read domain statistics)');
    expect(text).toContain('OK    Permission WindowsDefenderATP Machine.Read.All for lookups');
    expect(text).toContain('OK    Permission WindowsDefenderATP Ip.Read.All for lookups');
    expect(text).not.toContain('Url.Read.All for lookups');
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('names each broader permission once, with the API it was granted on', async () => {
    h = await startHarness({}, ROLE_ENV);
    h.emulator.setPermissions(h.defender.clientId, {
      graph: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All', 'Machine.ReadWrite.All'],
      mde: ['Machine.ReadWrite.All', 'File.Read.All', 'Ip.Read.All', 'Url.Read.All', 'machine.offboard', 'Ti.ReadWrite.All'],
    });
    const checks = await runDoctor(h.config, h.defender);
    const warnings = checks.filter((c) => c.status === 'warn').map((c) => `${c.title} ${c.detail ?? ''}`);
    // A broader permission standing in for a needed one is said with that need; the others in one warning.
    expect(warnings).toEqual([
      expect.stringContaining('Permission Microsoft Graph SecurityIncident.Read.All for lookups covered by the broader SecurityIncident.ReadWrite.All'),
      expect.stringContaining('Permission WindowsDefenderATP Machine.Read.All for lookups covered by the broader Machine.ReadWrite.All'),
      expect.stringContaining(
        'More permission than the enabled features need: Machine.ReadWrite.All (Microsoft Graph), machine.offboard (WindowsDefenderATP), Ti.ReadWrite.All (WindowsDefenderATP)',
      ),
    ]);
    for (const name of ['SecurityIncident.ReadWrite.All', 'machine.offboard', 'Ti.ReadWrite.All'])
      expect(warnings.filter((w) => w.toLowerCase().includes(name.toLowerCase()))).toHaveLength(1);
  });

  it('does not call a permission that an enabled feature needs too broad (Ti.ReadWrite.All with indicator blocking)', async () => {
    h = await startHarness({}, { ...ROLE_ENV, DEFENDER_ENABLE_BLOCK_INDICATOR: 'true' });
    const text = formatChecks(await runDoctor(h.config, h.defender));
    expect(text).toContain('OK    Permission WindowsDefenderATP Ti.ReadWrite.All for block indicator');
    expect(text).not.toContain('More permission');
  });

  it('shows who holds each role, what it allows, and that reading needs a role', async () => {
    h = await startHarness(
      {},
      {
        LOOKUPS_REQUIRE_ROLE: '',
        ROLE_VIEWERS: 'aad:aaaaaaaa-0000-4000-8000-0000000000aa,slack-group:SVIEWERS',
        ROLE_HUNTERS: 'group:11111111-0000-4000-8000-000000000003',
        ROLE_RESPONDERS: 'slack:URESPOND1',
        ROLE_ADMINS: 'aad:bbbbbbbb-0000-4000-8000-0000000000bb',
      },
    );
    const text = formatChecks(await runDoctor(h.config, h.defender));
    expect(text).toContain(
      'OK    Role viewer: read (lookups, user, device, actions)\n      held by Slack user groups: SVIEWERS; Entra users: aaaaaaaa-0000-4000-8000-0000000000aa; every admin',
    );
    expect(text).toContain(
      'OK    Role hunter: read (lookups, user, device, actions), hunt (their own KQL)\n      held by Entra groups: 11111111-0000-4000-8000-000000000003; every admin',
    );
    expect(text).toContain(
      'OK    Role responder: read (lookups, user, device, actions), respond (request isolate, release, quarantine, ...)\n      held by Slack users: URESPOND1; every admin',
    );
    expect(text).toContain("OK    Role approver: read (lookups, user, device, actions), approve (others' response requests)\n      held by every admin");
    expect(text).toContain(
      "OK    Role admin: read (lookups, user, device, actions), hunt (their own KQL), respond (request isolate, release, quarantine, ...), approve (others' response requests), admin (every role)\n      held by Entra users: bbbbbbbb-0000-4000-8000-0000000000bb",
    );
    expect(text).toContain('OK    Reading needs a role: the viewer role or any other (LOOKUPS_REQUIRE_ROLE)');
    expect(text).not.toContain('open to everyone');
  });

  it('warns when reading is open to everyone (LOOKUPS_REQUIRE_ROLE=false), naming who that is', async () => {
    h = await startHarness({}, { LOOKUPS_REQUIRE_ROLE: 'false', TEAMS_ALLOWED_TENANTS: 'contoso.onmicrosoft.com,fabrikam.onmicrosoft.com' });
    const checks = await runDoctor(h.config, h.defender);
    const open = checks.find((c) => c.title.startsWith('Reading is open'));
    expect(open).toEqual({
      status: 'warn',
      title:
        'Reading is open to everyone: every user of Teams tenants contoso.onmicrosoft.com, fabrikam.onmicrosoft.com may look up indicators and read user <upn>, device and actions (LOOKUPS_REQUIRE_ROLE=false)',
      detail: expect.stringContaining('Set ROLE_VIEWERS to the people or groups who should read, and remove LOOKUPS_REQUIRE_ROLE=false.'),
    });
    expect(checks.find((c) => c.title.startsWith('Role viewer'))?.detail).toBe('nobody (ROLE_VIEWERS is empty)');
  });

  it('fails the token check with the cause when sign-in fails', async () => {
    h = await startHarness({}, { AZURE_CLIENT_SECRET: 'wrong' });
    const text = formatChecks(await runDoctor(h.config, h.defender));
    expect(text).toMatch(/FAIL {2}Token for Microsoft Graph .*\n\s+Signing in .* AZURE_CLIENT_SECRET is wrong/);
  });
});

describe('doctor against tokens from an Entra authority (nock)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('reads the roles claim of real tokens: Url.Read.All satisfies URL.Read.All, and a missing one is still named', async () => {
    const config = loadConfig({
      AZURE_TENANT_ID: TEST_TENANT,
      AZURE_CLIENT_ID: TEST_CLIENT,
      AZURE_CLIENT_SECRET: 'test-secret',
      AZURE_AUTHORITY_HOST: AUTHORITY,
      DEFENDER_GRAPH_URL: GRAPH,
      DEFENDER_API_URL: MDE,
      LOOKUPS_REQUIRE_ROLE: 'false',
    });
    mockLogin({ graph: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All'], mde: ['Machine.Read.All', 'File.Read.All', 'Ip.Read.All', 'Url.Read.All'] });
    nock(GRAPH).get('/v1.0/security/incidents').query(true).reply(200, { value: [] });
    nock(GRAPH)
      .post('/v1.0/security/runHuntingQuery')
      .reply(403, { error: { code: 'Forbidden', message: 'Missing application roles. API required roles: ThreatHunting.Read.All.' } });
    nock(MDE).get('/api/machines').query(true).reply(200, { value: [] });
    const defender = await connectDefender(config);
    const text = formatChecks(await runDoctor(config, defender));
    expect(text).toContain('OK    Permission WindowsDefenderATP URL.Read.All for lookups');
    expect(text).toContain('FAIL  Permission Microsoft Graph ThreatHunting.Read.All for lookups');
    expect(text).toMatch(/FAIL {2}Advanced hunting answers\n.*Missing permission: ThreatHunting.Read.All/);
    expect(text).not.toMatch(/URL.Read.All.*is missing/i);
  });
});

describe('defender-chatops command line', () => {
  function io(env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env }, out, err };
  }

  it('runs doctor in demo mode against the embedded emulator, with the demo roles the bot would use', async () => {
    const t = io({});
    expect(await main(['doctor'], t.io)).toBe(0);
    const text = t.out.join('\n');
    expect(text).toContain('DEMO MODE');
    expect(text).toContain('held by Entra groups: 11111111-0000-4000-8000-000000000003 (SOC Hunters, demo tenant)');
    expect(text).toContain('OK    Reading is open to the local user of this demo bot');
    expect(text).toContain('OK    Permission WindowsDefenderATP Machine.Isolate for device isolation');
    expect(text).toContain('All checks passed');
  });

  it('reports every configuration problem and exits 2', async () => {
    const t = io({ DEFENDER_CLOUD: 'mars', DEFENDER_LOOKBACK_DAYS: '-1' });
    expect(await main(['doctor'], t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(/2 problems:\n {2}- DEFENDER_CLOUD must be one of .*\n {2}- DEFENDER_LOOKBACK_DAYS must be at least 1/);
  });

  it('answers an unknown command with usage and exit 2', async () => {
    const t = io({});
    expect(await main(['frobnicate'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain("unknown command 'frobnicate'");
  });
});
