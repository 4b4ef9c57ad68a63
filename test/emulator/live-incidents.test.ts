import { DEMO_LIVE_INCIDENTS, DefenderEmulator } from '../../emulator/server';
import { INCIDENT_IDS } from '../../emulator/tenant/ids';
import { loadConfig } from '../../src/config/load';
import { connectDefender } from '../../src/defender/connect';
import type { GraphAlert, GraphIncident } from '../../src/defender/types';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';
import { raw } from './support/raw-https';

type WithAlerts = GraphIncident & { alerts: GraphAlert[] };

const evidenceOf = (incident: WithAlerts, type: string) =>
  incident.alerts.flatMap((a) => a.evidence).filter((e) => e['@odata.type'] === `#microsoft.graph.security.${type}`);

describe('live incidents: Defender raises and changes incidents while the emulator runs', () => {
  let h: EmulatorHarness;

  beforeAll(async () => {
    h = await startHarness({ controlApi: true });
  });
  afterAll(() => h.close());

  const tenant = () => h.emulator.context.tenant;

  it('raises an incident on demand through POST /_emulator/incidents, with the content a card needs', async () => {
    const highest = Math.max(...tenant().incidents.map((i) => Number(i.id)));
    const answer = await raw(h.emulator, 'POST', '/_emulator/incidents', {
      body: { severity: 'High', title: 'Live: encoded PowerShell', serviceSource: 'microsoftDefenderForEndpoint', tags: ['Live demo'], alerts: 3 },
    });
    expect(answer.status).toBe(201);
    const raised = answer.body as unknown as WithAlerts;
    // A new numeric-looking id, after every id the tenant has.
    expect(raised.id).toBe(String(highest + 1));
    expect(raised).toMatchObject({
      displayName: 'Live: encoded PowerShell',
      severity: 'high',
      status: 'active',
      assignedTo: null,
      classification: 'unknown',
      determination: 'unknown',
      customTags: ['Live demo'],
      comments: [],
      incidentWebUrl: expect.stringContaining(`/incidents/${raised.id}?tid=`),
    });
    expect(raised.createdDateTime).toBe(raised.lastUpdateDateTime);
    expect(raised.alerts).toHaveLength(3);
    expect(raised.alerts.every((a) => a.incidentId === raised.id && a.serviceSource === 'microsoftDefenderForEndpoint')).toBe(true);
    expect(new Set(raised.alerts.map((a) => a.id)).size).toBe(3);
    // The evidence is Contoso's own: a device the tenant has (by mdeDeviceId), a directory user.
    const machineIds = new Set(tenant().machines.map((m) => m.id));
    const devices = evidenceOf(raised, 'deviceEvidence');
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((d) => machineIds.has(d['mdeDeviceId'] as string))).toBe(true);
    expect(evidenceOf(raised, 'userEvidence')[0]?.['userAccount']).toMatchObject({ userPrincipalName: expect.stringMatching(/@contoso\.com$/) });

    // Graph serves it like any other: on top of the list, by id with its alerts, and in advanced hunting.
    const first = await h.defender.graph.listIncidents({ top: 1, maxPages: 1 });
    expect(first.items[0]!.id).toBe(raised.id);
    const read = await h.defender.graph.getIncident(raised.id);
    expect(read.alerts!.map((a) => a.id).sort()).toEqual(raised.alerts.map((a) => a.id).sort());
    const hunted = await h.defender.graph.runHuntingQuery(`AlertInfo | where AlertId == "${raised.alerts[0]!.id}" | project Title`);
    expect(hunted.results).toEqual([{ Title: raised.alerts[0]!.title }]);
  });

  it('raises an e-mail incident whose evidence names a Contoso mailbox', () => {
    const raised = h.emulator.raiseIncident({ serviceSource: 'MicrosoftDefenderForOffice365', alerts: 2 });
    expect(raised.alerts.every((a) => a.serviceSource === 'microsoftDefenderForOffice365')).toBe(true);
    const mailbox = evidenceOf(raised, 'mailboxEvidence')[0]!;
    expect(mailbox['primaryAddress']).toMatch(/@contoso\.com$/);
    expect(raised.displayName).toMatch(/incident involving one user$/);
  });

  it('changes an incident through POST /_emulator/incidents/{id}/change: status, owner, severity, one more alert', async () => {
    const id = INCIDENT_IDS.oauthConsent;
    const before = structuredClone(tenant().incidents.find((i) => i.id === id)!);
    const alertsBefore = tenant().alerts.filter((a) => a.incidentId === id).length;
    const answer = await raw(h.emulator, 'POST', `/_emulator/incidents/${id}/change`, {
      body: { status: 'inProgress', assignedTo: 'alex.analyst@contoso.com', addAlert: { severity: 'high' } },
    });
    expect(answer.status).toBe(200);
    const changed = answer.body as unknown as WithAlerts;
    expect(changed).toMatchObject({
      id,
      status: 'inProgress',
      assignedTo: 'alex.analyst@contoso.com',
      severity: 'high',
      lastModifiedBy: 'sam.soc@contoso.com',
    });
    expect(Date.parse(changed.lastUpdateDateTime)).toBeGreaterThan(Date.parse(before.lastUpdateDateTime));
    expect(changed.alerts).toHaveLength(alertsBefore + 1);
    const added = changed.alerts.find((a) => a.createdDateTime === changed.lastUpdateDateTime)!;
    expect(added).toMatchObject({ incidentId: id, severity: 'high', assignedTo: 'alex.analyst@contoso.com', status: 'inProgress' });
    // The same incident as Graph serves it.
    expect(await h.defender.graph.getIncident(id, false)).toMatchObject({ status: 'inProgress', lastUpdateDateTime: changed.lastUpdateDateTime });

    const lowered = h.emulator.changeIncident(id, { severity: 'low' });
    // Defender's own change names nobody new.
    expect(lowered).toMatchObject({ severity: 'low', lastModifiedBy: 'sam.soc@contoso.com' });
    const resolved = h.emulator.changeIncident(id, { status: 'resolved', modifiedBy: 'alex.analyst@contoso.com' });
    expect(resolved.alerts.every((a) => a.status === 'resolved')).toBe(true);
    expect(resolved.lastModifiedBy).toBe('alex.analyst@contoso.com');
  });

  it.each<[string, unknown, number, string]>([
    ['an unknown incident', { status: 'active' }, 404, 'was not found'],
    ['an unknown status', { status: 'closed' }, 400, "The value 'closed' is not a member"],
    ['nothing to change', {}, 400, 'Nothing to change'],
    ['an unknown field', { owner: 'x' }, 400, "Unknown property 'owner'"],
    ['a bad severity', { addAlert: { severity: 'critical' } }, 400, 'addAlert.severity must be one of'],
  ])('refuses a change with %s', async (what, body, status, message) => {
    const id = what === 'an unknown incident' ? '123' : INCIDENT_IDS.cve;
    const before = structuredClone(tenant().incidents.find((i) => i.id === INCIDENT_IDS.cve));
    const answer = await raw(h.emulator, 'POST', `/_emulator/incidents/${id}/change`, { body });
    expect(answer.status).toBe(status);
    expect((answer.body as { error: { message: string } }).error.message).toContain(message);
    expect(tenant().incidents.find((i) => i.id === INCIDENT_IDS.cve)).toEqual(before);
  });

  it.each<[unknown, string]>([
    [{ severity: 'critical' }, 'severity must be one of'],
    [{ serviceSource: 'microsoftSentinel' }, 'serviceSource must be one of'],
    [{ alerts: 4 }, 'alerts must be 1, 2 or 3'],
    [{ tags: 'x' }, 'tags must be a list of strings'],
    [['x'], 'expected a JSON object'],
  ])('refuses to raise %j', async (body, message) => {
    const count = tenant().incidents.length;
    const answer = await raw(h.emulator, 'POST', '/_emulator/incidents', { body });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(message);
    expect(tenant().incidents).toHaveLength(count);
  });

  it('stamps every change after the one before, even when the clock stands still', () => {
    const stamps: string[] = [];
    // Freeze the shared clock for the burst: now() keeps returning the same millisecond.
    const realNow = Date.now;
    const fixed = realNow();
    Date.now = () => fixed;
    try {
      for (let n = 0; n < 5; n++) stamps.push(h.emulator.raiseIncident().lastUpdateDateTime);
      stamps.push(h.emulator.changeIncident(INCIDENT_IDS.cve, { addAlert: true }).lastUpdateDateTime);
    } finally {
      Date.now = realNow;
    }
    const instants = stamps.map((s) => Date.parse(s));
    for (let n = 1; n < instants.length; n++) expect(instants[n]!).toBeGreaterThan(instants[n - 1]!);
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});

describe('live incidents are deterministic and run on a timer when asked', () => {
  const NOW = new Date('2026-12-07T10:00:00.000Z');

  it('raises the same incidents from the same seed', async () => {
    const shape = (i: WithAlerts) => ({
      id: i.id,
      displayName: i.displayName,
      severity: i.severity,
      alerts: i.alerts.map((a) => ({ id: a.id, title: a.title, evidence: a.evidence.map((e) => [e['@odata.type'], e['mdeDeviceId'] ?? null]) })),
    });
    const runs: unknown[] = [];
    for (let run = 0; run < 2; run++) {
      const emulator = await DefenderEmulator.start({ now: () => NOW, rateLimits: 'off' });
      try {
        runs.push([emulator.raiseIncident(), emulator.raiseIncident({ alerts: 1 }), emulator.changeIncident(INCIDENT_IDS.cve, { addAlert: true })].map(shape));
      } finally {
        await emulator.close();
      }
    }
    expect(runs[0]).toEqual(runs[1]);
  });

  it('is off by default, and with liveIncidents keeps raising and changing incidents until it is closed', async () => {
    const quiet = await DefenderEmulator.start({ rateLimits: 'off' });
    try {
      expect(quiet.live.running).toBe(false);
    } finally {
      await quiet.close();
    }
    const emulator = await DefenderEmulator.start({ rateLimits: 'off', liveIncidents: { intervalMs: 20 } });
    try {
      expect(emulator.live.running).toBe(true);
      const before = emulator.context.tenant.incidents.map((i) => `${i.id}@${i.lastUpdateDateTime}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = emulator.context.tenant.incidents.map((i) => `${i.id}@${i.lastUpdateDateTime}`);
      expect(after.filter((x) => !before.includes(x)).length).toBeGreaterThan(3);
    } finally {
      await emulator.close();
    }
    expect(emulator.live.running).toBe(false);
  });

  it('survives an event that fails: the timer goes on and the process stays up', async () => {
    const emulator = await DefenderEmulator.start({ rateLimits: 'off' });
    try {
      // No device left to raise an incident on: every raise fails.
      emulator.context.tenant.machines.length = 0;
      expect(() => emulator.raiseIncident()).toThrow(/no machine/);
      emulator.startLiveIncidents({ intervalMs: 10 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(emulator.live.running).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it('runs in demo mode, a new incident every few minutes', async () => {
    expect(DEMO_LIVE_INCIDENTS.intervalMs).toBeGreaterThanOrEqual(30_000);
    expect(DEMO_LIVE_INCIDENTS.intervalMs).toBeLessThanOrEqual(180_000);
    const defender = await connectDefender(loadConfig({}));
    try {
      expect(defender.demo).toBe(true);
      expect(defender.emulator!.live.intervalMs).toBe(DEMO_LIVE_INCIDENTS.intervalMs);
    } finally {
      await defender.close();
    }
    expect(defender.emulator!.live.running).toBe(false);
  });
});
