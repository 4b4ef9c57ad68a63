import type { AppConfig } from '../config/schema';
import { ROLE_ALLOWS, ROLES, roleSetting, type Role } from '../core/roles';
import type { Check } from './doctor';

const KINDS: Array<{ prefix: string; name: string }> = [
  // Longest prefix first: slack-group: also starts with slack.
  { prefix: 'slack-group:', name: 'Slack user groups' },
  { prefix: 'slack:', name: 'Slack users' },
  { prefix: 'group:', name: 'Entra groups' },
  { prefix: 'aad:', name: 'Entra users' },
];

const WHAT: Record<string, string> = {
  read: 'read (lookups, user, device, actions)',
  hunt: 'hunt (their own KQL)',
  respond: 'respond (request isolate, release, quarantine, ...)',
  approve: "approve (others' response requests)",
  admin: 'admin (every role)',
};

/** Members of one role as configured, by kind: "Entra groups: <id>, <id>; Slack users: U123". */
export function describeMembers(members: string[], names: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const kind of KINDS) {
    const ids = members.filter((m) => m.toLowerCase().startsWith(kind.prefix)).map((m) => m.slice(kind.prefix.length));
    if (ids.length) parts.push(`${kind.name}: ${ids.map((id) => (names[id.toLowerCase()] ? `${id} (${names[id.toLowerCase()]})` : id)).join(', ')}`);
  }
  return parts.join('; ');
}

function whoMayRead(config: AppConfig, demo: boolean): string {
  if (demo) return 'the local user of this demo bot';
  const tenants = config.teams.allowedTenants.length
    ? `Teams tenant${config.teams.allowedTenants.length > 1 ? 's' : ''} ${config.teams.allowedTenants.join(', ')}`
    : "the bot's own Teams tenant (AZURE_TENANT_ID)";
  const slack = config.slack.botToken
    ? ` and of ${config.slack.allowedTeams.length ? `Slack workspace ${config.slack.allowedTeams.join(', ')}` : 'the Slack workspace of SLACK_BOT_TOKEN'}`
    : '';
  return `every user of ${tenants}${slack}`;
}

/**
 * Who can do what: each role, who holds it (as configured: Entra users and groups, Slack users and user groups;
 * admins hold every role) and what it allows; a warning when reading is open to everyone.
 */
export function roleChecks(config: AppConfig, demo: boolean, groupNames: Record<string, string> = {}): Check[] {
  const checks: Check[] = [];
  const admins = describeMembers(config.roles.admin, groupNames);
  for (const role of ROLES) {
    const own = describeMembers(config.roles[role], groupNames);
    const holders = role === 'admin' || !admins ? own : [own, `every admin`].filter(Boolean).join('; ');
    checks.push({
      status: 'ok',
      title: `Role ${role}: ${ROLE_ALLOWS[role as Role].map((a) => WHAT[a]).join(', ')}`,
      detail: holders ? `held by ${holders}` : `nobody (${roleSetting(role)} is empty)`,
    });
  }
  if (!config.roles.lookupsRequireRole) {
    const who = whoMayRead(config, demo);
    if (demo) checks.push({ status: 'ok', title: `Reading is open to ${who} (demo mode; LOOKUPS_REQUIRE_ROLE=true to try the roles)` });
    else
      checks.push({
        status: 'warn',
        title: `Reading is open to everyone: ${who} may look up indicators and read user <upn>, device and actions (LOOKUPS_REQUIRE_ROLE=false)`,
        detail:
          'That shows alerts, incidents and e-mail involving any colleague, and every machine action with its requester and comment. Set ROLE_VIEWERS to the people or groups who should read, and remove LOOKUPS_REQUIRE_ROLE=false.',
      });
  } else {
    checks.push({ status: 'ok', title: 'Reading needs a role: the viewer role or any other (LOOKUPS_REQUIRE_ROLE)' });
  }
  return checks;
}
