import type { FittedIncidentView } from './fitted-views';
import { capIncidentLists, capSectionItems, incidentListLengths } from './view-cuts';
import type { LookupView } from './view-models';

/*
 * The one search both renderers fit with. Fitting changes the view, never the rendered JSON: smaller and smaller
 * views are rendered until one fits, so an answer is always whole and says what it left off. What "fits" means (a
 * Teams card's bytes, a Slack message's blocks and characters) is the renderer's, passed in as `fits`.
 */

/**
 * The largest n in [low, high] whose rendering fits, with that rendering; undefined when even `low` does not fit.
 * Renderings grow with n. The search gallops up from `low`, so no probe renders much more than fits.
 */
export function largestFitting<T>(low: number, high: number, build: (n: number) => T, fits: (rendered: T) => boolean): { n: number; rendered: T } | undefined {
  const tryBuild = (n: number) => {
    const rendered = build(n);
    return fits(rendered) ? rendered : undefined;
  };
  const lowRendered = tryBuild(low);
  if (lowRendered === undefined) return undefined;
  let best = { n: low, rendered: lowRendered };
  let tooBig = high + 1;
  for (let step = 1; best.n < high; step *= 2) {
    const n = Math.min(high, best.n + step);
    const rendered = tryBuild(n);
    if (rendered === undefined) {
      tooBig = n;
      break;
    }
    best = { n, rendered };
  }
  while (tooBig - best.n > 1) {
    const n = Math.floor((best.n + tooBig) / 2);
    const rendered = tryBuild(n);
    if (rendered === undefined) tooBig = n;
    else best = { n, rendered };
  }
  return best;
}

/** The rendering of the first n of `total` entries, n as large as fits; undefined when not even none fit. */
export function largestCountFitting<T>(total: number, build: (kept: number) => T, fits: (rendered: T) => boolean): T | undefined {
  return largestFitting(0, total, build, fits)?.rendered;
}

/**
 * Lists of `lengths` entries cut longest first: the same cap for every list, as high as fits, at least `low`; then
 * one entry more for as many of the cut lists as still fit. Undefined when the cap `low` is still too big.
 */
function fitListCaps<T>(lengths: number[], low: number, build: (cap: number, oneMore: number) => T, fits: (rendered: T) => boolean): T | undefined {
  const longest = Math.max(low, ...lengths);
  const byCap = largestFitting(low, longest, (cap) => build(cap, 0), fits);
  if (byCap === undefined) return undefined;
  const cap = byCap.n;
  const longer = lengths.filter((length) => length > cap).length;
  if (longer === 0) return byCap.rendered;
  const byOneMore = largestFitting(1, longer, (oneMore) => build(cap, oneMore), fits);
  return (byOneMore ?? byCap).rendered;
}

/**
 * A lookup with its longest sections cut first: the same item cap for every section, as high as fits, at least 1;
 * then one item more for as many of the cut sections as still fit. Undefined when one item per section is still
 * too big.
 */
export function fitSectionItems<T>(view: LookupView, render: (view: LookupView) => T, fits: (rendered: T) => boolean): T | undefined {
  const lengths = view.indicators.flatMap((i) => i.sections.map((s) => s.items.length));
  return fitListCaps(lengths, 1, (cap, oneMore) => render(capSectionItems(view, cap, oneMore)), fits);
}

/**
 * An incident with its longest lists cut first, the same way (the cap may reach 0: the headline, scope and triage
 * controls matter more than any list). Undefined when even no list entry at all is too big.
 */
export function fitIncidentLists<T>(view: FittedIncidentView, render: (view: FittedIncidentView) => T, fits: (rendered: T) => boolean): T | undefined {
  return fitListCaps(incidentListLengths(view), 0, (cap, oneMore) => render(capIncidentLists(view, cap, oneMore)), fits);
}
