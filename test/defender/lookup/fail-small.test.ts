import { DEMO_INDICATORS } from '../../../emulator/tenant';
import { LookupService } from '../../../src/defender/lookup/lookup-service';
import type { LookupTarget, Section, SectionError, TargetFindings } from '../../../src/defender/lookup/types';
import { startHarness, type EmulatorHarness } from '../../helpers/emulator-harness';

/*
 * Issue 12 (D): one bad or throttled part must not take the whole answer down. A refused union is retried part by
 * part; hunting throttled, forbidden or down falls back to Defender for Endpoint's own endpoints; what is missing is
 * said with one source and one message.
 */

const D = DEMO_INDICATORS;
const IP: LookupTarget = { type: 'ipv4', value: D.malware.c2Ip };
const DOMAIN: LookupTarget = { type: 'domain', value: D.malware.c2Domain };
const SHA1: LookupTarget = { type: 'sha1', value: D.malware.payloadExe.sha1! };
const MAIL_TABLES = ['EmailEvents', 'EmailUrlInfo', 'EmailAttachmentInfo', 'EmailPostDeliveryEvents'];

let h: EmulatorHarness;
afterEach(() => h.close());

const huntingCalls = () => h.emulator.calls.filter((c) => c.route === 'graph.hunting');
const lookup = async (...targets: LookupTarget[]) => (await new LookupService(h.defender, h.config).lookup(targets)).findings;

function errorOf(s: Section<unknown>): SectionError {
  if (s.status !== 'error') throw new Error(`expected a failed section, got ${s.status}`);
  return s.error;
}

function partialOf(s: Section<unknown>): { items: unknown[]; partial: SectionError } {
  if (s.status !== 'ok' || !s.partial) throw new Error(`expected a section filled in part, got ${JSON.stringify(s).slice(0, 200)}`);
  return { items: s.items, partial: s.partial };
}

const sections = (f: TargetFindings) => ({
  incidents: f.incidents,
  alerts: f.alerts,
  devices: f.devices,
  files: f.files,
  prevalence: f.prevalence,
  emails: f.emails,
});

describe('a refused union (400) is retried part by part', () => {
  it('a tenant without Defender for Office 365: the e-mail parts fail, every other section of an IP is whole', async () => {
    h = await startHarness();
    h.emulator.setMissingTables(MAIL_TABLES);
    const [f] = await lookup(IP);
    // The union (1 call) was refused, then each part ran by itself.
    const calls = huntingCalls();
    expect(calls[0]!.status).toBe(400);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.filter((c) => c.status === 200).length).toBe(calls.length - 1 - calls.filter((c) => c.status === 400).length + 1);

    const e = errorOf(f!.emails);
    expect(e.kind).toBe('badRequest');
    expect(e.source).toBe('advanced hunting');
    expect(e.message).toMatch(/Failed to resolve table or column expression named 'Email/);
    for (const [name, s] of Object.entries(sections(f!)).filter(([n]) => n !== 'emails' && n !== 'files')) {
      expect({ name, status: s.status, partial: s.status === 'ok' ? s.partial : undefined }).toEqual({ name, status: 'ok', partial: undefined });
    }
    if (f!.alerts.status === 'ok') expect(f!.alerts.items.length).toBeGreaterThan(0);
    if (f!.devices.status === 'ok') expect(f!.devices.items.map((d) => d.name).sort()).toEqual([...D.malware.devicesContactingC2].sort());
    if (f!.prevalence.status === 'ok') expect(f!.prevalence.items[0]!.organizationPrevalence).toBe(3);
  });

  it('a domain in the same tenant: e-mails fail; alerts and their devices are filled in part (those found through e-mail are missing); prevalence whole', async () => {
    h = await startHarness();
    h.emulator.setMissingTables(MAIL_TABLES);
    const [f] = await lookup(DOMAIN);
    const e = errorOf(f!.emails);
    // A different part (alerts through the e-mails' URLs) was refused for its own table: same source, its own message.
    const alerts = partialOf(f!.alerts).partial;
    expect(alerts).toEqual(expect.objectContaining({ kind: e.kind, source: e.source }));
    expect(alerts.message).toMatch(/named 'EmailUrlInfo'/);
    // Devices of those alerts may be missing too; the devices that contacted the domain are there.
    expect(partialOf(f!.devices).items.length).toBe(D.malware.devicesContactingC2.length);
    expect({ status: f!.prevalence.status, partial: f!.prevalence.status === 'ok' ? f!.prevalence.partial : 'n/a' }).toEqual({
      status: 'ok',
      partial: undefined,
    });
  });

  it('one bad part fails only the sections it feeds: a hash lookup without the attachment table keeps its files and devices', async () => {
    h = await startHarness();
    h.emulator.setMissingTables(['EmailAttachmentInfo']);
    const [f] = await lookup({ type: 'sha256', value: D.malware.invoiceJs.sha256 });
    expect(errorOf(f!.emails).message).toMatch(/EmailAttachmentInfo/);
    expect({ status: f!.files.status, partial: f!.files.status === 'ok' ? f!.files.partial : 'n/a' }).toEqual({ status: 'ok', partial: undefined });
    expect(f!.devices.status).toBe('ok');
    expect(f!.alerts.status).toBe('ok');
  });

  it('a whole answer is cached; one with a failed part is not', async () => {
    h = await startHarness();
    h.emulator.setMissingTables(MAIL_TABLES);
    const service = new LookupService(h.defender, h.config);
    await service.lookup([IP]);
    const again = (await service.lookup([IP])).findings[0]!;
    expect(again.cached).toBe(false);
  });
});

describe('hunting throttled, forbidden or down: Defender for Endpoint fills in part', () => {
  it.each([
    ['throttled (429)', () => h.emulator.addFault({ route: 'graph.hunting', fault: { kind: 'status', status: 429, retryAfterSeconds: 600 } }), 'throttled'],
    ['forbidden (ThreatHunting.Read.All missing)', () => h.emulator.removePermission('ThreatHunting.Read.All'), 'forbidden'],
    ['down (500)', () => h.emulator.addFault({ route: 'graph.hunting', fault: { kind: 'status', status: 500 } }), 'upstream'],
  ] as const)('%s: no part retried; devices, prevalence, files and alerts filled in part; one source and message', async (_name, inject, kind) => {
    h = await startHarness({}, { DEFENDER_MAX_RETRY_WAIT_SECONDS: '30' });
    inject();
    const [ip, domain, file] = await lookup(IP, DOMAIN, SHA1);
    // Only the union was sent (with the pipeline's own retries): no part is retried when hunting itself is unavailable.
    expect(new Set(h.emulator.calls.filter((c) => c.route === 'graph.hunting').map((c) => c.status))).toEqual(
      new Set([kind === 'throttled' ? 429 : kind === 'forbidden' ? 403 : 500]),
    );

    const shared: SectionError[] = [];
    // IP: ips/{ip}/stats gives prevalence; ips/{ip}/alerts the Defender for Endpoint alerts (and their incidents).
    const ipPrevalence = partialOf(ip!.prevalence);
    expect(ipPrevalence.items).toEqual([expect.objectContaining({ organizationPrevalence: 3 })]);
    const ipAlerts = partialOf(ip!.alerts);
    expect(ipAlerts.items.length).toBeGreaterThan(0);
    shared.push(ipPrevalence.partial, ipAlerts.partial, partialOf(ip!.devices).partial, partialOf(ip!.incidents).partial, errorOf(ip!.emails));
    // Domain: domains/{d}/stats and domains/{d}/machines.
    const domainDevices = partialOf(domain!.devices);
    expect((domainDevices.items as { name: string }[]).map((d) => d.name).sort()).toEqual([...D.malware.devicesContactingC2].sort());
    shared.push(domainDevices.partial, partialOf(domain!.prevalence).partial, errorOf(domain!.emails));
    // File: files/{sha1} (profile), files/{sha1}/stats, files/{sha1}/machines.
    const files = partialOf(file!.files);
    expect(files.items).toEqual([expect.objectContaining({ sha1: SHA1.value, profileAvailable: true })]);
    const fileDevices = partialOf(file!.devices);
    expect((fileDevices.items as { name: string }[]).map((d) => d.name).sort()).toEqual([...D.malware.devicesWithPayload].sort());
    shared.push(files.partial, fileDevices.partial);

    // Every section that misses hunting says so with the same source and message: the card says it once.
    expect(new Set(shared.map((e) => e.source))).toEqual(new Set(['advanced hunting']));
    expect(new Set(shared.map((e) => e.message)).size).toBe(1);
    expect(shared.every((e) => e.kind === kind)).toBe(true);
    if (kind === 'forbidden') expect(shared[0]!.missingPermissions).toContain('ThreatHunting.Read.All');
  });

  it('everything failing: the hunting-fed sections fail, each with the one hunting source and message', async () => {
    h = await startHarness();
    h.emulator.addFault({ route: 'graph.hunting', fault: { kind: 'status', status: 500 } });
    for (const route of ['mde.ipStats', 'mde.ipAlerts', 'mde.findbyip']) h.emulator.addFault({ route, fault: { kind: 'status', status: 500 } });
    const [f] = await lookup(IP);
    const errors = [f!.alerts, f!.incidents, f!.devices, f!.prevalence, f!.emails].map(errorOf);
    expect(new Set(errors.map((e) => `${e.source}|${e.message}`)).size).toBe(1);
    expect(errors[0]!.source).toBe('advanced hunting');
  });

  it('a lookup filled in part is not cached: the next one asks again', async () => {
    h = await startHarness();
    h.emulator.addFault({ route: 'graph.hunting', fault: { kind: 'status', status: 500 } });
    const service = new LookupService(h.defender, h.config);
    expect(partialOf((await service.lookup([IP])).findings[0]!.prevalence).partial.source).toBe('advanced hunting');
    h.emulator.resetBehaviour();
    const again = (await service.lookup([IP])).findings[0]!;
    expect(again.cached).toBe(false);
    expect(again.prevalence).toEqual(expect.objectContaining({ status: 'ok' }));
    expect(again.prevalence.status === 'ok' && again.prevalence.partial).toBeFalsy();
  });
});
