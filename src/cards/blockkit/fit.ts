import type { KnownBlock } from '@slack/types';
import { largestCountFitting } from '../fit-search';
import { MESSAGE_BUDGET_CHARS, SLACK_LIMITS } from './limits';

/* What "fits" means for a Slack message; the search itself is ../fit-search.ts, shared with the Teams cards. */

export function blocksSize(blocks: KnownBlock[]): number {
  return JSON.stringify(blocks).length;
}

/** Room kept for the tenant line a bot serving several tenants puts first (render.ts): one block and its text. */
export const TENANT_LINE_RESERVE = { blocks: 1, chars: 200 };

/** Within the 50 blocks of a message and the total size budget (MESSAGE_BUDGET_CHARS, see limits.ts). */
export function fitsMessage(blocks: KnownBlock[]): boolean {
  return blocks.length <= SLACK_LIMITS.messageBlocks - TENANT_LINE_RESERVE.blocks && blocksSize(blocks) <= MESSAGE_BUDGET_CHARS - TENANT_LINE_RESERVE.chars;
}

/** The blocks of the first n of `total` entries, n as large as fits; undefined when not even none fit. */
export function fitCount(total: number, build: (kept: number) => KnownBlock[]): KnownBlock[] | undefined {
  return largestCountFitting(total, build, fitsMessage);
}
