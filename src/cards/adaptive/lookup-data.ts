import type { IndicatorView, LinkView, LookupView, SectionView } from '../view-models';
import { failedSections, verdictCounts, verdictHeadline } from '../verdict-text';
import {
  type ButtonData,
  type ItemData,
  itemData,
  moreNotShownText,
  optionalButtonData,
  type TextColor,
  toneColor,
} from './item-data';

/** Binding data of templates/lookup.json; see item-data.ts for the conventions. */
export interface LookupCardData {
  demo: boolean;
  severityText: string;
  severityColor: TextColor;
  countsText: string;
  hasNotice: boolean;
  notice: string;
  noIndicators: boolean;
  indicators: IndicatorData[];
  generatedText: string;
  hasRefresh: boolean;
  refresh: ButtonData[];
  fallbackText: string;
}

interface IndicatorData {
  headerText: string;
  color: TextColor;
  hasHeadline: boolean;
  headline: string;
  hasLink: boolean;
  link: LinkView[];
  sections: SectionData[];
  hasEmptySummary: boolean;
  emptySummary: string;
}

/** An error section (one attention line) or a list section (a toggle line and a hidden body). */
interface SectionData {
  isError: boolean;
  errorText: string;
  isList: boolean;
  toggleText: string;
  bodyId: string;
  items: ItemData[];
  hasHidden: boolean;
  hiddenText: string;
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
  const color: Record<typeof headline.state, TextColor> = { severity: severityColor(view.verdict.highestSeverity ?? ''), clear: 'good', incomplete: 'warning', noSeverity: 'default' };
  return { text: headline.text, color: color[headline.state] };
}

function isShownEmpty(section: SectionView): boolean {
  return section.status === 'empty' || (section.status === 'ok' && section.items.length === 0 && !section.hiddenCount);
}

function sectionData(section: SectionView, bodyId: string): SectionData {
  const isError = section.status === 'error';
  const hidden = section.hiddenCount ?? 0;
  return {
    isError,
    errorText: `${section.title}: ${section.error ?? 'could not be read'}`,
    isList: !isError,
    toggleText: `▸ ${section.title} (${section.items.length + hidden})`,
    bodyId,
    items: isError ? [] : section.items.map(itemData),
    hasHidden: hidden > 0,
    hiddenText: moreNotShownText(hidden),
    hasShowMore: section.showMore !== undefined,
    showMore: optionalButtonData(section.showMore),
  };
}

function indicatorData(indicator: IndicatorView, indicatorIndex: number): IndicatorData {
  const empty = indicator.sections.filter(isShownEmpty);
  const sections = indicator.sections
    .map((section, sectionIndex) => ({ section, bodyId: `i${indicatorIndex}-s${sectionIndex}` }))
    .filter(({ section }) => !isShownEmpty(section))
    .map(({ section, bodyId }) => sectionData(section, bodyId));
  return {
    headerText: `${indicator.type}: ${indicator.value}${indicator.internal ? ' · internal' : ''}`,
    color: toneColor(indicator.tone),
    hasHeadline: indicator.headline !== '',
    headline: indicator.headline,
    hasLink: indicator.link !== undefined,
    link: indicator.link === undefined ? [] : [indicator.link],
    sections,
    hasEmptySummary: empty.length > 0,
    emptySummary: `None found: ${empty.map((section) => section.title).join(', ')}`,
  };
}

export function lookupCardData(view: LookupView): LookupCardData {
  const severity = severityLine(view);
  const counts = verdictCounts(view.verdict);
  return {
    demo: view.demo,
    severityText: severity.text,
    severityColor: severity.color,
    countsText: counts,
    hasNotice: view.notice !== undefined && view.notice !== '',
    notice: view.notice ?? '',
    noIndicators: view.indicators.length === 0,
    indicators: view.indicators.map(indicatorData),
    generatedText: `Generated ${view.generatedAt}`,
    hasRefresh: view.refresh !== undefined,
    refresh: optionalButtonData(view.refresh),
    fallbackText: `${view.demo ? 'DEMO DATA. ' : ''}${severity.text} · ${counts}`,
  };
}
