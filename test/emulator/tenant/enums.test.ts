import { ALERT_CLASSIFICATIONS, ALERT_DETERMINATIONS, ALERT_SEVERITIES, INCIDENT_STATUSES, SERVICE_SOURCES } from '../../../emulator/incidents/graph-enums';
import { tenant, allEvidence, evidenceOfType } from './helpers';

// Enumerations as listed in Microsoft's Graph security v1.0 schema (the emulator's emulator/incidents/graph-enums.ts,
// which its PATCH validates against) and the Defender for Endpoint API reference.
const GRAPH = {
  alertSeverity: ALERT_SEVERITIES,
  incidentStatus: INCIDENT_STATUSES,
  alertStatus: ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue'],
  alertClassification: ALERT_CLASSIFICATIONS,
  alertDetermination: ALERT_DETERMINATIONS,
  serviceSource: SERVICE_SOURCES,
  detectionSource: [
    'unknown',
    'microsoftDefenderForEndpoint',
    'antivirus',
    'smartScreen',
    'customTi',
    'microsoftDefenderForOffice365',
    'automatedInvestigation',
    'microsoftThreatExperts',
    'customDetection',
    'microsoftDefenderForIdentity',
    'cloudAppSecurity',
    'microsoft365Defender',
    'azureAdIdentityProtection',
    'manual',
    'microsoftDataLossPrevention',
    'appGovernancePolicy',
    'appGovernanceDetection',
    'unknownFutureValue',
  ],
  investigationState: [
    'unknown',
    'terminated',
    'successfullyRemediated',
    'benign',
    'failed',
    'partiallyRemediated',
    'running',
    'pendingApproval',
    'pendingResource',
    'queued',
    'innerFailure',
    'preexistingAlert',
    'unsupportedOs',
    'unsupportedAlertType',
    'suppressedAlert',
    'partiallyInvestigated',
    'terminatedByUser',
    'terminatedBySystem',
    'unknownFutureValue',
  ],
  evidenceVerdict: ['unknown', 'suspicious', 'malicious', 'noThreatsFound', 'unknownFutureValue'],
  evidenceRemediationStatus: [
    'none',
    'remediated',
    'prevented',
    'blocked',
    'notFound',
    'unknownFutureValue',
    'active',
    'pendingApproval',
    'declined',
    'unremediated',
    'running',
    'partiallyRemediated',
  ],
  evidenceRole: [
    'unknown',
    'contextual',
    'scanned',
    'source',
    'destination',
    'created',
    'added',
    'compromised',
    'edited',
    'attacked',
    'attacker',
    'commandAndControl',
    'loaded',
    'suspicious',
    'policyViolator',
    'unknownFutureValue',
  ],
  detectionStatus: ['detected', 'blocked', 'prevented', 'unknownFutureValue'],
  defenderAvStatus: ['notReporting', 'disabled', 'notUpdated', 'updated', 'unknown', 'notSupported', 'unknownFutureValue'],
  deviceHealthStatus: ['active', 'inactive', 'impairedCommunication', 'noSensorData', 'noSensorDataImpairedCommunication', 'unknown', 'unknownFutureValue'],
  deviceRiskScore: ['none', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'],
  onboardingStatus: ['insufficientInfo', 'onboarded', 'canBeOnboarded', 'unsupported', 'unknownFutureValue'],
  vmCloudProvider: ['unknown', 'azure', 'unknownFutureValue'],
  antiSpamDirection: ['inbound', 'outbound', 'intraorg'],
  deliveryAction: ['delivered', 'deliveredAsSpam', 'junked', 'blocked', 'replaced'],
  deliveryLocation: ['inbox', 'external', 'junkFolder', 'quarantine', 'failed', 'dropped', 'deletedFolder', 'forwarded'],
  evidenceTypes: [
    'aiAgentEvidence',
    'amazonResourceEvidence',
    'analyzedMessageEvidence',
    'azureResourceEvidence',
    'blobContainerEvidence',
    'blobEvidence',
    'cloudApplicationEvidence',
    'cloudLogonRequestEvidence',
    'cloudLogonSessionEvidence',
    'containerEvidence',
    'containerImageEvidence',
    'containerRegistryEvidence',
    'deviceEvidence',
    'dnsEvidence',
    'fileEvidence',
    'fileHashEvidence',
    'gitHubOrganizationEvidence',
    'gitHubRepoEvidence',
    'gitHubUserEvidence',
    'googleCloudResourceEvidence',
    'hostLogonSessionEvidence',
    'ioTDeviceEvidence',
    'ipEvidence',
    'kubernetesClusterEvidence',
    'kubernetesControllerEvidence',
    'kubernetesNamespaceEvidence',
    'kubernetesPodEvidence',
    'kubernetesSecretEvidence',
    'kubernetesServiceAccountEvidence',
    'kubernetesServiceEvidence',
    'mailboxConfigurationEvidence',
    'mailboxEvidence',
    'mailClusterEvidence',
    'malwareEvidence',
    'networkConnectionEvidence',
    'nicEvidence',
    'oauthApplicationEvidence',
    'processEvidence',
    'registryKeyEvidence',
    'registryValueEvidence',
    'sasTokenEvidence',
    'securityGroupEvidence',
    'servicePrincipalEvidence',
    'submissionMailEvidence',
    'teamsMessageEvidence',
    'urlEvidence',
    'userEvidence',
  ],
};

const MDE = {
  healthStatus: ['Active', 'Inactive', 'ImpairedCommunication', 'NoSensorData', 'NoSensorDataImpairedCommunication', 'Unknown'],
  riskScore: ['None', 'Informational', 'Low', 'Medium', 'High'],
  exposureLevel: ['None', 'Low', 'Medium', 'High'],
  deviceValue: ['Normal', 'Low', 'High'],
  onboardingStatus: ['Onboarded', 'CanBeOnboarded', 'Unsupported', 'InsufficientInfo'],
  osPlatform: ['Windows10', 'Windows11', 'WindowsServer2016', 'WindowsServer2019', 'WindowsServer2022', 'Linux', 'macOS'],
  ipType: ['Ethernet', 'Wireless80211', 'SoftwareLoopback', 'Other'],
  operationalStatus: ['Up', 'Down'],
  actionType: [
    'RunAntiVirusScan',
    'Offboard',
    'LiveResponse',
    'CollectInvestigationPackage',
    'Isolate',
    'Unisolate',
    'StopAndQuarantineFile',
    'RestrictCodeExecution',
    'UnrestrictCodeExecution',
  ],
  actionStatus: ['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled'],
  actionScope: ['Full', 'Selective', 'Quick', null],
  requestSource: ['PublicApi', 'Portal'],
  indicatorType: ['FileSha1', 'FileMd5', 'CertificateThumbprint', 'FileSha256', 'IpAddress', 'DomainName', 'Url'],
  indicatorAction: ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'],
  indicatorSeverity: ['Informational', 'Low', 'Medium', 'High'],
  sourceType: ['User', 'AadApp'],
  determinationType: ['Pua', 'Malware', 'Clean', 'Unknown'],
};

function expectAllIn(values: unknown[], allowed: readonly unknown[], what: string): void {
  const bad = values.filter((v) => !allowed.includes(v));
  expect({ what, bad }).toEqual({ what, bad: [] });
}

describe("demo tenant enum values are Microsoft's", () => {
  const t = tenant();

  it('uses Graph camelCase enums on incidents', () => {
    expectAllIn(
      t.incidents.map((i) => i.status),
      GRAPH.incidentStatus,
      'incident status',
    );
    expectAllIn(
      t.incidents.map((i) => i.severity),
      GRAPH.alertSeverity,
      'incident severity',
    );
    expectAllIn(
      t.incidents.map((i) => i.classification),
      GRAPH.alertClassification,
      'incident classification',
    );
    expectAllIn(
      t.incidents.map((i) => i.determination),
      GRAPH.alertDetermination,
      'incident determination',
    );
  });

  it('uses Graph camelCase enums on alerts', () => {
    expectAllIn(
      t.alerts.map((a) => a.status),
      GRAPH.alertStatus,
      'alert status',
    );
    expectAllIn(
      t.alerts.map((a) => a.severity),
      GRAPH.alertSeverity,
      'alert severity',
    );
    expectAllIn(
      t.alerts.map((a) => a.classification ?? 'unknown'),
      GRAPH.alertClassification,
      'alert classification',
    );
    expectAllIn(
      t.alerts.map((a) => a.determination ?? 'unknown'),
      GRAPH.alertDetermination,
      'alert determination',
    );
    expectAllIn(
      t.alerts.map((a) => a.serviceSource),
      GRAPH.serviceSource,
      'serviceSource',
    );
    expectAllIn(
      t.alerts.map((a) => a.detectionSource),
      GRAPH.detectionSource,
      'detectionSource',
    );
    expectAllIn(
      t.alerts.map((a) => a.investigationState),
      GRAPH.investigationState,
      'investigationState',
    );
    expect(t.alerts.every((a) => a['@odata.type'] === '#microsoft.graph.security.alert')).toBe(true);
    expect(t.alerts.every((a) => a.mitreTechniques.every((m) => /^T\d{4}(\.\d{3})?$/.test(m)))).toBe(true);
  });

  it('uses documented evidence types, verdicts, remediation statuses and roles', () => {
    const evidence = allEvidence(t);
    expectAllIn(
      evidence.map((e) => e['@odata.type']),
      GRAPH.evidenceTypes.map((x) => `#microsoft.graph.security.${x}`),
      'evidence @odata.type',
    );
    expectAllIn(
      evidence.map((e) => e.verdict),
      GRAPH.evidenceVerdict,
      'verdict',
    );
    expectAllIn(
      evidence.map((e) => e.remediationStatus),
      GRAPH.evidenceRemediationStatus,
      'remediationStatus',
    );
    expectAllIn(
      evidence.flatMap((e) => e.roles),
      GRAPH.evidenceRole,
      'roles',
    );
    const withStatus = [...evidenceOfType(t, 'fileEvidence'), ...evidenceOfType(t, 'processEvidence')];
    expectAllIn(
      withStatus.map((e) => e['detectionStatus']).filter((s) => s !== null),
      GRAPH.detectionStatus,
      'detectionStatus',
    );
  });

  it('uses Graph camelCase enums inside device and message evidence', () => {
    const devices = evidenceOfType(t, 'deviceEvidence');
    expectAllIn(
      devices.map((e) => e['healthStatus']),
      GRAPH.deviceHealthStatus,
      'device healthStatus',
    );
    expectAllIn(
      devices.map((e) => e['riskScore']),
      GRAPH.deviceRiskScore,
      'device riskScore',
    );
    expectAllIn(
      devices.map((e) => e['onboardingStatus']),
      GRAPH.onboardingStatus,
      'device onboardingStatus',
    );
    expectAllIn(
      devices.map((e) => e['defenderAvStatus']),
      GRAPH.defenderAvStatus,
      'device defenderAvStatus',
    );
    expectAllIn(
      devices.flatMap((e) => (e['vmMetadata'] ? [(e['vmMetadata'] as Record<string, unknown>)['cloudProvider']] : [])),
      GRAPH.vmCloudProvider,
      'vmMetadata.cloudProvider',
    );
    const messages = evidenceOfType(t, 'analyzedMessageEvidence');
    expectAllIn(
      messages.map((e) => e['antiSpamDirection']),
      GRAPH.antiSpamDirection,
      'antiSpamDirection',
    );
    expectAllIn(
      messages.map((e) => e['deliveryAction']),
      GRAPH.deliveryAction,
      'deliveryAction',
    );
    expectAllIn(
      messages.map((e) => e['deliveryLocation']),
      GRAPH.deliveryLocation,
      'deliveryLocation',
    );
  });

  it('uses MDE PascalCase enums on machines', () => {
    expectAllIn(
      t.machines.map((m) => m.healthStatus),
      MDE.healthStatus,
      'healthStatus',
    );
    expectAllIn(
      t.machines.map((m) => m.riskScore),
      MDE.riskScore,
      'riskScore',
    );
    expectAllIn(
      t.machines.map((m) => m.exposureLevel),
      MDE.exposureLevel,
      'exposureLevel',
    );
    expectAllIn(
      t.machines.map((m) => m.deviceValue),
      MDE.deviceValue,
      'deviceValue',
    );
    expectAllIn(
      t.machines.map((m) => m.onboardingStatus),
      MDE.onboardingStatus,
      'onboardingStatus',
    );
    expectAllIn(
      t.machines.map((m) => m.osPlatform),
      MDE.osPlatform,
      'osPlatform',
    );
    expectAllIn(
      t.machines.flatMap((m) => m.ipAddresses.map((a) => a.type)),
      MDE.ipType,
      'ipAddresses.type',
    );
    expectAllIn(
      t.machines.flatMap((m) => m.ipAddresses.map((a) => a.operationalStatus)),
      MDE.operationalStatus,
      'operationalStatus',
    );
  });

  it('uses MDE PascalCase enums on machine actions, indicators and files', () => {
    expectAllIn(
      t.machineActions.map((a) => a.type),
      MDE.actionType,
      'action type',
    );
    expectAllIn(
      t.machineActions.map((a) => a.status),
      MDE.actionStatus,
      'action status',
    );
    expectAllIn(
      t.machineActions.map((a) => a.scope),
      MDE.actionScope,
      'action scope',
    );
    expectAllIn(
      t.machineActions.map((a) => a.requestSource),
      MDE.requestSource,
      'requestSource',
    );
    expectAllIn(
      t.indicators.map((i) => i.indicatorType),
      MDE.indicatorType,
      'indicatorType',
    );
    expectAllIn(
      t.indicators.map((i) => i.action),
      MDE.indicatorAction,
      'indicator action',
    );
    expectAllIn(
      t.indicators.map((i) => i.severity),
      MDE.indicatorSeverity,
      'indicator severity',
    );
    expectAllIn(
      t.indicators.map((i) => i.sourceType),
      MDE.sourceType,
      'indicator sourceType',
    );
    expectAllIn(
      t.files.map((f) => f.determinationType),
      MDE.determinationType,
      'determinationType',
    );
  });
});
