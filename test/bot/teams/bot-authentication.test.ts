import { generateKeyPairSync } from 'node:crypto';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { decideBotAuth } from '../../../src/bot/teams/bot-auth';
import { botFrameworkOptions } from '../../../src/bot/teams/bot-framework-options';
import { createTeamsAdapter } from '../../../src/bot/teams/teams-adapter';
import { loadConfig } from '../../../src/config/load';

/*
 * What botbuilder ends up with for each kind of bot identity: the settings are handed to the real
 * ConfigurationBotFrameworkAuthentication, and the credentials of the ConnectorClient it builds for a proactive turn
 * (continueConversationAsync, no network until something is sent) are read back, with the inbound token checks.
 */

const BOT = '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';
const TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
const THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

interface Credentials {
  constructor: { name: string };
  appId: string;
  oAuthEndpoint?: string;
  oAuthScope: string;
  certificateThumbprint?: string;
}

/** The credentials on the ConnectorClient botbuilder creates for a turn in the conversation. */
async function connectorCredentials(adapter: CloudAdapter, appId: string): Promise<Credentials> {
  let credentials: Credentials | undefined;
  await adapter.continueConversationAsync(
    appId,
    { serviceUrl: 'https://smba.trafficmanager.net/teams/', channelId: 'msteams', conversation: { id: 'a:1' } as never },
    async (ctx: TurnContext) => {
      credentials = (ctx.turnState.get(ctx.adapter.ConnectorClientKey) as { credentials: Credentials }).credentials;
    },
  );
  return credentials!;
}

/** The inbound (Teams to bot) side of botbuilder's configuration. */
function inbound(adapter: CloudAdapter): Record<string, unknown> {
  return (adapter as unknown as { botFrameworkAuthentication: { inner: Record<string, unknown> } }).botFrameworkAuthentication.inner;
}

function adapterFor(env: Record<string, string>, demo = false) {
  const config = loadConfig(env);
  const decision = decideBotAuth(config, demo);
  if (!decision.ok) throw new Error(decision.message);
  return { config, decision, ...createTeamsAdapter(config, decision) };
}

describe('the authentication botbuilder builds', () => {
  it("SingleTenant with a secret: tokens from the bot's own tenant for the public Bot Framework", async () => {
    const { adapter, decision } = adapterFor({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: 'p',
    });
    expect(decision.mode).toBe('authenticated');
    const c = await connectorCredentials(adapter, BOT);
    expect(c.constructor.name).toBe('MicrosoftAppCredentials');
    expect(c).toMatchObject({ appId: BOT, oAuthEndpoint: `https://login.microsoftonline.com/${TENANT}`, oAuthScope: 'https://api.botframework.com' });
    expect(inbound(adapter)).toMatchObject({
      toBotFromChannelTokenIssuer: 'https://api.botframework.com',
      toBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    });
  });

  it('MultiTenant with a secret: tokens from botframework.com, as before August 2025', async () => {
    const { adapter } = adapterFor({ MicrosoftAppId: BOT, MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'p' });
    const c = await connectorCredentials(adapter, BOT);
    expect(c.constructor.name).toBe('MicrosoftAppCredentials');
    expect(c.oAuthEndpoint).toBe('https://login.microsoftonline.com/botframework.com');
  });

  it("UserAssignedMSI: the managed identity's token for the Bot Framework, no secret anywhere", async () => {
    const { adapter, config } = adapterFor({ MicrosoftAppId: BOT, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT });
    expect(botFrameworkOptions(config.teams)).not.toHaveProperty('MicrosoftAppPassword');
    const c = await connectorCredentials(adapter, BOT);
    expect(c.constructor.name).toBe('ManagedIdentityAppCredentials');
    expect(c).toMatchObject({ appId: BOT, oAuthScope: 'https://api.botframework.com' });
  });

  it("a certificate: CertificateAppCredentials with the thumbprint, in the bot's tenant", async () => {
    const { adapter } = adapterFor({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      CertificateThumbprint: THUMBPRINT,
      CertificatePrivateKey: PEM,
    });
    const c = await connectorCredentials(adapter, BOT);
    expect(c.constructor.name).toBe('CertificateAppCredentials');
    expect(c).toMatchObject({ appId: BOT, certificateThumbprint: THUMBPRINT, oAuthEndpoint: `https://login.microsoftonline.com/${TENANT}` });
  });

  it.each([
    ['gcc-high', 'https://tokengcch.botframework.azure.us/'],
    ['dod', 'https://apiDoD.botframework.azure.us'],
  ])("Teams in %s: Azure Government's channel service for tokens out and in", async (cloud, oAuthUrl) => {
    const { adapter } = adapterFor({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: 'p',
      TEAMS_CLOUD: cloud,
    });
    const c = await connectorCredentials(adapter, BOT);
    expect(c.constructor.name).toBe('MicrosoftGovernmentAppCredentials');
    expect(c).toMatchObject({ oAuthEndpoint: `https://login.microsoftonline.us/${TENANT}`, oAuthScope: 'https://api.botframework.us' });
    expect(inbound(adapter)).toMatchObject({
      toChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
      toChannelFromBotOAuthScope: 'https://api.botframework.us',
      toBotFromChannelTokenIssuer: 'https://api.botframework.us',
      toBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      oAuthUrl,
      callerId: 'urn:botframework:azureusgov',
      validateAuthority: true,
    });
  });

  it('GCC (moderate) follows DEFENDER_CLOUD to the public Bot Framework; gcc-high follows it to Azure Government', async () => {
    const gcc = adapterFor({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: 'p',
      DEFENDER_CLOUD: 'gcc',
    });
    expect((await connectorCredentials(gcc.adapter, BOT)).oAuthScope).toBe('https://api.botframework.com');
    const high = adapterFor({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: 'p',
      DEFENDER_CLOUD: 'gcc-high',
    });
    expect((await connectorCredentials(high.adapter, BOT)).oAuthScope).toBe('https://api.botframework.us');
  });

  it('UserAssignedMSI in GCC High: the managed identity asks for the government audience', async () => {
    const { adapter } = adapterFor({ MicrosoftAppId: BOT, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, TEAMS_CLOUD: 'gcc-high' });
    const c = await connectorCredentials(adapter, BOT);
    expect(c.constructor.name).toBe('ManagedIdentityAppCredentials');
    expect(c.oAuthScope).toBe('https://api.botframework.us');
  });

  it('unauthenticated modes hand botbuilder an empty app id: replies carry no token', async () => {
    const { adapter, decision } = adapterFor({}, true);
    expect(decision.mode).toBe('demo');
    const c = await connectorCredentials(adapter, '');
    expect(c.appId ?? '').toBe('');
  });
});

describe('whether and where the bot starts', () => {
  const secret = { MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'p' };

  it('demo mode with MicrosoftAppId is authenticated and still loopback only, and the notice says so', () => {
    const decision = decideBotAuth(loadConfig({ ...secret, BIND_ADDRESS: '0.0.0.0' }), true);
    expect(decision).toMatchObject({ ok: true, mode: 'authenticated', bindAddress: '127.0.0.1' });
    if (decision.ok) expect(decision.notice).toMatch(/listens on 127\.0\.0\.1 only \(BIND_ADDRESS=0\.0\.0\.0 is ignored in demo mode\)/);
  });

  it('outside demo mode, an authenticated bot listens where BIND_ADDRESS says (all interfaces by default)', () => {
    expect(decideBotAuth(loadConfig(secret), false)).toMatchObject({ ok: true, mode: 'authenticated', bindAddress: '0.0.0.0' });
    expect(decideBotAuth(loadConfig({ ...secret, BIND_ADDRESS: '10.0.0.5' }), false)).toMatchObject({ bindAddress: '10.0.0.5' });
  });

  it('demo mode without MicrosoftAppId and BOT_AUTH=off: unauthenticated, loopback only, local clients only', () => {
    const demo = decideBotAuth(loadConfig({ BIND_ADDRESS: '0.0.0.0' }), true);
    expect(demo).toMatchObject({ ok: true, mode: 'demo', bindAddress: '127.0.0.1' });
    if (demo.ok) expect(demo.notice).toMatch(/not authenticated.*127\.0\.0\.1 only and answers only local clients/);
    expect(decideBotAuth(loadConfig({ ...secret, BOT_AUTH: 'off', BIND_ADDRESS: '0.0.0.0' }), false)).toMatchObject({
      ok: true,
      mode: 'off',
      bindAddress: '127.0.0.1',
    });
  });

  it('outside demo mode without MicrosoftAppId: refuses to start, naming the settings', () => {
    const decision = decideBotAuth(loadConfig({}), false);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.message).toMatch(/MicrosoftAppId is not set.*MicrosoftAppType=SingleTenant and MicrosoftAppTenantId/);
  });
});
