import { STAGE_TEXT } from '../count-text';
import type { FittedRequestView } from '../fitted-views';
import type { ButtonView, InputView, LinkView, RequestView } from '../view-models';
import { type ButtonData, buttonData, countText, factLine, toneColor } from './item-data';
import { MAX_EXPANDED_CHOICES } from './limits';
import { type Inline, isMarkdownInert, plainString, runs } from './text-runs';

/** Binding data of templates/request.json; see item-data.ts for the conventions. */
export interface RequestCardData {
  demo: boolean;
  fallbackText: string;
  title: Inline[];
  stage: Inline[];
  hasWarnings: boolean;
  warnings: Array<{ line: Inline[] }>;
  hasFacts: boolean;
  facts: Array<{ line: Inline[] }>;
  hasHiddenFacts: boolean;
  hiddenFacts: Inline[];
  inputs: InputData[];
  hasActions: boolean;
  buttons: RequestButtonData[];
  links: LinkView[];
  hasTimeline: boolean;
  hasHiddenTimeline: boolean;
  hiddenTimeline: Inline[];
  timeline: Array<{ line: Inline[] }>;
}

/** Both input kinds in one shape, so the template can keep the view's order with a `$when` per kind. */
export interface InputData {
  isText: boolean;
  isChoice: boolean;
  id: string;
  label: string;
  required: boolean;
  errorMessage: string;
  placeholder: string;
  maxLength: number;
  multiline: boolean;
  value: string;
  choiceStyle: 'compact' | 'expanded';
  choices: Array<{ title: string; value: string }>;
}

/**
 * Which inputs a button sends (and so validates). Saying no, cancelling or reloading the status must work with the
 * required reason left empty; every other button sends the card's inputs.
 */
export type AssociatedInputs = 'auto' | 'none';
const WITHOUT_INPUTS: ReadonlySet<string> = new Set(['abandon', 'reject', 'cancelAction', 'status', 'refresh']);

interface RequestButtonData extends ButtonData {
  associatedInputs: AssociatedInputs;
}

/**
 * Radio buttons, when every choice title reads the same as Markdown: the adaptivecards renderer formats radio
 * labels as Markdown by default (useMarkdownInRadioButtonAndCheckbox), while drop-down options are plain text.
 */
function choiceStyle(choices: NonNullable<InputView['choices']>): 'compact' | 'expanded' {
  const radios = choices.length <= MAX_EXPANDED_CHOICES && choices.every((choice) => isMarkdownInert(choice.title));
  return radios ? 'expanded' : 'compact';
}

export function associatedInputs(verb: string): AssociatedInputs {
  return WITHOUT_INPUTS.has(verb) ? 'none' : 'auto';
}

function requestButtonData(button: ButtonView): RequestButtonData {
  return { ...buttonData(button), associatedInputs: associatedInputs(button.verb) };
}

/** Inputs that take sentences: the reason of a response action, a comment on an incident. */
const MULTILINE_INPUTS: ReadonlySet<InputView['id']> = new Set<InputView['id']>(['reason', 'comment']);

function errorMessage(input: InputView): string {
  if (input.kind === 'choice') return 'Choose one of the options';
  if (input.id === 'reason') return 'A reason is required';
  if (input.id === 'comment') return 'Write the comment first';
  return input.id === 'tag' ? 'Type the tag first' : 'A value is required';
}

export function inputData(input: InputView): InputData {
  const choices = input.choices ?? [];
  return {
    isText: input.kind === 'text',
    isChoice: input.kind === 'choice',
    id: input.id,
    label: input.label,
    required: input.required,
    errorMessage: errorMessage(input),
    placeholder: input.placeholder ?? '',
    maxLength: input.maxLength ?? 0,
    multiline: MULTILINE_INPUTS.has(input.id),
    value: input.value ?? '',
    choiceStyle: choiceStyle(choices),
    choices,
  };
}

function timelineLine(entry: { at: string; text: string }): { line: Inline[] } {
  return { line: runs(entry.at === '' ? entry.text : `${entry.at} · ${entry.text}`, { size: 'small' }) };
}

const WARNING_STYLE = { color: 'attention', weight: 'bolder' } as const;

/** fallbackText may be read as Markdown: the title only when it means the same either way. */
function fallbackText(view: FittedRequestView, stageText: string): string {
  const title = view.title !== '' && isMarkdownInert(view.title) ? view.title : 'Response action';
  return plainString(`${view.demo ? 'DEMO DATA. ' : ''}${title} · ${stageText}`);
}

/**
 * Universal Actions `refresh` (schema 1.4+, Teams 1.5): the Teams clients of the listed users (at most 60,
 * msteams-docs User-Specific-Views.md) send this Action.Execute whenever they show the card and show the card the bot
 * answers with, their own view; everyone else sees this card. It is not a button: no ActionSet, no Submit fallback
 * (clients without Universal Actions ignore `refresh`). The templating language cannot leave out a property
 * (a false `$when` leaves `"refresh": null`, which the schema refuses), so it is added after expansion.
 */
export function refreshOf(personal: NonNullable<RequestView['personal']>): Record<string, unknown> {
  return {
    action: { type: 'Action.Execute', verb: personal.button.verb, data: { requestId: personal.button.requestId } },
    userIds: personal.userIds,
  };
}

export function requestCardData(view: FittedRequestView): RequestCardData {
  const hiddenFacts = view.factsNotShown ?? 0;
  const hiddenTimeline = view.timelineNotShown ?? 0;
  const stageText = STAGE_TEXT[view.stage];
  return {
    demo: view.demo,
    fallbackText: fallbackText(view, stageText),
    title: runs(view.title === '' ? 'Response action' : view.title, { color: toneColor(view.tone), weight: 'bolder', size: 'large' }),
    stage: runs(stageText),
    hasWarnings: view.warnings.length > 0,
    warnings: view.warnings.map((warning) => ({ line: [...runs('⚠️ ', WARNING_STYLE), ...runs(warning, WARNING_STYLE)] })),
    hasFacts: view.facts.length > 0,
    facts: view.facts.map(factLine),
    hasHiddenFacts: hiddenFacts > 0,
    hiddenFacts: runs(`${countText(hiddenFacts, 'more fact', 'more facts')} not shown`, { isSubtle: true }),
    inputs: view.inputs.map(inputData),
    hasActions: view.buttons.length + view.links.length > 0,
    buttons: view.buttons.map(requestButtonData),
    links: view.links,
    hasTimeline: view.timeline.length + hiddenTimeline > 0,
    hasHiddenTimeline: hiddenTimeline > 0,
    hiddenTimeline: runs(`${countText(hiddenTimeline, 'earlier entry', 'earlier entries')} not shown`, { isSubtle: true, size: 'small' }),
    timeline: view.timeline.map(timelineLine),
  };
}
