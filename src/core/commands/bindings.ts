import type { CommandSpec } from '../registry/command-spec';
import { notRoutedBindingCommand } from './bind';

/** The tenants this conversation speaks for, and the binding that says so (the tenants file's, or one made in chat). */
export const bindings: CommandSpec<'bindings', Record<string, never>> = {
  name: 'bindings',
  aliases: ['bindings'],
  usage: 'bindings',
  description: 'The tenants this conversation speaks for, and where that was set (the tenants file, or in chat by whom).',
  inHelp: false,
  multiTenant: true,
  inManifest: false,
  parse: () => ({}),
  run: (kit, ctx) => notRoutedBindingCommand(kit, ctx, 'bindings'),
};
