import type { ActionsView, ItemView, MessageView } from '../../cards/view-models';
import {
  CONVERSATION_OPTIONS,
  describeOptionValue,
  lookupOptionsOf,
  optionByName,
  parseOptionText,
  type ConversationOption,
} from '../../config/lookup-options';
import { describeActor } from '../actor';
import type { ConversationKit } from '../conversation-kit';
import { resolveConversationSettings, withOption, type OptionState } from '../conversation-settings';
import type { CommandSpec } from '../registry/command-spec';
import type { TurnContext } from '../turn';

export const SETTINGS_USAGE = 'settings [set <option> <value> | reset <option> | reset all]';

/** A change waits at most this long for another admin's change to the same conversation's settings. */
const LOCK_MS = 10_000;

/**
 * The lookup options of this conversation: each one's value and where it comes from; its admins narrow them here
 * (src/config/lookup-options.ts says what narrowing means for each option).
 */
export const settings: CommandSpec<'settings', { text: string }> = {
  name: 'settings',
  aliases: ['settings'],
  usage: SETTINGS_USAGE,
  description: "This conversation's lookup options and where each comes from; its admins may narrow them here (set, reset).",
  inHelp: true,
  inManifest: false,
  parse: (rest) => ({ text: rest }),
  async run(kit, ctx, { text }) {
    const [verb = '', ...more] = text.trim().split(/\s+/);
    const rest = text.trim().slice(verb.length).trim();
    switch (verb.toLowerCase()) {
      case '':
      case 'show':
        return show(kit, ctx);
      case 'set':
        return change(kit, ctx, 'set', rest);
      case 'reset':
        return change(kit, ctx, 'reset', more.length ? rest : '');
      default:
        await ctx.replier.send(
          kit.message('warning', 'I need a little more', `\`settings\` shows the options; an admin writes \`${SETTINGS_USAGE}\`. Options: ${names()}.`),
        );
    }
  },
};

async function show(kit: ConversationKit, ctx: TurnContext): Promise<void> {
  const refusal = await kit.readRefusal(ctx.actor);
  if (refusal) return void (await ctx.replier.send(refusal));
  if (!kit.deps.store) return void (await ctx.replier.send(noStore(kit)));
  const current = await kit.conversationSettings(ctx);
  const own = current.states.filter((s) => s.conversation).length;
  const view: ActionsView = {
    kind: 'actions',
    demo: kit.demo,
    title: own
      ? `Lookup options here: ${own} narrowed by this conversation`
      : "Lookup options here: the deployment's (an admin narrows them with `settings set <option> <value>`)",
    items: current.states.map(item),
  };
  await ctx.replier.send(view);
}

function item(state: OptionState): ItemView {
  const { option } = state;
  const facts = [{ title: 'Source', value: sourceOf(state) }];
  if (state.conversation) facts.push({ title: 'Deployment', value: `${describeOptionValue(option, state.deployment)} (${option.setting})` });
  if (state.stale) facts.push({ title: 'Not applied', value: `the value set by ${state.stale.setBy} at ${when(state.stale.setAt)}: ${state.stale.reason}` });
  facts.push({ title: 'This conversation may', value: option.narrowing });
  return { title: option.name, subtitle: describeOptionValue(option, state.effective), facts, links: [], buttons: [] };
}

/** Where the value comes from: the deployment's setting, this conversation's admin, or both (an ignore list adds to the deployment's). */
function sourceOf(state: OptionState): string {
  const deployment = `deployment: ${state.option.setting}`;
  if (!state.conversation) return deployment;
  const here = `this conversation, set by ${state.conversation.setBy} at ${when(state.conversation.setAt)}`;
  const adds = state.option.spec.kind === 'ignore' || state.option.spec.kind === 'ignoreFields';
  if (adds && Array.isArray(state.deployment) && state.deployment.length > 0)
    return `${deployment} (${describeOptionValue(state.option, state.deployment)}) and ${here} (${describeOptionValue(state.option, state.conversation.value)})`;
  return here;
}

async function change(kit: ConversationKit, ctx: TurnContext, verb: 'set' | 'reset', rest: string): Promise<void> {
  const decision = await kit.deps.roles.check(ctx.actor, 'admin');
  if (!decision.allowed)
    return void (await ctx.replier.send(
      kit.message('warning', 'Not allowed', `Changing this conversation's lookup options needs the admin role: ${decision.reason}.`),
    ));
  const store = kit.deps.store;
  if (!store) return void (await ctx.replier.send(noStore(kit)));
  const split = /^([^\s=]+)\s*=?\s*([\s\S]*)$/.exec(rest);
  const name = split?.[1] ?? '';
  const valueText = split?.[2] ?? '';
  if (!name)
    return void (await ctx.replier.send(
      kit.message(
        'warning',
        'Which option?',
        verb === 'set'
          ? `Write \`settings set <option> <value>\`. Options: ${names()}.`
          : `Write \`settings reset <option>\` or \`settings reset all\`. Options: ${names()}.`,
      ),
    ));
  const all = verb === 'reset' && name.toLowerCase() === 'all';
  const option = all ? undefined : optionByName(name);
  if (option && 'error' in option) return void (await ctx.replier.send(kit.message('warning', 'Unknown option', option.error)));
  const deployment = lookupOptionsOf(kit.deps.config);
  const parsed = verb === 'set' && option ? parseOptionText(option, valueText, deployment) : undefined;
  if (parsed && 'error' in parsed) return void (await ctx.replier.send(kit.message('warning', 'Not changed', parsed.error)));

  const key = kit.settingsKey(ctx);
  const lockKey = `conversation-settings:${key}`;
  const token = await kit.leases.acquire(lockKey, LOCK_MS);
  if (!token)
    return void (await ctx.replier.send(
      kit.message('warning', 'Someone else is changing these settings', "Another change to this conversation's settings is under way: try again in a moment."),
    ));
  try {
    const now = new Date().toISOString();
    const by = describeActor(ctx.actor);
    let row = await store.conversationSettings.get(key);
    const before = resolveConversationSettings(deployment, row);
    const asked = all ? CONVERSATION_OPTIONS : [option as ConversationOption];
    // Reset touches only what this conversation holds: nothing to change is nothing to audit.
    const targets = verb === 'set' ? asked : asked.filter((o) => row?.settings[o.name] !== undefined);
    for (const target of targets) row = withOption(row, key, target, parsed && 'value' in parsed ? parsed.value : undefined, by, now);
    if (row && Object.keys(row.settings).length === 0) await store.conversationSettings.delete(key);
    else if (row && targets.length) await store.conversationSettings.put(row);
    const after = resolveConversationSettings(deployment, row);
    for (const target of targets)
      await store.audit.append({
        at: now,
        event: 'settings-changed',
        actor: by,
        actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
        target: `settings:${target.name}`,
        conversationId: ctx.conversationId,
        detail: `${target.name}: ${describeState(stateOf(before.states, target))} → ${describeState(stateOf(after.states, target))}`,
      });
    await ctx.replier.send(answer(kit, verb, targets, after.states));
  } finally {
    await kit.leases.release(lockKey, token).catch(() => undefined);
  }
}

function answer(kit: ConversationKit, verb: 'set' | 'reset', targets: readonly ConversationOption[], states: OptionState[]): MessageView {
  if (targets.length === 0) return kit.message('info', "Nothing to reset: this conversation uses the deployment's value", '`settings` shows every option.');
  const lines = targets.map((t) => `${t.name}: ${describeOptionValue(t, stateOf(states, t).effective)}`);
  return kit.message(
    'info',
    verb === 'set' ? `Set ${lines[0]}` : `Reset to the deployment's: ${targets.map((t) => t.name).join(', ')}`,
    `${verb === 'reset' ? `${lines.join('; ')}. ` : ''}Lookups in this conversation use ${targets.length === 1 ? 'it' : 'them'} from now on (cards already posted keep what they showed until refreshed). \`settings\` shows every option.`,
  );
}

function stateOf(states: OptionState[], option: ConversationOption): OptionState {
  return states.find((s) => s.option === option)!;
}

/** For the audit: the conversation's own value, or the deployment's that applies. */
function describeState(state: OptionState): string {
  if (state.conversation)
    return `${describeOptionValue(state.option, state.conversation.value)} (effective: ${describeOptionValue(state.option, state.effective)})`;
  return `deployment's (${describeOptionValue(state.option, state.deployment)})`;
}

const when = (iso: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso);

const names = () => CONVERSATION_OPTIONS.map((o) => o.name).join(', ');

function noStore(kit: ConversationKit): MessageView {
  return kit.message('warning', 'Settings need storage', 'This bot runs without a store, so a conversation cannot keep settings of its own.');
}
