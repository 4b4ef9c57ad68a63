import type { InputView } from '../../cards/view-models';

/*
 * The inputs of confirmation forms, and how their values are read back. A value the form did not offer (a forged or
 * stale one) is replaced by the default: the form is a convenience, never trusted.
 */

export const REASON_MAX = 500;

export function reasonInput(value?: string): InputView {
  return {
    id: 'reason',
    label: 'Reason (goes into Defender and the audit)',
    kind: 'text',
    required: true,
    placeholder: 'e.g. C2 beacon to 198.51.100.77, incident 48215',
    maxLength: REASON_MAX,
    value,
  };
}

/** A choice input and the reader that keeps only its offered values. */
export function choice<Id extends InputView['id']>(id: Id, label: string, choices: { title: string; value: string }[], fallback: string) {
  return {
    input: (value?: string): InputView => ({
      id,
      label,
      kind: 'choice',
      required: true,
      value: choices.some((c) => c.value === value) ? value : fallback,
      choices,
    }),
    read: (data: Record<string, unknown>): string => {
      const value = data[id];
      return typeof value === 'string' && choices.some((c) => c.value === value) ? value : fallback;
    },
  };
}

/** A reason worth recording: at least two visible characters (it goes into Defender's comment and the audit). */
export function isReason(text: string | undefined): boolean {
  return (text ?? '').replace(/\s/g, '').length >= 2;
}

/** The reason as stored: one line, no control characters, at most REASON_MAX characters. */
export function cleanReason(value: unknown): string {
  return typeof value === 'string'
    ? value
        .replace(/[\u0000-\u001f\u007f]/g, ' ')
        .trim()
        .slice(0, REASON_MAX)
    : '';
}
