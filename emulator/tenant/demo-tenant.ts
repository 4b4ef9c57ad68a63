import { mergeStories } from './builders';
import { buildStoryEmails } from './emails';
import { buildFiles } from './files';
import { buildGroups } from './groups';
import { DEMO_TENANT_ID } from './ids';
import { buildIndicators } from './indicators';
import { buildMachineActions } from './machine-actions';
import { buildDevices, deviceByKey } from './machines';
import { cloudAppsStory } from './stories/cloud-apps';
import type { StoryContext } from './stories/context';
import { endpointStories } from './stories/endpoint';
import { identityStory } from './stories/identity';
import { invoiceMalwareStory } from './stories/malware';
import { phishingStory } from './stories/phishing';
import { ransomwareStory } from './stories/ransomware';
import { statementCampaignStory } from './stories/statement-campaign';
import { buildHuntingTables } from './tables';
import { createClock } from './time';
import type { DemoTenant } from './types';

const newestFirst = (a: { createdDateTime: string }, b: { createdDateTime: string }) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime);

/**
 * Contoso's week in the SOC, placed relative to `now` (events from about now-7d to now-10min).
 * Same `now` -> identical tenant; every call returns fresh objects the emulator may mutate.
 */
export function createDemoTenant(now: Date): DemoTenant {
  const clock = createClock(now);
  const devices = buildDevices(clock);
  const device: StoryContext['device'] = (key) => deviceByKey(devices, key);
  const emails = buildStoryEmails(clock);
  const ctx: StoryContext = { clock, device, emails };

  const story = mergeStories([
    phishingStory(ctx),
    invoiceMalwareStory(ctx),
    identityStory(ctx),
    cloudAppsStory(ctx),
    ransomwareStory(ctx),
    statementCampaignStory(ctx),
    endpointStories(ctx),
  ]);
  const incidents = [...story.incidents].sort(newestFirst);
  const alerts = [...story.alerts].sort(newestFirst);

  return {
    tenantId: DEMO_TENANT_ID,
    incidents,
    alerts,
    machines: devices.map((d) => d.machine),
    machineActions: buildMachineActions(clock),
    files: buildFiles(clock),
    indicators: buildIndicators(clock),
    tables: buildHuntingTables({ clock, alerts, devices, device, emails: Object.values(emails) }),
    groups: buildGroups(),
  };
}
