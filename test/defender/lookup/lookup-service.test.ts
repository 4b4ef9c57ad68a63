import { LookupService } from '../../../src/defender/lookup/lookup-service';
import type { LookupTarget, Section, TargetFindings } from '../../../src/defender/lookup/types';
import { DEMO_INDICATORS } from '../../../emulator/tenant';
import { startHarness, type EmulatorHarness } from '../../helpers/emulator-harness';

const D = DEMO_INDICATORS;

function items<T>(s: Section<T>): T[] {
  if (s.status === 'notApplicable') throw new Error('section not applicable');
  if (s.status === 'error') throw new Error(`section failed: ${s.error.message}`);
  return s.items;
}

async function lookupOne(h: EmulatorHarness, target: LookupTarget, env?: { service?: LookupService }): Promise<TargetFindings> {
  const service = env?.service ?? new LookupService(h.defender, h.config);
  return (await service.lookup([target])).findings[0]!;
}

/** HTTP calls the bot made to Microsoft's APIs (not the token endpoint, not the parts inside a $batch). */
function apiCalls(h: EmulatorHarness): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of h.emulator.calls) {
    if (c.inBatch || c.route.startsWith('token')) continue;
    out[c.route] = (out[c.route] ?? 0) + 1;
  }
  return out;
}

describe('lookups against the demo tenant', () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('an IP: alerts and incidents through evidence, devices that contacted it, organisation prevalence, deep links with the tenant', async () => {
    const f = await lookupOne(h, { type: 'ipv4', value: D.malware.c2Ip });
    const alerts = items(f.alerts);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]!.link).toMatch(/^https:\/\/security\.microsoft\.com\/alerts\/.+\?tid=8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21$/);
    expect(items(f.incidents).length).toBeGreaterThan(0);
    const devices = items(f.devices)
      .map((d) => d.name)
      .sort();
    expect(devices).toEqual(expect.arrayContaining(D.malware.devicesContactingC2));
    expect(items(f.prevalence)[0]!.organizationPrevalence).toBe(3);
    expect(f.files.status).toBe('notApplicable');
  });

  it('the C2 IP reaches the demo alert whose title is full of markup, with its incident and device', async () => {
    const f = await lookupOne(h, { type: 'ipv4', value: D.malware.c2Ip });
    const alert = items(f.alerts).find((a) => a.title === 'Suspicious C:\\Windows\\System32\\svc_host.exe ran *.ps1 > out.txt [x](y)');
    expect(alert?.title).toBe(D.malware.markupAlertTitle);
    expect(items(f.incidents).map((i) => i.id)).toContain(alert!.incidentId);
    expect(alert!.deviceIds).toEqual([D.devices.ws017.id]);
  });

  it('a device shows health, risk, exposure, OS, last seen and isolation state (pending counts as pending)', async () => {
    const isolated = items((await lookupOne(h, { type: 'device', value: 'srv-fin-01' })).devices)[0]!;
    expect(isolated).toMatchObject({ name: 'srv-fin-01.contoso.com', isolation: 'isolated', riskScore: expect.any(String), healthStatus: 'Active' });
    expect(isolated.os).toMatch(/WindowsServer/);
    const pending = items((await lookupOne(h, { type: 'device', value: D.devices.ws017.name })).devices)[0]!;
    expect(pending.isolation).toBe('pendingIsolation');
    expect(pending.pendingActions).toEqual([expect.objectContaining({ type: 'Isolate', status: 'Pending' })]);
  });

  it('a hash (any of SHA1, SHA256, MD5): file profile, devices with it, its alerts', async () => {
    for (const [type, value] of [
      ['sha1', D.malware.invoiceJs.sha1!],
      ['sha256', D.malware.invoiceJs.sha256],
      ['md5', D.malware.invoiceJs.md5!],
    ] as const) {
      const f = await lookupOne(h, { type, value });
      const file = items(f.files)[0]!;
      expect(file).toMatchObject({ sha1: D.malware.invoiceJs.sha1, fileName: 'invoice.js', profileAvailable: true, orgPrevalence: 2 });
      expect(file.globalPrevalence).toEqual(expect.any(Number));
      expect(file.threatName).toBeTruthy();
      expect(items(f.devices).map((d) => d.name)).toEqual(expect.arrayContaining(['ws-042.contoso.com', 'ws-017.contoso.com']));
      expect(items(f.alerts).length).toBeGreaterThan(0);
    }
  });

  it('a hash Defender has no profile for says so, and still finds the e-mails that carried it', async () => {
    const f = await lookupOne(h, { type: 'sha256', value: D.emailOnlyAttachment.sha256 });
    expect(items(f.files)[0]!.profileAvailable).toBe(false);
    const emails = items(f.emails);
    expect(emails.length).toBeGreaterThan(0);
    expect(emails[0]!.match).toMatch(/^attachment /);
  });

  it('an e-mail address: messages from it, alerts through evidence, and (under its own label) what is assigned to it', async () => {
    const sender = await lookupOne(h, { type: 'email', value: D.phishing.sender });
    const emails = items(sender.emails);
    expect(emails.map((e) => e.recipient).sort()).toEqual(expect.arrayContaining(D.phishing.recipients));
    expect(emails.every((e) => e.match === 'from')).toBe(true);
    expect(emails.find((e) => e.recipient === D.phishing.zappedFor)!.postDelivery.join(' ')).toMatch(/ZAP/);
    expect(items(sender.alerts).length).toBeGreaterThan(0);
    expect(items(sender.assigned)).toEqual([]);

    const analyst = await lookupOne(h, { type: 'email', value: 'alex.analyst@contoso.com' });
    const assigned = items(analyst.assigned);
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((a) => a.assignedTo === 'alex.analyst@contoso.com')).toBe(true);
  });

  it('a URL and a domain: e-mails carrying them, devices that contacted them', async () => {
    const url = await lookupOne(h, { type: 'url', value: D.phishing.url });
    expect(items(url.emails).some((e) => e.match.startsWith('carries'))).toBe(true);
    expect(items(url.alerts).length).toBeGreaterThan(0);
    const domain = await lookupOne(h, { type: 'domain', value: D.malware.c2Domain });
    expect(items(domain.devices).length).toBe(3);
    expect(items(domain.prevalence)[0]!.connections).toBeGreaterThan(0);
  });

  it('a CIDR, an IPv6 address and a CVE id', async () => {
    const cidr = await lookupOne(h, { type: 'ipv4cidr', value: '192.0.2.0/24' });
    expect(items(cidr.alerts).length).toBeGreaterThan(0);
    const v6 = await lookupOne(h, { type: 'ipv6', value: D.cloudApps.impossibleTravelIps[0]! });
    expect(items(v6.alerts).length).toBeGreaterThan(0);
    const cve = await lookupOne(h, { type: 'cve', value: 'CVE-2024-3400' });
    expect(items(cve.alerts).length).toBeGreaterThan(0);
  });

  it('an indicator nobody has seen gives empty sections, not errors', async () => {
    const f = await lookupOne(h, { type: 'ipv4', value: '203.0.113.254' });
    expect(items(f.alerts)).toEqual([]);
    expect(items(f.devices)).toEqual([]);
    expect(items(f.prevalence)[0]!.organizationPrevalence).toBe(0);
  });
});

describe('filters apply to every incident and alert, whichever source found it', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it.each([
    ['DEFENDER_IGNORE_SEVERITIES', 'high', (a: { severity: string }) => a.severity !== 'high'],
    ['DEFENDER_IGNORE_STATUSES', 'new', (a: { status: string }) => a.status !== 'new'],
    ['DEFENDER_IGNORE_SERVICE_SOURCES', 'microsoftDefenderForEndpoint', (a: { serviceSource: string }) => a.serviceSource !== 'microsoftDefenderForEndpoint'],
  ] as const)('%s=%s', async (setting, value, keep) => {
    h = await startHarness({}, { [setting]: value });
    const unfiltered = new LookupService(h.defender, {
      ...h.config,
      lookups: { ...h.config.lookups, ignore: { classification: [], determination: [], severity: [], status: [], serviceSource: [] } },
    });
    const all = items((await unfiltered.lookup([{ type: 'ipv4', value: D.malware.c2Ip }])).findings[0]!.alerts);
    const filtered = items((await lookupOne(h, { type: 'ipv4', value: D.malware.c2Ip })).alerts);
    expect(filtered.length).toBeLessThan(all.length);
    expect(filtered.every((a) => keep(a as never))).toBe(true);
  });

  it('the lookback hides older alerts and sends Graph a full UTC timestamp for assigned-to searches', async () => {
    h = await startHarness({}, { DEFENDER_LOOKBACK_DAYS: '1' });
    const f = await lookupOne(h, { type: 'email', value: 'alex.analyst@contoso.com' });
    const cutoff = Date.now() - 86_400_000 - 60_000;
    for (const a of items(f.assigned)) expect(Date.parse((a as { createdDateTime: string }).createdDateTime)).toBeGreaterThan(cutoff);
  });

  it('ignored classifications reach Graph as escaped $filter clauses (no 400, unlike the old product)', async () => {
    h = await startHarness(
      {},
      {
        DEFENDER_IGNORE_CLASSIFICATIONS: 'falsePositive',
        DEFENDER_IGNORE_STATUSES: 'resolved,new',
        DEFENDER_IGNORE_SERVICE_SOURCES: 'microsoftDefenderForCloudApps',
      },
    );
    const f = await lookupOne(h, { type: 'email', value: 'sam.soc@contoso.com' });
    const assigned = items(f.assigned) as { status: string; classification: string | null }[];
    expect(assigned.every((a) => a.status !== 'resolved' && a.classification !== 'falsePositive')).toBe(true);
  });
});

describe('batching, caching and coalescing', () => {
  let h: EmulatorHarness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const TEN: LookupTarget[] = [
    { type: 'ipv4', value: D.malware.c2Ip },
    { type: 'ipv4', value: D.identity.sprayIp },
    { type: 'domain', value: D.malware.c2Domain },
    { type: 'url', value: D.phishing.url },
    { type: 'email', value: D.phishing.sender },
    { type: 'email', value: 'alex.analyst@contoso.com' },
    { type: 'sha1', value: D.malware.payloadExe.sha1! },
    { type: 'sha256', value: D.ransomware.file.sha256 },
    { type: 'md5', value: D.malware.invoiceJs.md5! },
    { type: 'ipv6', value: D.cloudApps.impossibleTravelIps[0]! },
  ];

  it('a 10-indicator message costs at most 6 upstream calls, with one hunting query for all', async () => {
    const result = await new LookupService(h.defender, h.config).lookup(TEN);
    expect(result.findings).toHaveLength(10);
    const calls = apiCalls(h);
    expect(calls['graph.hunting']).toBe(1);
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6);
    // A device or alert shared by several indicators is read once.
    const alertReads = h.emulator.calls.filter((c) => c.route === 'graph.alert').length;
    const distinctAlerts = new Set(result.findings.flatMap((f) => (f.alerts.status === 'ok' ? f.alerts.items.map((a) => a.id) : []))).size;
    expect(alertReads).toBeLessThanOrEqual(distinctAlerts + 5);
  });

  it('serves a repeated lookup from the cache, and two simultaneous ones with one upstream read', async () => {
    const service = new LookupService(h.defender, h.config);
    const [a, b] = await Promise.all([service.lookup(TEN.slice(0, 3)), service.lookup(TEN.slice(0, 3))]);
    expect(a.findings.map((f) => f.target.value)).toEqual(b.findings.map((f) => f.target.value));
    expect(apiCalls(h)['graph.hunting']).toBe(1);
    // The second shared the first one's read, and says so (the coalesced count in /metrics).
    expect(a.findings.map((f) => f.coalesced ?? false)).toEqual([false, false, false]);
    expect(b.findings.map((f) => f.coalesced)).toEqual([true, true, true]);
    const again = await service.lookup(TEN.slice(0, 3));
    expect(again.findings.every((f) => f.cached && !f.coalesced)).toBe(true);
    expect(apiCalls(h)['graph.hunting']).toBe(1);
    // A Refresh asks Defender again, whatever the cache holds.
    const fresh = await service.lookup(TEN.slice(0, 3), { fresh: true });
    expect(fresh.findings.some((f) => f.cached)).toBe(false);
    expect(apiCalls(h)['graph.hunting']).toBe(2);
  });
});

describe('partial failure: each section fails on its own, with the cause', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  const target: LookupTarget = { type: 'ipv4', value: D.malware.c2Ip };
  // Hunting down: the sections only hunting can fill fail; those Defender for Endpoint's own endpoints can fill in part
  // (ips/{ip}/alerts, ips/{ip}/stats, machines/findbyip) are answered in part, with hunting's error as what is missing.
  // test/defender/lookup/fail-small.test.ts covers each failure kind in depth.
  const HUNTING_ONLY = ['emails'] as const;
  const FILLED_IN_PART = ['alerts', 'incidents', 'devices', 'prevalence'] as const;

  it.each([
    ['hunting throttled', 'graph.hunting', { kind: 'status', status: 429, retryAfterSeconds: 600 }, 'throttled', HUNTING_ONLY, FILLED_IN_PART],
    ['hunting 500', 'graph.hunting', { kind: 'status', status: 500 }, 'upstream', HUNTING_ONLY, FILLED_IN_PART],
    ['hunting malformed JSON', 'graph.hunting', { kind: 'malformed' }, 'upstream', HUNTING_ONLY, FILLED_IN_PART],
    ['hunting connection reset', 'graph.hunting', { kind: 'reset' }, 'network', HUNTING_ONLY, FILLED_IN_PART],
    ['devices 503', 'mde.machines', { kind: 'status', status: 503 }, 'upstream', ['devices'], []],
    ['machine actions timeout', 'mde.machineactions', { kind: 'timeout', holdMs: 3000 }, 'timeout', ['devices'], []],
    ['alert reads 500', 'graph.alert', { kind: 'status', status: 500 }, 'upstream', ['alerts', 'incidents'], []],
    ['hunting unavailable (503 throughout)', 'graph.hunting', { kind: 'status', status: 503 }, 'upstream', HUNTING_ONLY, FILLED_IN_PART],
  ] as const)('%s', async (_name, route, fault, kind, failing, partial) => {
    h = await startHarness({}, { DEFENDER_REQUEST_TIMEOUT_SECONDS: '1', DEFENDER_MAX_RETRY_WAIT_SECONDS: '30' });
    h.emulator.addFault({ route, fault });
    const f = (await new LookupService(h.defender, h.config).lookup([target])).findings[0]!;
    for (const name of failing) {
      const s = f[name];
      expect(s.status).toBe('error');
      if (s.status === 'error') {
        expect(s.error.kind).toBe(kind);
        expect(s.error.message.length).toBeGreaterThan(10);
      }
    }
    for (const name of partial) {
      const s = f[name];
      expect({ name, status: s.status }).toEqual({ name, status: 'ok' });
      if (s.status === 'ok') expect({ name, kind: s.partial?.kind, source: s.partial?.source }).toEqual({ name, kind, source: 'advanced hunting' });
    }
    const healthy = (['incidents', 'alerts', 'devices', 'prevalence', 'emails'] as const).filter((n) => !(failing as readonly string[]).includes(n));
    for (const name of healthy) expect(f[name].status).not.toBe('error');
  });

  it('a missing permission is named in the section it breaks', async () => {
    h = await startHarness();
    h.emulator.removePermission('Machine.Read.All');
    const f = (await new LookupService(h.defender, h.config).lookup([target])).findings[0]!;
    expect(f.devices.status).toBe('error');
    if (f.devices.status === 'error') expect(f.devices.error.missingPermissions).toContain('Machine.Read.All');
    expect(f.alerts.status).toBe('ok');
  });

  it('a failed section is not cached', async () => {
    h = await startHarness();
    h.emulator.addFault({ route: 'mde.machines', fault: { kind: 'status', status: 500 }, times: 1 });
    const service = new LookupService(h.defender, h.config);
    expect((await service.lookup([target])).findings[0]!.devices.status).toBe('error');
    const second = (await service.lookup([target])).findings[0]!;
    expect(second.cached).toBe(false);
    expect(second.devices.status).toBe('ok');
  });
});
