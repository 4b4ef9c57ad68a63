import type { GraphAlert, GraphIncident, MdeMachine } from '../../src/defender/types';
import { buildIncident, type AlertSpec, type Severity } from './builders';
import { DETECTORS, type ServiceSource } from './detectors';
import type { EvidenceFactory } from './evidence';
import type { MachineKey } from './ids';
import { buildDevices, type DemoDevice, type DeviceProfile } from './machines';
import { C2_DOMAIN, EXTERNAL_IPS, PHISH_URL } from './network';
import type { Prng } from './prng';
import { PATHS } from './stories/paths';
import { createClock } from './time';
import { USERS, type DirectoryUser, type UserKey } from './users';

/**
 * New incidents and alerts for the live demo tenant: a detection on one of Contoso's own devices, users and
 * mailboxes (deviceEvidence carries the machine's mdeDeviceId), so a lookup or an incident card built from it finds
 * the same machine, user and mailbox as the seeded week. Every choice is drawn from the caller's seeded Prng: the
 * same sequence of calls gives the same incidents.
 */

export const SEVERITY_ORDER: readonly Severity[] = ['informational', 'low', 'medium', 'high'];

/** Workstations a new detection lands on (Windows, onboarded, with a user who signs in there). */
const WORKSTATIONS: readonly MachineKey[] = ['ws042', 'ws017', 'ws105', 'ws063'];
const DOMAIN_CONTROLLER: MachineKey = 'dc01';

interface Scene {
  device: DemoDevice;
  user: DirectoryUser;
  /** When the activity began: a few minutes before the alert. */
  activity: string;
  created: string;
  prng: Prng;
}

/** One detection: which detector, and what Defender attaches to it. */
interface Step {
  category: string;
  alert(scene: Scene, label: string): AlertSpec;
}

interface Scenario {
  serviceSource: ServiceSource;
  /** Where it happens ("one endpoint", "one user"). */
  scope: string;
  device(prng: Prng, devices: LiveDevices): DemoDevice;
  /** The first detection, then those that may follow it (an incident has 1..3 alerts). */
  steps: Step[];
  severities: Severity[];
}

const alert = (
  scene: Scene,
  label: string,
  detector: AlertSpec['detector'],
  description: string,
  evidence: (ev: EvidenceFactory) => ReturnType<AlertSpec['evidence']>,
): AlertSpec => ({
  label,
  detector,
  description,
  severity: 'medium',
  firstActivity: scene.activity,
  lastActivity: scene.activity,
  created: scene.created,
  lastUpdate: scene.created,
  investigationState: 'running',
  evidence,
});

const ENCODED = 'SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA';

const STEPS = {
  powershell: {
    category: 'Execution',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.suspiciousPowerShell,
        `An encoded PowerShell command ran as ${s.user.accountName} on ${s.device.machine.computerDnsName}.`,
        (ev) => [
          ev.process(
            {
              image: 'powershell',
              imagePath: PATHS.powershell,
              commandLine: `powershell.exe -NoProfile -WindowStyle Hidden -EncodedCommand ${ENCODED}`,
              processId: s.prng.int(2000, 30000),
              created: s.activity,
              user: s.user,
              device: s.device,
            },
            { verdict: 'suspicious', roles: ['suspicious'] },
          ),
          ev.device(s.device, { roles: ['compromised'], detailedRoles: ['Main device'] }),
          ev.user(s.user, { roles: ['contextual'] }),
        ],
      ),
  },
  payload: {
    category: 'Execution',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.droppedAndLaunched,
        `payload.exe was written to ${s.user.accountName}'s Temp folder and started on ${s.device.machine.computerDnsName}.`,
        (ev) => [
          ev.file('payloadExe', PATHS.temp(s.user.accountName), s.device, { verdict: 'malicious', remediationStatus: 'active', detectionStatus: 'detected' }),
          ev.device(s.device, { roles: ['compromised'], detailedRoles: ['Main device'] }),
          ev.user(s.user, { roles: ['contextual'] }),
        ],
      ),
  },
  c2: {
    category: 'Command and control',
    alert: (s, label) =>
      alert(s, label, DETECTORS.c2Communication, `${s.device.machine.computerDnsName} connected to ${C2_DOMAIN} (${EXTERNAL_IPS.c2.ipAddress}).`, (ev) => [
        ev.ip(EXTERNAL_IPS.c2, { verdict: 'malicious', roles: ['commandAndControl', 'destination'] }),
        ev.url(C2_DOMAIN, { verdict: 'malicious', roles: ['commandAndControl'] }),
        ev.device(s.device, { roles: ['compromised'], detailedRoles: ['Main device'] }),
      ]),
  },
  scheduledTask: {
    category: 'Persistence',
    alert: (s, label) =>
      alert(s, label, DETECTORS.scheduledTask, `A scheduled task running as SYSTEM was created on ${s.device.machine.computerDnsName}.`, (ev) => [
        ev.process(
          {
            image: 'schtasks',
            imagePath: PATHS.system32,
            commandLine: 'schtasks.exe /Create /TN "Microsoft\\Windows\\UpdateCheck" /TR "C:\\Windows\\Temp\\payload.exe" /SC ONLOGON /RU SYSTEM /F',
            processId: s.prng.int(2000, 30000),
            created: s.activity,
            user: s.user,
            device: s.device,
          },
          { verdict: 'suspicious', roles: ['suspicious'] },
        ),
        ev.device(s.device, { roles: ['compromised'], detailedRoles: ['Main device'] }),
      ]),
  },
  phishZap: {
    category: 'Initial access',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.urlZap,
        `A message to ${s.user.userPrincipalName} containing ${PHISH_URL} was removed after delivery by zero-hour auto purge.`,
        (ev) => [
          ev.mailbox(s.user, { roles: ['destination'] }),
          ev.url(PHISH_URL, { verdict: 'malicious', roles: ['contextual'] }),
          ev.ip(EXTERNAL_IPS.phishSender, { verdict: 'suspicious', roles: ['attacker', 'source'] }),
        ],
      ),
  },
  phishClick: {
    category: 'Initial access',
    alert: (s, label) =>
      alert(s, label, DETECTORS.urlClick, `${s.user.userPrincipalName} clicked ${PHISH_URL} on ${s.device.machine.computerDnsName}.`, (ev) => [
        ev.url(PHISH_URL, { verdict: 'malicious', roles: ['contextual'] }),
        ev.mailbox(s.user, { roles: ['destination'] }),
        ev.user(s.user, { roles: ['compromised'] }),
        ev.device(s.device, { roles: ['contextual'] }),
      ]),
  },
  bruteForce: {
    category: 'Credential access',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.bruteForce,
        `Failed Kerberos and NTLM sign-ins for ${s.user.accountName} from ${EXTERNAL_IPS.spray.ipAddress} reached ${s.device.machine.computerDnsName}.`,
        (ev) => [
          ev.user(s.user, { roles: ['attacked'] }),
          ev.ip(EXTERNAL_IPS.spray, { verdict: 'suspicious', roles: ['attacker', 'source'] }),
          ev.device(s.device, { roles: ['destination'], detailedRoles: ['Main device'] }),
        ],
      ),
  },
  lateralMovement: {
    category: 'Lateral movement',
    alert: (s, label) =>
      alert(s, label, DETECTORS.remoteCodeExecution, `${s.user.accountName} ran a remote service on ${s.device.machine.computerDnsName}.`, (ev) => [
        ev.user(s.user, { roles: ['compromised'] }),
        ev.device(s.device, { roles: ['attacked'], detailedRoles: ['Main device'] }),
      ]),
  },
  travel: {
    category: 'Initial access',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.impossibleTravel,
        `${s.user.userPrincipalName} signed in from ${EXTERNAL_IPS.travelHome.city} and ${EXTERNAL_IPS.travelAway.city} within 40 minutes.`,
        (ev) => [
          ev.user(s.user, { roles: ['compromised'] }),
          ev.ip(EXTERNAL_IPS.travelHome, { roles: ['source'] }),
          ev.ip(EXTERNAL_IPS.travelAway, { verdict: 'suspicious', roles: ['source'] }),
          ev.mailbox(s.user, { roles: ['contextual'] }),
        ],
      ),
  },
  infrequentCountry: {
    category: 'Initial access',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.infrequentCountry,
        `${s.user.userPrincipalName} was active from ${EXTERNAL_IPS.travelAway.countryName}, a country no one at Contoso signed in from recently.`,
        (ev) => [ev.user(s.user, { roles: ['compromised'] }), ev.ip(EXTERNAL_IPS.travelAway, { verdict: 'suspicious', roles: ['source'] })],
      ),
  },
  disruption: {
    category: 'Ransomware',
    alert: (s, label) =>
      alert(
        s,
        label,
        DETECTORS.attackDisruption,
        `Automatic attack disruption contained ${s.user.accountName} and ${s.device.machine.computerDnsName}.`,
        (ev) => [
          ev.user(s.user, { roles: ['compromised'], remediationStatus: 'prevented' }),
          ev.device(s.device, { roles: ['compromised'], detailedRoles: ['Main device'], remediationStatus: 'prevented' }),
        ],
      ),
  },
} satisfies Record<string, Step>;

const SCENARIOS: Scenario[] = [
  {
    serviceSource: 'microsoftDefenderForEndpoint',
    scope: 'on one endpoint',
    device: (prng, d) => d.pick(prng, WORKSTATIONS),
    steps: [STEPS.powershell, STEPS.payload, STEPS.c2],
    severities: ['medium', 'high'],
  },
  {
    serviceSource: 'microsoftDefenderForOffice365',
    scope: 'involving one user',
    device: (prng, d) => d.pick(prng, WORKSTATIONS),
    steps: [STEPS.phishZap, STEPS.phishClick, STEPS.powershell],
    severities: ['low', 'medium', 'high'],
  },
  {
    serviceSource: 'microsoftDefenderForIdentity',
    scope: 'involving one user',
    device: (_prng, d) => d.get(DOMAIN_CONTROLLER),
    steps: [STEPS.bruteForce, STEPS.lateralMovement],
    severities: ['medium', 'high'],
  },
  {
    serviceSource: 'microsoftDefenderForCloudApps',
    scope: 'involving one user',
    device: (prng, d) => d.pick(prng, WORKSTATIONS),
    steps: [STEPS.travel, STEPS.infrequentCountry],
    severities: ['low', 'medium'],
  },
  {
    serviceSource: 'microsoft365Defender',
    scope: 'on one endpoint',
    device: (prng, d) => d.pick(prng, WORKSTATIONS),
    steps: [STEPS.disruption, STEPS.payload, STEPS.c2],
    severities: ['high'],
  },
];

export const LIVE_SERVICE_SOURCES: readonly ServiceSource[] = SCENARIOS.map((s) => s.serviceSource);

/** Contoso's devices as they are now in the tenant (a machine isolated since the seed shows so in new evidence). */
export class LiveDevices {
  /** Machine key -> its profile and MDE device id (ids and profiles do not depend on the tenant's clock). */
  private readonly known: Map<MachineKey, { profile: DeviceProfile; id: string }>;

  /** `machineId`: the tenant's id of a demo device (a derived tenant renames them). */
  constructor(
    private readonly machines: () => readonly MdeMachine[],
    machineId: (demoId: string) => string = (id) => id,
  ) {
    this.known = new Map(buildDevices(createClock(new Date(0))).map((d) => [d.profile.key, { profile: d.profile, id: machineId(d.machine.id) }]));
  }

  get(key: MachineKey): DemoDevice {
    const known = this.known.get(key);
    const machine = known && this.machines().find((m) => m.id === known.id);
    if (!known || !machine) throw new Error(`live incidents: no machine ${key} in the tenant`);
    return { machine, profile: known.profile };
  }

  pick(prng: Prng, keys: readonly MachineKey[]): DemoDevice {
    return this.get(prng.pick(keys));
  }

  /** One of Contoso's devices by its MDE device id. */
  byMachineId(id: string): DemoDevice | undefined {
    const key = [...this.known].find(([, k]) => k.id === id)?.[0];
    return key && this.machines().some((m) => m.id === id) ? this.get(key) : undefined;
  }
}

export interface NewIncidentRequest {
  id: string;
  /** Its creation stamp (createdDateTime and lastUpdateDateTime). */
  stamp: string;
  severity?: Severity;
  title?: string;
  serviceSource?: ServiceSource;
  tags?: string[];
  /** 1..3 (default: drawn). */
  alertCount?: number;
}

/** A new active, unassigned incident with its alerts. */
export function newIncident(request: NewIncidentRequest, prng: Prng, devices: LiveDevices): { incident: GraphIncident; alerts: GraphAlert[] } {
  const candidates = request.serviceSource ? SCENARIOS.filter((s) => s.serviceSource === request.serviceSource) : SCENARIOS;
  const scenario = prng.pick(candidates);
  const device = scenario.device(prng, devices);
  const user = userOf(device, prng);
  const count = request.alertCount ?? prng.int(1, scenario.steps.length);
  const steps = scenario.steps.slice(0, Math.min(count, scenario.steps.length));
  const severity = request.severity ?? prng.pick(scenario.severities);
  const specs = steps.map((step, n) => {
    const scene = sceneFor(device, user, request.stamp, prng);
    const spec = step.alert(scene, `live-${request.id}-${n + 1}`);
    // The first detection carries the incident's severity; those after it are no more severe.
    spec.severity = n === 0 ? severity : lesser(prng.pick(scenario.severities), severity);
    return spec;
  });
  const categories = [...new Set(steps.map((s) => s.category))];
  const displayName =
    request.title ??
    (categories.length > 1 ? `Multi-stage incident involving ${categories.join(' & ')} ${scenario.scope}` : `${categories[0]} incident ${scenario.scope}`);
  const story = buildIncident({
    id: request.id,
    displayName,
    severity,
    status: 'active',
    assignedTo: null,
    customTags: request.tags ? [...request.tags] : [],
    lastModifiedBy: null,
    alerts: specs,
  });
  return { incident: story.incidents[0]!, alerts: story.alerts };
}

/** One more alert for an existing incident, on the device and user its evidence already names where it names them. */
export function followUpAlert(
  incident: GraphIncident,
  existing: readonly GraphAlert[],
  stamp: string,
  prng: Prng,
  devices: LiveDevices,
  severity?: Severity,
): GraphAlert {
  const evidence = existing.flatMap((a) => a.evidence);
  const deviceId = evidence.find((e) => e['@odata.type'].endsWith('deviceEvidence'))?.['mdeDeviceId'];
  const device = (typeof deviceId === 'string' ? devices.byMachineId(deviceId) : undefined) ?? devices.pick(prng, WORKSTATIONS);
  const upn = evidence.map((e) => (e['userAccount'] as { userPrincipalName?: string } | undefined)?.userPrincipalName).find((u) => typeof u === 'string');
  const user = Object.values(USERS).find((u) => u.userPrincipalName === upn) ?? userOf(device, prng);
  const step = prng.pick([STEPS.c2, STEPS.scheduledTask, STEPS.powershell, STEPS.payload]);
  const spec = step.alert(sceneFor(device, user, stamp, prng), `live-${incident.id}-${existing.length + 1}`);
  spec.severity = severity ?? prng.pick(['medium', 'high'] as Severity[]);
  const status = incident.status === 'resolved' || incident.status === 'inProgress' ? incident.status : 'active';
  const story = buildIncident({
    id: incident.id,
    displayName: incident.displayName,
    severity: spec.severity,
    status,
    assignedTo: incident.assignedTo,
    lastModifiedBy: incident.lastModifiedBy,
    alerts: [spec],
  });
  const added = story.alerts[0]!;
  // The alert joins with the incident's owner (set above) and classification, as the seeded alerts do: none while
  // the incident is not classified.
  added.classification = incident.classification === 'unknown' ? null : incident.classification;
  added.determination = incident.determination === 'unknown' ? null : incident.determination;
  return added;
}

function sceneFor(device: DemoDevice, user: DirectoryUser, stamp: string, prng: Prng): Scene {
  const createdMs = Date.parse(stamp);
  return { device, user, created: stamp, activity: new Date(createdMs - prng.int(2, 15) * 60_000 - prng.int(0, 59_999)).toISOString(), prng };
}

function userOf(device: DemoDevice, prng: Prng): DirectoryUser {
  const keys = device.profile.loggedOnUsers.length > 0 ? device.profile.loggedOnUsers : (['user1'] as UserKey[]);
  return USERS[prng.pick(keys)];
}

function lesser(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b) ? a : b;
}
