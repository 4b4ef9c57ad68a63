/**
 * Part 4, in its own process started with --expose-gc: 10,000 lookups through the real ConversationService (result
 * cache with its production bound, signed button ids, cards rendered), then RSS and heap after a forced gc at each
 * thousand. The emulator runs in the parent with low latency and no limits; the bot's rate budget is off, or hunting's
 * 45 calls a minute would stretch this over hours.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { ButtonRegistry } from '../../src/core/button-registry';
import { ConversationService } from '../../src/core/conversation';
import { RoleResolver } from '../../src/core/roles';
import { MemoryResultCache } from '../../src/defender/lookup/result-cache';
import { childMain, connectToParentEmulator } from '../child';
import { ObservedLookupService } from '../observed-lookups';
import { loadRenderers, renderAll } from '../renderers';
import { RenderingReplier } from '../replier';
import { CHANNEL_ID, freshIndicator, STORM_INDICATORS, users } from '../scenario';
import { seededRandom } from '../stats';
import type { MemoryResult, MemorySnapshot } from './memory';

const LOOKUPS = Number(process.env.BENCH_MEMORY_LOOKUPS ?? 10_000);
const EVERY = LOOKUPS / 10;
const CONCURRENCY = 8;
const HOT_SHARE = 0.4;
const FRESH_PER_MESSAGE = 3;

/** The private bounded map of a cache or registry, for the report only (undefined if the class no longer has one). */
function mapOf(object: unknown): Map<unknown, unknown> | undefined {
  const entries = (object as { entries?: unknown }).entries;
  return entries instanceof Map ? entries : undefined;
}

const entriesOf = (object: unknown): number | undefined => mapOf(object)?.size;

childMain(async (): Promise<MemoryResult> => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const bot = await connectToParentEmulator({}, 'off');
  const { config, defender } = bot;
  const renderers = await loadRenderers();
  const cache = new MemoryResultCache();
  const lookups = new ObservedLookupService(defender, config, { cache });
  // As the app builds it: buttons in the embedded store, a small in-memory cache of recent ones.
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'bench-memory-')), 'bench.db'));
  const buttons = new ButtonRegistry(undefined, { store: store.ephemeral });
  const conversation = new ConversationService({
    config,
    defender,
    lookups,
    roles: new RoleResolver(config.roles, (u, g) => defender.graph.checkMemberGroups(u, g)),
    buttons,
    store,
  });
  const render = renderAll(renderers);
  const actors = users(20);
  const random = seededRandom(4);
  let fresh = 0;
  const answers: Record<string, number> = {};

  const text = (): string => {
    if (random() < HOT_SHARE) {
      const a = STORM_INDICATORS[Math.floor(random() * STORM_INDICATORS.length)]!;
      const b = STORM_INDICATORS[Math.floor(random() * STORM_INDICATORS.length)]!;
      return random() < 0.5 ? `lookup ${a}` : `lookup ${a} ${b}`;
    }
    return `lookup ${Array.from({ length: FRESH_PER_MESSAGE }, () => freshIndicator(fresh++)).join(' ')}`;
  };

  let next = 0;
  const runUntil = async (end: number) => {
    const worker = async () => {
      while (next < end) {
        const i = next++;
        const replier = new RenderingReplier(render);
        await conversation.handleText({ actor: actors[i % actors.length]!, conversationId: CHANNEL_ID, replier }, text());
        const kind = replier.last?.kind ?? 'none';
        answers[kind] = (answers[kind] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };

  const started = Date.now();
  const snapshot = (done: number): MemorySnapshot => {
    gc();
    gc();
    const m = process.memoryUsage();
    return {
      lookups: done,
      elapsedMs: Date.now() - started,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      spaces: Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, x.space_used_size])),
      cacheEntries: entriesOf(cache),
      buttonIds: entriesOf(buttons),
    };
  };

  const snapshots: MemorySnapshot[] = [snapshot(0)];
  for (let done = EVERY; done <= LOOKUPS; done += EVERY) {
    await runUntil(done);
    snapshots.push(snapshot(done));
  }
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  // After the run: what the result cache and the button ids retain, measured by emptying each and collecting again.
  const heapAfterGc = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const retainedBy = (object: unknown): number | undefined => {
    const map = mapOf(object);
    if (!map) return undefined;
    const before = heapAfterGc();
    map.clear();
    return before - heapAfterGc();
  };
  const retained = { cacheBytes: retainedBy(cache), buttonIdsBytes: retainedBy(buttons), restBytes: 0 };
  retained.restBytes = heapAfterGc();
  await bot.close();
  return {
    lookups: LOOKUPS,
    concurrency: CONCURRENCY,
    hotShare: HOT_SHARE,
    freshPerMessage: FRESH_PER_MESSAGE,
    freshIndicators: fresh,
    snapshots,
    peakRssBytes,
    retained,
    counts: lookups.counts,
    answers,
  };
});
