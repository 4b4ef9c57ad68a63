import type { KnownBlock } from '@slack/types';
import { MESSAGE_BUDGET_CHARS, SLACK_LIMITS } from './limits';

/*
 * Fitting changes the view, never the rendered JSON: smaller and smaller views are rendered until one fits, so a
 * message is always whole and says what it left off.
 */

export function blocksSize(blocks: KnownBlock[]): number {
  return JSON.stringify(blocks).length;
}

/** Within the 50 blocks of a message and the total size budget (MESSAGE_BUDGET_CHARS, see limits.ts). */
export function fitsMessage(blocks: KnownBlock[]): boolean {
  return blocks.length <= SLACK_LIMITS.messageBlocks && blocksSize(blocks) <= MESSAGE_BUDGET_CHARS;
}

/**
 * The largest n in [low, high] whose blocks fit, with those blocks; undefined when even `low` does not fit. Blocks
 * grow with n. The search gallops up from `low`, so no probe renders much more than fits.
 */
export function largestFitting(
  low: number,
  high: number,
  build: (n: number) => KnownBlock[],
): { n: number; blocks: KnownBlock[] } | undefined {
  const tryBuild = (n: number) => {
    const blocks = build(n);
    return fitsMessage(blocks) ? blocks : undefined;
  };
  const lowBlocks = tryBuild(low);
  if (lowBlocks === undefined) return undefined;
  let best = { n: low, blocks: lowBlocks };
  let tooBig = high + 1;
  for (let step = 1; best.n < high; step *= 2) {
    const n = Math.min(high, best.n + step);
    const blocks = tryBuild(n);
    if (blocks === undefined) {
      tooBig = n;
      break;
    }
    best = { n, blocks };
  }
  while (tooBig - best.n > 1) {
    const n = Math.floor((best.n + tooBig) / 2);
    const blocks = tryBuild(n);
    if (blocks === undefined) tooBig = n;
    else best = { n, blocks };
  }
  return best;
}

/** The blocks of the first n of `total` entries, n as large as fits; undefined when not even none fit. */
export function fitCount(total: number, build: (kept: number) => KnownBlock[]): KnownBlock[] | undefined {
  return largestFitting(0, total, build)?.blocks;
}
