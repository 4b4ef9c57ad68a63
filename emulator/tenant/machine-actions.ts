import type { MachineAction, MachineActionStatus, MachineActionType } from '../../src/defender/types';
import { FILES } from './hashes';
import { INCIDENT_IDS, MACHINES, SOC_APP, type MachineKey } from './ids';
import { stableGuid } from './prng';
import { T } from './timeline';
import type { Clock, Offset } from './time';

interface ActionSpec {
  label: string;
  type: MachineActionType;
  machine: MachineKey;
  status: MachineActionStatus;
  requested: Offset;
  /** How long until the last status change (Pending actions have none). */
  took?: Offset;
  scope?: 'Full' | 'Selective' | 'Quick';
  requestor: string;
  requestSource: 'PublicApi' | 'Portal' | 'AutomatedInvestigation';
  comment: string;
  relatedSha1?: string;
  errorHResult?: number;
  cancelledBy?: string;
}

const ALEX = 'alex.analyst@contoso.com';
const SAM = 'sam.soc@contoso.com';

/** History the emulator starts with; it appends the actions the bot requests. */
const ACTIONS: ActionSpec[] = [
  {
    label: 'ws063-scan',
    type: 'RunAntiVirusScan',
    machine: 'ws063',
    status: 'Succeeded',
    requested: { d: 6, h: 19, m: 40 },
    took: { m: 22 },
    scope: 'Quick',
    requestor: SAM,
    requestSource: 'Portal',
    comment: 'Quick scan after FusionCore PUA detection',
  },
  {
    label: 'ws042-scan',
    type: 'RunAntiVirusScan',
    machine: 'ws042',
    status: 'Succeeded',
    requested: T.avScanWs042,
    took: { m: 41 },
    scope: 'Full',
    requestor: ALEX,
    requestSource: 'Portal',
    comment: `Full scan after Nemucod detection (incident ${INCIDENT_IDS.invoiceMalware})`,
  },
  {
    label: 'ws042-package',
    type: 'CollectInvestigationPackage',
    machine: 'ws042',
    status: 'Succeeded',
    requested: { d: 4, h: 4, m: 25 },
    took: { m: 9 },
    requestor: ALEX,
    requestSource: 'Portal',
    comment: `Collect package for incident ${INCIDENT_IDS.invoiceMalware}`,
  },
  {
    label: 'srv-fin-01-package',
    type: 'CollectInvestigationPackage',
    machine: 'srvFin01',
    status: 'Succeeded',
    requested: { d: 3, h: 2, m: 10 },
    took: { m: 14 },
    requestor: SOC_APP.requestor,
    requestSource: 'PublicApi',
    comment: `Evidence collection for incident ${INCIDENT_IDS.ransomware}`,
  },
  {
    label: 'srv-fin-01-isolate',
    type: 'Isolate',
    machine: 'srvFin01',
    status: 'Succeeded',
    requested: T.isolateSrvFin01,
    took: { m: 1, s: 6 },
    scope: 'Full',
    requestor: SOC_APP.requestor,
    requestSource: 'PublicApi',
    comment: `Isolate due to incident ${INCIDENT_IDS.ransomware} (ransomware)`,
  },
  {
    label: 'srv-file-02-quarantine',
    type: 'StopAndQuarantineFile',
    machine: 'srvFile02',
    status: 'Failed',
    requested: { d: 3, h: 1, m: 52 },
    took: { m: 3 },
    requestor: ALEX,
    requestSource: 'PublicApi',
    comment: `Quarantine svcupdate.exe (incident ${INCIDENT_IDS.ransomware})`,
    relatedSha1: FILES.ransomware.sha1 ?? undefined,
    // 0x80070002 (file not found): antivirus had already removed the file.
    errorHResult: -2147024894,
  },
  {
    label: 'srv-file-02-scan',
    type: 'RunAntiVirusScan',
    machine: 'srvFile02',
    status: 'Succeeded',
    requested: { d: 3, h: 1, m: 45 },
    took: { h: 1, m: 12 },
    scope: 'Full',
    requestor: ALEX,
    requestSource: 'Portal',
    comment: 'Full scan after quarantine failed',
  },
  {
    label: 'ws011-scan',
    type: 'RunAntiVirusScan',
    machine: 'ws011',
    status: 'TimeOut',
    requested: { d: 5, h: 2 },
    took: { d: 3 },
    scope: 'Quick',
    requestor: SAM,
    requestSource: 'Portal',
    comment: 'Routine scan of stale device',
  },
  {
    label: 'ws105-scan',
    type: 'RunAntiVirusScan',
    machine: 'ws105',
    status: 'Cancelled',
    requested: { h: 9, m: 30 },
    took: { m: 4 },
    scope: 'Full',
    requestor: SAM,
    requestSource: 'Portal',
    comment: 'Scan after scheduled task alert',
    cancelledBy: SAM,
  },
  {
    label: 'lnx-web-01-package',
    type: 'CollectInvestigationPackage',
    machine: 'lnxWeb01',
    status: 'InProgress',
    requested: { m: 35 },
    took: { m: 5 },
    requestor: SOC_APP.requestor,
    requestSource: 'PublicApi',
    comment: `Collect package for incident ${INCIDENT_IDS.cve}`,
  },
  {
    label: 'ws017-isolate',
    type: 'Isolate',
    machine: 'ws017',
    status: 'Pending',
    requested: T.isolateWs017Requested,
    scope: 'Full',
    requestor: SOC_APP.requestor,
    requestSource: 'PublicApi',
    comment: `Isolate due to incident ${INCIDENT_IDS.payloadWs017} (C2 beaconing)`,
  },
];

export function buildMachineActions(clock: Clock): MachineAction[] {
  return ACTIONS.map((a) => {
    const created = clock.ago(a.requested);
    const updated = a.took ? clock.after(created, a.took) : created;
    const machine = MACHINES[a.machine];
    return {
      id: stableGuid(`machine-action:${a.label}`),
      type: a.type,
      title: null,
      scope: a.scope ?? null,
      requestor: a.requestor,
      requestorComment: a.comment,
      requestSource: a.requestSource,
      externalId: null,
      commands: [],
      troubleshootInfo: null,
      status: a.status,
      machineId: machine.id,
      computerDnsName: machine.name,
      creationDateTimeUtc: created,
      lastUpdateDateTimeUtc: updated,
      cancellationRequestor: a.cancelledBy ?? null,
      cancellationComment: a.cancelledBy ? 'Requested by mistake; device owner running inventory agent install' : null,
      cancellationDateTimeUtc: a.cancelledBy ? updated : null,
      errorHResult: a.errorHResult ?? 0,
      relatedFileInfo: a.relatedSha1 ? { fileIdentifier: a.relatedSha1, fileIdentifierType: 'Sha1' } : null,
    };
  });
}
