import type { Actor } from '../../core/actor';

/** Who sent a Slack request and from which workspace, read from the verified body only. */
export interface SlackSender {
  userId: string;
  /** The person's own workspace (in a shared channel it can differ from the channel's and the installation's). */
  teamId: string;
  /** The person's own Enterprise Grid org, when the body shows it. */
  enterpriseId?: string;
  name?: string;
}

/** Why a request names no sender the bot can decide on: no user at all, or no workspace of the person's own. */
export type SenderRefusal = 'no_user' | 'unknown_team';

export type SenderReading = { sender: SlackSender } | { refusal: SenderRefusal };

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : undefined);
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
/** A workspace (T...) or Enterprise Grid org (E...) id as Slack writes them. */
const TEAM_ID = /^[TE][A-Z0-9]{1,30}$/;
const teamId = (v: unknown): string | undefined => (typeof v === 'string' && TEAM_ID.test(v) ? v : undefined);

/** A workspace and the org it belongs to, as a request vouches for them together. */
interface TeamOfOrg {
  team?: string;
  enterprise?: string;
}

/**
 * The sender's own workspace: the first of `fields` the body has. A field that is there but not a workspace id
 * refuses the request rather than falling through to a weaker one.
 */
function firstTeam(...fields: unknown[]): string | undefined {
  const present = fields.find((f) => f !== undefined && f !== null);
  return teamId(present);
}

/**
 * The person's org. Slack names the org of the person only where they are in the workspace the body also describes
 * with its org (the installation's workspace, or the workspace the interaction happened in); a person from any other
 * workspace has no org here, so only their workspace itself can be on the allow list.
 */
function orgOf(team: string, pairs: TeamOfOrg[], sameOrg?: string): string | undefined {
  if (team.startsWith('E')) return team;
  const pair = pairs.find((p) => p.team === team && p.enterprise);
  return pair?.enterprise ?? sameOrg;
}

/*
 * Where each payload type carries the sender's own workspace (the table is in the report of issue 13):
 *
 * - Events API (app_mention, message.im): `event.user`, workspace `event.user_team` (Slack Connect), else
 *   `event.user_profile.team`, else `event.team` (the author's team) outside externally shared channels -
 *   @slack/types AppMentionEvent; `source_team` is where the message came from, not the person. The envelope's
 *   `team_id`, `enterprise_id`, `authorizations[]` and `context_team_id` describe the installation that receives the
 *   event: in a Slack Connect channel they are the installing organisation's, whoever wrote the message. They lend
 *   their org to the sender only when the sender's workspace is that workspace, or when Slack says the channel is not
 *   shared outside the org (`is_ext_shared_channel: false`, docs.slack.dev bolt-js EnvelopedEvent).
 * - Slash commands: `user_id`, workspace `team_id`, org `enterprise_id`: "where the user was in Slack when they
 *   triggered your app's command" (docs.slack.dev/interactivity/implementing-slash-commands); a command reaches only
 *   an app installed in the person's own workspace.
 * - Interactions (block_actions, view_submission, view_closed): `user.id`, workspace `user.team_id`, which "will
 *   report an enterprise organization ID (E...) instead of team ID (T...) when using an Enterprise organization"
 *   (docs.slack.dev/reference/interaction-payloads/block_actions-payload, block_suggestion-payload). The payload's
 *   `team` is the workspace the interaction came from and `enterprise` the org that installed the app
 *   (view_submission reference); only `team.enterprise_id` of the person's own workspace gives their org.
 */
export function readSender(body: unknown): SenderReading {
  const b = obj(body);
  if (b.type === 'event_callback' || 'event' in b) return fromEvent(b);
  if (typeof b.command === 'string' || 'user_id' in b) return fromCommand(b);
  return fromInteraction(b);
}

function fromEvent(b: Obj): SenderReading {
  const event = obj(b.event);
  const userId = str(event.user);
  if (!userId) return { refusal: 'no_user' };
  // In a channel shared with other organisations only user_team (or the author's profile) is trusted to be the
  // author's; elsewhere event.team is the author's workspace too.
  const team = firstTeam(event.user_team, obj(event.user_profile).team, b.is_ext_shared_channel === true ? undefined : event.team);
  if (!team) return { refusal: 'unknown_team' };
  const auth = obj(Array.isArray(b.authorizations) ? b.authorizations[0] : undefined);
  const pairs: TeamOfOrg[] = [
    { team: teamId(b.team_id), enterprise: teamId(b.enterprise_id) },
    { team: teamId(auth.team_id), enterprise: teamId(auth.enterprise_id) },
    { team: teamId(b.context_team_id), enterprise: teamId(b.context_enterprise_id) },
  ];
  const inside = b.is_ext_shared_channel === false ? (teamId(b.enterprise_id) ?? teamId(auth.enterprise_id) ?? teamId(b.context_enterprise_id)) : undefined;
  return { sender: { userId, teamId: team, enterpriseId: orgOf(team, pairs, inside) } };
}

function fromCommand(b: Obj): SenderReading {
  const userId = str(b.user_id);
  if (!userId) return { refusal: 'no_user' };
  const team = teamId(b.team_id);
  if (!team) return { refusal: 'unknown_team' };
  // Slack leaves enterprise_id out (or empty) outside Enterprise Grid; anything else must be an org id.
  const hasOrg = b.enterprise_id !== undefined && b.enterprise_id !== '';
  const enterprise = hasOrg ? teamId(b.enterprise_id) : undefined;
  if (hasOrg && !enterprise) return { refusal: 'unknown_team' };
  return { sender: { userId, teamId: team, enterpriseId: enterprise ?? orgOf(team, []), name: str(b.user_name) } };
}

function fromInteraction(b: Obj): SenderReading {
  const user = obj(b.user);
  const userId = str(user.id);
  if (!userId) return { refusal: 'no_user' };
  const team = firstTeam(user.team_id);
  if (!team) return { refusal: 'unknown_team' };
  const where = obj(b.team);
  const own = teamId(user.enterprise_id);
  const enterpriseId = own ?? orgOf(team, [{ team: teamId(where.id), enterprise: teamId(where.enterprise_id) }]);
  return { sender: { userId, teamId: team, enterpriseId, name: str(user.username) ?? str(user.name) } };
}

/** Only workspaces (or Enterprise Grid orgs) on the list; a Slack Connect guest from elsewhere is refused. */
export function teamAllowed(sender: SlackSender, allowed: readonly string[]): boolean {
  return allowed.some((t) => t === sender.teamId || (sender.enterpriseId !== undefined && t === sender.enterpriseId));
}

export function slackActor(sender: SlackSender): Actor {
  return { platform: 'slack', userId: sender.userId, tenantId: sender.enterpriseId ?? sender.teamId, displayName: sender.name ?? sender.userId };
}
