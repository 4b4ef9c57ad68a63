import type { AppConfig } from '../../config/schema';
import { odata } from '../queries/odata';
import type { GraphAlert, GraphIncident } from '../types';

export type LookupFilters = AppConfig['lookups']['ignore'] & { lookbackDays: number };

const lower = (v: string | null | undefined) => (v ?? '').toLowerCase();
const ignored = (list: string[], value: string | null | undefined) => !!value && list.some((v) => v.toLowerCase() === lower(value));

function cutoff(filters: LookupFilters, now: Date): number {
  return now.getTime() - filters.lookbackDays * 86_400_000;
}

/** The admin's ignore lists and lookback, for an alert read from any source. */
export function keepAlert(alert: GraphAlert, filters: LookupFilters, now: Date): boolean {
  if (Date.parse(alert.createdDateTime) < cutoff(filters, now)) return false;
  return !(
    ignored(filters.classification, alert.classification) ||
    ignored(filters.determination, alert.determination) ||
    ignored(filters.severity, alert.severity) ||
    ignored(filters.status, alert.status) ||
    ignored(filters.serviceSource, alert.serviceSource)
  );
}

/** Incidents have no service source: one whose every alert comes from an ignored source is ignored too. */
export function keepIncident(incident: GraphIncident, alerts: GraphAlert[], filters: LookupFilters, now: Date): boolean {
  if (Date.parse(incident.createdDateTime) < cutoff(filters, now)) return false;
  if (
    ignored(filters.classification, incident.classification) ||
    ignored(filters.determination, incident.determination) ||
    ignored(filters.severity, incident.severity) ||
    ignored(filters.status, incident.status)
  )
    return false;
  if (filters.serviceSource.length > 0 && alerts.length > 0 && alerts.every((a) => ignored(filters.serviceSource, a.serviceSource))) return false;
  return true;
}

/**
 * Server-side $filter for the assigned-to searches: Graph filters these fields itself (serviceSource on alerts only,
 * Graph incidents cannot filter on it). Values are escaped OData literals; the date is a full UTC timestamp.
 */
const INCIDENT_STATUSES = ['unknown', 'active', 'resolved', 'inprogress', 'redirected', 'awaitingaction'];
const ALERT_STATUSES = ['unknown', 'new', 'inprogress', 'resolved'];

export function assignedToFilter(emails: string[], filters: LookupFilters, now: Date, entity: 'incident' | 'alert'): string {
  const who = odata.or(...emails.map((e) => odata.eq('assignedTo', e)));
  const not = (prop: string, values: string[]) => values.map((v) => odata.ne(prop, v));
  return odata.and(
    who,
    ...not('classification', filters.classification),
    ...not('determination', filters.determination),
    ...not('severity', filters.severity),
    // A status of the other entity would be an invalid enum value to Graph.
    ...not(
      'status',
      filters.status.filter((st) => (entity === 'incident' ? INCIDENT_STATUSES : ALERT_STATUSES).includes(st.toLowerCase())),
    ),
    ...(entity === 'alert' ? not('serviceSource', filters.serviceSource) : []),
    odata.ge('createdDateTime', new Date(cutoff(filters, now))),
  );
}
