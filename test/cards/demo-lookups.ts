import type { ActionsView, HelpView, HuntView, LookupView, MessageView } from '../../src/cards/view-models';
import { ButtonRegistry } from '../../src/core/button-registry';
import { HELP_COMMANDS } from '../../src/core/commands';
import { buildLookupView } from '../../src/core/lookup-view';
import { DEMO_INDICATORS as D } from '../../emulator/tenant';
import { LookupService } from '../../src/defender/lookup/lookup-service';
import type { LookupTarget } from '../../src/defender/lookup/types';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

/** One indicator of every kind the demo tenant knows, for cards and messages filled with real lookup results. */
export const DEMO_TARGETS: LookupTarget[] = [
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

export interface DemoLookups {
  harness: EmulatorHarness;
  service: LookupService;
  mint: (verb: string, params: Record<string, string>) => string;
}

/** The emulator with the old product's hunting query configured too, so hunting sections have rows. */
export async function startDemoLookups(): Promise<DemoLookups> {
  const harness = await startHarness(
    {},
    {
      DEFENDER_HUNTING_QUERY: 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10',
      DEFENDER_HUNTING_SUMMARY_FIELDS: 'Title',
    },
  );
  const registry = new ButtonRegistry();
  return { harness, service: new LookupService(harness.defender, harness.config), mint: (verb, params) => registry.mint(verb, 'conv', params) };
}

const ACTIONS = { deviceIsolation: true, fileQuarantine: true };

/** The lookup view of one demo indicator, marked as demo data (the harness connects like a live tenant). */
export async function demoLookupView(demo: DemoLookups, target: LookupTarget): Promise<LookupView> {
  const result = await demo.service.lookup([target]);
  return buildLookupView({ ...result, demo: true }, { actions: ACTIONS, mint: demo.mint });
}

export const ALL_NOTICE = 'looked up the first 12 of 40 indicators';

/** One view holding every demo indicator, with the notice of a capped message. */
export async function allDemoLookupsView(demo: DemoLookups): Promise<LookupView> {
  return buildLookupView(await demo.service.lookup(DEMO_TARGETS), { notice: ALL_NOTICE, actions: ACTIONS, mint: demo.mint });
}

/** Help, progress, recent machine actions and a page of hunting results, from the demo tenant. */
export async function demoOtherViews(demo: DemoLookups): Promise<{ help: HelpView; message: MessageView; actions: ActionsView; hunt: HuntView }> {
  const actions = await demo.harness.defender.endpoint.listMachineActions(undefined, 20);
  const query = 'DeviceNetworkEvents | take 30';
  const hunt = await demo.harness.defender.graph.runHuntingQuery(query);
  const columns = hunt.schema.map((c) => c.name);
  return {
    help: { kind: 'help', demo: true, reason: 'I did not understand that.', commands: HELP_COMMANDS },
    message: { kind: 'message', demo: true, tone: 'progress', title: 'Looking up 12 indicators...' },
    actions: {
      kind: 'actions',
      demo: true,
      title: 'Recent machine actions',
      items: actions.items.map((a) => ({
        title: `${a.type} on ${a.computerDnsName}`,
        subtitle: a.status,
        facts: [{ title: 'By', value: a.requestor }],
        links: [],
        buttons: [],
      })),
    },
    hunt: {
      kind: 'hunt',
      demo: true,
      query,
      columns,
      rows: hunt.results.slice(0, 10).map((r) => columns.map((c) => String(r[c] ?? ''))),
      page: 1,
      pageCount: 3,
      totalRows: 30,
      next: { title: 'Next page', verb: 'huntPage', requestId: demo.mint('huntPage', { page: '1' }) },
    },
  };
}
