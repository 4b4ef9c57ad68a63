import type { AppConfig } from '../config/schema';
import { ACTION_SPECS } from './actions';
import { COMMAND_SPECS } from './commands/index';

export interface HelpLine {
  usage: string;
  description: string;
}

/** The commands the help lists (the same on every bot). */
export const HELP_COMMANDS: HelpLine[] = COMMAND_SPECS.filter((c) => c.inHelp).map((c) => ({ usage: c.usage, description: c.description }));

/** The help of this bot: its commands, then the response actions enabled on it (before the closing "help"). */
export function helpCommands(config: AppConfig): HelpLine[] {
  const actions = ACTION_SPECS.filter((a) => a.enabled(config)).map((a) => ({ usage: a.usage, description: a.description }));
  const last = HELP_COMMANDS[HELP_COMMANDS.length - 1];
  return last?.usage === 'help' ? [...HELP_COMMANDS.slice(0, -1), ...actions, last] : [...HELP_COMMANDS, ...actions];
}
