import type { KnownBlock } from '@slack/types';
import type { FittedActionsView } from '../fitted-views';
import type { HelpView, MessageView } from '../view-models';
import { ActionIds } from './buttons';
import { contextBlocks, countText, demoTexts } from './common-blocks';
import { itemListBlocks } from './item-blocks';
import { SLACK_LIMITS, TEXT_MAX } from './limits';
import { boldText, codeText, mrkdwnText, packLines } from './mrkdwn';
import { mrkdwn, plain } from './text-objects';

/* Actions, help and message views. */

export function actionsViewBlocks(view: FittedActionsView): KnownBlock[] {
  const ids = new ActionIds();
  const notShown = view.itemsNotShown ?? 0;
  const noItems = view.items.length === 0 && notShown === 0 && view.error === undefined;
  return [
    { type: 'header', text: plain(view.title, SLACK_LIMITS.headerText, 'Response actions') },
    ...contextBlocks(demoTexts(view.demo)),
    ...(view.error === undefined
      ? []
      : [{ type: 'section', text: mrkdwn(`⚠️ ${mrkdwnText(view.error, TEXT_MAX.error) || 'could not be read'}`) } as KnownBlock]),
    ...(noItems ? contextBlocks(['No response actions.']) : []),
    ...itemListBlocks(view.items, notShown, ids),
  ];
}

export interface FittedHelpView extends HelpView {
  /** Commands left off to stay within the message limits. */
  commandsNotShown?: number;
}

export function helpBlocks(view: FittedHelpView): KnownBlock[] {
  const lines = view.commands.map((command) => `${codeText(command.usage, TEXT_MAX.usage)} ${mrkdwnText(command.description, TEXT_MAX.description)}`);
  const hidden = view.commandsNotShown ?? 0;
  if (hidden > 0) lines.push(`_${countText(hidden, 'more command', 'more commands')} not shown_`);
  const reason = mrkdwnText(view.reason ?? '', TEXT_MAX.error);
  return [
    { type: 'header', text: { type: 'plain_text', text: 'What I can do' } },
    ...contextBlocks(demoTexts(view.demo)),
    ...(reason === '' ? [] : [{ type: 'section', text: mrkdwn(reason) } as KnownBlock]),
    ...packLines(lines, SLACK_LIMITS.sectionText).map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) })),
  ];
}

const MESSAGE_MARKS: Record<MessageView['tone'], string> = { info: 'ℹ️', progress: '⏳', warning: '⚠️', error: '❌' };

export function messageBlocks(view: MessageView): KnownBlock[] {
  const title = boldText(view.title, TEXT_MAX.messageTitle, 'Message');
  const text = mrkdwnText(view.text ?? '', TEXT_MAX.messageText);
  const mark = MESSAGE_MARKS[view.tone] ?? MESSAGE_MARKS.info;
  return [{ type: 'section', text: mrkdwn(text === '' ? `${mark} ${title}` : `${mark} ${title}\n${text}`) }, ...contextBlocks(demoTexts(view.demo))];
}
