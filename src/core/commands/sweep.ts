import type { CommandSpec } from '../registry/command-spec';
import { lookup, type LookupArgs } from './lookup';

/**
 * Every indicator in the text, in every tenant this conversation speaks for that the person may read, in parallel:
 * one section per tenant that saw something, the rest summed up in a line (TenantRouter runs it across tenants). In a
 * conversation of one tenant it is that tenant's lookup.
 */
export const sweep: CommandSpec<'sweep', LookupArgs> = {
  name: 'sweep',
  aliases: ['sweep'],
  usage: 'sweep <indicators>',
  description: 'Look the indicators up in every tenant this conversation speaks for, each tenant answering as it can.',
  inHelp: true,
  inManifest: false,
  parse: lookup.parse,
  run: (kit, ctx, args) => kit.lookupText(ctx, args.text, args.explicit, args.totalChars),
};
