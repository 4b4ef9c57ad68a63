/** Part 4: memory after 10,000 lookups, in a child process with --expose-gc (see memory.child.ts). */
import { runChild } from '../emulator-host';
import type { LookupCounts } from '../observed-lookups';
import { mb, round } from '../stats';
import type { Row } from '../table';
import type { BenchContext, PartOutcome } from './part';

export const MEMORY_LATENCY_MS = 2;
export const RSS_TARGET_MB = 200;
/** What a forced gc leaves as noise; more than this over the second half counts as growth. */
export const GROWTH_TOLERANCE_MB = 2;
/** ButtonRegistry's default maxEntries. */
const BUTTON_BOUND = 50_000;

export interface MemorySnapshot {
  lookups: number;
  elapsedMs: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Bytes used per V8 heap space (old, code, large objects, ...). */
  spaces: Record<string, number>;
  cacheEntries?: number;
  buttonIds?: number;
}

export interface MemoryResult {
  lookups: number;
  concurrency: number;
  hotShare: number;
  freshPerMessage: number;
  freshIndicators: number;
  snapshots: MemorySnapshot[];
  peakRssBytes: number;
  /** At the end: heap freed by emptying the result cache, then the button ids; and the heap left after both. */
  retained: { cacheBytes?: number; buttonIdsBytes?: number; restBytes: number };
  counts: LookupCounts;
  answers: Record<string, number>;
}

export async function runMemoryPart(context: BenchContext): Promise<PartOutcome> {
  const host = context.host;
  host.configure(MEMORY_LATENCY_MS, 'off');
  const r = await runChild<MemoryResult>(context, 'parts/memory.child.ts', { exposeGc: true });
  const last = r.snapshots[r.snapshots.length - 1]!;
  const half = r.snapshots.find((s) => s.lookups === r.lookups / 2) ?? r.snapshots[Math.floor(r.snapshots.length / 2)]!;
  const growthMb = mb(last.heapUsed - half.heapUsed);
  const c = r.counts;
  const n = (v: number | undefined) => (v === undefined ? '?' : v.toLocaleString('en-US'));
  const part = '4 memory';
  const start = r.snapshots[0]!;
  // What each signed button id retains (measured by emptying the registry at the end), and where the registry's bound
  // would put the heap.
  const { cacheBytes, buttonIdsBytes, restBytes } = r.retained;
  const perButton = buttonIdsBytes !== undefined && last.buttonIds ? buttonIdsBytes / last.buttonIds : undefined;
  const atBound = perButton !== undefined && last.buttonIds !== undefined ? last.heapUsed + (BUTTON_BOUND - last.buttonIds) * perButton : undefined;
  const moreButtons = (last.buttonIds ?? 0) - (half.buttonIds ?? 0);
  const rows: Row[] = [
    {
      part,
      measure: 'lookups',
      value: `${n(r.lookups)} by 20 users, ${r.concurrency} at a time: ${Math.round(r.hotShare * 100)}% name 1-2 of the 30 storm indicators, ${Math.round((1 - r.hotShare) * 100)}% name ${r.freshPerMessage} never-seen ones (${n(r.freshIndicators)} in all); ${n(c.cacheHits + c.coalesced)} of ${n(c.targets)} indicators from cache; ${MEMORY_LATENCY_MS} ms per upstream call, limits and the bot's budget off; ${round(last.elapsedMs / 1000, 1)} s`,
      target: '',
    },
    {
      part,
      measure: `RSS after ${n(r.lookups)} lookups (forced gc)`,
      value: `${mb(last.rss)} MB`,
      target: `<= ${RSS_TARGET_MB} MB`,
      pass: mb(last.rss) <= RSS_TARGET_MB,
    },
    {
      part,
      measure: `  RSS at start / ${n(half.lookups)} / ${n(last.lookups)}; peak during the run`,
      value: `${mb(start.rss)} / ${mb(half.rss)} / ${mb(last.rss)} MB; ${mb(r.peakRssBytes)} MB`,
      target: '',
    },
    {
      part,
      measure: `heap used after forced gc at ${n(half.lookups)} / ${n(last.lookups)} lookups`,
      value: `${mb(half.heapUsed)} / ${mb(last.heapUsed)} MB`,
      target: '',
    },
    {
      part,
      measure: 'heap growth over the second half',
      value: `${growthMb >= 0 ? '+' : ''}${growthMb} MB${perButton !== undefined ? `: ${n(moreButtons)} more signed button ids held (${Math.round(perButton)} B each) ${mb(moreButtons * perButton)} MB, the rest ${mb(last.heapUsed - half.heapUsed - moreButtons * perButton)} MB` : ''}`,
      target: `none (<= ${GROWTH_TOLERANCE_MB} MB)`,
      pass: growthMb <= GROWTH_TOLERANCE_MB,
    },
    { part, measure: `  heap used at start and at each ${n(r.lookups / 10)} (MB)`, value: r.snapshots.map((s) => mb(s.heapUsed)).join(' '), target: '' },
    {
      part,
      measure: `  heap retained at ${n(last.lookups)}: result cache / button ids / everything else (at start: all of it)`,
      value: `${cacheBytes === undefined ? '?' : mb(cacheBytes)} / ${buttonIdsBytes === undefined ? '?' : mb(buttonIdsBytes)} / ${mb(restBytes)} MB (${mb(start.heapUsed)} MB)`,
      target: '',
    },
    {
      part,
      measure: `  result cache entries at ${n(half.lookups)} / ${n(last.lookups)} (bound 5,000)`,
      value: `${n(half.cacheEntries)} / ${n(last.cacheEntries)}`,
      target: '',
    },
    {
      part,
      measure: `  signed button ids held at ${n(half.lookups)} / ${n(last.lookups)} (bound ${n(BUTTON_BOUND)}, kept until evicted)`,
      value: `${n(half.buttonIds)} / ${n(last.buttonIds)}`,
      target: '',
    },
    ...(atBound !== undefined
      ? [{ part, measure: `  heap with ${n(BUTTON_BOUND)} button ids held, extrapolated`, value: `~${mb(atBound)} MB`, target: '' }]
      : []),
  ];
  return {
    rows,
    results: {
      memory: {
        latencyPerUpstreamCallMs: MEMORY_LATENCY_MS,
        rssTargetMB: RSS_TARGET_MB,
        growthToleranceMB: GROWTH_TOLERANCE_MB,
        heapGrowthSecondHalfMB: growthMb,
        bytesPerButtonId: perButton && Math.round(perButton),
        heapAtButtonBoundMB: atBound && mb(atBound),
        ...r,
      },
    },
  };
}
