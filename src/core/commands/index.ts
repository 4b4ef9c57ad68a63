import type { CommandSpec } from '../registry/command-spec';
import { actions } from './machine-actions';
import { audit } from './audit';
import { bind } from './bind';
import { bindings } from './bindings';
import { cancel } from './cancel';
import { demoIncident } from './demo-incident';
import { device } from './device';
import { help } from './help';
import { hunt } from './hunt';
import { incident } from './incident';
import { lookup } from './lookup';
import { settings } from './settings';
import { subscribe } from './subscribe';
import { sweep } from './sweep';
import { subscriptions } from './subscriptions';
import { unbind } from './unbind';
import { unsubscribe } from './unsubscribe';
import { user } from './user';

/** Every chat command, in the order help lists them. One file each; response actions are in ../actions. */
export const COMMAND_SPECS = [
  lookup,
  sweep,
  incident,
  subscribe,
  subscriptions,
  unsubscribe,
  device,
  user,
  hunt,
  actions,
  audit,
  cancel,
  settings,
  demoIncident,
  bind,
  unbind,
  bindings,
  help,
] as const;

const byWord = new Map<string, CommandSpec>(COMMAND_SPECS.flatMap((c) => c.aliases.map((a) => [a, c as CommandSpec] as const)));

/** The command a first word starts, if any. */
export function commandByWord(word: string): CommandSpec | undefined {
  return byWord.get(word.toLowerCase());
}

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => c.name === name) as CommandSpec | undefined;
}

/** The command whose cards carry buttons with this verb (refresh and showMore: lookup; huntPage: hunt). */
export function commandOfButton(verb: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => 'buttons' in c && c.buttons !== undefined && Object.prototype.hasOwnProperty.call(c.buttons, verb)) as
    CommandSpec | undefined;
}
