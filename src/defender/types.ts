// Microsoft's response shapes, as the bot reads them and as the emulator serves them.
// Field names are Microsoft's own (Graph security v1.0 camelCase; Defender for Endpoint PascalCase enums).

export interface GraphComment {
  comment: string | null;
  createdByDisplayName: string | null;
  createdDateTime: string | null;
}

export interface FileDetails {
  fileName: string | null;
  filePath: string | null;
  filePublisher: string | null;
  fileSize: number | null;
  issuer: string | null;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  sha256Ac: string | null;
  signer: string | null;
}

/** One item of alert.evidence[]; `@odata.type` discriminates. Unknown types are tolerated. */
export interface GraphEvidence {
  '@odata.type': string;
  createdDateTime: string | null;
  verdict: string | null;
  remediationStatus: string | null;
  remediationStatusDetails: string | null;
  roles: string[];
  detailedRoles: string[];
  tags: string[];
  [field: string]: unknown;
}

export interface GraphAlert {
  '@odata.type'?: string;
  id: string;
  providerAlertId: string | null;
  incidentId: string | null;
  status: string;
  severity: string;
  classification: string | null;
  determination: string | null;
  serviceSource: string;
  detectionSource: string;
  productName: string | null;
  detectorId: string | null;
  tenantId: string;
  title: string;
  description: string | null;
  recommendedActions: string | null;
  category: string | null;
  assignedTo: string | null;
  actorDisplayName: string | null;
  threatDisplayName: string | null;
  threatFamilyName: string | null;
  alertWebUrl: string;
  incidentWebUrl: string | null;
  mitreTechniques: string[];
  createdDateTime: string;
  lastUpdateDateTime: string;
  resolvedDateTime: string | null;
  firstActivityDateTime: string | null;
  lastActivityDateTime: string | null;
  investigationState: string | null;
  alertPolicyId: string | null;
  additionalData: Record<string, unknown>;
  customDetails: Record<string, unknown>;
  comments: GraphComment[];
  systemTags: string[];
  evidence: GraphEvidence[];
}

export interface GraphIncident {
  '@odata.type'?: string;
  id: string;
  incidentWebUrl: string;
  tenantId: string;
  redirectIncidentId: string | null;
  displayName: string;
  description: string | null;
  summary: string | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  assignedTo: string | null;
  classification: string | null;
  determination: string | null;
  status: string;
  severity: string;
  customTags: string[];
  systemTags: string[];
  comments: GraphComment[];
  lastModifiedBy: string | null;
  resolvingComment: string | null;
  alerts?: GraphAlert[];
}

export interface HuntingColumn {
  name: string;
  type: string;
}

export type HuntingRow = Record<string, unknown>;

export interface HuntingResult {
  schema: HuntingColumn[];
  results: HuntingRow[];
}

export interface MachineIpAddress {
  ipAddress: string;
  macAddress: string | null;
  type: string;
  operationalStatus: string;
}

export interface MdeMachine {
  id: string;
  mergedIntoMachineId: string | null;
  isPotentialDuplication: boolean;
  isExcluded: boolean;
  exclusionReason: string | null;
  computerDnsName: string;
  firstSeen: string;
  lastSeen: string;
  osPlatform: string;
  osVersion: string | null;
  osProcessor: string | null;
  osArchitecture: string | null;
  version: string | null;
  osBuild: number | null;
  lastIpAddress: string | null;
  lastExternalIpAddress: string | null;
  agentVersion: string | null;
  healthStatus: string;
  onboardingStatus: string;
  defenderAvStatus: string | null;
  deviceValue: string | null;
  rbacGroupId: number | null;
  rbacGroupName: string | null;
  riskScore: string;
  exposureLevel: string;
  isAadJoined: boolean;
  aadDeviceId: string | null;
  machineTags: string[];
  managedBy: string | null;
  managedByStatus: string | null;
  ipAddresses: MachineIpAddress[];
  vmMetadata: Record<string, unknown> | null;
}

export type MachineActionType =
  | 'RunAntiVirusScan'
  | 'Offboard'
  | 'LiveResponse'
  | 'CollectInvestigationPackage'
  | 'Isolate'
  | 'Unisolate'
  | 'StopAndQuarantineFile'
  | 'RestrictCodeExecution'
  | 'UnrestrictCodeExecution';

export type MachineActionStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled';

export const FINAL_ACTION_STATUSES: readonly MachineActionStatus[] = ['Succeeded', 'Failed', 'TimeOut', 'Cancelled'];

export interface MachineAction {
  id: string;
  type: MachineActionType;
  title: string | null;
  scope: string | null;
  requestor: string;
  requestorComment: string | null;
  requestSource: string;
  externalId: string | null;
  commands: unknown[];
  troubleshootInfo: string | null;
  status: MachineActionStatus;
  machineId: string;
  computerDnsName: string | null;
  creationDateTimeUtc: string;
  lastUpdateDateTimeUtc: string;
  cancellationRequestor: string | null;
  cancellationComment: string | null;
  cancellationDateTimeUtc: string | null;
  errorHResult: number;
  relatedFileInfo: { fileIdentifier: string; fileIdentifierType: 'Sha1' | 'Sha256' | 'Md5' } | null;
}

export interface MdeFile {
  sha1: string;
  sha256: string | null;
  md5: string | null;
  globalPrevalence: number | null;
  globalFirstObserved: string | null;
  globalLastObserved: string | null;
  size: number | null;
  fileType: string | null;
  isPeFile: boolean;
  filePublisher: string | null;
  fileProductName: string | null;
  signer: string | null;
  issuer: string | null;
  signerHash: string | null;
  isValidCertificate: boolean | null;
  determinationType: string | null;
  determinationValue: string | null;
}

export interface MdeFileStats {
  sha1: string;
  orgPrevalence: string;
  orgFirstSeen: string | null;
  orgLastSeen: string | null;
  globalPrevalence: string;
  globalFirstObserved: string | null;
  globalLastObserved: string | null;
  topFileNames: string[];
}

export interface MdeIpStats {
  ipAddress: string;
  organizationPrevalence: number;
  orgFirstSeen: string | null;
  orgLastSeen: string | null;
}

export interface MdeDomainStats {
  host: string;
  organizationPrevalence: number;
  orgFirstSeen: string | null;
  orgLastSeen: string | null;
}

export type IndicatorType = 'FileSha1' | 'FileMd5' | 'FileSha256' | 'CertificateThumbprint' | 'IpAddress' | 'DomainName' | 'Url';
export type IndicatorAction = 'Alert' | 'Warn' | 'Block' | 'Audit' | 'BlockAndRemediate' | 'AlertAndBlock' | 'Allowed';

export interface MdeIndicator {
  id: string;
  indicatorValue: string;
  indicatorType: IndicatorType;
  action: IndicatorAction;
  application: string | null;
  source: string;
  sourceType: 'User' | 'AadApp';
  createdBy: string;
  createdBySource: string;
  lastUpdatedBy: string | null;
  creationTimeDateTimeUtc: string;
  expirationTime: string | null;
  lastUpdateTime: string;
  severity: string;
  title: string;
  description: string;
  recommendedActions: string | null;
  rbacGroupNames: string[];
  rbacGroupIds: number[];
  generateAlert: boolean;
  externalID: string | null;
}

export interface ODataCollection<T> {
  '@odata.context'?: string;
  '@odata.nextLink'?: string;
  value: T[];
}

/** A Defender for Endpoint alert (api/alerts.md), as the related-alerts endpoints return it; only what the bot reads. */
export interface MdeAlert {
  /** The same id Graph's alerts_v2 uses for the alert. */
  id: string;
  incidentId: number | null;
  title: string;
  severity: string;
  status: string;
  machineId: string | null;
  alertCreationTime: string;
}
