import fc from 'fast-check';
import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import { fitToBudget, largestFitting } from '../../src/cards/adaptive/budget';
import { escapeView } from '../../src/cards/adaptive/escape-view';
import { renderEscapedView } from '../../src/cards/adaptive/render-view';
import type { IndicatorView, LookupView } from '../../src/cards/view-models';
import { cardProblems } from './card-checks';
import { byteSize, type Json, lookupSections, objectsOfType, shownText, shownTexts } from './card-walk';
import { actionsView, helpView, huntView, hugeLookupView, lookupView } from './fixtures';
import { assertProperty } from '../helpers/property';

const reported: string[] = [];
afterAll(() => console.log(`Fitted cards (budget ${CARD_BUDGET_BYTES} bytes):\n${reported.join('\n')}`));

function fitted(name: string, view: Parameters<typeof renderAdaptiveCard>[0]): Json {
  const started = Date.now();
  const card = renderAdaptiveCard(view);
  reported.push(`  ${name}: ${byteSize(card)} bytes in ${Date.now() - started} ms`);
  return card;
}

const headerTexts = (card: Json) =>
  (card.body as Json[]).filter((e) => e.type === 'Container' && e.id !== 'problems').map((c) => String(shownText((c.items as Json[])[0])));

describe('largestFitting', () => {
  const sized = (n: number): Json => ({ pad: 'x'.repeat(n * 100) });

  it('finds the largest n whose card fits, galloping up from the low end', () => {
    const probes: number[] = [];
    const found = largestFitting(1, 1000, (n) => (probes.push(n), sized(n)), 2000);
    expect(found?.n).toBe(19);
    expect(byteSize(found?.card)).toBeLessThanOrEqual(2000);
    expect(Math.max(...probes)).toBeLessThanOrEqual(40);
    expect(probes.length).toBeLessThanOrEqual(12);
  });

  it('returns the high end when everything fits, and undefined when even the low end does not', () => {
    expect(largestFitting(0, 7, sized, 10_000)?.n).toBe(7);
    expect(largestFitting(3, 7, sized, 100)).toBeUndefined();
  });
});

describe('the huge lookup (10 indicators, 6 sections of 200 items, long unicode titles)', () => {
  const view = hugeLookupView(10, 200);
  const card = fitted('huge lookup 10 x 6 x 200', view);
  const sections = lookupSections(card);

  it('is a valid card within the budget', () => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps at least one item in every section it shows and counts the rest as "N more not shown"', () => {
    expect(sections.length).toBeGreaterThanOrEqual(6);
    for (const section of sections) {
      expect(section.total).toBe(200);
      expect(section.shown).toBeGreaterThanOrEqual(1);
      expect(section.shown + section.hidden).toBe(200);
    }
  });

  it('keeps every indicator header and says which bodies it left off', () => {
    expect(headerTexts(card)).toHaveLength(10);
    const withBody = sections.length / 6;
    const bodiesLeftOff = shownTexts(card).filter((t) => t.startsWith('Details: not shown, the card reached its size limit'));
    expect(bodiesLeftOff).toHaveLength(10 - withBody);
    expect(bodiesLeftOff.length).toBeGreaterThan(0);
  });

  it('keeps the showMore button of a trimmed section', () => {
    expect(objectsOfType(card, 'Action.Execute').map((a) => a.verb)).toContain('showMore');
  });
});

describe('fitting in stages', () => {
  it('cuts the longest sections first, to the same length plus one where room is left', () => {
    const card = fitted('lookup 2 x 6 x 200', hugeLookupView(2, 200));
    expect(cardProblems(card)).toEqual([]);
    const sections = lookupSections(card);
    expect(sections).toHaveLength(12);
    const shown = sections.map((s) => s.shown);
    expect(Math.max(...shown) - Math.min(...shown)).toBeLessThanOrEqual(1);
    expect(Math.min(...shown)).toBeGreaterThanOrEqual(1);
    for (const s of sections) expect(s.shown + s.hidden).toBe(200);
  });

  it('leaves short sections whole and cuts only the long one', () => {
    const base = lookupView();
    const long = hugeLookupView(1, 120).indicators[0]?.sections[1];
    if (long === undefined) throw new Error('fixture has no alerts section');
    const first = base.indicators[0] as IndicatorView;
    const view = lookupView({ indicators: [{ ...first, sections: [...first.sections, long] }, ...base.indicators.slice(1, 3)] });
    const card = fitted('lookup with one 120-item section', view);
    expect(cardProblems(card)).toEqual([]);
    const sections = lookupSections(card);
    const cut = sections.filter((s) => s.hidden > 0 && s.total === 120);
    expect(cut).toHaveLength(1);
    expect(sections.filter((s) => s.total !== 120).every((s) => s.shown + s.hidden === s.total)).toBe(true);
    expect(sections.find((s) => s.toggleText === '▸ Alerts (2)')?.shown).toBe(2);
  });

  it('drops indicators (and says how many) when even their header lines are too many', () => {
    const headlines = Array.from({ length: 120 }, (_, i) => ({
      ...(lookupView().indicators[0] as IndicatorView),
      value: `${i}.example.com/${'path/'.repeat(60)}`,
      headline: 'seen on many devices · '.repeat(20),
    }));
    const card = fitted('lookup with 120 long indicators', lookupView({ indicators: headlines }));
    expect(cardProblems(card)).toEqual([]);
    const shownIndicators = headerTexts(card).length;
    expect(shownIndicators).toBeGreaterThan(0);
    expect(shownTexts(card)).toContain(
      `looked up the first 120 of 140 indicators · ${120 - shownIndicators} more indicators not shown, ` + 'the card reached its size limit',
    );
  });

  it('cuts hunting rows and says how many of the page are not shown', () => {
    const wide = Array.from({ length: 40 }, (_, i) => `Column${i}`);
    const rows = Array.from({ length: 500 }, (_, r) => wide.map((c) => `${c} of row ${r}: ${'value '.repeat(20)}`));
    const card = fitted('hunt 500 rows x 40 columns', huntView({ columns: wide, rows, page: 1, pageCount: 1, totalRows: 500 }));
    expect(cardProblems(card)).toEqual([]);
    const texts = shownTexts(card);
    const shownRows = texts.filter((t) => /^Row \d+$/.test(t)).length;
    expect(shownRows).toBeGreaterThanOrEqual(1);
    expect(texts).toContain(`${500 - shownRows} more not shown on this page`);
    expect(texts).toContain('More: 10 more columns not shown');
  });

  it('cuts action items and says how many are not shown', () => {
    const item = actionsView().items[0];
    if (item === undefined) throw new Error('fixture has no action item');
    const card = fitted('actions 300 items', actionsView({ items: Array.from({ length: 300 }, () => item) }));
    expect(cardProblems(card)).toEqual([]);
    const shown = objectsOfType(card, 'Action.Execute').length;
    expect(shownTexts(card)).toContain(`${300 - shown} more not shown`);
  });

  it('answers with a short message card when nothing can be cut', () => {
    const commands = Array.from({ length: 2000 }, (_, i) => ({
      usage: `command${i} <argument>`,
      description: 'Does something. '.repeat(10),
    }));
    const card = fitted('help with 2000 commands', helpView({ commands }));
    expect(cardProblems(card)).toEqual([]);
    expect(shownTexts(card).slice(-2)).toEqual(['This answer is too large for a card.', 'Ask for less at a time: fewer indicators or a narrower query.']);
  });

  it.each([3, 6, 12, 20])('fits the fixture lookup into %i KB as well', (kilobytes) => {
    const budget = kilobytes * 1024;
    const card = fitToBudget(escapeView(lookupView()), renderEscapedView, budget);
    expect(cardProblems(card, budget)).toEqual([]);
  });
});

describe('any lookup fits (generated views)', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 300 });
  const item = fc.record({
    title: text,
    subtitle: fc.option(text, { nil: undefined }),
    facts: fc.array(fc.record({ title: text, value: text }), { maxLength: 8 }),
    links: fc.array(fc.record({ title: text, url: fc.webUrl() }), { maxLength: 2 }),
    buttons: fc.array(
      fc.record({
        title: text,
        verb: fc.constantFrom('isolate' as const, 'release' as const, 'quarantine' as const),
        requestId: fc.uuid(),
      }),
      { maxLength: 2 },
    ),
  });
  const section = fc.record({
    title: text,
    status: fc.constantFrom('ok' as const, 'error' as const, 'empty' as const),
    error: fc.option(text, { nil: undefined }),
    items: fc.array(item, { maxLength: 60 }),
    hiddenCount: fc.option(fc.nat(1000), { nil: undefined }),
  });
  const indicator = fc.record({
    type: fc.constantFrom('ipv4', 'domain', 'sha256', 'email'),
    value: text,
    internal: fc.boolean(),
    headline: text,
    tone: fc.constantFrom('attention' as const, 'warning' as const, 'good' as const, 'default' as const),
    sections: fc.array(section, { maxLength: 6 }),
  });

  it('stays valid and within the budget whatever the content', () => {
    assertProperty(
      fc.property(fc.array(indicator, { maxLength: 12 }), (indicators) => {
        const view: LookupView = lookupView({ indicators });
        expect(cardProblems(renderAdaptiveCard(view))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
