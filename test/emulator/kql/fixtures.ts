import type { HuntingTable } from '../../../emulator/tenant/types';
import { runKql, type KqlResult, type KqlRunOptions } from '../../../emulator/kql';

export const NOW = new Date('2025-03-10T12:00:00Z');

/** ISO timestamp `days` days (may be fractional) before NOW, in the JS format the tenant data uses. */
export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

function table(columns: [string, string][], rows: Record<string, unknown>[]): HuntingTable {
  return { columns: columns.map(([name, type]) => ({ name, type })), rows };
}

export function huntingTables(): Record<string, HuntingTable> {
  return {
    AlertInfo: table(
      [
        ['Timestamp', 'DateTime'],
        ['AlertId', 'String'],
        ['Title', 'String'],
        ['Category', 'String'],
        ['Severity', 'String'],
        ['ServiceSource', 'String'],
      ],
      [
        {
          Timestamp: daysAgo(1),
          AlertId: 'da1',
          Title: 'Connection to 203.0.113.25 detected',
          Category: 'CommandAndControl',
          Severity: 'High',
          ServiceSource: 'Microsoft Defender for Endpoint',
        },
        {
          Timestamp: daysAgo(2),
          AlertId: 'da2',
          Title: 'Suspicious PowerShell',
          Category: 'Execution',
          Severity: 'Medium',
          ServiceSource: 'Microsoft Defender for Endpoint',
        },
        {
          Timestamp: daysAgo(45),
          AlertId: 'da3',
          Title: 'Old beacon to 203.0.113.25',
          Category: 'CommandAndControl',
          Severity: 'Low',
          ServiceSource: 'Microsoft Defender for Endpoint',
        },
        {
          Timestamp: daysAgo(3),
          AlertId: 'da4',
          Title: 'Phishing mail from billing@example.net',
          Category: 'InitialAccess',
          Severity: 'Medium',
          ServiceSource: 'Microsoft Defender for Office 365',
        },
      ],
    ),
    AlertEvidence: table(
      [
        ['Timestamp', 'DateTime'],
        ['AlertId', 'String'],
        ['Title', 'String'],
        ['EntityType', 'String'],
        ['EvidenceRole', 'String'],
        ['RemoteIP', 'String'],
        ['RemoteUrl', 'String'],
        ['SHA1', 'String'],
        ['SHA256', 'String'],
        ['FileSize', 'Int64'],
        ['AccountUpn', 'String'],
        ['DeviceId', 'String'],
        ['DeviceName', 'String'],
        ['AdditionalFields', 'Object'],
      ],
      [
        {
          Timestamp: daysAgo(1),
          AlertId: 'da1',
          Title: 'Connection to 203.0.113.25 detected',
          EntityType: 'Ip',
          EvidenceRole: 'Related',
          RemoteIP: '203.0.113.25',
          RemoteUrl: '',
          SHA1: '',
          SHA256: '',
          FileSize: null,
          AccountUpn: '',
          DeviceId: 'dev1',
          DeviceName: 'ws-001.contoso.com',
          AdditionalFields: { Port: 443, Tags: ['c2', 'beacon'] },
        },
        {
          Timestamp: daysAgo(1.5),
          AlertId: 'da1',
          Title: 'Connection to 203.0.113.25 detected',
          EntityType: 'Ip',
          EvidenceRole: 'Related',
          RemoteIP: '203.0.113.25',
          RemoteUrl: '',
          SHA1: '',
          SHA256: '',
          FileSize: null,
          AccountUpn: '',
          DeviceId: 'dev1',
          DeviceName: 'ws-001.contoso.com',
          AdditionalFields: null,
        },
        {
          Timestamp: daysAgo(1),
          AlertId: 'da1',
          Title: 'Connection to 203.0.113.25 detected',
          EntityType: 'Machine',
          EvidenceRole: 'Impacted',
          RemoteIP: '',
          RemoteUrl: '',
          SHA1: '',
          SHA256: '',
          FileSize: null,
          AccountUpn: '',
          DeviceId: 'dev1',
          DeviceName: 'ws-001.contoso.com',
          AdditionalFields: '{"OSPlatform":"Windows11"}',
        },
        {
          Timestamp: daysAgo(2),
          AlertId: 'da2',
          Title: 'Suspicious PowerShell',
          EntityType: 'File',
          EvidenceRole: 'Impacted',
          RemoteIP: '',
          RemoteUrl: '',
          SHA1: '2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12',
          SHA256: 'aa11',
          FileSize: 2048,
          AccountUpn: '',
          DeviceId: 'dev2',
          DeviceName: 'srv-db01',
          AdditionalFields: null,
        },
        {
          Timestamp: daysAgo(2),
          AlertId: 'da2',
          Title: 'Suspicious PowerShell',
          EntityType: 'Url',
          EvidenceRole: 'Related',
          RemoteIP: '203.0.113.250',
          RemoteUrl: 'https://login.bad.example.net/x',
          SHA1: '',
          SHA256: '',
          FileSize: null,
          AccountUpn: '',
          DeviceId: 'dev2',
          DeviceName: 'srv-db01',
          AdditionalFields: null,
        },
        {
          Timestamp: daysAgo(3),
          AlertId: 'da4',
          Title: 'Phishing mail',
          EntityType: 'User',
          EvidenceRole: 'Impacted',
          RemoteIP: '',
          RemoteUrl: '',
          SHA1: '',
          SHA256: '',
          FileSize: null,
          AccountUpn: 'Billing@Example.net',
          DeviceId: '',
          DeviceName: '',
          AdditionalFields: null,
        },
        {
          Timestamp: daysAgo(40),
          AlertId: 'da3',
          Title: 'Old beacon',
          EntityType: 'Ip',
          EvidenceRole: 'Related',
          RemoteIP: '203.0.113.25',
          RemoteUrl: '',
          SHA1: '',
          SHA256: '',
          FileSize: null,
          AccountUpn: '',
          DeviceId: 'dev3',
          DeviceName: 'ws-002',
          AdditionalFields: null,
        },
      ],
    ),
    DeviceNetworkEvents: table(
      [
        ['Timestamp', 'DateTime'],
        ['DeviceId', 'String'],
        ['DeviceName', 'String'],
        ['ActionType', 'String'],
        ['RemoteIP', 'String'],
        ['RemotePort', 'Int32'],
        ['RemoteUrl', 'String'],
      ],
      [
        {
          Timestamp: daysAgo(5),
          DeviceId: 'dev1',
          DeviceName: 'ws-001.contoso.com',
          ActionType: 'ConnectionSuccess',
          RemoteIP: '203.0.113.25',
          RemotePort: 443,
          RemoteUrl: '',
        },
        {
          Timestamp: daysAgo(1),
          DeviceId: 'dev1',
          DeviceName: 'ws-001.contoso.com',
          ActionType: 'ConnectionSuccess',
          RemoteIP: '203.0.113.25',
          RemotePort: 443,
          RemoteUrl: '',
        },
        {
          Timestamp: daysAgo(3),
          DeviceId: 'dev1',
          DeviceName: 'ws-001.contoso.com',
          ActionType: 'ConnectionSuccess',
          RemoteIP: '203.0.113.25',
          RemotePort: 443,
          RemoteUrl: '',
        },
        {
          Timestamp: daysAgo(2),
          DeviceId: 'dev2',
          DeviceName: 'srv-db01',
          ActionType: 'ConnectionSuccess',
          RemoteIP: '198.51.100.7',
          RemotePort: 443,
          RemoteUrl: 'cdn.bad.example.net',
        },
        {
          Timestamp: daysAgo(2),
          DeviceId: 'dev2',
          DeviceName: 'srv-db01',
          ActionType: 'ConnectionSuccess',
          RemoteIP: '198.51.100.8',
          RemotePort: 80,
          RemoteUrl: 'notbad.example.network',
        },
        {
          Timestamp: daysAgo(2),
          DeviceId: 'dev4',
          DeviceName: 'ws-004',
          ActionType: 'ConnectionSuccess',
          RemoteIP: '10.0.4.17',
          RemotePort: 445,
          RemoteUrl: '',
        },
      ],
    ),
    EmailEvents: table(
      [
        ['Timestamp', 'DateTime'],
        ['NetworkMessageId', 'String'],
        ['SenderFromAddress', 'String'],
        ['RecipientEmailAddress', 'String'],
        ['Subject', 'String'],
        ['DeliveryAction', 'String'],
        ['ThreatTypes', 'String'],
      ],
      [
        {
          Timestamp: daysAgo(3),
          NetworkMessageId: 'm1',
          SenderFromAddress: 'BILLING@example.net',
          RecipientEmailAddress: 'alice@contoso.com',
          Subject: 'Invoice overdue',
          DeliveryAction: 'Delivered',
          ThreatTypes: 'Phish',
        },
        {
          Timestamp: daysAgo(4),
          NetworkMessageId: 'm2',
          SenderFromAddress: 'news@example.org',
          RecipientEmailAddress: 'bob@contoso.com',
          Subject: 'Newsletter',
          DeliveryAction: 'Delivered',
          ThreatTypes: '',
        },
        {
          Timestamp: daysAgo(6),
          NetworkMessageId: 'm3',
          SenderFromAddress: 'it@contoso.com',
          RecipientEmailAddress: 'billing@example.net',
          Subject: 'Re: invoice',
          DeliveryAction: 'Delivered',
          ThreatTypes: '',
        },
      ],
    ),
    EmailUrlInfo: table(
      [
        ['Timestamp', 'DateTime'],
        ['NetworkMessageId', 'String'],
        ['Url', 'String'],
        ['UrlDomain', 'String'],
        ['UrlLocation', 'String'],
      ],
      [
        { Timestamp: daysAgo(3), NetworkMessageId: 'm1', Url: 'https://bad.example.net/pay', UrlDomain: 'bad.example.net', UrlLocation: 'Body' },
        { Timestamp: daysAgo(3), NetworkMessageId: 'm1', Url: 'https://BAD.example.net/login', UrlDomain: 'BAD.example.net', UrlLocation: 'Body' },
        { Timestamp: daysAgo(4), NetworkMessageId: 'm2', Url: 'https://example.org/unsubscribe', UrlDomain: 'example.org', UrlLocation: 'Body' },
        { Timestamp: daysAgo(4), NetworkMessageId: 'm9', Url: 'https://bad.example.net/orphan', UrlDomain: 'bad.example.net', UrlLocation: 'Body' },
      ],
    ),
    DeviceInfo: table(
      [
        ['Timestamp', 'DateTime'],
        ['DeviceId', 'String'],
        ['DeviceName', 'String'],
        ['OSPlatform', 'String'],
        ['PublicIP', 'String'],
        ['IsInternetFacing', 'Boolean'],
      ],
      [
        { Timestamp: daysAgo(3), DeviceId: 'dev1', DeviceName: 'ws-001-old', OSPlatform: 'Windows10', PublicIP: '198.51.100.1', IsInternetFacing: false },
        { Timestamp: daysAgo(1), DeviceId: 'dev1', DeviceName: 'ws-001', OSPlatform: 'Windows11', PublicIP: '198.51.100.1', IsInternetFacing: false },
        { Timestamp: daysAgo(2), DeviceId: 'dev2', DeviceName: 'srv-db01', OSPlatform: 'WindowsServer2022', PublicIP: '198.51.100.2', IsInternetFacing: true },
        { Timestamp: daysAgo(1), DeviceId: 'dev3', DeviceName: 'WS-003', OSPlatform: 'Windows11', PublicIP: '', IsInternetFacing: null },
        { Timestamp: daysAgo(9), DeviceId: 'dev4', DeviceName: 'ws-000', OSPlatform: 'Windows11', PublicIP: '', IsInternetFacing: false },
      ],
    ),
  };
}

export function run(query: string, options: Partial<KqlRunOptions> = {}): KqlResult {
  return runKql(query, { tables: huntingTables(), now: NOW, ...options });
}

/** The KqlError a query throws (fails the test when it does not throw). */
export function errorOf(query: string, options: Partial<KqlRunOptions> = {}): { kind: string; message: string } {
  try {
    run(query, options);
  } catch (error) {
    return error as { kind: string; message: string };
  }
  throw new Error(`expected the query to fail: ${query}`);
}

export function column<T = unknown>(result: KqlResult, name: string): T[] {
  return result.results.map((row) => row[name] as T);
}
