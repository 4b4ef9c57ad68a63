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
  { feature: 'lookups', resource: 'Microsoft Graph', permission: 'SecurityIncident.Read.All', alsoAccepted: ['SecurityIncident.ReadWrite.All'], why: 'read incidents' },
  { feature: 'lookups', resource: 'Microsoft Graph', permission: 'SecurityAlert.Read.All', alsoAccepted: ['SecurityAlert.ReadWrite.All', 'SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'], why: 'read alerts and their evidence' },
  { feature: 'lookups', resource: 'Microsoft Graph', permission: 'ThreatHunting.Read.All', alsoAccepted: [], why: 'run advanced hunting (alerts by evidence, emails, devices)' },
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'Machine.Read.All', alsoAccepted: ['Machine.ReadWrite.All'], why: 'read devices and machine actions (isolation state)' },
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'File.Read.All', alsoAccepted: [], why: 'read file profiles' },
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'Ip.Read.All', alsoAccepted: [], why: 'read IP statistics' },
  { feature: 'lookups', resource: 'WindowsDefenderATP', permission: 'URL.Read.All', alsoAccepted: [], why: 'read domain statistics' },
];

export const ACTION_PERMISSIONS: Record<string, PermissionNeed> = {
  deviceIsolation: { feature: 'device isolation', resource: 'WindowsDefenderATP', permission: 'Machine.Isolate', alsoAccepted: [], why: 'isolate and release devices' },
  fileQuarantine: { feature: 'file quarantine', resource: 'WindowsDefenderATP', permission: 'Machine.StopAndQuarantine', alsoAccepted: [], why: 'stop and quarantine files' },
  antivirusScan: { feature: 'antivirus scan', resource: 'WindowsDefenderATP', permission: 'Machine.Scan', alsoAccepted: [], why: 'run antivirus scans' },
  restrictExecution: { feature: 'restrict app execution', resource: 'WindowsDefenderATP', permission: 'Machine.RestrictExecution', alsoAccepted: [], why: 'restrict and unrestrict app execution' },
  collectPackage: { feature: 'collect investigation package', resource: 'WindowsDefenderATP', permission: 'Machine.CollectForensics', alsoAccepted: [], why: 'collect investigation packages' },
  blockIndicator: { feature: 'block indicator', resource: 'WindowsDefenderATP', permission: 'Ti.ReadWrite.All', alsoAccepted: ['Ti.ReadWrite'], why: 'submit Block / Warn / Audit indicators' },
  groupRoles: { feature: 'roles from Entra groups', resource: 'Microsoft Graph', permission: 'GroupMember.Read.All', alsoAccepted: ['Group.Read.All', 'Directory.Read.All'], why: 'check group membership at the click' },
};

/** Permissions the enabled features need. */
export function requiredPermissions(config: AppConfig): PermissionNeed[] {
  const needs = [...LOOKUPS];
  if (config.actions.deviceIsolation) needs.push(ACTION_PERMISSIONS.deviceIsolation!);
  if (config.actions.fileQuarantine) needs.push(ACTION_PERMISSIONS.fileQuarantine!);
  return needs;
}

/** Permissions broader than any enabled feature needs: worth removing. */
export const OVER_PRIVILEGED = ['Machine.ReadWrite.All', 'Alert.ReadWrite.All', 'SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'Ti.ReadWrite.All', 'Machine.Offboard', 'Machine.LiveResponse'];
