import {
  checkOptionValue,
  CONVERSATION_OPTIONS,
  deploymentValue,
  narrowedOptions,
  type ConversationOption,
  type LookupOptions,
  type OptionValue,
} from '../config/lookup-options';
import type { ConversationSettings, JsonObject } from '../store/binding-types';

/** One option of one conversation: the deployment's value, the conversation's (if any) and the one lookups use. */
export interface OptionState {
  option: ConversationOption;
  deployment: OptionValue;
  /** The conversation's value, when it has one that still narrows the deployment's. */
  conversation?: { value: OptionValue; setBy: string; setAt: string };
  /** A stored value that no longer narrows the deployment's (the deployment changed, or the row was altered), and why. */
  stale?: { setBy: string; setAt: string; reason: string };
  effective: OptionValue;
}

export interface ConversationLookupSettings {
  options: LookupOptions;
  states: OptionState[];
  /** Some option is the conversation's own. */
  narrowed: boolean;
}

/**
 * Settings belong to a conversation as one tenant sees it: the same channel bound to two tenants keeps two sets, each
 * changed by that tenant's admins.
 */
export function conversationSettingsKey(tenantKey: string, conversationId: string): string {
  return `${tenantKey}|${conversationId}`;
}

/** A conversation's stored value of one option, as kept in the store's JSON (by option name). */
export interface StoredOption {
  value: OptionValue;
  setBy: string;
  setAt: string;
}

/**
 * What lookups in the conversation use: each stored value checked again against the deployment as it is now (a value
 * that would widen it, or that does not parse, is left out and reported as stale), then the deployment's options
 * narrowed by the rest.
 */
export function resolveConversationSettings(deployment: LookupOptions, row: ConversationSettings | undefined): ConversationLookupSettings {
  const stored = row?.settings ?? {};
  const values = new Map<ConversationOption, OptionValue>();
  const partial: Omit<OptionState, 'effective'>[] = [];
  for (const option of CONVERSATION_OPTIONS) {
    const state: Omit<OptionState, 'effective'> = { option, deployment: deploymentValue(option, deployment) };
    const entry = Object.prototype.hasOwnProperty.call(stored, option.name) ? stored[option.name] : undefined;
    if (entry !== undefined) {
      const record = isObject(entry) ? entry : {};
      const setBy = typeof record.setBy === 'string' ? record.setBy.slice(0, 200) : 'unknown';
      const setAt = typeof record.setAt === 'string' ? record.setAt.slice(0, 40) : 'unknown';
      const checked = checkOptionValue(option, record.value, deployment);
      if ('value' in checked) {
        values.set(option, checked.value);
        state.conversation = { value: checked.value, setBy, setAt };
      } else state.stale = { setBy, setAt, reason: checked.error };
    }
    partial.push(state);
  }
  const options = narrowedOptions(deployment, values);
  const states = partial.map((s) => ({ ...s, effective: deploymentValue(s.option, options) }));
  return { options, states, narrowed: values.size > 0 };
}

/** The row with one option set (or, with `value` undefined, removed). */
export function withOption(
  row: ConversationSettings | undefined,
  conversationKey: string,
  option: ConversationOption,
  value: OptionValue | undefined,
  by: string,
  at: string,
): ConversationSettings {
  const settings: JsonObject = { ...(row?.settings ?? {}) };
  if (value === undefined) delete settings[option.name];
  else settings[option.name] = { value, setBy: by, setAt: at } satisfies StoredOption;
  return { conversationKey, settings, updatedBy: by, updatedAt: at };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
