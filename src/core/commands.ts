/** What a message asks for, after the platform's mention markup is gone. */
export type Command =
  | { kind: 'help' }
  /** `totalChars`: the message's length before the MAX_COMMAND_TEXT cut, so a notice about what was read says the real size. */
  | { kind: 'lookup'; text: string; explicit: boolean; totalChars: number }
  | { kind: 'device'; query: string }
  | { kind: 'user'; upn: string }
  | { kind: 'hunt'; query: string }
  | { kind: 'actions'; device?: string }
  | { kind: 'responseAction'; verb: string; text: string }
  | { kind: 'unknown'; text: string };

export const RESPONSE_VERBS = ['isolate', 'release', 'unisolate', 'quarantine', 'scan', 'restrict', 'unrestrict', 'collect', 'block', 'cancel', 'audit'] as const;

/** Longest text a command accepts: anything longer is cut before parsing (a 1 MB paste must not cost 1 MB of work). */
export const MAX_COMMAND_TEXT = 100_000;

export function parseCommand(raw: string): Command {
  const text = raw.slice(0, MAX_COMMAND_TEXT).replace(/\u0000/g, '').trim();
  if (text === '') return { kind: 'help' };
  const match = /^\/?([A-Za-z-]+)(?:\s+([\s\S]*))?$/.exec(text);
  const word = match?.[1]?.toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  switch (word) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'lookup':
    case 'look-up':
    case 'check':
      return rest ? { kind: 'lookup', text: rest, explicit: true, totalChars: raw.length } : { kind: 'help' };
    case 'device':
    case 'host':
      return rest ? { kind: 'device', query: rest } : { kind: 'help' };
    case 'user':
      return rest ? { kind: 'user', upn: rest } : { kind: 'help' };
    case 'hunt':
      return rest ? { kind: 'hunt', query: rest } : { kind: 'help' };
    case 'actions':
      return { kind: 'actions', device: rest || undefined };
    default:
      if (word && (RESPONSE_VERBS as readonly string[]).includes(word)) return { kind: 'responseAction', verb: word, text: rest };
      // Plain pasted text: a lookup if it holds indicators (decided by the caller, which runs the recognizer).
      return { kind: 'lookup', text, explicit: false, totalChars: raw.length };
  }
}

export const HELP_COMMANDS: { usage: string; description: string }[] = [
  { usage: 'lookup <text>', description: 'Look up every indicator in the text (IPs, domains, URLs, hashes, e-mail addresses, CVEs). Pasting text works too.' },
  { usage: 'device <name | IP | id>', description: 'One device: health, risk, isolation state, its alerts.' },
  { usage: 'user <upn>', description: 'Alerts, incidents and e-mail involving a user.' },
  { usage: 'hunt <KQL>', description: 'Run your own advanced-hunting query (needs the hunter role).' },
  { usage: 'actions [device]', description: 'Recent and pending machine actions, for one device or all.' },
  { usage: 'help', description: 'This list.' },
];
