import type { FactView, InputView } from '../../cards/view-models';
import type { AppConfig } from '../../config/schema';
import type { Defender } from '../../defender/connect';
import type { MachineAction, MachineActionType } from '../../defender/types';
import type { MessageView } from '../../cards/view-models';

/** Values typed with the command ("isolate ws-042 selective because C2"), shown pre-filled on the form. */
export interface RequestPrefill {
  reason?: string;
  isolationType?: string;
  scanType?: string;
}

/** What a typed command asks: the action's parameters and what to pre-fill, or what to write instead. */
export type ParsedActionText = { params: Record<string, string>; prefill: RequestPrefill } | { error: string };

/** What the checks before a request need. */
export interface CheckContext {
  defender: Defender;
  config: AppConfig;
  now: Date;
  /** A failure in words for the chat (Defender's own explanation, or a generic sentence with the detail logged). */
  words(err: unknown, what: string): string;
}

/** A refusal before anything is stored or sent, with the audit detail when it is worth recording. */
export interface CheckRefusal {
  refused: Pick<MessageView, 'tone' | 'title' | 'text'>;
  /** Written to the audit as a "denied" row (an excluded device); absent for a value that was simply wrong. */
  audit?: string;
  /** The target as named in the audit row. */
  target?: string;
}

/** The target as Defender knows it (ids resolved), and what the confirmation card shows about it. */
export interface CheckPassed {
  params: Record<string, string>;
  facts: FactView[];
  warnings: string[];
}

export type CheckResult = CheckPassed | CheckRefusal;

export type ExecutionResult = { kind: 'machineAction'; action: MachineAction } | { kind: 'indicator'; indicatorId: string };

/**
 * One response action, whole: its names, who may run it and whether it needs approval, how it is typed, the inputs
 * of its confirmation form and their validation, the checks before a request is stored, and how Defender carries it
 * out. Adding an action is one file like src/core/actions/isolate.ts plus its entry in src/core/actions/index.ts.
 */
export interface ActionSpec<Name extends string = string> {
  name: Name;
  /** Words that start it in chat, its name first ('unisolate' also starts release). */
  aliases: readonly string[];
  /** "Isolate device" */
  title: string;
  /** For sentences: "isolation". */
  noun: string;
  /** How to type it: "isolate <device> [selective] because <reason>". */
  usage: string;
  /** One line for the help, the Teams manifest (at most 128 characters) and the Slack command hint. */
  description: string;
  /** In the Teams manifest's command lists (which hold 12 at most). */
  inManifest: boolean;
  /** Offered as a button on lookup cards (its verb is then one of the view models' Verb values). */
  onCards: boolean;
  /** The Defender for Endpoint application permission it needs (permissions.ts lists it for the doctor). */
  permission: string;
  /** The machine action it creates; absent for an indicator. */
  machineActionType?: MachineActionType;
  /** It puts a device out of reach: refused on excluded devices. */
  disruptive: boolean;
  /** In ACTIONS_REQUIRING_APPROVAL unless the admin says otherwise. */
  approvalByDefault: boolean;
  enabled(config: AppConfig): boolean;
  /** A typed command: the text after the word that started it. */
  parseText(text: string): ParsedActionText;
  /** The confirmation form, pre-filled. */
  inputs(prefill: RequestPrefill): InputView[];
  /** The form's values as the action's parameters: only known values are kept, anything else falls back to the default. */
  readInputs(data: Record<string, unknown>): Record<string, string>;
  /** Checks before the request is stored: the target resolved and described, or the refusal. */
  check(ctx: CheckContext, params: Record<string, string>): Promise<CheckResult>;
  /** Sends it to Defender with Microsoft's exact body fields. */
  execute(defender: Defender, params: Record<string, string>, comment: string): Promise<ExecutionResult>;
  /** The request card's title: "Isolate device ws-042.contoso.com". */
  cardTitle(params: Record<string, string>): string;
}
