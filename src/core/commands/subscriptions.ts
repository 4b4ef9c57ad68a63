import { describeFilters } from '../incidents/incident-filters';
import type { CommandSpec } from '../registry/command-spec';

/** The incident subscriptions of this conversation. */
export const subscriptions: CommandSpec<'subscriptions', Record<string, never>> = {
  name: 'subscriptions',
  aliases: ['subscriptions'],
  usage: 'subscriptions',
  description: "This conversation's incident subscriptions, by number.",
  inHelp: true,
  inManifest: false,
  parse: () => ({}),
  async run(kit, ctx) {
    const refusal = await kit.readRefusal(ctx.actor);
    if (refusal) return void (await ctx.replier.send(refusal));
    const list = (await kit.deps.store?.incidents.listSubscriptions(ctx.conversationId)) ?? [];
    await ctx.replier.send({
      kind: 'actions',
      demo: kit.demo,
      title: list.length ? `Incident subscriptions here: ${list.length}` : 'No incident subscriptions here: `subscribe` starts one',
      items: list.map((s) => ({
        title: `${s.number}. ${describeFilters(s.filters)}`,
        subtitle: `since ${s.createdAt.slice(0, 16).replace('T', ' ')} UTC · ${s.createdBy}`,
        facts: [],
        links: [],
        buttons: [],
      })),
    });
  },
};
