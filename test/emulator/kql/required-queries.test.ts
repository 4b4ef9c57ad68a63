import { column, daysAgo, huntingTables, NOW, run } from './fixtures';

/** The ISO form results use for a fixture timestamp. */
function iso(days: number): string {
  return daysAgo(days).replace(/\.(\d{3})Z$/, '.$10000Z');
}

describe('queries the bot and the product it replaces send', () => {
  test('1: the default union + search query (no space before the last pipe)', () => {
    const result = run('union withsource=SourceTable AlertInfo, AlertEvidence | search "203.0.113.25" | where Timestamp >= ago(30d)| take 10');
    expect(result.schema.slice(0, 3)).toEqual([
      { name: 'SourceTable', type: 'String' },
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'AlertId', type: 'String' },
    ]);
    expect(result.schema.map((c) => c.name)).toEqual([
      'SourceTable',
      'Timestamp',
      'AlertId',
      'Title',
      'Category',
      'Severity',
      'ServiceSource',
      'EntityType',
      'EvidenceRole',
      'RemoteIP',
      'RemoteUrl',
      'SHA1',
      'SHA256',
      'FileSize',
      'AccountUpn',
      'DeviceId',
      'DeviceName',
      'AdditionalFields',
    ]);
    // The 45- and 40-day-old rows fall outside ago(30d); 203.0.113.250 is not the term 203.0.113.25.
    expect(result.results.map((r) => [r.SourceTable, r.AlertId, r.EntityType, r.Timestamp])).toEqual([
      ['AlertInfo', 'da1', '', iso(1)],
      ['AlertEvidence', 'da1', 'Ip', iso(1)],
      ['AlertEvidence', 'da1', 'Ip', iso(1.5)],
      ['AlertEvidence', 'da1', 'Machine', iso(1)],
    ]);
    expect(result.results[0]).toMatchObject({ Category: 'CommandAndControl', RemoteIP: '', FileSize: null, AdditionalFields: null });
    expect(result.results[1]?.AdditionalFields).toEqual({ Port: 443, Tags: ['c2', 'beacon'] });
    expect(result.results[3]?.AdditionalFields).toEqual({ OSPlatform: 'Windows11' });
  });

  test('2: the batched indicator lookup', () => {
    const query = `
let ips = dynamic(["203.0.113.25", "10.0.4.17"]);
let hashes = dynamic(["2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"]);
let urls = dynamic(["bad.example.net"]);
let mails = dynamic(["billing@example.net"]);
union withsource=SourceTable
  (AlertEvidence | where RemoteIP in (ips) or SHA1 in~ (hashes) or SHA256 in~ (hashes) or RemoteUrl has_any (urls) or AccountUpn in~ (mails)
     | summarize arg_max(Timestamp, *) by AlertId, EntityType | project Timestamp, AlertId, EntityType, RemoteIP, SHA1, SHA256, RemoteUrl, AccountUpn, DeviceId, DeviceName),
  (DeviceNetworkEvents | where RemoteIP in (ips) or RemoteUrl has_any (urls) | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Connections = count() by DeviceId, DeviceName, RemoteIP, RemoteUrl),
  (EmailEvents | where SenderFromAddress in~ (mails) or RecipientEmailAddress in~ (mails) | project Timestamp, NetworkMessageId, SenderFromAddress, RecipientEmailAddress, Subject, DeliveryAction, ThreatTypes)
| extend Section = SourceTable
`;
    const result = run(query);
    expect(result.schema).toEqual([
      { name: 'SourceTable', type: 'String' },
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'AlertId', type: 'String' },
      { name: 'EntityType', type: 'String' },
      { name: 'RemoteIP', type: 'String' },
      { name: 'SHA1', type: 'String' },
      { name: 'SHA256', type: 'String' },
      { name: 'RemoteUrl', type: 'String' },
      { name: 'AccountUpn', type: 'String' },
      { name: 'DeviceId', type: 'String' },
      { name: 'DeviceName', type: 'String' },
      { name: 'FirstSeen', type: 'DateTime' },
      { name: 'LastSeen', type: 'DateTime' },
      { name: 'Connections', type: 'Int64' },
      { name: 'NetworkMessageId', type: 'String' },
      { name: 'SenderFromAddress', type: 'String' },
      { name: 'RecipientEmailAddress', type: 'String' },
      { name: 'Subject', type: 'String' },
      { name: 'DeliveryAction', type: 'String' },
      { name: 'ThreatTypes', type: 'String' },
      { name: 'Section', type: 'String' },
    ]);
    expect(column(result, 'Section')).toEqual([
      'union_arg0',
      'union_arg0',
      'union_arg0',
      'union_arg0',
      'union_arg0',
      'union_arg1',
      'union_arg1',
      'union_arg1',
      'union_arg2',
      'union_arg2',
    ]);
    const evidence = result.results.filter((r) => r.Section === 'union_arg0');
    expect(evidence.map((r) => [r.AlertId, r.EntityType, r.Timestamp])).toEqual([
      ['da1', 'Ip', iso(1)], // arg_max keeps the latest of the two da1/Ip rows
      ['da2', 'File', iso(2)], // SHA1 matched case-insensitively
      ['da2', 'Url', iso(2)], // RemoteUrl has "bad.example.net"
      ['da4', 'User', iso(3)], // AccountUpn in~ mails
      ['da3', 'Ip', iso(40)],
    ]);
    expect(evidence[1]).toMatchObject({
      SHA1: '2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12',
      DeviceName: 'srv-db01',
      FirstSeen: null,
      Connections: null,
      Subject: '',
    });
    const network = result.results.filter((r) => r.Section === 'union_arg1');
    expect(network.map((r) => [r.DeviceId, r.RemoteIP, r.RemoteUrl, r.FirstSeen, r.LastSeen, r.Connections])).toEqual([
      ['dev1', '203.0.113.25', '', iso(5), iso(1), 3],
      ['dev2', '198.51.100.7', 'cdn.bad.example.net', iso(2), iso(2), 1],
      ['dev4', '10.0.4.17', '', iso(2), iso(2), 1],
    ]);
    const mail = result.results.filter((r) => r.Section === 'union_arg2');
    expect(mail.map((r) => [r.NetworkMessageId, r.SenderFromAddress, r.RecipientEmailAddress, r.Subject, r.ThreatTypes])).toEqual([
      ['m1', 'BILLING@example.net', 'alice@contoso.com', 'Invoice overdue', 'Phish'],
      ['m3', 'it@contoso.com', 'billing@example.net', 'Re: invoice', ''],
    ]);
    expect(mail[0]?.AlertId).toBe('');
  });

  test('3: EmailUrlInfo joined to EmailEvents', () => {
    const result = run(
      'EmailUrlInfo | where UrlDomain in~ (dynamic(["bad.example.net"])) | join kind=inner (EmailEvents | project NetworkMessageId, Subject, SenderFromAddress) on NetworkMessageId | project Timestamp, Url, Subject',
    );
    expect(result.schema).toEqual([
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'Url', type: 'String' },
      { name: 'Subject', type: 'String' },
    ]);
    expect(result.results).toEqual([
      { Timestamp: iso(3), Url: 'https://bad.example.net/pay', Subject: 'Invoice overdue' },
      { Timestamp: iso(3), Url: 'https://BAD.example.net/login', Subject: 'Invoice overdue' },
    ]);
  });

  test('4: latest DeviceInfo row per device, filtered and sorted', () => {
    const result = run('DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId | where DeviceName startswith "ws-" | order by DeviceName asc');
    expect(result.schema).toEqual([
      { name: 'DeviceId', type: 'String' },
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'DeviceName', type: 'String' },
      { name: 'OSPlatform', type: 'String' },
      { name: 'PublicIP', type: 'String' },
      { name: 'IsInternetFacing', type: 'Boolean' },
    ]);
    // startswith is case-insensitive; sorting is ordinal, so upper case comes first.
    expect(result.results).toEqual([
      { DeviceId: 'dev3', Timestamp: iso(1), DeviceName: 'WS-003', OSPlatform: 'Windows11', PublicIP: '', IsInternetFacing: null },
      { DeviceId: 'dev4', Timestamp: iso(9), DeviceName: 'ws-000', OSPlatform: 'Windows11', PublicIP: '', IsInternetFacing: false },
      { DeviceId: 'dev1', Timestamp: iso(1), DeviceName: 'ws-001', OSPlatform: 'Windows11', PublicIP: '198.51.100.1', IsInternetFacing: false },
    ]);
  });

  test('5: escaped quotes and backslashes round-trip; count returns one row even when nothing matches', () => {
    const query = 'AlertEvidence | where SHA1 == "x\\"y\\\\z" | count';
    expect(query).toBe(String.raw`AlertEvidence | where SHA1 == "x\"y\\z" | count`);
    expect(run(query)).toEqual({ schema: [{ name: 'Count', type: 'Int64' }], results: [{ Count: 0 }] });

    const tables = huntingTables();
    tables.AlertEvidence!.rows.push({ ...tables.AlertEvidence!.rows[0], SHA1: 'x"y\\z' });
    tables.AlertEvidence!.rows.push({ ...tables.AlertEvidence!.rows[0], SHA1: 'x"y\\\\z' });
    expect(run(query, { tables }).results).toEqual([{ Count: 1 }]);
  });

  test('6: injection attempts stay inside their string literal, and // starts a comment', () => {
    const injected = String.raw`AlertEvidence | where RemoteIP == "1.2.3.4\" or 1==1 or \"" | take 5`;
    expect(run(injected).results).toEqual([]);

    const tables = huntingTables();
    tables.AlertEvidence!.rows.push({ ...tables.AlertEvidence!.rows[0], RemoteIP: '1.2.3.4" or 1==1 or "' });
    expect(column(run(injected, { tables }), 'RemoteIP')).toEqual(['1.2.3.4" or 1==1 or "']);

    expect(run('AlertEvidence | where RemoteIP == "a" | take 5 // " | take 1000').results).toEqual([]);
    expect(run('AlertEvidence | where RemoteIP == "203.0.113.25" | take 1 // " | take 1000').results).toHaveLength(1);
    expect(run('AlertEvidence // | take 0\n| where RemoteIP == "203.0.113.25"').results).toHaveLength(3);
  });

  test('the results do not alias the tenant data', () => {
    const tables = huntingTables();
    const result = run('AlertEvidence | where isnotnull(AdditionalFields) | take 1', { tables });
    (result.results[0]?.AdditionalFields as { Port: number }).Port = 1;
    expect((tables.AlertEvidence!.rows[0]?.AdditionalFields as { Port: number }).Port).toBe(443);
    expect(NOW.toISOString()).toBe('2025-03-10T12:00:00.000Z');
  });
});
