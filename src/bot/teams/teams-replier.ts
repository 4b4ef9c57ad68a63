import { ActivityTypes, CardFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { renderAdaptiveCard } from '../../cards/adaptive';
import type { AnswerView } from '../../cards/view-models';
import type { Replier } from '../../core/conversation';
import type { Mention } from '../../core/mention';
import type { ActionRequest } from '../../store/types';
import { mentionCard } from './mention-card';

export function cardActivity(view: AnswerView) {
  return {
    type: ActivityTypes.Message,
    attachments: [CardFactory.adaptiveCard(renderAdaptiveCard(view))],
  };
}

/**
 * Answers in a Teams conversation outside the incoming request, so the request is acknowledged at once and a slow
 * lookup never makes Teams time out and redeliver the message.
 */
export class TeamsReplier implements Replier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly reference: Partial<ConversationReference>,
  ) {}

  private async withTurn<T>(work: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let result: T | undefined;
    let failure: { error: unknown } | undefined;
    // The adapter's onTurnError would swallow a failure here; it is carried out instead, so the core can still answer.
    await this.adapter.continueConversationAsync(this.botAppId, this.reference, async (ctx) => {
      try {
        result = await work(ctx);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return result as T;
  }

  typing(): Promise<void> {
    return this.withTurn((ctx) => new InTurnReplier(ctx).typing());
  }

  send(view: AnswerView): Promise<string | undefined> {
    return this.withTurn((ctx) => new InTurnReplier(ctx).send(view));
  }

  update(messageId: string, view: AnswerView): Promise<void> {
    return this.withTurn((ctx) => new InTurnReplier(ctx).update(messageId, view));
  }
}

/** Answers inside the incoming turn (adapters that cannot continue a conversation later, such as TestAdapter). */
export class InTurnReplier implements Replier {
  constructor(private readonly ctx: TurnContext) {}

  async typing(): Promise<void> {
    await this.ctx.sendActivity({ type: ActivityTypes.Typing });
  }

  async send(view: AnswerView): Promise<string | undefined> {
    return (await this.ctx.sendActivity(cardActivity(view)))?.id;
  }

  async update(messageId: string, view: AnswerView): Promise<void> {
    await this.ctx.updateActivity({ ...cardActivity(view), id: messageId });
  }
}

/** Posts and updates a request's card in the conversation it came from, outside any turn (approvals, status). */
export class TeamsRequestNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  private reference(conversationRef: string | undefined): Partial<ConversationReference> {
    if (!conversationRef) throw new Error('the request has no conversation to post to');
    return JSON.parse(conversationRef) as Partial<ConversationReference>;
  }

  async post(request: { conversationRef?: string }, view: AnswerView): Promise<string | undefined> {
    return new TeamsReplier(this.adapter, this.botAppId, this.reference(request.conversationRef)).send(view);
  }

  async update(request: { conversationRef?: string; messageId?: string }, view: AnswerView): Promise<void> {
    const replier = new TeamsReplier(this.adapter, this.botAppId, this.reference(request.conversationRef));
    if (request.messageId) await replier.update(request.messageId, view);
    else await replier.send(view);
  }

  /** A message that @mentions people (approvers), so their Teams clients notify them. */
  async announce(request: ActionRequest, text: string, mentions: Mention[]): Promise<void> {
    const people = mentions.filter((m): m is Extract<Mention, { platform: 'teams' }> => m.platform === 'teams');
    if (people.length === 0) return;
    await this.adapter.continueConversationAsync(this.botAppId, this.reference(request.conversationRef), async (ctx) => {
      await ctx.sendActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(mentionCard(text, people))] });
    });
  }
}
