import type { GraphAlert, GraphIncident } from '../../src/defender/types';
import { isValidPair } from '../../src/defender/incident-values';
import { ALERT_CLASSIFICATIONS, ALERT_DETERMINATIONS, ALERT_SEVERITIES, INCIDENT_STATUSES, enumMember } from './graph-enums';

/**
 * PATCH /security/incidents/{id} (learn.microsoft.com/graph/api/security-incident-update, 2026 revision): the
 * properties that can be updated, and nothing else. The others of the incident resource are read-only here.
 */
export const UPDATABLE = [
  'assignedTo',
  'classification',
  'customTags',
  'description',
  'determination',
  'displayName',
  'resolvingComment',
  'severity',
  'status',
  'summary',
] as const;
type Updatable = (typeof UPDATABLE)[number];

/** Properties of microsoft.graph.security.incident that exist but cannot be set. */
const READ_ONLY = [
  'id',
  'incidentWebUrl',
  'tenantId',
  'redirectIncidentId',
  'createdDateTime',
  'lastUpdateDateTime',
  'lastModifiedBy',
  'systemTags',
  'comments',
  'priorityScore',
  'alerts',
];

/**
 * Statuses a client may set. The update page lists active, resolved, redirected; the incident resource and the
 * portal also have inProgress ("When you're working on an incident, change the Status to In progress",
 * defender-xdr/manage-incidents). redirected is Defender's when it merges incidents (it comes with
 * redirectIncidentId, which no client can set) and awaitingAction is set only by Defender Experts: both refused.
 */
const SETTABLE_STATUSES = ['active', 'inProgress', 'resolved'] as const;
/** The portal offers these four; unknown and unknownFutureValue are not severities one can choose. */
const SETTABLE_SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;

const INCIDENT_TYPE = 'microsoft.graph.security.incident';

export interface IncidentEdit {
  /** The stamp of this change (lastUpdateDateTime of the incident and of the alerts it touches). */
  stamp: string;
  /** lastModifiedBy: "API-App:<app name>" for an application token; null leaves nobody named. */
  modifiedBy: string | null;
}

export type PatchOutcome = { incident: GraphIncident } | { error: string };

type Changes = Partial<Record<Updatable, unknown>>;

/**
 * Validates the whole body first, then applies it to the incident (and what Defender carries over to its alerts):
 * a rejected PATCH changes nothing.
 */
export function patchIncident(incident: GraphIncident, alerts: GraphAlert[], body: unknown, edit: () => IncidentEdit): PatchOutcome {
  const parsed = readChanges(body);
  if ('error' in parsed) return parsed;
  const changes = parsed.changes;

  const classification = (changes.classification as string | undefined) ?? incident.classification ?? 'unknown';
  const determination = (changes.determination as string | undefined) ?? incident.determination ?? 'unknown';
  const pairError = pairProblem(classification, determination);
  if (pairError) return { error: pairError };

  const { stamp, modifiedBy } = edit();
  Object.assign(incident, changes);
  if (changes.customTags) incident.customTags = [...(changes.customTags as string[])];
  incident.lastUpdateDateTime = stamp;
  incident.lastModifiedBy = modifiedBy;

  // What the portal says of its own changes (defender-xdr/manage-incidents): assigning an incident assigns its
  // alerts; resolving it resolves its active alerts. Classification is carried to the alerts as well (the v1.0 list
  // example shows an incident's alerts with its classification, determination, owner and lastUpdateDateTime).
  for (const alert of alerts) {
    if ('assignedTo' in changes) alert.assignedTo = incident.assignedTo;
    if ('classification' in changes || 'determination' in changes) {
      alert.classification = incident.classification;
      alert.determination = incident.determination;
    }
    if (changes.status === 'resolved' && alert.status !== 'resolved') {
      alert.status = 'resolved';
      alert.resolvedDateTime = stamp;
    }
    alert.lastUpdateDateTime = stamp;
  }
  return { incident };
}

function readChanges(body: unknown): { changes: Changes } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' };
  }
  const changes: Changes = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '@odata.type') {
      if (typeof value !== 'string' || value.replace(/^#/, '') !== INCIDENT_TYPE) {
        return { error: `A resource of type '${String(value)}' was found, but a resource of type '${INCIDENT_TYPE}' was expected.` };
      }
      continue;
    }
    // Instance and property annotations ("customTags@odata.type", sent by some SDKs) say nothing to change.
    if (name.includes('@')) continue;
    if (!(UPDATABLE as readonly string[]).includes(name)) {
      return {
        error: READ_ONLY.includes(name)
          ? `The property '${name}' of type '${INCIDENT_TYPE}' cannot be updated. Properties that can be updated: ${UPDATABLE.join(', ')}.`
          : `The property '${name}' does not exist on type '${INCIDENT_TYPE}'. Make sure to only use property names that are defined by the type.`,
      };
    }
    const read = readValue(name as Updatable, value);
    if ('error' in read) return read;
    changes[name as Updatable] = read.value;
  }
  return { changes };
}

function readValue(name: Updatable, value: unknown): { value: unknown } | { error: string } {
  switch (name) {
    case 'assignedTo':
    case 'description':
    case 'resolvingComment':
    case 'summary':
      return value === null || typeof value === 'string' ? { value } : typeError(name, 'Edm.String', value);
    case 'displayName':
      if (typeof value !== 'string') return typeError(name, 'Edm.String', value);
      return value.trim() === '' ? { error: "The property 'displayName' cannot be empty." } : { value };
    case 'customTags':
      if (!Array.isArray(value)) return typeError(name, 'Collection(Edm.String)', value);
      if (!value.every((tag) => typeof tag === 'string')) return typeError(name, 'Collection(Edm.String)', value);
      return { value };
    case 'status':
      return enumValue(name, 'microsoft.graph.security.incidentStatus', INCIDENT_STATUSES, SETTABLE_STATUSES, value);
    case 'severity':
      return enumValue(name, 'microsoft.graph.security.alertSeverity', ALERT_SEVERITIES, SETTABLE_SEVERITIES, value);
    case 'classification':
      return enumValue(name, 'microsoft.graph.security.alertClassification', ALERT_CLASSIFICATIONS, withoutSentinel(ALERT_CLASSIFICATIONS), value);
    case 'determination':
      return enumValue(name, 'microsoft.graph.security.alertDetermination', ALERT_DETERMINATIONS, withoutSentinel(ALERT_DETERMINATIONS), value);
  }
}

function withoutSentinel(members: readonly string[]): string[] {
  return members.filter((m) => m !== 'unknownFutureValue');
}

function enumValue(name: string, type: string, members: readonly string[], settable: readonly string[], value: unknown): { value: string } | { error: string } {
  if (typeof value !== 'string') return typeError(name, type, value);
  const member = enumMember(members, value);
  if (!member) return { error: `The value '${value}' is not a member of the enumeration '${type}' (property '${name}').` };
  if (!settable.includes(member)) {
    return { error: `The ${name} '${member}' cannot be set through the API. Values that can be set: ${settable.join(', ')}.` };
  }
  return { value: member };
}

function typeError(name: string, type: string, value: unknown): { error: string } {
  const found =
    value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
  return { error: `Cannot convert ${found} to the expected type '${type}' of property '${name}'.` };
}

/**
 * A determination belongs to one classification (the portal's "Classify" choices; src/defender/incident-values.ts).
 * An incident that is not classified has no determination; a classified one may leave it unknown.
 */
function pairProblem(classification: string, determination: string): string | undefined {
  if (determination === 'unknown') return undefined;
  if (classification === 'unknown') return `The determination '${determination}' needs a classification: set classification with it.`;
  if (isValidPair(classification, determination)) return undefined;
  return `The determination '${determination}' is not valid for the classification '${classification}'.`;
}
