import type { KnownBlock } from '@slack/types';
import { STAGE_TEXT } from '../count-text';
import type { FittedRequestView } from '../fitted-views';
import { ActionIds, actionsBlocks } from './buttons';
import { contextBlocks, countText, demoTexts, linksLine, toneMark } from './common-blocks';
import { SLACK_LIMITS, TEXT_MAX } from './limits';
import { mrkdwnText, packLines } from './mrkdwn';
import { inputBlocks } from './modal-inputs';
import { factBlocks, warningBlocks } from './request-parts';
import { markedPlain, mrkdwn } from './text-objects';

/* A response-action request as a message: title, stage, warnings, facts, pre-filled values, timeline, links, buttons. */

function timelineBlocks(view: FittedRequestView): KnownBlock[] {
  const hidden = view.timelineNotShown ?? 0;
  const lines = view.timeline.map((entry) => {
    const at = mrkdwnText(entry.at, TEXT_MAX.timestamp);
    const text = mrkdwnText(entry.text, TEXT_MAX.timelineText) || '—';
    return at === '' ? `• ${text}` : `• *${at.replace(/\*/g, '\u2217')}* · ${text}`;
  });
  if (lines.length + hidden === 0) return [];
  const header = hidden > 0 ? `*Timeline* (${countText(hidden, 'earlier entry', 'earlier entries')} not shown)` : '*Timeline*';
  return packLines([header, ...lines], SLACK_LIMITS.sectionText).map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

export function requestBlocks(view: FittedRequestView): KnownBlock[] {
  const ids = new ActionIds();
  const links = linksLine(view.links);
  return [
    { type: 'header', text: markedPlain(toneMark(view.tone), view.title, SLACK_LIMITS.headerText, 'Response action') },
    ...contextBlocks([...demoTexts(view.demo), STAGE_TEXT[view.stage] ?? '']),
    ...warningBlocks(view.warnings),
    ...factBlocks(view.facts, view.factsNotShown ?? 0),
    // The inputs ride in the message itself: a Confirm click sends their values in state.values (a click on a lookup
    // card opens the same inputs in a modal instead).
    ...(view.stage === 'confirm' ? inputBlocks(view.inputs) : []),
    ...timelineBlocks(view),
    ...contextBlocks([links]),
    ...actionsBlocks(view.buttons, ids),
  ];
}
