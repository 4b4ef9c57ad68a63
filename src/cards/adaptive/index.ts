import type { AnswerView } from '../view-models';
import { fitToBudget } from './budget';
import { escapeView } from './escape-view';
import { CARD_BUDGET_BYTES } from './limits';
import { renderEscapedView } from './render-view';

export { CARD_BUDGET_BYTES } from './limits';

/**
 * The Adaptive Card (schema 1.5, as Teams renders it) of an answer: untrusted text shown literally (TextRuns, plain
 * strings; never Markdown, never an added escape character), links https-only, buttons carrying only their verb and
 * request id, and at most CARD_BUDGET_BYTES of JSON.
 */
export function renderAdaptiveCard(view: AnswerView): Record<string, unknown> {
  return fitToBudget(escapeView(view), renderEscapedView, CARD_BUDGET_BYTES);
}
