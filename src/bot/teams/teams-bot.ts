import {
  CloudAdapter,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { renderAdaptiveCard } from '../../cards/adaptive';
import type { Actor } from '../../core/actor';
import type { ConversationService } from '../../core/conversation';
import { newTurnId, withTurn } from '../../ops/logger';
import { conversationReference } from './conversation-reference';
import { InTurnReplier, TeamsReplier } from './teams-replier';

export interface TeamsBotOptions {
  conversation: ConversationService;
  adapter: CloudAdapter;
  botAppId: string;
  /** Entra tenants whose users may use the bot; undefined: any (local demo only). */
  allowedTenants?: string[];
  log?: (message: string) => void;
}

function tenantOf(ctx: TurnContext): string | undefined {
  const activity = ctx.activity;
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

/** Translates Teams activities to the core conversation and back. It decides nothing itself. */
export class DefenderTeamsBot extends TeamsActivityHandler {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: TeamsBotOptions) {
    super();
    // Every log line written while a turn is handled carries the turn's id.
    this.onMessage(async (ctx, next) => {
      await withTurn(newTurnId(), () => this.message(ctx));
      await next();
    });
  }

  /** Resolves when every answer started in the background has been sent (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private actor(ctx: TurnContext): Actor | undefined {
    const tenant = tenantOf(ctx);
    const allowed = this.options.allowedTenants;
    if (allowed && (!tenant || !allowed.some((t) => t.toLowerCase() === tenant.toLowerCase()))) return undefined;
    const from = ctx.activity.from;
    return { platform: 'teams', userId: from?.id ?? '', aadObjectId: from?.aadObjectId, tenantId: tenant ?? '', displayName: from?.name ?? '' };
  }

  private async message(ctx: TurnContext): Promise<void> {
    const actor = this.actor(ctx);
    if (!actor) {
      this.options.log?.(`refused an activity from tenant ${tenantOf(ctx) ?? '(none)'}: not in TEAMS_ALLOWED_TENANTS`);
      await ctx.sendActivity('This bot is not available to your organisation.');
      return;
    }
    const personal = (ctx.activity.conversation?.conversationType ?? 'personal') === 'personal';
    const mentioned = (ctx.activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === ctx.activity.recipient?.id);
    // In a channel or group chat the bot answers only when it is @mentioned.
    if (!personal && !mentioned) return;
    const text = (TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '').replace(/<\/?at>/g, '').trim();
    const proactive = ctx.adapter instanceof CloudAdapter;
    const reference = conversationReference(ctx.activity);
    const replier = proactive ? new TeamsReplier(this.options.adapter, this.options.botAppId, reference) : new InTurnReplier(ctx);
    // Stored with action requests typed here, so their approval and status cards can be posted to this conversation.
    const conversationRef = JSON.stringify(reference);
    const work = this.options.conversation
      .handleText({ actor, conversationId: ctx.activity.conversation.id, replier, conversationRef }, text)
      .catch((err: unknown) => this.options.log?.(`answer failed: ${err instanceof Error ? err.message : String(err)}`));
    if (!proactive) return work;
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  protected override onAdaptiveCardInvoke(ctx: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return withTurn(newTurnId(), () => this.invoke(ctx, invoke));
  }

  private async invoke(ctx: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const actor = this.actor(ctx);
    if (!actor) return { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message: 'This bot is not available to your organisation.' } as never };
    // Only the verb, the signed request id and the person's own inputs are read from the card; who clicked comes
    // from the authenticated activity.
    const reference = conversationReference(ctx.activity);
    const answer = await this.options.conversation.handleButton(
      {
        actor,
        conversationId: ctx.activity.conversation.id,
        replier: new TeamsReplier(this.options.adapter, this.options.botAppId, reference),
        conversationRef: JSON.stringify(reference),
      },
      invoke?.action?.verb,
      invoke?.action?.data,
    );
    const view = answer.view;
    if (answer.mode === 'toast' || view.kind === 'message') {
      const text = view.kind === 'message' ? [view.title, view.text].filter(Boolean).join(': ') : 'Done.';
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never };
    }
    const card = renderAdaptiveCard(view);
    if (answer.mode === 'newMessage') {
      await ctx.sendActivity({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Posted the full list below.' as never };
    }
    // The invoke answer replaces the card for the clicker; 'everyone' also updates the message itself.
    if (answer.mode === 'everyone' && ctx.activity.replyToId) {
      await ctx.updateActivity({ type: 'message', id: ctx.activity.replyToId, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }).catch(() => undefined);
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never };
  }
}
