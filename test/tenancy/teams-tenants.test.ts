import { defaultTeamsTenants } from '../../src/app/teams-tenants';
import { loadConfig } from '../../src/config/load';
import { singleTenantConfig, type TenantsConfig } from '../../src/config/tenants';

const HOME = '99999999-9999-4999-8999-999999999999';
const CONTOSO = '11111111-1111-4111-8111-111111111111';

describe('the Teams tenants allowed when TEAMS_ALLOWED_TENANTS is unset', () => {
  it('one tenant: its own, as before tenants files existed', () => {
    const config = loadConfig({ AZURE_TENANT_ID: CONTOSO.toUpperCase(), AZURE_CLIENT_ID: HOME, AZURE_CLIENT_SECRET: 's', ROLE_VIEWERS: `aad:${HOME}` });
    expect(defaultTeamsTenants(singleTenantConfig(config))).toEqual([CONTOSO]);
  });

  it("several: the Defender tenants and every Teams tenant a binding names (the MSSP's own), each once", () => {
    const base = singleTenantConfig(loadConfig({}));
    const tenants: TenantsConfig = {
      source: 'file',
      tenants: [{ ...base.tenants[0]!, name: 'contoso', key: 'contoso', tenantId: CONTOSO }],
      bindings: [
        { target: { platform: 'teams', tenantId: HOME.toUpperCase(), teamId: '19:a' }, tenants: ['contoso'], origin: 'bindings[0]' },
        { target: { platform: 'teams', tenantId: HOME, channelId: '19:b' }, tenants: [], origin: 'bindings[1]' },
        { target: { platform: 'slack', teamId: 'T1' }, tenants: ['contoso'], origin: 'bindings[2]' },
      ],
    };
    expect(defaultTeamsTenants(tenants)).toEqual([CONTOSO, HOME]);
  });
});
