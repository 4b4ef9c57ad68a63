/**
 * Part 3, in its own process: a channel storm through the real ConversationService with the production settings
 * (result cache, coalescing, Microsoft's rate budgets, retries), every answer rendered as a card, against the parent's
 * emulator with Microsoft's limits on and latency on every call.
 */
import { performance } from 'node:perf_hooks';
import { ButtonRegistry } from '../../src/core/button-registry';
import { ConversationService } from '../../src/core/conversation';
import { RoleResolver } from '../../src/core/roles';
import { recognize } from '../../src/entities';
import { childMain, connectToParentEmulator } from '../child';
import { newMessageLookup, ObservedLookupService, observeMessage } from '../observed-lookups';
import { loadRenderers, renderAll } from '../renderers';
import { RenderingReplier } from '../replier';
import { CHANNEL_ID, STORM_INDICATORS, users } from '../scenario';
import { seededRandom } from '../stats';
import type { StormMessage, StormResult } from './storm';

const DURATION_MS = Number(process.env.BENCH_STORM_SECONDS ?? 60) * 1000;
const MESSAGES = Number(process.env.BENCH_STORM_LOOKUPS ?? 300);
const USERS = 20;

interface Planned {
  at: number;
  user: number;
  text: string;
}

/** A seeded schedule: arrival times spread over the window, a few popular indicators asked for again and again. */
function plan(): Planned[] {
  const random = seededRandom(8);
  const order = STORM_INDICATORS.map((value) => ({ value, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.value);
  const weights = order.map((_, rank) => 1 / (rank + 1) ** 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let r = random() * sum;
    for (let i = 0; i < order.length; i++) if ((r -= weights[i]!) <= 0) return order[i]!;
    return order[order.length - 1]!;
  };
  const out: Planned[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const size = random() < 0.7 ? 1 : random() < 0.65 ? 2 : 3;
    const picked = new Set<string>();
    while (picked.size < size) picked.add(draw());
    out.push({ at: random() * DURATION_MS, user: Math.floor(random() * USERS), text: `lookup ${[...picked].join(' ')}` });
  }
  return out.sort((a, b) => a.at - b.at);
}

childMain(async (): Promise<StormResult> => {
  const bot = await connectToParentEmulator({}, 'microsoft');
  const { config, defender } = bot;
  for (const value of STORM_INDICATORS) {
    const found = recognize(value, { cap: config.lookups.maxIndicators }).indicators;
    if (found.length !== 1) throw new Error(`storm indicator ${value} is recognised as ${found.length} indicators`);
  }
  const renderers = await loadRenderers();
  const lookups = new ObservedLookupService(defender, config);
  const conversation = new ConversationService({
    config,
    defender,
    lookups,
    roles: new RoleResolver(config.roles, (u, g) => defender.graph.checkMemberGroups(u, g)),
    buttons: new ButtonRegistry(),
  });
  const render = renderAll(renderers);
  const actors = users(USERS);
  const schedule = plan();

  const startedAt = Date.now();
  const origin = performance.now();
  const messages = await Promise.all(
    schedule.map(
      (m) =>
        new Promise<StormMessage>((resolve) => {
          setTimeout(() => {
            const arrived = performance.now();
            const replier = new RenderingReplier(render);
            const record = newMessageLookup();
            void observeMessage(record, () => conversation.handleText({ actor: actors[m.user]!, conversationId: CHANNEL_ID, replier }, m.text)).then(() => {
              const last = replier.last;
              resolve({
                atMs: Math.round(arrived - origin),
                latencyMs: performance.now() - arrived,
                answer: !last ? 'none' : last.kind === 'message' ? `message:${last.tone}:${last.title}` : last.kind,
                progressShown: replier.updates > 0,
                lookup: record,
              });
            });
          }, m.at);
        }),
    ),
  );
  const endedAt = Date.now();
  await bot.close();
  return {
    startedAt,
    endedAt,
    durationMs: DURATION_MS,
    users: USERS,
    indicators: STORM_INDICATORS.length,
    messages,
    counts: lookups.counts,
    blockKitNote: renderers.blockKitNote,
  };
});
