import type { AppConfig } from '../config/schema';
import type { Actor } from './actor';

export type Role = 'viewer' | 'hunter' | 'responder' | 'approver' | 'admin';

export type RoleDecision = { allowed: true; via: string } | { allowed: false; reason: string };

/** Reads which of the given Entra groups a user belongs to (Graph checkMemberGroups). */
export type GroupReader = (userObjectId: string, groupIds: string[]) => Promise<string[]>;

/** Reads the members of a Slack user group (usergroups.users.list). */
export type SlackGroupReader = (groupId: string, teamId: string) => Promise<string[]>;

export interface RoleResolverOptions {
  cacheMs?: number;
  now?: () => number;
  slackGroupMembers?: SlackGroupReader;
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

  async check(actor: Actor, role: Role): Promise<RoleDecision> {
    const members = this.members(role);
    if (members.length === 0) return { allowed: false, reason: `nobody has the ${role} role yet: an admin sets ROLE_${role.toUpperCase()}S` };
    const direct = actor.platform === 'slack' ? `slack:${actor.userId}` : actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : undefined;
    if (direct && members.some((m) => m.toLowerCase() === direct.toLowerCase())) return { allowed: true, via: direct };
    if (actor.platform === 'slack') return this.checkSlackGroups(actor, role, members);
    const groups = members.filter((m) => m.toLowerCase().startsWith('group:')).map((m) => m.slice('group:'.length).toLowerCase());
    if (groups.length === 0 || actor.platform !== 'teams') return { allowed: false, reason: `you do not have the ${role} role` };
    if (!actor.aadObjectId) return { allowed: false, reason: 'your Entra identity is not known to the bot (guest or anonymous user)' };
    let mine: string[];
    try {
      mine = await this.groupsOf(actor.aadObjectId, groups);
    } catch (err) {
      return { allowed: false, reason: `your group membership could not be read (${err instanceof Error ? err.message : String(err)}), so the answer is no` };
    }
    const hit = groups.find((g) => mine.includes(g));
    return hit ? { allowed: true, via: `group:${hit}` } : { allowed: false, reason: `you do not have the ${role} role` };
  }

  private async checkSlackGroups(actor: Actor, role: Role, members: string[]): Promise<RoleDecision> {
    const groups = members.filter((m) => m.startsWith('slack-group:')).map((m) => m.slice('slack-group:'.length));
    const reader = this.options.slackGroupMembers;
    if (groups.length === 0 || !reader) return { allowed: false, reason: `you do not have the ${role} role` };
    for (const group of groups) {
      let users: string[];
      try {
        users = await this.cached(`slack|${actor.tenantId}|${group}`, () => reader(group, actor.tenantId));
      } catch (err) {
        return { allowed: false, reason: `the members of Slack user group ${group} could not be read (${err instanceof Error ? err.message : String(err)}), so the answer is no` };
      }
      if (users.includes(actor.userId)) return { allowed: true, via: `slack-group:${group}` };
    }
    return { allowed: false, reason: `you do not have the ${role} role` };
  }

  private async cached(key: string, read: () => Promise<string[]>): Promise<string[]> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) return hit.groups;
    const value = await read();
    this.cache.set(key, { groups: value, expires: this.now() + this.cacheMs });
    return value;
  }

  private async groupsOf(objectId: string, groupIds: string[]): Promise<string[]> {
    return this.cached(`${objectId.toLowerCase()}|${[...groupIds].sort().join(',')}`, async () => {
      const result: string[] = [];
      // Graph checks at most 20 groups per call.
      for (let i = 0; i < groupIds.length; i += 20) result.push(...(await this.readGroups(objectId, groupIds.slice(i, i + 20))).map((g) => g.toLowerCase()));
      return result;
    });
  }
}
