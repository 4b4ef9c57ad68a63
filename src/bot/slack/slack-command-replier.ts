import type { WebClient } from '@slack/web-api';
import { renderBlockKit } from '../../cards/blockkit';
import type { AnswerView } from '../../cards/view-models';
import type { Replier } from '../../core/conversation';
import { postingAdvice, SlackReplier } from './slack-replier';

type Respond = (message: Record<string, unknown>) => Promise<unknown>;

const EPHEMERAL = 'ephemeral';

/**
 * Answers a slash command in its channel. Where the bot is not a member (a slash command works anywhere), the answer
 * is shown to the person alone through the command's response_url, with how to invite the bot.
 */
export class SlackCommandReplier implements Replier {
  private readonly channelReplier: SlackReplier;
  private adviceShown = false;

  constructor(
    client: WebClient,
    channel: string,
    private readonly respond: Respond,
    private readonly log?: (message: string) => void,
  ) {
    this.channelReplier = new SlackReplier(client, channel);
  }

  async typing(): Promise<void> {}

  async send(view: AnswerView): Promise<string | undefined> {
    try {
      return await this.channelReplier.send(view);
    } catch (err) {
      const advice = postingAdvice(err);
      if (!advice) throw err;
      this.log?.(`slash command answered privately: ${advice}`);
      await this.privately(view, false, advice);
      return EPHEMERAL;
    }
  }

  async update(messageId: string, view: AnswerView): Promise<void> {
    if (messageId === EPHEMERAL) return this.privately(view, true);
    await this.channelReplier.update(messageId, view);
  }

  private async privately(view: AnswerView, replace: boolean, advice?: string): Promise<void> {
    const message = renderBlockKit(view);
    const note =
      advice && !this.adviceShown && message.blocks.length < 50
        ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Only you can see this. ${advice}` }] }]
        : [];
    if (advice) this.adviceShown = true;
    await this.respond({ response_type: 'ephemeral', replace_original: replace, text: message.text, blocks: [...message.blocks, ...note] });
  }
}
