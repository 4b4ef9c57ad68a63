import type { ActionSpec } from '../registry/action-spec';
import { block } from './block';
import { collect } from './collect';
import { isolate } from './isolate';
import { quarantine } from './quarantine';
import { release } from './release';
import { restrict } from './restrict';
import { scan } from './scan';
import { unrestrict } from './unrestrict';

/** Every response action, in the order help and the manifests list them. One file each. */
export const ACTION_SPECS = [isolate, release, quarantine, scan, restrict, unrestrict, collect, block] as const;

export type ActionName = (typeof ACTION_SPECS)[number]['name'];

export const ACTION_NAMES: readonly ActionName[] = ACTION_SPECS.map((a) => a.name);

const byName = new Map<string, ActionSpec>(ACTION_SPECS.map((a) => [a.name, a]));
const byAlias = new Map<string, ActionSpec>(ACTION_SPECS.flatMap((a) => a.aliases.map((alias) => [alias, a] as const)));

export function isActionName(value: string): value is ActionName {
  return byName.has(value);
}

export function actionSpec(name: string): ActionSpec | undefined {
  return byName.get(name);
}

/** The action a typed word starts ('unisolate' starts release). */
export function actionByWord(word: string): ActionSpec | undefined {
  return byAlias.get(word.toLowerCase());
}

/** ACTIONS_REQUIRING_APPROVAL's default: the actions that ask a second person unless the admin says otherwise. */
export const APPROVAL_BY_DEFAULT: readonly string[] = ACTION_SPECS.filter((a) => a.approvalByDefault).map((a) => a.name);
