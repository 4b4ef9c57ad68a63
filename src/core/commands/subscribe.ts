import { randomUUID } from 'node:crypto';
import { GRAPH_ENUMS } from '../../config/graph-enums';
import { describeActor } from '../actor';
import { describeFilters, parseFilters, SUBSCRIBE_USAGE } from '../incidents/incident-filters';
import { triageRefusal } from '../incidents/triage';
import type { CommandSpec } from '../registry/command-spec';

/** Incidents come to this conversation: new matching ones post a card, later changes update it. */
export const subscribe: CommandSpec<'subscribe', { text: string }> = {
  name: 'subscribe',
  aliases: ['subscribe'],
  usage: SUBSCRIBE_USAGE,
  description: 'Post new incidents here (filters: minimum severity, service source, tag, assigned or not); changes update the same card.',
  inHelp: true,
  inManifest: true,
  parse: (rest) => ({ text: rest }),
  async run(kit, ctx, { text }) {
    const { store } = kit.deps;
    const refusal = await triageRefusal(kit, ctx, 'subscribe this conversation to incidents');
    if (refusal) return void (await ctx.replier.send(refusal));
    if (!store || !ctx.conversationRef)
      return void (await ctx.replier.send(
        kit.message('warning', 'Subscriptions need storage', 'This bot runs without a store, so it cannot remember where to post.'),
      ));
    const filters = parseFilters(text, GRAPH_ENUMS.serviceSource);
    if ('error' in filters) return void (await ctx.replier.send(kit.message('warning', 'I need a little more', filters.error)));
    const now = new Date().toISOString();
    const platform = ctx.actor.platform === 'slack' ? 'slack' : 'teams';
    await store.incidents.saveConversation({ conversationId: ctx.conversationId, platform, ref: ctx.channelRef ?? ctx.conversationRef, updatedAt: now });
    const sub = await store.incidents.addSubscription({
      id: randomUUID(),
      conversationId: ctx.conversationId,
      platform,
      filters,
      createdBy: describeActor(ctx.actor),
      createdAt: now,
    });
    await store.audit.append({
      at: now,
      event: 'subscribed',
      actor: describeActor(ctx.actor),
      actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
      target: `subscription:${sub.number}`,
      conversationId: ctx.conversationId,
      detail: describeFilters(filters),
    });
    await ctx.replier.send(
      kit.message(
        'info',
        `Subscribed (${sub.number}): ${describeFilters(filters)}`,
        `Incidents that change from now on and match are posted here within ${kit.deps.config.incidents.pollSeconds} s; later changes update the same card. \`subscriptions\` lists them, \`unsubscribe ${sub.number}\` stops this one.`,
      ),
    );
  },
};
