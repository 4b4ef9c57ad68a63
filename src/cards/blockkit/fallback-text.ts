import { STAGE_TEXT } from '../count-text';
import type { AnswerView } from '../view-models';
import { FALLBACK_TEXT_MAX, TEXT_MAX } from './limits';
import { verdictCounts } from '../verdict-text';
import { severityText } from './lookup-blocks';
import { cleanText, clipEscaped, escapeEntities } from './mrkdwn';

/*
 * The message's top-level `text`: what notifications, screen readers and old clients show. Slack parses it as
 * mrkdwn (a "<!channel>" there would notify the whole channel), so it is escaped like every other text; it carries
 * no formatting of its own.
 */

function summary(view: AnswerView): string[] {
  switch (view.kind) {
    case 'lookup': {
      return [severityText(view), verdictCounts(view.verdict), cleanText(view.notice ?? '', TEXT_MAX.notice)];
    }
    case 'hunt':
      return [`Hunting results, page ${view.page} of ${view.pageCount}, ${view.totalRows} rows`, cleanText(view.error ?? '', TEXT_MAX.error)];
    case 'actions':
      return [cleanText(view.title, TEXT_MAX.title) || 'Response actions', `${view.items.length} shown`];
    case 'help':
      return [cleanText(view.reason ?? '', TEXT_MAX.error), 'Commands: ' + view.commands.map((c) => cleanText(c.usage, 40)).join(', ')];
    case 'message':
      return [cleanText(view.title, TEXT_MAX.messageTitle), cleanText(view.text ?? '', TEXT_MAX.messageText)];
    case 'request':
      return [cleanText(view.title, TEXT_MAX.title) || 'Response action', STAGE_TEXT[view.stage] ?? ''];
    case 'incident':
      return [cleanText(view.title, TEXT_MAX.title) || 'Incident', cleanText(view.headline, TEXT_MAX.headline), cleanText(view.scope, TEXT_MAX.headline)];
  }
}

export function fallbackText(view: AnswerView): string {
  const parts = summary(view).filter((part) => part !== '');
  const text = clipEscaped(escapeEntities(`${view.demo ? 'DEMO DATA. ' : ''}${parts.join(' · ')}`), FALLBACK_TEXT_MAX);
  return text === '' ? 'Microsoft 365 Defender' : text;
}
