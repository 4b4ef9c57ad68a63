import type { InputBlock, PlainTextOption } from '@slack/types';
import { INPUT_LABELS, isInputId, isSafeChoiceValue } from '../inputs';
import type { InputView } from '../view-models';
import { DEFAULT_INPUT_MAX_LENGTH, MAX_INPUT_VALUE, SLACK_LIMITS, TEXT_MAX } from './limits';
import { cleanText, clipUnits } from './mrkdwn';
import { plain } from './text-objects';

/*
 * The inputs of a confirmation as modal input blocks. block_id and action_id are the input id, so the submission
 * comes back as state.values[id][id]; only the ids the server reads are rendered (and read back, modal-values.ts).
 */

/** The length limit of a text input: the view's, if sensible, at most MAX_INPUT_VALUE. */
export function textMaxLength(input: Pick<InputView, 'maxLength'>): number {
  const { maxLength } = input;
  if (maxLength === undefined || !Number.isInteger(maxLength) || maxLength < 1) return DEFAULT_INPUT_MAX_LENGTH;
  return Math.min(maxLength, MAX_INPUT_VALUE);
}

/** The choices Slack can show and send back unchanged: well-formed, distinct values, at most 100. */
export function safeChoices(input: InputView): Array<{ title: string; value: string }> {
  const seen = new Set<string>();
  return (input.choices ?? [])
    .filter((choice) => {
      const ok = typeof choice.value === 'string' && isSafeChoiceValue(choice.value) && !seen.has(choice.value);
      if (ok) seen.add(choice.value);
      return ok;
    })
    .slice(0, SLACK_LIMITS.options);
}

function option(choice: { title: string; value: string }): PlainTextOption {
  return { text: plain(choice.title, SLACK_LIMITS.optionText, choice.value), value: choice.value };
}

function textInput(input: InputView, label: InputBlock['label']): InputBlock {
  const maxLength = textMaxLength(input);
  const initial = input.value === undefined ? '' : clipUnits(input.value.trim(), maxLength).trim();
  const placeholder = input.placeholder === undefined ? '' : cleanText(input.placeholder, TEXT_MAX.placeholder);
  return {
    type: 'input',
    block_id: input.id,
    label,
    optional: !input.required,
    element: {
      type: 'plain_text_input',
      action_id: input.id,
      multiline: input.id === 'reason',
      max_length: maxLength,
      ...(initial === '' ? {} : { initial_value: initial }),
      ...(placeholder === '' ? {} : { placeholder: { type: 'plain_text', text: placeholder } }),
    },
  };
}

function choiceInput(input: InputView, label: InputBlock['label']): InputBlock | undefined {
  const options = safeChoices(input).map(option);
  if (options.length === 0) return undefined;
  // A preselected value that is not one of the options would be sent without the person seeing it.
  const initial = options.find((o) => o.value === input.value);
  const placeholder = cleanText(input.placeholder ?? '', TEXT_MAX.placeholder) || 'Choose one';
  return {
    type: 'input',
    block_id: input.id,
    label,
    optional: !input.required,
    element: {
      type: 'static_select',
      action_id: input.id,
      placeholder: { type: 'plain_text', text: placeholder },
      options,
      ...(initial === undefined ? {} : { initial_option: initial }),
    },
  };
}

/** One input block per known input id (the first of each id), in the view's order. */
export function inputBlocks(inputs: InputView[]): InputBlock[] {
  const seen = new Set<string>();
  const blocks: InputBlock[] = [];
  for (const input of inputs) {
    if (!isInputId(input.id) || seen.has(input.id)) continue;
    seen.add(input.id);
    const label = plain(input.label, TEXT_MAX.inputLabel, INPUT_LABELS[input.id]);
    const block = input.kind === 'text' ? textInput(input, label) : input.kind === 'choice' ? choiceInput(input, label) : undefined;
    if (block !== undefined) blocks.push(block);
  }
  return blocks;
}
