/** Part 3: a channel storm against Microsoft's limits (see storm.child.ts); the upstream load is read off the emulator. */
import { runChild } from '../emulator-host';
import type { LookupCounts, MessageLookup } from '../observed-lookups';
import { round, spread } from '../stats';
import { tally, type Row } from '../table';
import type { BenchContext, PartOutcome } from './part';

export const STORM_LATENCY_MS = 150;

export interface StormMessage {
  atMs: number;
  latencyMs: number;
  /** The kind of the last view sent ('lookup', or 'message:<tone>:<title>' for a message instead of a card). */
  answer: string;
  progressShown: boolean;
  lookup: MessageLookup;
}

export interface StormResult {
  startedAt: number;
  endedAt: number;
  durationMs: number;
  users: number;
  indicators: number;
  messages: StormMessage[];
  counts: LookupCounts;
  blockKitNote?: string;
}

export async function runStormPart(context: BenchContext): Promise<PartOutcome> {
  const host = context.host;
  host.configure(STORM_LATENCY_MS, 'microsoft');
  const r = await runChild<StormResult>(context, 'parts/storm.child.ts');
  const calls = host.callsBetween(r.startedAt, r.endedAt);
  const buckets = host.loadPerBucket(calls);
  const requests = host.requestsPerRoute(calls);
  const c = r.counts;
  const ms = (v: number) => `${Math.round(v)}`;
  const latency = spread(r.messages.map((m) => m.latencyMs));
  const cachedOnly = spread(r.messages.filter((m) => m.lookup.fetched === 0 && m.lookup.targets > 0).map((m) => m.latencyMs));
  const upstream = spread(r.messages.filter((m) => m.lookup.fetched > 0).map((m) => m.latencyMs));
  const notCards = r.messages.filter((m) => m.answer !== 'lookup');
  const lastArrival = Math.max(...r.messages.map((m) => m.atMs));
  const spanS = round((r.endedAt - r.startedAt) / 1000, 1);
  const upstream429 = buckets.reduce((n, b) => n + b.throttled, 0);
  const reachedUsers = c.answersWithThrottledSection + c.throttledLookups;
  const hitRate = c.targets ? (c.cacheHits + c.coalesced) / c.targets : 0;
  const part = '3 storm';
  const rows: Row[] = [
    {
      part,
      measure: 'schedule',
      value: `${r.messages.length} lookups (${c.targets} indicators) by ${r.users} users from ${r.indicators} indicators, arriving over ${round(lastArrival / 1000, 1)} s${r.durationMs < 60_000 ? ` (COMPRESSED into ${r.durationMs / 1000} s)` : ' in real time (not compressed)'}; ${STORM_LATENCY_MS} ms per upstream call, Microsoft's limits on; done in ${spanS} s`,
      target: '300 in 60 s',
      pass: r.messages.length >= 300 && r.durationMs <= 60_000,
    },
    ...buckets.map((b): Row => ({
      part,
      measure: `upstream calls, ${b.bucket}: busiest 60 s`,
      value: `${b.busiestMinute} (${b.calls} in ${spanS} s${b.throttled ? `, ${b.throttled} refused with 429` : ''})`,
      target: b.limitPerMinute !== undefined ? `<= ${b.limitPerMinute}/min (emulator's limit)` : '',
      pass: b.limitPerMinute !== undefined ? b.busiestMinute <= b.limitPerMinute : undefined,
    })),
    { part, measure: 'HTTP requests per route (a $batch is one request)', value: tally(requests), target: '' },
    { part, measure: '429s from Microsoft (retried inside the bot)', value: String(upstream429), target: '' },
    {
      part,
      measure: '429s that reached users (answers with a throttled section, or throttled outright)',
      value: `${reachedUsers} (${c.answersWithThrottledSection} answers with a throttled section, ${c.throttledLookups} lookups failed throttled)`,
      target: '0',
      pass: reachedUsers === 0,
    },
    {
      part,
      measure: 'answers with a failed section (any cause) / not a lookup card',
      value: `${c.answersWithFailedSection} / ${notCards.length}${notCards.length ? ` ${JSON.stringify([...new Set(notCards.map((m) => m.answer))])}` : ''}`,
      target: '',
    },
    {
      part,
      measure: 'cache + coalescing hit rate (per indicator)',
      value: `${(hitRate * 100).toFixed(1)}% (cache ${c.cacheHits}, coalesced ${c.coalesced}, read upstream ${c.fetched} of ${c.targets})`,
      target: '',
    },
    {
      part,
      measure: 'latency, message to final card: median / p95 / max',
      value: `${ms(latency.median)} / ${ms(latency.p95)} / ${ms(latency.max)} ms`,
      target: '',
    },
    {
      part,
      measure: '  answered from cache and coalescing only: median / p95 (n)',
      value: `${ms(cachedOnly.median)} / ${ms(cachedOnly.p95)} ms (${cachedOnly.count})`,
      target: '',
    },
    { part, measure: '  needed an upstream read: median / p95 (n)', value: `${ms(upstream.median)} / ${ms(upstream.p95)} ms (${upstream.count})`, target: '' },
    { part, measure: '  progress message shown first (over 1 s)', value: String(r.messages.filter((m) => m.progressShown).length), target: '' },
  ];
  return {
    rows,
    results: {
      storm: {
        latencyPerUpstreamCallMs: STORM_LATENCY_MS,
        rateLimits: 'microsoft',
        scheduleCompressed: r.durationMs < 60_000,
        windowMs: r.durationMs,
        lookups: r.messages.length,
        users: r.users,
        indicators: r.indicators,
        elapsedMs: r.endedAt - r.startedAt,
        perBucket: buckets,
        requestsPerRoute: requests,
        upstream429,
        reachedUsers429: reachedUsers,
        counts: c,
        hitRate: round(hitRate, 4),
        latencyMs: { median: round(latency.median), p95: round(latency.p95), max: round(latency.max) },
        latencyFromCacheMs: { median: round(cachedOnly.median), p95: round(cachedOnly.p95), count: cachedOnly.count },
        latencyUpstreamMs: { median: round(upstream.median), p95: round(upstream.p95), count: upstream.count },
        notLookupCards: notCards.map((m) => m.answer),
      },
    },
  };
}
