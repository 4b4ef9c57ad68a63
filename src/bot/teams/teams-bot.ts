import { CloudAdapter, TeamsActivityHandler, TeamsInfo, TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue } from 'botbuilder';
import { renderAdaptiveCard } from '../../cards/adaptive';
import type { AnswerView, MessageView } from '../../cards/view-models';
import type { ClickAnswer } from '../../core/action-requests';
import type { Actor } from '../../core/actor';
import type { TurnContext as CoreTurn } from '../../core/conversation';
import type { ConversationPort } from '../../core/tenancy/tenant-router';
import type { Conversation } from '../../config/bindings';
import { newTurnId, withTurn } from '../../ops/logger';
import { conversationReference } from './conversation-reference';
import { InTurnReplier, TeamsReplier } from './teams-replier';
import { teamsIdentity, type TeamsIdentity } from './teams-identity';

export interface TeamsBotOptions {
  conversation: ConversationPort;
  adapter: CloudAdapter;
  botAppId: string;
  /** Entra tenants whose users may use the bot; undefined: any (local demo only). */
  allowedTenants?: string[];
  log?: (message: string) => void;
  /**
   * How long a click's work may run before the invoke is answered with a "checking" view. Teams gives up on an invoke
   * after a few seconds and shows "Unable to reach app" (msteams-docs issues 6461, 13460; Universal Actions docs), so the
   * answer must leave well inside 3 s; the work goes on and updates the card.
   */
  invokeDeadlineMs?: number;
}

const DEFAULT_INVOKE_DEADLINE_MS = 2000;

const cardAttachment = (view: AnswerView) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content: renderAdaptiveCard(view) });

function toastText(view: AnswerView): string {
  return view.kind === 'message' ? [view.title, view.text].filter(Boolean).join(': ') : 'Done.';
}

/** An Action.Submit fallback sends the button's data as a message's value: a verb and a request id, plus inputs. */
function submittedButton(value: unknown): { verb: string; data: Record<string, unknown> } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const data = value as Record<string, unknown>;
  if (typeof data.verb !== 'string' || typeof data.requestId !== 'string') return undefined;
  return { verb: data.verb, data };
}

/** The conversation as bindings name it: the hosting tenant, and the team and channel in a team's channel. */
function teamsPlace(activity: TurnContext['activity']): Conversation {
  const data = (activity.channelData ?? {}) as { team?: { id?: unknown }; channel?: { id?: unknown }; tenant?: { id?: unknown } };
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 300 ? v : undefined);
  return {
    platform: 'teams',
    tenantId: str(activity.conversation?.tenantId) ?? str(data.tenant?.id) ?? '',
    teamId: str(data.team?.id),
    channelId: str(data.channel?.id),
    conversationId: activity.conversation?.id ?? '',
  };
}

/** Translates Teams activities to the core conversation and back. It decides nothing itself. */
export class DefenderTeamsBot extends TeamsActivityHandler {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: TeamsBotOptions) {
    super();
    // Every log line written while a turn is handled carries the turn's id.
    this.onMessage(async (ctx, next) => {
      await withTurn(newTurnId(), () => this.message(ctx));
      await next();
    });
    // Where the bot may post later (incident subscriptions): kept when it is installed or added, dropped when removed.
    const bot = (ctx: TurnContext) => ctx.activity.recipient?.id;
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.membership(ctx, true, 'the app was installed');
      await next();
    });
    this.onInstallationUpdateRemove(async (ctx, next) => {
      await this.membership(ctx, false, 'the app was uninstalled');
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      if ((ctx.activity.membersAdded ?? []).some((m) => m.id === bot(ctx))) await this.membership(ctx, true, 'the bot was added');
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      if ((ctx.activity.membersRemoved ?? []).some((m) => m.id === bot(ctx))) await this.membership(ctx, false, 'the bot was removed');
      await next();
    });
  }

  private async membership(ctx: TurnContext, added: boolean, reason: string): Promise<void> {
    const identity = this.identify(ctx);
    if (!identity.ok || !ctx.activity.conversation?.id) return;
    const conversationId = ctx.activity.conversation.id;
    await this.options.conversation
      .membership({ platform: 'teams', conversationId, ref: JSON.stringify(conversationReference(ctx.activity)), added, reason })
      .catch((err: unknown) =>
        this.options.log?.(`conversation ${conversationId}: ${reason}, not recorded: ${err instanceof Error ? err.message : String(err)}`),
      );
  }

  /** Resolves when every answer started in the background has been sent (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private background(work: Promise<unknown>): void {
    const tracked = work.catch((err: unknown) => this.options.log?.(`answer failed: ${err instanceof Error ? err.message : String(err)}`));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Who sent it, judged by the sender's own tenant (in a shared channel it is not the channel host's). */
  private identify(ctx: TurnContext): TeamsIdentity {
    const identity = teamsIdentity(ctx.activity, this.options.allowedTenants);
    if (!identity.ok) this.options.log?.(`refused a Teams activity: ${identity.detail}`);
    return identity;
  }

  /** The core's view of this turn; replies go out through the connector, outside the incoming request. */
  private turn(ctx: TurnContext, actor: Actor, personalViews: boolean): CoreTurn {
    const reference = conversationReference(ctx.activity);
    const proactive = ctx.adapter instanceof CloudAdapter;
    return {
      actor,
      conversationId: ctx.activity.conversation.id,
      place: teamsPlace(ctx.activity),
      replier: proactive ? new TeamsReplier(this.options.adapter, this.options.botAppId, reference) : new InTurnReplier(ctx),
      // Stored with action requests typed here, so their approval and status cards can be posted to this conversation.
      conversationRef: JSON.stringify(reference),
      // A channel thread's id ends in ";messageid=<root>": new incident cards go to the channel itself.
      channelRef: JSON.stringify({
        ...reference,
        conversation: { ...reference.conversation, id: (reference.conversation?.id ?? '').replace(/;messageid=\d+$/, '') },
      }),
      personalViews,
      userPrincipalName: signInName(ctx),
    };
  }

  private async message(ctx: TurnContext): Promise<void> {
    const identity = this.identify(ctx);
    if (!identity.ok) {
      await ctx.sendActivity(identity.message);
      return;
    }
    const actor = identity.actor;
    // Clients that do not know Action.Execute send the declared Action.Submit: a message whose value is the button's
    // data. In a channel it carries no @mention, so it is recognised before the mention rule below.
    const submitted = submittedButton(ctx.activity.value);
    if (submitted) return this.submit(ctx, actor, submitted.verb, submitted.data);
    const personal = (ctx.activity.conversation?.conversationType ?? 'personal') === 'personal';
    const mentioned = (ctx.activity.entities ?? []).some(
      (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === ctx.activity.recipient?.id,
    );
    // In a channel or group chat the bot answers only when it is @mentioned.
    if (!personal && !mentioned) return;
    const text = (TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '').replace(/<\/?at>/g, '').trim();
    const turn = this.turn(ctx, actor, true);
    const work = this.options.conversation.handleText(turn, text);
    if (!(ctx.adapter instanceof CloudAdapter)) return work;
    // Answered outside the request: Teams gets its 200 at once and never redelivers the message.
    this.background(work);
  }

  /**
   * A click from a client without Universal Actions. There is no invoke to answer, so every outcome is a message: the
   * card updated for everyone, a new message, or a short notice. Such clients cannot fetch a personal view, so the
   * confirmation form is posted as a message of its own (only the requester can confirm it).
   */
  private async submit(ctx: TurnContext, actor: Actor, verb: string, data: Record<string, unknown>): Promise<void> {
    const turn = this.turn(ctx, actor, false);
    const replyToId = ctx.activity.replyToId;
    const work = this.options.conversation.handleButton(turn, verb, data).then((answer) => this.deliver(answer, turn, actor, replyToId, 'submitted'));
    if (!(ctx.adapter instanceof CloudAdapter)) return work;
    this.background(work);
  }

  protected override onAdaptiveCardInvoke(ctx: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return withTurn(newTurnId(), () => this.invoke(ctx, invoke));
  }

  private async invoke(ctx: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const identity = this.identify(ctx);
    if (!identity.ok) return { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message: identity.message } as never };
    const actor = identity.actor;
    // Only the verb, the signed request id and the person's own inputs are read from the card; who clicked comes
    // from the authenticated activity.
    const turn = this.turn(ctx, actor, true);
    const verb = invoke?.action?.verb;
    const data = invoke?.action?.data;
    const replyToId = ctx.activity.replyToId;
    const work = this.options.conversation.handleButton(turn, verb, data);
    const deadline = this.options.invokeDeadlineMs ?? DEFAULT_INVOKE_DEADLINE_MS;
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      work.then((answer) => ({ answer })),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), deadline);
      }),
    ]).finally(() => clearTimeout(timer));
    if (inTime) return this.answerInTime(ctx, inTime.answer);
    // Too slow for Teams: answer now with what is known, and show the real answer when the work is done.
    const interim = await this.options.conversation.interimButton(turn, verb, data);
    this.background(work.then((answer) => this.deliver(answer, turn, actor, replyToId, interim)));
    return this.invokeResponse(interim);
  }

  private invokeResponse(answer: ClickAnswer): AdaptiveCardInvokeResponse {
    if (answer.mode === 'toast') return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: toastText(answer.view) as never };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: renderAdaptiveCard(answer.view) as never };
  }

  private async answerInTime(ctx: TurnContext, answer: ClickAnswer): Promise<AdaptiveCardInvokeResponse> {
    if (answer.mode === 'newMessage') {
      await ctx.sendActivity({ type: 'message', attachments: [cardAttachment(answer.view)] });
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Posted the full list below.' as never };
    }
    // The invoke answer replaces the card for the clicker; 'everyone' also updates the message itself. 'shown' was
    // already updated for everyone by the core: a second update could only race a newer state.
    if (answer.mode === 'everyone' && ctx.activity.replyToId) {
      await ctx.updateActivity({ type: 'message', id: ctx.activity.replyToId, attachments: [cardAttachment(answer.view)] }).catch(() => undefined);
    }
    return this.invokeResponse(answer);
  }

  /**
   * Shows an answer that came after the click was answered (`interim`: what the clicker was shown meanwhile), or that
   * has no invoke to ride on ('submitted', an Action.Submit): by updating the clicked message, posting a new one, or a
   * short message to the person.
   */
  private async deliver(answer: ClickAnswer, turn: CoreTurn, actor: Actor, replyToId: string | undefined, interim: ClickAnswer | 'submitted'): Promise<void> {
    const replier = turn.replier;
    const { view, mode } = answer;
    switch (mode) {
      case 'shown':
        return;
      case 'everyone':
        if (replyToId) await replier.update(replyToId, view);
        else await replier.send(view);
        return;
      case 'newMessage':
        await replier.send(view);
        return;
      case 'clicker':
        // Late, on a request card: the conversation's copy goes back on the message (the requester's clients fetch their
        // own view from it). Without an invoke, what the person asked for is posted for them.
        if (interim !== 'submitted' && answer.current && replyToId) await replier.update(replyToId, answer.current);
        else await replier.send(view);
        return;
      case 'toast': {
        if (interim !== 'submitted' && interim.mode !== 'toast' && answer.current && replyToId) await replier.update(replyToId, answer.current);
        // Already on its own card in the conversation: nothing to add.
        if (answer.posted) return;
        const note: MessageView =
          view.kind === 'message'
            ? { ...view, title: `${actor.displayName || 'You'}: ${view.title}` }
            : { kind: 'message', demo: false, tone: 'info', title: toastText(view) };
        await replier.send(note);
        return;
      }
    }
  }
}

/**
 * The sender's UPN (or e-mail) from the Teams roster (TeamsInfo.getMember), for "Assign to me". Started at once and
 * remembered: the turn's connector client is gone once the turn has been answered, and a slow click outlives it.
 */
function signInName(ctx: TurnContext): () => Promise<string | undefined> {
  const from = ctx.activity.from;
  // Only turns that may assign an incident ask the roster: a triage click, or a message that says "assign".
  const activity = ctx.activity as { value?: { action?: { verb?: unknown }; verb?: unknown }; text?: unknown };
  const mayAssign =
    activity.value?.action?.verb === 'triage' ||
    activity.value?.verb === 'triage' ||
    (typeof activity.text === 'string' && /\b(assign|take)\b/i.test(activity.text));
  if (!from?.id || ctx.activity.channelId !== 'msteams' || !mayAssign) return () => Promise.resolve(undefined);
  const read = TeamsInfo.getMember(ctx, from.id).then(
    (m) => m.userPrincipalName || m.email || undefined,
    () => undefined,
  );
  return () => read;
}
