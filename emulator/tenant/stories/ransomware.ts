import { buildIncident, comment, type Story } from '../builders';
import { DETECTORS } from '../detectors';
import { INCIDENT_IDS } from '../ids';
import { C2_DOMAIN, EXTERNAL_IPS } from '../network';
import { T } from '../timeline';
import { USERS } from '../users';
import { ANALYSTS, type StoryContext } from './context';
import { PATHS } from './paths';

const LOCKBIT = { displayName: 'Ransom:Win64/LockBit.PA!MTB', familyName: 'LockBit' };
const RANSOM_PIDS = { psexesvc: 3312, ransomware: 5528 };

/**
 * Human-operated ransomware: svc-backup (from the spray) runs PsExec from ws-042 to srv-fin-01, which encrypts
 * files and calls the C2; the same binary is stopped on srv-file-02; attack disruption isolates srv-fin-01.
 */
export function ransomwareStory({ clock, device }: StoryContext): Story {
  const srvFin01 = device('srvFin01');
  const srvFile02 = device('srvFile02');
  const ws042 = device('ws042');
  const lateral = clock.ago(T.lateralToSrvFin01);
  const dropped = clock.ago(T.ransomwareDropped);
  const encryption = clock.ago(T.encryptionStart);
  const prevented = clock.ago(T.srvFile02Prevented);
  const disruption = clock.ago(T.attackDisruption);

  const ransomProcess = {
    image: 'ransomware' as const,
    imagePath: PATHS.windowsTemp,
    commandLine: 'C:\\Windows\\Temp\\svcupdate.exe -path \\\\srv-fin-01\\finance$ -nolog',
    processId: RANSOM_PIDS.ransomware,
    created: dropped,
    parent: { image: 'psexesvc' as const, imagePath: PATHS.windows, processId: RANSOM_PIDS.psexesvc, created: lateral },
    user: USERS.svcBackup,
    device: srvFin01,
    detectionStatus: 'detected' as const,
  };

  return buildIncident({
    id: INCIDENT_IDS.ransomware,
    displayName: 'Human-operated ransomware attack launched from a compromised asset',
    summary:
      'svc-backup, compromised by a password spray, ran svcupdate.exe (LockBit) on srv-fin-01 through PsExec from ' +
      'ws-042. Attack disruption contained svc-backup and isolated srv-fin-01; the same file was blocked on srv-file-02.',
    severity: 'high',
    status: 'inProgress',
    assignedTo: ANALYSTS.alex,
    classification: 'truePositive',
    determination: 'multiStagedAttack',
    customTags: ['Ransomware', 'Finance'],
    systemTags: ['Attack Disruption'],
    lastModifiedBy: ANALYSTS.alex,
    comments: [
      comment(
        'srv-fin-01 isolated by attack disruption; keep isolated until restore from backup is verified.',
        'Alex Analyst',
        clock.after(disruption, { m: 25 }),
      ),
      comment("Finance share restore started from last night's snapshot.", 'Sam Soc', clock.after(disruption, { h: 6 })),
    ],
    alerts: [
      {
        label: 'ransom-remote-code-execution',
        detector: DETECTORS.remoteCodeExecution,
        description: 'svc-backup@contoso.com on ws-042.contoso.com created the PSEXESVC service on srv-fin-01.contoso.com ' + 'and ran commands remotely.',
        severity: 'high',
        firstActivity: lateral,
        lastActivity: clock.after(lateral, { m: 3 }),
        created: clock.after(lateral, { m: 4 }),
        lastUpdate: clock.after(lateral, { m: 4 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.user(USERS.svcBackup, { verdict: 'malicious', roles: ['compromised', 'attacker'] }),
          ev.device(ws042, { verdict: 'suspicious', roles: ['source'], detailedRoles: ['Source device'] }),
          ev.device(srvFin01, { roles: ['destination', 'attacked'], detailedRoles: ['Destination device'] }),
          ev.file('psexec', PATHS.tools, ws042, { verdict: 'suspicious', roles: ['contextual'] }),
        ],
      },
      {
        label: 'ransom-filesystem',
        detector: DETECTORS.ransomwareBehavior,
        description:
          'svcupdate.exe on srv-fin-01.contoso.com renamed and encrypted 2,214 files on the finance share and ' +
          `deleted volume shadow copies. It also connected to ${C2_DOMAIN} (${EXTERNAL_IPS.c2.ipAddress}).`,
        severity: 'high',
        firstActivity: dropped,
        lastActivity: clock.after(encryption, { m: 10 }),
        created: clock.after(encryption, { m: 1 }),
        lastUpdate: clock.after(disruption, { m: 25 }),
        threat: LOCKBIT,
        investigationState: 'partiallyRemediated',
        evidence: (ev) => [
          ev.file('ransomware', PATHS.windowsTemp, srvFin01, {
            verdict: 'malicious',
            remediationStatus: 'remediated',
            detectionStatus: 'detected',
            roles: ['created'],
          }),
          ev.process(ransomProcess, { verdict: 'malicious', remediationStatus: 'remediated', roles: ['suspicious'] }),
          ev.device(srvFin01, { verdict: 'malicious', roles: ['compromised'], detailedRoles: ['Main device'] }),
          ev.user(USERS.svcBackup, { verdict: 'malicious', roles: ['compromised'] }),
          ev.ip(EXTERNAL_IPS.c2, { verdict: 'malicious', roles: ['commandAndControl', 'destination'] }),
          ev.url(C2_DOMAIN, { verdict: 'malicious', roles: ['commandAndControl'] }),
        ],
      },
      {
        label: 'ransom-prevented-srv-file-02',
        detector: DETECTORS.ransomwarePrevented,
        description: "Microsoft Defender Antivirus prevented 'LockBit' ransomware (svcupdate.exe) from running on " + 'srv-file-02.contoso.com.',
        severity: 'medium',
        firstActivity: prevented,
        lastActivity: prevented,
        created: clock.after(prevented, { m: 1 }),
        lastUpdate: clock.after(prevented, { h: 1, m: 10 }),
        threat: LOCKBIT,
        investigationState: 'successfullyRemediated',
        evidence: (ev) => [
          ev.file('ransomware', PATHS.windowsTemp, srvFile02, {
            verdict: 'malicious',
            remediationStatus: 'prevented',
            detectionStatus: 'prevented',
          }),
          ev.device(srvFile02, { roles: ['attacked'], detailedRoles: ['Main device'] }),
          ev.user(USERS.svcBackup, { verdict: 'malicious', roles: ['attacker'] }),
        ],
      },
      {
        label: 'ransom-attack-disruption',
        detector: DETECTORS.attackDisruption,
        description:
          'Defender XDR automatically contained svc-backup@contoso.com and isolated srv-fin-01.contoso.com to ' + 'stop the ransomware from spreading.',
        severity: 'high',
        firstActivity: lateral,
        lastActivity: disruption,
        created: disruption,
        lastUpdate: clock.after(disruption, { m: 2 }),
        threat: LOCKBIT,
        investigationState: 'running',
        evidence: (ev) => [
          ev.user(USERS.svcBackup, { verdict: 'malicious', remediationStatus: 'remediated', roles: ['compromised'], tags: ['Contained'] }),
          ev.device(srvFin01, { verdict: 'malicious', remediationStatus: 'remediated', roles: ['compromised'], tags: ['Contained'] }),
          ev.device(ws042, { verdict: 'suspicious', roles: ['source'] }),
        ],
      },
    ],
  });
}
