import nock from 'nock';
import type { AppConfig } from '../../src/config/schema';
import type { Actor } from '../../src/core/actor';
import { RoleResolver } from '../../src/core/roles';
import { GraphClient } from '../../src/defender/graph';
import { DefenderError } from '../../src/defender/http/errors';
import { createCredential, RoleAwareCredential } from '../../src/defender/http/credential';
import { DefenderHttp } from '../../src/defender/http/defender-http';
import { MemoryRateBudget } from '../../src/net/memory-rate-budget';
import { AUTHORITY, GRAPH, MDE, TEST_CLIENT, TEST_TENANT, mockLogin } from '../helpers/nock-login';

const USER = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'aaaaaaaa-0000-4000-8000-000000000002';
const GROUP = '11111111-0000-4000-8000-000000000003';

const teams = (aadObjectId: string | undefined = USER): Actor => ({
  platform: 'teams',
  userId: '29:x',
  aadObjectId,
  tenantId: TEST_TENANT,
  displayName: 'Alex',
});
const slack = (userId: string): Actor => ({ platform: 'slack', userId, tenantId: 'T0001', displayName: 'Sam' });

function roles(partial: Partial<AppConfig['roles']>): AppConfig['roles'] {
  return { viewer: [], hunter: [], responder: [], approver: [], admin: [], lookupsRequireRole: true, ...partial };
}

/** The bot's real Graph client (credential, pipeline, error mapping) against nock. */
function graph(): GraphClient {
  const endpoints = {
    cloud: 'commercial' as const,
    authorityHost: AUTHORITY,
    graphUrl: GRAPH,
    apiUrl: MDE,
    portalUrl: 'https://security.microsoft.com',
    graphScope: 'https://graph.microsoft.com/.default',
    apiScope: 'https://api.securitycenter.microsoft.com/.default',
    microsoftAuthority: false,
  };
  const credential = new RoleAwareCredential(createCredential({ kind: 'secret', tenantId: TEST_TENANT, clientId: TEST_CLIENT, secret: 's' }, endpoints));
  return new GraphClient(
    new DefenderHttp({
      credential,
      endpoints,
      http: { timeoutMs: 5000, maxRetries: 0, maxRetryWaitMs: 0, maxPages: 1 },
      budget: new MemoryRateBudget(),
      sleep: async () => undefined,
    }),
  );
}

// Twice: the role check, then canRead (a failed read is not cached). Every request has its answer: an unmatched one
// makes nock emit an error nobody listens to.
const checkMemberGroups = () => nock(GRAPH).post(`/v1.0/directoryObjects/${USER}/checkMemberGroups`).times(2);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('RoleResolver.canRead (LOOKUPS_REQUIRE_ROLE)', () => {
  it('lets anyone read when reading was opened explicitly, without reading membership', async () => {
    const resolver = new RoleResolver(roles({ lookupsRequireRole: false }), async () => {
      throw new Error('must not be called');
    });
    expect(await resolver.canRead(teams())).toEqual({ allowed: true, via: 'LOOKUPS_REQUIRE_ROLE=false' });
  });

  it('lets every role read (viewer, hunter, responder, approver, admin), directly or through a group, with one membership read', async () => {
    const calls: string[][] = [];
    const reader = async (_user: string, groups: string[]) => {
      calls.push(groups);
      return groups.filter((g) => g === GROUP);
    };
    for (const role of ['viewer', 'hunter', 'responder', 'approver', 'admin'] as const) {
      expect(await new RoleResolver(roles({ [role]: [`aad:${USER.toUpperCase()}`] }), reader).canRead(teams())).toEqual({ allowed: true, via: `aad:${USER}` });
      expect(await new RoleResolver(roles({ [role]: [`slack:UREAD1`] }), reader).canRead(slack('UREAD1'))).toMatchObject({ allowed: true });
    }
    const byGroup = new RoleResolver(
      roles({ viewer: ['group:22222222-0000-4000-8000-000000000009'], hunter: [`group:${GROUP}`], admin: [`group:${GROUP}`] }),
      reader,
    );
    expect(await byGroup.canRead(teams())).toEqual({ allowed: true, via: `group:${GROUP}` });
    expect(calls.at(-1)?.sort()).toEqual(['22222222-0000-4000-8000-000000000009', GROUP].sort());
    expect(calls).toHaveLength(1);
  });

  it('refuses someone with no role, a guest without Entra identity, and everyone when no role has members', async () => {
    const resolver = new RoleResolver(roles({ viewer: [`aad:${USER}`], responder: ['slack:URESP1'] }), async () => []);
    expect(await resolver.canRead(teams(OTHER))).toEqual({
      allowed: false,
      reason: 'reading from Defender needs the viewer role (or any other), and you have none',
    });
    expect(await resolver.canRead(slack('UNOBODY'))).toMatchObject({ allowed: false });
    const groups = new RoleResolver(roles({ viewer: [`group:${GROUP}`] }), async () => []);
    expect(await groups.canRead({ ...teams(), aadObjectId: undefined })).toEqual({
      allowed: false,
      reason: 'your Entra identity is not known to the bot (guest or anonymous user)',
    });
    expect(await new RoleResolver(roles({}), async () => []).canRead(teams())).toEqual({
      allowed: false,
      reason: 'nobody has a role on this bot yet: an admin sets ROLE_VIEWERS',
    });
  });
});

describe('a membership that cannot be read: refused, the cause in words, the raw text only in the log', () => {
  const RAW = 'Insufficient privileges to complete the operation. at Microsoft.Graph.Directory.Check(C:\\\\svc\\\\dir.cs:42) corr=5f1c';
  const cases = [
    {
      name: '403 without GroupMember.Read.All',
      reply: () => checkMemberGroups().reply(403, { error: { code: 'Authorization_RequestDenied', message: RAW } }),
      words: 'Microsoft Graph refused the group check: the app lacks GroupMember.Read.All (a bot admin grants it, with admin consent)',
    },
    {
      name: '500',
      reply: () => checkMemberGroups().reply(500, { error: { code: 'InternalServerError', message: RAW } }),
      words: "the group check failed (500) on Microsoft's side: try again",
    },
    {
      name: '401',
      reply: () => checkMemberGroups().reply(401, { error: { code: 'InvalidAuthenticationToken', message: RAW } }),
      words: "Microsoft Graph did not accept the bot's token for the group check (401): a bot admin checks DEFENDER_CLOUD and DEFENDER_GRAPH_URL",
    },
    {
      name: '429',
      reply: () => checkMemberGroups().reply(429, { error: { code: 'TooManyRequests', message: RAW } }, { 'Retry-After': '1' }),
      words: 'the group check is throttled by Microsoft: try again in a minute',
    },
    {
      name: 'not JSON',
      reply: () => checkMemberGroups().reply(200, `<html>${RAW}</html>`),
      words: "Microsoft Graph's answer to the group check was not valid JSON: try again",
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    mockLogin({ graph: ['SecurityIncident.Read.All'] });
    c.reply();
    const client = graph();
    const logs: string[] = [];
    const resolver = new RoleResolver(roles({ hunter: [`group:${GROUP}`] }), (u, g) => client.checkMemberGroups(u, g), { log: (m) => logs.push(m) });
    const decision = await resolver.check(teams(), 'hunter');
    expect(decision).toEqual({ allowed: false, reason: `your group membership could not be read (${c.words}), so the answer is no` });
    expect(JSON.stringify(decision)).not.toMatch(/Insufficient|dir\.cs|corr=|html/);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(`role check: the Entra group membership of ${USER} could not be read: `);
    expect((await resolver.canRead(teams())).allowed).toBe(false);
    expect(nock.isDone()).toBe(true);
  });

  it('names a network failure by its code (the pipeline maps resets and refusals to kind "network")', async () => {
    // Built here rather than with nock's replyWithError, whose socket emits its error again after the request ended.
    const reset = new DefenderError({
      kind: 'network',
      api: 'graph',
      operation: 'check group membership',
      code: 'ECONNRESET',
      upstreamMessage: `graph.test: ECONNRESET ${RAW}`,
    });
    const logs: string[] = [];
    const resolver = new RoleResolver(roles({ hunter: [`group:${GROUP}`] }), async () => Promise.reject(reset), { log: (m) => logs.push(m) });
    expect(await resolver.check(teams(), 'hunter')).toEqual({
      allowed: false,
      reason:
        'your group membership could not be read (Microsoft Graph cannot be reached: ECONNRESET; try again, and tell a bot admin if it persists), so the answer is no',
    });
    expect(logs[0]).toContain(RAW);
  });

  it('says "inside the bot" for a failure that is not Microsoft\'s, keeping its text in the log', async () => {
    const logs: string[] = [];
    const resolver = new RoleResolver(
      roles({ hunter: [`group:${GROUP}`] }),
      async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'value')");
      },
      { log: (m) => logs.push(m) },
    );
    expect(await resolver.check(teams(), 'hunter')).toEqual({
      allowed: false,
      reason: 'your group membership could not be read (the group check failed inside the bot), so the answer is no',
    });
    expect(logs[0]).toContain("Cannot read properties of undefined (reading 'value')");
  });

  it("shows a Slack reader's own words on one short line, and logs them whole", async () => {
    const logs: string[] = [];
    const resolver = new RoleResolver(roles({ approver: ['slack-group:SAPPROVERS'] }), async () => [], {
      slackGroupMembers: async () => {
        throw new Error(`Slack user groups need a paid Slack plan: list people as slack:<user id> instead\n${'x'.repeat(500)}`);
      },
      log: (m) => logs.push(m),
    });
    const decision = await resolver.check(slack('UAPPR1'), 'approver');
    expect(decision).toEqual({
      allowed: false,
      reason:
        'the members of Slack user group SAPPROVERS could not be read (Slack user groups need a paid Slack plan: list people as slack:<user id> instead), so the answer is no',
    });
    expect(logs[0]).toContain('x'.repeat(500));
  });
});
