import type { IndicatorView, LookupView, MessageView, SectionView } from '../view-models';
import type { FittedActionsView, FittedHuntView, FittedRequestView, FittedView } from './fitted-views';
import type { CardJson } from './templates';

/*
 * Keeps a card within the size budget by changing the view, never the rendered JSON: the fitter renders smaller
 * and smaller views until one fits, so a card is always whole and says what it left off.
 */

/** Teams incoming webhooks stop at about 28 KB; the bot-message limit is higher, so this is the safe budget. */
export const CARD_BUDGET_BYTES = 28 * 1024;

export type RenderView = (view: FittedView) => CardJson;

export function cardByteSize(card: CardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * The largest n in [low, high] whose card fits, with that card; undefined when even `low` does not fit. Cards grow
 * with n. The search gallops up from `low`, so no probe renders a card much bigger than the budget.
 */
export function largestFitting(
  low: number,
  high: number,
  build: (n: number) => CardJson,
  budget: number,
): { n: number; card: CardJson } | undefined {
  const tryBuild = (n: number) => {
    const card = build(n);
    return cardByteSize(card) <= budget ? card : undefined;
  };
  const lowCard = tryBuild(low);
  if (lowCard === undefined) return undefined;
  let best = { n: low, card: lowCard };
  let tooBig = high + 1;
  for (let step = 1; best.n < high; step *= 2) {
    const n = Math.min(high, best.n + step);
    const card = tryBuild(n);
    if (card === undefined) {
      tooBig = n;
      break;
    }
    best = { n, card };
  }
  while (tooBig - best.n > 1) {
    const n = Math.floor((best.n + tooBig) / 2);
    const card = tryBuild(n);
    if (card === undefined) tooBig = n;
    else best = { n, card };
  }
  return best;
}

/**
 * Every list section cut to `cap` items, the rest counted in hiddenCount; the first `oneMore` sections (in reading
 * order) that are longer keep one item more, to use the room a uniform cap leaves.
 */
export function capSectionItems(view: LookupView, cap: number, oneMore = 0): LookupView {
  let extraLeft = oneMore;
  const capSection = (section: SectionView): SectionView => {
    if (section.items.length <= cap) return section;
    const kept = extraLeft > 0 ? cap + 1 : cap;
    extraLeft--;
    const dropped = section.items.length - kept;
    return { ...section, items: section.items.slice(0, kept), hiddenCount: (section.hiddenCount ?? 0) + dropped };
  };
  return {
    ...view,
    indicators: view.indicators.map((indicator) => ({ ...indicator, sections: indicator.sections.map(capSection) })),
  };
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
  // 1. Cut the longest sections first: the same item cap for every section, as high as fits, at least 1; then one
  //    item more for as many of the cut sections as still fit.
  const lengths = view.indicators.flatMap((i) => i.sections.map((s) => s.items.length));
  const longest = Math.max(1, ...lengths);
  const byCap = largestFitting(1, longest, (cap) => render(capSectionItems(view, cap)), budget);
  if (byCap !== undefined) {
    const cap = byCap.n;
    const longer = lengths.filter((length) => length > cap).length;
    if (longer === 0) return byCap.card;
    const byOneMore = largestFitting(1, longer, (oneMore) => render(capSectionItems(view, cap, oneMore)), budget);
    return (byOneMore ?? byCap).card;
  }
  // 2. One item per section is still too big: the last indicators lose their sections.
  const oneItemEach = capSectionItems(view, 1);
  const count = view.indicators.length;
  const byBodies = largestFitting(0, count, (kept) => render(keepIndicatorBodies(oneItemEach, kept)), budget);
  if (byBodies !== undefined) return byBodies.card;
  // 3. Even header lines alone are too many: the last indicators go.
  const headersOnly = keepIndicatorBodies(oneItemEach, 0);
  return largestFitting(0, count, (kept) => render(keepIndicators(headersOnly, kept)), budget)?.card;
}

function fitHunt(view: FittedHuntView, render: RenderView, budget: number): CardJson | undefined {
  const total = view.rows.length;
  const build = (kept: number) =>
    render({ ...view, rows: view.rows.slice(0, kept), rowsNotShown: (view.rowsNotShown ?? 0) + total - kept });
  return largestFitting(0, total, build, budget)?.card;
}

function fitActions(view: FittedActionsView, render: RenderView, budget: number): CardJson | undefined {
  const total = view.items.length;
  const build = (kept: number) =>
    render({ ...view, items: view.items.slice(0, kept), itemsNotShown: (view.itemsNotShown ?? 0) + total - kept });
  return largestFitting(0, total, build, budget)?.card;
}

/** Only the latest `kept` timeline entries, the others counted as not shown. */
export function keepLatestTimeline(view: FittedRequestView, kept: number): FittedRequestView {
  const dropped = view.timeline.length - kept;
  if (dropped <= 0) return view;
  return { ...view, timeline: view.timeline.slice(dropped), timelineNotShown: (view.timelineNotShown ?? 0) + dropped };
}

/** Only the first `kept` facts, the others counted as not shown. */
export function keepFirstFacts(view: FittedRequestView, kept: number): FittedRequestView {
  const dropped = view.facts.length - kept;
  if (dropped <= 0) return view;
  return { ...view, facts: view.facts.slice(0, kept), factsNotShown: (view.factsNotShown ?? 0) + dropped };
}

/**
 * The title, warnings, inputs and buttons are what the person decides on: they are never cut. The oldest timeline
 * entries go first, then the last facts; a request that still does not fit becomes the short message card, which
 * has no buttons, so nothing can be confirmed without its warnings.
 */
function fitRequest(view: FittedRequestView, render: RenderView, budget: number): CardJson | undefined {
  const byTimeline = largestFitting(0, view.timeline.length, (kept) => render(keepLatestTimeline(view, kept)), budget);
  if (byTimeline !== undefined) return byTimeline.card;
  const noTimeline = keepLatestTimeline(view, 0);
  return largestFitting(0, view.facts.length, (kept) => render(keepFirstFacts(noTimeline, kept)), budget)?.card;
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
 * the card; a request loses its oldest timeline entries, then its last facts. A short message card when nothing
 * else fits.
 */
export function fitToBudget(view: FittedView, render: RenderView, budget: number = CARD_BUDGET_BYTES): CardJson {
  if (!surelyTooBig(view, budget)) {
    const full = render(view);
    if (cardByteSize(full) <= budget) return full;
  }
  let fitted: CardJson | undefined;
  if (view.kind === 'lookup') fitted = fitLookup(view, render, budget);
  else if (view.kind === 'hunt') fitted = fitHunt(view, render, budget);
  else if (view.kind === 'actions') fitted = fitActions(view, render, budget);
  else if (view.kind === 'request') fitted = fitRequest(view, render, budget);
  return fitted ?? render(tooLargeMessage(view.demo));
}
