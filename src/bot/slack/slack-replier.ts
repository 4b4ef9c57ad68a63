import type { WebClient } from '@slack/web-api';
import { renderBlockKit } from '../../cards/blockkit';
import type { AnswerView } from '../../cards/view-models';
import type { Replier } from '../../core/conversation';
import type { RequestNotifier } from '../../core/action-requests';
import type { ActionRequest } from '../../store/types';
import { parseSlackRef } from './slack-conversation-ref';

/** Slack errors that mean "the bot cannot post here", with what the person should do. */
export function postingAdvice(err: unknown): string | undefined {
  const code = (err as { data?: { error?: string } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found') return 'I am not in this channel: invite me with /invite @Defender, or send me a direct message.';
  if (code === 'is_archived') return 'This channel is archived.';
  return undefined;
}

/**
 * Posts answers with chat.postMessage and replaces them with chat.update (the message id is its ts). Slack has no typing
 * indicator for bots; the core's progress message stands in for it.
 */
export class SlackReplier implements Replier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string,
    private readonly threadTs?: string,
  ) {}

  async typing(): Promise<void> {}

  async send(view: AnswerView): Promise<string | undefined> {
    const message = renderBlockKit(view);
    const posted = await this.client.chat.postMessage({ channel: this.channel, thread_ts: this.threadTs, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    return posted.ts;
  }

  async update(messageId: string, view: AnswerView): Promise<void> {
    const message = renderBlockKit(view);
    await this.client.chat.update({ channel: this.channel, ts: messageId, text: message.text, blocks: message.blocks });
  }
}

/** Posts and updates a request's card in the Slack conversation it came from (approvals, live status). */
export class SlackRequestNotifier implements RequestNotifier {
  constructor(private readonly client: WebClient) {}

  private replier(request: ActionRequest): SlackReplier {
    const ref = parseSlackRef(request.conversationRef);
    if (!ref) throw new Error('the request has no Slack conversation to post to');
    return new SlackReplier(this.client, ref.channel, ref.threadTs);
  }

  post(request: ActionRequest, view: AnswerView): Promise<string | undefined> {
    return this.replier(request).send(view);
  }

  async update(request: ActionRequest, view: AnswerView): Promise<void> {
    const replier = this.replier(request);
    if (request.messageId) await replier.update(request.messageId, view);
    else await replier.send(view);
  }
}
