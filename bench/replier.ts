import type { AnswerView } from '../src/cards/view-models';
import type { Replier } from '../src/core/conversation';
import type { Render } from './renderers';

/** A channel adapter's replier without the channel: every view is rendered as a card, only the last one is kept. */
export class RenderingReplier implements Replier {
  last?: AnswerView;
  sends = 0;
  updates = 0;

  constructor(private readonly render: Render) {}

  async typing(): Promise<void> {}

  async send(view: AnswerView): Promise<string | undefined> {
    this.render(view);
    this.last = view;
    return `message-${++this.sends}`;
  }

  async update(_messageId: string, view: AnswerView): Promise<void> {
    this.render(view);
    this.last = view;
    this.updates++;
  }
}
