import type { Activity, ConversationReference } from 'botbuilder';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 1000 ? v : undefined);

/**
 * What the bot needs to answer in a conversation later, copied field by field as short strings. botbuilder's own
 * getConversationReference keeps whole objects from the activity (a 10,000-deep `from` would then break
 * JSON.stringify and the turn with it).
 */
export function conversationReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const conversation = activity.conversation ?? ({} as Activity['conversation']);
  return {
    activityId: text(activity.id),
    user: { id: text(activity.from?.id) ?? '', name: text(activity.from?.name) ?? '', aadObjectId: text(activity.from?.aadObjectId) },
    bot: { id: text(activity.recipient?.id) ?? '', name: text(activity.recipient?.name) ?? '' },
    conversation: {
      id: text(conversation.id) ?? '',
      name: text(conversation.name) ?? '',
      conversationType: text(conversation.conversationType) ?? '',
      tenantId: text(conversation.tenantId),
      isGroup: conversation.isGroup === true,
    },
    channelId: text(activity.channelId) ?? '',
    serviceUrl: text(activity.serviceUrl) ?? '',
    locale: text(activity.locale),
  };
}
