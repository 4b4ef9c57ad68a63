import { randomUUID } from 'node:crypto';
import type { AnswerView, HuntView } from '../../cards/view-models';
import { huntingTimespan } from '../../defender/queries/kql';
import { analyzeKql, formatKqlDiagnostics } from '../../defender/queries/kql-analyzer';
import type { Store } from '../../store/types';
import type { ConversationKit } from '../conversation-kit';
import type { CommandSpec } from '../registry/command-spec';
import type { TurnContext } from '../turn';

const PAGE_SIZE = 10;
const MAX_ROWS = 500;
const TTL_MS = 3600_000;
const MAX_STORED_CHARS = 4_000_000;
const MEMORY_ENTRIES = 200;
const MAX_QUERY = 10_000;

interface StoredHunt {
  query: string;
  columns: string[];
  rows: string[][];
  expires: number;
}

/**
 * A hunt's rows, kept for paging: in this process, and in the shared store so that a page another replica (or this
 * one before a restart) is asked for can still be served.
 */
class HuntPages {
  private readonly memory = new Map<string, StoredHunt>();

  async keep(store: Store | undefined, hunt: StoredHunt): Promise<string> {
    const id = randomUUID();
    this.memory.set(id, hunt);
    for (const [key, h] of this.memory) if (h.expires < Date.now() || this.memory.size > MEMORY_ENTRIES) this.memory.delete(key);
    const text = JSON.stringify(hunt);
    if (store && text.length <= MAX_STORED_CHARS) await store.ephemeral.put(`hunt:${id}`, text, TTL_MS);
    return id;
  }

  async get(store: Store | undefined, id: string): Promise<StoredHunt | undefined> {
    const local = this.memory.get(id);
    if (local) return local;
    const text = await store?.ephemeral.get(`hunt:${id}`);
    return text ? (JSON.parse(text) as StoredHunt) : undefined;
  }
}

const pages = new WeakMap<ConversationKit, HuntPages>();
const pagesOf = (kit: ConversationKit) => pages.get(kit) ?? pages.set(kit, new HuntPages()).get(kit)!;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

function page(kit: ConversationKit, ctx: TurnContext, huntId: string, stored: StoredHunt | undefined, wanted: number, totalRows?: number): AnswerView {
  if (!stored || stored.expires < Date.now()) return kit.message('warning', 'These results have expired', 'Run the query again.');
  const pageCount = Math.max(1, Math.ceil(stored.rows.length / PAGE_SIZE));
  const p = Math.min(Math.max(0, wanted), pageCount - 1);
  const button = (to: number) => ({
    title: to > p ? 'Next page' : 'Previous page',
    verb: 'huntPage' as const,
    requestId: kit.mint(ctx, 'huntPage', { huntId, page: String(to) }),
  });
  const view: HuntView = {
    kind: 'hunt',
    demo: kit.demo,
    query: stored.query,
    columns: stored.columns,
    rows: stored.rows.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE),
    page: p + 1,
    pageCount,
    totalRows: totalRows ?? stored.rows.length,
    next: p + 1 < pageCount ? button(p + 1) : undefined,
    previous: p > 0 ? button(p - 1) : undefined,
  };
  return view;
}

/** The analyst's own KQL (the hunter role), checked by Microsoft's analyzer first, answered in pages of ten rows. */
export const hunt: CommandSpec<'hunt', { query: string }> = {
  name: 'hunt',
  aliases: ['hunt'],
  usage: 'hunt <KQL>',
  description: 'Run your own advanced-hunting (KQL) query; needs the hunter role.',
  inHelp: true,
  inManifest: true,
  parse: (rest) => (rest ? { query: rest } : undefined),
  async run(kit, ctx, { query }) {
    const decision = await kit.deps.roles.check(ctx.actor, 'hunter');
    if (!decision.allowed) {
      await ctx.replier.send(kit.message('warning', 'Not allowed to hunt', `Running your own KQL needs the hunter role: ${decision.reason}.`));
      return;
    }
    if (query.length > MAX_QUERY) {
      await ctx.replier.send(kit.message('warning', 'Query too long', 'A hunting query from chat may be at most 10,000 characters.'));
      return;
    }
    // Checked by Microsoft's own analyzer over the published schema first: a query Defender would refuse costs no
    // hunting call (they are counted per tenant) and the person learns where it is wrong at once.
    const problems = await analyzeKql(query);
    if (problems.length > 0) {
      await ctx.replier.send(
        kit.message('warning', 'Defender would refuse this query', `${formatKqlDiagnostics(problems)}\nNothing was run. Fix the query and send it again.`),
      );
      return;
    }
    await ctx.replier.typing().catch(() => undefined);
    const { options } = await kit.lookupOptions(ctx);
    const lookbackDays = options?.lookbackDays ?? kit.deps.config.lookups.lookbackDays;
    const result = await kit.deps.defender.graph.runHuntingQuery(query, huntingTimespan(Math.min(lookbackDays, 30)));
    const columns = result.schema.map((c) => c.name);
    const rows = result.results.slice(0, MAX_ROWS).map((r) => columns.map((c) => cell(r[c])));
    const stored = { query, columns, rows, expires: Date.now() + TTL_MS };
    const id = await pagesOf(kit).keep(kit.deps.store, stored);
    await ctx.replier.send(page(kit, ctx, id, stored, 0, result.results.length));
  },
  buttons: {
    async huntPage(kit, ctx, params) {
      if (!(await kit.deps.roles.check(ctx.actor, 'hunter')).allowed)
        return kit.message('warning', 'Not allowed to hunt', 'Paging through hunting results needs the hunter role.');
      const huntId = params.huntId ?? '';
      return { view: page(kit, ctx, huntId, await pagesOf(kit).get(kit.deps.store, huntId), Number(params.page ?? 0)), mode: 'everyone' };
    },
  },
};
