import { fitIncidentLists, fitSectionItems, largestCountFitting, largestFitting as largestFittingSearch } from '../fit-search';
import type { FittedView, FittedRequestView } from '../fitted-views';
import { capSectionItems, keepFirstFacts, keepFirstItems, keepFirstRows, keepLatestTimeline } from '../view-cuts';
import type { IndicatorView, LookupView, MessageView, SectionView } from '../view-models';
import { CARD_BUDGET_BYTES } from './limits';
import type { CardJson } from './templates';

/*
 * Keeps a card within the size budget by changing the view, never the rendered JSON: the fitter renders smaller
 * and smaller views until one fits (../fit-search.ts), so a card is always whole and says what it left off.
 */

export type RenderView = (view: FittedView) => CardJson;

export function cardByteSize(card: CardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

function within(budget: number): (card: CardJson) => boolean {
  return (card) => cardByteSize(card) <= budget;
}

/** The largest n in [low, high] whose card is within `budget` bytes, with that card (see ../fit-search.ts). */
export function largestFitting(low: number, high: number, build: (n: number) => CardJson, budget: number): { n: number; card: CardJson } | undefined {
  const found = largestFittingSearch(low, high, build, within(budget));
  return found === undefined ? undefined : { n: found.n, card: found.rendered };
}

const BODY_NOT_SHOWN: SectionView = {
  title: 'Details',
  status: 'error',
  error: 'not shown, the card reached its size limit. Look up this indicator on its own to see them.',
  items: [],
};

/** The first `kept` indicators keep their sections; the others keep only their header line. */
export function keepIndicatorBodies(view: LookupView, kept: number): LookupView {
  const strip = (indicator: IndicatorView, index: number): IndicatorView =>
    index < kept || indicator.sections.length === 0 ? indicator : { ...indicator, sections: [BODY_NOT_SHOWN] };
  return { ...view, indicators: view.indicators.map(strip) };
}

/** Only the first `kept` indicators, the notice saying how many more there are. */
export function keepIndicators(view: LookupView, kept: number): LookupView {
  const dropped = view.indicators.length - kept;
  if (dropped <= 0) return view;
  const saying = `${dropped} more indicators not shown, the card reached its size limit`;
  return {
    ...view,
    notice: view.notice === undefined || view.notice === '' ? saying : `${view.notice} · ${saying}`,
    indicators: view.indicators.slice(0, kept),
  };
}

/** Whether a full render is pointless: a card is larger than the text it shows, so a view this big cannot fit. */
function surelyTooBig(view: FittedView, budget: number): boolean {
  return JSON.stringify(view).length > budget;
}

function fitLookup(view: LookupView, render: RenderView, budget: number): CardJson | undefined {
  const fits = within(budget);
  // 1. Cut the longest sections first (every section the same cap, then one item more for some).
  const byItems = fitSectionItems(view, render, fits);
  if (byItems !== undefined) return byItems;
  // 2. One item per section is still too big: the last indicators lose their sections.
  const oneItemEach = capSectionItems(view, 1);
  const count = view.indicators.length;
  const byBodies = largestCountFitting(count, (kept) => render(keepIndicatorBodies(oneItemEach, kept)), fits);
  if (byBodies !== undefined) return byBodies;
  // 3. Even header lines alone are too many: the last indicators go.
  const headersOnly = keepIndicatorBodies(oneItemEach, 0);
  return largestCountFitting(count, (kept) => render(keepIndicators(headersOnly, kept)), fits);
}

/**
 * The title, warnings, inputs and buttons are what the person decides on: they are never cut. The oldest timeline
 * entries go first, then the last facts; a request that still does not fit becomes the short message card, which
 * has no buttons, so nothing can be confirmed without its warnings.
 */
function fitRequest(view: FittedRequestView, render: RenderView, budget: number): CardJson | undefined {
  const fits = within(budget);
  const byTimeline = largestCountFitting(view.timeline.length, (kept) => render(keepLatestTimeline(view, kept)), fits);
  if (byTimeline !== undefined) return byTimeline;
  const noTimeline = keepLatestTimeline(view, 0);
  return largestCountFitting(noTimeline.facts.length, (kept) => render(keepFirstFacts(noTimeline, kept)), fits);
}

function tooLargeMessage(demo: boolean): MessageView {
  return {
    kind: 'message',
    demo,
    tone: 'warning',
    title: 'This answer is too large for a card.',
    text: 'Ask for less at a time: fewer indicators or a narrower query.',
  };
}

/**
 * The card of `view` within `budget` bytes (UTF-8 JSON): the full card when it fits, otherwise the card of a view
 * with fewer items (largest sections first), then fewer indicator bodies, then fewer indicators, each counted on
 * the card; a request loses its oldest timeline entries, then its last facts; an incident loses the last entries of
 * its longest lists. A short message card when nothing else fits.
 */
export function fitToBudget(view: FittedView, render: RenderView, budget: number = CARD_BUDGET_BYTES): CardJson {
  if (!surelyTooBig(view, budget)) {
    const full = render(view);
    if (cardByteSize(full) <= budget) return full;
  }
  const fits = within(budget);
  let fitted: CardJson | undefined;
  if (view.kind === 'lookup') fitted = fitLookup(view, render, budget);
  else if (view.kind === 'hunt') fitted = largestCountFitting(view.rows.length, (kept) => render(keepFirstRows(view, kept)), fits);
  else if (view.kind === 'actions') fitted = largestCountFitting(view.items.length, (kept) => render(keepFirstItems(view, kept)), fits);
  else if (view.kind === 'request') fitted = fitRequest(view, render, budget);
  // The first lines and the triage controls stay; the lists are cut from their ends, counted for "Show all".
  else if (view.kind === 'incident') fitted = fitIncidentLists(view, render, fits);
  return fitted ?? render(tooLargeMessage(view.demo));
}
