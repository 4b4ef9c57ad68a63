import type { Actor } from '../../core/actor';

/** Who sent a Slack request and from which workspace, read from the verified body only. */
export interface SlackSender {
  userId: string;
  /** The person's own workspace (in a shared channel it can differ from the channel's). */
  teamId?: string;
  enterpriseId?: string;
  name?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Events, slash commands and interactions carry the user and team in different places. */
export function senderOf(body: unknown): SlackSender | undefined {
  const b = obj(body);
  const event = obj(b.event);
  const user = obj(b.user);
  const userId = str(user.id) ?? str(b.user_id) ?? str(event.user);
  if (!userId) return undefined;
  return {
    userId,
    teamId: str(user.team_id) ?? str(event.user_team) ?? str(b.team_id) ?? str(obj(b.team).id),
    enterpriseId: str(obj(b.enterprise).id) ?? str(b.enterprise_id) ?? str(user.enterprise_id),
    name: str(user.username) ?? str(user.name) ?? str(b.user_name),
  };
}

/** Only workspaces (or Enterprise Grid orgs) on the list; a Slack Connect guest from elsewhere is refused. */
export function teamAllowed(sender: SlackSender, allowed: readonly string[]): boolean {
  return allowed.some((t) => t === sender.teamId || t === sender.enterpriseId);
}

export function slackActor(sender: SlackSender): Actor {
  return { platform: 'slack', userId: sender.userId, tenantId: sender.enterpriseId ?? sender.teamId ?? '', displayName: sender.name ?? sender.userId };
}
