import type { GraphAlert, GraphComment, GraphEvidence, GraphIncident } from '../../src/defender/types';
import { PRODUCT_NAMES, type Detector, type ServiceSource } from './detectors';
import { evidenceAt, type EvidenceFactory } from './evidence';
import { DEMO_TENANT_ID, alertId, alertWebUrl, incidentWebUrl, type AlertPrefix } from './ids';
import { earliest, latest } from './time';

export type Severity = 'informational' | 'low' | 'medium' | 'high';
export type IncidentStatus = 'active' | 'inProgress' | 'resolved';
export type AlertStatus = 'new' | 'inProgress' | 'resolved';
export type Classification = 'truePositive' | 'falsePositive' | 'informationalExpectedActivity';
export type Determination =
  | 'malware'
  | 'phishing'
  | 'multiStagedAttack'
  | 'compromisedAccount'
  | 'unwantedSoftware'
  | 'securityTesting'
  | 'lineOfBusinessApplication'
  | 'notMalicious'
  | 'maliciousUserActivity'
  | 'other';
export type InvestigationState =
  'unknown' | 'running' | 'pendingApproval' | 'successfullyRemediated' | 'benign' | 'partiallyRemediated' | 'unsupportedAlertType' | 'terminatedBySystem';

export interface AlertSpec {
  /** Stable label the alert id derives from. */
  label: string;
  detector: Detector;
  /** Overrides the detector title (e.g. the same AV detector names different threats). */
  title?: string;
  description: string;
  severity: Severity;
  status?: AlertStatus;
  firstActivity: string;
  lastActivity: string;
  created: string;
  lastUpdate: string;
  resolved?: string;
  threat?: { displayName: string; familyName: string };
  actorDisplayName?: string;
  investigationState: InvestigationState;
  additionalData?: Record<string, unknown>;
  comments?: GraphComment[];
  evidence: (ev: EvidenceFactory) => GraphEvidence[];
}

export interface IncidentSpec {
  id: string;
  displayName: string;
  description?: string;
  summary?: string;
  severity: Severity;
  status: IncidentStatus;
  assignedTo: string | null;
  classification?: Classification;
  determination?: Determination;
  customTags?: string[];
  systemTags?: string[];
  comments?: GraphComment[];
  resolvingComment?: string;
  lastModifiedBy: string | null;
  alerts: AlertSpec[];
}

export interface Story {
  incidents: GraphIncident[];
  alerts: GraphAlert[];
}

const PREFIX: Record<ServiceSource, AlertPrefix> = {
  microsoftDefenderForEndpoint: 'da',
  microsoftDefenderForOffice365: 'fa',
  microsoftDefenderForIdentity: 'aa',
  microsoftDefenderForCloudApps: 'ca',
  microsoft365Defender: 'ra',
};

const ALERT_STATUS: Record<IncidentStatus, AlertStatus> = { active: 'new', inProgress: 'inProgress', resolved: 'resolved' };

export function comment(text: string, by: string, at: string): GraphComment {
  return { comment: text, createdByDisplayName: by, createdDateTime: at };
}

function buildAlert(spec: AlertSpec, incident: IncidentSpec): GraphAlert {
  const id = alertId(PREFIX[spec.detector.serviceSource], spec.label);
  const status = spec.status ?? ALERT_STATUS[incident.status];
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: id,
    incidentId: incident.id,
    status,
    severity: spec.severity,
    classification: incident.classification ?? null,
    determination: incident.determination ?? null,
    serviceSource: spec.detector.serviceSource,
    detectionSource: spec.detector.detectionSource,
    productName: PRODUCT_NAMES[spec.detector.serviceSource],
    detectorId: spec.detector.detectorId,
    tenantId: DEMO_TENANT_ID,
    title: spec.title ?? spec.detector.title,
    description: spec.description,
    recommendedActions: spec.detector.recommendedActions,
    category: spec.detector.category,
    assignedTo: incident.assignedTo,
    actorDisplayName: spec.actorDisplayName ?? null,
    threatDisplayName: spec.threat?.displayName ?? null,
    threatFamilyName: spec.threat?.familyName ?? null,
    alertWebUrl: alertWebUrl(id),
    incidentWebUrl: incidentWebUrl(incident.id),
    mitreTechniques: [...spec.detector.mitreTechniques],
    createdDateTime: spec.created,
    lastUpdateDateTime: spec.lastUpdate,
    resolvedDateTime: status === 'resolved' ? (spec.resolved ?? spec.lastUpdate) : null,
    firstActivityDateTime: spec.firstActivity,
    lastActivityDateTime: spec.lastActivity,
    investigationState: spec.investigationState,
    alertPolicyId: spec.detector.alertPolicyId,
    additionalData: spec.additionalData ?? {},
    customDetails: {},
    comments: spec.comments ?? [],
    systemTags: [],
    evidence: spec.evidence(evidenceAt(spec.created)),
  };
}

/** Builds an incident and its alerts; alerts inherit assignment, classification and status from the incident. */
export function buildIncident(spec: IncidentSpec): Story {
  if (spec.alerts.length === 0) throw new Error(`demo tenant: incident ${spec.id} has no alerts`);
  const alerts = spec.alerts.map((a) => buildAlert(a, spec));
  const comments = spec.comments ?? [];
  const updates = [...alerts.map((a) => a.lastUpdateDateTime), ...comments.flatMap((c) => (c.createdDateTime ? [c.createdDateTime] : []))];
  const incident: GraphIncident = {
    '@odata.type': '#microsoft.graph.security.incident',
    id: spec.id,
    incidentWebUrl: incidentWebUrl(spec.id),
    tenantId: DEMO_TENANT_ID,
    redirectIncidentId: null,
    displayName: spec.displayName,
    description: spec.description ?? null,
    summary: spec.summary ?? null,
    createdDateTime: earliest(alerts.map((a) => a.createdDateTime)),
    lastUpdateDateTime: latest(updates),
    assignedTo: spec.assignedTo,
    classification: spec.classification ?? 'unknown',
    determination: spec.determination ?? 'unknown',
    status: spec.status,
    severity: spec.severity,
    customTags: spec.customTags ?? [],
    systemTags: spec.systemTags ?? [],
    comments,
    lastModifiedBy: spec.lastModifiedBy,
    resolvingComment: spec.resolvingComment ?? null,
  };
  return { incidents: [incident], alerts };
}

export function mergeStories(stories: Story[]): Story {
  return {
    incidents: stories.flatMap((s) => s.incidents),
    alerts: stories.flatMap((s) => s.alerts),
  };
}
