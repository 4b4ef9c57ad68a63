import { renderBlockKit } from '../../../src/cards/blockkit';
import type { AnswerView } from '../../../src/cards/view-models';
import { buttons, messageProblems, messageTexts, viewRequestIds } from './slack-limits';
import { ALL_NOTICE, allDemoLookupsView, DEMO_TARGETS, demoLookupView, demoOtherViews, startDemoLookups, type DemoLookups } from '../demo-lookups';

/** Every message kind, filled with what the demo tenant really returns, is a valid Slack message within limits. */
describe('Block Kit messages filled with demo data', () => {
  let demo: DemoLookups;

  beforeAll(async () => {
    demo = await startDemoLookups();
  });
  afterAll(() => demo.harness.close());

  function check(view: AnswerView) {
    const message = renderBlockKit(view);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    return message;
  }

  it.each(DEMO_TARGETS.map((t) => [`${t.type} ${t.value}`, t] as const))('lookup message for %s', async (_name, target) => {
    const built = await demoLookupView(demo, target);
    const view = { ...built, refresh: { title: 'Refresh', verb: 'refresh' as const, requestId: demo.mint('refresh', {}) } };
    const message = check(view);
    const texts = messageTexts(message.blocks).join('\n');
    expect(texts).toContain('DEMO DATA');
    expect(message.text).toContain('DEMO DATA');
    // The indicator is shown as code; "&" would be an entity, none of the demo values has one.
    expect(texts).toContain(`\`${target.value}\``);
    const values = buttons(message.blocks).map((b) => b.value);
    expect(values).toContain(view.refresh.requestId);
    // Nothing left off: every button of the view is on the message, once.
    if (!/more not shown|in short/.test(texts)) expect(new Set(values)).toEqual(viewRequestIds(view));
    expect(new Set(values).size).toBe(values.length);
  });

  it('one message for every demo indicator at once, within the limits, summarising what does not fit', async () => {
    const message = check(await allDemoLookupsView(demo));
    const texts = messageTexts(message.blocks).join('\n');
    expect(texts).toContain(ALL_NOTICE);
    // Every indicator is there: in full, or as its summary line.
    for (const target of DEMO_TARGETS) expect(texts).toContain(target.value);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('help, message, actions and hunt messages', async () => {
    const views = await demoOtherViews(demo);
    check(views.help);
    check(views.message);
    check(views.actions);
    const message = check(views.hunt);
    expect(messageTexts(message.blocks).join('\n')).toContain('Page 1 of 3');
    expect(buttons(message.blocks)).toEqual([expect.objectContaining({ value: views.hunt.next!.requestId, action_id: 'dc:huntPage:1' })]);
  });
});
