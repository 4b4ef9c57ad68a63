import type { Button, KnownBlock, StaticSelect } from '@slack/types';
import type { FittedIncidentView } from '../fitted-views';
import { INCIDENT_LIST_TITLES, type IncidentList, listNotShownText, TRIAGE_TITLES } from '../incident-text';
import type { IncidentTriageView, ItemView } from '../view-models';
import { ActionIds, actionsBlocks, buttonElement, buttonElements, selectElement } from './buttons';
import { contextBlocks, demoTexts, linksLine, nonEmptyLines, toneMark } from './common-blocks';
import { hiddenBlock, itemBlocks } from './item-blocks';
import { MAX_REMOVE_TAG_BUTTONS, MAX_STATUS_BUTTONS, SLACK_LIMITS, TEXT_MAX } from './limits';
import { boldText, cleanText, codeText, joinWithin, mrkdwnText, packLines } from './mrkdwn';
import { markedPlain, mrkdwn, plain } from './text-objects';

/*
 * One incident as a message, read on a phone: how bad and where first (the headline and scope under the title), the
 * triage controls next, then the lists. Triage is as few taps as Slack allows: "Assign to me" is a button, resolving
 * is one select menu (a group per classification, an option per determination) whose pick is sent at once, two taps.
 * A message cannot carry a comment or a tag sensibly (its inputs would send with every button), so those say how to
 * type them instead; removing a tag is a button per tag.
 */

function headlineBlock(view: FittedIncidentView): KnownBlock {
  const headline = `${toneMark(view.tone)} ${boldText(view.headline, TEXT_MAX.headline, 'Severity and status unknown')}`;
  return { type: 'section', text: mrkdwn(nonEmptyLines([headline, mrkdwnText(view.scope, TEXT_MAX.headline)])) };
}

function noticeBlocks(view: FittedIncidentView): KnownBlock[] {
  const notice = view.notice;
  if (notice === undefined || cleanText(notice.text, TEXT_MAX.notice) === '') return [];
  if (notice.tone === 'warning') return [{ type: 'section', text: mrkdwn(`⚠️ ${boldText(notice.text, TEXT_MAX.notice, 'Changed')}`) }];
  return contextBlocks([markedPlain('ℹ️', notice.text, TEXT_MAX.notice + 3, 'Changed')]);
}

function triageBlocks(triage: IncidentTriageView | undefined, ids: ActionIds): KnownBlock[] {
  if (triage === undefined) return [];
  const assign = triage.assign === undefined ? undefined : buttonElement(triage.assign, ids);
  const resolve = selectElement(triage.resolve, TRIAGE_TITLES.resolvePlaceholder, ids);
  const statuses = buttonElements(triage.statuses, ids, MAX_STATUS_BUTTONS);
  const elements = [assign, resolve, ...statuses].filter((element): element is Button | StaticSelect => element !== undefined);
  const hasForms = triage.comment !== undefined || triage.addTag !== undefined;
  const hint = hasForms ? plain(triage.textHint, TEXT_MAX.textHint, '') : undefined;
  const removeTags = buttonElements(triage.removeTags, ids, MAX_REMOVE_TAG_BUTTONS);
  return [
    ...(elements.length === 0 ? [] : [{ type: 'actions', elements } as KnownBlock]),
    ...(hint === undefined ? [] : contextBlocks([hint])),
    ...(removeTags.length === 0 ? [] : [{ type: 'actions', elements: removeTags } as KnownBlock]),
  ];
}

function listBlocks(view: FittedIncidentView, list: Exclude<IncidentList, 'comments'>, items: ItemView[], ids: ActionIds): KnownBlock[] {
  const hidden = view.notShown?.[list] ?? 0;
  if (items.length + hidden === 0) return [];
  return [
    { type: 'divider' },
    ...contextBlocks([`*${INCIDENT_LIST_TITLES[list]}*`]),
    ...items.flatMap((item) => itemBlocks(item, ids)),
    ...(hidden > 0 ? contextBlocks([`_${listNotShownText(list, hidden)}_`]) : []),
  ];
}

function tagBlocks(view: FittedIncidentView): KnownBlock[] {
  const tags = view.tags.map((tag) => cleanText(tag, TEXT_MAX.tag)).filter((tag) => tag !== '');
  if (tags.length === 0) return [];
  const line = joinWithin(
    tags.map((tag) => codeText(tag, TEXT_MAX.tag)),
    ' ',
    TEXT_MAX.tagsLine,
    (n) => `+${n} more`,
  );
  return contextBlocks([`*Tags:* ${line}`]);
}

function commentBlocks(view: FittedIncidentView): KnownBlock[] {
  const hidden = view.notShown?.comments ?? 0;
  if (view.comments.length + hidden === 0) return [];
  const lines = view.comments.map((comment) => {
    const at = mrkdwnText(comment.at, TEXT_MAX.timestamp);
    const meta = `${boldText(comment.by, TEXT_MAX.commentBy, 'Comment')}${at === '' ? '' : ` · ${at}`}`;
    return nonEmptyLines([meta, mrkdwnText(comment.text, TEXT_MAX.commentText) || '(empty)']);
  });
  if (hidden > 0) lines.push(`_${listNotShownText('comments', hidden)}_`);
  const texts = packLines([`*${INCIDENT_LIST_TITLES.comments}*`, ...lines], SLACK_LIMITS.sectionText);
  return texts.map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) }));
}

/** Blocks set apart from the list above them by a divider, or none. */
function dividedBlocks(blocks: KnownBlock[]): KnownBlock[] {
  return blocks.length === 0 ? [] : [{ type: 'divider' }, ...blocks];
}

function footerBlocks(view: FittedIncidentView, ids: ActionIds): KnownBlock[] {
  const hidden = view.hiddenCount ?? 0;
  const updated = [
    view.updatedAt === '' ? '' : `Updated in Defender ${cleanText(view.updatedAt, TEXT_MAX.timestamp)}`,
    view.generatedAt === '' ? '' : `card drawn ${cleanText(view.generatedAt, TEXT_MAX.timestamp)}`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
  return [
    ...(hidden > 0 || view.showAll !== undefined ? [hiddenBlock(hidden, view.showAll, ids)] : []),
    ...actionsBlocks([view.refresh], ids),
    ...contextBlocks([{ type: 'plain_text', text: updated || 'Incident card' }]),
  ];
}

export function incidentBlocks(view: FittedIncidentView): KnownBlock[] {
  const ids = new ActionIds();
  const id = cleanText(view.id, 40);
  return [
    { type: 'header', text: plain(view.title, SLACK_LIMITS.headerText, id === '' ? 'Incident' : `Incident ${id}`) },
    ...contextBlocks(demoTexts(view.demo)),
    headlineBlock(view),
    ...noticeBlocks(view),
    ...triageBlocks(view.triage, ids),
    ...listBlocks(view, 'alerts', view.alerts, ids),
    ...listBlocks(view, 'devices', view.devices, ids),
    ...listBlocks(view, 'users', view.users, ids),
    ...listBlocks(view, 'mailboxes', view.mailboxes, ids),
    ...dividedBlocks([...tagBlocks(view), ...commentBlocks(view)]),
    ...contextBlocks([linksLine(view.links)]),
    ...footerBlocks(view, ids),
  ];
}
