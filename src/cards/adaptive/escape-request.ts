import type { FittedRequestView } from '../fitted-views';
import { INPUT_LABELS, isInputId, isSafeChoiceValue } from '../inputs';
import type { InputView, RequestView } from '../view-models';
import { escapeActionSet, escapeFact, escapeOptionalButton, notShown, text } from './escape-parts';
import { countText } from './item-data';
import {
  DEFAULT_INPUT_MAX_LENGTH,
  MAX_CHOICES,
  MAX_FACTS_PER_ITEM,
  MAX_INPUT_MAX_LENGTH,
  MAX_REFRESH_USERS,
  MAX_TIMELINE_ENTRIES,
  MAX_WARNINGS,
  TEXT_LIMITS,
} from './limits';
import { isSafeUserId } from './safe-action-values';
import { plainString } from './text-runs';

/*
 * The clean, bounded copy of a request view (see escape-view.ts for the rules). Inputs are special: Teams shows
 * their label, placeholder and choices as plain strings; their ids and choice values go back to the server as they
 * are, so they are checked instead. An input whose id the server does not read is dropped: the client merges input
 * values over the button data, so an input named "requestId" or "verb" would replace the button's own.
 */

function plain(raw: string, max: number): string {
  return plainString(text(raw, max));
}

function textMaxLength(maxLength: number | undefined): number {
  if (maxLength === undefined || !Number.isInteger(maxLength) || maxLength < 1) return DEFAULT_INPUT_MAX_LENGTH;
  return Math.min(maxLength, MAX_INPUT_MAX_LENGTH);
}

function escapeChoices(choices: InputView['choices']): NonNullable<InputView['choices']> {
  return (choices ?? [])
    .filter((choice) => isSafeChoiceValue(choice.value))
    .slice(0, MAX_CHOICES)
    .map((choice) => ({ title: plain(choice.title, TEXT_LIMITS.choiceTitle) || choice.value, value: choice.value }));
}

/** The input with checked id and values and inert texts; undefined when it cannot be shown safely. */
function escapeInput(input: InputView): InputView | undefined {
  if (!isInputId(input.id)) return undefined;
  const common = {
    id: input.id,
    label: plain(input.label, TEXT_LIMITS.inputLabel) || INPUT_LABELS[input.id],
    required: input.required === true,
    placeholder: input.placeholder === undefined ? undefined : plain(input.placeholder, TEXT_LIMITS.inputPlaceholder),
  };
  if (input.kind === 'text') {
    const maxLength = textMaxLength(input.maxLength);
    const value = input.value === undefined ? undefined : plain(input.value, maxLength);
    return { ...common, kind: 'text', maxLength, value };
  }
  if (input.kind !== 'choice') return undefined;
  const choices = escapeChoices(input.choices);
  if (choices.length === 0) return undefined;
  // A preselected value that is not one of the choices would be sent without the person seeing it.
  const value = choices.some((choice) => choice.value === input.value) ? input.value : undefined;
  return { ...common, kind: 'choice', choices, value };
}

/** Each id once (the first wins): two inputs with one id would send only one of the values. */
export function escapeInputs(inputs: InputView[]): InputView[] {
  const seen = new Set<string>();
  return inputs.map(escapeInput).filter((input): input is InputView => {
    if (input === undefined || seen.has(input.id)) return false;
    seen.add(input.id);
    return true;
  });
}

/** Warnings are never left off silently: past the cap, one more line says how many are not shown. */
function escapeWarnings(warnings: string[]): string[] {
  const escaped = warnings.map((warning) => text(warning, TEXT_LIMITS.warning)).filter((warning) => warning !== '');
  const more = notShown(escaped.length, MAX_WARNINGS);
  const kept = escaped.slice(0, MAX_WARNINGS);
  if (more === undefined) return kept;
  return [...kept, `${countText(more, 'more warning', 'more warnings')} not shown: open the request in Defender`];
}

/**
 * The personal view's refresh: a well-formed button and the well-formed user ids, each once, at most
 * MAX_REFRESH_USERS; none when no user is left (Teams would refresh for everyone when `userIds` is missing).
 */
function escapePersonal(personal: RequestView['personal']): RequestView['personal'] {
  if (personal === undefined) return undefined;
  const button = escapeOptionalButton(personal.button);
  const userIds = [...new Set(personal.userIds.filter(isSafeUserId))].slice(0, MAX_REFRESH_USERS);
  return button === undefined || userIds.length === 0 ? undefined : { userIds, button };
}

export function escapeRequest(view: RequestView): FittedRequestView {
  const { buttons, links } = escapeActionSet(view.buttons, view.links);
  return {
    kind: 'request',
    demo: view.demo,
    stage: view.stage,
    title: text(view.title, TEXT_LIMITS.title),
    tone: view.tone,
    facts: view.facts.slice(0, MAX_FACTS_PER_ITEM).map(escapeFact),
    factsNotShown: notShown(view.facts.length, MAX_FACTS_PER_ITEM),
    warnings: escapeWarnings(view.warnings),
    inputs: escapeInputs(view.inputs),
    buttons,
    // The latest entries say where the action stands; the oldest are left off first.
    timeline: view.timeline.slice(-MAX_TIMELINE_ENTRIES).map((entry) => ({
      at: text(entry.at, TEXT_LIMITS.timestamp),
      text: text(entry.text, TEXT_LIMITS.timelineText),
    })),
    timelineNotShown: notShown(view.timeline.length, MAX_TIMELINE_ENTRIES),
    links,
    personal: escapePersonal(view.personal),
  };
}
