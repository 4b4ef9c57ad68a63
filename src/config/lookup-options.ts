import { canonicalEnum, enumValueProblem, IGNORE_SETTINGS } from './graph-enum-values';
import type { GraphEnumName } from './graph-enums';
import type { AppConfig } from './schema';
import { SETTINGS, type SettingName } from './settings';
import { closestMatch } from './suggest';

/** The lookup options a conversation may narrow: what decides which incidents, alerts and hunting rows a card shows. */
export type LookupOptions = Pick<AppConfig['lookups'], 'ignore' | 'lookbackDays' | 'summaryFields' | 'ignoreFields'>;

export function lookupOptionsOf(config: AppConfig): LookupOptions {
  const { ignore, lookbackDays, summaryFields, ignoreFields } = config.lookups;
  return { ignore, lookbackDays, summaryFields, ignoreFields };
}

type OptionKind = { kind: 'ignore'; enumName: GraphEnumName } | { kind: 'lookbackDays' } | { kind: 'summaryFields' } | { kind: 'ignoreFields' };

/**
 * One option as chat names it, the deployment setting that gives its default, and what narrowing it means. A
 * conversation's value is kept as JSON: a list of text for the lists, a number for the lookback.
 */
export interface ConversationOption {
  name: string;
  setting: SettingName;
  spec: OptionKind;
  /** What a conversation may do with it, in one sentence (help, `settings`, README). */
  narrowing: string;
}

const ignoreOption = (name: string, setting: keyof typeof IGNORE_SETTINGS): ConversationOption => {
  const enumName = IGNORE_SETTINGS[setting];
  return {
    name,
    setting,
    spec: { kind: 'ignore', enumName },
    narrowing: `hides more: these ${enumName} values are ignored on top of the deployment's, which stay ignored`,
  };
};

export const CONVERSATION_OPTIONS: readonly ConversationOption[] = [
  ignoreOption('ignore-classifications', 'DEFENDER_IGNORE_CLASSIFICATIONS'),
  ignoreOption('ignore-determinations', 'DEFENDER_IGNORE_DETERMINATIONS'),
  ignoreOption('ignore-severities', 'DEFENDER_IGNORE_SEVERITIES'),
  ignoreOption('ignore-statuses', 'DEFENDER_IGNORE_STATUSES'),
  ignoreOption('ignore-service-sources', 'DEFENDER_IGNORE_SERVICE_SOURCES'),
  {
    name: 'lookback-days',
    setting: 'DEFENDER_LOOKBACK_DAYS',
    spec: { kind: 'lookbackDays' },
    narrowing: "shorter only: from 1 to the deployment's number of days",
  },
  {
    name: 'summary-fields',
    setting: 'DEFENDER_HUNTING_SUMMARY_FIELDS',
    spec: { kind: 'summaryFields' },
    narrowing: "a choice among the deployment's summary fields (or none), instead of all of them",
  },
  {
    name: 'ignore-fields',
    setting: 'DEFENDER_HUNTING_IGNORE_FIELDS',
    spec: { kind: 'ignoreFields' },
    narrowing: "hides more: these hunting columns are hidden on top of the deployment's",
  },
];

/** Most values one list option takes from chat, and the longest text `settings set` reads. */
export const MAX_OPTION_VALUES = 50;
export const MAX_OPTION_TEXT = 2000;

/** A hunting column as KQL names it: letters, digits and underscores (no spaces, quotes or markup). */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The option a name stands for: its chat name or its setting's name, in any case, with or without - and _. */
export function optionByName(text: string): ConversationOption | { error: string } {
  const wanted = squash(text.slice(0, 100));
  const found = CONVERSATION_OPTIONS.find((o) => squash(o.name) === wanted || squash(o.setting) === wanted);
  if (found) return found;
  const names = CONVERSATION_OPTIONS.map((o) => o.name);
  const hint = closestMatch(text.slice(0, 100), names);
  return { error: `"${text.slice(0, 60)}" is not an option here${hint ? `: did you mean "${hint}"?` : '.'} Options: ${names.join(', ')}` };
}

export type OptionValue = string[] | number;
export type Checked = { value: OptionValue } | { error: string };

const quoted = (v: string) => `"${v.slice(0, 60)}"`;

/**
 * A conversation's value for the option, from what was typed after `settings set <option>`: split and parsed by the
 * setting's own parser (src/config/settings.ts), then checked as the configuration checks it and as a narrowing of the
 * deployment's value. Errors name the option, the value and what is allowed.
 */
export function parseOptionText(option: ConversationOption, text: string, deployment: LookupOptions): Checked {
  const trimmed = text.trim();
  if (trimmed === '') return { error: `${option.name} needs a value (\`settings reset ${option.name}\` goes back to the deployment's).` };
  if (trimmed.length > MAX_OPTION_TEXT) return { error: `${option.name}: the value is longer than ${MAX_OPTION_TEXT} characters.` };
  if (option.spec.kind === 'summaryFields' && trimmed.toLowerCase() === 'none') return checkOptionValue(option, [], deployment);
  return checkOptionValue(option, trimmed, deployment);
}

/**
 * The same checks for a value already parsed (a conversation's stored value, read again against the deployment as it
 * is now: a value the deployment no longer allows, or a row altered in the database, is refused the same way).
 */
export function checkOptionValue(option: ConversationOption, raw: unknown, deployment: LookupOptions): Checked {
  const fail = (message: string): Checked => ({ error: `${option.name}: ${message}` });
  const spec = option.spec;
  // The settings' parsers read an absent value as the default: a value that is not there is not one.
  if (raw === undefined || raw === null) return fail('has no value.');
  if (spec.kind === 'lookbackDays') {
    const parsed = SETTINGS.DEFENDER_LOOKBACK_DAYS.schema.safeParse(raw);
    const shown = typeof raw === 'string' || typeof raw === 'number' ? quoted(String(raw)) : 'the value';
    if (!parsed.success) return fail(`${shown} ${parsed.error.issues[0]?.message ?? 'is not a number of days'}.`);
    if (parsed.data > deployment.lookbackDays)
      return fail(
        `${parsed.data} days would look further back than the deployment's ${deployment.lookbackDays} (${option.setting}): a conversation may only shorten it, to 1 to ${deployment.lookbackDays} days.`,
      );
    return { value: parsed.data };
  }
  const parsed = SETTINGS[option.setting].schema.safeParse(raw);
  if (!parsed.success || !Array.isArray(parsed.data))
    return fail(`the value ${parsed.success ? 'is not a list' : (parsed.error.issues[0]?.message ?? 'is not a list')}.`);
  const values = parsed.data as string[];
  if (values.length > MAX_OPTION_VALUES) return fail(`at most ${MAX_OPTION_VALUES} values.`);
  if (spec.kind === 'ignore') {
    if (values.length === 0) return fail(`name at least one ${spec.enumName} (\`settings reset ${option.name}\` goes back to the deployment's).`);
    const problems = values.map((v) => enumValueProblem(v, spec.enumName)).filter((p): p is string => !!p);
    if (problems.length) return fail(problems.join('; '));
    return { value: [...new Set(canonicalEnum(values, spec.enumName))] };
  }
  if (spec.kind === 'ignoreFields') {
    if (values.length === 0) return fail(`name at least one hunting column (\`settings reset ${option.name}\` goes back to the deployment's).`);
    const bad = values.find((v) => !COLUMN.test(v));
    if (bad) return fail(`${quoted(bad)} is not a hunting column name: letters, digits and _ only, starting with a letter or _.`);
    return { value: values };
  }
  // Summary fields: a choice among the deployment's, in the deployment's spelling.
  const allowed = deployment.summaryFields;
  if (allowed.length === 0 && values.length > 0)
    return fail(`the deployment shows no summary fields (${option.setting} is empty), so there is none to choose: ${quoted(values[0]!)} is refused.`);
  const chosen: string[] = [];
  for (const v of values) {
    const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (!match) {
      const hint = closestMatch(v, allowed);
      return fail(
        `${quoted(v)} is not one of the deployment's summary fields${hint ? `: did you mean "${hint}"?` : '.'} Allowed: ${allowed.join(', ')} (or none).`,
      );
    }
    if (!chosen.includes(match)) chosen.push(match);
  }
  return { value: chosen };
}

/** The options a conversation's values make: the deployment's, narrowed by each value (values must be checked first). */
export function narrowedOptions(deployment: LookupOptions, values: ReadonlyMap<ConversationOption, OptionValue>): LookupOptions {
  const out: LookupOptions = {
    ignore: { ...deployment.ignore },
    lookbackDays: deployment.lookbackDays,
    summaryFields: deployment.summaryFields,
    ignoreFields: deployment.ignoreFields,
  };
  for (const [option, value] of values) {
    const spec = option.spec;
    if (spec.kind === 'lookbackDays' && typeof value === 'number') out.lookbackDays = Math.min(value, deployment.lookbackDays);
    else if (Array.isArray(value)) {
      if (spec.kind === 'ignore') out.ignore[spec.enumName] = union(deployment.ignore[spec.enumName], value);
      else if (spec.kind === 'ignoreFields') out.ignoreFields = union(deployment.ignoreFields, value);
      else if (spec.kind === 'summaryFields') out.summaryFields = deployment.summaryFields.filter((f) => value.includes(f));
    }
  }
  return out;
}

/** The deployment's value of the option, in words. */
export function deploymentValue(option: ConversationOption, deployment: LookupOptions): OptionValue {
  const spec = option.spec;
  if (spec.kind === 'lookbackDays') return deployment.lookbackDays;
  if (spec.kind === 'ignore') return deployment.ignore[spec.enumName];
  return spec.kind === 'summaryFields' ? deployment.summaryFields : deployment.ignoreFields;
}

export function describeOptionValue(option: ConversationOption, value: OptionValue): string {
  if (typeof value === 'number') return `${value} day${value === 1 ? '' : 's'}`;
  return value.length ? value.join(', ') : 'none';
}

function union(base: readonly string[], more: readonly string[]): string[] {
  const out = [...base];
  for (const v of more) if (!out.some((o) => o.toLowerCase() === v.toLowerCase())) out.push(v);
  return out;
}

/**
 * A short, stable fingerprint of the options that differ from the deployment's, for cache keys: '' when they are the
 * deployment's (lists compared without case or order), so a conversation without settings shares the usual cache.
 */
export function optionsFingerprint(options: LookupOptions, deployment: LookupOptions): string {
  const norm = (o: LookupOptions) =>
    JSON.stringify([
      (Object.keys(o.ignore) as GraphEnumName[]).sort().map((k) => [k, sortedLower(o.ignore[k])]),
      o.lookbackDays,
      sortedLower(o.summaryFields),
      sortedLower(o.ignoreFields),
    ]);
  const mine = norm(options);
  return mine === norm(deployment) ? '' : mine;
}

const sortedLower = (list: readonly string[]) => [...new Set(list.map((v) => v.toLowerCase()))].sort();
