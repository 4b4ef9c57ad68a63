import type { AppConfig } from '../../config/schema';
import type { EndpointClient, IsolationType, ScanType } from '../endpoint';
import type { IndicatorAction, IndicatorType, MachineAction, MachineActionType } from '../types';

export type ActionName = 'isolate' | 'release' | 'quarantine' | 'scan' | 'restrict' | 'unrestrict' | 'collect' | 'block';

/** What one response action needs, what it does in Defender, and the permission that allows it. */
export interface ActionSpec {
  name: ActionName;
  /** "Isolate device" */
  title: string;
  /** Past tense for the timeline: "isolation". */
  noun: string;
  permission: string;
  /** The machine action type it creates (absent for indicators). */
  machineActionType?: MachineActionType;
  /** Whether the action puts a device out of reach: refused on excluded devices. */
  disruptive: boolean;
  enabled(config: AppConfig): boolean;
}

export const ACTIONS: Record<ActionName, ActionSpec> = {
  isolate: { name: 'isolate', title: 'Isolate device', noun: 'isolation', permission: 'Machine.Isolate', machineActionType: 'Isolate', disruptive: true, enabled: (c) => c.actions.deviceIsolation },
  release: { name: 'release', title: 'Release device from isolation', noun: 'release', permission: 'Machine.Isolate', machineActionType: 'Unisolate', disruptive: false, enabled: (c) => c.actions.deviceIsolation },
  quarantine: { name: 'quarantine', title: 'Stop and quarantine file', noun: 'quarantine', permission: 'Machine.StopAndQuarantine', machineActionType: 'StopAndQuarantineFile', disruptive: true, enabled: (c) => c.actions.fileQuarantine },
  scan: { name: 'scan', title: 'Run antivirus scan', noun: 'antivirus scan', permission: 'Machine.Scan', machineActionType: 'RunAntiVirusScan', disruptive: false, enabled: (c) => c.actions.avScan },
  restrict: { name: 'restrict', title: 'Restrict app execution', noun: 'app restriction', permission: 'Machine.RestrictExecution', machineActionType: 'RestrictCodeExecution', disruptive: true, enabled: (c) => c.actions.restrictExecution },
  unrestrict: { name: 'unrestrict', title: 'Remove app restriction', noun: 'removal of the app restriction', permission: 'Machine.RestrictExecution', machineActionType: 'UnrestrictCodeExecution', disruptive: false, enabled: (c) => c.actions.restrictExecution },
  collect: { name: 'collect', title: 'Collect investigation package', noun: 'investigation package', permission: 'Machine.CollectForensics', machineActionType: 'CollectInvestigationPackage', disruptive: false, enabled: (c) => c.actions.collectPackage },
  block: { name: 'block', title: 'Block indicator', noun: 'indicator block', permission: 'Ti.ReadWrite.All', disruptive: false, enabled: (c) => c.actions.blockIndicator },
};

export function isActionName(v: string): v is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTIONS, v);
}

export type ExecutionResult = { kind: 'machineAction'; action: MachineAction } | { kind: 'indicator'; indicatorId: string };

const INDICATOR_TYPES: Record<string, IndicatorType> = {
  sha1: 'FileSha1',
  sha256: 'FileSha256',
  md5: 'FileMd5',
  ipv4: 'IpAddress',
  ipv6: 'IpAddress',
  domain: 'DomainName',
  url: 'Url',
};

/** Sends the action to Defender with Microsoft's exact body fields. */
export async function executeAction(endpoint: EndpointClient, name: ActionName, params: Record<string, string>, comment: string): Promise<ExecutionResult> {
  const machineId = params.machineId ?? '';
  const machine = (action: MachineAction): ExecutionResult => ({ kind: 'machineAction', action });
  switch (name) {
    case 'isolate':
      return machine(await endpoint.isolate(machineId, comment, (params.isolationType as IsolationType) === 'Selective' ? 'Selective' : 'Full'));
    case 'release':
      return machine(await endpoint.unisolate(machineId, comment));
    case 'quarantine':
      return machine(await endpoint.stopAndQuarantineFile(machineId, params.sha1 ?? '', comment));
    case 'scan':
      return machine(await endpoint.runAntiVirusScan(machineId, comment, (params.scanType as ScanType) === 'Full' ? 'Full' : 'Quick'));
    case 'restrict':
      return machine(await endpoint.restrictCodeExecution(machineId, comment));
    case 'unrestrict':
      return machine(await endpoint.unrestrictCodeExecution(machineId, comment));
    case 'collect':
      return machine(await endpoint.collectInvestigationPackage(machineId, comment));
    case 'block': {
      const type = INDICATOR_TYPES[params.indicatorType ?? ''];
      if (!type) throw new RangeError(`cannot block a ${params.indicatorType ?? 'value'} as a Defender indicator`);
      const action = (['Block', 'Warn', 'Audit'].includes(params.indicatorAction ?? '') ? params.indicatorAction : 'Block') as IndicatorAction;
      const days = Math.min(Math.max(Number(params.expiryDays ?? 30) || 30, 1), 365);
      const created = await endpoint.createIndicator({
        indicatorValue: params.indicatorValue ?? '',
        indicatorType: type,
        action,
        title: `defender-chatops: ${action} ${params.indicatorValue ?? ''}`.slice(0, 200),
        description: comment.slice(0, 1000),
        expirationTime: new Date(Date.now() + days * 86_400_000).toISOString(),
        severity: 'High',
        generateAlert: action === 'Audit' ? true : undefined,
      });
      return { kind: 'indicator', indicatorId: created.id };
    }
  }
}
