import { INPUT_LABELS, isInputId } from '../inputs';
import type { InputView } from '../view-models';
import { MAX_INPUT_VALUE } from './limits';
import { safeChoices, textMaxLength } from './modal-inputs';
import { clipUnits } from './mrkdwn';

/*
 * The values of a submitted confirmation modal. The payload is signed by Slack, but its contents are what the
 * person's client sent: anything may be missing, mistyped or huge. Only the known input ids are read, only strings.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The raw string an element state carries: `value` of a text input, `selected_option.value` of a select. */
function elementValue(element: Json, kind: InputView['kind'] | undefined): string | undefined {
  const type = own(element, 'type');
  if (type === 'plain_text_input' && kind !== 'choice') {
    const value = own(element, 'value');
    return typeof value === 'string' ? value : undefined;
  }
  if (type === 'static_select' && kind !== 'text') {
    const selected = own(element, 'selected_option');
    const value = isObject(selected) ? own(selected, 'value') : undefined;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * The submitted values by input id, from `view.state` (or `view.state.values`) of a view_submission payload. With
 * `inputs` (the view the modal was rendered from), only those ids are read, text to each input's max length and a
 * choice only when it is one of the input's choices; without, every known id, at most 2,000 characters. Empty
 * values are left out.
 */
export function readModalValues(state: unknown, inputs?: readonly InputView[]): Record<string, string> {
  if (!isObject(state)) return {};
  const inner = own(state, 'values');
  const values = isObject(inner) ? inner : state;
  const result: Record<string, string> = {};
  const expected = inputs?.filter((input) => isInputId(input.id));
  const ids = expected?.map((input) => input.id) ?? (Object.keys(INPUT_LABELS) as Array<InputView['id']>);
  for (const id of ids) {
    if (Object.prototype.hasOwnProperty.call(result, id)) continue;
    const input = expected?.find((candidate) => candidate.id === id);
    const block = own(values, id);
    const element = isObject(block) ? own(block, id) : undefined;
    const raw = isObject(element) ? elementValue(element, input?.kind) : undefined;
    if (raw === undefined) continue;
    if (input?.kind === 'choice' && !safeChoices(input).some((choice) => choice.value === raw)) continue;
    const max = input?.kind === 'text' ? textMaxLength(input) : MAX_INPUT_VALUE;
    const value = clipUnits(raw.trim(), max).trim();
    if (value !== '') result[id] = value;
  }
  return result;
}
