import { teamsIdentity, type TeamsIdentity } from '../../../src/bot/teams/teams-identity';

const HOST = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
const PARTNER = '0f8276ea-111b-46af-9512-79ce81d5dea1';
const STRANGER = '3fee1829-7ae5-45d0-a29d-0c924adb25f1';
const USER = '9da619c7-3645-413e-ab27-75baef969048';

/** A message as Teams posts it (shapes from msteams-docs and the shared-channel payloads of microsoft/teams.net#100). */
function activity(
  overrides: { from?: Record<string, unknown>; conversation?: Record<string, unknown>; channelData?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'msteams',
    from: { id: '29:1abc', name: 'Alex Analyst', aadObjectId: USER, ...overrides.from },
    conversation: { id: '19:soc@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, tenantId: HOST, ...overrides.conversation },
    channelData: { tenant: { id: HOST }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:soc@thread.tacv2' }, ...overrides.channelData },
  };
}

const shared = { channel: { id: '19:soc@thread.tacv2', type: 'shared', name: 'SOC incident 4711' } };
const source = (tenantId: unknown, membershipType = 'direct') => ({
  sourceType: 'channel',
  id: '19:soc@thread.tacv2',
  membershipType,
  teamGroupId: 'g',
  tenantId,
});

function refused(identity: TeamsIdentity) {
  if (identity.ok) throw new Error(`expected a refusal, got ${JSON.stringify(identity.actor)}`);
  return identity;
}

describe('a standard channel or chat', () => {
  it("the actor comes from `from` and the conversation's tenant", () => {
    const id = teamsIdentity(activity(), [HOST]);
    expect(id).toEqual({
      ok: true,
      actor: { platform: 'teams', userId: '29:1abc', aadObjectId: USER, tenantId: HOST, displayName: 'Alex Analyst' },
      hostTenantId: HOST,
      sharedChannel: false,
    });
  });

  it('tenant ids compare case-insensitively, with the allow-list as written', () => {
    expect(teamsIdentity(activity({ conversation: { tenantId: HOST.toUpperCase() }, channelData: { tenant: { id: HOST } } }), [HOST.toUpperCase()]).ok).toBe(
      true,
    );
  });

  it('another tenant is refused, with the tenant named for the log only', () => {
    const r = refused(teamsIdentity(activity({ conversation: { tenantId: STRANGER }, channelData: { tenant: { id: STRANGER } } }), [HOST]));
    expect(r).toMatchObject({ reason: 'tenant_not_allowed', tenantId: STRANGER, message: 'This bot is not available to your organisation.' });
    expect(r.detail).toContain('TEAMS_ALLOWED_TENANTS');
  });

  it('either tenant field alone is enough; none at all is refused when an allow-list applies', () => {
    expect(teamsIdentity(activity({ conversation: { tenantId: undefined } }), [HOST]).ok).toBe(true);
    expect(teamsIdentity(activity({ channelData: { tenant: undefined } }), [HOST]).ok).toBe(true);
    expect(refused(teamsIdentity(activity({ conversation: { tenantId: undefined }, channelData: { tenant: undefined } }), [HOST])).reason).toBe(
      'tenant_unknown',
    );
  });

  it('without an allow-list (local demo) anyone is accepted, still with the tenant recorded', () => {
    expect(teamsIdentity(activity({ conversation: { tenantId: STRANGER }, channelData: { tenant: { id: STRANGER } } }), undefined)).toMatchObject({
      ok: true,
      actor: { tenantId: STRANGER },
    });
  });
});

describe('a shared channel (Teams Connect)', () => {
  it("judges the sender's own tenant: a member from a partner tenant is refused when only the host is allowed", () => {
    const r = refused(teamsIdentity(activity({ from: { membershipSources: [source(PARTNER)] }, channelData: shared }), [HOST]));
    expect(r).toMatchObject({ reason: 'tenant_not_allowed', tenantId: PARTNER });
  });

  it("a member from the host tenant is accepted; the actor carries the sender's tenant", () => {
    const id = teamsIdentity(activity({ from: { membershipSources: [source(HOST)] }, channelData: shared }), [HOST]);
    expect(id).toMatchObject({ ok: true, sharedChannel: true, hostTenantId: HOST, actor: { tenantId: HOST } });
  });

  it('an allowed partner in a channel hosted by an allowed tenant is accepted as the partner', () => {
    const id = teamsIdentity(activity({ from: { membershipSources: [source(PARTNER, 'transitive')] }, channelData: shared }), [HOST, PARTNER]);
    expect(id).toMatchObject({ ok: true, actor: { tenantId: PARTNER }, hostTenantId: HOST });
  });

  it('an allowed sender in a channel hosted by a foreign tenant is refused: the answer would be posted there', () => {
    const r = refused(
      teamsIdentity(
        activity({ from: { membershipSources: [source(HOST)] }, conversation: { tenantId: STRANGER }, channelData: { ...shared, tenant: { id: STRANGER } } }),
        [HOST],
      ),
    );
    expect(r).toMatchObject({ reason: 'host_not_allowed', tenantId: STRANGER });
    expect(r.message).toMatch(/belongs to another organisation/);
  });

  it("refuses when the sender's tenant cannot be known, never falling back to the host's", () => {
    for (const from of [{}, { membershipSources: [] }, { membershipSources: [source(undefined)] }, { membershipSources: 'not a list' }]) {
      const r = refused(teamsIdentity(activity({ from, channelData: shared }), [HOST]));
      expect(r.reason).toBe('tenant_unknown');
      expect(r.message).toMatch(/In this shared channel Teams did not tell the bot which organisation you belong to.*standard channel or in a chat/);
    }
  });

  it('recognises the channel type by `type` or by `membershipType`, in any case', () => {
    expect(refused(teamsIdentity(activity({ channelData: { channel: { id: 'c', membershipType: 'Shared' } } }), [HOST])).reason).toBe('tenant_unknown');
    expect(refused(teamsIdentity(activity({ channelData: { channel: { id: 'c', type: 'SHARED' } } }), [HOST])).reason).toBe('tenant_unknown');
    expect(teamsIdentity(activity({ channelData: { channel: { id: 'c', type: 'private' } } }), [HOST]).ok).toBe(true);
  });

  it("a membership source naming the sender's tenant is honoured outside shared channels too (federated chats)", () => {
    expect(refused(teamsIdentity(activity({ from: { membershipSources: [source(PARTNER)] } }), [HOST])).reason).toBe('tenant_not_allowed');
  });
});

describe('hostile and malformed activities', () => {
  it.each([
    ['no from', { from: undefined }],
    ['from is a string', { from: 'alex' }],
    ['empty id', { from: { id: '' } }],
    ['id is a number', { from: { id: 42 } }],
    ['id of 10,000 characters', { from: { id: 'x'.repeat(10_000) } }],
  ])('%s: refused, nothing guessed', (_name, patch) => {
    const a = { ...activity(), ...patch };
    expect(refused(teamsIdentity(a, [HOST])).reason).toBe('no_sender');
  });

  it.each([
    ['tenant fields that disagree', { conversation: { tenantId: HOST }, channelData: { tenant: { id: STRANGER } } }],
    ['a tenant that is not a GUID', { conversation: { tenantId: "' or 1=1 --" } }],
    ['a tenant that is an object', { channelData: { tenant: { id: { $ne: null } } } }],
    ['membership sources naming two tenants', { from: { membershipSources: [source(HOST), source(PARTNER)] } }],
    ['a membership source with a malformed tenant', { from: { membershipSources: [source(HOST), source('contoso')] } }],
    ['51 membership sources', { from: { membershipSources: Array.from({ length: 51 }, () => source(HOST)) } }],
  ])('%s: refused as a conflict', (_name, patch) => {
    const base = activity();
    const a = {
      ...base,
      from: { ...(base.from as object), ...(patch as { from?: object }).from },
      conversation: { ...(base.conversation as object), ...(patch as { conversation?: object }).conversation },
      channelData: { ...(base.channelData as object), ...(patch as { channelData?: object }).channelData },
    };
    const r = refused(teamsIdentity(a, [HOST]));
    expect(r.reason).toBe('tenant_conflict');
    expect(r.message).toMatch(/could not tell which organisation/);
  });

  it('conflicts are refused even without an allow-list', () => {
    expect(refused(teamsIdentity(activity({ channelData: { tenant: { id: STRANGER } } }), undefined)).reason).toBe('tenant_conflict');
  });

  it('identity never comes from card data or channelData fields made up for the occasion', () => {
    const a = activity({ channelData: { tenant: { id: HOST }, from: { aadObjectId: 'forged' }, senderTenantId: PARTNER } });
    (a as Record<string, unknown>).value = { action: { data: { aadObjectId: 'forged', tenantId: PARTNER } } };
    expect(teamsIdentity(a, [HOST])).toMatchObject({ ok: true, actor: { aadObjectId: USER, tenantId: HOST } });
  });

  it('a malformed aadObjectId is dropped (role checks then fail closed); an overlong name is dropped', () => {
    expect(teamsIdentity(activity({ from: { aadObjectId: '<script>' } }), [HOST])).toMatchObject({ ok: true, actor: { aadObjectId: undefined } });
    expect(teamsIdentity(activity({ from: { aadObjectId: ['x'] } }), [HOST])).toMatchObject({ ok: true, actor: { aadObjectId: undefined } });
    expect(teamsIdentity(activity({ from: { name: 'n'.repeat(300) } }), [HOST])).toMatchObject({ ok: true, actor: { displayName: '' } });
    expect(teamsIdentity(activity({ from: { name: 'Ünïcødé 名前 \u202e' } }), [HOST])).toMatchObject({
      ok: true,
      actor: { displayName: 'Ünïcødé 名前 \u202e' },
    });
  });

  it('not an object at all', () => {
    for (const junk of [null, undefined, 42, 'activity', [], [activity()]]) expect(refused(teamsIdentity(junk, [HOST])).reason).toBe('no_sender');
  });
});
