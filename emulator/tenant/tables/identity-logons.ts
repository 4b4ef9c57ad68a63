import type { MachineKey } from '../ids';
import type { DemoDevice } from '../machines';
import { EXTERNAL_IPS, type KnownIp } from '../network';
import { Prng } from '../prng';
import { SPRAYED_ACCOUNTS } from '../stories/identity';
import { T } from '../timeline';
import type { Clock } from '../time';
import type { TableRow } from '../types';
import { USERS, type DirectoryUser, type UserKey } from '../users';
import { row } from './columns';

const ROUNDS = 3;
const ROUND_GAP_MINUTES = 19;
const ATTEMPT_GAP_S = 4;

interface Logon {
  at: string;
  success: boolean;
  user: DirectoryUser;
  logonType: string;
  protocol: string;
  deviceName?: string;
  ip: string;
  location?: string;
  failureReason?: string;
}

function reportId(prng: Prng): string {
  return String(prng.int(100_000_000, 999_999_999));
}

/** The spray: every account tried once per round from 192.0.2.200; svc-backup's last attempt succeeds. */
function spray(clock: Clock): Logon[] {
  const start = clock.ago(T.sprayStart);
  const out: Logon[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const roundStart = clock.after(start, { m: ROUND_GAP_MINUTES * round });
    SPRAYED_ACCOUNTS.forEach((user, i) => {
      const success = round === ROUNDS - 1 && user === USERS.svcBackup;
      out.push({
        at: clock.after(roundStart, { s: i * ATTEMPT_GAP_S }),
        success,
        user,
        logonType: 'Credentials validation',
        protocol: 'Ntlm',
        ip: EXTERNAL_IPS.spray.ipAddress,
        location: EXTERNAL_IPS.spray.countryLetterCode,
        failureReason: success ? undefined : 'WrongPassword',
      });
    });
  }
  return out;
}

function cloudSignIn(at: string, user: DirectoryUser, ip: KnownIp): Logon {
  return { at, success: true, user, logonType: 'Login:login', protocol: '', ip: ip.ipAddress, location: ip.countryLetterCode };
}

/** svc-backup used from ws-042 after the spray, and user2's two sign-ins behind the impossible-travel alert. */
function storyLogons(clock: Clock, device: (key: MachineKey) => DemoDevice): Logon[] {
  const ws042 = device('ws042').machine;
  const fromWs042 = (at: string): Logon => ({
    at,
    success: true,
    user: USERS.svcBackup,
    logonType: 'Resource access',
    protocol: 'Kerberos',
    deviceName: ws042.computerDnsName,
    ip: ws042.lastIpAddress ?? '',
  });
  return [
    fromWs042(clock.before(clock.ago(T.dcsyncFromWs042), { m: 1 })),
    fromWs042(clock.before(clock.ago(T.lateralToSrvFin01), { s: 20 })),
    cloudSignIn(clock.ago(T.travelHome), USERS.user2, EXTERNAL_IPS.travelHome),
    cloudSignIn(clock.ago(T.travelAway), USERS.user2, EXTERNAL_IPS.travelAway),
    cloudSignIn(clock.before(clock.ago(T.oauthCredentialAdded), { m: 4 }), USERS.user2, EXTERNAL_IPS.travelAway),
  ];
}

const DAILY_USERS: [UserKey, MachineKey][] = [
  ['user1', 'ws042'],
  ['user5', 'ws017'],
  ['user6', 'ws063'],
  ['user7', 'ws105'],
  ['redteam', 'wsPentest01'],
  ['svcSql', 'srvSql03'],
  ['admHelpdesk', 'dc01'],
  ['svcBackup', 'srvFile02'],
];

function background(clock: Clock, device: (key: MachineKey) => DemoDevice, prng: Prng): Logon[] {
  const out: Logon[] = [];
  const nowMs = clock.now.getTime();
  for (const [userKey, machineKey] of DAILY_USERS) {
    const m = device(machineKey).machine;
    const newest = Math.min(nowMs - 10 * 60_000, Date.parse(m.lastSeen));
    for (let i = 0; i < 8; i++) {
      const at = new Date(prng.int(nowMs - 7 * 86_400_000, newest)).toISOString();
      const typo = prng.chance(0.08);
      out.push({
        at,
        success: !typo,
        user: USERS[userKey],
        logonType: typo ? 'Interactive' : 'Resource access',
        protocol: 'Kerberos',
        deviceName: m.computerDnsName,
        ip: m.lastIpAddress ?? '',
        failureReason: typo ? 'WrongPassword' : undefined,
      });
    }
  }
  return out;
}

export function buildIdentityLogons(clock: Clock, device: (key: MachineKey) => DemoDevice, prng: Prng): TableRow[] {
  const logons = [...spray(clock), ...storyLogons(clock, device), ...background(clock, device, prng)];
  return logons.map((l) =>
    row('IdentityLogonEvents', {
      Timestamp: l.at,
      ActionType: l.success ? 'LogonSuccess' : 'LogonFailed',
      LogonType: l.logonType,
      Protocol: l.protocol,
      AccountName: l.user.accountName,
      AccountDomain: 'contoso.com',
      AccountUpn: l.user.userPrincipalName,
      AccountObjectId: l.user.objectId,
      DeviceName: l.deviceName,
      IPAddress: l.ip,
      Location: l.location,
      FailureReason: l.failureReason,
      ReportId: reportId(prng),
    }),
  );
}
