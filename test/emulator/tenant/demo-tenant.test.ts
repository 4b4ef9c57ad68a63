import { createDemoTenant, DEMO_INDICATORS, DEMO_TENANT_ID, DEMO_USERS } from '../../../emulator/tenant';
import { allEvidence, DAY_MS, evidenceOfType, isIso, NOW, tenant } from './helpers';

describe('createDemoTenant: determinism', () => {
  it('builds the same tenant for the same now', () => {
    expect(createDemoTenant(new Date(NOW))).toEqual(createDemoTenant(new Date(NOW)));
  });

  it('never calls Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    try {
      createDemoTenant(NOW);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps ids and row counts for a different now and shifts times with it', () => {
    const later = new Date(NOW.getTime() + 3 * DAY_MS + 1234);
    const a = createDemoTenant(NOW);
    const b = createDemoTenant(later);
    expect(b.incidents.map((i) => i.id)).toEqual(a.incidents.map((i) => i.id));
    expect(b.alerts.map((x) => x.id)).toEqual(a.alerts.map((x) => x.id));
    expect(b.machines.map((m) => m.id)).toEqual(a.machines.map((m) => m.id));
    for (const [name, table] of Object.entries(a.tables)) {
      expect(b.tables[name]?.rows.length).toBe(table.rows.length);
    }
    a.incidents.forEach((incident, i) => {
      const shifted = Date.parse(b.incidents[i]?.createdDateTime ?? '') - Date.parse(incident.createdDateTime);
      expect(shifted).toBe(later.getTime() - NOW.getTime());
    });
  });

  it('returns fresh objects on every call', () => {
    const a = createDemoTenant(NOW);
    const b = createDemoTenant(NOW);
    a.machines[0]?.machineTags.push('mutated');
    a.tables['EmailEvents']?.rows.pop();
    expect(b.machines[0]?.machineTags).not.toContain('mutated');
    expect(b.tables['EmailEvents']?.rows.length).toBe(createDemoTenant(NOW).tables['EmailEvents']?.rows.length);
  });

  it('rejects an invalid date', () => {
    expect(() => createDemoTenant(new Date('nope'))).toThrow(/not a valid date/);
  });
});

describe('createDemoTenant: incidents and alerts', () => {
  const t = tenant();

  it('has the tenant id everywhere', () => {
    expect(t.tenantId).toBe(DEMO_TENANT_ID);
    expect(DEMO_TENANT_ID).toBe('8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21');
    for (const record of [...t.incidents, ...t.alerts]) expect(record.tenantId).toBe(DEMO_TENANT_ID);
  });

  it('has 8-12 incidents with 1-4 alerts each and 20-30 alerts in all', () => {
    expect(t.incidents.length).toBeGreaterThanOrEqual(8);
    expect(t.incidents.length).toBeLessThanOrEqual(12);
    expect(t.alerts.length).toBeGreaterThanOrEqual(20);
    expect(t.alerts.length).toBeLessThanOrEqual(30);
    for (const incident of t.incidents) {
      const count = t.alerts.filter((a) => a.incidentId === incident.id).length;
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(4);
    }
  });

  it('links every alert to an existing incident, with matching web URLs', () => {
    const ids = new Set(t.incidents.map((i) => i.id));
    expect(ids.size).toBe(t.incidents.length);
    expect(new Set(t.alerts.map((a) => a.id)).size).toBe(t.alerts.length);
    for (const alert of t.alerts) {
      expect(ids.has(alert.incidentId ?? '')).toBe(true);
      expect(alert.alertWebUrl).toBe(`https://security.microsoft.com/alerts/${alert.id}?tid=${DEMO_TENANT_ID}`);
      expect(alert.incidentWebUrl).toBe(`https://security.microsoft.com/incidents/${alert.incidentId}?tid=${DEMO_TENANT_ID}`);
    }
    for (const incident of t.incidents) {
      expect(incident.incidentWebUrl).toBe(`https://security.microsoft.com/incidents/${incident.id}?tid=${DEMO_TENANT_ID}`);
      expect(incident).not.toHaveProperty('alerts');
    }
  });

  it('orders incidents and alerts newest first', () => {
    const times = t.incidents.map((i) => Date.parse(i.createdDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('keeps every Graph timestamp ISO, within the SOC week and in a sensible order', () => {
    const weekAgo = NOW.getTime() - 7 * DAY_MS - 3_600_000;
    const inWeek = (iso: string | null) => {
      expect(isIso(iso)).toBe(true);
      const ms = Date.parse(iso ?? '');
      expect(ms).toBeGreaterThanOrEqual(weekAgo);
      expect(ms).toBeLessThanOrEqual(NOW.getTime());
      return ms;
    };
    for (const a of t.alerts) {
      const first = inWeek(a.firstActivityDateTime);
      const last = inWeek(a.lastActivityDateTime);
      const created = inWeek(a.createdDateTime);
      const updated = inWeek(a.lastUpdateDateTime);
      expect(first).toBeLessThanOrEqual(last);
      expect(first).toBeLessThanOrEqual(created);
      expect(created).toBeLessThanOrEqual(updated);
      if (a.status === 'resolved') expect(inWeek(a.resolvedDateTime)).toBeGreaterThanOrEqual(created);
      else expect(a.resolvedDateTime).toBeNull();
      for (const e of a.evidence) expect(e.createdDateTime).toBe(a.createdDateTime);
    }
    for (const i of t.incidents) {
      const created = inWeek(i.createdDateTime);
      expect(inWeek(i.lastUpdateDateTime)).toBeGreaterThanOrEqual(created);
      const alerts = t.alerts.filter((a) => a.incidentId === i.id);
      expect(created).toBe(Math.min(...alerts.map((a) => Date.parse(a.createdDateTime))));
      for (const c of i.comments) inWeek(c.createdDateTime);
    }
  });

  it('covers every service source the story needs, with a multi-source incident', () => {
    const sources = new Set(t.alerts.map((a) => a.serviceSource));
    for (const s of [
      'microsoftDefenderForEndpoint',
      'microsoftDefenderForOffice365',
      'microsoftDefenderForIdentity',
      'microsoftDefenderForCloudApps',
      'microsoft365Defender',
    ]) {
      expect(sources).toContain(s);
    }
    const multi = t.incidents.filter((i) => new Set(t.alerts.filter((a) => a.incidentId === i.id).map((a) => a.serviceSource)).size >= 3);
    expect(multi.map((i) => i.id)).toContain(DEMO_INDICATORS.incidents.ransomware);
  });

  it('mixes statuses, severities, classifications and assignments', () => {
    expect(new Set(t.incidents.map((i) => i.status))).toEqual(new Set(['active', 'inProgress', 'resolved']));
    expect(new Set(t.incidents.map((i) => i.severity))).toEqual(new Set(['informational', 'low', 'medium', 'high']));
    const classifications = new Set(t.incidents.map((i) => i.classification));
    for (const c of ['truePositive', 'falsePositive', 'informationalExpectedActivity', 'unknown']) expect(classifications).toContain(c);
    const assignees = new Set(t.incidents.map((i) => i.assignedTo));
    expect(assignees).toContain('alex.analyst@contoso.com');
    expect(assignees).toContain('sam.soc@contoso.com');
    expect(assignees).toContain(null);
    for (const a of t.alerts) {
      const incident = t.incidents.find((i) => i.id === a.incidentId);
      expect(a.assignedTo).toBe(incident?.assignedTo);
    }
  });

  it('pairs every classification with a determination Microsoft allows for it', () => {
    const allowed: Record<string, string[]> = {
      truePositive: ['multiStagedAttack', 'maliciousUserActivity', 'malware', 'phishing', 'compromisedAccount', 'unwantedSoftware', 'apt', 'other'],
      informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'securityPersonnel', 'other'],
      falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
      unknown: ['unknown'],
    };
    for (const i of t.incidents) expect(allowed[i.classification ?? 'unknown']).toContain(i.determination);
  });

  it('mentions CVE-2024-3400 in an alert description', () => {
    expect(t.alerts.some((a) => a.description?.includes('CVE-2024-3400'))).toBe(true);
  });
});

describe('createDemoTenant: evidence cross-references', () => {
  const t = tenant();
  const machineIds = new Set(t.machines.map((m) => m.id));

  it('points every mdeDeviceId at a machine, and device evidence names match the machine', () => {
    const withDevice = allEvidence(t).filter((e) => e['mdeDeviceId'] !== undefined && e['mdeDeviceId'] !== null);
    expect(withDevice.length).toBeGreaterThan(20);
    for (const e of withDevice) expect(machineIds.has(String(e['mdeDeviceId']))).toBe(true);
    for (const e of evidenceOfType(t, 'deviceEvidence')) {
      const machine = t.machines.find((m) => m.id === e['mdeDeviceId']);
      expect(e['deviceDnsName']).toBe(machine?.computerDnsName);
      expect(e['lastIpAddress']).toBe(machine?.lastIpAddress);
      expect(e['osPlatform']).toBe(machine?.osPlatform);
    }
  });

  it('gives file evidence hashes that match the MDE file profiles', () => {
    for (const e of [...evidenceOfType(t, 'fileEvidence'), ...evidenceOfType(t, 'processEvidence')]) {
      const details = (e['fileDetails'] ?? e['imageFile']) as Record<string, string | null>;
      if (details['sha1'] === null) continue;
      const profile = t.files.find((f) => f.sha1 === details['sha1']);
      expect(profile).toBeDefined();
      expect(details['sha256']).toBe(profile?.sha256);
      expect(details['md5']).toBe(profile?.md5);
    }
  });

  it('has the evidence types each story calls for', () => {
    const types = new Set(allEvidence(t).map((e) => e['@odata.type'].replace('#microsoft.graph.security.', '')));
    for (const type of [
      'analyzedMessageEvidence',
      'urlEvidence',
      'ipEvidence',
      'mailboxEvidence',
      'mailClusterEvidence',
      'fileEvidence',
      'processEvidence',
      'deviceEvidence',
      'userEvidence',
      'cloudApplicationEvidence',
      'oauthApplicationEvidence',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('tells the phishing story with the documented sender, IP, URL and recipients', () => {
    const phish = t.alerts.filter((a) => a.incidentId === DEMO_INDICATORS.incidents.phishing);
    const evidence = phish.flatMap((a) => a.evidence);
    const messages = evidence.filter((e) => e['@odata.type'].endsWith('analyzedMessageEvidence'));
    expect(messages.every((m) => (m['p1Sender'] as { emailAddress: string }).emailAddress === 'billing@example.net')).toBe(true);
    expect(messages.every((m) => (m['p1Sender'] as { displayName: string }).displayName === 'Billing')).toBe(true);
    expect(messages.every((m) => m['senderIp'] === '203.0.113.25')).toBe(true);
    expect(evidence.some((e) => e['url'] === 'https://bad.example.net/login')).toBe(true);
    expect(evidence.some((e) => e['ipAddress'] === '203.0.113.25')).toBe(true);
    const cluster = evidence.find((e) => e['@odata.type'].endsWith('mailClusterEvidence'));
    expect(cluster?.['networkMessageIds']).toEqual(expect.arrayContaining([...DEMO_INDICATORS.phishing.networkMessageIds]));
  });

  it('tells the identity and cloud-app stories', () => {
    const upns = (type: string) => evidenceOfType(t, type).map((e) => (e['userAccount'] as { userPrincipalName: string }).userPrincipalName);
    expect(upns('userEvidence')).toContain('svc-backup@contoso.com');
    expect(upns('userEvidence')).toContain('user2@contoso.com');
    const ips = evidenceOfType(t, 'ipEvidence').map((e) => e['ipAddress']);
    for (const ip of ['192.0.2.200', '2001:db8::5', '198.51.100.9', '198.51.100.77']) expect(ips).toContain(ip);
    const dc = evidenceOfType(t, 'deviceEvidence').filter((e) => e['deviceDnsName'] === 'dc-01.contoso.com');
    expect(dc.length).toBeGreaterThan(0);
  });
});

describe('createDemoTenant: groups and users', () => {
  const t = tenant();

  it('puts alex in responders and hunters, sam in approvers, pat nowhere', () => {
    const groupsOf = (objectId: string) =>
      Object.values(t.groups)
        .filter((g) => g.members.includes(objectId))
        .map((g) => g.displayName)
        .sort();
    expect(groupsOf(DEMO_USERS.alex.objectId)).toEqual(['SOC Hunters', 'SOC Responders']);
    expect(groupsOf(DEMO_USERS.sam.objectId)).toEqual(['SOC Approvers']);
    expect(groupsOf(DEMO_USERS.pat.objectId)).toEqual([]);
    expect(Object.keys(t.groups).sort()).toEqual([
      '11111111-0000-4000-8000-000000000001',
      '11111111-0000-4000-8000-000000000002',
      '11111111-0000-4000-8000-000000000003',
    ]);
    expect(DEMO_USERS.alex.objectId).toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(DEMO_USERS.sam.objectId).toBe('aaaaaaaa-0000-4000-8000-000000000002');
    expect(DEMO_USERS.pat.objectId).toBe('aaaaaaaa-0000-4000-8000-000000000003');
  });
});
