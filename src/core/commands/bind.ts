import type { ConversationKit } from '../conversation-kit';
import type { CommandSpec } from '../registry/command-spec';
import type { TurnContext } from '../turn';

/** What `bind` was given: the words after it, as typed (the TenantRouter checks them against the tenants). */
export interface BindArgs {
  names: string[];
}

/**
 * The binding commands speak for a conversation, not for one tenant: a bot serving several tenants answers them in
 * its TenantRouter before any tenant sees the turn. A tenant's own conversation only sees them without a tenants file
 * (there is nothing to bind), or behind a tenant's name ("contoso: bind fabrikam").
 */
export async function notRoutedBindingCommand(kit: ConversationKit, ctx: TurnContext, word: string): Promise<void> {
  await ctx.replier.send(
    kit.deps.multiTenant
      ? kit.message('info', `Type "${word}" without a tenant's name`, `${word} is about this conversation, not one tenant: type it on its own.`)
      : kit.message(
          'info',
          'This bot serves one Defender tenant',
          'Every conversation speaks for it; there is nothing to bind. Binding conversations to tenants needs a tenants file (TENANTS_FILE, docs/multi-tenant.md).',
        ),
  );
}

/** Binds this conversation (its channel or chat) to the tenants named, replacing what it had; `bind none`: to none. */
export const bind: CommandSpec<'bind', BindArgs> = {
  name: 'bind',
  aliases: ['bind'],
  usage: 'bind <tenant> [<tenant> ...] | none',
  description: 'Bind this channel or chat to these tenants (or none), replacing its binding. Bot admins of each tenant concerned.',
  inHelp: false,
  multiTenant: true,
  inManifest: false,
  // Names are separated by spaces or commas; the router reports unknown ones, duplicates count once.
  parse: (rest) => ({ names: rest.split(/[\s,]+/u).filter((n) => n.length > 0) }),
  run: (kit, ctx) => notRoutedBindingCommand(kit, ctx, 'bind'),
};
