import { ODataQueryError, applyQuery, parseODataQuery, type EntitySetSpec } from '../../../emulator/odata';

export const incidentSpec: EntitySetSpec = {
  filterable: {
    id: 'string',
    displayName: 'string',
    status: 'enum',
    severity: 'enum',
    classification: 'enum',
    assignedTo: 'string',
    createdDateTime: 'datetime',
    lastUpdateDateTime: 'datetime',
    customTags: 'stringCollection',
    systemTags: 'stringCollection',
  },
  orderable: ['createdDateTime', 'lastUpdateDateTime', 'displayName', 'assignedTo', 'severity'],
  maxTop: 50,
  defaultPageSize: 20,
  dialect: 'graph',
  entityType: 'microsoft.graph.security.incident',
};

export const machineSpec: EntitySetSpec = {
  filterable: {
    id: 'string',
    computerDnsName: 'string',
    lastSeen: 'datetime',
    healthStatus: 'enum',
    osPlatform: 'string',
    riskScore: 'enum',
    rbacGroupId: 'number',
    machineTags: 'stringCollection',
    isAadJoined: 'boolean',
    lastIpAddress: 'string',
    aadDeviceId: 'string',
  },
  orderable: ['lastSeen', 'computerDnsName', 'rbacGroupId', 'firstSeen'],
  maxTop: 10000,
  defaultPageSize: 10000,
  dialect: 'mde',
  entityType: 'microsoft.windowsDefenderATP.api.PublicAssetDto',
};

export const incidents = [
  {
    id: '1',
    displayName: "O'Brien laptop",
    status: 'active',
    severity: 'high',
    classification: null,
    assignedTo: 'analyst@contoso.com',
    createdDateTime: '2024-05-01T08:00:00.1234567Z',
    lastUpdateDateTime: '2024-05-03T10:00:00Z',
    customTags: ['VIP', 'Finance'],
    systemTags: [],
  },
  {
    id: '2',
    displayName: 'C:\\Temp\\evil.exe',
    status: 'resolved',
    severity: 'medium',
    classification: 'truePositive',
    assignedTo: null,
    createdDateTime: '2024-05-01T08:00:00.1234568Z',
    lastUpdateDateTime: '2024-05-02T00:00:00Z',
    customTags: ['finance-team'],
    systemTags: ['Defender Experts'],
  },
  {
    id: '3',
    displayName: 'weird) value',
    status: 'Active',
    severity: 'low',
    classification: 'falsePositive',
    assignedTo: 'bob@contoso.com',
    // 2024-05-01T01:30:00Z: later than id 6 as an instant although it sorts earlier as text.
    createdDateTime: '2024-04-30T23:30:00-02:00',
    lastUpdateDateTime: '2024-05-01T02:00:00Z',
    customTags: [],
    systemTags: [],
  },
  {
    id: '4',
    displayName: "x' or 1 eq 1",
    status: 'inProgress',
    severity: 'informational',
    classification: null,
    assignedTo: 'Carol@Contoso.com',
    createdDateTime: '2024-05-02T00:00:00Z',
    lastUpdateDateTime: '2024-05-02T00:00:00Z',
    customTags: [],
    systemTags: [],
  },
  {
    id: '5',
    displayName: 'Ünïcödé 事件 🚨',
    status: 'redirected',
    severity: 'High',
    classification: null,
    assignedTo: 'analyst@contoso.com',
    createdDateTime: '2024-06-15T12:00:00Z',
    lastUpdateDateTime: '2024-06-15T12:00:00Z',
    customTags: ['Ünïcödé'],
    systemTags: [],
  },
  {
    id: '6',
    displayName: 'Ransomware on FS-02',
    status: 'active',
    severity: 'high',
    classification: null,
    assignedTo: null,
    createdDateTime: '2024-05-01T00:00:00Z',
    lastUpdateDateTime: '2024-05-01T00:00:00Z',
    customTags: ['VIP'],
    systemTags: [],
  },
];

export const machines = [
  {
    id: 'm1',
    computerDnsName: 'ws-01.contoso.com',
    firstSeen: '2023-01-05T00:00:00Z',
    lastSeen: '2024-05-01T10:00:00.0000000Z',
    healthStatus: 'Active',
    osPlatform: 'Windows11',
    riskScore: 'High',
    rbacGroupId: 12,
    machineTags: ['VIP', 'Finance'],
    isAadJoined: true,
    lastIpAddress: '10.0.0.1',
    aadDeviceId: '80fe8ff8-2624-418e-9591-41f0491218f9',
  },
  {
    id: 'm2',
    computerDnsName: 'srv-fs-02.contoso.com',
    firstSeen: '2022-11-30T00:00:00Z',
    lastSeen: '2024-04-20T00:00:00Z',
    healthStatus: 'Inactive',
    osPlatform: 'WindowsServer2022',
    riskScore: 'Medium',
    rbacGroupId: 7,
    machineTags: ['server'],
    isAadJoined: false,
    lastIpAddress: '10.0.0.2',
    aadDeviceId: null,
  },
  {
    id: 'm3',
    computerDnsName: 'mac-03',
    firstSeen: null,
    lastSeen: '2024-05-02T00:00:00Z',
    healthStatus: 'active',
    osPlatform: 'macOS',
    riskScore: 'None',
    rbacGroupId: null,
    machineTags: [],
    isAadJoined: false,
    lastIpAddress: null,
    aadDeviceId: '0b5c4a5e-0000-4000-8000-000000000003',
  },
  {
    id: 'm4',
    computerDnsName: 'linux-04',
    firstSeen: '2024-01-01T00:00:00Z',
    lastSeen: null,
    healthStatus: 'NoSensorData',
    osPlatform: 'Linux',
    riskScore: 'Low',
    rbacGroupId: 12.5,
    machineTags: ['server', 'Finance'],
    isAadJoined: false,
    lastIpAddress: '10.0.0.4',
    aadDeviceId: null,
  },
];

export function query(spec: EntitySetSpec, params: Record<string, string>) {
  return parseODataQuery(new URLSearchParams(params), spec);
}

/** Ids of the fixture entities the filter selects, in collection order. */
export function ids(spec: EntitySetSpec, filter: string): string[] {
  const items: Record<string, unknown>[] = spec.dialect === 'mde' ? machines : incidents;
  const q = query(spec, { $filter: filter, $top: String(Math.min(spec.maxTop, 50)) });
  return applyQuery(items, q, spec).page.map((item) => String(item.id));
}

/** The ODataQueryError `fn` throws (fails the test when it throws anything else or nothing). */
export function errorOf(fn: () => unknown): ODataQueryError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ODataQueryError) return err;
    throw new Error(`expected ODataQueryError, got ${String(err)}`);
  }
  throw new Error('expected ODataQueryError, nothing was thrown');
}

export function filterError(spec: EntitySetSpec, filter: string): ODataQueryError {
  return errorOf(() => query(spec, { $filter: filter }));
}
