import type { KnownBlock } from '@slack/types';
import type { FactView } from '../view-models';
import { contextBlocks, countText } from './common-blocks';
import { MAX_REQUEST_FACTS, MAX_WARNINGS, SLACK_LIMITS, TEXT_MAX } from './limits';
import { mrkdwnText, packLines } from './mrkdwn';
import { mrkdwn, plainFact } from './text-objects';

/* The parts a request message and its confirmation modal share: facts and warnings. */

/** Facts as two-column plain text fields ("Title: value", exactly as written), ten per section; `notShown` more are counted below them. */
export function factBlocks(facts: FactView[], notShown: number): KnownBlock[] {
  const shown = facts.slice(0, MAX_REQUEST_FACTS);
  const more = notShown + facts.length - shown.length;
  const blocks: KnownBlock[] = [];
  for (let start = 0; start < shown.length; start += SLACK_LIMITS.fields) {
    blocks.push({ type: 'section', fields: shown.slice(start, start + SLACK_LIMITS.fields).map((fact) => plainFact(fact)) });
  }
  if (more > 0) blocks.push(...contextBlocks([`_${countText(more, 'more fact', 'more facts')} not shown_`]));
  return blocks;
}

/** Warnings are what to stop and think about: bold, first after the title, never cut silently. */
export function warningBlocks(warnings: string[]): KnownBlock[] {
  const lines = warnings.map((warning) => mrkdwnText(warning, TEXT_MAX.warning)).filter((line) => line !== '');
  if (lines.length === 0) return [];
  const shown = lines.slice(0, MAX_WARNINGS).map((line) => `⚠️ *${line.replace(/\*/g, '\u2217')}*`);
  if (lines.length > MAX_WARNINGS) {
    shown.push(`⚠️ *${countText(lines.length - MAX_WARNINGS, 'more warning', 'more warnings')} not shown: open the request in Defender*`);
  }
  return packLines(shown, SLACK_LIMITS.sectionText).map((text) => ({ type: 'section', text: mrkdwn(text) }));
}
