import type { Binding, BindingTarget, Tenant, TenantsConfig } from './tenants';

/** A conversation as the channel adapters know it from the authenticated request. */
export type Conversation =
  | {
      platform: 'teams';
      /** The tenant that hosts the conversation (conversation.tenantId). */
      tenantId: string;
      /** channelData.team.id, in a team's channel. */
      teamId?: string;
      /** channelData.channel.id, in a team's channel. */
      channelId?: string;
      /** conversation.id (a chat's id; in a channel, the channel's thread, possibly with ;messageid=). */
      conversationId: string;
    }
  | { platform: 'slack'; teamId: string; channelId: string };

/** How precisely a binding names a conversation: a chat or channel (3) wins over a team (2) over a Teams tenant (1). */
export type Specificity = 1 | 2 | 3;

export function bindingSpecificity(target: BindingTarget): Specificity {
  if (target.platform === 'slack') return target.channelId ? 3 : 2;
  if (target.chatId || target.channelId) return 3;
  return target.teamId ? 2 : 1;
}

/** Two bindings with the same key name the same conversations: a second one is a mistake, not an addition. */
export function bindingKey(target: BindingTarget): string {
  if (target.platform === 'slack') return `slack|${target.teamId}|${target.channelId ? `channel:${target.channelId}` : '*'}`;
  const tenant = target.tenantId.toLowerCase();
  if (target.chatId) return `teams|${tenant}|chat:${chatIdOf(target.chatId)}`;
  if (target.channelId) return `teams|${tenant}|channel:${target.channelId}`;
  return `teams|${tenant}|${target.teamId ? `team:${target.teamId}` : '*'}`;
}

/** A channel thread's or a reply's conversation id carries ;messageid=...: the chat is what comes before. */
function chatIdOf(conversationId: string): string {
  const i = conversationId.indexOf(';');
  return i < 0 ? conversationId : conversationId.slice(0, i);
}

/** The specificity with which `target` names `conversation`, or 0 when it does not. */
export function bindingMatch(target: BindingTarget, conversation: Conversation): Specificity | 0 {
  if (target.platform === 'slack') {
    if (conversation.platform !== 'slack' || conversation.teamId !== target.teamId) return 0;
    if (!target.channelId) return 2;
    return conversation.channelId === target.channelId ? 3 : 0;
  }
  if (conversation.platform !== 'teams' || conversation.tenantId.toLowerCase() !== target.tenantId.toLowerCase()) return 0;
  if (target.chatId) return chatIdOf(conversation.conversationId) === chatIdOf(target.chatId) ? 3 : 0;
  if (target.channelId) {
    if (conversation.channelId !== target.channelId) return 0;
    return !target.teamId || conversation.teamId === target.teamId ? 3 : 0;
  }
  if (target.teamId) return conversation.teamId === target.teamId ? 2 : 0;
  return 1;
}

/**
 * The tenants a conversation speaks for: those of its most specific binding (a channel's or chat's over its team's or
 * workspace's, a team's over its Teams tenant's). No binding: none, never a default tenant; the caller answers that
 * the conversation is not bound. In single-tenant mode (no TENANTS_FILE) the one tenant, everywhere.
 */
export function tenantsFor(conversation: Conversation, config: TenantsConfig): Tenant[] {
  if (config.source === 'settings') return [...config.tenants];
  let best = 0;
  let chosen: Binding[] = [];
  for (const binding of config.bindings) {
    const level = bindingMatch(binding.target, conversation);
    if (level === 0 || level < best) continue;
    if (level > best) {
      best = level;
      chosen = [];
    }
    chosen.push(binding);
  }
  const byKey = new Map(config.tenants.map((t) => [t.key, t]));
  const out: Tenant[] = [];
  const seen = new Set<string>();
  for (const binding of chosen)
    for (const key of binding.tenants) {
      const tenant = byKey.get(key.toLowerCase());
      if (!tenant || seen.has(tenant.key)) continue;
      seen.add(tenant.key);
      out.push(tenant);
    }
  return out;
}
