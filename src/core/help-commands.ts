import type { AppConfig } from '../config/schema';
import { ACTION_SPECS } from './actions';
import { COMMAND_SPECS } from './commands/index';

export interface HelpLine {
  usage: string;
  description: string;
}

/** The commands the help lists on every bot. */
export const HELP_COMMANDS: HelpLine[] = COMMAND_SPECS.filter((c) => c.inHelp).map((c) => ({ usage: c.usage, description: c.description }));

/** The commands only a bot serving several tenants lists: binding conversations to tenants. */
const MULTI_TENANT_COMMANDS: HelpLine[] = COMMAND_SPECS.filter((c) => 'multiTenant' in c && c.multiTenant).map((c) => ({
  usage: c.usage,
  description: c.description,
}));

/**
 * The help of this bot: its commands, then the response actions enabled on it, then (several tenants) the binding
 * commands, before the closing "help".
 */
export function helpCommands(config: AppConfig, options: { multiTenant?: boolean } = {}): HelpLine[] {
  const actions = ACTION_SPECS.filter((a) => a.enabled(config)).map((a) => ({ usage: a.usage, description: a.description }));
  const extra = [...actions, ...(options.multiTenant ? MULTI_TENANT_COMMANDS : [])];
  const last = HELP_COMMANDS[HELP_COMMANDS.length - 1];
  return last?.usage === 'help' ? [...HELP_COMMANDS.slice(0, -1), ...extra, last] : [...HELP_COMMANDS, ...extra];
}
