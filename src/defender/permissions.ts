import type { AppConfig } from '../config/schema';

export type Resource = 'Microsoft Graph' | 'WindowsDefenderATP';

export interface PermissionNeed {
  feature: string;
  resource: Resource;
  /** The least-privileged application permission to grant. */
  permission: string;
  /** Broader permissions that also satisfy the need (accepted, but more than required). */
  alsoAccepted: string[];
  why: string;
}

// Least privilege: read-only lookups need no ReadWrite permission; each response action names its own.
const LOOKUPS: PermissionNeed[] = [
  {
    feature: 'lookups',
    resource: 'Microsoft Graph',
    permission: 'SecurityIncident.Read.All',
    alsoAccepted: ['SecurityIncident.ReadWrite.All'],
    why: 'read incidents',
  },
  {
    feature: 'lookups',
    resource: 'Microsoft Graph',
    permission: 'SecurityAlert.Read.All',
    alsoAccepted: ['SecurityAlert.ReadWrite.All', 'SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
    why: 'read alerts and their evidence',
  },
  {
    feature: 'lookups',
    resource: 'Microsoft Graph',
    permission: 'ThreatHunting.Read.All',
    alsoAccepted: [],
    why: 'run advanced hunting (alerts by evidence, emails, devices)',
  },
  {
    feature: 'lookups',
    resource: 'WindowsDefenderATP',
    permission: 'Machine.Read.All',
    alsoAccepted: ['Machine.ReadWrite.All'],
    why: 'read devices and machine actions (isolation state)',
  },
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'File.Read.All', alsoAccepted: [], why: 'read file profiles' },
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'Ip.Read.All', alsoAccepted: [], why: 'read IP statistics' },
  // Written as the documentation writes it (learn.microsoft.com/defender-endpoint/api/get-domain-statistics); the
  // service's tokens carry it as Url.Read.All (see samePermission).
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'URL.Read.All', alsoAccepted: [], why: 'read domain statistics' },
  // When advanced hunting is throttled or down, the alerts of an IP, domain or file come from Defender for Endpoint's
  // ips/{ip}/alerts, domains/{domain}/alerts and files/{hash}/alerts (learn.microsoft.com/defender-endpoint/api/get-ip-related-alerts).
  {
    feature: 'lookups',
    resource: 'WindowsDefenderATP',
    permission: 'Alert.Read.All',
    alsoAccepted: ['Alert.ReadWrite.All'],
    why: 'read the alerts of an IP, domain or file when advanced hunting fails',
  },
];

export const ACTION_PERMISSIONS: Record<string, PermissionNeed> = {
  deviceIsolation: {
    feature: 'device isolation',
    resource: 'WindowsDefenderATP',
    permission: 'Machine.Isolate',
    alsoAccepted: [],
    why: 'isolate and release devices',
  },
  fileQuarantine: {
    feature: 'file quarantine',
    resource: 'WindowsDefenderATP',
    permission: 'Machine.StopAndQuarantine',
    alsoAccepted: [],
    why: 'stop and quarantine files',
  },
  antivirusScan: { feature: 'antivirus scan', resource: 'WindowsDefenderATP', permission: 'Machine.Scan', alsoAccepted: [], why: 'run antivirus scans' },
  restrictExecution: {
    feature: 'restrict app execution',
    resource: 'WindowsDefenderATP',
    permission: 'Machine.RestrictExecution',
    alsoAccepted: [],
    why: 'restrict and unrestrict app execution',
  },
  collectPackage: {
    feature: 'collect investigation package',
    resource: 'WindowsDefenderATP',
    permission: 'Machine.CollectForensics',
    alsoAccepted: [],
    why: 'collect investigation packages',
  },
  blockIndicator: {
    feature: 'block indicator',
    resource: 'WindowsDefenderATP',
    permission: 'Ti.ReadWrite.All',
    alsoAccepted: ['Ti.ReadWrite'],
    why: 'submit Block / Warn / Audit indicators',
  },
  incidentTriage: {
    feature: 'incident triage',
    resource: 'Microsoft Graph',
    permission: 'SecurityIncident.ReadWrite.All',
    alsoAccepted: [],
    why: 'assign, set status, classify, comment on and tag incidents (learn.microsoft.com/graph/api/security-incident-update)',
  },
  groupRoles: {
    feature: 'roles from Entra groups',
    resource: 'Microsoft Graph',
    permission: 'GroupMember.Read.All',
    alsoAccepted: ['Group.Read.All', 'Directory.Read.All'],
    why: 'check group membership at the click',
  },
};

/** Permissions the enabled features need. */
export function requiredPermissions(config: AppConfig): PermissionNeed[] {
  const needs = [...LOOKUPS];
  const a = config.actions;
  if (a.deviceIsolation) needs.push(ACTION_PERMISSIONS.deviceIsolation!);
  if (a.fileQuarantine) needs.push(ACTION_PERMISSIONS.fileQuarantine!);
  if (a.avScan) needs.push(ACTION_PERMISSIONS.antivirusScan!);
  if (a.restrictExecution) needs.push(ACTION_PERMISSIONS.restrictExecution!);
  if (a.collectPackage) needs.push(ACTION_PERMISSIONS.collectPackage!);
  if (a.blockIndicator) needs.push(ACTION_PERMISSIONS.blockIndicator!);
  if (config.incidents.triage) needs.push(ACTION_PERMISSIONS.incidentTriage!);
  const { lookupsRequireRole: _, ...members } = config.roles;
  if (Object.values(members).some((list) => list.some((m) => m.toLowerCase().startsWith('group:')))) needs.push(ACTION_PERMISSIONS.groupRoles!);
  return needs;
}

/** Permissions broader than any enabled feature needs: worth removing. */
export const OVER_PRIVILEGED = [
  'Machine.ReadWrite.All',
  'Alert.ReadWrite.All',
  'SecurityIncident.ReadWrite.All',
  'SecurityAlert.ReadWrite.All',
  'Ti.ReadWrite.All',
  'Machine.Offboard',
  'Machine.LiveResponse',
];

/**
 * Microsoft compares permission (application role) names case-insensitively, and its spellings differ: the
 * documentation writes URL.Read.All, the roles claim of a Defender for Endpoint token carries Url.Read.All. Every
 * comparison of permission names in the bot goes through here; messages keep the documentation's spelling.
 */
export function samePermission(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The granted name that matches `permission` (in the token's own spelling), if any. */
export function findPermission(granted: readonly string[] | undefined, permission: string): string | undefined {
  return granted?.find((g) => samePermission(g, permission));
}

/** Whether `permission` is one of the OVER_PRIVILEGED names, whatever its case. */
export function isOverPrivileged(permission: string): boolean {
  return OVER_PRIVILEGED.some((p) => samePermission(p, permission));
}
