import { DEMO_GROUPS, DEMO_USERS } from './ids';

/** Entra groups the bot's role checks read (checkMemberGroups). pat.viewer is in none. */
export function buildGroups(): Record<string, { displayName: string; members: string[] }> {
  return {
    [DEMO_GROUPS.responders.id]: { displayName: DEMO_GROUPS.responders.displayName, members: [DEMO_USERS.alex.objectId] },
    [DEMO_GROUPS.approvers.id]: { displayName: DEMO_GROUPS.approvers.displayName, members: [DEMO_USERS.sam.objectId] },
    [DEMO_GROUPS.hunters.id]: { displayName: DEMO_GROUPS.hunters.displayName, members: [DEMO_USERS.alex.objectId] },
  };
}
