import { incompleteNote, isShownEmpty, problemDetails, problemHeading, type SectionEntry, sectionEntries } from '../problem-text';
import type { IndicatorView, LinkView, LookupView, ProblemView, SectionView } from '../view-models';
import { failedSections, verdictCounts, verdictHeadline } from '../verdict-text';
import { type ButtonData, type ItemData, itemData, moreNotShownText, optionalButtonData, type TextColor, toneColor } from './item-data';
import { type Inline, isMarkdownInert, plainString, runs } from './text-runs';

/** Binding data of templates/lookup.json; see item-data.ts for the conventions. */
export interface LookupCardData {
  demo: boolean;
  severity: Inline[];
  counts: Inline[];
  hasNotice: boolean;
  notice: Inline[];
  hasProblems: boolean;
  problems: ProblemData[];
  noIndicators: boolean;
  indicators: IndicatorData[];
  generated: Inline[];
  hasRefresh: boolean;
  refresh: ButtonData[];
  fallbackText: string;
}

/** A failure said once: "⚠️ **Source:** cause", then a line each for what it left out, when to retry, what permission is missing. */
interface ProblemData {
  cause: Inline[];
  details: Array<{ line: Inline[] }>;
}

interface IndicatorData {
  header: Inline[];
  hasHeadline: boolean;
  headline: Inline[];
  hasLink: boolean;
  link: LinkView[];
  sections: SectionData[];
  hasEmptySummary: boolean;
  emptySummary: Inline[];
}

/**
 * A line for sections that failed, or are incomplete with nothing in them ("**Alerts:** <cause>", or one line for
 * all the sections one failure of the card's problems affected), or a section as a list: a toggle line and a hidden
 * body whose first line, when the list is incomplete, says so.
 */
interface SectionData {
  isLine: boolean;
  line: Inline[];
  isList: boolean;
  toggleText: string;
  bodyId: string;
  hasPartialNote: boolean;
  partialNote: Inline[];
  items: ItemData[];
  hasHidden: boolean;
  hiddenText: Inline[];
  hasShowMore: boolean;
  showMore: ButtonData[];
}

function severityColor(severity: string): TextColor {
  const lower = severity.toLowerCase();
  if (lower.includes('high') || lower.includes('critical')) return 'attention';
  if (lower.includes('medium')) return 'warning';
  return 'default';
}

function severityLine(view: LookupView): { text: string; color: TextColor } {
  const headline = verdictHeadline(view.verdict, failedSections(view));
  const color: Record<typeof headline.state, TextColor> = {
    severity: severityColor(view.verdict.highestSeverity ?? ''),
    clear: 'good',
    incomplete: 'warning',
    noSeverity: 'default',
  };
  return { text: headline.text, color: color[headline.state] };
}

const STATE_COLORS = { missing: 'attention', incomplete: 'warning' } as const;

function lineData(line: Inline[]): SectionData {
  return {
    isLine: true,
    line,
    isList: false,
    toggleText: '',
    bodyId: '',
    hasPartialNote: false,
    partialNote: [],
    items: [],
    hasHidden: false,
    hiddenText: [],
    hasShowMore: false,
    showMore: [],
  };
}

function listData(view: LookupView, section: SectionView, bodyId: string): SectionData {
  const hidden = section.hiddenCount ?? 0;
  const incomplete = section.partial !== undefined;
  return {
    isLine: false,
    line: [],
    isList: true,
    toggleText: plainString(`▸ ${section.title} (${section.items.length + hidden}${incomplete ? ', incomplete' : ''})`),
    bodyId,
    hasPartialNote: incomplete,
    partialNote: runs(incompleteNote(view, section), { color: 'warning' }),
    items: section.items.map(itemData),
    hasHidden: hidden > 0,
    hiddenText: runs(moreNotShownText(hidden), { isSubtle: true }),
    hasShowMore: section.showMore !== undefined,
    showMore: optionalButtonData(section.showMore),
  };
}

function entryData(view: LookupView, entry: SectionEntry, indicatorIndex: number): SectionData {
  if (entry.kind === 'list') return listData(view, entry.section, `i${indicatorIndex}-s${entry.sectionIndex}`);
  const color = STATE_COLORS[entry.state];
  if (entry.kind === 'cause') return lineData([...runs(`${entry.title}: `, { weight: 'bolder' }), ...runs(entry.cause, { color })]);
  return lineData([...runs(entry.lead, { weight: 'bolder', color }), ...runs(entry.rest, { color })]);
}

function indicatorData(view: LookupView, indicator: IndicatorView, indicatorIndex: number): IndicatorData {
  const empty = indicator.sections.filter(isShownEmpty);
  const sections = sectionEntries(view, indicator).map((entry) => entryData(view, entry, indicatorIndex));
  const header = `${indicator.type}: ${indicator.value}${indicator.internal ? ' · internal' : ''}`;
  return {
    header: runs(header, { weight: 'bolder', color: toneColor(indicator.tone) }),
    hasHeadline: indicator.headline !== '',
    headline: runs(indicator.headline),
    hasLink: indicator.link !== undefined,
    link: indicator.link === undefined ? [] : [indicator.link],
    sections,
    hasEmptySummary: empty.length > 0,
    emptySummary: runs(`None found: ${empty.map((section) => section.title).join(', ')}`, { isSubtle: true }),
  };
}

function problemData(problem: ProblemView, indicatorCount: number): ProblemData {
  const heading = problemHeading(problem);
  return {
    cause: [
      ...runs('⚠️ '),
      ...runs(heading === undefined ? '' : `${heading}: `, { weight: 'bolder' }),
      ...runs(problem.message === '' ? 'failed' : problem.message),
    ],
    details: problemDetails(problem, indicatorCount).map((line) => ({ line: runs(line) })),
  };
}

/** fallbackText may be read as Markdown: it holds only the parts that mean the same either way. */
function fallbackText(view: LookupView, severity: string, counts: string): string {
  const summary = [severity, counts].filter((part) => part !== '' && isMarkdownInert(part)).join(' · ');
  return plainString(`${view.demo ? 'DEMO DATA. ' : ''}${summary === '' ? 'Microsoft 365 Defender lookup' : summary}`);
}

export function lookupCardData(view: LookupView): LookupCardData {
  const severity = severityLine(view);
  const counts = verdictCounts(view.verdict);
  const problems = view.problems ?? [];
  return {
    demo: view.demo,
    severity: runs(severity.text, { weight: 'bolder', size: 'medium', color: severity.color }),
    counts: runs(counts),
    hasNotice: view.notice !== undefined && view.notice !== '',
    notice: runs(view.notice ?? '', { isSubtle: true }),
    hasProblems: problems.length > 0,
    problems: problems.map((problem) => problemData(problem, view.indicators.length)),
    noIndicators: view.indicators.length === 0,
    indicators: view.indicators.map((indicator, index) => indicatorData(view, indicator, index)),
    generated: runs(`Generated ${view.generatedAt}`, { isSubtle: true, size: 'small' }),
    hasRefresh: view.refresh !== undefined,
    refresh: optionalButtonData(view.refresh),
    fallbackText: fallbackText(view, severity.text, counts),
  };
}
