/** The roles, as AppConfig.roles and a tenants file's `roles` name them (ROLE_VIEWERS is `viewer`, and so on). */
export const ROLE_NAMES = ['viewer', 'hunter', 'responder', 'approver', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const AAD_MEMBER = /^(aad|group):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLACK_MEMBER = /^(slack|slack-group):[A-Z0-9]{2,20}$/;

/** A role member as ROLE_* writes it (the same rule as src/config/schema.ts). */
export function isRoleMember(member: string): boolean {
  return AAD_MEMBER.test(member) || SLACK_MEMBER.test(member);
}

export const ROLE_MEMBER_HINT = 'write aad:<user object id>, group:<Entra group id>, slack:<user id> or slack-group:<user group id>';
