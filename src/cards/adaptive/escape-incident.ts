import type { FittedIncidentView } from '../fitted-views';
import type { IncidentList } from '../incident-text';
import type { ButtonView, IncidentCommentView, IncidentFormView, IncidentTriageView, IncidentView, ItemView, LinkView } from '../view-models';
import { escapeButton, escapeItem, escapeLink, escapeOptionalButton, isDefined, notShown, text } from './escape-parts';
import { escapeInputs } from './escape-request';
import {
  MAX_INCIDENT_COMMENTS,
  MAX_INCIDENT_LINKS,
  MAX_INCIDENT_TAGS,
  MAX_ITEMS_PER_SECTION,
  MAX_REMOVE_TAG_BUTTONS,
  MAX_RESOLVE_BUTTONS_PER_GROUP,
  MAX_RESOLVE_GROUPS,
  MAX_STATUS_BUTTONS,
  TEXT_LIMITS,
} from './limits';

/*
 * The clean, bounded copy of an incident view (see escape-view.ts for the rules). The triage controls are never cut
 * to fit the budget, so they are capped here; the lists are capped at MAX_ITEMS_PER_SECTION and counted, and the
 * budget fitter (budget.ts) may cut them further.
 */

function escapeButtons(buttons: ButtonView[], max: number): ButtonView[] {
  return buttons.map(escapeButton).filter(isDefined).slice(0, max);
}

/** A form without a well-formed submit button is left off: it could send nothing. */
function escapeForm(form: IncidentFormView | undefined): IncidentFormView | undefined {
  const submit = escapeOptionalButton(form?.submit);
  if (form === undefined || submit === undefined) return undefined;
  return { title: text(form.title, TEXT_LIMITS.actionTitle), inputs: escapeInputs(form.inputs), submit };
}

function escapeTriage(triage: IncidentTriageView | undefined): IncidentTriageView | undefined {
  if (triage === undefined) return undefined;
  const resolve = triage.resolve
    .map((group) => ({ title: text(group.title, TEXT_LIMITS.sectionTitle), buttons: escapeButtons(group.buttons, MAX_RESOLVE_BUTTONS_PER_GROUP) }))
    .filter((group) => group.buttons.length > 0)
    .slice(0, MAX_RESOLVE_GROUPS);
  return {
    assign: escapeOptionalButton(triage.assign),
    statuses: escapeButtons(triage.statuses, MAX_STATUS_BUTTONS),
    resolve,
    comment: escapeForm(triage.comment),
    addTag: escapeForm(triage.addTag),
    removeTags: escapeButtons(triage.removeTags, MAX_REMOVE_TAG_BUTTONS),
    textHint: text(triage.textHint, TEXT_LIMITS.textHint),
  };
}

function escapeComment(comment: IncidentCommentView): IncidentCommentView {
  return { at: text(comment.at, TEXT_LIMITS.timestamp), by: text(comment.by, TEXT_LIMITS.commentBy), text: text(comment.text, TEXT_LIMITS.commentText) };
}

/** Tags as shown: clean, non-empty, at most MAX_INCIDENT_TAGS, the rest counted in a last "+N more". */
function escapeTags(tags: string[]): string[] {
  const clean = tags.map((tag) => text(tag, TEXT_LIMITS.tag)).filter((tag) => tag !== '');
  const more = notShown(clean.length, MAX_INCIDENT_TAGS);
  return more === undefined ? clean : [...clean.slice(0, MAX_INCIDENT_TAGS), `+${more} more`];
}

export function escapeIncident(view: IncidentView): FittedIncidentView {
  let hidden = view.hiddenCount ?? 0;
  const notShownByList: Partial<Record<IncidentList, number>> = {};
  const capped = <T, U>(list: IncidentList, entries: T[], max: number, escape: (entry: T) => U): U[] => {
    const more = notShown(entries.length, max);
    if (more !== undefined) {
      hidden += more;
      notShownByList[list] = more;
    }
    return entries.slice(0, max).map(escape);
  };
  const items = (list: IncidentList, entries: ItemView[]) => capped(list, entries, MAX_ITEMS_PER_SECTION, escapeItem);
  const alerts = items('alerts', view.alerts);
  const devices = items('devices', view.devices);
  const users = items('users', view.users);
  const mailboxes = items('mailboxes', view.mailboxes);
  const comments = capped('comments', view.comments, MAX_INCIDENT_COMMENTS, escapeComment);
  return {
    kind: 'incident',
    demo: view.demo,
    id: text(view.id, TEXT_LIMITS.indicatorValue),
    title: text(view.title, TEXT_LIMITS.title),
    headline: text(view.headline, TEXT_LIMITS.headline),
    scope: text(view.scope, TEXT_LIMITS.headline),
    tone: view.tone,
    notice: view.notice === undefined ? undefined : { tone: view.notice.tone, text: text(view.notice.text, TEXT_LIMITS.notice) },
    alerts,
    devices,
    users,
    mailboxes,
    tags: escapeTags(view.tags),
    comments,
    links: view.links
      .map(escapeLink)
      .filter((link): link is LinkView => link !== undefined)
      .slice(0, MAX_INCIDENT_LINKS),
    hiddenCount: hidden > 0 ? hidden : view.hiddenCount,
    showAll: escapeOptionalButton(view.showAll),
    triage: escapeTriage(view.triage),
    refresh: escapeOptionalButton(view.refresh),
    updatedAt: text(view.updatedAt, TEXT_LIMITS.timestamp),
    generatedAt: text(view.generatedAt, TEXT_LIMITS.timestamp),
    notShown: Object.keys(notShownByList).length > 0 ? notShownByList : undefined,
  };
}
