import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import type { AnswerView } from '../../src/cards/view-models';
import { HELP_COMMANDS } from '../../src/core/commands';
import { buildLookupView } from '../../src/core/lookup-view';
import type { LookupService } from '../../src/defender/lookup/lookup-service';
import { schemaErrors } from './card-schema';
import { DEMO_TARGETS, startDemoLookups, type DemoLookups } from './demo-lookups';

/** Every card kind, filled with what the demo tenant really returns, is valid Adaptive Card 1.5 within budget. */
describe('cards filled with demo data', () => {
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
    const card = renderAdaptiveCard(view);
    const json = JSON.stringify(card);
    expect(schemaErrors(card)).toEqual([]);
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(json).not.toContain('${');
    return json;
  }

  it.each(TARGETS.map((t) => [`${t.type} ${t.value}`, t] as const))('lookup card for %s', async (_name, target) => {
    const result = await service.lookup([target]);
    // The harness connects like a live tenant; mark it as the demo would.
    const json = check(buildLookupView({ ...result, demo: true }, { actions: { deviceIsolation: true, fileQuarantine: true }, mint }));
    expect(json).toContain('DEMO DATA');
    expect(json).toContain(target.value);
  });

  it('one card for every demo indicator at once, within budget', async () => {
    const result = await service.lookup(TARGETS);
    const json = check(buildLookupView(result, { notice: 'looked up the first 12 of 40 indicators', actions: { deviceIsolation: true, fileQuarantine: true }, mint }));
    expect(json).toContain('looked up the first 12 of 40 indicators');
  });

  it('help, message, actions and hunt cards', async () => {
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
    check({
      kind: 'hunt',
      demo: true,
      query: 'DeviceNetworkEvents | take 30',
      columns,
      rows: hunt.results.slice(0, 10).map((r) => columns.map((c) => String(r[c] ?? ''))),
      page: 1,
      pageCount: 3,
      totalRows: 30,
      next: { title: 'Next page', verb: 'huntPage', requestId: mint('huntPage', { page: '1' }) },
    });
  });
});
