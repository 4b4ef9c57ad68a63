import { formatChecks, runDoctor } from '../../src/cli/doctor';
import { main } from '../../src/cli/main';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

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

  it('warns about more permission than needed and does not ask for isolation when it is off', async () => {
    h = await startHarness();
    h.emulator.setPermissions(h.defender.clientId, { mde: ['Machine.ReadWrite.All', 'File.Read.All', 'Ip.Read.All', 'URL.Read.All'] });
    const text = formatChecks(await runDoctor(h.config, h.defender));
    expect(text).toContain('WARN  Permission WindowsDefenderATP Machine.Read.All for lookups');
    expect(text).toContain('covered by the broader Machine.ReadWrite.All');
    expect(text).not.toContain('Machine.Isolate');
  });

  it('fails the token check with the cause when sign-in fails', async () => {
    h = await startHarness({}, { AZURE_CLIENT_SECRET: 'wrong' });
    const text = formatChecks(await runDoctor(h.config, h.defender));
    expect(text).toMatch(/FAIL {2}Token for Microsoft Graph .*\n\s+Signing in .* AZURE_CLIENT_SECRET is wrong/);
  });
});

describe('defender-chatops command line', () => {
  function io(env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env }, out, err };
  }

  it('runs doctor in demo mode against the embedded emulator', async () => {
    const t = io({});
    expect(await main(['doctor'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('DEMO MODE');
    expect(t.out.join('\n')).toContain('All checks passed');
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
