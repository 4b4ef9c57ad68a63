import type { WebClient } from '@slack/web-api';
import { renderBlockKit } from '../../cards/blockkit';
import { mrkdwnText } from '../../cards/blockkit/mrkdwn';
import type { AnswerView } from '../../cards/view-models';
import type { Replier } from '../../core/conversation';
import type { PostTarget, RequestNotifier } from '../../core/action-requests';
import type { Mention } from '../../core/mention';
import type { ActionRequest } from '../../store/types';
import { parseSlackRef } from './slack-conversation-ref';

/** Slack errors that mean "the bot cannot post here", with what the person should do. */
export function postingAdvice(err: unknown): string | undefined {
  const code = (err as { data?: { error?: string } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found')
    return 'I am not in this channel: invite me with /invite @Defender, or send me a direct message.';
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
    const posted = await this.client.chat.postMessage({
      channel: this.channel,
      thread_ts: this.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return posted.ts;
  }

  async update(messageId: string, view: AnswerView): Promise<void> {
    const message = renderBlockKit(view);
    await this.client.chat.update({ channel: this.channel, ts: messageId, text: message.text, blocks: message.blocks });
  }
}

/** Slack ids as Slack writes them: users U... or W... (Enterprise Grid), user groups S... */
const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const GROUP_ID = /^S[A-Z0-9]{2,30}$/;
/** More people than this in one message is a configuration mistake, not a notification. */
const MAX_MENTIONS = 50;
const ANNOUNCE_TEXT_MAX = 3000;

/**
 * Mentions as Slack mrkdwn: <@U123> for a person, <!subteam^S123> for a user group
 * (api.slack.com/reference/surfaces/formatting, "Mentioning users" and "Mentioning groups"). Only well-formed
 * Slack ids are written, once each; anything else (a Teams mention, an id with markup in it) is left out.
 */
export function slackMentions(mentions: readonly Mention[]): string[] {
  const tags = new Set<string>();
  for (const m of mentions) {
    if (tags.size >= MAX_MENTIONS) break;
    if (m.platform !== 'slack' || typeof m.id !== 'string') continue;
    if (m.kind === 'user' && USER_ID.test(m.id)) tags.add(`<@${m.id}>`);
    if (m.kind === 'group' && GROUP_ID.test(m.id)) tags.add(`<!subteam^${m.id}>`);
  }
  return [...tags];
}

/** Posts and updates a request's card in the Slack conversation it came from (approvals, live status). */
export class SlackRequestNotifier implements RequestNotifier {
  constructor(private readonly client: WebClient) {}

  private replier(request: PostTarget): SlackReplier {
    const ref = parseSlackRef(request.conversationRef);
    if (!ref) throw new Error('the request has no Slack conversation to post to');
    return new SlackReplier(this.client, ref.channel, ref.threadTs);
  }

  post(request: PostTarget, view: AnswerView): Promise<string | undefined> {
    return this.replier(request).send(view);
  }

  async update(request: PostTarget, view: AnswerView): Promise<void> {
    const replier = this.replier(request);
    if (request.messageId) await replier.update(request.messageId, view);
    else await replier.send(view);
  }

  /**
   * A short message in the request's thread (or channel) that mentions the approvers, so Slack notifies them. The
   * text is the core's, with untrusted parts in it: escaped, so it cannot mention or link anyone itself.
   */
  async announce(request: ActionRequest, text: string, mentions: Mention[]): Promise<void> {
    const ref = parseSlackRef(request.conversationRef);
    if (!ref) throw new Error('the request has no Slack conversation to post to');
    const message = [...slackMentions(mentions), mrkdwnText(text, ANNOUNCE_TEXT_MAX)].filter((part) => part !== '').join(' ');
    if (message === '') return;
    // parse none, link_names off: only the mentions written above notify anyone.
    await this.client.chat.postMessage({
      channel: ref.channel,
      thread_ts: ref.threadTs,
      text: message,
      parse: 'none',
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}
