import { parseUpn } from '../../entities';
import type { CommandSpec } from '../registry/command-spec';

/** Alerts, incidents and e-mail involving one user. */
export const user: CommandSpec<'user', { upn: string }> = {
  name: 'user',
  aliases: ['user'],
  usage: 'user <upn>',
  description: 'Alerts, incidents and e-mail involving a user.',
  inHelp: true,
  inManifest: false,
  parse: (rest) => (rest ? { upn: rest } : undefined),
  async run(kit, ctx, { upn }) {
    const parsed = parseUpn(upn);
    if (!parsed) {
      await ctx.replier.send(kit.message('warning', 'Not a user', `"${upn.slice(0, 80)}" is not a user principal name such as alex@contoso.com.`));
      return;
    }
    await kit.lookupTargets(ctx, [{ type: 'user', value: parsed }]);
  },
};
