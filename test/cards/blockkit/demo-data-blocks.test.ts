import { renderBlockKit } from '../../../src/cards/blockkit';
import type { AnswerView } from '../../../src/cards/view-models';
import { HELP_COMMANDS } from '../../../src/core/commands';
import { buildLookupView } from '../../../src/core/lookup-view';
import type { LookupService } from '../../../src/defender/lookup/lookup-service';
import { buttons, messageProblems, mrkdwnTexts, viewRequestIds } from './slack-limits';
import { DEMO_TARGETS, startDemoLookups, type DemoLookups } from '../demo-lookups';

/** Every message kind, filled with what the demo tenant really returns, is a valid Slack message within limits. */
describe('Block Kit messages filled with demo data', () => {
  let demo: DemoLookups;
  let service: LookupService;
  let mint: DemoLookups['mint'];

  beforeAll(async () => {
    demo = await startDemoLookups();
    ({ service, mint } = demo);
  });
  afterAll(() => demo.harness.close());

  const TARGETS = DEMO_TARGETS;

  function check(view: AnswerView) {
    const message = renderBlockKit(view);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    return message;
  }

  it.each(TARGETS.map((t) => [`${t.type} ${t.value}`, t] as const))('lookup message for %s', async (_name, target) => {
    const result = await service.lookup([target]);
    const built = buildLookupView({ ...result, demo: true }, { actions: { deviceIsolation: true, fileQuarantine: true }, mint });
    const view = { ...built, refresh: { title: 'Refresh', verb: 'refresh' as const, requestId: mint('refresh', {}) } };
    const message = check(view);
    const texts = mrkdwnTexts(message.blocks).join('\n');
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
    const result = await service.lookup(TARGETS);
    const view = buildLookupView(result, { notice: 'looked up the first 12 of 40 indicators', actions: { deviceIsolation: true, fileQuarantine: true }, mint });
    const message = check(view);
    const texts = mrkdwnTexts(message.blocks).join('\n');
    expect(texts).toContain('looked up the first 12 of 40 indicators');
    // Every indicator is there: in full, or as its summary line.
    for (const target of TARGETS) expect(texts).toContain(target.value);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('help, message, actions and hunt messages', async () => {
    check({ kind: 'help', demo: true, reason: 'I did not understand that.', commands: HELP_COMMANDS });
    check({ kind: 'message', demo: true, tone: 'progress', title: 'Looking up 12 indicators...' });
    const actions = await demo.harness.defender.endpoint.listMachineActions(undefined, 20);
    check({
      kind: 'actions',
      demo: true,
      title: 'Recent machine actions',
      items: actions.items.map((a) => ({ title: `${a.type} on ${a.computerDnsName}`, subtitle: a.status, facts: [{ title: 'By', value: a.requestor }], links: [], buttons: [] })),
    });
    const hunt = await demo.harness.defender.graph.runHuntingQuery('DeviceNetworkEvents | take 30');
    const columns = hunt.schema.map((c) => c.name);
    const next = { title: 'Next page', verb: 'huntPage' as const, requestId: mint('huntPage', { page: '1' }) };
    const message = check({
      kind: 'hunt',
      demo: true,
      query: 'DeviceNetworkEvents | take 30',
      columns,
      rows: hunt.results.slice(0, 10).map((r) => columns.map((c) => String(r[c] ?? ''))),
      page: 1,
      pageCount: 3,
      totalRows: 30,
      next,
    });
    expect(mrkdwnTexts(message.blocks).join('\n')).toContain('Page 1 of 3');
    expect(buttons(message.blocks)).toEqual([expect.objectContaining({ value: next.requestId, action_id: 'dc:huntPage:1' })]);
  });
});
