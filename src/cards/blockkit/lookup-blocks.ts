import type { KnownBlock } from '@slack/types';
import type { IndicatorView, LookupView, SectionView } from '../view-models';
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


function isShownEmpty(section: SectionView): boolean {
  return section.status === 'empty' || (section.status === 'ok' && section.items.length === 0 && !section.hiddenCount);
}

function errorLine(section: SectionView, max: number): string {
  const title = boldText(section.title, TEXT_MAX.sectionTitle, 'Section');
  return `⚠️ ${title}: ${mrkdwnText(section.error ?? '', max) || 'could not be read'}`;
}

function indicatorLabel(indicator: IndicatorView): string {
  const type = boldText(indicator.type, TEXT_MAX.indicatorType, 'indicator');
  return `${toneMark(indicator.tone)} ${type} ${codeText(indicator.value, TEXT_MAX.indicatorValue)}${indicator.internal ? ' · internal' : ''}`;
}

function sectionBlocks(section: SectionView, ids: ActionIds): KnownBlock[] {
  if (section.status === 'error') return [{ type: 'section', text: mrkdwn(errorLine(section, TEXT_MAX.error)) }];
  const hidden = section.hiddenCount ?? 0;
  const total = section.items.length + hidden;
  const heading = contextBlocks([`${boldText(section.title, TEXT_MAX.sectionTitle, 'Section')} (${total})`]);
  const items = section.items.flatMap((item) => itemBlocks(item, ids));
  const more = hidden > 0 || section.showMore !== undefined ? [hiddenBlock(hidden, section.showMore, ids)] : [];
  return [...heading, ...items, ...more];
}

function expandedBlocks(indicator: IndicatorView, ids: ActionIds): KnownBlock[] {
  const empty = indicator.sections.filter(isShownEmpty).map((s) => mrkdwnText(s.title, TEXT_MAX.sectionTitle) || 'Section');
  const emptyLine = empty.length === 0 ? '' : `_None found: ${joinWithin(empty, ', ', 600, (n) => `${n} more`)}_`;
  const header = nonEmptyLines([
    indicatorLabel(indicator),
    mrkdwnText(indicator.headline, TEXT_MAX.headline),
    indicator.link === undefined ? '' : linksLine([indicator.link]),
    emptyLine,
  ]);
  const shown = indicator.sections.filter((section) => !isShownEmpty(section));
  return [{ type: 'divider' }, { type: 'section', text: mrkdwn(header) }, ...shown.flatMap((s) => sectionBlocks(s, ids))];
}

/** One line per indicator: label, headline, and every section error with its cause (shortened). */
function summaryLine(indicator: IndicatorView): string {
  const errors = indicator.sections.filter((s) => s.status === 'error').map((s) => errorLine(s, TEXT_MAX.collapsedError));
  const headline = mrkdwnText(indicator.headline, TEXT_MAX.headline);
  return [`${indicatorLabel(indicator)}${headline === '' ? '' : ` · ${headline}`}`, ...errors].join('\n    ');
}

function summaryBlocks(indicators: IndicatorView[]): KnownBlock[] {
  if (indicators.length === 0) return [];
  const note = contextBlocks([
    `_${countText(indicators.length, 'indicator', 'indicators')} in short: the message reached Slack's size limit. Look them up on their own for details._`,
  ]);
  const sections = packLines(indicators.map(summaryLine), SLACK_LIMITS.sectionText).map(
    (text): KnownBlock => ({ type: 'section', text: mrkdwn(text) }),
  );
  return [{ type: 'divider' }, ...note, ...sections];
}

export function lookupBlocks(layout: LookupLayout): KnownBlock[] {
  const { view } = layout;
  const ids = new ActionIds();
  const dropped = view.indicators.length - layout.listed;
  const notice = [
    mrkdwnText(view.notice ?? '', TEXT_MAX.notice),
    dropped > 0 ? `${countText(dropped, 'more indicator', 'more indicators')} not shown: the message reached Slack's size limit` : '',
  ].filter((text) => text !== '');
  return [
    { type: 'header', text: plain(severityText(view), SLACK_LIMITS.headerText, 'Lookup') },
    ...contextBlocks([
      ...demoTexts(view.demo),
      verdictCounts(view.verdict),
      ...notice,
      `Generated ${mrkdwnText(view.generatedAt, TEXT_MAX.timestamp)}`,
    ]),
    ...(view.indicators.length === 0 ? contextBlocks(['No indicators to look up.']) : []),
    ...view.indicators.slice(0, layout.expanded).flatMap((indicator) => expandedBlocks(indicator, ids)),
    ...summaryBlocks(view.indicators.slice(layout.expanded, layout.listed)),
    ...actionsBlocks([view.refresh], ids),
  ];
}
