import type { ButtonView, FactView, InputView, LinkView, RequestView } from '../view-models';
import type { FittedRequestView } from './fitted-views';
import { type ButtonData, buttonData, countText, type TextColor, toneColor } from './item-data';

/** Binding data of templates/request.json; see item-data.ts for the conventions. */
export interface RequestCardData {
  demo: boolean;
  fallbackText: string;
  title: string;
  color: TextColor;
  stageText: string;
  hasWarnings: boolean;
  warnings: Array<{ text: string }>;
  hasFacts: boolean;
  facts: FactView[];
  hasHiddenFacts: boolean;
  hiddenFactsText: string;
  inputs: InputData[];
  hasActions: boolean;
  buttons: RequestButtonData[];
  links: LinkView[];
  hasTimeline: boolean;
  hasHiddenTimeline: boolean;
  hiddenTimelineText: string;
  timeline: Array<{ text: string }>;
}

/** Both input kinds in one shape, so the template can keep the view's order with a `$when` per kind. */
interface InputData {
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

const STAGE_TEXT: Record<RequestView['stage'], string> = {
  confirm: 'Confirm before anything is sent',
  approval: 'Waiting for an approver',
  status: 'Status in Defender',
};

/** Radio buttons show every option at once and are easy to tap on a phone; a long list is a drop-down. */
const MAX_EXPANDED_CHOICES = 4;

export function associatedInputs(verb: string): AssociatedInputs {
  return WITHOUT_INPUTS.has(verb) ? 'none' : 'auto';
}

function requestButtonData(button: ButtonView): RequestButtonData {
  return { ...buttonData(button), associatedInputs: associatedInputs(button.verb) };
}

function errorMessage(input: InputView): string {
  if (input.kind === 'choice') return 'Choose one of the options';
  return input.id === 'reason' ? 'A reason is required' : 'A value is required';
}

function inputData(input: InputView): InputData {
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
    multiline: input.id === 'reason',
    value: input.value ?? '',
    choiceStyle: choices.length <= MAX_EXPANDED_CHOICES ? 'expanded' : 'compact',
    choices,
  };
}

function timelineLine(entry: { at: string; text: string }): { text: string } {
  return { text: entry.at === '' ? entry.text : `${entry.at} · ${entry.text}` };
}

export function requestCardData(view: FittedRequestView): RequestCardData {
  const hiddenFacts = view.factsNotShown ?? 0;
  const hiddenTimeline = view.timelineNotShown ?? 0;
  const stageText = STAGE_TEXT[view.stage];
  return {
    demo: view.demo,
    fallbackText: `${view.demo ? 'DEMO DATA. ' : ''}${view.title} · ${stageText}`,
    title: view.title,
    color: toneColor(view.tone),
    stageText,
    hasWarnings: view.warnings.length > 0,
    warnings: view.warnings.map((warning) => ({ text: warning })),
    hasFacts: view.facts.length > 0,
    facts: view.facts,
    hasHiddenFacts: hiddenFacts > 0,
    hiddenFactsText: `${countText(hiddenFacts, 'more fact', 'more facts')} not shown`,
    inputs: view.inputs.map(inputData),
    hasActions: view.buttons.length + view.links.length > 0,
    buttons: view.buttons.map(requestButtonData),
    links: view.links,
    hasTimeline: view.timeline.length + hiddenTimeline > 0,
    hasHiddenTimeline: hiddenTimeline > 0,
    hiddenTimelineText: `${countText(hiddenTimeline, 'earlier entry', 'earlier entries')} not shown`,
    timeline: view.timeline.map(timelineLine),
  };
}
