import type { Conversation } from '../../config/bindings';
import type { BindingTarget } from '../../config/tenants';

/** Longest id a binding made in chat keeps (Teams and Slack ids are far shorter; the store's keys stop at 512). */
const MAX_ID = 300;

// Control, format (bidi, zero-width) and surrogate code points have no place in a platform's ids.
const ODD = /[\p{Cc}\p{Cf}\p{Cs}]/u;
const usable = (id: string | undefined): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID && !ODD.test(id);

/**
 * The most specific binding target naming the conversation where a turn happened: a Teams channel (with its team) or
 * chat, a Slack channel. Undefined when the platform did not say enough to name it (no place, an empty or odd id):
 * such a conversation cannot be bound from chat.
 */
export function conversationTarget(place: Conversation | undefined): BindingTarget | undefined {
  if (!place) return undefined;
  if (place.platform === 'slack')
    return usable(place.teamId) && usable(place.channelId) ? { platform: 'slack', teamId: place.teamId, channelId: place.channelId } : undefined;
  if (!usable(place.tenantId)) return undefined;
  if (place.channelId !== undefined) {
    if (!usable(place.channelId) || (place.teamId !== undefined && !usable(place.teamId))) return undefined;
    return { platform: 'teams', tenantId: place.tenantId, ...(place.teamId ? { teamId: place.teamId } : {}), channelId: place.channelId };
  }
  // A chat's id, without the ;messageid= a reply carries (bindings compare what comes before it).
  const chatId = place.conversationId.split(';')[0];
  return usable(chatId) ? { platform: 'teams', tenantId: place.tenantId, chatId } : undefined;
}
