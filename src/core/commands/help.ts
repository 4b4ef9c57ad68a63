import type { CommandSpec } from '../registry/command-spec';

/** What the bot can do here (the response actions enabled on this bot among them). */
export const help: CommandSpec<'help', Record<string, never>> = {
  name: 'help',
  aliases: ['help', '?'],
  usage: 'help',
  description: 'This list of commands, with examples.',
  inHelp: true,
  inManifest: true,
  parse: () => ({}),
  async run(kit, ctx) {
    await ctx.replier.send(kit.help());
  },
};
