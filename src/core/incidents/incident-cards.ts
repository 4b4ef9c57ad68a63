import type { IncidentView } from '../../cards/view-models';
import type { IncidentDetails } from '../../defender/incidents/incident-details';
import type { ConversationKit } from '../conversation-kit';
import type { TurnContext } from '../turn';

/**
 * Remembers that a card of the incident now stands in this conversation (and how to reach the conversation later), so a
 * change made anywhere updates it too. Without a store, or without a message id, there is nothing to remember.
 */
export async function rememberCard(kit: ConversationKit, ctx: TurnContext, view: IncidentView, messageId: string | undefined): Promise<void> {
  const store = kit.deps.store;
  if (!store || !messageId || !ctx.conversationRef) return;
  const now = new Date().toISOString();
  await store.incidents.saveConversation({
    conversationId: ctx.conversationId,
    platform: ctx.actor.platform === 'slack' ? 'slack' : 'teams',
    ref: ctx.conversationRef,
    updatedAt: now,
  });
  await store.incidents.saveCard({
    incidentId: view.id,
    conversationId: ctx.conversationId,
    messageId,
    shownUpdate: view.updatedAt,
    origin: 'asked',
    claimedAt: now,
  });
}

/** The clicked card now shows `view`: its record says so (the adapter replaces the message itself). */
export async function rememberShown(kit: ConversationKit, ctx: TurnContext, view: IncidentView): Promise<void> {
  const card = await kit.deps.store?.incidents.getCard(view.id, ctx.conversationId);
  if (card?.messageId) await kit.deps.store!.incidents.saveCard({ ...card, shownUpdate: view.updatedAt });
}

/**
 * Every other card of the incident (in every conversation the bot posted it to) is redrawn from `details`, with its
 * own buttons minted for its own conversation. A conversation that cannot be reached is logged and skipped.
 */
export async function refreshOtherCards(
  kit: ConversationKit,
  details: IncidentDetails,
  exceptConversationId: string,
  build: (conversationId: string) => IncidentView,
): Promise<number> {
  const { store, notifier, log } = kit.deps;
  if (!store || !notifier) return 0;
  let updated = 0;
  for (const card of await store.incidents.cardsOf(details.incident.id)) {
    if (card.conversationId === exceptConversationId || !card.messageId) continue;
    const conversation = await store.incidents.getConversation(card.conversationId);
    if (!conversation || conversation.removedAt) continue;
    try {
      const view = build(card.conversationId);
      await notifier.update({ conversationRef: conversation.ref, messageId: card.messageId }, view);
      await store.incidents.saveCard({ ...card, shownUpdate: view.updatedAt });
      updated++;
    } catch (err) {
      log?.(
        `incident ${details.incident.id}: the card in ${card.conversationId} could not be updated: ${err instanceof Error ? err.message : String(err)}`,
        'warn',
      );
    }
  }
  return updated;
}
