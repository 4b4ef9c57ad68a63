import type { KnownBlock } from '@slack/types';
import { capSectionItems } from '../adaptive/budget';
import type { LookupView } from '../view-models';
import { fitsMessage, largestFitting } from './fit';
import { SLACK_LIMITS } from './limits';
import { fullLayout, lookupBlocks } from './lookup-blocks';

/** More items than this never fit a Slack message; the rest are counted in hiddenCount before fitting starts. */
export const MAX_ITEMS_PER_SECTION = 20;

/**
 * The blocks of a lookup within Slack's limits: the whole view when it fits; else every section cut to the same
 * number of items (as many as fit, then one more for the first sections that still fit), counted with "N more" and
 * the section's showMore button; else the last indicators shortened to one line (headline and errors); else the
 * last indicators only counted; else the last problems left off too. Verdict, refresh button and errors of shown
 * indicators are always there.
 */
export function fitLookup(original: LookupView): KnownBlock[] {
  const view = capSectionItems(original, MAX_ITEMS_PER_SECTION);
  const lengths = view.indicators.flatMap((i) => i.sections.map((s) => s.items.length));
  // Every item is at least one block: more items than a message has blocks need not be rendered to know.
  if (lengths.reduce((sum, n) => sum + n, 0) <= SLACK_LIMITS.messageBlocks) {
    const full = lookupBlocks(fullLayout(view));
    if (fitsMessage(full)) return full;
  }

  const longest = Math.max(1, ...lengths);
  const byCap = largestFitting(1, longest, (cap) => lookupBlocks(fullLayout(capSectionItems(view, cap))));
  if (byCap !== undefined) {
    const longer = lengths.filter((length) => length > byCap.n).length;
    if (longer === 0) return byCap.blocks;
    const oneMore = largestFitting(1, longer, (n) => lookupBlocks(fullLayout(capSectionItems(view, byCap.n, n))));
    return (oneMore ?? byCap).blocks;
  }

  const oneEach = capSectionItems(view, 1);
  const count = view.indicators.length;
  const byExpanded = largestFitting(0, count, (expanded) => lookupBlocks({ view: oneEach, expanded, listed: count }));
  if (byExpanded !== undefined) return byExpanded.blocks;

  const byListed = largestFitting(0, count, (listed) => lookupBlocks({ view: oneEach, expanded: 0, listed }));
  if (byListed !== undefined) return byListed.blocks;

  // The problems at the top, the first ones kept (a section whose problem is left off says its own cause, but no
  // indicator is listed here). With none, the header, the verdict, the notice and the refresh button always fit.
  const withProblems = (kept: number) => lookupBlocks({ view: { ...oneEach, problems: oneEach.problems?.slice(0, kept) }, expanded: 0, listed: 0 });
  const byProblems = largestFitting(0, oneEach.problems?.length ?? 0, withProblems);
  return byProblems?.blocks ?? withProblems(0);
}
