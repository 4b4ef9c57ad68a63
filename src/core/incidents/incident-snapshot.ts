import type { GraphIncident } from '../../defender/types';
import { STATUS_TITLES, classificationText } from '../../defender/incident-values';

/** What a card showed of an incident's triage state: compared with Defender's state at the click. */
export interface IncidentSnapshot {
  status: string;
  severity: string;
  assignedTo: string | null;
  classification: string | null;
  determination: string | null;
  customTags: string[];
}

export function snapshotOf(incident: GraphIncident): IncidentSnapshot {
  return {
    status: incident.status,
    severity: incident.severity,
    assignedTo: incident.assignedTo ?? null,
    classification: incident.classification ?? null,
    determination: incident.determination ?? null,
    customTags: [...(incident.customTags ?? [])],
  };
}

/** A snapshot from button parameters (stored by the bot, but read defensively). */
export function parseSnapshot(text: string | undefined): IncidentSnapshot | undefined {
  try {
    const v = JSON.parse(text ?? '') as Partial<IncidentSnapshot>;
    if (typeof v !== 'object' || v === null || typeof v.status !== 'string') return undefined;
    return {
      status: v.status,
      severity: typeof v.severity === 'string' ? v.severity : 'unknown',
      assignedTo: typeof v.assignedTo === 'string' ? v.assignedTo : null,
      classification: typeof v.classification === 'string' ? v.classification : null,
      determination: typeof v.determination === 'string' ? v.determination : null,
      customTags: Array.isArray(v.customTags) ? v.customTags.filter((t): t is string => typeof t === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

const owner = (v: string | null) => v || 'nobody';

/** "status Active → Resolved; owner nobody → alex@contoso.com": what differs, in words (empty when nothing shown changed). */
export function describeChanges(before: IncidentSnapshot, after: IncidentSnapshot): string[] {
  const out: string[] = [];
  const status = (s: string) => STATUS_TITLES[s] ?? s;
  if (before.status !== after.status) out.push(`status ${status(before.status)} → ${status(after.status)}`);
  if (before.severity !== after.severity) out.push(`severity ${before.severity} → ${after.severity}`);
  if ((before.assignedTo ?? '') !== (after.assignedTo ?? '')) out.push(`owner ${owner(before.assignedTo)} → ${owner(after.assignedTo)}`);
  const c0 = classificationText(before.classification, before.determination);
  const c1 = classificationText(after.classification, after.determination);
  if (c0 !== c1) out.push(`classification ${c0} → ${c1}`);
  const added = after.customTags.filter((t) => !before.customTags.includes(t));
  const removed = before.customTags.filter((t) => !after.customTags.includes(t));
  if (added.length) out.push(`tags added: ${added.join(', ')}`);
  if (removed.length) out.push(`tags removed: ${removed.join(', ')}`);
  return out;
}
