import { DEMO_INDICATORS, TABLE_COLUMNS } from '../../../emulator/tenant';
import { HUNTING_TABLES } from '../../../src/defender/hunting-schema';
import type { TableRow } from '../../../emulator/tenant';
import { allEvidence, DAY_MS, evidenceOfType, HEX, isIso, NOW, rows, tenant } from './helpers';

// The served tables: each must be Microsoft's schema exactly (src/defender/hunting-schema/schema.json, transcribed from
// learn.microsoft.com/defender-xdr/advanced-hunting-<table>-table).
const SERVED = [
  'AlertInfo',
  'AlertEvidence',
  'DeviceInfo',
  'DeviceNetworkInfo',
  'DeviceNetworkEvents',
  'DeviceFileEvents',
  'EmailEvents',
  'EmailUrlInfo',
  'EmailAttachmentInfo',
  'EmailPostDeliveryEvents',
  'IdentityLogonEvents',
];
const DOTNET: Record<string, string> = {
  string: 'String',
  datetime: 'DateTime',
  long: 'Int64',
  int: 'Int32',
  bool: 'Boolean',
  boolean: 'Boolean',
  dynamic: 'Object',
};

const VALID_TYPES = ['DateTime', 'String', 'Int32', 'Int64', 'Boolean', 'Double', 'Object'];

function typeOk(type: string, value: unknown): boolean {
  if (value === null) return type !== 'String';
  switch (type) {
    case 'DateTime':
      return isIso(value);
    case 'String':
      return typeof value === 'string';
    case 'Int32':
    case 'Int64':
      return Number.isInteger(value);
    case 'Double':
      return typeof value === 'number';
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Object':
      return typeof value === 'object';
    default:
      return false;
  }
}

const t = tenant();
const col = (table: string, name: string) => rows(t, table).map((r) => r[name]);

describe('hunting tables: schema', () => {
  it('has exactly the tables and columns of the schema, with its types', () => {
    expect(Object.keys(t.tables).sort()).toEqual([...SERVED].sort());
    for (const name of SERVED) {
      const table = t.tables[name];
      const schema = HUNTING_TABLES[name]!;
      expect(table?.columns).toEqual(schema.columns.map((c) => ({ name: c.name, type: DOTNET[c.type] })));
      for (const c of table?.columns ?? []) expect(VALID_TYPES).toContain(c.type);
      expect(table?.columns).toEqual(TABLE_COLUMNS[name as keyof typeof TABLE_COLUMNS]);
    }
  });

  it('types Timestamp as DateTime, counters as integers, and JSON-looking columns as the schema does (string)', () => {
    for (const table of Object.values(t.tables)) {
      expect(table.columns.find((c) => c.name === 'Timestamp')?.type).toBe('DateTime');
    }
    const typeOf = (table: string, name: string) => t.tables[table]?.columns.find((c) => c.name === name)?.type;
    expect(typeOf('EmailEvents', 'AttachmentCount')).toBe('Int32');
    expect(typeOf('EmailEvents', 'EmailClusterId')).toBe('Int64');
    expect(typeOf('DeviceInfo', 'OSBuild')).toBe('Int64');
    expect(typeOf('DeviceInfo', 'IsAzureADJoined')).toBe('Boolean');
    // Issue 12: IPAddresses is JSON text in Microsoft's schema, not dynamic.
    for (const [table, column] of [
      ['DeviceNetworkInfo', 'IPAddresses'],
      ['DeviceNetworkInfo', 'ConnectedNetworks'],
      ['DeviceInfo', 'LoggedOnUsers'],
      ['DeviceInfo', 'AdditionalFields'],
      ['AlertEvidence', 'AdditionalFields'],
    ]) {
      expect({ table, column, type: typeOf(table!, column!) }).toEqual({ table, column, type: 'String' });
    }
    expect(typeOf('IdentityLogonEvents', 'AdditionalFields')).toBe('Object');
  });

  it('gives every row exactly the declared columns, each value of its declared type', () => {
    for (const [name, table] of Object.entries(t.tables)) {
      expect(table.rows.length).toBeGreaterThan(0);
      const names = table.columns.map((c) => c.name);
      for (const r of table.rows) {
        expect(Object.keys(r)).toEqual(names);
        const bad = table.columns.filter((c) => !typeOk(c.type, r[c.name])).map((c) => `${c.name}=${String(r[c.name])}`);
        expect({ name, bad }).toEqual({ name, bad: [] });
      }
    }
  });

  it('keeps every DateTime within the 30-day hunting window', () => {
    const floor = NOW.getTime() - 30 * DAY_MS;
    for (const [name, table] of Object.entries(t.tables)) {
      for (const c of table.columns.filter((x) => x.type === 'DateTime')) {
        for (const r of table.rows.filter((x) => x[c.name] !== null)) {
          const ms = Date.parse(String(r[c.name]));
          expect({ name, ok: ms >= floor && ms <= NOW.getTime() }).toEqual({ name, ok: true });
        }
      }
    }
  });

  it('has a few hundred device events and about fifty background emails', () => {
    const deviceEvents = rows(t, 'DeviceNetworkEvents').length + rows(t, 'DeviceFileEvents').length;
    expect(deviceEvents).toBeGreaterThanOrEqual(200);
    expect(deviceEvents).toBeLessThanOrEqual(1000);
    const partners = rows(t, 'EmailEvents').filter((r) => !String(r['ThreatTypes']).match(/Phish|Malware/));
    expect(partners.length).toBeGreaterThanOrEqual(40);
    expect(partners.some((r) => r['SenderFromAddress'] === 'news@fabrikam.com')).toBe(true);
  });

  it('has valid lower-case hashes wherever a hash column is filled', () => {
    const check = (table: string, name: string, re: RegExp) => {
      for (const v of col(table, name)) if (v !== '') expect(v).toMatch(re);
    };
    check('AlertEvidence', 'SHA1', HEX.sha1);
    check('AlertEvidence', 'SHA256', HEX.sha256);
    check('DeviceFileEvents', 'SHA1', HEX.sha1);
    check('DeviceFileEvents', 'SHA256', HEX.sha256);
    check('DeviceFileEvents', 'MD5', HEX.md5);
    check('DeviceNetworkEvents', 'InitiatingProcessSHA1', HEX.sha1);
    check('EmailAttachmentInfo', 'SHA256', HEX.sha256);
    for (const e of allEvidence(t)) {
      const details = (e['fileDetails'] ?? e['imageFile']) as Record<string, string | null> | undefined;
      if (!details) continue;
      if (details['sha1'] !== null) expect(details['sha1']).toMatch(HEX.sha1);
      if (details['sha256'] !== null) expect(details['sha256']).toMatch(HEX.sha256);
      if (details['md5'] !== null) expect(details['md5']).toMatch(HEX.md5);
    }
  });
});

describe('hunting tables: derived from alerts', () => {
  it('has one AlertInfo row per alert and one AlertEvidence row per evidence item', () => {
    const info = rows(t, 'AlertInfo');
    expect(info.length).toBe(t.alerts.length);
    expect(rows(t, 'AlertEvidence').length).toBe(allEvidence(t).length);
    for (const alert of t.alerts) {
      const r = info.find((x) => x['AlertId'] === alert.id);
      expect(r).toMatchObject({ Title: alert.title, Timestamp: alert.createdDateTime, Category: alert.category });
      expect(String(r?.['Severity']).toLowerCase()).toBe(alert.severity);
      expect(rows(t, 'AlertEvidence').filter((x) => x['AlertId'] === alert.id).length).toBe(alert.evidence.length);
    }
  });

  it('uses the hunting spelling of service and detection sources', () => {
    expect(new Set(col('AlertInfo', 'ServiceSource'))).toEqual(
      new Set([
        'Microsoft Defender for Endpoint',
        'Microsoft Defender for Office 365',
        'Microsoft Defender for Identity',
        'Microsoft Defender for Cloud Apps',
        'Microsoft Defender XDR',
      ]),
    );
    for (const v of col('AlertInfo', 'DetectionSource')) expect(v).toMatch(/^(EDR|Antivirus|Microsoft Defender .+)$/);
    for (const v of col('AlertInfo', 'AttackTechniques')) expect(Array.isArray(JSON.parse(String(v)))).toBe(true);
  });

  it('has AlertEvidence rows for every demo indicator', () => {
    const ev = rows(t, 'AlertEvidence');
    const where = (pred: (r: TableRow) => boolean) => ev.filter(pred).length;
    const ips = ['203.0.113.25', '198.51.100.77', '192.0.2.200', '2001:db8::5', '198.51.100.9', DEMO_INDICATORS.reverseShellIp];
    for (const ip of ips) expect({ ip, n: where((r) => r['RemoteIP'] === ip) > 0 }).toEqual({ ip, n: true });
    for (const url of ['https://bad.example.net/login', 'c2.badcdn.example.org']) {
      expect({ url, n: where((r) => r['RemoteUrl'] === url) > 0 }).toEqual({ url, n: true });
    }
    const m = DEMO_INDICATORS.malware;
    for (const f of [m.invoiceJs, m.payloadExe, DEMO_INDICATORS.ransomware.file]) {
      expect(where((r) => r['SHA1'] === f.sha1 && r['SHA256'] === f.sha256)).toBeGreaterThan(0);
    }
    expect(where((r) => r['SHA256'] === DEMO_INDICATORS.emailOnlyAttachment.sha256)).toBeGreaterThan(0);
    for (const upn of ['user1@contoso.com', 'user2@contoso.com', 'svc-backup@contoso.com']) {
      expect({ upn, n: where((r) => r['AccountUpn'] === upn) > 0 }).toEqual({ upn, n: true });
    }
    expect(where((r) => String(r['AdditionalFields']).includes('billing@example.net'))).toBeGreaterThan(0);
    for (const name of ['ws-042.contoso.com', 'ws-017.contoso.com', 'srv-fin-01.contoso.com', 'dc-01.contoso.com']) {
      expect({ name, n: where((r) => r['DeviceName'] === name) > 0 }).toEqual({ name, n: true });
    }
    expect(where((r) => r['EntityType'] === 'OAuthApplication' && r['OAuthApplicationId'] === DEMO_INDICATORS.cloudApps.oauthApp.appId)).toBe(2);
  });

  it('names devices in AlertEvidence exactly as the machines do', () => {
    for (const r of rows(t, 'AlertEvidence').filter((x) => x['DeviceId'] !== '')) {
      expect(t.machines.find((m) => m.id === r['DeviceId'])?.computerDnsName).toBe(r['DeviceName']);
    }
  });
});

describe('hunting tables: derived from machines', () => {
  it('has DeviceInfo snapshots whose latest row matches each machine', () => {
    for (const m of t.machines) {
      const snapshots = rows(t, 'DeviceInfo').filter((r) => r['DeviceId'] === m.id);
      expect(snapshots.length).toBeGreaterThanOrEqual(1);
      const latest = snapshots.reduce((a, b) => (Date.parse(String(b['Timestamp'])) > Date.parse(String(a['Timestamp'])) ? b : a));
      expect(latest).toMatchObject({
        Timestamp: m.lastSeen,
        DeviceName: m.computerDnsName,
        PublicIP: m.lastExternalIpAddress,
        OSPlatform: m.osPlatform,
        OSBuild: m.osBuild,
        ClientVersion: m.agentVersion,
        ExposureLevel: m.exposureLevel,
        SensorHealthState: m.healthStatus,
        MachineGroup: m.rbacGroupName,
        AadDeviceId: m.aadDeviceId ?? '',
        IsAzureADJoined: m.isAadJoined,
        DeviceManualTags: JSON.stringify(m.machineTags),
      });
    }
    expect(rows(t, 'DeviceInfo').length).toBeGreaterThan(t.machines.length);
  });

  it("has DeviceNetworkInfo with each machine's address and MAC", () => {
    for (const m of t.machines) {
      const r = rows(t, 'DeviceNetworkInfo').filter((x) => x['DeviceId'] === m.id);
      expect(r.length).toBeGreaterThan(0);
      const mac = m.ipAddresses.find((a) => a.ipAddress === m.lastIpAddress)?.macAddress ?? '';
      for (const x of r) {
        expect(String(x['MacAddress']).replace(/-/g, '')).toBe(mac);
        expect(typeof x['IPAddresses']).toBe('string');
        const addresses = JSON.parse(String(x['IPAddresses'])) as { IPAddress: string; SubnetPrefix: number; AddressType: string }[];
        expect(addresses.map((a) => a.IPAddress)).toContain(m.lastIpAddress);
        expect(x['DeviceName']).toBe(m.computerDnsName);
      }
    }
  });
});

describe('hunting tables: device events', () => {
  const machineName = new Map(t.machines.map((m) => [m.id, m.computerDnsName]));

  it('only names known devices, with matching names', () => {
    for (const table of ['DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceInfo', 'DeviceNetworkInfo']) {
      for (const r of rows(t, table)) expect(machineName.get(String(r['DeviceId']))).toBe(r['DeviceName']);
    }
  });

  it('has three devices contacting the C2 IP and the C2 domain', () => {
    const net = rows(t, 'DeviceNetworkEvents');
    const devicesFor = (pred: (r: TableRow) => boolean) => new Set(net.filter(pred).map((r) => r['DeviceName']));
    const expected = new Set(DEMO_INDICATORS.malware.devicesContactingC2);
    expect(devicesFor((r) => r['RemoteIP'] === '198.51.100.77')).toEqual(expected);
    expect(devicesFor((r) => r['RemoteUrl'] === 'c2.badcdn.example.org')).toEqual(expected);
  });

  it('has invoice.js and payload.exe on two devices and the ransomware binary on two servers', () => {
    const files = rows(t, 'DeviceFileEvents');
    const devicesWith = (sha1: string | null) => new Set(files.filter((r) => r['SHA1'] === sha1).map((r) => r['DeviceName']));
    const m = DEMO_INDICATORS.malware;
    expect(devicesWith(m.invoiceJs.sha1)).toEqual(new Set(m.devicesWithPayload));
    expect(devicesWith(m.payloadExe.sha1)).toEqual(new Set(m.devicesWithPayload));
    expect(devicesWith(DEMO_INDICATORS.ransomware.file.sha1)).toEqual(new Set(DEMO_INDICATORS.ransomware.devicesWithFile));
  });

  it("uses the file profiles' hashes for every known file name", () => {
    for (const r of rows(t, 'DeviceFileEvents')) {
      const profile = t.files.find((f) => f.sha1 === r['SHA1']);
      if (!profile) continue;
      expect(r['SHA256']).toBe(profile.sha256);
      expect(r['MD5']).toBe(profile.md5);
      expect(r['FileSize']).toBe(profile.size);
    }
  });

  it('sends nothing from silent devices in the last week', () => {
    const silent = t.machines.filter((m) => m.healthStatus === 'Inactive' || m.healthStatus === 'NoSensorData').map((m) => m.id);
    expect(silent.length).toBeGreaterThanOrEqual(2);
    for (const table of ['DeviceNetworkEvents', 'DeviceFileEvents']) {
      expect(rows(t, table).filter((r) => silent.includes(String(r['DeviceId'])))).toEqual([]);
    }
  });
});

describe('hunting tables: email', () => {
  const events = rows(t, 'EmailEvents');
  const ids = new Set(events.map((r) => r['NetworkMessageId']));

  it('uses GUID NetworkMessageIds, unique per recipient', () => {
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const keys = events.map((r) => `${String(r['NetworkMessageId'])}|${String(r['RecipientEmailAddress'])}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('joins every URL, attachment and post-delivery row to an EmailEvents row', () => {
    for (const table of ['EmailUrlInfo', 'EmailAttachmentInfo', 'EmailPostDeliveryEvents']) {
      for (const r of rows(t, table)) expect({ table, ok: ids.has(r['NetworkMessageId']) }).toEqual({ table, ok: true });
    }
    for (const r of rows(t, 'EmailAttachmentInfo')) {
      const e = events.find((x) => x['NetworkMessageId'] === r['NetworkMessageId']);
      expect(e?.['RecipientEmailAddress']).toBe(r['RecipientEmailAddress']);
      expect(e?.['SenderFromAddress']).toBe(r['SenderFromAddress']);
    }
    for (const e of events) {
      const id = e['NetworkMessageId'];
      expect(rows(t, 'EmailUrlInfo').filter((r) => r['NetworkMessageId'] === id).length).toBe(e['UrlCount']);
      expect(rows(t, 'EmailAttachmentInfo').filter((r) => r['NetworkMessageId'] === id).length).toBe(e['AttachmentCount']);
    }
  });

  it('matches mail evidence to EmailEvents rows', () => {
    for (const e of evidenceOfType(t, 'analyzedMessageEvidence')) {
      const row = events.find((r) => r['NetworkMessageId'] === e['networkMessageId']);
      expect(row).toBeDefined();
      expect(row?.['RecipientEmailAddress']).toBe(e['recipientEmailAddress']);
      expect(row?.['Subject']).toBe(e['subject']);
      expect(row?.['SenderIPv4']).toBe(e['senderIp']);
      expect(row?.['InternetMessageId']).toBe(e['internetMessageId']);
    }
    for (const e of evidenceOfType(t, 'mailClusterEvidence')) {
      for (const id of e['networkMessageIds'] as string[]) expect(ids.has(id)).toBe(true);
    }
    for (const r of rows(t, 'AlertEvidence').filter((x) => x['NetworkMessageId'] !== '')) {
      expect(ids.has(r['NetworkMessageId'])).toBe(true);
    }
  });

  it("tells the phishing campaign: four recipients, one blocked, one ZAP'd", () => {
    const phish = events.filter((r) => r['SenderFromAddress'] === 'billing@example.net');
    expect(phish.map((r) => r['RecipientEmailAddress']).sort()).toEqual([...DEMO_INDICATORS.phishing.recipients].sort());
    expect(phish.every((r) => r['SenderIPv4'] === '203.0.113.25' && r['SenderDisplayName'] === 'Billing')).toBe(true);
    expect(phish.every((r) => String(r['ThreatTypes']).includes('Phish'))).toBe(true);
    expect(phish.filter((r) => r['DeliveryAction'] === 'Blocked').map((r) => r['RecipientEmailAddress'])).toEqual([DEMO_INDICATORS.phishing.blockedFor]);
    const zap = rows(t, 'EmailPostDeliveryEvents').filter((r) => r['ActionType'] === 'Phish ZAP');
    expect(zap.map((r) => r['RecipientEmailAddress'])).toEqual([DEMO_INDICATORS.phishing.zappedFor]);
    const urls = rows(t, 'EmailUrlInfo').filter((r) => phish.some((p) => p['NetworkMessageId'] === r['NetworkMessageId']));
    expect(urls.length).toBe(4);
    expect(urls.every((r) => r['Url'] === 'https://bad.example.net/login' && r['UrlDomain'] === 'bad.example.net')).toBe(true);
  });

  it('has the invoice.js and statement.pdf.exe attachment campaigns', () => {
    const attachments = rows(t, 'EmailAttachmentInfo');
    const invoice = attachments.filter((r) => r['SHA256'] === DEMO_INDICATORS.malware.invoiceJs.sha256);
    expect(invoice.length).toBe(3);
    expect(invoice.every((r) => r['FileName'] === 'invoice.js')).toBe(true);
    const statement = attachments.filter((r) => r['SHA256'] === DEMO_INDICATORS.emailOnlyAttachment.sha256);
    expect(statement.length).toBe(4);
    expect(statement.every((r) => r['FileName'] === 'statement.pdf.exe')).toBe(true);
    expect(rows(t, 'EmailPostDeliveryEvents').some((r) => r['ActionType'] === 'Malware ZAP')).toBe(true);
  });
});

describe('hunting tables: identity logons', () => {
  const logons = rows(t, 'IdentityLogonEvents');

  it('shows the password spray from 192.0.2.200 and the svc-backup success', () => {
    const spray = logons.filter((r) => r['IPAddress'] === '192.0.2.200');
    const failed = spray.filter((r) => r['ActionType'] === 'LogonFailed');
    expect(failed.length).toBeGreaterThanOrEqual(30);
    expect(new Set(failed.map((r) => r['AccountUpn'])).size).toBeGreaterThanOrEqual(8);
    const success = spray.filter((r) => r['ActionType'] === 'LogonSuccess');
    expect(success.map((r) => r['AccountUpn'])).toEqual(['svc-backup@contoso.com']);
  });

  it("has ordinary successful logons and user2's impossible-travel sign-ins", () => {
    expect(logons.filter((r) => r['ActionType'] === 'LogonSuccess' && r['IPAddress'] !== '192.0.2.200').length).toBeGreaterThan(30);
    const user2 = logons.filter((r) => r['AccountUpn'] === 'user2@contoso.com' && r['ActionType'] === 'LogonSuccess');
    expect(new Set(user2.map((r) => r['IPAddress']))).toEqual(new Set(DEMO_INDICATORS.cloudApps.impossibleTravelIps));
  });
});
