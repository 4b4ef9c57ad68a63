import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindingKey, bindingSpecificity, tenantsFor, type Conversation } from '../../src/config/bindings';
import { loadConfig } from '../../src/config/load';
import type { Binding, BindingTarget, Tenant, TenantsConfig } from '../../src/config/tenants';
import { readTenantsFile } from '../../src/config/tenants-file';

const MSSP = '99999999-9999-4999-8999-999999999999';
const CUSTOMER = '88888888-8888-4888-8888-888888888888';
const SOC_TEAM = '19:socteam@thread.tacv2';
const SOC_GENERAL = SOC_TEAM; // a team's General channel has the team's id
const WOODGROVE_CHANNEL = '19:woodgrove@thread.tacv2';
const SOCIAL_CHANNEL = '19:social@thread.tacv2';
const OTHER_TEAM = '19:otherteam@thread.tacv2';
const CHAT = '19:incident-4471@thread.v2';

function tenant(name: string): Tenant {
  return {
    name,
    key: name.toLowerCase(),
    tenantId: '11111111-1111-4111-8111-111111111111',
    cloud: 'commercial',
    endpoints: loadConfig({}).endpoints,
    credential: { kind: 'demo' },
    credentialSource: 'demo',
    roles: { viewer: [], hunter: [], responder: [], approver: [], admin: [] },
  };
}

const bind = (target: BindingTarget, tenants: string[], origin = 'test'): Binding => ({ target, tenants, origin });

const [contoso, fabrikam, woodgrove, northwind] = [tenant('Contoso'), tenant('fabrikam'), tenant('woodgrove'), tenant('northwind')];

/** The MSSP's SOC team answers for every customer, one channel for one, a social channel for none; a customer's own tenant-wide binding. */
const config: TenantsConfig = {
  source: 'file',
  tenants: [contoso, fabrikam, woodgrove, northwind],
  bindings: [
    bind({ platform: 'teams', tenantId: MSSP, teamId: SOC_TEAM }, ['contoso', 'fabrikam', 'woodgrove']),
    bind({ platform: 'teams', tenantId: MSSP, teamId: SOC_TEAM, channelId: WOODGROVE_CHANNEL }, ['woodgrove']),
    bind({ platform: 'teams', tenantId: MSSP, channelId: SOCIAL_CHANNEL }, []),
    bind({ platform: 'teams', tenantId: MSSP, chatId: CHAT }, ['CONTOSO']),
    bind({ platform: 'teams', tenantId: CUSTOMER.toUpperCase() }, ['northwind']),
    bind({ platform: 'slack', teamId: 'T0SOC0001' }, ['contoso', 'fabrikam']),
    bind({ platform: 'slack', teamId: 'T0SOC0001', channelId: 'C0FABRIKAM' }, ['fabrikam']),
  ],
};

const channel = (channelId: string, teamId = SOC_TEAM, tenantId = MSSP): Conversation => ({
  platform: 'teams',
  tenantId,
  teamId,
  channelId,
  conversationId: `${channelId};messageid=1700000000000`,
});
const names = (conversation: Conversation, c: TenantsConfig = config) => tenantsFor(conversation, c).map((t) => t.name);

describe('tenantsFor', () => {
  it("answers in a team's channel for the team's tenants", () => {
    expect(names(channel(SOC_GENERAL))).toEqual(['Contoso', 'fabrikam', 'woodgrove']);
  });

  it("lets a channel's binding win over its team's", () => {
    expect(names(channel(WOODGROVE_CHANNEL))).toEqual(['woodgrove']);
  });

  it('lets a channel opt out of its team with an empty binding', () => {
    expect(names(channel(SOCIAL_CHANNEL))).toEqual([]);
  });

  it("binds a chat by its id, whatever thread or reply the conversation id names, and it wins over the tenant's binding", () => {
    expect(names({ platform: 'teams', tenantId: MSSP, conversationId: CHAT })).toEqual(['Contoso']);
    expect(names({ platform: 'teams', tenantId: MSSP, conversationId: `${CHAT};messageid=42` })).toEqual(['Contoso']);
    expect(names({ platform: 'teams', tenantId: CUSTOMER, conversationId: CHAT })).toEqual(['northwind']);
  });

  it('lets a Teams tenant-wide binding answer where nothing more specific is bound, comparing tenant ids ignoring case', () => {
    expect(names(channel('19:any@thread.tacv2', OTHER_TEAM, CUSTOMER))).toEqual(['northwind']);
    expect(names({ platform: 'teams', tenantId: CUSTOMER.toUpperCase(), conversationId: 'a:personal-chat' })).toEqual(['northwind']);
  });

  it('binds nothing where no binding applies: no default tenant', () => {
    expect(tenantsFor(channel('19:any@thread.tacv2', OTHER_TEAM), config)).toEqual([]);
    expect(tenantsFor({ platform: 'teams', tenantId: MSSP, conversationId: 'a:personal-chat' }, config)).toEqual([]);
    expect(tenantsFor({ platform: 'teams', tenantId: '00000000-0000-4000-8000-000000000000', conversationId: CHAT }, config)).toEqual([]);
    expect(tenantsFor({ platform: 'slack', teamId: 'T0OTHER01', channelId: 'C0FABRIKAM' }, config)).toEqual([]);
    expect(tenantsFor(channel(SOC_GENERAL), { ...config, bindings: [] })).toEqual([]);
  });

  it('needs every id a binding names: a channel binding with a team id does not match the same channel id in another team', () => {
    expect(names(channel(WOODGROVE_CHANNEL, OTHER_TEAM))).toEqual([]);
    expect(names(channel(SOCIAL_CHANNEL, OTHER_TEAM))).toEqual([]); // bound without a team id: the channel id alone
  });

  it("does not cross platforms: a Slack id never matches a Teams conversation's", () => {
    const teamsLike: TenantsConfig = { ...config, bindings: [bind({ platform: 'slack', teamId: 'T0SOC0001' }, ['contoso'])] };
    expect(tenantsFor({ platform: 'teams', tenantId: MSSP, teamId: 'T0SOC0001', channelId: 'T0SOC0001', conversationId: 'T0SOC0001' }, teamsLike)).toEqual([]);
  });

  it("answers in a Slack channel for its workspace's tenants, unless the channel has its own binding", () => {
    expect(names({ platform: 'slack', teamId: 'T0SOC0001', channelId: 'C0GENERAL' })).toEqual(['Contoso', 'fabrikam']);
    expect(names({ platform: 'slack', teamId: 'T0SOC0001', channelId: 'C0FABRIKAM' })).toEqual(['fabrikam']);
  });

  it('skips names of tenants it does not have, and repeats no tenant', () => {
    const c: TenantsConfig = {
      ...config,
      bindings: [bind({ platform: 'slack', teamId: 'T1' }, ['gone', 'contoso']), bind({ platform: 'slack', teamId: 'T1' }, ['CONTOSO', 'fabrikam'])],
    };
    expect(names({ platform: 'slack', teamId: 'T1', channelId: 'C1' }, c)).toEqual(['Contoso', 'fabrikam']);
  });

  it('is the one tenant everywhere in single-tenant mode', () => {
    const single: TenantsConfig = { source: 'settings', tenants: [contoso], bindings: [] };
    expect(tenantsFor(channel(SOC_GENERAL), single)).toEqual([contoso]);
    expect(tenantsFor({ platform: 'slack', teamId: 'T9', channelId: 'C9' }, single)).toEqual([contoso]);
  });

  it('works the same on the bindings of a tenants file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bindings-'));
    const path = join(dir, 'tenants.yaml');
    writeFileSync(
      path,
      `tenants:
  - { name: Contoso, tenantId: 11111111-1111-4111-8111-111111111111, credential: { app: shared } }
  - { name: woodgrove, tenantId: 44444444-4444-4444-8444-444444444444, credential: { app: shared } }
bindings:
  - teams: { tenantId: ${MSSP}, teamId: "${SOC_TEAM}" }
    tenants: [contoso, woodgrove]
  - teams: { tenantId: ${MSSP}, teamId: "${SOC_TEAM}", channelId: "${WOODGROVE_CHANNEL}" }
    tenants: [Woodgrove]
`,
    );
    const live = loadConfig({
      AZURE_TENANT_ID: MSSP,
      AZURE_CLIENT_ID: '55555555-5555-4555-8555-555555555555',
      AZURE_CLIENT_SECRET: 's',
      ROLE_VIEWERS: 'group:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    });
    const fromFile = readTenantsFile(path, live, {});
    expect(names(channel(SOC_GENERAL), fromFile)).toEqual(['Contoso', 'woodgrove']);
    expect(names(channel(WOODGROVE_CHANNEL), fromFile)).toEqual(['woodgrove']);
    expect(names(channel(SOCIAL_CHANNEL, OTHER_TEAM), fromFile)).toEqual([]);
  });
});

describe('bindingSpecificity and bindingKey', () => {
  it('rank a chat or channel over a team or workspace over a Teams tenant', () => {
    expect(config.bindings.map((b) => bindingSpecificity(b.target))).toEqual([2, 3, 3, 3, 1, 2, 3]);
  });

  it('give one key to bindings of the same conversations', () => {
    expect(bindingKey({ platform: 'teams', tenantId: MSSP.toUpperCase(), chatId: `${CHAT};messageid=1` })).toBe(
      bindingKey({ platform: 'teams', tenantId: MSSP, chatId: CHAT }),
    );
    expect(bindingKey({ platform: 'teams', tenantId: MSSP, teamId: SOC_TEAM, channelId: WOODGROVE_CHANNEL })).toBe(
      bindingKey({ platform: 'teams', tenantId: MSSP, channelId: WOODGROVE_CHANNEL }),
    );
    expect(bindingKey({ platform: 'teams', tenantId: MSSP, teamId: SOC_TEAM })).not.toBe(bindingKey({ platform: 'teams', tenantId: MSSP }));
    expect(bindingKey({ platform: 'slack', teamId: 'T1', channelId: 'C1' })).not.toBe(bindingKey({ platform: 'slack', teamId: 'T1' }));
  });
});
