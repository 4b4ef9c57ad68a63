import type { LookupTarget } from '../../defender/lookup/types';
import { buildLookupView } from '../lookup-view';
import type { CommandSpec } from '../registry/command-spec';

export interface LookupArgs {
  text: string;
  /** Asked for with "lookup" (else the text was pasted: without indicators the help is shown). */
  explicit: boolean;
  /** The message's length before the command parser's cut, so a notice about what was read says the real size. */
  totalChars: number;
}

/** Every indicator in a text; also what pasted text without a command word is. Its cards carry Refresh and "Show all". */
export const lookup: CommandSpec<'lookup', LookupArgs> = {
  name: 'lookup',
  aliases: ['lookup', 'look-up', 'check'],
  usage: 'lookup <text>',
  description: 'Look up every indicator in the text (IPs, domains, URLs, hashes, e-mail addresses, CVEs). Pasting text works too.',
  inHelp: true,
  inManifest: true,
  parse: (rest, raw) => (rest ? { text: rest, explicit: true, totalChars: raw.length } : undefined),
  run: (kit, ctx, args) => kit.lookupText(ctx, args.text, args.explicit, args.totalChars),
  buttons: {
    // Whoever clicks is checked, not whoever asked: a card is visible to the whole conversation.
    async refresh(kit, ctx, params) {
      const refusal = await kit.readRefusal(ctx.actor);
      if (refusal) return refusal;
      const targets = JSON.parse(params.targets ?? '[]') as LookupTarget[];
      // Someone asked for Defender's state now: not the cached answer of a minute ago.
      return { view: (await kit.lookupCard(ctx, targets, { fresh: true })).card, mode: 'everyone' };
    },
    async showMore(kit, ctx, params) {
      const refusal = await kit.readRefusal(ctx.actor);
      if (refusal) return refusal;
      const target = JSON.parse(params.target ?? '{}') as LookupTarget;
      const here = await kit.lookupOptions(ctx);
      const result = await kit.deps.lookups.lookup([target], { options: here.options });
      const mint = (verb: string, p: Record<string, string>) => kit.mint(ctx, verb, p);
      // The whole section as a new message: the clicked card stays.
      return { view: buildLookupView(result, { actions: kit.deps.config.actions, mint, perSection: 50, onlySection: params.section }), mode: 'newMessage' };
    },
  },
};
