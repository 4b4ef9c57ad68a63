import { column, run } from './fixtures';

/** Typical advanced-hunting queries, end to end over the fixture tables. */
describe('common hunting query shapes', () => {
  test('filter, project and top', () => {
    const result = run(
      'DeviceNetworkEvents | where Timestamp > ago(7d) | where RemoteIP == "203.0.113.25" | project Timestamp, DeviceName, RemoteIP, RemotePort | top 2 by Timestamp desc',
    );
    expect(result.schema.map((c) => c.type)).toEqual(['DateTime', 'String', 'String', 'Int32']);
    expect(result.results).toEqual([
      { Timestamp: '2025-03-09T12:00:00.0000000Z', DeviceName: 'ws-001.contoso.com', RemoteIP: '203.0.113.25', RemotePort: 443 },
      { Timestamp: '2025-03-07T12:00:00.0000000Z', DeviceName: 'ws-001.contoso.com', RemoteIP: '203.0.113.25', RemotePort: 443 },
    ]);
  });

  test('join then summarize sets', () => {
    expect(run('AlertInfo | join kind=inner AlertEvidence on AlertId | summarize make_set(EntityType) by AlertId').results).toEqual([
      { AlertId: 'da1', set_EntityType: ['Ip', 'Machine'] },
      { AlertId: 'da2', set_EntityType: ['File', 'Url'] },
      { AlertId: 'da3', set_EntityType: ['Ip'] },
      { AlertId: 'da4', set_EntityType: ['User'] },
    ]);
  });

  test('daily counts with a trailing render', () => {
    expect(run('EmailEvents | where Timestamp > ago(30d) | summarize count() by bin(Timestamp, 1d), DeliveryAction | render timechart').results).toEqual([
      { Timestamp: '2025-03-07T00:00:00.0000000Z', DeliveryAction: 'Delivered', count_: 1 },
      { Timestamp: '2025-03-06T00:00:00.0000000Z', DeliveryAction: 'Delivered', count_: 1 },
      { Timestamp: '2025-03-04T00:00:00.0000000Z', DeliveryAction: 'Delivered', count_: 1 },
    ]);
  });

  test('dynamic columns, conditional sets and case()', () => {
    expect(run('AlertEvidence | extend af = parse_json(AdditionalFields) | where af.Port == 443 | project AlertId, af').results).toEqual([
      { AlertId: 'da1', af: { Port: 443, Tags: ['c2', 'beacon'] } },
    ]);
    expect(
      run('AlertEvidence | summarize Alerts = dcount(AlertId), Files = make_set_if(SHA1, isnotempty(SHA1)) by DeviceName | where DeviceName == "srv-db01"')
        .results,
    ).toEqual([{ DeviceName: 'srv-db01', Alerts: 1, Files: ['2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12'] }]);
    expect(
      run('AlertInfo | extend Sev = case(Severity == "High", 3, Severity == "Medium", 2, 1) | sort by Sev desc, Timestamp desc | project AlertId, Sev').results,
    ).toEqual([
      { AlertId: 'da1', Sev: 3 },
      { AlertId: 'da2', Sev: 2 },
      { AlertId: 'da4', Sev: 2 },
      { AlertId: 'da3', Sev: 1 },
    ]);
  });

  test('let-bound subqueries, between and timespan arithmetic', () => {
    expect(
      run('let Devices = DeviceInfo | where OSPlatform == "Windows11" | distinct DeviceId; DeviceNetworkEvents | where DeviceId in (Devices) | count').results,
    ).toEqual([{ Count: 4 }]);
    expect(run('AlertInfo | where Timestamp between (ago(7d) .. now()) | count').results).toEqual([{ Count: 3 }]);
    expect(column(run('AlertInfo | extend Age = now() - Timestamp | extend Days = Age / 1d | project Days'), 'Days')).toEqual([1, 2, 45, 3]);
    expect(column(run('AlertEvidence | where RemoteUrl != "" | extend Host = tostring(parse_url(RemoteUrl).Host) | project Host'), 'Host')).toEqual([
      'login.bad.example.net',
    ]);
  });

  test('make_set then mv-expand back to rows', () => {
    expect(
      run('DeviceNetworkEvents | summarize Ports = make_set(RemotePort) by DeviceId | mv-expand Ports | project DeviceId, Port = toint(Ports)').results,
    ).toEqual([
      { DeviceId: 'dev1', Port: 443 },
      { DeviceId: 'dev2', Port: 443 },
      { DeviceId: 'dev2', Port: 80 },
      { DeviceId: 'dev4', Port: 445 },
    ]);
  });
});
