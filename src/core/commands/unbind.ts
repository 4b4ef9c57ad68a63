import type { CommandSpec } from '../registry/command-spec';
import { notRoutedBindingCommand } from './bind';

/** Removes the binding made in chat for this conversation: the tenants file's binding applies again. */
export const unbind: CommandSpec<'unbind', { extra: string }> = {
  name: 'unbind',
  aliases: ['unbind'],
  usage: 'unbind',
  description: "Remove this conversation's binding made in chat: the tenants file's applies again. Bot admins of the tenants bound.",
  inHelp: false,
  multiTenant: true,
  inManifest: false,
  parse: (rest) => ({ extra: rest }),
  run: (kit, ctx) => notRoutedBindingCommand(kit, ctx, 'unbind'),
};
