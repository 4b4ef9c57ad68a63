import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import { renderBlockKit, renderConfirmModal } from '../../src/cards/blockkit';
import type { AnswerView } from '../../src/cards/view-models';
import { cardProblems } from './card-checks';
import { byteSize, type Json } from './card-walk';
import { hugeLookupView, lookupView, messageViews } from './fixtures';
import { hugeIncidentView, incidentView } from './incident-fixtures';
import { confirmRequestView } from './request-fixtures';
import { LIMITS, messageProblems, modalProblems, viewRequestIds } from './blockkit/slack-limits';

// A bot serving several tenants names the tenant first on every card and message (issue 16), within every budget.
const LONGEST = 'a_b-c_d-e_f-g_h-i_j-k_lm'; // 24 characters, the longest name the tenants file allows, with its signs

const views: Array<[string, AnswerView]> = [
  ['lookup', lookupView()],
  ['huge lookup', hugeLookupView()],
  ['incident', incidentView()],
  ['huge incident', hugeIncidentView()],
  ['message', messageViews()[0]!],
];

describe('the tenant line', () => {
  it.each(views)('Teams %s: "Tenant: <name>" is the first thing on the card, which stays valid and within budget', (_name, view) => {
    const card = renderAdaptiveCard({ ...view, tenant: LONGEST }) as Json;
    const first = (card.body as Json[])[0]!;
    expect(first).toMatchObject({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `Tenant: ${LONGEST}` }] });
    expect(cardProblems(card)).toEqual([]);
    expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });

  it.each(views)('Slack %s: a context block naming the tenant comes first, the message within every limit', (_name, view) => {
    const message = renderBlockKit({ ...view, tenant: LONGEST });
    expect(message.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: `Tenant: ${LONGEST}` }] });
    expect(message.text.startsWith(`[${LONGEST}] `)).toBe(true);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
  });

  it('a huge card keeps room for the tenant line: it is cut as much with the line as without', () => {
    const view = hugeIncidentView();
    const without = renderBlockKit(view).blocks;
    const withLine = renderBlockKit({ ...view, tenant: LONGEST }).blocks;
    expect(withLine.slice(1)).toEqual(without);
  });

  it('the Slack confirmation of a response action names the tenant above the action', () => {
    const view = confirmRequestView();
    const modal = renderConfirmModal({ ...view, tenant: 'contoso' }, 'm');
    expect(modal.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: 'Tenant: contoso' }] });
    expect(modalProblems(modal, viewRequestIds(view))).toEqual([]);
    expect(renderConfirmModal(view, 'm').blocks[0]).toMatchObject({ type: 'header' });
  });

  it('without a tenant (one tenant served) nothing changes', () => {
    for (const [, view] of views) {
      expect(JSON.stringify(renderAdaptiveCard(view))).not.toContain('Tenant:');
      expect(JSON.stringify(renderBlockKit(view))).not.toContain('Tenant:');
    }
  });
});
