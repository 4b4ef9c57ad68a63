import { createPrivateKey } from 'node:crypto';
import type { z } from 'zod';
import type { CloudName } from './clouds';
import type { AppType, SETTINGS, SettingName } from './settings';

type Valid = <K extends SettingName>(name: K) => z.infer<(typeof SETTINGS)[K]['schema']> | undefined;
type Fail = (path: SettingName, message: string) => void;
/** Whether the setting was given at all (malformed values are reported by the setting's own type). */
type Given = (name: SettingName) => boolean;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** botbuilder reads the key as PEM text; an environment variable usually carries its line breaks as \n. */
export function pemFromSetting(value: string): string {
  return value.replace(/\\n/g, '\n');
}

function isPrivateKey(value: string): boolean {
  const pem = pemFromSetting(value);
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(pem)) return false;
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bot's identity as Azure Bot Service accepts it today (learn.microsoft.com/azure/bot-service/bot-builder-authentication,
 * "Bot identity"): SingleTenant (the default since new multi-tenant bots cannot be created after 31 July 2025, with
 * MicrosoftAppTenantId), UserAssignedMSI (MicrosoftAppId = the managed identity's client id, no secret) or MultiTenant
 * (older bots). botbuilder's ConfigurationServiceClientCredentialFactory silently treats an unset or unknown
 * MicrosoftAppType as MultiTenant, so the type is required whenever MicrosoftAppId is set.
 */
export function teamsRules(valid: Valid, fail: Fail, given: Given): void {
  const appId = valid('MicrosoftAppId') as string | undefined;
  const password = valid('MicrosoftAppPassword') as string | undefined;
  const type = valid('MicrosoftAppType') as AppType | undefined;
  const tenant = valid('MicrosoftAppTenantId') as string | undefined;
  const thumbprint = valid('CertificateThumbprint') as string | undefined;
  const key = valid('CertificatePrivateKey') as string | undefined;
  const cloud = (valid('TEAMS_CLOUD') ?? valid('DEFENDER_CLOUD')) as CloudName | undefined;

  if (!appId) {
    // A misspelt MicrosoftAppId would otherwise leave the bot unauthenticated or without Teams, silently.
    const stray = (
      [
        ['MicrosoftAppPassword', password],
        ['MicrosoftAppType', type],
        ['MicrosoftAppTenantId', tenant],
        ['CertificateThumbprint', thumbprint],
        ['CertificatePrivateKey', key],
      ] as const
    ).filter(([, v]) => v !== undefined);
    for (const [name] of stray)
      fail(
        'MicrosoftAppId',
        `is not set but ${name} is: set MicrosoftAppId to the Azure Bot's Microsoft App ID (Azure portal > your Azure Bot > Configuration), or remove ${name}`,
      );
    return;
  }

  if (!GUID.test(appId))
    fail(
      'MicrosoftAppId',
      "must be the Azure Bot's Microsoft App ID, a GUID such as 1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b (Azure portal > your Azure Bot > Configuration)",
    );
  if (!type && !given('MicrosoftAppType'))
    fail(
      'MicrosoftAppType',
      "is required with MicrosoftAppId: botbuilder would otherwise assume MultiTenant, and multi-tenant bots can no longer be created (since 31 July 2025). Set MicrosoftAppType=SingleTenant and MicrosoftAppTenantId (or UserAssignedMSI), as your Azure Bot's Configuration page shows",
    );
  if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && !tenant)
    fail(
      'MicrosoftAppTenantId',
      `is required with MicrosoftAppType=${type}: set the Azure Bot's tenant id (a GUID, Azure portal > your Azure Bot > Configuration)`,
    );
  if (tenant && !GUID.test(tenant) && !DOMAIN.test(tenant))
    fail('MicrosoftAppTenantId', 'must be a tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com');

  const certificate = thumbprint !== undefined || key !== undefined;
  if (thumbprint && !key) fail('CertificatePrivateKey', 'is required with CertificateThumbprint: set the PEM private key of the certificate');
  if (key && !thumbprint) fail('CertificateThumbprint', "is required with CertificatePrivateKey: set the certificate's SHA-1 thumbprint");
  if (thumbprint && !/^[0-9a-f]{40}$/i.test(thumbprint.replace(/[\s:]/g, '')))
    fail('CertificateThumbprint', "must be the certificate's SHA-1 thumbprint: 40 hexadecimal digits, as the app registration's Certificates page shows it");
  if (key && !isPrivateKey(key))
    fail(
      'CertificatePrivateKey',
      'is not an unencrypted PEM private key: set the key (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----), with \\n for the line breaks in an environment variable',
    );

  if (type === 'UserAssignedMSI') {
    if (password)
      fail('MicrosoftAppPassword', 'must not be set with MicrosoftAppType=UserAssignedMSI: the managed identity signs in without a secret; remove it');
    if (certificate)
      fail(
        'CertificateThumbprint',
        'does not apply with MicrosoftAppType=UserAssignedMSI: the managed identity signs in without a certificate; remove CertificateThumbprint and CertificatePrivateKey',
      );
  } else {
    if (!password && !certificate)
      fail(
        'MicrosoftAppPassword',
        `is required with MicrosoftAppId${type ? ` and MicrosoftAppType=${type}` : ''}: set the Azure Bot's client secret, or CertificateThumbprint and CertificatePrivateKey (or use MicrosoftAppType=UserAssignedMSI)`,
      );
    if (password && certificate)
      fail('MicrosoftAppPassword', 'and a certificate (CertificateThumbprint) are both set: keep exactly one way for the bot to sign in');
  }
  // CertificateAppCredentials (botframework-connector 4.23) always signs in at login.microsoftonline.com.
  if (certificate && (cloud === 'gcc-high' || cloud === 'dod'))
    fail(
      'CertificateThumbprint',
      `cannot be used in the ${cloud} cloud: botbuilder signs certificates in at the commercial authority only; use MicrosoftAppPassword or MicrosoftAppType=UserAssignedMSI`,
    );
}
