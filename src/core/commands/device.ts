import { parseDeviceName, recognize } from '../../entities';
import type { LookupTarget } from '../../defender/lookup/types';
import type { CommandSpec } from '../registry/command-spec';

/** One device by name, IP address or Defender machine id. */
export const device: CommandSpec<'device', { query: string }> = {
  name: 'device',
  aliases: ['device', 'host'],
  usage: 'device <name | IP | id>',
  description: 'One device by name, IP address or Defender device id: health, risk, isolation state, its alerts.',
  inHelp: true,
  inManifest: true,
  parse: (rest) => (rest ? { query: rest } : undefined),
  async run(kit, ctx, { query }) {
    const name = parseDeviceName(query);
    const ip = recognize(query, { cap: 1 }).indicators.find((i) => i.type === 'ipv4' || i.type === 'ipv6');
    const target: LookupTarget | undefined = ip
      ? { type: ip.type, value: ip.value, internal: ip.internal }
      : name
        ? { type: 'device', value: name.value }
        : undefined;
    if (!target) {
      await ctx.replier.send(kit.message('warning', 'Not a device', `"${query.slice(0, 80)}" is not a device name, machine id or IP address.`));
      return;
    }
    await kit.lookupTargets(ctx, [target]);
  },
};
