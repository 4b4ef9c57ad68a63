import type { MachineIpAddress, MdeMachine } from '../../src/defender/types';
import { MACHINES, type MachineKey } from './ids';
import { EGRESS } from './network';
import { stableGuid } from './prng';
import type { Clock, Offset } from './time';
import type { UserKey } from './users';

/** What hunting tables know about a device beyond the MDE machine record. */
export interface DeviceProfile {
  key: MachineKey;
  loggedOnUsers: UserKey[];
  deviceType: 'Workstation' | 'Server';
  joinType: string;
  vendor: string;
  model: string;
  osDistribution: string;
  osVersionInfo: string;
  isInternetFacing: boolean;
  adapterType: 'Ethernet' | 'Wireless80211';
  /** The machine sends no telemetry in the last week (offline or no sensor data). */
  silent: boolean;
}

export interface DemoDevice {
  machine: MdeMachine;
  profile: DeviceProfile;
}

interface Spec {
  key: MachineKey;
  firstSeen: Offset;
  lastSeen: Offset;
  osPlatform: 'Windows10' | 'Windows11' | 'WindowsServer2019' | 'WindowsServer2022' | 'Linux' | 'macOS';
  version: string | null;
  osBuild: number | null;
  ip: string;
  mac: string;
  egress: string;
  healthStatus: 'Active' | 'Inactive' | 'ImpairedCommunication' | 'NoSensorData';
  riskScore: 'None' | 'Informational' | 'Low' | 'Medium' | 'High';
  exposureLevel: 'None' | 'Low' | 'Medium' | 'High';
  deviceValue: 'Low' | 'Normal' | 'High';
  rbac: keyof typeof RBAC_GROUPS;
  tags: string[];
  users: UserKey[];
  vendor: string;
  model: string;
  isInternetFacing?: boolean;
  wireless?: boolean;
  azureVm?: boolean;
}

const RBAC_GROUPS = {
  Workstations: 75,
  Servers: 76,
  'Tier 0': 77,
  'Linux servers': 78,
  'Executive devices': 79,
} as const;

const AGENT_VERSION: Record<Spec['osPlatform'], string> = {
  Windows10: '10.8760.19045.5011',
  Windows11: '10.8760.22631.4890',
  WindowsServer2019: '10.8760.17763.6532',
  WindowsServer2022: '10.8760.20348.2849',
  Linux: '101.24082.0004',
  macOS: '101.24092.0006',
};

const OS_DISTRIBUTION: Record<Spec['osPlatform'], [distribution: string, versionInfo: (s: Spec) => string]> = {
  Windows10: ['Windows', (s) => s.version ?? ''],
  Windows11: ['Windows', (s) => s.version ?? ''],
  WindowsServer2019: ['Windows', () => '1809'],
  WindowsServer2022: ['Windows', () => '21H2'],
  Linux: ['Ubuntu', (s) => s.version ?? ''],
  macOS: ['macOS', (s) => s.version ?? ''],
};

const SPECS: Spec[] = [
  {
    key: 'ws042',
    firstSeen: { d: 174 },
    lastSeen: { m: 14 },
    osPlatform: 'Windows11',
    version: '23H2',
    osBuild: 22631,
    ip: '10.0.4.17',
    mac: '000C2992A64D',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'High',
    exposureLevel: 'Medium',
    deviceValue: 'Normal',
    rbac: 'Workstations',
    tags: ['finance'],
    users: ['user1'],
    vendor: 'Dell Inc.',
    model: 'Latitude 7440',
  },
  {
    key: 'ws017',
    firstSeen: { d: 402 },
    lastSeen: { m: 22 },
    osPlatform: 'Windows10',
    version: '22H2',
    osBuild: 19045,
    ip: '10.0.4.31',
    mac: '00155D3A7C01',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'High',
    exposureLevel: 'Medium',
    deviceValue: 'Normal',
    rbac: 'Workstations',
    tags: ['finance'],
    users: ['user5'],
    vendor: 'HP',
    model: 'EliteBook 840 G8',
  },
  {
    key: 'srvFin01',
    firstSeen: { d: 611 },
    lastSeen: { m: 11 },
    osPlatform: 'WindowsServer2022',
    version: null,
    osBuild: 20348,
    ip: '10.0.8.21',
    mac: '005056A1B2C3',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'High',
    exposureLevel: 'High',
    deviceValue: 'High',
    rbac: 'Servers',
    tags: ['finance', 'crown-jewel'],
    users: ['svcBackup'],
    vendor: 'VMware, Inc.',
    model: 'VMware7,1',
  },
  {
    key: 'srvFile02',
    firstSeen: { d: 733 },
    lastSeen: { m: 19 },
    osPlatform: 'WindowsServer2019',
    version: null,
    osBuild: 17763,
    ip: '10.0.8.22',
    mac: '005056A1B2D4',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'Medium',
    exposureLevel: 'Medium',
    deviceValue: 'High',
    rbac: 'Servers',
    tags: ['file-server'],
    users: ['svcBackup'],
    vendor: 'VMware, Inc.',
    model: 'VMware7,1',
  },
  {
    key: 'dc01',
    firstSeen: { d: 980 },
    lastSeen: { m: 12 },
    osPlatform: 'WindowsServer2022',
    version: null,
    osBuild: 20348,
    ip: '10.0.1.10',
    mac: '005056A10A01',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'Medium',
    exposureLevel: 'Low',
    deviceValue: 'High',
    rbac: 'Tier 0',
    tags: ['do-not-isolate', 'tier-0'],
    users: ['admHelpdesk'],
    vendor: 'VMware, Inc.',
    model: 'VMware7,1',
  },
  {
    key: 'macCfo01',
    firstSeen: { d: 128 },
    lastSeen: { m: 41 },
    osPlatform: 'macOS',
    version: '14.6',
    osBuild: null,
    ip: '10.0.5.44',
    mac: 'F01898A1C2E3',
    egress: EGRESS.branch,
    healthStatus: 'Active',
    riskScore: 'None',
    exposureLevel: 'Low',
    deviceValue: 'High',
    rbac: 'Executive devices',
    tags: ['vip'],
    users: ['cfo'],
    vendor: 'Apple Inc.',
    model: 'MacBookPro18,3',
    wireless: true,
  },
  {
    key: 'lnxWeb01',
    firstSeen: { d: 256 },
    lastSeen: { m: 17 },
    osPlatform: 'Linux',
    version: '22.04',
    osBuild: null,
    ip: '10.0.9.15',
    mac: '000D3A6B4C21',
    egress: EGRESS.azure,
    healthStatus: 'Active',
    riskScore: 'Medium',
    exposureLevel: 'High',
    deviceValue: 'Normal',
    rbac: 'Linux servers',
    tags: ['dmz', 'internet-facing'],
    users: [],
    vendor: 'Microsoft Corporation',
    model: 'Virtual Machine',
    isInternetFacing: true,
    azureVm: true,
  },
  {
    key: 'ws063',
    firstSeen: { d: 540 },
    lastSeen: { h: 9 },
    osPlatform: 'Windows10',
    version: '22H2',
    osBuild: 19045,
    ip: '10.0.4.63',
    mac: '3C18A0B4D5E6',
    egress: EGRESS.branch,
    healthStatus: 'ImpairedCommunication',
    riskScore: 'Low',
    exposureLevel: 'Medium',
    deviceValue: 'Normal',
    rbac: 'Workstations',
    tags: [],
    users: ['user6'],
    vendor: 'Lenovo',
    model: 'ThinkPad T14 Gen 2',
    wireless: true,
  },
  {
    key: 'wsPentest01',
    firstSeen: { d: 61 },
    lastSeen: { h: 3 },
    osPlatform: 'Windows11',
    version: '23H2',
    osBuild: 22631,
    ip: '10.0.6.50',
    mac: '00155D01AB50',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'Informational',
    exposureLevel: 'High',
    deviceValue: 'Low',
    rbac: 'Workstations',
    tags: ['red-team', 'security-testing'],
    users: ['redteam'],
    vendor: 'Microsoft Corporation',
    model: 'Virtual Machine',
  },
  {
    key: 'ws105',
    firstSeen: { d: 300 },
    lastSeen: { m: 33 },
    osPlatform: 'Windows11',
    version: '23H2',
    osBuild: 22631,
    ip: '10.0.4.105',
    mac: 'A4BB6D1E2F30',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'None',
    exposureLevel: 'Low',
    deviceValue: 'Normal',
    rbac: 'Workstations',
    tags: [],
    users: ['user7'],
    vendor: 'Dell Inc.',
    model: 'OptiPlex 7010',
  },
  {
    key: 'ws011',
    firstSeen: { d: 890 },
    lastSeen: { d: 23, h: 4 },
    osPlatform: 'Windows10',
    version: '22H2',
    osBuild: 19045,
    ip: '10.0.4.11',
    mac: '3C18A0112233',
    egress: EGRESS.branch,
    healthStatus: 'Inactive',
    riskScore: 'None',
    exposureLevel: 'Medium',
    deviceValue: 'Normal',
    rbac: 'Workstations',
    tags: [],
    users: ['user3'],
    vendor: 'Lenovo',
    model: 'ThinkPad T480',
    wireless: true,
  },
  {
    key: 'lnxBuild02',
    firstSeen: { d: 150 },
    lastSeen: { d: 2, h: 6 },
    osPlatform: 'Linux',
    version: '20.04',
    osBuild: null,
    ip: '10.0.9.42',
    mac: '000D3A7E8F90',
    egress: EGRESS.azure,
    healthStatus: 'NoSensorData',
    riskScore: 'None',
    exposureLevel: 'None',
    deviceValue: 'Low',
    rbac: 'Linux servers',
    tags: ['ci'],
    users: ['buildAgent'],
    vendor: 'Microsoft Corporation',
    model: 'Virtual Machine',
    azureVm: true,
  },
  {
    key: 'srvSql03',
    firstSeen: { d: 702 },
    lastSeen: { m: 26 },
    osPlatform: 'WindowsServer2019',
    version: null,
    osBuild: 17763,
    ip: '10.0.8.30',
    mac: '005056A1C0DE',
    egress: EGRESS.hq,
    healthStatus: 'Active',
    riskScore: 'Low',
    exposureLevel: 'Medium',
    deviceValue: 'High',
    rbac: 'Servers',
    tags: ['finance'],
    users: ['svcSql'],
    vendor: 'VMware, Inc.',
    model: 'VMware7,1',
  },
];

function ipAddresses(spec: Spec): MachineIpAddress[] {
  const type = spec.wireless ? 'Wireless80211' : 'Ethernet';
  const linkLocal = `fe80::${spec.mac.slice(6, 10).toLowerCase()}:${spec.mac.slice(10).toLowerCase()}ff:fe00:1`;
  const loopback = spec.osPlatform === 'Linux' || spec.osPlatform === 'macOS' ? 'Other' : 'SoftwareLoopback';
  return [
    { ipAddress: spec.ip, macAddress: spec.mac, type, operationalStatus: 'Up' },
    { ipAddress: linkLocal, macAddress: spec.mac, type, operationalStatus: 'Up' },
    { ipAddress: '127.0.0.1', macAddress: null, type: loopback, operationalStatus: 'Up' },
  ];
}

function isWindows(platform: Spec['osPlatform']): boolean {
  return platform.startsWith('Windows');
}

function toMachine(spec: Spec, clock: Clock): MdeMachine {
  const { id, name } = MACHINES[spec.key];
  const windows = isWindows(spec.osPlatform);
  const aadJoined = windows && spec.rbac !== 'Tier 0' && spec.rbac !== 'Servers';
  return {
    id,
    mergedIntoMachineId: null,
    isPotentialDuplication: false,
    isExcluded: false,
    exclusionReason: null,
    computerDnsName: name,
    firstSeen: clock.ago(spec.firstSeen),
    lastSeen: clock.ago(spec.lastSeen),
    osPlatform: spec.osPlatform,
    osVersion: windows ? null : spec.version,
    osProcessor: 'x64',
    osArchitecture: '64-bit',
    version: spec.version,
    osBuild: spec.osBuild,
    lastIpAddress: spec.ip,
    lastExternalIpAddress: spec.egress,
    agentVersion: AGENT_VERSION[spec.osPlatform],
    healthStatus: spec.healthStatus,
    onboardingStatus: 'Onboarded',
    defenderAvStatus: spec.healthStatus === 'Active' ? 'Updated' : 'NotUpdated',
    deviceValue: spec.deviceValue,
    rbacGroupId: RBAC_GROUPS[spec.rbac],
    rbacGroupName: spec.rbac,
    riskScore: spec.riskScore,
    exposureLevel: spec.exposureLevel,
    isAadJoined: aadJoined,
    aadDeviceId: aadJoined || spec.osPlatform === 'macOS' ? stableGuid(`aad-device:${spec.key}`) : null,
    machineTags: [...spec.tags],
    managedBy: windows ? (aadJoined ? 'Intune' : 'MicrosoftDefenderForEndpoint') : 'MicrosoftDefenderForEndpoint',
    managedByStatus: windows && aadJoined ? 'Success' : 'Unknown',
    ipAddresses: ipAddresses(spec),
    vmMetadata: spec.azureVm
      ? {
          vmId: stableGuid(`vm:${spec.key}`),
          cloudProvider: 'Azure',
          resourceId: `/subscriptions/4d3c2b1a-0f9e-4d8c-b7a6-5e4f3a2b1c0d/resourceGroups/rg-contoso-prod/providers/Microsoft.Compute/virtualMachines/${name.split('.')[0] ?? name}`,
          subscriptionId: '4d3c2b1a-0f9e-4d8c-b7a6-5e4f3a2b1c0d',
        }
      : null,
  };
}

function toProfile(spec: Spec): DeviceProfile {
  const [distribution, versionInfo] = OS_DISTRIBUTION[spec.osPlatform];
  const windows = isWindows(spec.osPlatform);
  const server = spec.osPlatform.startsWith('WindowsServer') || spec.osPlatform === 'Linux';
  return {
    key: spec.key,
    loggedOnUsers: [...spec.users],
    deviceType: server ? 'Server' : 'Workstation',
    joinType: !windows ? '' : spec.rbac === 'Workstations' ? 'Hybrid Azure AD Join' : 'Domain Joined',
    vendor: spec.vendor,
    model: spec.model,
    osDistribution: distribution,
    osVersionInfo: versionInfo(spec),
    isInternetFacing: spec.isInternetFacing ?? false,
    adapterType: spec.wireless ? 'Wireless80211' : 'Ethernet',
    silent: spec.healthStatus === 'Inactive' || spec.healthStatus === 'NoSensorData',
  };
}

export function buildDevices(clock: Clock): DemoDevice[] {
  return SPECS.map((spec) => ({ machine: toMachine(spec, clock), profile: toProfile(spec) }));
}

/** Look a device up by key; throws on a typo so the story can never reference a missing machine. */
export function deviceByKey(devices: readonly DemoDevice[], key: MachineKey): DemoDevice {
  const found = devices.find((d) => d.profile.key === key);
  if (!found) throw new Error(`demo tenant: no machine ${key}`);
  return found;
}
