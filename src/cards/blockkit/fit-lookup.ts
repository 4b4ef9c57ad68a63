import type { KnownBlock } from '@slack/types';
import { fitSectionItems } from '../fit-search';
import { capSectionItems } from '../view-cuts';
import type { LookupView } from '../view-models';
import { fitCount, fitsMessage } from './fit';
import { MAX_ITEMS_PER_SECTION, SLACK_LIMITS } from './limits';
import { fullLayout, lookupBlocks } from './lookup-blocks';

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

  const byItems = fitSectionItems(view, (cut) => lookupBlocks(fullLayout(cut)), fitsMessage);
  if (byItems !== undefined) return byItems;

  const oneEach = capSectionItems(view, 1);
  const count = view.indicators.length;
  const byExpanded = fitCount(count, (expanded) => lookupBlocks({ view: oneEach, expanded, listed: count }));
  if (byExpanded !== undefined) return byExpanded;

  const byListed = fitCount(count, (listed) => lookupBlocks({ view: oneEach, expanded: 0, listed }));
  if (byListed !== undefined) return byListed;

  // The problems at the top, the first ones kept (a section whose problem is left off says its own cause, but no
  // indicator is listed here). With none, the header, the verdict, the notice and the refresh button always fit.
  const withProblems = (kept: number) => lookupBlocks({ view: { ...oneEach, problems: oneEach.problems?.slice(0, kept) }, expanded: 0, listed: 0 });
  return fitCount(oneEach.problems?.length ?? 0, withProblems) ?? withProblems(0);
}
