import type { AppConfig } from '../config/schema';
import type { Actor } from './actor';

export type Role = 'viewer' | 'hunter' | 'responder' | 'approver' | 'admin';

export type RoleDecision = { allowed: true; via: string } | { allowed: false; reason: string };

/** Reads which of the given Entra groups a user belongs to (Graph checkMemberGroups). */
export type GroupReader = (userObjectId: string, groupIds: string[]) => Promise<string[]>;

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

  constructor(
    private readonly roles: AppConfig['roles'],
    private readonly readGroups: GroupReader,
    private readonly cacheMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private members(role: Role): string[] {
    return [...this.roles[role], ...(role === 'admin' ? [] : this.roles.admin)];
  }

  async check(actor: Actor, role: Role): Promise<RoleDecision> {
    const members = this.members(role);
    if (members.length === 0) return { allowed: false, reason: `nobody has the ${role} role yet: an admin sets ROLE_${role.toUpperCase()}S` };
    const direct = actor.platform === 'slack' ? `slack:${actor.userId}` : actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : undefined;
    if (direct && members.some((m) => m.toLowerCase() === direct.toLowerCase())) return { allowed: true, via: direct };
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

  private async groupsOf(objectId: string, groupIds: string[]): Promise<string[]> {
    const key = `${objectId.toLowerCase()}|${[...groupIds].sort().join(',')}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > this.now()) return cached.groups;
    const result: string[] = [];
    // Graph checks at most 20 groups per call.
    for (let i = 0; i < groupIds.length; i += 20) result.push(...(await this.readGroups(objectId, groupIds.slice(i, i + 20))).map((g) => g.toLowerCase()));
    this.cache.set(key, { groups: result, expires: this.now() + this.cacheMs });
    return result;
  }
}
