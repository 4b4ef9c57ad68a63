import type { IncidentView, MessageView } from '../../cards/view-models';
import { DefenderError } from '../../defender/http/errors';
import { readIncidentDetails, type IncidentDetails } from '../../defender/incidents/incident-details';
import type { ConversationKit } from '../conversation-kit';
import type { TurnContext } from '../turn';
import { incidentCardFor } from './incident-view';
import { rememberCard } from './incident-cards';

/** Graph incident ids are numbers written as strings ("2972395"); "#4471" is how people write them. */
export function incidentId(text: string): string | undefined {
  const m = /^#?(\d{1,19})$/.exec(text.trim());
  return m ? m[1] : undefined;
}

/** The incident card of these details for this conversation (its buttons minted here). */
export function incidentCard(
  kit: ConversationKit,
  conversationId: string,
  details: IncidentDetails,
  notice?: IncidentView['notice'],
  perList?: number,
): IncidentView {
  return incidentCardFor({ ...kit.deps, demo: kit.demo }, conversationId, details, notice, perList);
}

/** Reads the incident and builds its card; a failure as words (an unknown id says so). */
export async function incidentAnswer(kit: ConversationKit, ctx: TurnContext, id: string, perList?: number): Promise<IncidentView | MessageView> {
  try {
    return incidentCard(kit, ctx.conversationId, await readIncidentDetails(kit.deps.defender, id), undefined, perList);
  } catch (err) {
    if (err instanceof DefenderError && err.details.kind === 'notFound')
      return kit.message('warning', `No incident ${id}`, `Defender has no incident ${id}, or the bot's app cannot see it.`);
    return kit.failure(err);
  }
}

/** Posts the incident's card in the conversation (read role checked first). */
export async function showIncident(kit: ConversationKit, ctx: TurnContext, id: string): Promise<void> {
  const refusal = await kit.readRefusal(ctx.actor);
  if (refusal) {
    await ctx.replier.send(refusal);
    return;
  }
  await ctx.replier.typing().catch(() => undefined);
  await postIncident(kit, ctx, await incidentAnswer(kit, ctx, id));
}

/** Sends the card as a new message and remembers it, so later changes reach it. */
export async function postIncident(kit: ConversationKit, ctx: TurnContext, view: IncidentView | MessageView): Promise<void> {
  const messageId = await ctx.replier.send(view);
  if (view.kind === 'incident')
    await rememberCard(kit, ctx, view, messageId).catch((err: unknown) => kit.deps.log?.(`incident card not remembered: ${String(err)}`, 'warn'));
}
