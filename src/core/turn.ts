import type { AnswerView } from '../cards/view-models';
import type { Conversation } from '../config/bindings';
import type { Actor } from './actor';

/** How a channel adapter answers: send a view, replace it later, show that work is under way. */
export interface Replier {
  typing(): Promise<void>;
  send(view: AnswerView): Promise<string | undefined>;
  update(messageId: string, view: AnswerView): Promise<void>;
}

/** One incoming message or click, as the adapter authenticated it, and how to answer in its conversation. */
export interface TurnContext {
  actor: Actor;
  conversationId: string;
  /** Where the turn happened, as tenant bindings name it (Teams tenant, team, channel, chat; Slack workspace, channel). */
  place?: Conversation;
  replier: Replier;
  /** Platform data to reach this conversation later (JSON), stored with action requests. */
  conversationRef?: string;
  /**
   * Platform data to post a new top-level message in this conversation, not in the thread the turn came from
   * (incident subscriptions post there). Absent: conversationRef.
   */
  channelRef?: string;
  /** The platform shows one person their own view of a shared card (Teams refresh): see RequestContext. */
  personalViews?: boolean;
  /** The person's sign-in name (UPN or e-mail) as the platform knows it, read when needed (Assign to me). */
  userPrincipalName?: () => Promise<string | undefined>;
}
