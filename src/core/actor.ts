/** Who is asking, as the platform authenticated them. Never built from card or button data. */
export interface Actor {
  platform: 'teams' | 'slack' | 'cli';
  /** Teams: the user's MRI (29:...); Slack: the user id. */
  userId: string;
  /** Teams: the user's Entra object id (absent for anonymous or guest-less contexts). */
  aadObjectId?: string;
  /** Teams: the Entra tenant; Slack: the workspace (team) id. */
  tenantId: string;
  displayName: string;
}

export function describeActor(actor: Actor): string {
  return `${actor.displayName || actor.userId} (${actor.platform}${actor.aadObjectId ? ` ${actor.aadObjectId}` : ` ${actor.userId}`})`;
}
