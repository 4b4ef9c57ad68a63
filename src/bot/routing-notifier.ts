import type { AnswerView } from '../cards/view-models';
import type { PostTarget, RequestNotifier } from '../core/action-requests';
import type { Mention } from '../core/mention';
import type { ActionRequest } from '../store/types';
import { parseSlackRef } from './slack/slack-conversation-ref';
import { ConversationGoneError } from '../core/conversation-gone';

/** Slack's error codes for a conversation the bot cannot post in any more (docs.slack.dev/reference/methods/chat.postMessage). */
const SLACK_GONE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'team_access_revoked', 'account_inactive', 'invalid_auth', 'token_revoked']);
/** Bot Framework's codes when the bot was removed from a team, chat or channel, or the conversation no longer exists. */
const TEAMS_GONE = new Set(['BotNotInConversationRoster', 'ConversationNotFound', 'BotDisabledByAdmin']);

/** A platform refusal that means the bot was removed, as ConversationGoneError; anything else as it was. */
export function rethrowGone(err: unknown): never {
  const e = err as { data?: { error?: unknown }; statusCode?: unknown; code?: unknown; details?: { error?: { code?: unknown } }; body?: unknown };
  const slack = typeof e?.data?.error === 'string' ? e.data.error : undefined;
  if (slack && SLACK_GONE.has(slack)) throw new ConversationGoneError(`Slack answered ${slack}`);
  const teamsCode = [e?.code, e?.details?.error?.code, (e?.body as { error?: { code?: unknown } } | undefined)?.error?.code].find((c) => typeof c === 'string');
  if (typeof teamsCode === 'string' && TEAMS_GONE.has(teamsCode)) throw new ConversationGoneError(`Teams answered ${teamsCode}`);
  if (e?.statusCode === 403 || e?.statusCode === 404) throw new ConversationGoneError(`Teams answered ${String(e.statusCode)}`);
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
    return this.pick(request).post(request, view).catch(rethrowGone);
  }

  update(request: PostTarget, view: AnswerView): Promise<void> {
    return this.pick(request).update(request, view).catch(rethrowGone);
  }

  async announce(request: ActionRequest, text: string, mentions: Mention[]): Promise<void> {
    await this.pick(request).announce?.(request, text, mentions);
  }
}
