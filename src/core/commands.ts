import { actionByWord } from './actions';
import { commandByWord, type COMMAND_SPECS } from './commands/index';
import type { CommandSpec } from './registry/command-spec';

export { HELP_COMMANDS } from './help-commands';

type ArgsOf<C> = C extends CommandSpec<string, infer A> ? A : never;
type Parsed = { [C in (typeof COMMAND_SPECS)[number] as C['name']]: { kind: C['name'] } & ArgsOf<C> };

/**
 * What a message asks for, after the platform's mention markup is gone: a command of the registry with its
 * arguments, a word of the response vocabulary (an action, audit or cancel) with the rest of the text, or a text to
 * look up.
 */
export type Command =
  | { kind: 'help' }
  | Parsed['lookup']
  | Parsed['sweep']
  | Parsed['incident']
  | Parsed['subscribe']
  | Parsed['subscriptions']
  | Parsed['unsubscribe']
  | Parsed['demo-incident']
  | Parsed['device']
  | Parsed['user']
  | Parsed['hunt']
  | Parsed['actions']
  | Parsed['bind']
  | Parsed['unbind']
  | Parsed['bindings']
  | Parsed['settings']
  | { kind: 'responseAction'; verb: string; text: string }
  | { kind: 'unknown'; text: string };

/** Commands typed with the response actions' words ("audit ws-042", "cancel"): parsed as the rest of that vocabulary. */
const RESPONSE_WORDS = new Set(['audit', 'cancel']);

/** Longest text a command accepts: anything longer is cut before parsing (a 1 MB paste must not cost 1 MB of work). */
export const MAX_COMMAND_TEXT = 100_000;

export function parseCommand(raw: string): Command {
  const text = raw
    .slice(0, MAX_COMMAND_TEXT)
    .replace(/\u0000/g, '')
    .trim();
  if (text === '') return { kind: 'help' };
  const match = /^\/?([A-Za-z-]+)(?:\s+([\s\S]*))?$/.exec(text);
  const word = match?.[1]?.toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  if (word) {
    const command = commandByWord(word);
    if (command && !RESPONSE_WORDS.has(command.name)) {
      const args = command.parse(rest, raw);
      return args === undefined || command.name === 'help' ? { kind: 'help' } : ({ kind: command.name, ...(args as object) } as Command);
    }
    if (command || actionByWord(word)) return { kind: 'responseAction', verb: word, text: rest };
  }
  // Plain pasted text: a lookup if it holds indicators (decided by the caller, which runs the recognizer).
  return { kind: 'lookup', text, explicit: false, totalChars: raw.length };
}
