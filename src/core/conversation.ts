import { randomUUID } from 'node:crypto';
import type { AnswerView, HuntView, ItemView, MessageView } from '../cards/view-models';
import type { AppConfig } from '../config/schema';
import { capNotice, parseDeviceName, parseUpn, recognize } from '../entities';
import type { Defender } from '../defender/connect';
import { DefenderError } from '../defender/http/errors';
import { isComplete, type LookupService } from '../defender/lookup/lookup-service';
import type { LookupTarget } from '../defender/lookup/types';
import { odata } from '../defender/queries/odata';
import { huntingTimespan } from '../defender/queries/kql';
import { analyzeKql, formatKqlDiagnostics } from '../defender/queries/kql-analyzer';
import { QueryValueError } from '../defender/queries/query-value-error';
import type { Actor } from './actor';
import type { ActionRequestService, ClickAnswer } from './action-requests';
import { RequestTokens } from './request-tokens';
import type { Store } from '../store/types';
import type { ButtonRegistry } from './button-registry';
import { HELP_COMMANDS, parseCommand, type Command } from './commands';
import { buildLookupView } from './lookup-view';
import type { RoleResolver } from './roles';

/** How a channel adapter answers: send a view, replace it later, show that work is under way. */
export interface Replier {
  typing(): Promise<void>;
  send(view: AnswerView): Promise<string | undefined>;
  update(messageId: string, view: AnswerView): Promise<void>;
}

export interface TurnContext {
  actor: Actor;
  conversationId: string;
  replier: Replier;
  /** Platform data to reach this conversation later (JSON), stored with action requests. */
  conversationRef?: string;
  /** The platform shows one person their own view of a shared card (Teams refresh): see RequestContext. */
  personalViews?: boolean;
}

export interface ConversationDeps {
  config: AppConfig;
  defender: Defender;
  lookups: LookupService;
  roles: RoleResolver;
  buttons: ButtonRegistry;
  /** How long a lookup may take before a progress message is shown. */
  progressDelayMs?: number;
  /** Response actions; without them every action answers "not enabled". */
  requests?: ActionRequestService;
  store?: Store;
  /** Told about every turn and lookup (metrics). */
  observe?: ConversationObserver;
}

export interface ConversationObserver {
  turn(platform: 'teams' | 'slack', kind: 'message' | 'button'): void;
  lookup(event: { platform: 'teams' | 'slack'; outcome: 'complete' | 'partial' | 'failed'; seconds: number; indicators: number; cacheHits: number; coalesced: number }): void;
}

const HUNT_PAGE_SIZE = 10;
const HUNT_MAX_ROWS = 500;
const HUNT_TTL_MS = 3600_000;
const HUNT_MAX_STORED_CHARS = 4_000_000;
const HUNT_MEMORY_ENTRIES = 200;

interface StoredHunt {
  query: string;
  columns: string[];
  rows: string[][];
  expires: number;
}

/**
 * The platform-neutral conversation: parse the command, check who may do it, do it, answer with a view.
 * Teams and Slack adapters translate to and from it; they decide nothing themselves.
 */
export class ConversationService {
  private readonly hunts = new Map<string, StoredHunt>();

  constructor(private readonly deps: ConversationDeps) {}

  private get demo(): boolean {
    return this.deps.defender.demo;
  }

  private message(tone: MessageView['tone'], title: string, text?: string): MessageView {
    return { kind: 'message', demo: this.demo, tone, title, text };
  }

  private platform(ctx: TurnContext): 'teams' | 'slack' {
    return ctx.actor.platform === 'slack' ? 'slack' : 'teams';
  }

  async handleText(ctx: TurnContext, text: string): Promise<void> {
    this.deps.observe?.turn(this.platform(ctx), 'message');
    try {
      await this.run(ctx, parseCommand(typeof text === 'string' ? text : ''));
    } catch (err) {
      await ctx.replier.send(this.failure(err));
    }
  }

  private failure(err: unknown): MessageView {
    if (err instanceof DefenderError) return this.message('error', 'Defender did not answer', err.message);
    if (err instanceof QueryValueError) return this.message('warning', 'That value cannot be used', err.message);
    // Unexpected failures stay in the logs; the chat gets no internals.
    return this.message('error', 'Something went wrong', 'The bot could not answer this. Try again; if it keeps failing, ask the bot operator to check its logs.');
  }

  private async run(ctx: TurnContext, command: Command): Promise<void> {
    switch (command.kind) {
      case 'help':
        await ctx.replier.send({ kind: 'help', demo: this.demo, commands: HELP_COMMANDS });
        return;
      case 'lookup':
        return this.lookupText(ctx, command.text, command.explicit, command.totalChars);
      case 'device': {
        const device = parseDeviceName(command.query);
        const ip = recognize(command.query, { cap: 1 }).indicators.find((i) => i.type === 'ipv4' || i.type === 'ipv6');
        const target: LookupTarget | undefined = ip ? { type: ip.type, value: ip.value, internal: ip.internal } : device ? { type: 'device', value: device.value } : undefined;
        if (!target) {
          await ctx.replier.send(this.message('warning', 'Not a device', `"${command.query.slice(0, 80)}" is not a device name, machine id or IP address.`));
          return;
        }
        return this.lookupTargets(ctx, [target]);
      }
      case 'user': {
        const upn = parseUpn(command.upn);
        if (!upn) {
          await ctx.replier.send(this.message('warning', 'Not a user', `"${command.upn.slice(0, 80)}" is not a user principal name such as alex@contoso.com.`));
          return;
        }
        return this.lookupTargets(ctx, [{ type: 'user', value: upn }]);
      }
      case 'hunt':
        return this.hunt(ctx, command.query);
      case 'actions':
        return this.actions(ctx, command.device);
      case 'responseAction':
        return this.responseCommand(ctx, command.verb, command.text);
      case 'unknown':
        await ctx.replier.send({ kind: 'help', demo: this.demo, reason: 'I did not understand that.', commands: HELP_COMMANDS });
        return;
    }
  }

  private async lookupText(ctx: TurnContext, text: string, explicit: boolean, totalChars = text.length): Promise<void> {
    const found = recognize(text, { cap: this.deps.config.lookups.maxIndicators, ignore: this.deps.config.lookups.ignoreIndicators });
    // The command parser already cut an oversized message: the notice names the size that was sent.
    if (found.truncated && totalChars > found.truncated.totalChars) found.truncated = { ...found.truncated, totalChars };
    if (found.indicators.length === 0) {
      const skipped = capNotice(found);
      const ignored = found.ignored.length ? ` (ignored: ${found.ignored.map((i) => i.value).join(', ')})` : skipped ? ` (${skipped})` : '';
      if (explicit) await ctx.replier.send(this.message('warning', 'No indicators found', `I found no IP, domain, URL, hash, e-mail address or CVE in that text${ignored}.`));
      else await ctx.replier.send({ kind: 'help', demo: this.demo, reason: `I found no command and no indicator in that${ignored}.`, commands: HELP_COMMANDS });
      return;
    }
    const targets = found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }));
    return this.lookupTargets(ctx, targets, capNotice(found));
  }

  /** Reading anything from Defender needs a role unless LOOKUPS_REQUIRE_ROLE=false: the refusal, or undefined. */
  private async lookupRefusal(actor: Actor): Promise<MessageView | undefined> {
    const decision = await this.deps.roles.canRead(actor);
    if (decision.allowed) return undefined;
    return this.message('warning', 'Not allowed', `Reading from Defender on this bot needs a role: ${decision.reason}. Ask a bot admin to add you.`);
  }

  private async lookupTargets(ctx: TurnContext, targets: LookupTarget[], notice?: string): Promise<void> {
    const refusal = await this.lookupRefusal(ctx.actor);
    if (refusal) {
      await ctx.replier.send(refusal);
      return;
    }
    // Only a courtesy: a failed typing indicator must not cost the answer.
    await ctx.replier.typing().catch(() => undefined);
    let progressId: string | undefined;
    let progressSent: Promise<void> | undefined;
    const timer = setTimeout(() => {
      progressSent = ctx.replier
        .send(this.message('progress', `Looking up ${targets.length} indicator${targets.length === 1 ? '' : 's'}...`, notice))
        .then((id) => {
          progressId = id;
        })
        .catch(() => undefined);
    }, this.deps.progressDelayMs ?? 1000);
    let view: AnswerView;
    const started = performance.now();
    try {
      const result = await this.deps.lookups.lookup(targets);
      const partial = !result.findings.every(isComplete);
      this.deps.observe?.lookup({
        platform: this.platform(ctx),
        outcome: partial ? 'partial' : 'complete',
        seconds: (performance.now() - started) / 1000,
        indicators: result.findings.length,
        cacheHits: result.findings.filter((f) => f.cached && !f.coalesced).length,
        coalesced: result.findings.filter((f) => f.coalesced).length,
      });
      const mint = (verb: string, params: Record<string, string>) => this.deps.buttons.mint(verb, ctx.conversationId, params);
      view = buildLookupView(result, { notice, actions: this.deps.config.actions, mint });
      view.refresh = { title: 'Refresh', verb: 'refresh', requestId: mint('refresh', { targets: JSON.stringify(targets) }) };
    } catch (err) {
      this.deps.observe?.lookup({ platform: this.platform(ctx), outcome: 'failed', seconds: (performance.now() - started) / 1000, indicators: targets.length, cacheHits: 0, coalesced: 0 });
      view = this.failure(err);
    } finally {
      clearTimeout(timer);
    }
    if (progressSent) await progressSent;
    await this.deps.buttons.flush();
    if (progressId) await ctx.replier.update(progressId, view);
    else await ctx.replier.send(view);
  }

  private async hunt(ctx: TurnContext, query: string): Promise<void> {
    const decision = await this.deps.roles.check(ctx.actor, 'hunter');
    if (!decision.allowed) {
      await ctx.replier.send(this.message('warning', 'Not allowed to hunt', `Running your own KQL needs the hunter role: ${decision.reason}.`));
      return;
    }
    if (query.length > 10_000) {
      await ctx.replier.send(this.message('warning', 'Query too long', 'A hunting query from chat may be at most 10,000 characters.'));
      return;
    }
    // Checked by Microsoft's own analyzer over the published schema first: a query Defender would refuse costs no
    // hunting call (they are counted per tenant) and the person learns where it is wrong at once.
    const problems = await analyzeKql(query);
    if (problems.length > 0) {
      await ctx.replier.send(this.message('warning', 'Defender would refuse this query', `${formatKqlDiagnostics(problems)}\nNothing was run. Fix the query and send it again.`));
      return;
    }
    await ctx.replier.typing().catch(() => undefined);
    const result = await this.deps.defender.graph.runHuntingQuery(query, huntingTimespan(Math.min(this.deps.config.lookups.lookbackDays, 30)));
    const columns = result.schema.map((c) => c.name);
    const rows = result.results.slice(0, HUNT_MAX_ROWS).map((r) => columns.map((c) => cell(r[c])));
    const id = randomUUID();
    const hunt = { query, columns, rows, expires: Date.now() + HUNT_TTL_MS };
    this.rememberHunt(id, hunt);
    const text = JSON.stringify(hunt);
    if (this.deps.store && text.length <= HUNT_MAX_STORED_CHARS) await this.deps.store.ephemeral.put(`hunt:${id}`, text, HUNT_TTL_MS);
    const view = this.huntPage(ctx, id, hunt, 0, result.results.length);
    await this.deps.buttons.flush();
    await ctx.replier.send(view);
  }

  private rememberHunt(id: string, hunt: StoredHunt): void {
    this.hunts.set(id, hunt);
    for (const [key, h] of this.hunts) if (h.expires < Date.now() || this.hunts.size > HUNT_MEMORY_ENTRIES) this.hunts.delete(key);
  }

  /** Pages of a hunt another replica (or this one before a restart) ran come from the shared store. */
  private async storedHunt(huntId: string): Promise<StoredHunt | undefined> {
    const local = this.hunts.get(huntId);
    if (local) return local;
    const text = await this.deps.store?.ephemeral.get(`hunt:${huntId}`);
    return text ? (JSON.parse(text) as StoredHunt) : undefined;
  }

  private huntPage(ctx: TurnContext, huntId: string, stored: StoredHunt | undefined, page: number, totalRows?: number): AnswerView {
    if (!stored || stored.expires < Date.now()) return this.message('warning', 'These results have expired', 'Run the query again.');
    const pageCount = Math.max(1, Math.ceil(stored.rows.length / HUNT_PAGE_SIZE));
    const p = Math.min(Math.max(0, page), pageCount - 1);
    const mint = (to: number) => ({ title: to > p ? 'Next page' : 'Previous page', verb: 'huntPage' as const, requestId: this.deps.buttons.mint('huntPage', ctx.conversationId, { huntId, page: String(to) }) });
    const view: HuntView = {
      kind: 'hunt',
      demo: this.demo,
      query: stored.query,
      columns: stored.columns,
      rows: stored.rows.slice(p * HUNT_PAGE_SIZE, (p + 1) * HUNT_PAGE_SIZE),
      page: p + 1,
      pageCount,
      totalRows: totalRows ?? stored.rows.length,
      next: p + 1 < pageCount ? mint(p + 1) : undefined,
      previous: p > 0 ? mint(p - 1) : undefined,
    };
    return view;
  }

  private async actions(ctx: TurnContext, deviceText?: string): Promise<void> {
    const refusal = await this.lookupRefusal(ctx.actor);
    if (refusal) {
      await ctx.replier.send(refusal);
      return;
    }
    await ctx.replier.typing().catch(() => undefined);
    let filter: string | undefined;
    let title = 'Recent machine actions';
    if (deviceText) {
      const device = parseDeviceName(deviceText);
      if (!device) {
        await ctx.replier.send(this.message('warning', 'Not a device', `"${deviceText.slice(0, 80)}" is not a device name or machine id.`));
        return;
      }
      const machine = await this.deps.defender.endpoint.getMachine(device.value);
      filter = odata.eq('machineId', machine.id);
      title = `Machine actions on ${machine.computerDnsName}`;
    }
    const list = await this.deps.defender.endpoint.listMachineActions(filter, 20);
    const items: ItemView[] = list.items.map((a) => ({
      title: `${a.type}${a.scope ? ` (${a.scope})` : ''} on ${a.computerDnsName ?? a.machineId}`,
      subtitle: a.status,
      tone: a.status === 'Failed' || a.status === 'TimeOut' ? 'attention' : a.status === 'Pending' || a.status === 'InProgress' ? 'warning' : a.status === 'Succeeded' ? 'good' : 'default',
      facts: [
        { title: 'Requested', value: `${a.creationDateTimeUtc.slice(0, 16).replace('T', ' ')} UTC by ${a.requestor}` },
        ...(a.requestorComment ? [{ title: 'Comment', value: a.requestorComment }] : []),
        { title: 'Updated', value: `${a.lastUpdateDateTimeUtc.slice(0, 16).replace('T', ' ')} UTC` },
      ],
      links: [],
      buttons: [],
    }));
    await ctx.replier.send({ kind: 'actions', demo: this.demo, title, items });
  }

  private async responseCommand(ctx: TurnContext, verb: string, text: string): Promise<void> {
    if (verb === 'audit') return this.auditCommand(ctx, text);
    if (!this.deps.requests) {
      await ctx.replier.send(this.message('warning', 'This action is not enabled', `"${verb}" from chat is not enabled on this bot.`));
      return;
    }
    if (verb === 'cancel') {
      await ctx.replier.send(this.message('info', 'Use the card', 'Cancel a pending action with the Cancel button on its status card.'));
      return;
    }
    const parsed = parseActionText(verb, text);
    if ('error' in parsed) {
      await ctx.replier.send(this.message('warning', 'I need a little more', parsed.error));
      return;
    }
    const answer = await this.deps.requests.propose(this.requestContext(ctx), parsed.action, parsed.params, {
      reason: parsed.reason,
      isolationType: parsed.params.isolationType,
      scanType: parsed.params.scanType,
    });
    // Posted already as the request's own card (the requester sees the form on it).
    if (!answer.posted) await ctx.replier.send(answer.view);
  }

  private requestContext(ctx: TurnContext) {
    return { actor: ctx.actor, conversationId: ctx.conversationId, conversationRef: ctx.conversationRef, personalViews: ctx.personalViews };
  }

  private async auditCommand(ctx: TurnContext, text: string): Promise<void> {
    const allowed = (await this.deps.roles.check(ctx.actor, 'responder')).allowed || (await this.deps.roles.check(ctx.actor, 'admin')).allowed;
    if (!allowed) {
      await ctx.replier.send(this.message('warning', 'Not allowed', 'The audit is for responders and admins.'));
      return;
    }
    if (!this.deps.store) {
      await ctx.replier.send(this.message('warning', 'No audit store', 'This bot runs without storage.'));
      return;
    }
    const words = text.trim().split(/\s+/).filter(Boolean);
    const daysWord = words.find((w) => /^\d{1,3}d?$/.test(w));
    const days = Math.min(Number((daysWord ?? '7').replace('d', '')) || 7, 365);
    const subject = words.find((w) => w !== daysWord);
    const since = new Date(Date.now() - days * 86_400_000);
    const entries = await this.deps.store.audit.query(
      subject?.includes('@') ? { since, actorId: undefined, target: undefined, limit: 200 } : { since, target: subject?.toLowerCase(), limit: 50 },
    );
    const mine = subject?.includes('@') ? entries.filter((e) => e.actor.toLowerCase().includes(subject.toLowerCase()) || (e.target ?? '').includes(subject.toLowerCase())).slice(0, 50) : entries;
    await ctx.replier.send({
      kind: 'actions',
      demo: this.demo,
      title: `Audit${subject ? ` for ${subject}` : ''}, last ${days} day(s): ${mine.length} entr${mine.length === 1 ? 'y' : 'ies'}`,
      items: mine.map((e) => ({
        title: `${e.event}${e.action ? ` ${e.action}` : ''}${e.target ? ` ${e.target}` : ''}`,
        subtitle: `${e.at.slice(0, 16).replace('T', ' ')} UTC · ${e.actor}`,
        facts: [...(e.detail ? [{ title: 'Detail', value: e.detail }] : []), ...(e.defenderActionId ? [{ title: 'Defender action', value: e.defenderActionId }] : []), ...(e.requestId ? [{ title: 'Request', value: e.requestId }] : [])],
        links: [],
        buttons: [],
      })),
    });
  }

  /** A card button was clicked: what to show, and to whom (the clicker, everyone, or a short notice). */
  async handleButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer> {
    this.deps.observe?.turn(this.platform(ctx), 'button');
    const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    const v = typeof verb === 'string' ? verb.slice(0, 40) : '';
    if (RequestTokens.isRequestToken(fields.requestId)) {
      if (!this.deps.requests) return { view: this.message('warning', 'This action is not enabled', 'Response actions are not enabled on this bot.'), mode: 'toast' };
      try {
        return await this.deps.requests.click(this.requestContext(ctx), v, fields);
      } catch (err) {
        return { view: this.failure(err), mode: 'toast' };
      }
    }
    const view = await this.lookupButton(ctx, v, fields);
    await this.deps.buttons.flush();
    // "Show all" posts the whole section as a new message; refresh and paging replace the card for everyone.
    return 'mode' in view ? view : { view, mode: view.kind === 'message' ? 'toast' : v === 'showMore' ? 'newMessage' : 'everyone' };
  }

  /** A request posted as its own card needs no second copy for the clicker: a short notice points to it. */
  private proposed(answer: ClickAnswer): ClickAnswer {
    if (!answer.posted || answer.view.kind !== 'request') return answer;
    return { view: this.message('info', answer.view.title.replace(/\?$/, ''), 'Confirm it on the request card in this conversation: it shows you the form.'), mode: 'toast', posted: true };
  }

  /**
   * What a click shows at once when its work takes longer than the platform waits (a Teams invoke gets about 3 s):
   * read from the store only, never from Defender. The adapter shows the real answer when it is ready.
   */
  async interimButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer> {
    const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    const v = typeof verb === 'string' ? verb.slice(0, 40) : '';
    const working = (title: string, text: string): ClickAnswer => ({ view: this.message('progress', title, text), mode: 'toast' });
    if (RequestTokens.isRequestToken(fields.requestId)) {
      const interim = await this.deps.requests?.interim(this.requestContext(ctx), v, fields).catch(() => undefined);
      return interim ?? working('Working on it', 'Defender is slow to answer; the card updates when it does.');
    }
    switch (v) {
      case 'refresh':
        return working('Refreshing', 'Asking Defender again; the card updates when it answers.');
      case 'showMore':
        return working('Getting the full list', 'It is posted below when Defender answers.');
      case 'huntPage':
        return working('Loading the page', 'The card updates in a moment.');
      default: {
        const found = await this.deps.buttons.resolve(fields.requestId, ctx.conversationId, v).catch(() => undefined);
        const p = found?.ok ? found.payload.params : {};
        const target = p.name ?? p.deviceName ?? p.indicatorValue ?? p.machineId ?? '';
        return working(`Checking ${target || 'the target'}`, 'Reading it from Defender and checking your role; the request card appears in this conversation.');
      }
    }
  }

  private async lookupButton(ctx: TurnContext, v: string, fields: Record<string, unknown>): Promise<AnswerView | ClickAnswer> {
    const found = await this.deps.buttons.resolve(fields.requestId, ctx.conversationId, v);
    if (!found.ok) {
      const why = { tampered: 'it was altered', unknown: 'the bot does not know it (it may have restarted)', expired: 'it has expired', foreign: 'it belongs to another conversation or action' }[found.reason];
      await this.deps.store?.audit.append({ at: new Date().toISOString(), event: 'refused-button', actor: `${ctx.actor.displayName} (${ctx.actor.platform})`, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, conversationId: ctx.conversationId, detail: `${v}: ${found.reason}` }).catch(() => undefined);
      return this.message('warning', 'This button cannot be used', `The button was refused because ${why}. Run the lookup again for a fresh card.`);
    }
    const params = found.payload.params;
    // Whoever clicks is checked, not whoever asked: a card is visible to the whole conversation.
    if (v === 'refresh' || v === 'showMore') {
      const refusal = await this.lookupRefusal(ctx.actor);
      if (refusal) return refusal;
    }
    if (v === 'huntPage' && !(await this.deps.roles.check(ctx.actor, 'hunter')).allowed) return this.message('warning', 'Not allowed to hunt', 'Paging through hunting results needs the hunter role.');
    try {
      switch (v) {
        case 'refresh': {
          const targets = JSON.parse(params.targets ?? '[]') as LookupTarget[];
          // Someone asked for Defender's state now: not the cached answer of a minute ago.
          const result = await this.deps.lookups.lookup(targets, { fresh: true });
          const mint = (mv: string, p: Record<string, string>) => this.deps.buttons.mint(mv, ctx.conversationId, p);
          const view = buildLookupView(result, { actions: this.deps.config.actions, mint });
          view.refresh = { title: 'Refresh', verb: 'refresh', requestId: mint('refresh', { targets: params.targets ?? '[]' }) };
          return view;
        }
        case 'showMore': {
          const target = JSON.parse(params.target ?? '{}') as LookupTarget;
          const result = await this.deps.lookups.lookup([target]);
          const mint = (mv: string, p: Record<string, string>) => this.deps.buttons.mint(mv, ctx.conversationId, p);
          return buildLookupView(result, { actions: this.deps.config.actions, mint, perSection: 50, onlySection: params.section });
        }
        case 'huntPage': {
          const huntId = params.huntId ?? '';
          return this.huntPage(ctx, huntId, await this.storedHunt(huntId), Number(params.page ?? 0));
        }
        case 'isolate':
        case 'release':
        case 'quarantine':
        case 'scan':
        case 'block':
          if (!this.deps.requests) return this.message('warning', 'This action is not enabled', `"${v}" is not enabled on this bot.`);
          return this.proposed(await this.deps.requests.propose(this.requestContext(ctx), v, params));
        default:
          return this.message('warning', 'This button cannot be used', 'Unknown action.');
      }
    } catch (err) {
      return this.failure(err);
    }
  }
}

const ACTION_WORDS: Record<string, string> = { unisolate: 'release', collect: 'collect', scan: 'scan' };

/** `isolate <device> [selective] because <reason>`, `quarantine <hash> on <device> because <reason>`, `block <indicator>`, ... */
export function parseActionText(verb: string, text: string): { action: string; params: Record<string, string>; reason?: string } | { error: string } {
  const action = ACTION_WORDS[verb] ?? verb;
  const [head, ...why] = text.split(/\s+because\s+/i);
  const reason = why.join(' because ').trim() || undefined;
  const words = (head ?? '').trim().split(/\s+/).filter(Boolean);
  if (action === 'quarantine') {
    const on = words.findIndex((w) => w.toLowerCase() === 'on');
    const hash = words[0];
    const device = on > 0 ? words[on + 1] : undefined;
    if (!hash || !device || !/^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(hash)) return { error: 'Write: quarantine <SHA1, SHA256 or MD5> on <device> because <reason>' };
    const kind = hash.length === 40 ? 'sha1' : hash.length === 64 ? 'sha256' : 'md5';
    return { action, params: { [kind]: hash.toLowerCase(), deviceName: device }, reason };
  }
  if (action === 'block') {
    const found = recognize(head ?? '', { cap: 1 }).indicators[0];
    if (!found || !['sha1', 'sha256', 'md5', 'ipv4', 'ipv6', 'domain', 'url'].includes(found.type)) return { error: 'Write: block <hash, IP, domain or URL> because <reason>' };
    return { action, params: { indicatorValue: found.value, indicatorType: found.type }, reason };
  }
  const device = words[0];
  if (!device) return { error: `Write: ${action} <device> because <reason>` };
  const params: Record<string, string> = { deviceName: device };
  if (action === 'isolate' && words.some((w) => w.toLowerCase() === 'selective')) params.isolationType = 'Selective';
  if (action === 'scan' && words.some((w) => w.toLowerCase() === 'full')) params.scanType = 'Full';
  return { action, params, reason };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
