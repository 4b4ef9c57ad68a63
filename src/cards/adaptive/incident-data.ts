import type { FittedIncidentView } from '../fitted-views';
import { INCIDENT_LIST_TITLES, type IncidentList, listNotShownText, TRIAGE_TITLES } from '../incident-text';
import type { ButtonView, IncidentFormView, IncidentTriageView, ItemView, LinkView } from '../view-models';
import { type ButtonData, buttonData, type ItemData, itemData, moreNotShownText, optionalButtonData, toneColor } from './item-data';
import { MAX_ACTIONS_PER_ITEM } from './limits';
import { type AssociatedInputs, type InputData, inputData } from './request-data';
import { type Inline, isMarkdownInert, plainString, runs, runsOr } from './text-runs';

/**
 * Binding data of templates/incident.json; see item-data.ts for the conventions. The triage controls come first, as
 * few taps as a phone allows: "Assign to me" is a button of its own; "Resolve", "Set status", "Comment" and "Tags"
 * open a ShowCard below the row, whose buttons send the change (resolving as a true positive with a determination is
 * Resolve, then the determination: two taps).
 */
export interface IncidentCardData {
  demo: boolean;
  fallbackText: string;
  title: Inline[];
  headline: Inline[];
  scope: Inline[];
  hasNotice: boolean;
  noticeStyle: 'warning' | 'emphasis';
  notice: Inline[];
  hasTriage: boolean;
  assign: TriageButtonData[];
  hasResolve: boolean;
  resolve: Array<{ heading: Inline[]; rows: ButtonRow[] }>;
  hasStatuses: boolean;
  statusRows: ButtonRow[];
  comment: FormData[];
  hasTags: boolean;
  addTag: FormData[];
  hasRemoveTags: boolean;
  removeTagRows: ButtonRow[];
  hasTagHint: boolean;
  tagHint: Inline[];
  lists: ListData[];
  hasTagLine: boolean;
  tagLine: Inline[];
  hasComments: boolean;
  comments: Array<{ meta: Inline[]; text: Inline[] }>;
  hasHiddenComments: boolean;
  hiddenComments: Inline[];
  hasLinks: boolean;
  links: LinkView[];
  hasHidden: boolean;
  hiddenText: Inline[];
  hasFooterActions: boolean;
  showAll: ButtonData[];
  refresh: ButtonData[];
  updated: Inline[];
}

/** A triage button says which inputs it sends: a form's submit sends its own, every other button none. */
interface TriageButtonData extends ButtonData {
  associatedInputs: AssociatedInputs;
}

/** One ActionSet of buttons, at most MAX_ACTIONS_PER_ITEM (what Teams shows in one). */
interface ButtonRow {
  buttons: TriageButtonData[];
}

interface FormData {
  title: string;
  inputs: InputData[];
  submit: TriageButtonData[];
  hint: Inline[];
}

interface ListData {
  heading: Inline[];
  items: ItemData[];
  hasHidden: boolean;
  hiddenText: Inline[];
}

function triageButton(button: ButtonView, associatedInputs: AssociatedInputs = 'none'): TriageButtonData {
  return { ...buttonData(button), associatedInputs };
}

function rows(buttons: ButtonView[]): ButtonRow[] {
  const out: ButtonRow[] = [];
  for (let start = 0; start < buttons.length; start += MAX_ACTIONS_PER_ITEM) {
    out.push({ buttons: buttons.slice(start, start + MAX_ACTIONS_PER_ITEM).map((button) => triageButton(button)) });
  }
  return out;
}

function hintRuns(triage: IncidentTriageView): Inline[] {
  return runs(triage.textHint, { isSubtle: true, size: 'small' });
}

function formData(form: IncidentFormView | undefined, fallbackTitle: string, triage: IncidentTriageView): FormData[] {
  if (form === undefined) return [];
  return [
    {
      title: plainString(form.title) || fallbackTitle,
      inputs: form.inputs.map(inputData),
      submit: [triageButton(form.submit, 'auto')],
      hint: hintRuns(triage),
    },
  ];
}

function listData(view: FittedIncidentView, list: Exclude<IncidentList, 'comments'>, items: ItemView[]): ListData[] {
  const hidden = view.notShown?.[list] ?? 0;
  if (items.length + hidden === 0) return [];
  return [
    {
      heading: runs(INCIDENT_LIST_TITLES[list], { weight: 'bolder' }),
      items: items.map(itemData),
      hasHidden: hidden > 0,
      hiddenText: runs(listNotShownText(list, hidden), { isSubtle: true }),
    },
  ];
}

/** fallbackText may be read as Markdown: only the parts that mean the same either way. */
function fallbackText(view: FittedIncidentView): string {
  const candidates = [view.title, view.id === '' ? '' : `Incident ${view.id}`];
  const title = candidates.find((candidate) => candidate !== '' && isMarkdownInert(candidate)) ?? 'Incident';
  const headline = view.headline !== '' && isMarkdownInert(view.headline) ? ` · ${view.headline}` : '';
  return plainString(`${view.demo ? 'DEMO DATA. ' : ''}${title}${headline}`);
}

function updatedText(view: FittedIncidentView): string {
  const parts = [view.updatedAt === '' ? '' : `Updated in Defender ${view.updatedAt}`, view.generatedAt === '' ? '' : `card drawn ${view.generatedAt}`];
  return parts.filter((part) => part !== '').join(' · ') || 'Incident card';
}

export function incidentCardData(view: FittedIncidentView): IncidentCardData {
  const triage = view.triage;
  const assign = triage?.assign === undefined ? [] : [triageButton(triage.assign)];
  const resolve = (triage?.resolve ?? []).map((group) => ({ heading: runsOr(group.title, 'Classification', { weight: 'bolder' }), rows: rows(group.buttons) }));
  const statusRows = rows(triage?.statuses ?? []);
  const comment = triage === undefined ? [] : formData(triage.comment, TRIAGE_TITLES.comment, triage);
  const addTag = triage === undefined ? [] : formData(triage.addTag, TRIAGE_TITLES.tags, triage);
  const removeTagRows = rows(triage?.removeTags ?? []);
  const hasTags = addTag.length + removeTagRows.length > 0;
  const hidden = view.hiddenCount ?? 0;
  const hiddenComments = view.notShown?.comments ?? 0;
  const showAll = optionalButtonData(view.showAll);
  const refresh = optionalButtonData(view.refresh);
  return {
    demo: view.demo,
    fallbackText: fallbackText(view),
    title: runsOr(view.title, view.id === '' ? 'Incident' : `Incident ${view.id}`, { weight: 'bolder', size: 'medium' }),
    headline: runsOr(view.headline, 'Severity and status unknown', { color: toneColor(view.tone), weight: 'bolder' }),
    scope: runsOr(view.scope, 'Scope unknown', { color: toneColor(view.tone) }),
    hasNotice: view.notice !== undefined && view.notice.text !== '',
    noticeStyle: view.notice?.tone === 'warning' ? 'warning' : 'emphasis',
    notice: runs(view.notice?.text ?? '', view.notice?.tone === 'warning' ? { color: 'warning', weight: 'bolder' } : {}),
    hasTriage: assign.length + resolve.length + statusRows.length + comment.length > 0 || hasTags,
    assign,
    hasResolve: resolve.length > 0,
    resolve,
    hasStatuses: statusRows.length > 0,
    statusRows,
    comment,
    hasTags,
    addTag,
    hasRemoveTags: removeTagRows.length > 0,
    removeTagRows,
    // The form shows the hint itself; without one, the remove buttons carry it.
    hasTagHint: addTag.length === 0 && removeTagRows.length > 0 && triage !== undefined && triage.textHint !== '',
    tagHint: triage === undefined ? [] : hintRuns(triage),
    lists: [
      ...listData(view, 'alerts', view.alerts),
      ...listData(view, 'devices', view.devices),
      ...listData(view, 'users', view.users),
      ...listData(view, 'mailboxes', view.mailboxes),
    ],
    hasTagLine: view.tags.length > 0,
    tagLine: [...runs('Tags: ', { weight: 'bolder' }), ...runs(view.tags.join(' · '))],
    hasComments: view.comments.length + hiddenComments > 0,
    comments: view.comments.map((comment) => ({
      meta: runsOr([comment.by, comment.at].filter((part) => part !== '').join(' · '), 'Comment', { isSubtle: true, size: 'small' }),
      text: runsOr(comment.text, '(empty)'),
    })),
    hasHiddenComments: hiddenComments > 0,
    hiddenComments: runs(listNotShownText('comments', hiddenComments), { isSubtle: true, size: 'small' }),
    hasLinks: view.links.length > 0,
    links: view.links,
    hasHidden: hidden > 0,
    hiddenText: runs(moreNotShownText(hidden), { isSubtle: true }),
    hasFooterActions: showAll.length + refresh.length > 0,
    showAll,
    refresh,
    updated: runs(updatedText(view), { isSubtle: true, size: 'small' }),
  };
}
