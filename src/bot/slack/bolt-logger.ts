import { LogLevel, type Logger } from '@slack/bolt';

type Log = (message: string, level?: 'info' | 'warn') => void;

const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');

/**
 * Bolt's and the Socket Mode client's warnings and errors, into the bot's own log (JSON, scrubbed, with the turn id)
 * instead of the console; debug and info chatter is dropped.
 */
export function boltLogger(log: Log | undefined): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => log?.(`slack: ${text(parts)}`),
    error: (...parts: unknown[]) => log?.(`slack: ${text(parts)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
