import type { AppConfig } from '../config/schema';
import { DefenderError } from '../defender/http/errors';
import type { Actor } from './actor';

export type Role = 'viewer' | 'hunter' | 'responder' | 'approver' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'hunter', 'responder', 'approver', 'admin'];

/** What each role allows (admin: every role). Every role may read. */
export const ROLE_ALLOWS: Record<Role, string[]> = {
  viewer: ['read'],
  hunter: ['read', 'hunt'],
  responder: ['read', 'respond'],
  approver: ['read', 'approve'],
  admin: ['read', 'hunt', 'respond', 'approve', 'admin'],
};

/** The setting that lists a role's members. */
export const roleSetting = (role: Role) => `ROLE_${role.toUpperCase()}S`;

export type RoleDecision = { allowed: true; via: string } | { allowed: false; reason: string };

/**
 * Reads which of the given Entra groups a user belongs to (Graph checkMemberGroups). `userTenantId` is the user's own
 * Entra tenant: a bot serving several tenants reads the groups in the directory where the user lives.
 */
export type GroupReader = (userObjectId: string, groupIds: string[], userTenantId: string) => Promise<string[]>;

/**
 * Reads the members of a Slack user group (usergroups.users.list). Its errors are shown to the person asking, so
 * it throws messages written for them (the cause in words), never Slack's raw text.
 */
export type SlackGroupReader = (groupId: string, teamId: string) => Promise<string[]>;

export interface RoleResolverOptions {
  cacheMs?: number;
  now?: () => number;
  slackGroupMembers?: SlackGroupReader;
  /** Where the raw text of a failed membership read goes (the person asking reads the cause in words). */
  log?: (message: string, level?: 'info' | 'warn') => void;
}

/**
 * Why Microsoft Graph's group check failed, in words for the person refused: the kind of failure and, for a 403, the
 * permission to grant. Microsoft's own text stays in the log.
 */
export function describeGroupCheckFailure(err: unknown): string {
  if (!(err instanceof DefenderError)) return 'the group check failed inside the bot';
  const d = err.details;
  switch (d.kind) {
    case 'forbidden':
      // The least privileged of the permissions that would do (the pipeline lists them in that order).
      return `Microsoft Graph refused the group check: the app lacks ${d.missingPermissions?.[0] ?? 'GroupMember.Read.All'} (a bot admin grants it, with admin consent)`;
    case 'unauthorized':
      return "Microsoft Graph did not accept the bot's token for the group check (401): a bot admin checks DEFENDER_CLOUD and DEFENDER_GRAPH_URL";
    case 'credential':
      return 'the bot could not sign in to Microsoft Graph for the group check: a bot admin checks the AZURE_* settings (`defender-chatops doctor`)';
    case 'throttled':
      return 'the group check is throttled by Microsoft: try again in a minute';
    case 'timeout':
      return 'Microsoft Graph did not answer in time: try again';
    case 'network':
      return `Microsoft Graph cannot be reached: ${d.code ?? 'network error'}; try again, and tell a bot admin if it persists`;
    case 'notFound':
      return "Microsoft Graph does not know your account in the bot's tenant";
    default:
      if (d.upstreamMessage === 'the response is not valid JSON') return "Microsoft Graph's answer to the group check was not valid JSON: try again";
      return `the group check failed${d.status ? ` (${d.status})` : ''} on Microsoft's side: try again`;
  }
}

interface CacheEntry {
  groups: string[];
  expires: number;
}

/**
 * Roles from configuration: users and Entra groups per role. Membership is read live with a short cache, and a failure
 * to read it is a refusal (fail closed). Decided for the identity the platform authenticated.
 */
export class RoleResolver {
  private readonly cache = new Map<string, CacheEntry>();

  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly roles: AppConfig['roles'],
    private readonly readGroups: GroupReader,
    private readonly options: RoleResolverOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  private members(role: Role): string[] {
    return [...this.roles[role], ...(role === 'admin' ? [] : this.roles.admin)];
  }

  /**
   * May this person read from Defender (lookups, `user`, `device`, `actions`)? With LOOKUPS_REQUIRE_ROLE (the default
   * outside demo mode) they need the viewer role or any other; membership is read once for all roles together.
   */
  async canRead(actor: Actor): Promise<RoleDecision> {
    if (!this.roles.lookupsRequireRole) return { allowed: true, via: 'LOOKUPS_REQUIRE_ROLE=false' };
    const members = [...new Set(ROLES.flatMap((r) => this.roles[r]))];
    if (members.length === 0) return { allowed: false, reason: 'nobody has a role on this bot yet: an admin sets ROLE_VIEWERS' };
    return this.decide(actor, members, 'reading from Defender needs the viewer role (or any other), and you have none');
  }

  async check(actor: Actor, role: Role): Promise<RoleDecision> {
    const members = this.members(role);
    if (members.length === 0) return { allowed: false, reason: `nobody has the ${role} role yet: an admin sets ${roleSetting(role)}` };
    return this.decide(actor, members, `you do not have the ${role} role`);
  }

  /** Whether the actor is one of `members` (directly or through a group); `noRole` is the refusal when they are not. */
  private async decide(actor: Actor, members: string[], noRole: string): Promise<RoleDecision> {
    const direct = actor.platform === 'slack' ? `slack:${actor.userId}` : actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : undefined;
    if (direct && members.some((m) => m.toLowerCase() === direct.toLowerCase())) return { allowed: true, via: direct };
    if (actor.platform === 'slack') return this.checkSlackGroups(actor, noRole, members);
    const groups = members.filter((m) => m.toLowerCase().startsWith('group:')).map((m) => m.slice('group:'.length).toLowerCase());
    if (groups.length === 0 || actor.platform !== 'teams') return { allowed: false, reason: noRole };
    if (!actor.aadObjectId) return { allowed: false, reason: 'your Entra identity is not known to the bot (guest or anonymous user)' };
    let mine: string[];
    try {
      mine = await this.groupsOf(actor.aadObjectId, groups, actor.tenantId);
    } catch (err) {
      this.options.log?.(
        `role check: the Entra group membership of ${actor.aadObjectId} could not be read: ${err instanceof Error ? err.message : String(err)}`,
        'warn',
      );
      return { allowed: false, reason: `your group membership could not be read (${describeGroupCheckFailure(err)}), so the answer is no` };
    }
    const hit = groups.find((g) => mine.includes(g));
    return hit ? { allowed: true, via: `group:${hit}` } : { allowed: false, reason: noRole };
  }

  private async checkSlackGroups(actor: Actor, noRole: string, members: string[]): Promise<RoleDecision> {
    const groups = members.filter((m) => m.startsWith('slack-group:')).map((m) => m.slice('slack-group:'.length));
    const reader = this.options.slackGroupMembers;
    if (groups.length === 0 || !reader) return { allowed: false, reason: noRole };
    for (const group of groups) {
      let users: string[];
      try {
        users = await this.cached(`slack|${actor.tenantId}|${group}`, () => reader(group, actor.tenantId));
      } catch (err) {
        const raw = err instanceof Error ? err.message : String(err);
        this.options.log?.(`role check: the members of Slack user group ${group} could not be read: ${raw}`, 'warn');
        // The reader's own words (see SlackGroupReader), on one short line.
        const cause = err instanceof Error ? (raw.split(/\r?\n/)[0] ?? '').slice(0, 200) : 'Slack did not answer';
        return { allowed: false, reason: `the members of Slack user group ${group} could not be read (${cause}), so the answer is no` };
      }
      if (users.includes(actor.userId)) return { allowed: true, via: `slack-group:${group}` };
    }
    return { allowed: false, reason: noRole };
  }

  private async cached(key: string, read: () => Promise<string[]>): Promise<string[]> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) return hit.groups;
    const value = await read();
    this.cache.set(key, { groups: value, expires: this.now() + this.cacheMs });
    return value;
  }

  private async groupsOf(objectId: string, groupIds: string[], userTenantId: string): Promise<string[]> {
    return this.cached(`${userTenantId.toLowerCase()}|${objectId.toLowerCase()}|${[...groupIds].sort().join(',')}`, async () => {
      const result: string[] = [];
      // Graph checks at most 20 groups per call.
      for (let i = 0; i < groupIds.length; i += 20)
        result.push(...(await this.readGroups(objectId, groupIds.slice(i, i + 20), userTenantId)).map((g) => g.toLowerCase()));
      return result;
    });
  }
}
