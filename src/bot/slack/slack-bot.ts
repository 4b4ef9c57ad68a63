import { App, type Receiver } from '@slack/bolt';
import { boltLogger } from './bolt-logger';
import type { SeenSet } from '../../ports/shared-state';
import type { WebClient } from '@slack/web-api';
import { CHECKING_CALLBACK_ID, CONFIRM_CALLBACK_ID, readModalValues, renderBlockKit, renderConfirmModal, verbOfActionId } from '../../cards/blockkit';
import type { AnswerView, RequestView } from '../../cards/view-models';
import { isReason, type ClickAnswer } from '../../core/action-requests';
import type { TurnContext } from '../../core/conversation';
import type { ConversationPort } from '../../core/tenancy/tenant-router';
import { isActionName } from '../../core/actions';
import { newTurnId, withTurn } from '../../ops/logger';
import { slackRef } from './slack-conversation-ref';
import { CheckingModals, clickedSubject } from './checking-modal';
import { readSender, slackActor, teamAllowed, type SlackSender } from './slack-identity';
import { SlackCommandReplier } from './slack-command-replier';
import { SlackReplier } from './slack-replier';

export interface SlackBotOptions {
  conversation: ConversationPort;
  receiver: Receiver;
  botToken: string;
  /** The Web API client with the bot token (SLACK_API_URL applied). */
  client: WebClient;
  command: string;
  /** Workspaces allowed; empty: the bot token's own workspace (read with auth.test at start). */
  allowedTeams: string[];
  seen: SeenSet;
  log?: (message: string, level?: 'info' | 'warn') => void;
  onRefusal?: (reason: string) => void;
}

const REPLAY_TTL_MS = 10 * 60_000;
const EVENT_TTL_MS = 60 * 60_000;

interface ModalMeta {
  c: string;
  t?: string;
  r: string;
  a?: string;
}

/** The conversation a Slack channel stands for; buttons minted there are refused elsewhere. */
export const slackConversationId = (channel: string) => `slack:${channel}`;

/**
 * Translates Slack events, the slash command, button clicks and the confirmation modal to the core conversation and
 * back. It decides nothing itself: roles, approvals and audit live in the core.
 */
export class DefenderSlackBot {
  readonly app: App;
  private readonly pending = new Set<Promise<unknown>>();
  private allowed: string[];
  private botUserId?: string;
  private botId?: string;
  private teamId?: string;
  private readonly modals: CheckingModals;

  constructor(private readonly options: SlackBotOptions) {
    this.allowed = options.allowedTeams;
    this.modals = new CheckingModals(options.client, options.seen, options.log);
    this.app = new App({
      receiver: options.receiver,
      // The identity read once by auth.test in start(); Bolt's default would ask Slack again for every request.
      authorize: async () => ({ botToken: options.botToken, botId: this.botId, botUserId: this.botUserId, teamId: this.teamId }),
      clientOptions: { slackApiUrl: options.client.slackApiUrl },
      logger: boltLogger(options.log),
    });
    this.app.error(async (err) => options.log?.(`slack handler failed: ${err.message}`));
    this.app.use(async (args) => this.gate(args as unknown as GateArgs));
    this.register();
  }

  get client(): WebClient {
    return this.options.client;
  }

  /** Reads the bot's own identity and workspace; a bad token stops the start with the reason. */
  async start(): Promise<void> {
    let auth: { team_id?: string; user_id?: string; enterprise_id?: string; bot_id?: string };
    try {
      auth = await this.client.auth.test();
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
      throw new Error(`Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page`);
    }
    this.botUserId = auth.user_id;
    this.botId = auth.bot_id;
    this.teamId = auth.team_id;
    if (this.allowed.length === 0) this.allowed = [auth.enterprise_id, auth.team_id].filter((t): t is string => !!t);
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Runs a turn after Slack was answered; its log lines carry one turn id. */
  private background(work: () => Promise<unknown>): void {
    const p = withTurn(newTurnId(), work).catch((err: unknown) =>
      this.options.log?.(`slack answer failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /**
   * Replays, Slack's retries of events already handled, and people whose own workspace is not allowed (or cannot be
   * known: the installing organisation's ids in a Slack Connect channel say nothing about the sender) stop here.
   */
  private async gate({ body, context, next, ack }: GateArgs): Promise<void> {
    const drop = async (reason: string, text?: string, detail?: string) => {
      this.options.onRefusal?.(reason);
      this.options.log?.(`slack request dropped: ${reason}${detail ? ` (${detail})` : ''}`, 'info');
      if (ack) await ack(text ? ({ response_type: 'ephemeral', text } as never) : undefined);
    };
    // Timestamp and digest of a verified signature (slack-http.ts); absent in Socket Mode, which is not signed.
    const replayKey = typeof context.dcReplayKey === 'string' ? context.dcReplayKey : undefined;
    if (replayKey && !(await this.options.seen.firstTime(`slack-sig:${replayKey}`, REPLAY_TTL_MS))) return drop('replayed');
    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId && !(await this.options.seen.firstTime(`slack-event:${eventId}`, EVENT_TTL_MS))) return drop('retry_ignored');
    const read = readSender(body);
    if ('refusal' in read) {
      // A sender whose own workspace cannot be known is refused like one from a workspace that is not allowed, silently.
      if (read.refusal === 'unknown_team') return drop('foreign_team', undefined, "the request does not name the sender's own workspace");
      return drop(read.refusal);
    }
    if (!teamAllowed(read.sender, this.allowed)) return drop('foreign_team', 'This bot is not available to your workspace.');
    context.dcSender = read.sender;
    await next();
  }

  private register(): void {
    this.app.event('app_mention', async ({ event, context }) => {
      const sender = context.dcSender as SlackSender;
      const mention = this.botUserId ? new RegExp(`<@${this.botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
      const text = (event.text ?? '').replace(mention, '').trim();
      const thread = event.thread_ts ?? event.ts;
      this.background(() => this.text(sender, event.channel, thread, text));
    });

    this.app.message(async ({ message, context }) => {
      const m = message as { channel_type?: string; subtype?: string; bot_id?: string; text?: string; channel: string; thread_ts?: string };
      // Direct messages only; channel messages reach the bot as app_mention.
      if (m.channel_type !== 'im' || m.subtype || m.bot_id) return;
      this.background(() => this.text(context.dcSender as SlackSender, m.channel, m.thread_ts, m.text ?? ''));
    });

    this.app.command(this.options.command, async ({ command, ack, respond, context }) => {
      await ack();
      const sender = context.dcSender as SlackSender;
      const replier = new SlackCommandReplier(this.client, command.channel_id, respond, this.options.log);
      const ctx = { ...this.turn(sender, command.channel_id, undefined), replier };
      this.background(() => this.options.conversation.handleText(ctx, command.text ?? ''));
    });

    this.app.action(/^dc:/, async ({ ack, body, action, respond, context }) => {
      await ack();
      const sender = context.dcSender as SlackSender;
      const b = body as unknown as ClickBody;
      const a = action as ClickedAction;
      const verb = verbOfActionId(a.action_id) ?? '';
      const channel = b.channel?.id ?? b.container?.channel_id;
      if (!channel) return;
      const thread = b.message?.thread_ts;
      const data = { ...readModalValues(b.state), requestId: clickedRequestId(a) };
      const at: ClickPlace = {
        sender,
        channel,
        thread,
        triggerId: b.trigger_id,
        messageTs: b.message?.ts,
        ephemeral: b.container?.is_ephemeral === true,
        respond,
      };
      if (isActionName(verb) && at.triggerId) {
        // A response action is checked (role, device, pending actions) before it is confirmed, which may outlast the
        // trigger id: the modal opens now and is filled when the checks end.
        const triggerId = at.triggerId;
        this.background(async () => {
          const opening = this.modals.open(triggerId, { action: verb, subject: clickedSubject(b.message, a.action_id) });
          // The modal must not stay at "Checking..." whatever happens to the turn.
          const answer = await this.click(sender, channel, thread, verb, data).catch((err: unknown): ClickAnswer => {
            this.options.log?.(`slack click failed: ${err instanceof Error ? err.message : String(err)}`);
            return {
              mode: 'toast',
              view: {
                kind: 'message',
                demo: false,
                tone: 'error',
                title: 'The checks did not finish',
                text: 'Nothing was done. Try again; if it fails again, the bot log names the cause.',
              },
            };
          });
          await this.fillModal(await opening, answer, at);
        });
        return;
      }
      this.background(() => this.click(sender, channel, thread, verb, data).then((answer) => this.showClick(answer, at)));
    });

    this.app.view(CONFIRM_CALLBACK_ID, async ({ ack, view, context }) => {
      const meta = parseMeta(view.private_metadata);
      const values = readModalValues(view.state);
      if (!meta) return void (await ack());
      // Answered inside the modal (Slack allows it only in the acknowledgement); the core checks the reason again.
      if (!isReason(values.reason)) {
        await ack({ response_action: 'errors', errors: { reason: 'Say why: the reason goes into Defender and the audit.' } });
        return;
      }
      await ack();
      const sender = context.dcSender as SlackSender;
      this.background(() =>
        this.click(sender, meta.c, meta.t, 'confirm', { ...values, requestId: meta.r }).then(async (answer) => {
          // Approval and status cards are posted to the conversation by the core; only refusals go back to the person.
          if (answer.view.kind === 'message') await this.ephemeral(meta.c, meta.t, sender.userId, answer.view);
        }),
      );
    });

    this.app.view({ callback_id: CHECKING_CALLBACK_ID, type: 'view_closed' }, async ({ ack, view }) => {
      await ack();
      const id = typeof view.id === 'string' && view.id.length <= 100 ? view.id : undefined;
      if (id) this.background(() => this.modals.closed(id));
    });

    this.app.view({ callback_id: CONFIRM_CALLBACK_ID, type: 'view_closed' }, async ({ ack, view, context }) => {
      await ack();
      const meta = parseMeta(view.private_metadata);
      if (!meta?.a) return;
      this.background(() => this.click(context.dcSender as SlackSender, meta.c, meta.t, 'abandon', { requestId: meta.a }));
    });
  }

  private turn(sender: SlackSender, channel: string, thread: string | undefined): TurnContext {
    return {
      actor: slackActor(sender),
      conversationId: slackConversationId(channel),
      place: { platform: 'slack', teamId: sender.teamId, channelId: channel },
      replier: new SlackReplier(this.client, channel, thread),
      conversationRef: slackRef(channel, thread, sender.teamId),
      channelRef: slackRef(channel, undefined, sender.teamId),
      // "Assign to me" in Defender needs the person's sign-in name: their Slack e-mail (users:read.email).
      userPrincipalName: () =>
        this.client.users.info({ user: sender.userId }).then(
          (r) => r.user?.profile?.email || undefined,
          () => undefined,
        ),
    };
  }

  private text(sender: SlackSender, channel: string, thread: string | undefined, text: string): Promise<void> {
    return this.options.conversation.handleText(this.turn(sender, channel, thread), text);
  }

  private click(sender: SlackSender, channel: string, thread: string | undefined, verb: string, data: Record<string, unknown>): Promise<ClickAnswer> {
    return this.options.conversation.handleButton(this.turn(sender, channel, thread), verb, data);
  }

  private async showClick(answer: ClickAnswer, at: ClickPlace): Promise<void> {
    const { view, mode } = answer;
    if (view.kind === 'request' && view.stage === 'confirm' && at.triggerId && (await this.openConfirm(view, at))) return;
    // The core already updated the request's own card for everyone; only an ephemeral copy the person clicked is replaced.
    if (mode === 'shown' && !at.ephemeral) return;
    if (mode === 'toast' || mode === 'clicker' || view.kind === 'message') {
      await this.ephemeral(at.channel, at.thread, at.sender.userId, view, at.respond);
      return;
    }
    // A request's own card was already updated for everyone by the core (the notifier); a second update could only
    // race a newer status.
    if (view.kind === 'request' && !at.ephemeral) return;
    const message = renderBlockKit(view);
    if (mode === 'newMessage') {
      await this.client.chat.postMessage({
        channel: at.channel,
        thread_ts: at.thread ?? at.messageTs,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
      return;
    }
    if (at.ephemeral || !at.messageTs) await at.respond({ replace_original: true, text: message.text, blocks: message.blocks });
    else await this.client.chat.update({ channel: at.channel, ts: at.messageTs, text: message.text, blocks: message.blocks });
  }

  /** The checking modal filled with the answer; without a modal (Slack refused to open it), the answer as before. */
  private async fillModal(opened: { id: string; hash?: string } | undefined, answer: ClickAnswer, at: ClickPlace): Promise<void> {
    const inConversation = { ...at, triggerId: undefined };
    if (!opened) return this.showClick(answer, inConversation);
    await this.modals.fill(opened, answer.view, {
      confirmMeta: (view) => confirmMeta(view, at),
      abandon: (token) => this.click(at.sender, at.channel, at.thread, 'abandon', { requestId: token }),
      fallback: () => this.showClick(answer, inConversation),
    });
  }

  /** The reason (and isolation or scan type) are asked in a modal; closing it abandons the request. */
  private async openConfirm(view: RequestView, at: ClickPlace): Promise<boolean> {
    const meta = confirmMeta(view, at);
    if (meta === undefined) return false;
    try {
      await this.client.views.open({ trigger_id: at.triggerId!, view: renderConfirmModal(view, meta) });
      return true;
    } catch (err) {
      // A trigger id lives 3 seconds; past that the confirmation is shown in the channel with its inputs instead.
      this.options.log?.(`views.open failed: ${(err as { data?: { error?: string } }).data?.error ?? (err as Error).message}`);
      return false;
    }
  }

  private async ephemeral(channel: string, thread: string | undefined, user: string, view: AnswerView, respond?: Respond): Promise<void> {
    const message = renderBlockKit(view);
    if (respond) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
      return;
    }
    await this.client.chat.postEphemeral({ channel, user, thread_ts: thread, text: message.text, blocks: message.blocks });
  }
}

type Respond = (message: Record<string, unknown>) => Promise<unknown>;

interface GateArgs {
  body: Record<string, unknown>;
  context: Record<string, unknown>;
  next: () => Promise<void>;
  ack?: (response?: unknown) => Promise<void>;
}

interface ClickBody {
  channel?: { id?: string };
  container?: { channel_id?: string; is_ephemeral?: boolean };
  message?: { ts?: string; thread_ts?: string; blocks?: unknown };
  trigger_id?: string;
  state?: unknown;
}

/** A button (its value) or a select menu of buttons (the picked option's value); both carry a request id. */
interface ClickedAction {
  type?: string;
  action_id?: string;
  value?: unknown;
  selected_option?: { value?: unknown } | null;
}

/** The request id a click carries: a button's value, or the value of the option picked in a select (renderBlockKit's selectElement). */
export function clickedRequestId(action: ClickedAction): unknown {
  if (action.type === 'static_select') return action.selected_option?.value;
  return action.value;
}

interface ClickPlace {
  sender: SlackSender;
  channel: string;
  thread?: string;
  triggerId?: string;
  messageTs?: string;
  ephemeral: boolean;
  respond: Respond;
}

/** The confirmation modal's private_metadata: where it was asked and its request ids (signed); none without Confirm. */
function confirmMeta(view: RequestView, at: { channel: string; thread?: string }): string | undefined {
  const confirm = view.buttons.find((b) => b.verb === 'confirm');
  if (!confirm) return undefined;
  const meta: ModalMeta = { c: at.channel, t: at.thread, r: confirm.requestId, a: view.buttons.find((b) => b.verb === 'abandon')?.requestId };
  return JSON.stringify(meta);
}

function parseMeta(text: unknown): ModalMeta | undefined {
  if (typeof text !== 'string' || text.length > 3000) return undefined;
  try {
    const m = JSON.parse(text) as Partial<ModalMeta>;
    if (typeof m.c !== 'string' || !/^[CDG][A-Z0-9]{2,20}$/.test(m.c) || typeof m.r !== 'string') return undefined;
    return { c: m.c, t: typeof m.t === 'string' ? m.t : undefined, r: m.r, a: typeof m.a === 'string' ? m.a : undefined };
  } catch {
    return undefined;
  }
}
