import { eachLimited } from '../../src/cli/each-limited';
import { cell, formatTenantsReport, tenantTable } from '../../src/cli/doctor-table';
import { bindingChecks, describeTarget, signInFix, type TenantReport } from '../../src/cli/doctor-tenants';
import { CLOUDS } from '../../src/config/clouds';
import type { CredentialSource, Tenant, TenantsConfig } from '../../src/config/tenants';
import { DefenderError } from '../../src/defender/http/errors';

function tenant(name: string, over: Partial<Tenant> = {}): Tenant {
  const c = CLOUDS.commercial;
  return {
    name,
    key: name.toLowerCase(),
    tenantId: '11111111-1111-4111-8111-111111111111',
    cloud: 'commercial',
    endpoints: { cloud: 'commercial', ...c, microsoftAuthority: true },
    credential: { kind: 'secret', tenantId: '11111111-1111-4111-8111-111111111111', clientId: 'app', secret: 's' },
    credentialSource: 'shared-app',
    roles: { viewer: [], hunter: [], responder: [], approver: [], admin: [] },
    ...over,
  };
}

function report(t: Tenant, failed = false): TenantReport {
  const s = failed ? 'fail' : 'ok';
  return {
    tenant: t,
    status: { graphToken: s, mdeToken: s, permissions: failed ? 'fail' : 'warn', calls: s },
    problems: [{ status: failed ? 'fail' : 'warn', title: `problem of ${t.name}`, detail: 'line one\nline two' }],
  };
}

describe('the doctor table', () => {
  it('fits 100 columns with the widest name, cloud and credential source, each status under its header', () => {
    const widest = tenant('W23456789012345678901234', { cloud: 'gcc-high', credentialSource: 'managed-identity' });
    const lines = tenantTable([report(widest, true), report(tenant('a'))]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    const at = (h: string) => lines[0]!.indexOf(h);
    expect(lines[1]!.slice(at('CLOUD'), at('CLOUD') + 8)).toBe('gcc-high');
    expect(lines[1]!.slice(at('CREDENTIAL'), at('CREDENTIAL') + 16)).toBe('managed-identity');
    expect(lines[1]!.slice(at('GRAPH TOKEN')).split(/ +/)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL']);
    expect(lines[2]!.slice(at('PERMISSIONS'), at('PERMISSIONS') + 4)).toBe('WARN');
  });

  it('keeps a row on its line and in its columns whatever name reaches it (control characters, newlines, non-ASCII, too long)', () => {
    const names = ['evil\nFAIL  forged row', 'tab\there\r', 'ｃｏｎｔｏｓｏ\u202e', 'x'.repeat(200), '\u001b[31mred'];
    const text = formatTenantsReport(
      'heading\nforged',
      names.map((n) => report(tenant(n), true)),
      [],
    );
    const lines = tenantTable(names.map((n) => report(tenant(n))));
    expect(lines).toHaveLength(names.length + 1);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(100);
      expect(line).toMatch(/^[\x20-\x7e]+$/);
      expect(line.slice(lines[0]!.indexOf('GRAPH TOKEN'), lines[0]!.indexOf('GRAPH TOKEN') + 2)).toMatch(/OK|GR/);
    }
    expect(lines[4]).toMatch(/^x{23}~ {2}commercial/);
    // No line of the whole report starts with a forged mark, and the heading stays one line.
    expect(text.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(text.split('\n')[0]).toBe('heading\\u000aforged');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('cuts and pads a cell to its width', () => {
    expect(cell('abc', 5)).toBe('abc  ');
    expect(cell('abcdef', 5)).toBe('abcd~');
    expect(cell('a\u00e9', 3)).toBe('a? ');
  });

  it('ends with the verdict: failed tenants counted, warnings of passing tenants and bindings counted', () => {
    expect(
      formatTenantsReport('h', [report(tenant('a')), report(tenant('b'), true), report(tenant('c'), true)], [])
        .split('\n')
        .at(-1),
    ).toBe('2 of 3 tenants failed: fix them and run doctor again.');
    expect(
      formatTenantsReport('h', [report(tenant('a'))], [])
        .split('\n')
        .at(-1),
    ).toBe('All 1 tenant passed (1 warning).');
  });
});

describe('bindings of failed tenants', () => {
  it('warns about each binding that names a failed tenant, and only those', () => {
    const a = tenant('a');
    const b = tenant('b');
    const config: TenantsConfig = {
      source: 'file',
      tenants: [a, b],
      bindings: [
        { target: { platform: 'slack', teamId: 'T1', channelId: 'C1' }, tenants: ['a', 'b'], origin: 'bindings[0]' },
        { target: { platform: 'teams', tenantId: 't', chatId: '19:chat' }, tenants: ['a'], origin: 'bindings[1]' },
        { target: { platform: 'teams', tenantId: 't', teamId: '19:team' }, tenants: [], origin: 'bindings[2]' },
      ],
    };
    const checks = bindingChecks(config, [report(a), report(b, true)]);
    expect(checks.map((c) => c.title)).toEqual(['bindings[0] (Slack workspace T1, channel C1) speaks for b, which failed above']);
    expect(describeTarget({ platform: 'teams', tenantId: 't', chatId: '19:chat' })).toBe('Teams tenant t, chat 19:chat');
    expect(describeTarget({ platform: 'teams', tenantId: 't', teamId: '19:team' })).toBe('Teams tenant t, team 19:team');
  });
});

describe('the fix of a failed sign-in names the tenant entry, not the AZURE_* settings', () => {
  const error = (code: string) => new DefenderError({ kind: 'credential', api: 'graph', operation: 'sign-in', code, fix: 'AZURE_TENANT_ID ...' });
  const fix = (source: CredentialSource, code: string) => signInFix(tenant('woodgrove', { credentialSource: source }), 'cid', error(code));

  it.each([
    [
      'shared-app',
      'AADSTS700016',
      'The shared app (AZURE_CLIENT_ID cid) is not consented in woodgrove: an admin of that tenant grants it at https://login.microsoftonline.com/11111111-1111-4111-8111-111111111111/adminconsent?client_id=cid',
    ],
    [
      'own-app',
      'AADSTS700016',
      'The app cid is not registered or consented in tenant 11111111-1111-4111-8111-111111111111: check credential.clientId and tenantId of tenant woodgrove',
    ],
    ['own-app', 'AADSTS7000215', 'The client secret in the variable that credential.secretEnv of tenant woodgrove in the tenants file names is wrong'],
    ['own-app', 'AADSTS90002', 'Tenant id 11111111-1111-4111-8111-111111111111 does not exist in the commercial cloud'],
    ['settings', 'AADSTS700016', 'AZURE_TENANT_ID ...'],
  ] as const)('%s %s', (source, code, expected) => {
    expect(fix(source, code)).toContain(expected);
  });
});

describe('eachLimited', () => {
  it('runs at most `limit` at once, every item once, results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await eachLimited([5, 1, 4, 2, 3, 0, 6], 3, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms * 3));
      running--;
      return i * 10;
    });
    expect(most).toBe(3);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(await eachLimited([], 4, async () => 1)).toEqual([]);
    expect(await eachLimited([1, 2], 0, async (n) => n)).toEqual([1, 2]);
  });
});
