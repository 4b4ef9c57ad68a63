import type { Actor } from '../../core/actor';

/**
 * Who sent a Teams activity, and from which organisation, as far as the authenticated activity says.
 *
 * Where Teams puts the tenants (read for this module; none of it is in botbuilder 4.23's types):
 * - `conversation.tenantId` and `channelData.tenant.id` are the tenant that hosts the conversation. msteams-docs
 *   build-apps-for-shared-private-channels.md: "To retrieve the host tenant ID for any event or action payload
 *   received by a bot, use turnContext.activity.conversation.tenantId".
 * - In a shared channel (Teams Connect) members can come from other tenants. The sender's own tenant is carried in
 *   `from.membershipSources[].tenantId` (Teams' shared-channel schema, announced in microsoft/Agents#179 and
 *   microsoft/teams.net#100, and typed as ChannelAccount.membershipSources / MembershipSource.tenantId in the Teams
 *   SDK (microsoft/teams.ts packages/api/src/models/account.ts, membership-source.ts) and the Agents SDK).
 * - `channelData.channel.type` is 'shared' in a shared channel (teams.ts ChannelInfo.type: standard | shared |
 *   private); Graph and the tab context call the same thing `membershipType`, which is accepted too.
 */
export type TeamsIdentity =
  | { ok: true; actor: Actor; hostTenantId?: string; sharedChannel: boolean }
  | { ok: false; reason: TeamsIdentityRefusal; tenantId?: string; message: string; detail: string };

export type TeamsIdentityRefusal = 'no_sender' | 'tenant_conflict' | 'tenant_unknown' | 'tenant_not_allowed' | 'host_not_allowed';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** More membership sources than this is not a Teams activity. */
const MAX_SOURCES = 50;

const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const shortText = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

/** A tenant id field: absent (undefined), a GUID (lower-cased), or malformed (null). */
function tenantField(v: unknown): string | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' && GUID.test(v) ? v.toLowerCase() : null;
}

function refusal(reason: TeamsIdentityRefusal, message: string, detail: string, tenantId?: string): TeamsIdentity {
  return { ok: false, reason, message, detail, tenantId };
}

function isSharedChannel(channelData: Record<string, unknown> | undefined): boolean {
  const channel = record(channelData?.channel);
  return [channel?.type, channel?.membershipType].some((t) => typeof t === 'string' && t.toLowerCase() === 'shared');
}

/**
 * The Actor of an activity, judged against the tenant allow-list (undefined: any tenant, the local demo only), or a
 * refusal with its reason. The allow-list judges the sender's own tenant; in a shared channel that is the tenant
 * its membership sources name, and when Teams does not name it the activity is refused rather than judged by the
 * host's tenant. The host tenant must be allowed too: the answer is posted into the host's conversation.
 */
export function teamsIdentity(activity: unknown, allowedTenants: readonly string[] | undefined): TeamsIdentity {
  const a = record(activity) ?? {};
  const from = record(a.from);
  const userId = shortText(from?.id, 1000);
  if (!userId) return refusal('no_sender', 'The bot could not tell who sent this, so it did nothing.', 'the activity has no sender id (from.id)');

  const channelData = record(a.channelData);
  const fromConversation = tenantField(record(a.conversation)?.tenantId);
  const fromChannelData = tenantField(record(channelData?.tenant)?.id);
  if (fromConversation === null || fromChannelData === null || (fromConversation && fromChannelData && fromConversation !== fromChannelData))
    return refusal(
      'tenant_conflict',
      'The bot could not tell which organisation this conversation belongs to, so it did nothing.',
      'conversation.tenantId and channelData.tenant.id are malformed or disagree',
    );
  const hostTenantId = fromConversation ?? fromChannelData;

  const sources = Array.isArray(from?.membershipSources) ? (from.membershipSources as unknown[]) : [];
  const sourceTenants = new Set<string | null>();
  for (const source of sources.slice(0, MAX_SOURCES + 1)) {
    const t = tenantField(record(source)?.tenantId);
    if (t !== undefined) sourceTenants.add(t);
  }
  if (sources.length > MAX_SOURCES || sourceTenants.has(null) || sourceTenants.size > 1)
    return refusal(
      'tenant_conflict',
      'The bot could not tell which organisation you belong to, so it did nothing.',
      `from.membershipSources name ${sources.length > MAX_SOURCES ? 'too many sources' : 'malformed or different tenants'}`,
    );
  const sharedChannel = isSharedChannel(channelData);
  const senderTenantId = ([...sourceTenants][0] as string | undefined) ?? (sharedChannel ? undefined : hostTenantId);

  if (allowedTenants) {
    const allowed = (t: string) => allowedTenants.some((x) => x.toLowerCase() === t);
    if (!senderTenantId)
      return refusal(
        'tenant_unknown',
        sharedChannel
          ? 'In this shared channel Teams did not tell the bot which organisation you belong to, so it cannot check that you may use it. Ask in a standard channel or in a chat with the bot.'
          : 'The bot could not tell which organisation you belong to, so it did nothing.',
        sharedChannel ? "shared channel without the sender's tenant (from.membershipSources[].tenantId)" : 'no tenant on the activity',
      );
    if (!allowed(senderTenantId))
      return refusal(
        'tenant_not_allowed',
        'This bot is not available to your organisation.',
        `sender tenant ${senderTenantId} is not in TEAMS_ALLOWED_TENANTS`,
        senderTenantId,
      );
    if (hostTenantId && !allowed(hostTenantId))
      return refusal(
        'host_not_allowed',
        "This conversation belongs to another organisation, and the bot answers only in its own organisation's teams and chats.",
        `host tenant ${hostTenantId} is not in TEAMS_ALLOWED_TENANTS (sender tenant ${senderTenantId})`,
        hostTenantId,
      );
  }

  const aadObjectId = typeof from?.aadObjectId === 'string' && GUID.test(from.aadObjectId) ? from.aadObjectId : undefined;
  return {
    ok: true,
    actor: { platform: 'teams', userId, aadObjectId, tenantId: senderTenantId ?? '', displayName: shortText(from?.name, 256) ?? '' },
    hostTenantId,
    sharedChannel,
  };
}
