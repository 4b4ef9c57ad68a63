import { ButtonRegistry } from '../../src/core/button-registry';
import { DEMO_INDICATORS as D } from '../../src/defender/emulator/tenant';
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
  const harness = await startHarness({}, { DEFENDER_HUNTING_QUERY: 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10', DEFENDER_HUNTING_SUMMARY_FIELDS: 'Title' });
  const registry = new ButtonRegistry();
  return { harness, service: new LookupService(harness.defender, harness.config), mint: (verb, params) => registry.mint(verb, 'conv', params) };
}
