/**
 * Someone (or a group) a message calls out so their phone rings: a Teams user by Entra object id or platform id, a
 * Slack user or user group. Names are for display only; the ids decide who is notified.
 */
export type Mention = { platform: 'teams'; kind: 'user'; id: string; name: string } | { platform: 'slack'; kind: 'user' | 'group'; id: string; name?: string };
