import type { AnswerView } from '../cards/view-models';
import type { PostTarget, RequestNotifier } from '../core/action-requests';
import type { Mention } from '../core/mention';
import type { ActionRequest } from '../store/types';
import { parseSlackRef } from './slack/slack-conversation-ref';

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
    return this.pick(request).post(request, view);
  }

  update(request: PostTarget, view: AnswerView): Promise<void> {
    return this.pick(request).update(request, view);
  }

  async announce(request: ActionRequest, text: string, mentions: Mention[]): Promise<void> {
    await this.pick(request).announce?.(request, text, mentions);
  }
}
