import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import type { AnswerView } from '../../src/cards/view-models';
import { renderWithAdaptiveCards } from './adaptivecards-renderer';
import { cardProblems, TEMPLATE_PHRASES } from './card-checks';
import { schemaErrors } from './card-schema';
import { ALL_NOTICE, allDemoLookupsView, DEMO_TARGETS, demoLookupView, demoOtherViews, startDemoLookups, type DemoLookups } from './demo-lookups';

/**
 * Every card kind, filled with what the demo tenant really returns, is valid Adaptive Card 1.5 within budget, and
 * the adaptivecards renderer formats none of the tenant's text as Markdown.
 */
describe('cards filled with demo data', () => {
  let demo: DemoLookups;

  beforeAll(async () => {
    demo = await startDemoLookups();
  });
  afterAll(() => demo.harness.close());

  function check(view: AnswerView) {
    const card = renderAdaptiveCard(view);
    const json = JSON.stringify(card);
    expect(schemaErrors(card)).toEqual([]);
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(json).not.toContain('${');
    expect(cardProblems(card)).toEqual([]);
    const rendered = renderWithAdaptiveCards(card);
    expect(rendered.parseEvents).toEqual([]);
    expect(rendered.markdown.filter((text) => !TEMPLATE_PHRASES.has(text))).toEqual([]);
    return json;
  }

  it.each(DEMO_TARGETS.map((t) => [`${t.type} ${t.value}`, t] as const))('lookup card for %s', async (_name, target) => {
    const json = check(await demoLookupView(demo, target));
    expect(json).toContain('DEMO DATA');
    expect(json).toContain(target.value);
  });

  it('one card for every demo indicator at once, within budget', async () => {
    const json = check(await allDemoLookupsView(demo));
    expect(json).toContain(ALL_NOTICE);
  });

  it('help, message, actions and hunt cards', async () => {
    const views = await demoOtherViews(demo);
    check(views.help);
    check(views.message);
    check(views.actions);
    check(views.hunt);
  });
});
