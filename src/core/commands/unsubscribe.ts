import { describeActor } from '../actor';
import { triageRefusal } from '../incidents/triage';
import type { CommandSpec } from '../registry/command-spec';

/** Stops one incident subscription of this conversation, by its number. */
export const unsubscribe: CommandSpec<'unsubscribe', { text: string }> = {
  name: 'unsubscribe',
  aliases: ['unsubscribe'],
  usage: 'unsubscribe <n>',
  description: 'Stop incident subscription n of this conversation (see `subscriptions`).',
  inHelp: true,
  inManifest: false,
  parse: (rest) => (rest ? { text: rest } : undefined),
  async run(kit, ctx, { text }) {
    const refusal = await triageRefusal(kit, ctx, 'stop an incident subscription');
    if (refusal) return void (await ctx.replier.send(refusal));
    const n = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : undefined;
    if (n === undefined)
      return void (await ctx.replier.send(kit.message('warning', 'Which one?', 'Write its number: unsubscribe 2 (`subscriptions` lists them).')));
    const store = kit.deps.store;
    const removed = (await store?.incidents.removeSubscription(ctx.conversationId, n)) ?? false;
    if (removed)
      await store!.audit.append({
        at: new Date().toISOString(),
        event: 'unsubscribed',
        actor: describeActor(ctx.actor),
        actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
        target: `subscription:${n}`,
        conversationId: ctx.conversationId,
      });
    await ctx.replier.send(
      removed
        ? kit.message('info', `Subscription ${n} stopped`)
        : kit.message('warning', `No subscription ${n} here`, '`subscriptions` lists the ones this conversation has.'),
    );
  },
};
