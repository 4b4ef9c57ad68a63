import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MSSP_INDICATORS } from '../../emulator/multi-tenant';
import { effectiveConfig } from '../../src/app';
import { doctorCommand } from '../../src/cli/doctor-command';
import { formatTenantsReport } from '../../src/cli/doctor-table';
import { bindingChecks, doctorTenants, tenantFailed } from '../../src/cli/doctor-tenants';
import { main } from '../../src/cli/main';
import { loadConfig } from '../../src/config/load';
import { loadTenants } from '../../src/config/tenants-file';
import { connectTenants } from '../../src/defender/connect';

const IDS = DEMO_MSSP_INDICATORS.tenants;
const SOC = 'e2e00000-0000-4000-8000-000000000001';

/** contoso, fabrikam, northwind (the emulator's MSSP set); bindings: the SOC for all three, one channel for contoso. */
const FILE = `tenants:
  - { name: contoso, tenantId: ${IDS.contoso}, credential: { app: shared } }
  - { name: fabrikam, tenantId: ${IDS.fabrikam}, credential: { app: shared } }
  - { name: northwind, tenantId: ${IDS.northwind}, credential: { app: shared } }
bindings:
  - teams: { tenantId: ${SOC} }
    tenants: [contoso, fabrikam, northwind]
  - teams: { tenantId: ${SOC}, channelId: '19:incidents@thread.tacv2' }
    tenants: [contoso]
`;

function capture(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env }, text: () => out.join('\n'), errors: () => err.join('\n') };
}

/** The table's rows by tenant name: the name column, then the columns split on runs of spaces. */
function rows(text: string): Map<string, string[]> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('TENANT '));
  const table = lines.slice(start + 1, lines.indexOf('', start));
  return new Map(table.map((l) => [l.slice(0, 24).trimEnd(), l.slice(26).split(/ {2,}/)]));
}

describe('doctor with TENANTS_FILE (demo mode: one emulator, each tenant its own Entra tenant)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'doctor-tenants-'));
    file = join(dir, 'tenants.yaml');
    writeFileSync(file, FILE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks every tenant and prints one OK row each, exit 0', async () => {
    const t = capture({ TENANTS_FILE: file });
    expect(await main(['doctor'], t.io)).toBe(0);
    const text = t.text();
    expect(text).toContain(`Tenants file ${file} (TENANTS_FILE): 3 tenants (DEMO MODE`);
    expect(text).toMatch(/^TENANT {20}CLOUD {7}CREDENTIAL {8}GRAPH TOKEN {2}MDE TOKEN {2}PERMISSIONS {2}CALLS$/m);
    expect([...rows(text)]).toEqual(['contoso', 'fabrikam', 'northwind'].map((n) => [n, ['commercial', 'demo', 'OK', 'OK', 'OK', 'OK']]));
    expect(text).not.toMatch(/FAIL|WARN|Bindings/);
    expect(text.trimEnd().endsWith('All 3 tenants passed.')).toBe(true);
    // The single-tenant output (its role and configuration lines) is not printed in this mode.
    expect(text).not.toContain('Role viewer');
  });

  it("names a permission missing in one tenant under that tenant, with the fix and the shared app's consent, the others OK", async () => {
    const config = effectiveConfig(loadConfig({ TENANTS_FILE: file }), true);
    const tenants = loadTenants(config, {});
    const defenders = await connectTenants(config, tenants.tenants);
    try {
      const northwind = defenders.byKey.get('northwind')!;
      // Every Graph permission the demo app holds but ThreatHunting.Read.All, in northwind only.
      defenders.emulator!.setPermissions(northwind.clientId, { graph: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.Read.All'] }, IDS.northwind);
      const reports = await doctorTenants(config, tenants.tenants, defenders);
      const text = formatTenantsReport('heading', reports, bindingChecks(tenants, reports));
      expect(rows(text).get('northwind')).toEqual(['commercial', 'demo', 'OK', 'OK', 'FAIL', 'FAIL']);
      expect(rows(text).get('contoso')).toEqual(['commercial', 'demo', 'OK', 'OK', 'OK', 'OK']);
      expect(rows(text).get('fabrikam')).toEqual(['commercial', 'demo', 'OK', 'OK', 'OK', 'OK']);
      const detail = text.slice(text.indexOf('\nnorthwind ('));
      expect(detail).toContain(`northwind (tenant ${IDS.northwind}, commercial, demo)`);
      expect(detail).toMatch(/ {2}FAIL {2}Permission Microsoft Graph ThreatHunting.Read.All for lookups .* is missing\n {8}Grant it: .*ThreatHunting.Read.All/);
      expect(detail).toContain(`consent in northwind too: https://login.microsoftonline.com/${IDS.northwind}/adminconsent?client_id=${northwind.clientId}`);
      expect(detail).toMatch(/ {2}FAIL {2}Advanced hunting answers\n {8}.*Missing permission: ThreatHunting.Read.All/);
      expect(text).not.toContain('\ncontoso (');
      expect(reports.filter(tenantFailed).map((r) => r.tenant.name)).toEqual(['northwind']);
      expect(text).toContain('bindings[0] (Teams tenant e2e00000-0000-4000-8000-000000000001, every conversation) speaks for northwind, which failed above');
      expect(text).not.toContain('bindings[1]');
      expect(text.trimEnd().endsWith('1 of 3 tenants failed: fix it and run doctor again.')).toBe(true);
    } finally {
      await defenders.close();
    }
  });

  it("fails a tenant where the app is not consented with Entra's reason and the fix; the others pass; exit 1", async () => {
    const t = capture({ TENANTS_FILE: file });
    const config = loadConfig({ TENANTS_FILE: file });
    const code = await doctorCommand(config, t.io, {
      demoTenants: (specs) => specs.map((s) => (s.tenantId === IDS.fabrikam ? { ...s, apps: [] } : s)),
    });
    expect(code).toBe(1);
    const text = t.text();
    expect(rows(text).get('fabrikam')).toEqual(['commercial', 'demo', 'FAIL', 'FAIL', 'FAIL', 'FAIL']);
    expect(rows(text).get('contoso')).toEqual(['commercial', 'demo', 'OK', 'OK', 'OK', 'OK']);
    expect(rows(text).get('northwind')).toEqual(['commercial', 'demo', 'OK', 'OK', 'OK', 'OK']);
    // One sign-in failure for both APIs, said once, then that nothing else could be checked.
    expect(text).toMatch(
      /\nfabrikam \(tenant b7d1f0e2-3c4a-4e5b-9f6a-1d2c3b4a5f60, commercial, demo\)\n {2}FAIL {2}Token for Microsoft Graph and Defender for Endpoint\n {8}Entra: AADSTS700016: Application with identifier '[^']+' was not found in the directory 'fabrikam'.*\n {8}Fix: The demo app \([^)]+\) is not consented in fabrikam: an admin of that tenant grants it at https:\/\/login.microsoftonline.com\/b7d1f0e2-3c4a-4e5b-9f6a-1d2c3b4a5f60\/adminconsent\?client_id=/,
    );
    expect(text).toContain('FAIL  Permissions and calls of Microsoft Graph and Defender for Endpoint not checked: no token (see above)');
    expect(text.match(/AADSTS700016/g)).toHaveLength(1);
    expect(text).not.toContain('is missing');
    expect(text).toContain('speaks for fabrikam, which failed above');
    expect(text).toContain('1 of 3 tenants failed');
  });

  it('fails a tenant Entra does not know (AADSTS90002) with the tenants file entry to check', async () => {
    const t = capture({ TENANTS_FILE: file });
    const code = await doctorCommand(loadConfig({ TENANTS_FILE: file }), t.io, {
      demoTenants: (specs) => specs.filter((s) => s.tenantId !== IDS.northwind),
    });
    expect(code).toBe(1);
    const text = t.text();
    expect(rows(text).get('northwind')).toEqual(['commercial', 'demo', 'FAIL', 'FAIL', 'FAIL', 'FAIL']);
    expect(rows(text).get('contoso')?.slice(2)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(rows(text).get('fabrikam')?.slice(2)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(text).toContain(`Entra: AADSTS90002: Tenant '${IDS.northwind}' not found.`);
    expect(text).toContain(
      `Fix: Tenant id ${IDS.northwind} does not exist in the commercial cloud: check tenantId and cloud of tenant northwind in the tenants file.`,
    );
  });

  it('keeps the table in its columns with the longest names the tenants file allows', async () => {
    const longest = ['A23456789012345678901234', '0_-_-_-_-_-_-_-_-_-_-_-_', 'FAIL', 'TENANT'];
    const ids = [IDS.contoso, IDS.fabrikam, IDS.northwind, 'd0d0d0d0-0000-4000-8000-00000000000d'];
    const hostile = join(dir, 'hostile.yaml');
    writeFileSync(
      hostile,
      `tenants:\n${longest.map((n, i) => `  - { name: '${n}', tenantId: ${ids[i]}, credential: { app: shared } }`).join('\n')}\nbindings:\n  - teams: { tenantId: ${SOC} }\n    tenants: ['${longest[0]}', FAIL]\n`,
    );
    const t = capture({ TENANTS_FILE: hostile });
    expect(await main(['doctor'], t.io)).toBe(0);
    const text = t.text();
    const table = text.split('\n').filter((l) => /^(TENANT|A2345|0_-_|FAIL)/.test(l));
    expect(table).toHaveLength(5);
    for (const line of table) expect(line.length).toBeLessThanOrEqual(100);
    // Every status at the same column, whatever the name.
    const at = table[0]!.indexOf('GRAPH TOKEN');
    for (const line of table.slice(1)) expect(line.slice(at, at + 4)).toBe('OK  ');
    expect([...rows(text).keys()]).toEqual(longest);
    expect(text.trimEnd().endsWith('All 4 tenants passed.')).toBe(true);
  });

  it('reports an invalid tenants file as the bot does at start, exit 2, nothing checked', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `tenants:\n  - { name: 'bad name', tenantId: ${IDS.contoso}, credential: { app: shared } }\n`);
    const t = capture({ TENANTS_FILE: bad });
    expect(await main(['doctor'], t.io)).toBe(2);
    expect(t.errors()).toMatch(/Tenants file .*bad.yaml \(TENANTS_FILE\) has 1 problem:\n {2}- tenants\[0\]\.name: "bad name" contains " "/);
    expect(t.text()).toBe('');
  });
});
