import { buildIncident, comment, type Story } from '../builders';
import { DETECTORS } from '../detectors';
import { INCIDENT_IDS } from '../ids';
import { EXTERNAL_IPS } from '../network';
import { T } from '../timeline';
import { USERS, type DirectoryUser } from '../users';
import { ANALYSTS, type StoryContext } from './context';

/** Accounts the spray from 192.0.2.200 tried; identity-logons.ts emits the matching failed logons. */
export const SPRAYED_ACCOUNTS: DirectoryUser[] = [
  USERS.user1,
  USERS.user2,
  USERS.user3,
  USERS.user4,
  USERS.user5,
  USERS.user6,
  USERS.user7,
  USERS.cfo,
  USERS.svcSql,
  USERS.admHelpdesk,
  USERS.buildAgent,
  USERS.svcBackup,
];

/** Password spray that compromised svc-backup, later used from ws-042 for DCSync. */
export function identityStory({ clock, device }: StoryContext): Story {
  const dc01 = device('dc01');
  const ws042 = device('ws042');
  const sprayStart = clock.ago(T.sprayStart);
  const sprayEnd = clock.ago(T.sprayEnd);
  const dcsync = clock.ago(T.dcsyncFromWs042);
  const spray = EXTERNAL_IPS.spray;

  return buildIncident({
    id: INCIDENT_IDS.passwordSpray,
    displayName: 'Password spray attack and credential theft involving multiple users',
    severity: 'high',
    status: 'active',
    assignedTo: ANALYSTS.sam,
    lastModifiedBy: ANALYSTS.sam,
    customTags: ['Identity'],
    comments: [comment('svc-backup password reset requested from the identity team (ticket CHG-4471).', 'Sam Soc', clock.after(dcsync, { h: 2, m: 15 }))],
    alerts: [
      {
        label: 'spray-bruteforce',
        detector: DETECTORS.bruteForce,
        description:
          `${spray.ipAddress} sent ${SPRAYED_ACCOUNTS.length * 3} NTLM authentication requests against ` +
          `${SPRAYED_ACCOUNTS.length} accounts on dc-01.contoso.com (password spray). One attempt succeeded for ` +
          'svc-backup@contoso.com.',
        severity: 'high',
        firstActivity: sprayStart,
        lastActivity: sprayEnd,
        created: clock.after(sprayEnd, { m: 4 }),
        lastUpdate: clock.after(sprayEnd, { m: 4 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.ip(spray, { verdict: 'malicious', roles: ['attacker', 'source'] }),
          ev.user(USERS.svcBackup, { verdict: 'suspicious', roles: ['compromised'] }),
          ev.user(USERS.user1, { roles: ['attacked'] }),
          ev.user(USERS.user3, { roles: ['attacked'] }),
          ev.user(USERS.svcSql, { roles: ['attacked'] }),
          ev.user(USERS.admHelpdesk, { roles: ['attacked'] }),
          ev.device(dc01, { roles: ['destination'], detailedRoles: ['Domain controller'] }),
        ],
      },
      {
        label: 'svc-backup-dcsync',
        detector: DETECTORS.dcsync,
        description:
          'svc-backup@contoso.com on ws-042.contoso.com sent a replication request (DCSync) to dc-01.contoso.com ' +
          'and received the secrets of 3 accounts, including krbtgt.',
        severity: 'high',
        firstActivity: dcsync,
        lastActivity: clock.after(dcsync, { m: 2 }),
        created: clock.after(dcsync, { m: 3 }),
        lastUpdate: clock.after(dcsync, { m: 3 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.user(USERS.svcBackup, { verdict: 'malicious', roles: ['compromised', 'attacker'] }),
          ev.device(ws042, { verdict: 'suspicious', roles: ['source'], detailedRoles: ['Source device'] }),
          ev.device(dc01, { roles: ['destination'], detailedRoles: ['Domain controller'] }),
          ev.ip(ws042.machine.lastIpAddress ?? '10.0.4.17', { roles: ['source'] }),
        ],
      },
    ],
  });
}
