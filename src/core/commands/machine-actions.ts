import type { ItemView } from '../../cards/view-models';
import { parseDeviceName } from '../../entities';
import { recentMachineActions } from '../../defender/response-targets';
import type { MachineAction } from '../../defender/types';
import type { CommandSpec } from '../registry/command-spec';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function actionItem(a: MachineAction): ItemView {
  return {
    title: `${a.type}${a.scope ? ` (${a.scope})` : ''} on ${a.computerDnsName ?? a.machineId}`,
    subtitle: a.status,
    tone:
      a.status === 'Failed' || a.status === 'TimeOut'
        ? 'attention'
        : a.status === 'Pending' || a.status === 'InProgress'
          ? 'warning'
          : a.status === 'Succeeded'
            ? 'good'
            : 'default',
    facts: [
      { title: 'Requested', value: `${minute(a.creationDateTimeUtc)} by ${a.requestor}` },
      ...(a.requestorComment ? [{ title: 'Comment', value: a.requestorComment }] : []),
      { title: 'Updated', value: minute(a.lastUpdateDateTimeUtc) },
    ],
    links: [],
    buttons: [],
  };
}

/** Recent and pending machine actions, of one device or all (read access). */
export const actions: CommandSpec<'actions', { device?: string }> = {
  name: 'actions',
  aliases: ['actions'],
  usage: 'actions [device]',
  description: 'Recent and pending machine actions, for one device or all.',
  inHelp: true,
  inManifest: true,
  parse: (rest) => ({ device: rest || undefined }),
  async run(kit, ctx, { device }) {
    const refusal = await kit.readRefusal(ctx.actor);
    if (refusal) {
      await ctx.replier.send(refusal);
      return;
    }
    await ctx.replier.typing().catch(() => undefined);
    let machine: { id: string; computerDnsName: string } | undefined;
    if (device) {
      const name = parseDeviceName(device);
      if (!name) {
        await ctx.replier.send(kit.message('warning', 'Not a device', `"${device.slice(0, 80)}" is not a device name or machine id.`));
        return;
      }
      machine = await kit.deps.defender.endpoint.getMachine(name.value);
    }
    const list = await recentMachineActions(kit.deps.defender, machine?.id, 20);
    await ctx.replier.send({
      kind: 'actions',
      demo: kit.demo,
      title: machine ? `Machine actions on ${machine.computerDnsName}` : 'Recent machine actions',
      items: list.map(actionItem),
    });
  },
};
