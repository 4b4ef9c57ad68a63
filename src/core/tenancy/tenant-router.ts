import type { AnswerView, MessageView } from '../../cards/view-models';
import type { AppConfig } from '../../config/schema';
import type { Tenant, TenantsConfig } from '../../config/tenants';
import { capNotice, recognize } from '../../entities';
import type { BindingStore } from '../../store/binding-types';
import type { AuditLog } from '../../store/types';
import type { ClickAnswer } from '../action-requests';
import { describeActor } from '../actor';
import { parseCommand, type Command } from '../commands';
import type { ConversationService } from '../conversation';
import type { RoleResolver } from '../roles';
import { isPortalObjectLink, portalRefs } from '../incidents/incident-refs';
import { scopeOfToken } from '../token-scope';
import type { Replier, TurnContext } from '../turn';
import { ProgressUpdates } from './sweep-progress';
import { sweepSummary, worthACard, type TenantAnswer } from './sweep-summary';
// bindings made in chat (issue 16)
import { BindingCommands, isBindingCommand } from './binding-commands';
import { ConversationBindings } from './conversation-bindings';

/** What the Teams and Slack adapters talk to: one tenant's conversation, or the router in front of several. */
export interface ConversationPort {
  handleText(ctx: TurnContext, text: string): Promise<void>;
  handleButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer>;
  interimButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer>;
  membership(event: { platform: 'teams' | 'slack'; conversationId: string; ref: string; added: boolean; reason: string }): Promise<void>;
}

/** One tenant's conversation: its own Defender clients, cache, budget, roles, buttons and requests behind it. */
export interface TenantService {
  tenant: Tenant;
  conversation: ConversationService;
  /** Who holds which role in this tenant (its `roles` with the deployment's ROLE_*): `bind` asks for its admins. */
  roles: RoleResolver;
}

export interface TenantRouterDeps {
  config: AppConfig;
  tenants: TenantsConfig;
  services: ReadonlyMap<string, TenantService>;
  /** Refused buttons are audited (with the tenant they came from). */
  audit?: AuditLog;
  log?: (message: string, level?: 'info' | 'warn') => void;
  /** Bindings made in chat (`bind`), shared by every replica; without it only the tenants file's apply. */
  bindings?: BindingStore;
  /** How long this replica keeps the stored bindings it read (default STORED_BINDINGS_TTL_MS). */
  bindingsTtlMs?: number;
}

/** "contoso: incident 4471": a tenant's name first picks that tenant in a conversation that speaks for several. */
const TENANT_PREFIX = /^\s*([A-Za-z0-9][A-Za-z0-9_-]{0,23}):\s+([\s\S]*)$/;

/**
 * The conversation of a bot serving several tenants. Each turn is answered by the tenants the conversation is bound
 * to (config/bindings.ts), never by a default: a conversation bound to one tenant talks to it alone; one bound to
 * several answers lookups and sweeps per tenant and asks for the tenant's name before anything else; one bound to
 * none says so. A button is answered only by the tenant whose card carried it, and only where that tenant is bound.
 * Every view a tenant sends names it in its first line.
 */
export class TenantRouter implements ConversationPort {
  private readonly first: TenantService;
  // bindings made in chat (issue 16)
  readonly bindings: ConversationBindings;
  private readonly bindingCommands: BindingCommands;

  constructor(private readonly deps: TenantRouterDeps) {
    const first = deps.services.values().next().value;
    if (!first) throw new Error('a tenant router needs at least one tenant');
    this.first = first;
    // bindings made in chat (issue 16)
    this.bindings = new ConversationBindings(deps.tenants, deps.bindings, deps.log, { ttlMs: deps.bindingsTtlMs });
    this.bindingCommands = new BindingCommands({
      bindings: this.bindings,
      services: deps.services,
      audit: deps.audit,
      message: (tone, title, text) => first.conversation.message(tone, title, text),
      log: deps.log,
    });
  }

  /**
   * The tenants of the conversation where the turn happened, in the order the binding lists them: the tenants file's
   * bindings with those made in chat over them. Throws when the stored bindings cannot be read (no guessing).
   */
  async tenantsOf(ctx: TurnContext): Promise<TenantService[]> {
    // A turn without a place (tests, tools) cannot match a binding: it speaks for no tenant.
    if (!ctx.place) return [];
    return (await this.bindings.tenantsOf(ctx.place)).flatMap((t) => this.deps.services.get(t.key) ?? []);
  }

  async membership(event: Parameters<ConversationPort['membership']>[0]): Promise<void> {
    // Where the bot may post is not a tenant's: the store keeps one reference per conversation.
    await this.first.conversation.membership(event);
  }

  async handleText(ctx: TurnContext, text: string): Promise<void> {
    // bindings made in chat (issue 16): bind, unbind and bindings are the conversation's, answered before any tenant.
    const command = parseCommand(typeof text === 'string' ? text : '');
    if (isBindingCommand(command)) return this.answering(ctx, () => this.bindingCommands.handle(ctx, command));
    return this.routeText(ctx, text, command);
  }

  /** A binding command that fails (the store unreachable) still gets words; the operator gets the cause. */
  private async answering(ctx: TurnContext, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.log?.(`turn failed in the tenant router: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, 'warn');
      await ctx.replier.send(this.first.conversation.failure(err));
    }
  }

  private async routeText(ctx: TurnContext, text: string, command: Command): Promise<void> {
    let bound: TenantService[];
    try {
      bound = await this.tenantsOf(ctx);
    } catch (err) {
      // Unreadable stored bindings: no tenant answers rather than the wrong one.
      this.deps.log?.(`the conversation's bindings could not be read: ${err instanceof Error ? err.message : String(err)}`, 'warn');
      return void (await ctx.replier.send(this.first.conversation.failure(err)));
    }
    const prefixed = TENANT_PREFIX.exec(typeof text === 'string' ? text.slice(0, 200) : '');
    const named = prefixed ? this.deps.services.get(prefixed[1]!.toLowerCase()) : undefined;
    if (named) {
      if (!bound.includes(named)) return void (await ctx.replier.send(this.notBoundHere(named.tenant, bound)));
      return named.conversation.handleText(this.stamped(ctx, named), (text as string).replace(TENANT_PREFIX, '$2'));
    }
    // "contosso: isolate ws-042": a command after a name that is no tenant is a typo, not text to look up anywhere.
    const after = prefixed ? parseCommand(prefixed[2]!) : undefined;
    if (prefixed && after && after.kind !== 'lookup' && after.kind !== 'help') return void (await ctx.replier.send(this.unknownTenant(prefixed[1]!, bound)));
    if (bound.length === 0) {
      // The help names no tenant's data, and tells an admin how to bind the conversation.
      if (command.kind === 'help') return this.first.conversation.handleText(ctx, text);
      return void (await ctx.replier.send(this.unbound()));
    }
    if (bound.length === 1) return bound[0]!.conversation.handleText(this.stamped(ctx, bound[0]!), text);
    if (command.kind === 'lookup' && !command.explicit) {
      // A pasted Defender link names its tenant (tid=): the incident, alert or device of that tenant, not a sweep.
      const link = this.linkOwner(command.text, bound);
      if (link && 'owner' in link) return link.owner.conversation.handleText(this.stamped(ctx, link.owner), text);
      if (link) return void (await ctx.replier.send(link.refusal));
    }
    if (command.kind === 'lookup' || command.kind === 'sweep') return this.sweep(ctx, bound, command.text, command.explicit, command.totalChars);
    if (command.kind === 'help') return bound[0]!.conversation.handleText(ctx, text);
    await ctx.replier.send(
      this.first.conversation.message(
        'info',
        'Which tenant?',
        `This conversation speaks for ${names(bound)}. Start with the tenant's name, e.g. "${bound[0]!.tenant.name}: ${(typeof text === 'string' ? text : '').trim().slice(0, 60)}". Lookups and sweep answer for every tenant at once.`,
      ),
    );
  }

  async handleButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer> {
    const owner = await this.buttonOwner(ctx, verb, data, true);
    if ('refusal' in owner) return { view: owner.refusal, mode: 'toast' };
    return stampedAnswer(await owner.service.conversation.handleButton(this.stamped(ctx, owner.service), verb, data), owner.service.tenant.name);
  }

  async interimButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer> {
    const owner = await this.buttonOwner(ctx, verb, data, false);
    if ('refusal' in owner) return { view: owner.refusal, mode: 'toast' };
    return stampedAnswer(await owner.service.conversation.interimButton(this.stamped(ctx, owner.service), verb, data), owner.service.tenant.name);
  }

  /**
   * The tenant whose card carried the button: named inside its signed id (token-scope.ts). A button of a tenant this
   * conversation is not bound to is refused before any tenant looks at it, even when its signature is good.
   */
  private async buttonOwner(ctx: TurnContext, verb: unknown, data: unknown, audit: boolean): Promise<{ service: TenantService } | { refusal: MessageView }> {
    const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    const scope = scopeOfToken(fields.requestId);
    const service = scope ? this.deps.services.get(scope) : undefined;
    let bound: TenantService[];
    try {
      bound = await this.tenantsOf(ctx);
    } catch (err) {
      this.deps.log?.(`a button's conversation bindings could not be read: ${err instanceof Error ? err.message : String(err)}`, 'warn');
      return { refusal: this.first.conversation.failure(err) };
    }
    if (service && bound.includes(service)) return { service };
    const why = !service
      ? 'it names no tenant of this bot'
      : `it comes from a card of tenant ${service.tenant.name}, and this conversation ${bound.length ? `speaks for ${names(bound)}` : 'is bound to no tenant'}`;
    if (audit)
      await this.deps.audit
        ?.append({
          at: new Date().toISOString(),
          event: 'refused-button',
          actor: describeActor(ctx.actor),
          actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
          conversationId: ctx.conversationId,
          detail: `${typeof verb === 'string' ? verb.slice(0, 40) : '?'}: ${why}`,
          ...(service ? { tenant: service.tenant.key } : {}),
        })
        .catch((err: unknown) => this.deps.log?.(`audit of a refused button failed: ${err instanceof Error ? err.message : String(err)}`, 'warn'));
    return { refusal: this.first.conversation.message('warning', 'This button cannot be used here', `The button was refused because ${why}.`) };
  }

  /** Every view this tenant sends in the turn names the tenant in its first line. */
  private stamped(ctx: TurnContext, service: TenantService): TurnContext {
    const tenant = service.tenant.name;
    const inner = ctx.replier;
    const replier: Replier = {
      typing: () => inner.typing(),
      send: (view) => inner.send(withTenant(view, tenant)),
      update: (id, view) => inner.update(id, withTenant(view, tenant)),
    };
    return { ...ctx, replier };
  }

  /**
   * A lookup in a conversation of several tenants: every tenant the person may read, in parallel (each within its own
   * budget), the progress message naming who is still answering; then the summary in its place and one card per
   * tenant that saw something or could not check everything.
   */
  private async sweep(ctx: TurnContext, bound: TenantService[], text: string, explicit: boolean, totalChars: number): Promise<void> {
    const found = recognize(text, { cap: this.deps.config.lookups.maxIndicators, ignore: this.deps.config.lookups.ignoreIndicators });
    if (found.truncated && totalChars > found.truncated.totalChars) found.truncated = { ...found.truncated, totalChars };
    if (found.indicators.length === 0) {
      // Each tenant's own conversation words the "nothing found" answer (and the help for pasted text).
      return bound[0]!.conversation.handleText(ctx, explicit ? `lookup ${text}` : text);
    }
    const targets = found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }));
    await ctx.replier.typing().catch(() => undefined);
    const answers = new Map<string, TenantAnswer>();
    const progress = () =>
      this.first.conversation.message(
        'progress',
        `Sweeping ${targets.length} indicator${targets.length === 1 ? '' : 's'} across ${bound.length} tenants`,
        `Answered: ${answers.size} of ${bound.length}.${bound.length > answers.size ? ` Waiting for ${names(bound.filter((b) => !answers.has(b.tenant.key)))}.` : ''}`,
      );
    const progressId = await ctx.replier.send(progress()).catch(() => undefined);
    // Not one update per tenant: they would spend Teams' allowance ahead of the summary and the cards.
    const updates = new ProgressUpdates(() => (progressId ? ctx.replier.update(progressId, progress()) : Promise.resolve()));
    await Promise.all(
      bound.map(async (service) => {
        const tctx = this.stamped(ctx, service);
        try {
          const answer = await service.conversation.sweepCard(tctx, targets);
          answers.set(service.tenant.key, 'refusal' in answer ? { service, refusal: answer.refusal } : { service, view: answer.view });
        } catch (err) {
          this.deps.log?.(`sweep in tenant ${service.tenant.key} failed: ${err instanceof Error ? err.message : String(err)}`, 'warn');
          answers.set(service.tenant.key, { service, failure: service.conversation.failure(err) });
        }
        updates.show();
      }),
    );
    await updates.close();
    const ordered = bound.map((b) => answers.get(b.tenant.key)!);
    const summary = sweepSummary(this.first.conversation, targets, ordered, capNotice(found));
    if (progressId) await ctx.replier.update(progressId, summary);
    else await ctx.replier.send(summary);
    for (const answer of ordered) if (answer.view && worthACard(answer.view)) await this.stamped(ctx, answer.service).replier.send(answer.view);
  }

  /**
   * A pasted portal link to an incident, alert or device names its tenant (tid=): that bound tenant answers the message.
   * A link of a tenant not bound here, or without a tid, is not looked up as a web address in every tenant: the
   * answer says which tenant to name.
   */
  private linkOwner(text: string, bound: TenantService[]): { owner: TenantService } | { refusal: MessageView } | undefined {
    const found = recognize(text.slice(0, 20_000), { cap: this.deps.config.lookups.maxIndicators });
    const refs = portalRefs(text, found.indicators);
    if (refs.incidents.length + refs.alerts.length + refs.devices.length === 0) return undefined;
    const tids = found.indicators
      .filter((i) => isPortalObjectLink(i))
      .map((i) => /[?&]tid=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[&#]|$)/i.exec(i.value)?.[1]?.toLowerCase())
      .filter((t): t is string => !!t);
    const owner = bound.find((b) => tids.includes(b.tenant.tenantId.toLowerCase()));
    if (owner) return { owner };
    const example = `${bound[0]!.tenant.name}: ${text.trim().slice(0, 80)}`;
    return {
      refusal: this.first.conversation.message(
        'info',
        'Which tenant?',
        tids.length
          ? `The link belongs to a tenant this conversation does not speak for (it speaks for ${names(bound)}): nothing was read.`
          : `The link names no tenant, and this conversation speaks for ${names(bound)}. Start with the tenant's name, e.g. "${example}".`,
      ),
    };
  }

  private unbound(): MessageView {
    return this.first.conversation.message(
      'warning',
      'This conversation is not bound to a Defender tenant',
      'This bot serves several Defender tenants, and nobody has said which of them this conversation speaks for, so it answers for none. A bot admin binds it here with `bind <tenant>`, or adds a binding for this team, channel, chat or workspace to the tenants file (bindings; see docs/multi-tenant.md).',
    );
  }

  private unknownTenant(name: string, bound: TenantService[]): MessageView {
    return this.first.conversation.message(
      'warning',
      `${name} is not a tenant of this bot`,
      bound.length
        ? `This conversation speaks for ${names(bound)}: start with one of those names. Nothing was done.`
        : 'This conversation is bound to no tenant. Nothing was done.',
    );
  }

  private notBoundHere(tenant: Tenant, bound: TenantService[]): MessageView {
    return this.first.conversation.message(
      'warning',
      `Not bound to ${tenant.name}`,
      `This conversation ${bound.length ? `speaks for ${names(bound)}` : 'is bound to no tenant'}, not for ${tenant.name}: nothing of ${tenant.name} is read or changed here.`,
    );
  }
}

function withTenant<V extends AnswerView>(view: V, tenant: string): V {
  return { ...view, tenant };
}

/** What a click shows (the clicked card replaced, a card for the clicker) names the tenant as a sent view does. */
function stampedAnswer(answer: ClickAnswer, tenant: string): ClickAnswer {
  return { ...answer, view: withTenant(answer.view, tenant), ...(answer.current ? { current: withTenant(answer.current, tenant) } : {}) };
}

function names(services: TenantService[]): string {
  const all = services.map((s) => s.tenant.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}
