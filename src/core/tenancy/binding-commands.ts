import type { MessageView } from '../../cards/view-models';
import { bindingKey, bindingSpecificity, type Conversation } from '../../config/bindings';
import type { BindingTarget, Tenant } from '../../config/tenants';
import type { JsonObject, StoredBinding } from '../../store/binding-types';
import type { AuditEntry, AuditLog } from '../../store/types';
import { describeActor } from '../actor';
import type { Command } from '../commands';
import type { RoleDecision } from '../roles';
import type { TurnContext } from '../turn';
import type { ConversationBindings, Resolved } from './conversation-bindings';
import { conversationTarget } from './conversation-target';
import { storedOrigin, type EffectiveBinding } from './stored-bindings';
import type { TenantService } from './tenant-router';

export type BindingCommand = Extract<Command, { kind: 'bind' | 'unbind' | 'bindings' }>;

export function isBindingCommand(command: Command): command is BindingCommand {
  return command.kind === 'bind' || command.kind === 'unbind' || command.kind === 'bindings';
}

export interface BindingCommandsDeps {
  bindings: ConversationBindings;
  services: ReadonlyMap<string, TenantService>;
  audit?: AuditLog;
  message: (tone: MessageView['tone'], title: string, text?: string) => MessageView;
  log?: (message: string, level?: 'info' | 'warn') => void;
  now?: () => Date;
}

/** Unknown names shown in a refusal, at most; the rest are counted. */
const SHOWN_UNKNOWN = 5;

/**
 * `bind`, `unbind` and `bindings`, for the conversation where they are typed (its channel or chat). Changing a
 * binding needs the admin role, checked at the moment, in every tenant it concerns: the tenants named, and those
 * the conversation stops speaking for (`unbind` and `bind none`: every tenant bound now; in a conversation bound to
 * none, every tenant of the bot, since an explicit "none" there keeps any of them out). Each change is stored for
 * every replica and audited, one row per tenant it touches, before the answer.
 */
export class BindingCommands {
  constructor(private readonly deps: BindingCommandsDeps) {}

  async handle(ctx: TurnContext, command: BindingCommand): Promise<void> {
    const view =
      command.kind === 'bindings'
        ? await this.list(ctx)
        : command.kind === 'unbind'
          ? await this.unbind(ctx, command.extra)
          : await this.bind(ctx, command.names);
    await ctx.replier.send(view);
  }

  private async list(ctx: TurnContext): Promise<MessageView> {
    if (!ctx.place) return this.noPlace('is bound to no tenant');
    const now = this.deps.bindings.resolve(ctx.place, await this.deps.bindings.all());
    const lines = now.applied.map((b) => `${b.tenants.length ? this.names(b.tenants) : 'no tenant'}: ${scopeOf(b.target)}, ${origin(b)}`);
    const target = conversationTarget(ctx.place);
    const here = target && now.applied.some((b) => b.key === bindingKey(target));
    const hint = !this.deps.bindings.store
      ? ''
      : here
        ? ' A bot admin changes it with `bind`, or removes a binding made in chat with `unbind`.'
        : ' A bot admin binds this conversation alone with `bind <tenant>` (or `bind none`).';
    return this.deps.message(
      'info',
      now.tenants.length ? `This conversation speaks for ${this.names(now.tenants.map((t) => t.key))}` : 'This conversation speaks for no tenant',
      `${lines.length ? lines.join('\n') : 'No binding names it, neither in the tenants file nor made in chat.'}${hint}`,
    );
  }

  private async bind(ctx: TurnContext, typed: string[]): Promise<MessageView> {
    if (typed.length === 0)
      return this.deps.message('info', 'Which tenants?', '`bind <tenant> [<tenant> ...]` binds this conversation to those tenants; `bind none` to no tenant.');
    const none = typed.some((n) => n.toLowerCase() === 'none');
    if (none && typed.length > 1)
      return this.deps.message('warning', 'Nothing changed', '`bind none` binds this conversation to no tenant: it takes no tenant names.');
    const named: string[] = [];
    const unknown: string[] = [];
    for (const name of none ? [] : typed) {
      const key = name.toLowerCase();
      const list = this.deps.services.has(key) ? named : unknown;
      const entry = list === named ? key : name;
      if (!list.includes(entry)) list.push(entry);
    }
    if (unknown.length > 0) return this.unknownTenants(unknown);
    const change = await this.prepare(ctx);
    if ('refusal' in change) return change.refusal;
    const { place, target, before, all } = change;
    const removed = before.tenants.map((t) => t.key).filter((k) => !named.includes(k));
    const concerned = none ? before.tenants.map((t) => t.key) : [...named, ...removed];
    const refusal = await this.authorize(ctx, concerned, none ? 'bind none' : `bind ${named.join(' ')}`, target);
    if (refusal) return refusal;
    const stored: StoredBinding = {
      key: bindingKey(target),
      platform: target.platform,
      target: target as unknown as JsonObject,
      tenants: named,
      updatedBy: describeActor(ctx.actor).slice(0, 300),
      updatedAt: this.now().toISOString(),
    };
    const store = this.deps.bindings.store!;
    const replaced = this.fileBinding(stored.key);
    const mine: EffectiveBinding = {
      key: stored.key,
      target,
      tenants: named,
      origin: storedOrigin(stored),
      stored,
      ...(replaced ? { replaces: replaced.origin } : {}),
    };
    const after = this.deps.bindings.resolve(place, [...all.filter((b) => b.key !== stored.key), mine]);
    const prior = await store.get(stored.key);
    await this.change(ctx, 'bind', stored.key, before, after, {
      apply: () => store.put(stored),
      undo: () => (prior ? store.put(prior) : store.delete(stored.key)),
    });
    return this.deps.message(
      'info',
      after.tenants.length ? `This conversation now speaks for ${this.names(after.tenants.map((t) => t.key))}` : 'This conversation now speaks for no tenant',
      `Bound in chat for ${scopeOf(target)}, in place of ${this.describe(before)}. \`unbind\` returns it to the tenants file's binding.`,
    );
  }

  private async unbind(ctx: TurnContext, extra: string): Promise<MessageView> {
    if (extra)
      return this.deps.message(
        'warning',
        'Nothing changed',
        "`unbind` takes no tenant names: it removes this conversation's binding made in chat. To keep some tenants, `bind` them.",
      );
    const change = await this.prepare(ctx);
    if ('refusal' in change) return change.refusal;
    const { place, target, before, all } = change;
    const key = bindingKey(target);
    const store = this.deps.bindings.store!;
    const stored = await store.get(key);
    if (!stored)
      return this.deps.message('info', 'No binding was made in chat here', `Nothing changed: this conversation speaks for ${this.describe(before)}.`);
    // Without the binding made in chat, the file's binding of the same conversation applies again.
    const replaced = this.fileBinding(key);
    const after = this.deps.bindings.resolve(place, [...all.filter((b) => b.key !== key), ...(replaced ? [replaced] : [])]);
    // Those it speaks for now; bound to none, those it would speak for again (else every tenant: see authorize).
    const concerned = before.tenants.length ? before.tenants : after.tenants;
    const refusal = await this.authorize(
      ctx,
      concerned.map((t) => t.key),
      'unbind',
      target,
    );
    if (refusal) return refusal;
    await this.change(ctx, 'unbind', key, before, after, { apply: () => store.delete(key), undo: () => store.put(stored) });
    return this.deps.message(
      'info',
      after.tenants.length ? `This conversation speaks for ${this.names(after.tenants.map((t) => t.key))} again` : 'This conversation now speaks for no tenant',
      `The binding made in chat is removed; it spoke for ${this.describe(before)}. Now: ${this.describe(after)}.`,
    );
  }

  /** The conversation to change and what binds it now, read from the store (not this replica's copy). */
  private async prepare(
    ctx: TurnContext,
  ): Promise<{ place: Conversation; target: BindingTarget; all: EffectiveBinding[]; before: Resolved } | { refusal: MessageView }> {
    if (!this.deps.bindings.store)
      return {
        refusal: this.deps.message(
          'warning',
          'Bindings cannot be made in chat here',
          'This bot keeps no store for them: the tenants file binds conversations.',
        ),
      };
    const target = conversationTarget(ctx.place);
    if (!ctx.place || !target) return { refusal: this.noPlace('cannot be bound from chat') };
    const all = await this.deps.bindings.all({ fresh: true });
    return { place: ctx.place, target, all, before: this.deps.bindings.resolve(ctx.place, all) };
  }

  /** The tenants file's binding with this key, if any (a binding made in chat replaces it while it exists). */
  private fileBinding(key: string): EffectiveBinding | undefined {
    const b = this.deps.bindings.file.bindings.find((f) => bindingKey(f.target) === key);
    return b ? { ...b, key } : undefined;
  }

  /** Undefined when the actor is an admin of every tenant concerned; else the refusal, audited in each tenant. */
  private async authorize(ctx: TurnContext, concerned: string[], what: string, target: BindingTarget): Promise<MessageView | undefined> {
    const keys = concerned.length ? concerned : [...this.deps.services.keys()];
    const decisions = await Promise.all(
      keys.map(async (key) => {
        const service = this.deps.services.get(key)!;
        const decision: RoleDecision = await service.roles.check(ctx.actor, 'admin').catch((err: unknown) => ({
          allowed: false as const,
          reason: `the role check failed (${err instanceof Error ? err.message.slice(0, 120) : 'unknown error'})`,
        }));
        return { service, decision };
      }),
    );
    const missing = decisions.flatMap((d) => (d.decision.allowed ? [] : [{ tenant: d.service.tenant, reason: d.decision.reason }]));
    if (missing.length === 0) return undefined;
    const at = this.now().toISOString();
    const rows = missing.map(({ tenant, reason }) => ({
      ...this.row(ctx, at, 'binding-refused', what.split(' ')[0]!, bindingKey(target)),
      detail: `${what.slice(0, 200)}: not an admin of ${tenant.name} (${reason})`,
      tenant: tenant.key,
    }));
    await Promise.all(rows.map((r) => this.deps.audit?.append(r))).catch((err: unknown) =>
      this.deps.log?.(`audit of a refused binding change failed: ${err instanceof Error ? err.message : String(err)}`, 'warn'),
    );
    const shown = missing.slice(0, 10).map(({ tenant, reason }) => `${tenant.name}: ${reason}`);
    const more = missing.length > shown.length ? `\n…and ${missing.length - shown.length} more tenants` : '';
    const why = concerned.length
      ? 'Changing this binding needs the admin role in every tenant it concerns: those named, and those this conversation would stop speaking for.'
      : 'This conversation speaks for no tenant now: binding it to none keeps every tenant out, so it needs the admin role in every tenant.';
    return this.deps.message('warning', 'Nothing changed: you need the admin role', `${why}\n${shown.join('\n')}${more}`);
  }

  /**
   * Makes the change, then one audit row per tenant it touches (before or after; one row without a tenant when none),
   * before the answer. When the audit cannot be written the change is undone: no binding changes unaudited.
   */
  private async change(
    ctx: TurnContext,
    action: string,
    key: string,
    before: Resolved,
    after: Resolved,
    steps: { apply: () => Promise<unknown>; undo: () => Promise<unknown> },
  ): Promise<void> {
    const touched = [...new Set([...before.tenants, ...after.tenants].map((t) => t.key))];
    const at = this.now().toISOString();
    const detail = `${this.describe(before)} → ${this.describe(after)}`.slice(0, 2_000);
    const base = { ...this.row(ctx, at, 'binding-changed', action, key), detail };
    try {
      await steps.apply();
      await Promise.all((touched.length ? touched : [undefined]).map((tenant) => this.deps.audit?.append(tenant ? { ...base, tenant } : base)));
    } catch (err) {
      await steps.undo().catch((e: unknown) => this.deps.log?.(`undoing an unaudited binding change of ${key} failed: ${String(e)}`, 'warn'));
      throw err;
    } finally {
      this.deps.bindings.changed();
    }
  }

  private row(ctx: TurnContext, at: string, event: string, action: string, key: string): AuditEntry {
    return {
      at,
      event,
      actor: describeActor(ctx.actor),
      actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
      conversationId: ctx.conversationId,
      action,
      target: key,
    };
  }

  private describe(r: Resolved): string {
    const tenants = r.tenants.length ? this.names(r.tenants.map((t: Tenant) => t.key)) : 'no tenant';
    return r.applied.length ? `${tenants} (${r.applied.map(origin).join('; ')})` : `${tenants} (no binding)`;
  }

  private unknownTenants(unknown: string[]): MessageView {
    const shown = unknown.slice(0, SHOWN_UNKNOWN).map((n) => `"${shownName(n)}"`);
    const more = unknown.length > shown.length ? ` and ${unknown.length - shown.length} more` : '';
    const list = `${shown.join(', ')}${more}`;
    return this.deps.message('warning', 'Nothing changed', `${list} ${unknown.length === 1 ? 'is not a tenant' : 'are not tenants'} of this bot.`);
  }

  private noPlace(what: string): MessageView {
    return this.deps.message(
      'warning',
      'Which conversation is this?',
      `The platform did not say where this message was written, so this conversation ${what}.`,
    );
  }

  private names(keys: readonly string[]): string {
    const all = keys.map((k) => this.deps.services.get(k)?.tenant.name ?? k);
    return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function origin(b: EffectiveBinding): string {
  if (!b.stored) return `the tenants file's ${b.origin}`;
  return b.replaces ? `${b.origin}, in place of the tenants file's ${b.replaces}` : b.origin;
}

function scopeOf(target: BindingTarget): string {
  const level = bindingSpecificity(target);
  if (target.platform === 'slack') return level === 3 ? 'this Slack channel' : 'the Slack workspace';
  if (level === 3) return target.chatId ? 'this chat' : 'this channel';
  return level === 2 ? 'the team' : 'the Teams organisation';
}

/** A typed name as a refusal shows it: no control or format characters, at most 40 characters. */
function shownName(name: string): string {
  const clean = name.replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '\ufffd');
  const chars = Array.from(clean);
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : clean;
}
