import { REQUEST_VERBS } from './action-requests';
import { ACTION_SPECS } from './actions';
import { COMMAND_SPECS } from './commands/index';

/** A command or response action as the outside lists it (help, Teams manifest, Slack command hint). */
export interface ListedCommand {
  word: string;
  usage: string;
  description: string;
  inManifest: boolean;
}

/**
 * Every command and response action in the order the manifests list them: the commands, with the response actions
 * right after `actions` (the response vocabulary together). Everything shown outside the bot derives from this.
 */
export function listedCommands(): ListedCommand[] {
  const commands = COMMAND_SPECS.map((c) => ({ word: c.name, usage: c.usage, description: c.description, inManifest: c.inManifest }));
  const actions = ACTION_SPECS.map((a) => ({ word: a.name, usage: a.usage, description: a.description, inManifest: a.inManifest }));
  const at = commands.findIndex((c) => c.word === 'actions') + 1;
  return [...commands.slice(0, at), ...actions, ...commands.slice(at)];
}

/** The Teams manifest's command list (the same for every scope): title and description, within Teams' limits. */
export function manifestCommands(): { title: string; description: string }[] {
  return listedCommands()
    .filter((c) => c.inManifest)
    .map((c) => ({ title: c.word, description: c.description.replace(/\.$/, '') }));
}

/** The Slack slash command's usage_hint: each manifest command with its first argument ("device <name>"). */
export function slackUsageHint(): string {
  const short = (usage: string) =>
    usage
      .replace(/<([^|>]+?)\s*\|[^>]*>/g, '<$1>')
      .replace(/\s*\[[^\]]*\]/g, '')
      .replace(/<([^,>]+?),[^>]*>/g, '<$1>');
  return listedCommands()
    .filter((c) => c.inManifest)
    .map((c) => short(c.usage))
    .join(' | ');
}

/** Every button verb the bot answers: the commands' buttons, the actions offered on cards, the request's steps. */
export function buttonVerbs(): string[] {
  const commandButtons = COMMAND_SPECS.flatMap((c) => ('buttons' in c && c.buttons ? Object.keys(c.buttons) : []));
  const actions = ACTION_SPECS.filter((a) => a.onCards).map((a) => a.name);
  return [...new Set([...actions, ...commandButtons, ...REQUEST_VERBS])];
}
