import type { KnownBlock } from '@slack/types';
import {
  incompleteNote,
  isShownEmpty,
  problemDetails,
  problemHeading,
  PROBLEM_TEXT_LIMITS,
  type SectionEntry,
  sectionEntries,
  shownProblems,
} from '../problem-text';
import type { IndicatorView, LookupView, ProblemView, SectionView } from '../view-models';
import { failedSections, verdictCounts, verdictHeadline } from '../verdict-text';
import { ActionIds, actionsBlocks } from './buttons';
import { contextBlocks, countText, demoTexts, linksLine, nonEmptyLines, toneMark } from './common-blocks';
import { hiddenBlock, itemBlocks } from './item-blocks';
import { SLACK_LIMITS, TEXT_MAX } from './limits';
import { boldText, cleanText, codeText, joinWithin, mrkdwnText, packLines } from './mrkdwn';
import { mrkdwn, plain } from './text-objects';

/**
 * What of a lookup goes on the message: the first `expanded` indicators with their sections, the next ones up to
 * `listed` as one summary line each (headline and errors), the rest only counted.
 */
export interface LookupLayout {
  view: LookupView;
  expanded: number;
  listed: number;
}

/** The first line: the highest severity, or whether nothing was found (and whether every source answered). */
export function severityText(view: LookupView): string {
  const severity = view.verdict.highestSeverity === null ? null : cleanText(view.verdict.highestSeverity, TEXT_MAX.severity);
  return verdictHeadline({ ...view.verdict, highestSeverity: severity }, failedSections(view)).text;
}

export function fullLayout(view: LookupView): LookupLayout {
  return { view, expanded: view.indicators.length, listed: view.indicators.length };
}

/**
 * A line for sections that failed or are incomplete with nothing in them: "<title>: <cause>", or the one line for
 * all the sections one of the card's problems left out ("Not read: Incidents and Alerts (... see above)").
 */
function entryLine(entry: Exclude<SectionEntry, { kind: 'list' }>, max: number): string {
  if (entry.kind === 'cause') {
    return `⚠️ ${boldText(entry.title, TEXT_MAX.sectionTitle, 'Section')}: ${mrkdwnText(entry.cause, max) || 'could not be read'}`;
  }
  return `⚠️ *${entry.lead.trim()}* ${mrkdwnText(entry.rest, max)}`;
}

/** A failure said once, near the top: "⚠️ *Advanced hunting:* cause", then what it left out and what to do. */
function problemText(problem: ProblemView, indicatorCount: number): string {
  const heading = problemHeading(problem);
  const cause = `⚠️ ${heading === undefined ? '' : `${boldText(heading, TEXT_MAX.sectionTitle, 'Source', ':')} `}${mrkdwnText(problem.message, PROBLEM_TEXT_LIMITS.message) || 'failed'}`;
  // Escaping can make a line longer than it reads (& becomes &amp;): twice the limit leaves room for it.
  const details = problemDetails(problem, indicatorCount).map((line) => mrkdwnText(line, 2 * PROBLEM_TEXT_LIMITS.line));
  return nonEmptyLines([cause, ...details]);
}

function problemBlocks(view: LookupView): KnownBlock[] {
  return shownProblems(view).map((problem): KnownBlock => ({ type: 'section', text: mrkdwn(problemText(problem, view.indicators.length)) }));
}

function indicatorLabel(indicator: IndicatorView): string {
  const type = boldText(indicator.type, TEXT_MAX.indicatorType, 'indicator');
  return `${toneMark(indicator.tone)} ${type} ${codeText(indicator.value, TEXT_MAX.indicatorValue)}${indicator.internal ? ' · internal' : ''}`;
}

function listBlocks(view: LookupView, section: SectionView, ids: ActionIds): KnownBlock[] {
  const hidden = section.hiddenCount ?? 0;
  const total = section.items.length + hidden;
  const incomplete = section.partial === undefined ? '' : ` · _${mrkdwnText(incompleteNote(view, section), TEXT_MAX.error)}_`;
  const heading = contextBlocks([`${boldText(section.title, TEXT_MAX.sectionTitle, 'Section')} (${total})${incomplete}`]);
  const items = section.items.flatMap((item) => itemBlocks(item, ids));
  const more = hidden > 0 || section.showMore !== undefined ? [hiddenBlock(hidden, section.showMore, ids)] : [];
  return [...heading, ...items, ...more];
}

function entryBlocks(view: LookupView, entry: SectionEntry, ids: ActionIds): KnownBlock[] {
  if (entry.kind === 'list') return listBlocks(view, entry.section, ids);
  return [{ type: 'section', text: mrkdwn(entryLine(entry, TEXT_MAX.error)) }];
}

function expandedBlocks(view: LookupView, indicator: IndicatorView, ids: ActionIds): KnownBlock[] {
  const empty = indicator.sections.filter(isShownEmpty).map((s) => mrkdwnText(s.title, TEXT_MAX.sectionTitle) || 'Section');
  const emptyLine = empty.length === 0 ? '' : `_None found: ${joinWithin(empty, ', ', TEXT_MAX.noneFoundLine, (n) => `${n} more`)}_`;
  const header = nonEmptyLines([
    indicatorLabel(indicator),
    mrkdwnText(indicator.headline, TEXT_MAX.headline),
    indicator.link === undefined ? '' : linksLine([indicator.link]),
    emptyLine,
  ]);
  const entries = sectionEntries(view, indicator);
  return [{ type: 'divider' }, { type: 'section', text: mrkdwn(header) }, ...entries.flatMap((entry) => entryBlocks(view, entry, ids))];
}

/** One line per indicator: label, headline, and the line of every failed section (shortened). */
function summaryLine(view: LookupView, indicator: IndicatorView): string {
  const errors = sectionEntries(view, indicator)
    .filter((entry): entry is Exclude<SectionEntry, { kind: 'list' }> => entry.kind !== 'list')
    .map((entry) => entryLine(entry, TEXT_MAX.collapsedError));
  const headline = mrkdwnText(indicator.headline, TEXT_MAX.headline);
  return [`${indicatorLabel(indicator)}${headline === '' ? '' : ` · ${headline}`}`, ...errors].join('\n    ');
}

function summaryBlocks(view: LookupView, indicators: IndicatorView[]): KnownBlock[] {
  if (indicators.length === 0) return [];
  const note = contextBlocks([
    `_${countText(indicators.length, 'indicator', 'indicators')} in short: the message reached Slack's size limit. Look them up on their own for details._`,
  ]);
  const sections = packLines(
    indicators.map((indicator) => summaryLine(view, indicator)),
    SLACK_LIMITS.sectionText,
  ).map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) }));
  return [{ type: 'divider' }, ...note, ...sections];
}

export function lookupBlocks(layout: LookupLayout): KnownBlock[] {
  const { view } = layout;
  const ids = new ActionIds();
  const dropped = view.indicators.length - layout.listed;
  const notice = [
    plain(view.notice ?? '', TEXT_MAX.notice, ''),
    dropped > 0 ? `${countText(dropped, 'more indicator', 'more indicators')} not shown: the message reached Slack's size limit` : '',
  ];
  return [
    { type: 'header', text: plain(severityText(view), SLACK_LIMITS.headerText, 'Lookup') },
    ...contextBlocks([
      ...demoTexts(view.demo),
      verdictCounts(view.verdict),
      ...notice,
      plain(`Generated ${cleanText(view.generatedAt, TEXT_MAX.timestamp)}`, TEXT_MAX.timestamp + 10, 'Generated'),
    ]),
    ...problemBlocks(view),
    ...(view.indicators.length === 0 ? contextBlocks(['No indicators to look up.']) : []),
    ...view.indicators.slice(0, layout.expanded).flatMap((indicator) => expandedBlocks(view, indicator, ids)),
    ...summaryBlocks(view, view.indicators.slice(layout.expanded, layout.listed)),
    ...actionsBlocks([view.refresh], ids),
  ];
}
