import type { CommandSpec } from '../registry/command-spec';

/** A pending action is cancelled from its status card, where the request id is; typed, it says so. */
export const cancel: CommandSpec<'cancel', Record<string, never>> = {
  name: 'cancel',
  aliases: ['cancel'],
  usage: 'cancel',
  description: 'Cancel a pending machine action (with the Cancel button on its status card).',
  inHelp: false,
  inManifest: false,
  parse: () => ({}),
  async run(kit, ctx) {
    if (!kit.deps.requests) await ctx.replier.send(kit.message('warning', 'This action is not enabled', '"cancel" from chat is not enabled on this bot.'));
    else await ctx.replier.send(kit.message('info', 'Use the card', 'Cancel a pending action with the Cancel button on its status card.'));
  },
};
