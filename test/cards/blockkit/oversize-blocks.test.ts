import { renderBlockKit } from '../../../src/cards/blockkit';
import type { AnswerView, FactView, IndicatorView, LookupView } from '../../../src/cards/view-models';
import { actionsView, hugeLookupView, huntView, lookupView, requestId } from '../fixtures';
import { confirmRequestView, pendingStatusView } from '../request-fixtures';
import { buttons, type Json, messageProblems, messageTexts, viewRequestIds } from './slack-limits';

/*
 * Answers far over Slack's limits still render as whole, valid messages: what does not fit is left off and counted,
 * and what must stay (verdict, errors, refresh, warnings, decision buttons) stays.
 */

function render(view: AnswerView) {
  const message = renderBlockKit(view);
  expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
  return { message, texts: messageTexts(message.blocks).join('\n'), blocks: message.blocks as unknown as Json[] };
}

const LONG = 'x'.repeat(10_000);
const facts = (count: number): FactView[] => Array.from({ length: count }, (_, i) => ({ title: `Fact ${i}`, value: `value ${i}` }));

describe('oversize answers', () => {
  it('25 indicators x 6 sections x 200 items: verdict, "N more", showMore, summary lines, refresh', () => {
    const view = hugeLookupView(25, 200);
    const { texts, blocks } = render(view);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Highest severity: High' } });
    expect(texts).toContain('1 incident · 6 alerts · 9 devices · 5 e-mails · 14 hunting rows');
    expect(texts).toMatch(/_199 more not shown_/);
    // The Devices sections have a showMore button; the first indicator keeps its sections, so its button is there.
    const showMore = view.indicators[0]?.sections[2]?.showMore;
    expect(buttons(blocks).map((b) => b.value)).toContain(showMore?.requestId);
    expect(texts).toMatch(/\d+ indicators in short: the message reached Slack's size limit/);
    // Every indicator is on the message, in full or in short.
    for (const indicator of view.indicators) expect(texts).toContain(`\`${indicator.value}\``);
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ value: view.refresh?.requestId }] });
  });

  it('a lookup that needs only fewer items keeps every indicator in full, one more item where room is left', () => {
    const view = hugeLookupView(1, 40);
    const { texts } = render(view);
    expect(texts).not.toContain('in short');
    const counts = [...texts.matchAll(/_(\d+) more not shown_/g)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(6);
    expect(counts.every((n) => n >= 30 && n < 40)).toBe(true);
  });

  it('errors of every indicator stay, with their cause, when indicators are cut to one line', () => {
    const base = hugeLookupView(25, 50);
    const indicators: IndicatorView[] = base.indicators.map((indicator, i) => ({
      ...indicator,
      sections: [...indicator.sections, { title: 'Hunting', status: 'error', error: `throttled ${i}, retry in 40 s`, items: [] }],
    }));
    const { texts } = render({ ...base, indicators });
    for (const [i] of indicators.entries()) expect(texts).toContain(`*Hunting*: throttled ${i}, retry in 40 s`);
  });

  it('more indicators than even one line each fit: the rest are counted in the notice', () => {
    const one = lookupView().indicators[0] as IndicatorView;
    const indicators = Array.from({ length: 200 }, (_, i) => ({ ...one, value: `203.0.113.${i} ${LONG}`, headline: LONG }));
    const view: LookupView = lookupView({ indicators });
    const { texts, blocks } = render(view);
    expect(texts).toMatch(/\d+ more indicators not shown: the message reached Slack's size limit/);
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ value: view.refresh?.requestId }] });
  });

  it('10,000-character texts in every field of a lookup item', () => {
    const view = lookupView({
      notice: LONG,
      generatedAt: LONG,
      indicators: [
        {
          type: LONG,
          value: LONG,
          internal: true,
          headline: LONG,
          tone: 'attention',
          link: { title: LONG, url: `https://security.microsoft.com/${'a'.repeat(5000)}` },
          sections: [
            {
              title: LONG,
              status: 'ok',
              items: Array.from({ length: 5 }, () => ({
                title: LONG,
                subtitle: LONG,
                facts: facts(100).map((f) => ({ title: LONG, value: `${f.value} ${LONG}` })),
                links: [{ title: LONG, url: 'https://security.microsoft.com/alerts/1' }],
                buttons: [{ title: LONG, verb: 'isolate', requestId: requestId() }],
              })),
              showMore: { title: LONG, verb: 'showMore', requestId: requestId() },
            },
            { title: LONG, status: 'error', error: LONG, items: [] },
          ],
        },
      ],
    });
    const { texts, blocks } = render(view);
    expect(texts).toMatch(/\+\d+ more facts/);
    expect(texts).toContain('…');
    expect(buttons(blocks).some((b) => (b.text as Json).text === `${'x'.repeat(74)}…`)).toBe(true);
  });

  it('a hunt with 50 columns and 300-character cells: fields per row, columns and rows counted', () => {
    const columns = Array.from({ length: 50 }, (_, i) => `Column${i}`);
    const rows = Array.from({ length: 100 }, (_, r) => columns.map((_, c) => `${r}:${c}:${'v'.repeat(300)}`));
    const { texts, blocks } = render(huntView({ columns, rows, query: LONG }));
    expect(texts).toContain('More: 41 more columns not shown');
    expect(texts).toMatch(/_\d+ more not shown on this page_/);
    expect(blocks.some((b) => Array.isArray(b.fields) && (b.fields as unknown[]).length === 10)).toBe(true);
    expect(buttons(blocks)).toHaveLength(2);
  });

  it('a hunt with 5,000 narrow rows shows a table of the first rows and counts the others', () => {
    const rows = Array.from({ length: 5000 }, (_, r) => ['2025-06-01', `ws-${r}`, '443']);
    const { texts } = render(huntView({ columns: ['Day', 'Device', 'Port'], rows }));
    expect(texts).toContain('ws-0 ');
    expect(texts).toMatch(/_\d+ more not shown on this page_/);
  });

  it('100 facts on a request: fields of ten, the rest counted; warnings and buttons stay', () => {
    const view = confirmRequestView({ facts: facts(100) });
    const { texts, blocks } = render(view);
    const fieldSections = blocks.filter((b) => Array.isArray(b.fields));
    expect(fieldSections.map((b) => (b.fields as unknown[]).length)).toEqual([10, 10]);
    expect(texts).toContain('_80 more facts not shown_');
    expect(texts).toContain('⚠️ *ws-fin-017 is tagged Finance-Critical');
    expect(buttons(blocks)).toHaveLength(2);
  });

  it('a request with long everything loses old timeline entries and facts, never warnings or buttons', () => {
    const view = pendingStatusView({
      title: LONG,
      facts: facts(100).map(() => ({ title: LONG, value: LONG })),
      warnings: Array.from({ length: 30 }, (_, i) => `warning ${i} ${LONG}`),
      timeline: Array.from({ length: 200 }, (_, i) => ({ at: `08:${i}`, text: `entry ${i} ${LONG}` })),
    });
    const { texts, blocks } = render(view);
    expect(texts).toContain('⚠️ *20 more warnings not shown: open the request in Defender*');
    expect(texts).toContain('*Timeline* (200 earlier entries not shown)');
    expect(texts).toMatch(/_\d+ more facts not shown_/);
    expect(buttons(blocks)).toHaveLength(2);
  });

  it('an actions list of 500 items is cut with a count', () => {
    const item = actionsView().items[0]!;
    const items = Array.from({ length: 500 }, () => ({ ...item, buttons: [{ ...item.buttons[0]!, requestId: requestId() }] }));
    const { texts } = render(actionsView({ items }));
    expect(texts).toMatch(/_4\d\d more not shown_/);
  });

  it('help with 1,000 long commands is cut with a count', () => {
    const commands = Array.from({ length: 1000 }, (_, i) => ({ usage: `cmd${i} ${LONG}`, description: LONG }));
    const { texts } = render({ kind: 'help', demo: false, commands });
    expect(texts).toMatch(/_9\d\d more commands not shown_/);
  });
});
