import type { KnownBlock, PlainTextElement, SectionBlock } from '@slack/types';
import type { ButtonView, FactView, ItemView } from '../view-models';
import { ActionIds, buttonElement, buttonElements } from './buttons';
import { countText, linksLine, moreNotShownText, nonEmptyLines, toneMark } from './common-blocks';
import { MAX_BUTTONS_PER_ITEM, SLACK_LIMITS, TEXT_MAX } from './limits';
import { boldText, mrkdwnText } from './mrkdwn';
import { mrkdwn, plainFact } from './text-objects';

/*
 * An incident, alert, device, file, e-mail or hunting group as one section: bold title, subtitle and links as its
 * text, the facts as its fields (plain text: shown exactly as Defender wrote them); a single button sits beside it
 * (accessory), more buttons go in an actions block below. Every line is bounded (limits.ts), so the text stays under
 * the 3,000 characters of a section.
 */

/** Each fact a plain text field, "Title: value"; past Slack's ten fields, the last one counts the rest. */
export function factFields(facts: FactView[]): PlainTextElement[] {
  if (facts.length <= SLACK_LIMITS.fields) return facts.map((fact) => plainFact(fact));
  const shown = SLACK_LIMITS.fields - 1;
  return [
    ...facts.slice(0, shown).map((fact) => plainFact(fact)),
    { type: 'plain_text', text: `+${countText(facts.length - shown, 'more fact', 'more facts')}` },
  ];
}

export function itemBlocks(item: ItemView, ids: ActionIds): KnownBlock[] {
  const text = nonEmptyLines([
    `${toneMark(item.tone)} ${boldText(item.title, TEXT_MAX.title, '(untitled)')}`,
    mrkdwnText(item.subtitle ?? '', TEXT_MAX.subtitle),
    linksLine(item.links),
  ]);
  const fields = factFields(item.facts);
  const section: SectionBlock = { type: 'section', text: mrkdwn(text), ...(fields.length > 0 ? { fields } : {}) };
  const buttons = buttonElements(item.buttons, ids, MAX_BUTTONS_PER_ITEM);
  const [only] = buttons;
  if (buttons.length === 1 && only !== undefined) return [{ ...section, accessory: only }];
  return buttons.length === 0 ? [section] : [section, { type: 'actions', elements: buttons }];
}

/** "N more not shown", with the button that shows them beside it when there is one. */
export function hiddenBlock(hidden: number, showMore: ButtonView | undefined, ids: ActionIds): KnownBlock {
  const text = mrkdwn(hidden > 0 ? `_${moreNotShownText(hidden)}_` : '_More available_');
  const button = showMore === undefined ? undefined : buttonElement(showMore, ids);
  return button === undefined ? { type: 'context', elements: [text] } : { type: 'section', text, accessory: button };
}

/** Items, then "N more not shown" when some were left off. */
export function itemListBlocks(items: ItemView[], hidden: number, ids: ActionIds): KnownBlock[] {
  const blocks = items.flatMap((item) => itemBlocks(item, ids));
  if (hidden > 0) blocks.push(hiddenBlock(hidden, undefined, ids));
  return blocks;
}
