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
  const tenant = view.tenant;
  if (!tenant) return fitToBudget(escapeView(view), renderEscapedView, CARD_BUDGET_BYTES);
  return fitToBudget(escapeView(view), (v) => withTenantLine(renderEscapedView(v), tenant), CARD_BUDGET_BYTES);
}

/**
 * A bot serving several tenants names the tenant in every card's first line, inside the budget: a TextRun, shown
 * literally like every other text that does not come from a template.
 */
function withTenantLine(card: Record<string, unknown>, tenant: string): Record<string, unknown> {
  const body = Array.isArray(card.body) ? card.body : [];
  const line = { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `Tenant: ${tenant}`, weight: 'Bolder', size: 'Small' }] };
  return { ...card, body: [line, ...body] };
}
