import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { CloudName } from '../../config/clouds';
import type { AppConfig } from '../../config/schema';

/** Azure Government's channel service, shared by GCC High and DoD. */
const US_GOVERNMENT = {
  ChannelService: 'https://botframework.azure.us',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
  ToChannelFromBotOAuthScope: 'https://api.botframework.us',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
  ValidateAuthority: true,
  // What botbuilder's own ChannelService-only government branch stamps on inbound activities (CallerIdConstants.USGovChannel).
  CallerId: 'urn:botframework:azureusgov',
};

/**
 * botbuilder's channel-service settings per cloud, as learn.microsoft.com/azure/bot-service/how-to-deploy-gov-cloud-high
 * lists them ("Configure for Office 365 GCC High" and "Configure for DoD environment": the two differ in OAuthUrl only).
 * Commercial and GCC (moderate) Teams use the public Bot Framework: Teams bots for GCC High and DoD are registered
 * in the Azure Government portal (msteams-docs bots/what-are-bots.md), GCC bots in the commercial one.
 */
export const TEAMS_CHANNEL_SERVICE: Record<CloudName, ConfigurationBotFrameworkAuthenticationOptions> = {
  commercial: {},
  gcc: {},
  'gcc-high': { ...US_GOVERNMENT, OAuthUrl: 'https://tokengcch.botframework.azure.us/' },
  dod: { ...US_GOVERNMENT, OAuthUrl: 'https://apiDoD.botframework.azure.us' },
};

/**
 * The settings ConfigurationBotFrameworkAuthentication reads, under botbuilder's own names, for an authenticated bot.
 * The configuration schema (config/teams-rules.ts) has already refused the combinations botbuilder would misread.
 */
export function botFrameworkOptions(teams: AppConfig['teams']): ConfigurationBotFrameworkAuthenticationOptions {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.appTenantId,
    MicrosoftAppPassword: teams.appPassword,
    CertificateThumbprint: teams.certificateThumbprint,
    CertificatePrivateKey: teams.certificatePrivateKey,
    ...TEAMS_CHANNEL_SERVICE[teams.cloud],
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ConfigurationBotFrameworkAuthenticationOptions;
}
