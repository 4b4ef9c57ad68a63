import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import type { AnswerView } from '../../src/cards/view-models';
import { ButtonRegistry } from '../../src/core/button-registry';
import { HELP_COMMANDS } from '../../src/core/commands';
import { buildLookupView } from '../../src/core/lookup-view';
import { DEMO_INDICATORS as D } from '../../src/defender/emulator/tenant';
import { LookupService } from '../../src/defender/lookup/lookup-service';
import type { LookupTarget } from '../../src/defender/lookup/types';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';
import { schemaErrors } from './card-schema';

/** Every card kind, filled with what the demo tenant really returns, is valid Adaptive Card 1.5 within budget. */
describe('cards filled with demo data', () => {
  let h: EmulatorHarness;
  let service: LookupService;
  const buttons = new ButtonRegistry();
  const mint = (verb: string, params: Record<string, string>) => buttons.mint(verb, 'conv', params);

  beforeAll(async () => {
    h = await startHarness({}, { DEFENDER_HUNTING_QUERY: 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10', DEFENDER_HUNTING_SUMMARY_FIELDS: 'Title' });
    service = new LookupService(h.defender, h.config);
  });
  afterAll(() => h.close());

  const TARGETS: LookupTarget[] = [
    { type: 'ipv4', value: D.malware.c2Ip },
    { type: 'domain', value: D.malware.c2Domain },
    { type: 'url', value: D.phishing.url },
    { type: 'email', value: D.phishing.sender },
    { type: 'email', value: 'alex.analyst@contoso.com' },
    { type: 'sha1', value: D.malware.invoiceJs.sha1! },
    { type: 'sha256', value: D.emailOnlyAttachment.sha256 },
    { type: 'md5', value: D.malware.payloadExe.md5! },
    { type: 'device', value: 'srv-fin-01' },
    { type: 'ipv4', value: D.identity.sprayIp },
    { type: 'cve', value: 'CVE-2024-3400' },
    { type: 'ipv6', value: D.cloudApps.impossibleTravelIps[0]! },
  ];

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
    const actions = await h.defender.endpoint.listMachineActions(undefined, 20);
    check({
      kind: 'actions',
      demo: true,
      title: 'Recent machine actions',
      items: actions.items.map((a) => ({ title: `${a.type} on ${a.computerDnsName}`, subtitle: a.status, facts: [{ title: 'By', value: a.requestor }], links: [], buttons: [] })),
    });
    const hunt = await h.defender.graph.runHuntingQuery('DeviceNetworkEvents | take 30');
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
