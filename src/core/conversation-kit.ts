import type { AnswerView, HelpView, LookupView, MessageView } from '../cards/view-models';
import { lookupOptionsOf, type LookupOptions } from '../config/lookup-options';
import type { AppConfig } from '../config/schema';
import { DEMO_TENANT_NAME, SINGLE_TENANT_NAME } from '../config/tenants';
import type { Defender } from '../defender/connect';
import { DefenderError } from '../defender/http/errors';
import { isComplete, type LookupService } from '../defender/lookup/lookup-service';
import type { LookupResult, LookupTarget } from '../defender/lookup/types';
import { QueryValueError } from '../defender/queries/query-value-error';
import { capNotice, recognize } from '../entities';
import type { Store } from '../store/types';
import type { ActionRequestService, RequestContext, RequestNotifier } from './action-requests';
import type { Actor } from './actor';
import type { ButtonRegistry } from './button-registry';
import { conversationSettingsKey, resolveConversationSettings, type ConversationLookupSettings } from './conversation-settings';
import { helpCommands } from './help-commands';
import { isPortalObjectLink, MAX_INCIDENTS_PER_MESSAGE, portalRefs } from './incidents/incident-refs';
import { showIncident } from './incidents/show-incident';
import { buildLookupView } from './lookup-view';
import type { RoleResolver } from './roles';
import type { TurnContext } from './turn';
import type { Leases } from '../ports/shared-state';
import { MemoryLeases } from '../net/memory-leases';

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
  /** Posts and replaces cards outside a turn (an incident's cards in other conversations after a change). */
  notifier?: RequestNotifier;
  log?: (message: string, level?: 'info' | 'warn') => void;
  /** Exclusive work across replicas (one change to an incident at a time); in this process only when absent. */
  leases?: Leases;
  /** One of several tenants (TENANTS_FILE): the help lists the binding commands. */
  multiTenant?: boolean;
  /**
   * The tenant this conversation answers for (its settings are kept per tenant). Absent: the single tenant, named as
   * singleTenantConfig names it.
   */
  tenantKey?: string;
}

export interface ConversationObserver {
  turn(platform: 'teams' | 'slack', kind: 'message' | 'button'): void;
  lookup(event: {
    platform: 'teams' | 'slack';
    outcome: 'complete' | 'partial' | 'failed';
    seconds: number;
    indicators: number;
    cacheHits: number;
    coalesced: number;
  }): void;
}

export function platformOf(ctx: TurnContext): 'teams' | 'slack' {
  return ctx.actor.platform === 'slack' ? 'slack' : 'teams';
}

/**
 * What every command needs from the conversation: its services, answers in words, the read check, and the lookup
 * that three commands and two buttons share (progress message, metrics, refresh button).
 */
export class ConversationKit {
  readonly leases: Leases;

  constructor(readonly deps: ConversationDeps) {
    this.leases = deps.leases ?? new MemoryLeases();
  }

  get demo(): boolean {
    return this.deps.defender.demo;
  }

  get tenantKey(): string {
    return this.deps.tenantKey ?? (this.deps.config.credential.kind === 'demo' ? DEMO_TENANT_NAME : SINGLE_TENANT_NAME);
  }

  /** The store key of this conversation's settings in this tenant. */
  settingsKey(ctx: TurnContext): string {
    return conversationSettingsKey(this.tenantKey, ctx.conversationId);
  }

  /** This conversation's lookup options: the deployment's, narrowed by what its admins set here. Throws when the store fails. */
  async conversationSettings(ctx: TurnContext): Promise<ConversationLookupSettings> {
    const row = await this.deps.store?.conversationSettings.get(this.settingsKey(ctx));
    return resolveConversationSettings(lookupOptionsOf(this.deps.config), row);
  }

  /**
   * The options a lookup here uses. A store that cannot be read costs the narrowing, not the answer: the deployment's
   * options apply and the card says so.
   */
  async lookupOptions(ctx: TurnContext): Promise<{ options?: LookupOptions; notice?: string }> {
    if (!this.deps.store) return {};
    try {
      const settings = await this.conversationSettings(ctx);
      return settings.narrowed ? { options: settings.options } : {};
    } catch (err) {
      this.deps.log?.(`conversation settings of ${ctx.conversationId} could not be read: ${err instanceof Error ? err.message : String(err)}`, 'warn');
      return { notice: "This conversation's settings could not be read, so the deployment's lookup options apply." };
    }
  }

  message(tone: MessageView['tone'], title: string, text?: string): MessageView {
    return { kind: 'message', demo: this.demo, tone, title, text };
  }

  help(reason?: string): HelpView {
    return { kind: 'help', demo: this.demo, reason, commands: helpCommands(this.deps.config, { multiTenant: this.deps.multiTenant }) };
  }

  /** An answer for a failure: Defender's own explanation, a value that cannot be used, or a generic sentence. */
  failure(err: unknown): MessageView {
    if (err instanceof DefenderError) return this.message('error', 'Defender did not answer', err.message);
    if (err instanceof QueryValueError) return this.message('warning', 'That value cannot be used', err.message);
    // Unexpected failures stay in the logs; the chat gets no internals.
    return this.message(
      'error',
      'Something went wrong',
      'The bot could not answer this. Try again; if it keeps failing, ask the bot operator to check its logs.',
    );
  }

  /** Reading anything from Defender needs a role unless LOOKUPS_REQUIRE_ROLE=false: the refusal, or undefined. */
  async readRefusal(actor: Actor): Promise<MessageView | undefined> {
    const decision = await this.deps.roles.canRead(actor);
    if (decision.allowed) return undefined;
    return this.message('warning', 'Not allowed', `Reading from Defender on this bot needs a role: ${decision.reason}. Ask a bot admin to add you.`);
  }

  /** A button's signed id for this conversation; its parameters stay on the server. */
  mint(ctx: TurnContext, verb: string, params: Record<string, string>): string {
    return this.deps.buttons.mint(verb, ctx.conversationId, params);
  }

  requestContext(ctx: TurnContext): RequestContext {
    return { actor: ctx.actor, conversationId: ctx.conversationId, conversationRef: ctx.conversationRef, personalViews: ctx.personalViews };
  }

  /** Looks up every indicator in the text; `explicit`: the person asked for a lookup (else the text was pasted). */
  async lookupText(ctx: TurnContext, text: string, explicit: boolean, totalChars = text.length): Promise<void> {
    const found = recognize(text, { cap: this.deps.config.lookups.maxIndicators, ignore: this.deps.config.lookups.ignoreIndicators });
    // "incident 4471" and portal links to incidents, alerts and devices are answered as what they point at.
    const refs = portalRefs(text, found.indicators);
    if (refs.incidents.length + refs.alerts.length + refs.devices.length > 0) {
      const refusal = await this.readRefusal(ctx.actor);
      if (refusal) return void (await ctx.replier.send(refusal));
      const incidents = [...refs.incidents];
      for (const alert of refs.alerts) {
        const incident = await this.alertIncident(ctx, alert);
        if (incident && !incidents.includes(incident)) incidents.push(incident);
      }
      for (const id of incidents.slice(0, MAX_INCIDENTS_PER_MESSAGE)) await showIncident(this, ctx, id);
      found.indicators = found.indicators.filter((i) => !isPortalObjectLink(i));
      const devices: LookupTarget[] = refs.devices.map((value) => ({ type: 'device', value }));
      if (found.indicators.length === 0) {
        if (devices.length) await this.lookupTargets(ctx, devices);
        return;
      }
      if (devices.length) {
        const targets = [...devices, ...found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }))];
        return this.lookupTargets(ctx, targets, capNotice(found));
      }
    }
    // The command parser already cut an oversized message: the notice names the size that was sent.
    if (found.truncated && totalChars > found.truncated.totalChars) found.truncated = { ...found.truncated, totalChars };
    if (found.indicators.length === 0) {
      const skipped = capNotice(found);
      const ignored = found.ignored.length ? ` (ignored: ${found.ignored.map((i) => i.value).join(', ')})` : skipped ? ` (${skipped})` : '';
      if (explicit)
        await ctx.replier.send(
          this.message('warning', 'No indicators found', `I found no IP, domain, URL, hash, e-mail address or CVE in that text${ignored}.`),
        );
      else await ctx.replier.send(this.help(`I found no command and no indicator in that${ignored}.`));
      return;
    }
    const targets = found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }));
    return this.lookupTargets(ctx, targets, capNotice(found));
  }

  /** The incident of a pasted alert link; a failure is said in the conversation and yields nothing. */
  private async alertIncident(ctx: TurnContext, alertId: string): Promise<string | undefined> {
    try {
      const alert = await this.deps.defender.graph.getAlert(alertId);
      if (alert.incidentId) return alert.incidentId;
      await ctx.replier.send(this.message('info', `Alert ${alertId.slice(0, 80)}`, `${alert.title}: it belongs to no incident.`));
    } catch (err) {
      await ctx.replier.send(this.failure(err));
    }
    return undefined;
  }

  /** One card for the targets; a progress message first when Defender takes longer than a moment. */
  async lookupTargets(ctx: TurnContext, targets: LookupTarget[], notice?: string): Promise<void> {
    const refusal = await this.readRefusal(ctx.actor);
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
      const { card, result } = await this.lookupCard(ctx, targets, { notice });
      this.deps.observe?.lookup({
        platform: platformOf(ctx),
        outcome: result.findings.every(isComplete) ? 'complete' : 'partial',
        seconds: (performance.now() - started) / 1000,
        indicators: result.findings.length,
        cacheHits: result.findings.filter((f) => f.cached && !f.coalesced).length,
        coalesced: result.findings.filter((f) => f.coalesced).length,
      });
      view = card;
    } catch (err) {
      this.deps.observe?.lookup({
        platform: platformOf(ctx),
        outcome: 'failed',
        seconds: (performance.now() - started) / 1000,
        indicators: targets.length,
        cacheHits: 0,
        coalesced: 0,
      });
      view = this.failure(err);
    } finally {
      clearTimeout(timer);
    }
    if (progressSent) await progressSent;
    if (progressId) await ctx.replier.update(progressId, view);
    else await ctx.replier.send(view);
  }

  /** The lookup card of the targets, with its Refresh button; `fresh` reads Defender again instead of the cache. */
  async lookupCard(
    ctx: TurnContext,
    targets: LookupTarget[],
    options: { notice?: string; fresh?: boolean } = {},
  ): Promise<{ card: LookupView; result: LookupResult }> {
    const here = await this.lookupOptions(ctx);
    const result = await this.deps.lookups.lookup(targets, { fresh: options.fresh, options: here.options });
    const mint = (verb: string, params: Record<string, string>) => this.mint(ctx, verb, params);
    const notice = [options.notice, here.notice].filter(Boolean).join(' ') || undefined;
    const card = buildLookupView(result, { notice, actions: this.deps.config.actions, mint });
    card.refresh = { title: 'Refresh', verb: 'refresh', requestId: mint('refresh', { targets: JSON.stringify(targets) }) };
    return { card, result };
  }
}
