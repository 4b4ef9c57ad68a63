import type { AnswerView, LookupView, MessageView } from '../cards/view-models';
import type { LookupResult, LookupTarget } from '../defender/lookup/types';
import type { ClickAnswer } from './action-requests';
import { actionByWord, actionSpec } from './actions';
import { parseCommand, type Command } from './commands';
import { commandByWord, commandOfButton, commandSpec } from './commands/index';
import { ConversationKit, platformOf, type ConversationDeps } from './conversation-kit';
import type { CommandSpec } from './registry/command-spec';
import { RequestTokens } from './request-tokens';
import type { Replier, TurnContext } from './turn';

export type { ConversationDeps, ConversationObserver } from './conversation-kit';
export type { Replier, TurnContext } from './turn';

/**
 * The platform-neutral conversation, as a dispatcher: a message goes to the command (src/core/commands) or response
 * action (src/core/actions) its first word names, a click to the command whose card carries the button, to the action
 * it proposes, or to the request state machine (ActionRequestService). Teams and Slack adapters translate to and from
 * it; they decide nothing themselves.
 */
export class ConversationService {
  private readonly kit: ConversationKit;

  constructor(private readonly deps: ConversationDeps) {
    this.kit = new ConversationKit(deps);
  }

  /** Buttons reach the shared store on the way out: whatever a turn sends or replaces, its buttons are there first. */
  private flushing(ctx: TurnContext): TurnContext {
    const inner = ctx.replier;
    const buttons = this.deps.buttons;
    const replier: Replier = {
      typing: () => inner.typing(),
      send: async (view) => {
        await buttons.flush();
        return inner.send(view);
      },
      update: async (id, view) => {
        await buttons.flush();
        return inner.update(id, view);
      },
    };
    return { ...ctx, replier };
  }

  /**
   * The bot was installed in or added to a conversation (kept, to post there later), or removed from it (its incident
   * subscriptions stop).
   */
  async membership(event: { platform: 'teams' | 'slack'; conversationId: string; ref: string; added: boolean; reason: string }): Promise<void> {
    const incidents = this.deps.store?.incidents;
    if (!incidents) return;
    const now = new Date().toISOString();
    if (event.added) await incidents.saveConversation({ conversationId: event.conversationId, platform: event.platform, ref: event.ref, updatedAt: now });
    else {
      const stopped = await incidents.markConversationRemoved(event.conversationId, event.reason, now);
      this.deps.log?.(`conversation ${event.conversationId}: ${event.reason}; stopped its ${stopped} incident subscription(s)`, 'info');
    }
  }

  /**
   * This tenant's lookup card for a sweep across tenants, not sent (TenantRouter sends it): the read check first, and
   * the card's buttons saved before it is returned.
   */
  async sweepCard(ctx: TurnContext, targets: LookupTarget[]): Promise<{ view: LookupView; result: LookupResult } | { refusal: MessageView }> {
    const refusal = await this.kit.readRefusal(ctx.actor);
    if (refusal) return { refusal };
    const { card, result } = await this.kit.lookupCard(ctx, targets);
    await this.deps.buttons.flush();
    return { view: card, result };
  }

  /** An answer in words from this tenant's conversation (the router's own messages look like every other). */
  message(tone: MessageView['tone'], title: string, text?: string): MessageView {
    return this.kit.message(tone, title, text);
  }

  failure(err: unknown): MessageView {
    return this.kit.failure(err);
  }

  async handleText(ctx: TurnContext, text: string): Promise<void> {
    this.deps.observe?.turn(platformOf(ctx), 'message');
    const turn = this.flushing(ctx);
    try {
      await this.run(turn, parseCommand(typeof text === 'string' ? text : ''));
    } catch (err) {
      // The chat gets words; the operator gets the cause.
      this.deps.log?.(`message failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, 'warn');
      await turn.replier.send(this.kit.failure(err));
    }
  }

  private async run(ctx: TurnContext, command: Command): Promise<void> {
    switch (command.kind) {
      case 'help':
        await ctx.replier.send(this.kit.help());
        return;
      case 'unknown':
        await ctx.replier.send(this.kit.help('I did not understand that.'));
        return;
      case 'responseAction':
        return this.responseWord(ctx, command.verb, command.text);
      default: {
        const { kind, ...args } = command;
        const spec = commandSpec(kind) as CommandSpec | undefined;
        if (!spec) throw new Error(`no command ${kind}`);
        await spec.run(this.kit, ctx, args);
      }
    }
  }

  /** A word of the response vocabulary: an action typed with its target and reason, or audit / cancel. */
  private async responseWord(ctx: TurnContext, verb: string, text: string): Promise<void> {
    const command = commandByWord(verb);
    if (command) {
      const args = command.parse(text, text);
      if (args !== undefined) return command.run(this.kit, ctx, args);
    }
    const requests = this.deps.requests;
    if (!requests) {
      await ctx.replier.send(this.kit.message('warning', 'This action is not enabled', `"${verb}" from chat is not enabled on this bot.`));
      return;
    }
    const spec = actionByWord(verb);
    const parsed = spec?.parseText(text) ?? { error: `"${verb.slice(0, 40)}" is not a response action.` };
    if ('error' in parsed) {
      await ctx.replier.send(this.kit.message('warning', 'I need a little more', parsed.error));
      return;
    }
    const answer = await requests.propose(this.kit.requestContext(ctx), spec!.name, parsed.params, parsed.prefill);
    // Posted already as the request's own card (the requester sees the form on it).
    if (!answer.posted) await ctx.replier.send(answer.view);
  }

  /** A card button was clicked: what to show, and to whom (the clicker, everyone, or a short notice). */
  async handleButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer> {
    this.deps.observe?.turn(platformOf(ctx), 'button');
    const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    const v = typeof verb === 'string' ? verb.slice(0, 40) : '';
    const turn = this.flushing(ctx);
    const answer = await this.click(turn, v, fields);
    await this.deps.buttons.flush();
    return answer;
  }

  private async click(ctx: TurnContext, verb: string, fields: Record<string, unknown>): Promise<ClickAnswer> {
    if (RequestTokens.isRequestToken(fields.requestId)) {
      if (!this.deps.requests)
        return { view: this.kit.message('warning', 'This action is not enabled', 'Response actions are not enabled on this bot.'), mode: 'toast' };
      try {
        return await this.deps.requests.click(this.kit.requestContext(ctx), verb, fields);
      } catch (err) {
        return { view: this.kit.failure(err), mode: 'toast' };
      }
    }
    const answer = await this.button(ctx, verb, fields);
    return 'mode' in answer ? answer : { view: answer, mode: answer.kind === 'message' ? 'toast' : 'everyone' };
  }

  /** A button of a lookup or hunt card: its parameters come from the store by its signed id, never from the card. */
  private async button(ctx: TurnContext, verb: string, fields: Record<string, unknown>): Promise<AnswerView | ClickAnswer> {
    const found = await this.deps.buttons.resolve(fields.requestId, ctx.conversationId, verb);
    if (!found.ok) {
      const why = {
        tampered: 'it was altered',
        unknown: 'the bot does not know it (it may have restarted)',
        expired: 'it has expired',
        foreign: 'it belongs to another conversation or action',
      }[found.reason];
      await this.deps.store?.audit
        .append({
          at: new Date().toISOString(),
          event: 'refused-button',
          actor: `${ctx.actor.displayName} (${ctx.actor.platform})`,
          actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
          conversationId: ctx.conversationId,
          detail: `${verb}: ${found.reason}`,
        })
        .catch(() => undefined);
      return this.kit.message('warning', 'This button cannot be used', `The button was refused because ${why}. Run the lookup again for a fresh card.`);
    }
    const params = found.payload.params;
    try {
      const handler = commandOfButton(verb)?.buttons?.[verb];
      if (handler) return await handler(this.kit, ctx, params, fields);
      if (actionSpec(verb)) {
        if (!this.deps.requests) return this.kit.message('warning', 'This action is not enabled', `"${verb}" is not enabled on this bot.`);
        return this.proposed(await this.deps.requests.propose(this.kit.requestContext(ctx), verb, params));
      }
      return this.kit.message('warning', 'This button cannot be used', 'Unknown action.');
    } catch (err) {
      return this.kit.failure(err);
    }
  }

  /** A request posted as its own card needs no second copy for the clicker: a short notice points to it. */
  private proposed(answer: ClickAnswer): ClickAnswer {
    if (!answer.posted || answer.view.kind !== 'request') return answer;
    return {
      view: this.kit.message('info', answer.view.title.replace(/\?$/, ''), 'Confirm it on the request card in this conversation: it shows you the form.'),
      mode: 'toast',
      posted: true,
    };
  }

  /**
   * What a click shows at once when its work takes longer than the platform waits (a Teams invoke gets about 3 s):
   * read from the store only, never from Defender. The adapter shows the real answer when it is ready.
   */
  async interimButton(ctx: TurnContext, verb: unknown, data: unknown): Promise<ClickAnswer> {
    const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    const v = typeof verb === 'string' ? verb.slice(0, 40) : '';
    const working = (title: string, text: string): ClickAnswer => ({ view: this.kit.message('progress', title, text), mode: 'toast' });
    if (RequestTokens.isRequestToken(fields.requestId)) {
      const interim = await this.deps.requests?.interim(this.kit.requestContext(ctx), v, fields).catch(() => undefined);
      return interim ?? working('Working on it', 'Defender is slow to answer; the card updates when it does.');
    }
    switch (v) {
      case 'refresh':
        return working('Refreshing', 'Asking Defender again; the card updates when it answers.');
      case 'showMore':
        return working('Getting the full list', 'It is posted below when Defender answers.');
      case 'huntPage':
        return working('Loading the page', 'The card updates in a moment.');
      case 'triage':
        return working('Changing the incident', 'Checking your role and the incident in Defender; the card updates when it is done.');
      case 'incidentRefresh':
        return working('Refreshing', 'Reading the incident again; the card updates when Defender answers.');
      case 'openIncident':
      case 'incidentShowAll':
        return working('Getting the incident', 'Its card is posted below when Defender answers.');
      default: {
        const found = await this.deps.buttons.resolve(fields.requestId, ctx.conversationId, v).catch(() => undefined);
        const p = found?.ok ? found.payload.params : {};
        const target = p.name ?? p.deviceName ?? p.indicatorValue ?? p.machineId ?? '';
        return working(`Checking ${target || 'the target'}`, 'Reading it from Defender and checking your role; the request card appears in this conversation.');
      }
    }
  }
}

/**
 * A typed response action: `isolate <device> [selective] because <reason>`, `quarantine <hash> on <device> because
 * <reason>`, `block <indicator> because <reason>`, ... (each action's parseText, by the word that started it).
 */
export function parseActionText(verb: string, text: string): { action: string; params: Record<string, string>; reason?: string } | { error: string } {
  const spec = actionByWord(verb);
  if (!spec) return { error: `Write one of the response actions, e.g. isolate <device> because <reason>` };
  const parsed = spec.parseText(text);
  if ('error' in parsed) return parsed;
  return { action: spec.name, params: parsed.params, reason: parsed.prefill.reason };
}
