import type { FittedActionsView, FittedHuntView, FittedIncidentView, FittedRequestView } from './fitted-views';
import { INCIDENT_LISTS, type IncidentList } from './incident-text';
import type { LookupView, SectionView } from './view-models';

/*
 * Smaller copies of a view for the fitters of both renderers: each keeps the first (or latest) entries and counts
 * the others, so the rendered answer says what it left off.
 */

/**
 * Every list section cut to `cap` items, the rest counted in hiddenCount; the first `oneMore` sections (in reading
 * order) that are longer keep one item more, to use the room a uniform cap leaves.
 */
export function capSectionItems(view: LookupView, cap: number, oneMore = 0): LookupView {
  let extraLeft = oneMore;
  const capSection = (section: SectionView): SectionView => {
    if (section.items.length <= cap) return section;
    const kept = extraLeft > 0 ? cap + 1 : cap;
    extraLeft--;
    const dropped = section.items.length - kept;
    return { ...section, items: section.items.slice(0, kept), hiddenCount: (section.hiddenCount ?? 0) + dropped };
  };
  return {
    ...view,
    indicators: view.indicators.map((indicator) => ({ ...indicator, sections: indicator.sections.map(capSection) })),
  };
}

/** Only the latest `kept` timeline entries, the others counted as not shown. */
export function keepLatestTimeline(view: FittedRequestView, kept: number): FittedRequestView {
  const dropped = view.timeline.length - kept;
  if (dropped <= 0) return view;
  return { ...view, timeline: view.timeline.slice(dropped), timelineNotShown: (view.timelineNotShown ?? 0) + dropped };
}

/** Only the first `kept` facts, the others counted as not shown. */
export function keepFirstFacts(view: FittedRequestView, kept: number): FittedRequestView {
  const dropped = view.facts.length - kept;
  if (dropped <= 0) return view;
  return { ...view, facts: view.facts.slice(0, kept), factsNotShown: (view.factsNotShown ?? 0) + dropped };
}

/** Only the first `kept` rows of a hunting page, the others counted as not shown. */
export function keepFirstRows(view: FittedHuntView, kept: number): FittedHuntView {
  const dropped = view.rows.length - kept;
  if (dropped <= 0) return view;
  return { ...view, rows: view.rows.slice(0, kept), rowsNotShown: (view.rowsNotShown ?? 0) + dropped };
}

/** Only the first `kept` response actions, the others counted as not shown. */
export function keepFirstItems(view: FittedActionsView, kept: number): FittedActionsView {
  const dropped = view.items.length - kept;
  if (dropped <= 0) return view;
  return { ...view, items: view.items.slice(0, kept), itemsNotShown: (view.itemsNotShown ?? 0) + dropped };
}

/**
 * Every list of an incident (alerts, devices, users, mailboxes, comments) cut to `cap` entries from its end, the
 * rest counted in hiddenCount and in the list's notShown; the first `oneMore` lists (in card order) that are longer
 * keep one entry more. The headline, scope, notice and triage controls are never cut.
 */
export function capIncidentLists(view: FittedIncidentView, cap: number, oneMore = 0): FittedIncidentView {
  let extraLeft = oneMore;
  let hidden = view.hiddenCount ?? 0;
  const notShown: Partial<Record<IncidentList, number>> = { ...view.notShown };
  const cut = <T>(list: IncidentList, entries: T[]): T[] => {
    if (entries.length <= cap) return entries;
    const kept = extraLeft > 0 ? cap + 1 : cap;
    extraLeft--;
    const dropped = entries.length - kept;
    hidden += dropped;
    notShown[list] = (notShown[list] ?? 0) + dropped;
    return entries.slice(0, kept);
  };
  const alerts = cut('alerts', view.alerts);
  const devices = cut('devices', view.devices);
  const users = cut('users', view.users);
  const mailboxes = cut('mailboxes', view.mailboxes);
  const comments = cut('comments', view.comments);
  if (hidden === (view.hiddenCount ?? 0)) return view;
  return { ...view, alerts, devices, users, mailboxes, comments, hiddenCount: hidden, notShown };
}

/** The lengths of an incident's lists, in card order. */
export function incidentListLengths(view: FittedIncidentView): number[] {
  return INCIDENT_LISTS.map((list) => view[list].length);
}
