import type { AnswerView } from '../../cards/view-models';
import type { ClickAnswer } from '../action-requests';
import type { ConversationKit } from '../conversation-kit';
import type { TurnContext } from '../turn';

/**
 * A click on a button a command's card carries, with the parameters the button stands for (from the store) and what
 * the card's inputs held (untrusted: the handler checks every value it reads).
 */
export type ButtonHandler = (
  kit: ConversationKit,
  ctx: TurnContext,
  params: Record<string, string>,
  inputs: Readonly<Record<string, unknown>>,
) => Promise<AnswerView | ClickAnswer>;

/**
 * One chat command, whole: the words that start it, how its text is read, who may run it (checked in `run`, at the
 * moment, against live membership), what it does, and the buttons its cards carry. Adding a command is one file like
 * src/core/commands/device.ts plus its entry in src/core/commands/index.ts.
 */
export interface CommandSpec<Name extends string = string, Args = unknown> {
  name: Name;
  /** Words that start it, its name first. */
  aliases: readonly string[];
  /** "device <name | IP | id>" */
  usage: string;
  /** One line for the help, the Teams manifest (at most 128 characters) and the Slack command hint. */
  description: string;
  inHelp: boolean;
  /** In the help only of a bot serving several tenants (TENANTS_FILE): the binding commands. */
  multiTenant?: boolean;
  /** In the Teams manifest's command lists (which hold 12 at most). */
  inManifest: boolean;
  /** The words after the command (`raw`: the whole message); undefined: it needs more, and the help is shown. */
  parse(rest: string, raw: string): Args | undefined;
  run(kit: ConversationKit, ctx: TurnContext, args: Args): Promise<void>;
  /** The verbs of the buttons on this command's cards, answered here. */
  buttons?: Readonly<Record<string, ButtonHandler>>;
}
