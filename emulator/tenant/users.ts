import { DEMO_USERS } from './ids';
import { stableGuid } from './prng';

/** A Contoso directory account as evidence, mail and logon tables refer to it. */
export interface DirectoryUser {
  accountName: string;
  userPrincipalName: string;
  displayName: string;
  objectId: string;
  sid: string;
}

const DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820';

function user(accountName: string, displayName: string, rid: number, objectId?: string): DirectoryUser {
  return {
    accountName,
    userPrincipalName: `${accountName}@contoso.com`,
    displayName,
    objectId: objectId ?? stableGuid(`user:${accountName}`),
    sid: `${DOMAIN_SID}-${rid}`,
  };
}

export const USERS = {
  user1: user('user1', 'User One', 1104),
  user2: user('user2', 'User Two', 1105),
  user3: user('user3', 'User Three', 1106),
  user4: user('user4', 'User Four', 1107),
  user5: user('user5', 'User Five', 1108),
  user6: user('user6', 'User Six', 1109),
  user7: user('user7', 'User Seven', 1110),
  cfo: user('megan.bowen', 'Megan Bowen (CFO)', 1111),
  svcBackup: user('svc-backup', 'Backup Service Account', 1120),
  svcSql: user('svc-sql', 'SQL Service Account', 1121),
  admHelpdesk: user('adm-helpdesk', 'Helpdesk Admin', 1122),
  redteam: user('redteam01', 'Red Team Operator', 1130),
  buildAgent: user('build-agent', 'Build Agent', 1131),
  alex: user('alex.analyst', DEMO_USERS.alex.displayName, 1201, DEMO_USERS.alex.objectId),
  sam: user('sam.soc', DEMO_USERS.sam.displayName, 1202, DEMO_USERS.sam.objectId),
  pat: user('pat.viewer', DEMO_USERS.pat.displayName, 1203, DEMO_USERS.pat.objectId),
} as const satisfies Record<string, DirectoryUser>;

export type UserKey = keyof typeof USERS;

export const NT_DOMAIN = 'CONTOSO';
