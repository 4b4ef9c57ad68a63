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
    ref: ctx.channelRef ?? ctx.conversationRef,
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

/**
 * Every remembered card of the incident (in every conversation the bot posted it to) is redrawn from `details`, each with
 * its own buttons minted for its own conversation and stored before the card changes. A conversation that cannot be
 * reached is logged and skipped.
 */
export async function refreshCards(kit: ConversationKit, details: IncidentDetails, build: (conversationId: string) => IncidentView): Promise<number> {
  const { store, notifier, log, buttons } = kit.deps;
  if (!store || !notifier) return 0;
  const cards = (await store.incidents.cardsOf(details.incident.id)).filter((c) => c.messageId);
  const done = await Promise.all(
    cards.map(async (card) => {
      const conversation = await store.incidents.getConversation(card.conversationId);
      if (!conversation || conversation.removedAt) return false;
      try {
        const view = build(card.conversationId);
        await buttons.flush();
        await notifier.update({ conversationRef: conversation.ref, messageId: card.messageId }, view);
        await store.incidents.saveCard({ ...card, shownUpdate: view.updatedAt });
        return true;
      } catch (err) {
        log?.(
          `incident ${details.incident.id}: the card in ${card.conversationId} could not be updated: ${err instanceof Error ? err.message : String(err)}`,
          'warn',
        );
        return false;
      }
    }),
  );
  return done.filter(Boolean).length;
}
