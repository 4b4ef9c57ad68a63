import { DEMO_INDICATORS } from '../../../emulator/tenant';
import { allEvidence, DAY_MS, HEX, isIso, NOW, rows, tenant } from './helpers';

describe('demo tenant machines', () => {
  const t = tenant();
  const byName = (name: string) => t.machines.find((m) => m.computerDnsName === name);

  it('has 10-14 machines with unique 40-hex ids and FQDN names', () => {
    expect(t.machines.length).toBeGreaterThanOrEqual(10);
    expect(t.machines.length).toBeLessThanOrEqual(14);
    expect(new Set(t.machines.map((m) => m.id)).size).toBe(t.machines.length);
    for (const m of t.machines) {
      expect(m.id).toMatch(HEX.sha1);
      expect(m.computerDnsName).toMatch(/^[a-z0-9-]+\.contoso\.com$/);
      expect(isIso(m.firstSeen) && isIso(m.lastSeen)).toBe(true);
      expect(Date.parse(m.firstSeen)).toBeLessThan(Date.parse(m.lastSeen));
      expect(Date.parse(m.lastSeen)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('keeps the documented ids and names of the story machines', () => {
    expect(byName('ws-042.contoso.com')?.id).toBe('1e5bc9d7e413ddd7902c2932e418702b84d0cc07');
    for (const name of ['srv-fin-01.contoso.com', 'dc-01.contoso.com', 'ws-017.contoso.com', 'srv-file-02.contoso.com']) {
      expect(byName(name)).toBeDefined();
    }
  });

  it('has at least one machine in every health state, risk score, exposure level and OS', () => {
    for (const wanted of [
      ['healthStatus', ['Active', 'Inactive', 'ImpairedCommunication', 'NoSensorData']],
      ['riskScore', ['None', 'Informational', 'Low', 'Medium', 'High']],
      ['exposureLevel', ['None', 'Low', 'Medium', 'High']],
      ['osPlatform', ['Windows10', 'Windows11', 'WindowsServer2019', 'WindowsServer2022', 'Linux', 'macOS']],
    ] as const) {
      const [field, values] = wanted;
      const present = new Set(t.machines.map((m) => m[field]));
      for (const v of values) expect({ field, v, present: present.has(v) }).toEqual({ field, v, present: true });
    }
  });

  it('has a long-offline machine, a do-not-isolate domain controller and a vip machine', () => {
    const offline = t.machines.filter((m) => NOW.getTime() - Date.parse(m.lastSeen) >= 20 * DAY_MS);
    expect(offline.map((m) => m.computerDnsName)).toEqual([DEMO_INDICATORS.offlineDevice.name]);
    expect(offline[0]?.healthStatus).toBe('Inactive');
    expect(byName('dc-01.contoso.com')?.machineTags).toContain('do-not-isolate');
    expect(t.machines.filter((m) => m.machineTags.includes('do-not-isolate')).map((m) => m.computerDnsName)).toEqual(['dc-01.contoso.com']);
    expect(t.machines.filter((m) => m.machineTags.includes('vip')).length).toBe(1);
  });

  it('gives every machine internal and external addresses and 12-hex MAC addresses', () => {
    for (const m of t.machines) {
      expect(m.lastIpAddress).toMatch(/^10\.0\.\d{1,3}\.\d{1,3}$/);
      expect(m.lastExternalIpAddress).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
      expect(m.ipAddresses.map((a) => a.ipAddress)).toContain(m.lastIpAddress);
      for (const a of m.ipAddresses) {
        if (a.macAddress !== null) expect(a.macAddress).toMatch(/^[0-9A-F]{12}$/);
      }
      expect(m.ipAddresses.find((a) => a.ipAddress === m.lastIpAddress)?.macAddress).not.toBeNull();
    }
  });
});

describe('demo tenant machine actions', () => {
  const t = tenant();
  const machine = (name: string) => t.machines.find((m) => m.computerDnsName === name);

  it('references real machines, with consistent names and times', () => {
    for (const a of t.machineActions) {
      const m = t.machines.find((x) => x.id === a.machineId);
      expect(m?.computerDnsName).toBe(a.computerDnsName);
      expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isIso(a.creationDateTimeUtc) && isIso(a.lastUpdateDateTimeUtc)).toBe(true);
      expect(Date.parse(a.creationDateTimeUtc)).toBeLessThanOrEqual(Date.parse(a.lastUpdateDateTimeUtc));
      expect(Date.parse(a.lastUpdateDateTimeUtc)).toBeLessThanOrEqual(NOW.getTime());
      expect(a.requestor.length).toBeGreaterThan(0);
    }
  });

  it('has the documented history: ws-042 scan, srv-fin-01 isolated, a pending isolation, a failed quarantine', () => {
    const ws042 = machine('ws-042.contoso.com');
    expect(t.machineActions.some((a) => a.machineId === ws042?.id && a.type === 'RunAntiVirusScan' && a.status === 'Succeeded')).toBe(true);

    const fin = machine('srv-fin-01.contoso.com');
    const isolations = t.machineActions
      .filter((a) => a.machineId === fin?.id && (a.type === 'Isolate' || a.type === 'Unisolate'))
      .sort((a, b) => Date.parse(b.creationDateTimeUtc) - Date.parse(a.creationDateTimeUtc));
    expect(isolations[0]).toMatchObject({ type: 'Isolate', status: 'Succeeded' });

    const pending = t.machineActions.filter((a) => a.type === 'Isolate' && a.status === 'Pending');
    expect(pending.map((a) => a.computerDnsName)).toEqual([DEMO_INDICATORS.pendingIsolationDevice.name]);

    const failed = t.machineActions.find((a) => a.type === 'StopAndQuarantineFile' && a.status === 'Failed');
    expect(failed?.relatedFileInfo?.fileIdentifierType).toBe('Sha1');
    expect(failed?.relatedFileInfo?.fileIdentifier).toMatch(HEX.sha1);
    expect(failed?.errorHResult).not.toBe(0);

    const requestors = new Set(t.machineActions.map((a) => a.requestor));
    expect(requestors).toContain('Contoso SOC App (contoso.onmicrosoft.com)');
    expect([...requestors].some((r) => r.endsWith('@contoso.com'))).toBe(true);
  });

  it('has at most one non-final action per machine and type', () => {
    const open = t.machineActions.filter((a) => a.status === 'Pending' || a.status === 'InProgress');
    const keys = open.map((a) => `${a.machineId}:${a.type}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('demo tenant files and indicators', () => {
  const t = tenant();

  it('has valid lower-case hashes of the right length on every file profile', () => {
    for (const f of t.files) {
      expect(f.sha1).toMatch(HEX.sha1);
      expect(f.sha256).toMatch(HEX.sha256);
      expect(f.md5).toMatch(HEX.md5);
    }
    expect(new Set(t.files.map((f) => f.sha1)).size).toBe(t.files.length);
  });

  it('profiles the story files with the documented hashes and verdicts', () => {
    const invoice = t.files.find((f) => f.sha1 === '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
    expect(invoice).toMatchObject({
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      determinationType: 'Malware',
      determinationValue: 'Trojan:JS/Nemucod.A',
    });
    for (const f of [DEMO_INDICATORS.malware.payloadExe, DEMO_INDICATORS.ransomware.file]) {
      expect(t.files.find((x) => x.sha256 === f.sha256)?.determinationType).toBe('Malware');
    }
    expect(t.files.some((f) => f.determinationType === 'Pua')).toBe(true);
    expect(t.files.some((f) => f.determinationType === 'Clean' && f.signer !== null && f.issuer !== null)).toBe(true);
  });

  it('has no profile for the email-only attachment, which still appears in mail and alert evidence', () => {
    const { sha256 } = DEMO_INDICATORS.emailOnlyAttachment;
    expect(t.files.some((f) => f.sha256 === sha256)).toBe(false);
    expect(rows(t, 'EmailAttachmentInfo').some((r) => r['SHA256'] === sha256)).toBe(true);
    expect(rows(t, 'AlertEvidence').some((r) => r['SHA256'] === sha256)).toBe(true);
  });

  it('has a file profile for every SHA-1 an alert names', () => {
    const sha1s = allEvidence(t).flatMap((e) => {
      const details = (e['fileDetails'] ?? e['imageFile']) as { sha1?: string | null } | undefined;
      return details?.sha1 ? [details.sha1] : [];
    });
    for (const sha1 of sha1s) expect(t.files.some((f) => f.sha1 === sha1)).toBe(true);
  });

  it('has the C2 domain blocked, the C2 IP on alert, and indicator values that are well formed', () => {
    expect(t.indicators.find((i) => i.indicatorValue === 'c2.badcdn.example.org')).toMatchObject({
      indicatorType: 'DomainName',
      action: 'Block',
    });
    expect(t.indicators.find((i) => i.indicatorValue === '198.51.100.77')).toMatchObject({ indicatorType: 'IpAddress', action: 'Alert' });
    expect(new Set(t.indicators.map((i) => i.id)).size).toBe(t.indicators.length);
    for (const i of t.indicators) {
      if (i.indicatorType === 'FileSha256') expect(i.indicatorValue).toMatch(HEX.sha256);
      if (i.indicatorType === 'FileSha1') expect(i.indicatorValue).toMatch(HEX.sha1);
      expect(isIso(i.creationTimeDateTimeUtc) && isIso(i.lastUpdateTime)).toBe(true);
    }
  });
});
