import type { InputView } from './view-models';

/*
 * What both renderers accept of a view's inputs: the ids the server reads (each with the label shown when the view
 * gives none) and choice values the server can take back as they are.
 */

export const INPUT_LABELS: Record<InputView['id'], string> = {
  reason: 'Reason',
  isolationType: 'Isolation type',
  scanType: 'Scan type',
  indicatorAction: 'Indicator action',
  expiryDays: 'Expires after (days)',
  comment: 'Comment',
  tag: 'Tag',
};

export function isInputId(id: unknown): id is InputView['id'] {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(INPUT_LABELS, id);
}

/** Choice values come back to the server as they are; no comma (a multi-select joins values with commas). */
const CHOICE_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function isSafeChoiceValue(value: string): boolean {
  return CHOICE_VALUE.test(value);
}
