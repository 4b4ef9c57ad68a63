import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { clickedRequestId, DefenderSlackBot } from '../../../src/bot/slack/slack-bot';
import { renderBlockKit } from '../../../src/cards/blockkit';
import type { ClickAnswer } from '../../../src/core/action-requests';
import type { ConversationService, TurnContext } from '../../../src/core/conversation';
import { MemorySeenSet } from '../../../src/shared-state/seen-set';
import { incidentView } from '../../cards/incident-fixtures';
import { blockActionsPayload } from '../../helpers/slack-payloads';

/*
 * A pick in a select menu is a click: the incident message's resolve menu (renderBlockKit) carries the verb in its
 * action_id and each determination's request id as an option value, and the adapter hands the core that verb and the
 * picked option's request id, exactly as it does for a button.
 */

const RESPONDER = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };

/** Bolt's receiver contract, fed directly: no HTTP, no signature (the gate still reads the sender from the body). */
class DirectReceiver implements Receiver {
  private app?: App;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async deliver(body: Record<string, unknown>): Promise<void> {
    const event: ReceiverEvent = { body, ack: async () => undefined };
    await this.app!.processEvent(event);
  }
}

type Json = Record<string, unknown>;

describe('Slack select menus', () => {
  const receiver = new DirectReceiver();
  const clicks: Array<{ verb: unknown; data: Json; actor: unknown }> = [];
  const view = incidentView({ demo: false });
  const answer: ClickAnswer = { view, mode: 'shown' };
  const conversation = {
    handleButton: async (ctx: TurnContext, verb: unknown, data: unknown) => {
      clicks.push({ verb, data: data as Json, actor: ctx.actor });
      return answer;
    },
  } as unknown as ConversationService;
  const bot = new DefenderSlackBot({
    conversation,
    receiver,
    botToken: 'xoxb-test-token',
    // Never called: a 'shown' answer on a message everyone sees needs no update.
    client: new WebClient('xoxb-test-token', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } }),
    command: '/defender',
    allowedTeams: ['T0DEMO'],
    seen: new MemorySeenSet(),
  });

  beforeEach(() => {
    clicks.length = 0;
  });

  const message = renderBlockKit(view);
  const select = message.blocks
    .flatMap((block) => (block.type === 'actions' ? (block.elements as unknown as Json[]) : []))
    .find((element) => element.type === 'static_select') as Json & { action_id: string; option_groups: Array<{ label: Json; options: Json[] }> };

  /** A block_actions body as Slack sends it for a pick in `select`. */
  function pick(option: Json | undefined): Json {
    const body = blockActionsPayload(
      'https://hooks.slack.invalid/actions/1',
      RESPONDER,
      { blocks: message.blocks },
      { actionId: select.action_id, value: undefined },
    );
    const action = {
      type: 'static_select',
      action_id: select.action_id,
      block_id: 'b',
      ...(option === undefined ? {} : { selected_option: option }),
      placeholder: select.placeholder,
      action_ts: '1750000000.000200',
    };
    return { ...body, actions: [action] };
  }

  it('is on the incident message: the resolve menu, a group per classification, the determinations as options', () => {
    expect(select.action_id).toMatch(/^dc:triage:\d+$/);
    const resolve = view.triage!.resolve;
    expect(select.option_groups.map((group) => (group.label as { text: string }).text)).toEqual(resolve.map((group) => group.title));
    expect(select.option_groups.map((group) => group.options.map((option) => option.value))).toEqual(
      resolve.map((group) => group.buttons.map((button) => button.requestId)),
    );
  });

  it('hands the core the verb of the action_id and the picked option value as requestId', async () => {
    const malware = view.triage!.resolve[0]!.buttons.find((button) => button.title === 'Malware')!;
    const option = select.option_groups[0]!.options.find((o) => o.value === malware.requestId)!;
    await receiver.deliver(pick(option));
    await bot.idle();
    expect(clicks).toHaveLength(1);
    expect(clicks[0]!.verb).toBe('triage');
    expect(clicks[0]!.data).toEqual({ requestId: malware.requestId });
    expect(clicks[0]!.actor).toMatchObject({ platform: 'slack' });
  });

  it('a button on the same message still sends its own value', async () => {
    const assign = view.triage!.assign!;
    const button = message.blocks
      .flatMap((block) => (block.type === 'actions' ? (block.elements as unknown as Json[]) : []))
      .find((element) => element.value === assign.requestId)!;
    const body = blockActionsPayload(
      'https://hooks.slack.invalid/actions/2',
      RESPONDER,
      { blocks: message.blocks },
      {
        actionId: String(button.action_id),
        value: assign.requestId,
      },
    );
    await receiver.deliver(body);
    await bot.idle();
    expect(clicks.map((click) => [click.verb, click.data])).toEqual([['triage', { requestId: assign.requestId }]]);
  });

  it('a select without a picked option carries no request id (the core refuses it)', async () => {
    await receiver.deliver(pick(undefined));
    await bot.idle();
    expect(clicks.map((click) => click.data)).toEqual([{ requestId: undefined }]);
  });
});

describe('clickedRequestId', () => {
  it("reads a button's value and a select's selected_option.value, nothing else", () => {
    expect(clickedRequestId({ type: 'button', value: 'r:abc.sig' })).toBe('r:abc.sig');
    expect(clickedRequestId({ type: 'static_select', selected_option: { value: 'r:def.sig' } })).toBe('r:def.sig');
    // A select's own `value` (Slack sends none) is not read; nor is a missing or null option.
    expect(clickedRequestId({ type: 'static_select', value: 'r:forged.sig' } as never)).toBeUndefined();
    expect(clickedRequestId({ type: 'static_select', selected_option: null })).toBeUndefined();
  });
});
