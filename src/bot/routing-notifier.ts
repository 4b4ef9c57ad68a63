import type { AnswerView } from '../cards/view-models';
import type { PostTarget, RequestNotifier } from '../core/action-requests';
import type { Mention } from '../core/mention';
import type { ActionRequest } from '../store/types';
import { parseSlackRef } from './slack/slack-conversation-ref';
import { ConversationGoneError, MessageGoneError } from '../core/conversation-gone';

/**
 * Slack's error codes for a channel the bot cannot post in any more (docs.slack.dev/reference/methods/chat.postMessage).
 * Token errors (invalid_auth, token_revoked, account_inactive) are the whole workspace's, not one channel's: they are
 * retried, never read as "removed".
 */
const SLACK_GONE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
/** Slack's codes for a message that is gone (chat.update). */
const SLACK_MESSAGE_GONE = new Set(['message_not_found', 'cant_update_message']);
/** Bot Framework's codes when the bot was removed from a team, chat or channel, or the conversation no longer exists. */
const TEAMS_GONE = new Set(['BotNotInConversationRoster', 'ConversationNotFound']);

/**
 * A platform refusal in the core's words: the bot was removed from the conversation (ConversationGoneError), the card
 * to update was deleted (MessageGoneError, updates only: Teams answers a deleted message's update with a bare 403 or
 * 404, BotFramework-Services issue 269), or anything else as it was (retried).
 */
export function translateRefusal(err: unknown, updating: boolean): never {
  const e = err as { data?: { error?: unknown }; statusCode?: unknown; code?: unknown; details?: { error?: { code?: unknown } }; body?: unknown };
  const slack = typeof e?.data?.error === 'string' ? e.data.error : undefined;
  if (slack && SLACK_GONE.has(slack)) throw new ConversationGoneError(`Slack answered ${slack}`);
  if (slack && updating && SLACK_MESSAGE_GONE.has(slack)) throw new MessageGoneError(`Slack answered ${slack}`);
  const teamsCode = [e?.code, e?.details?.error?.code, (e?.body as { error?: { code?: unknown } } | undefined)?.error?.code].find((c) => typeof c === 'string');
  if (typeof teamsCode === 'string' && TEAMS_GONE.has(teamsCode)) throw new ConversationGoneError(`Teams answered ${teamsCode}`);
  if (updating && (e?.statusCode === 403 || e?.statusCode === 404))
    throw new MessageGoneError(`Teams answered ${String(e.statusCode)}${teamsCode ? ` ${teamsCode}` : ''}`);
  throw err;
}

/** Request cards go back to the platform the request came from. */
export class RoutingNotifier implements RequestNotifier {
  constructor(private readonly byPlatform: { teams?: RequestNotifier; slack?: RequestNotifier }) {}

  private pick(request: PostTarget): RequestNotifier {
    const platform = parseSlackRef(request.conversationRef) ? 'slack' : 'teams';
    const notifier = this.byPlatform[platform];
    if (!notifier) throw new Error(`${platform} is not enabled on this bot, so the request's card cannot be updated`);
    return notifier;
  }

  post(request: PostTarget, view: AnswerView): Promise<string | undefined> {
    return this.pick(request)
      .post(request, view)
      .catch((err: unknown) => translateRefusal(err, false));
  }

  update(request: PostTarget, view: AnswerView): Promise<void> {
    return this.pick(request)
      .update(request, view)
      .catch((err: unknown) => translateRefusal(err, true));
  }

  async announce(request: ActionRequest, text: string, mentions: Mention[]): Promise<void> {
    await this.pick(request).announce?.(request, text, mentions);
  }
}
