import { countText, moreNotShownText } from '../count-text';
import type { KnownBlock, PlainTextElement } from '@slack/types';
import type { LinkView } from '../view-models';
import { MAX_LINKS_PER_ITEM, SLACK_LIMITS, TEXT_MAX } from './limits';
import { mrkdwnLink } from './links';
import { joinWithin } from './mrkdwn';
import { mrkdwn } from './text-objects';

export { countText, moreNotShownText };

/* Small pieces every kind of message uses: tone marks, counts, context lines, links, the demo marker. */

export type Tone = 'attention' | 'warning' | 'good' | 'default';

const TONE_MARKS: Record<Tone, string> = { attention: '🔴', warning: '🟠', good: '🟢', default: '⚪' };

export function toneMark(tone: Tone | undefined): string {
  return TONE_MARKS[tone ?? 'default'] ?? TONE_MARKS.default;
}

/** The http(s) links as "<url|title>", others left off. */
export function linksLine(links: LinkView[]): string {
  const shown = links
    .map(mrkdwnLink)
    .filter((link): link is string => link !== undefined)
    .slice(0, MAX_LINKS_PER_ITEM);
  return joinWithin(shown, ' · ', TEXT_MAX.linksLine, (n) => `+${countText(n, 'more link', 'more links')}`);
}

export function nonEmptyLines(lines: string[]): string {
  return lines.filter((line) => line !== '').join('\n');
}

/** A context line of short texts: mrkdwn strings and plain text objects (empty ones left off), or none. */
export function contextBlocks(texts: Array<string | PlainTextElement>): KnownBlock[] {
  const elements = texts
    .filter((text) => (typeof text === 'string' ? text : text.text).trim() !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((text) => (typeof text === 'string' ? mrkdwn(text) : text));
  return elements.length === 0 ? [] : [{ type: 'context', elements }];
}

export const DEMO_MARKER = '*DEMO DATA* · answers come from the built-in demo tenant';

export function demoTexts(demo: boolean): string[] {
  return demo ? [DEMO_MARKER] : [];
}
