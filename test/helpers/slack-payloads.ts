/**
 * Requests as Slack sends them to the bot's /slack/events, one builder per kind: an app_mention event, a direct
 * message event, a slash command form, a block_actions click, a view_submission and a view_closed. Each returns the
 * body itself; the caller sends it as Slack does: events as `{ json }`, the slash command as `{ form }`, interactions
 * as the form field `payload` (`interaction()` of fake-slack-api.ts).
 *
 * Every request carries a number from one counter (event id, ts, trigger id, view hash), so no two bodies are alike:
 * the bot drops a body it has already seen (the same signature) as a replay.
 */

/** A person as Slack names them in a request. */
export interface SlackUser {
  id: string;
  username: string;
  team_id: string;
  /** The Enterprise Grid org of the user's workspace, where there is one. */
  enterprise_id?: string;
}

/** An event names its sender by id and workspace only. */
export type SlackEventSender = Pick<SlackUser, 'id' | 'team_id' | 'enterprise_id'>;

/** Where response_url points: that URL, or the fake Slack (FakeSlackApi) that makes one for each request. */
export type ResponseUrlSource = string | { responseUrl(id: string): string };

/** The channel the requests come from unless told otherwise. */
export const DEFAULT_CHANNEL = 'C0SOC';
/** The channel of a direct message with the bot. */
export const DM_CHANNEL = 'D0DIRECT';
const APP_ID = 'A0DEFENDER';
const VERIFICATION_TOKEN = 'legacy-verification-token';
const BOT_USER_ID = 'UBOT';
const BOT_ID = 'BBOT';

let counter = 0;
const next = (): number => ++counter;
/** A message ts of its own for request `n`. */
const tsFor = (n: number): string => `${1_750_000_000 + n}.000100`;
const triggerFor = (n: number): string => `${n}.trigger`;
const responseUrlOf = (source: ResponseUrlSource, id: string): string => (typeof source === 'string' ? source : source.responseUrl(id));

/** The Events API body around an event. */
export interface EventCallback<E> {
  token: string;
  team_id: string;
  enterprise_id?: string;
  api_app_id: string;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: { team_id: string; enterprise_id?: string; user_id: string; is_bot: boolean; is_enterprise_install?: boolean }[];
  /** Whether the channel is shared with another organisation (Slack Connect). */
  is_ext_shared_channel: boolean;
  context_team_id?: string;
  context_enterprise_id?: string;
  event: E;
}

/** The event inside: its ts, channel and whatever else the builder or the caller put there. */
export interface SlackEvent {
  type: string;
  ts: string;
  event_ts: string;
  channel: string;
  [field: string]: unknown;
}

export interface EventOptions {
  /** Default DEFAULT_CHANNEL (an app_mention) or DM_CHANNEL (a direct message). */
  channel?: string;
  /** Fields of the event added or replaced (thread_ts, subtype, bot_id, a user of the wrong type ...). */
  event?: Record<string, unknown>;
}

function eventCallback(user: SlackEventSender, n: number, event: SlackEvent): EventCallback<SlackEvent> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: user.team_id,
    ...(user.enterprise_id ? { enterprise_id: user.enterprise_id } : {}),
    api_app_id: APP_ID,
    type: 'event_callback',
    event_id: `Ev${String(n).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        team_id: user.team_id,
        ...(user.enterprise_id ? { enterprise_id: user.enterprise_id } : {}),
        user_id: BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event,
  };
}

/** The workspace (and org) that installed the app: what Slack puts in the envelope of every event it delivers. */
export interface SlackInstallation {
  team_id: string;
  enterprise_id?: string;
}

export interface SlackConnectOptions extends EventOptions {
  /** Leave event.user_team out (and the author's profile): only the installation's ids remain. */
  withoutUserTeam?: boolean;
}

/**
 * An app_mention in a Slack Connect channel, as the installation receives it: the envelope (team_id, enterprise_id,
 * authorizations, context_team_id) names the installing organisation, the event names the author and their own
 * workspace (user_team, user_profile.team); event.team is set to the installing workspace, the worst case for a bot
 * that would read it.
 */
export function slackConnectMentionEvent(
  installation: SlackInstallation,
  author: SlackEventSender,
  text: string,
  options: SlackConnectOptions = {},
): EventCallback<SlackEvent> {
  const n = next();
  const ts = tsFor(n);
  const org = installation.enterprise_id ? { enterprise_id: installation.enterprise_id } : {};
  const own = options.withoutUserTeam
    ? {}
    : { user_team: author.team_id, user_profile: { name: 'guest', first_name: 'Guest', real_name: 'Guest', display_name: 'guest', team: author.team_id } };
  return {
    token: VERIFICATION_TOKEN,
    team_id: installation.team_id,
    ...org,
    api_app_id: APP_ID,
    type: 'event_callback',
    event_id: `Ev${String(n).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: installation.team_id, ...org, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: true,
    context_team_id: installation.team_id,
    ...(installation.enterprise_id ? { context_enterprise_id: installation.enterprise_id } : {}),
    event: {
      type: 'app_mention',
      user: author.id,
      text: `<@${BOT_USER_ID}> ${text}`,
      ts,
      channel: options.channel ?? DEFAULT_CHANNEL,
      event_ts: ts,
      team: installation.team_id,
      source_team: author.team_id,
      ...own,
      ...options.event,
    },
  };
}

/** An Events API app_mention: `user` writes "@bot `text`" in a channel. */
export function appMentionEvent(user: SlackEventSender, text: string, options: EventOptions = {}): EventCallback<SlackEvent> {
  const n = next();
  const ts = tsFor(n);
  const channel = options.channel ?? DEFAULT_CHANNEL;
  return eventCallback(user, n, {
    type: 'app_mention',
    user: user.id,
    text: `<@${BOT_USER_ID}> ${text}`,
    ts,
    channel,
    event_ts: ts,
    team: user.team_id,
    ...options.event,
  });
}

/** An Events API message in the direct message with the bot (channel_type im). */
export function directMessageEvent(user: SlackEventSender, text: string, options: EventOptions = {}): EventCallback<SlackEvent> {
  const n = next();
  const ts = tsFor(n);
  const channel = options.channel ?? DM_CHANNEL;
  return eventCallback(user, n, { type: 'message', channel_type: 'im', channel, user: user.id, text, ts, event_ts: ts, team: user.team_id, ...options.event });
}

export interface SlashCommandOptions {
  channel?: string;
  triggerId?: string;
  /** Form fields added or replaced. */
  fields?: Record<string, string>;
}

/** `/defender text` as Slack posts it (the fields of a form-encoded body). */
export function slashCommandForm(respondTo: ResponseUrlSource, user: SlackUser, text: string, options: SlashCommandOptions = {}): Record<string, string> {
  const n = next();
  return {
    token: VERIFICATION_TOKEN,
    team_id: user.team_id,
    ...(user.enterprise_id ? { enterprise_id: user.enterprise_id } : {}),
    team_domain: 'contoso',
    channel_id: options.channel ?? DEFAULT_CHANNEL,
    channel_name: 'soc',
    user_id: user.id,
    user_name: user.username,
    command: '/defender',
    text,
    api_app_id: APP_ID,
    response_url: responseUrlOf(respondTo, `command-${n}`),
    trigger_id: options.triggerId ?? triggerFor(n),
    ...options.fields,
  };
}

/** Who sent an interaction, as every interaction payload carries it. */
function interactionFrom(type: string, user: SlackUser) {
  return {
    type,
    team: { id: user.team_id, domain: 'contoso', ...(user.enterprise_id ? { enterprise_id: user.enterprise_id, enterprise_name: 'Contoso Grid' } : {}) },
    ...(user.enterprise_id ? { enterprise: { id: user.enterprise_id, name: 'Contoso Grid' } } : {}),
    user: { id: user.id, username: user.username, name: user.username, team_id: user.team_id },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
  };
}

/** The message a button was clicked on; without a ts (a string) it gets one of its own. */
export interface ClickedMessage {
  ts?: unknown;
  thread_ts?: string;
  /** Default DEFAULT_CHANNEL. */
  channel?: string;
  text?: string;
  blocks?: unknown;
}

/** The button clicked: its action id and value (any type, for hostile values), and its block and label where known. */
export interface ClickedButton {
  actionId: string;
  value: unknown;
  blockId?: string;
  label?: string;
}

export interface BlockActionsOptions {
  /** The inputs of the message (state.values); default none. */
  state?: unknown;
  triggerId?: string;
}

/** A block_actions interaction: `user` clicks `button` on `message`. */
export function blockActionsPayload(
  respondTo: ResponseUrlSource,
  user: SlackUser,
  message: ClickedMessage,
  button: ClickedButton,
  options: BlockActionsOptions = {},
) {
  const n = next();
  const channel = message.channel ?? DEFAULT_CHANNEL;
  const ts = typeof message.ts === 'string' ? message.ts : tsFor(n);
  return {
    ...interactionFrom('block_actions', user),
    trigger_id: options.triggerId ?? triggerFor(n),
    response_url: responseUrlOf(respondTo, `click-${n}`),
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'soc' },
    message: {
      type: 'message',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      ts,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      text: message.text ?? 'card',
      blocks: message.blocks ?? [],
    },
    state: options.state ?? { values: {} },
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: button.blockId ?? 'b',
        ...(button.label !== undefined ? { text: { type: 'plain_text', text: button.label } } : {}),
        value: button.value,
        action_ts: tsFor(n),
      },
    ],
  };
}

/** state.values with each of `values` typed into the plain text input of that block id (its action id the same). */
export function textInputState(values: Record<string, string | undefined>): { values: Record<string, Record<string, unknown>> } {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [blockId, value] of Object.entries(values)) {
    if (value !== undefined) state[blockId] = { [blockId]: { type: 'plain_text_input', value } };
  }
  return { values: state };
}

/**
 * The modal's inputs filled in: each input block of `view` from `values` (by block id; a select with that option
 * value, else its initial option), and a value for a block the view does not have as a plain text input.
 */
function filledState(view: Record<string, unknown>, values: Record<string, string | undefined>): { values: Record<string, Record<string, unknown>> } {
  const inputs = ((view.blocks as Array<Record<string, unknown>> | undefined) ?? []).filter((b) => b.type === 'input');
  const rest = { ...values };
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of inputs) {
    const element = block.element as Record<string, unknown>;
    const blockId = String(block.block_id);
    const actionId = String(element.action_id);
    delete rest[blockId];
    if (element.type === 'plain_text_input') {
      state[blockId] = { [actionId]: { type: 'plain_text_input', value: values[blockId] ?? null } };
    } else if (element.type === 'static_select') {
      const options = (element.options as Array<{ value: string; text: unknown }>) ?? [];
      const chosen = options.find((o) => o.value === values[blockId]) ?? (element.initial_option as { value: string; text: unknown } | undefined) ?? null;
      state[blockId] = { [actionId]: { type: 'static_select', selected_option: chosen } };
    }
  }
  return { values: { ...textInputState(rest).values, ...state } };
}

/** The bot's confirmation modal (callback dc_confirm) as a submission carries it: only what the bot reads back. */
export function confirmModalView(privateMetadata: unknown): Record<string, unknown> {
  return { id: 'V1', type: 'modal', callback_id: 'dc_confirm', private_metadata: privateMetadata };
}

/** The view of a modal interaction: `view` as the bot opened it, with Slack's own fields and `state`. */
function submittedView(view: Record<string, unknown>, user: SlackUser, n: number, state: unknown): Record<string, unknown> {
  return { id: `V0${n}`, ...view, team_id: user.team_id, app_id: APP_ID, bot_id: BOT_ID, hash: `${n}.hash`, state };
}

/** A view_submission: `user` submits the modal `view` with `values` (by block id) in its inputs. */
export function viewSubmissionPayload(
  user: SlackUser,
  view: Record<string, unknown>,
  values: Record<string, string | undefined> = {},
  options: { triggerId?: string } = {},
) {
  const n = next();
  return {
    ...interactionFrom('view_submission', user),
    trigger_id: options.triggerId ?? triggerFor(n),
    view: submittedView(view, user, n, filledState(view, values)),
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** A view_closed: `user` closes the modal `view` (with notify_on_close) without submitting it. */
export function viewClosedPayload(user: SlackUser, view: Record<string, unknown>) {
  const n = next();
  return {
    ...interactionFrom('view_closed', user),
    view: submittedView(view, user, n, { values: {} }),
    is_cleared: false,
    is_enterprise_install: false,
  };
}
