import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config/load';

const BOT = '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';
const TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
const THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.setting} ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('bot identity settings (Azure Bot Service as it is today)', () => {
  it('SingleTenant with a secret: the documented default', () => {
    const t = loadConfig({ MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'p' }).teams;
    expect(t).toMatchObject({ appId: BOT, appType: 'SingleTenant', appTenantId: TENANT, appPassword: 'p', cloud: 'commercial' });
  });

  it("MicrosoftAppType is read case-insensitively, as botbuilder does, and stored in Azure's spelling", () => {
    expect(loadConfig({ MicrosoftAppId: BOT, MicrosoftAppType: ' singletenant ', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'p' }).teams.appType).toBe(
      'SingleTenant',
    );
    expect(loadConfig({ MicrosoftAppId: BOT, MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppTenantId: TENANT }).teams.appType).toBe('UserAssignedMSI');
    expect(problems({ MicrosoftAppId: BOT, MicrosoftAppType: 'Single Tenant', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'p' })).toEqual([
      expect.stringMatching(/^MicrosoftAppType must be SingleTenant, UserAssignedMSI or MultiTenant/),
    ]);
  });

  it('refuses MicrosoftAppId without MicrosoftAppType, naming the setting and the fix (botbuilder would assume MultiTenant)', () => {
    const found = problems({ MicrosoftAppId: BOT, MicrosoftAppPassword: 'p' });
    expect(found).toEqual([
      expect.stringMatching(
        /^MicrosoftAppType is required with MicrosoftAppId: botbuilder would otherwise assume MultiTenant.*since 31 July 2025.*Set MicrosoftAppType=SingleTenant and MicrosoftAppTenantId/,
      ),
    ]);
  });

  it('reports every identity problem at once', () => {
    const found = problems({ MicrosoftAppId: 'my-bot' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MicrosoftAppId must be the Azure Bot's Microsoft App ID, a GUID/),
        expect.stringMatching(/^MicrosoftAppType is required/),
        expect.stringMatching(
          /^MicrosoftAppPassword is required with MicrosoftAppId: set the Azure Bot's client secret, or CertificateThumbprint and CertificatePrivateKey/,
        ),
      ]),
    );
  });

  it('SingleTenant needs its tenant (a GUID or a verified domain) and a secret or a certificate', () => {
    expect(problems({ MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'p' })).toEqual([
      expect.stringMatching(/^MicrosoftAppTenantId is required with MicrosoftAppType=SingleTenant/),
    ]);
    expect(problems({ MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: "contoso' or 1=1", MicrosoftAppPassword: 'p' })).toEqual([
      expect.stringMatching(/^MicrosoftAppTenantId must be a tenant id \(GUID\) or a verified domain/),
    ]);
    expect(
      loadConfig({ MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'contoso.onmicrosoft.com', MicrosoftAppPassword: 'p' }).teams
        .appTenantId,
    ).toBe('contoso.onmicrosoft.com');
    expect(problems({ MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT })).toEqual([
      expect.stringMatching(/^MicrosoftAppPassword is required with MicrosoftAppId and MicrosoftAppType=SingleTenant/),
    ]);
  });

  it("UserAssignedMSI: MicrosoftAppId is the identity's client id, a tenant, and no secret or certificate", () => {
    const t = loadConfig({ MicrosoftAppId: BOT, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }).teams;
    expect(t).toMatchObject({ appType: 'UserAssignedMSI', appPassword: undefined });
    expect(problems({ MicrosoftAppId: BOT, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'p' })).toEqual([
      expect.stringMatching(/^MicrosoftAppPassword must not be set with MicrosoftAppType=UserAssignedMSI/),
    ]);
    expect(
      problems({
        MicrosoftAppId: BOT,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT,
        CertificateThumbprint: THUMBPRINT,
        CertificatePrivateKey: PEM,
      }),
    ).toEqual([expect.stringMatching(/^CertificateThumbprint does not apply with MicrosoftAppType=UserAssignedMSI/)]);
    expect(problems({ MicrosoftAppId: BOT, MicrosoftAppType: 'UserAssignedMSI' })).toEqual([
      expect.stringMatching(/^MicrosoftAppTenantId is required with MicrosoftAppType=UserAssignedMSI/),
    ]);
  });

  it('MultiTenant (bots registered before August 2025) still works with a secret', () => {
    expect(loadConfig({ MicrosoftAppId: BOT, MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'p' }).teams.appType).toBe('MultiTenant');
  });

  it('a certificate: thumbprint and PEM key together, instead of the secret; \\n escapes become line breaks', () => {
    const escaped = PEM.trim().replace(/\n/g, '\\n');
    const t = loadConfig({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      CertificateThumbprint: 'a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f:90:12:34:56:78',
      CertificatePrivateKey: escaped,
    }).teams;
    expect(t.certificateThumbprint).toBe(THUMBPRINT);
    expect(t.certificatePrivateKey).toBe(PEM.trim());
    const both = { MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT };
    expect(problems({ ...both, CertificateThumbprint: THUMBPRINT })).toEqual([
      expect.stringMatching(/^CertificatePrivateKey is required with CertificateThumbprint/),
    ]);
    expect(problems({ ...both, CertificatePrivateKey: PEM })).toEqual([expect.stringMatching(/^CertificateThumbprint is required with CertificatePrivateKey/)]);
    expect(problems({ ...both, CertificateThumbprint: THUMBPRINT, CertificatePrivateKey: PEM, MicrosoftAppPassword: 'p' })).toEqual([
      expect.stringMatching(/^MicrosoftAppPassword and a certificate .* keep exactly one/),
    ]);
  });

  it('refuses a malformed thumbprint or key without echoing the key', () => {
    const base = { MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT };
    expect(problems({ ...base, CertificateThumbprint: 'not-hex', CertificatePrivateKey: PEM })).toEqual([
      expect.stringMatching(/^CertificateThumbprint must be the certificate's SHA-1 thumbprint: 40 hexadecimal digits/),
    ]);
    const secretish = '-----BEGIN PRIVATE KEY-----\\nc2VjcmV0LWtleS1tYXRlcmlhbA==\\n-----END PRIVATE KEY-----';
    const found = problems({ ...base, CertificateThumbprint: THUMBPRINT, CertificatePrivateKey: secretish });
    expect(found).toEqual([expect.stringMatching(/^CertificatePrivateKey is not an unencrypted PEM private key/)]);
    expect(found.join('\n')).not.toContain('c2VjcmV0');
    // A certificate (public part) instead of the key.
    expect(
      problems({ ...base, CertificateThumbprint: THUMBPRINT, CertificatePrivateKey: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }),
    ).toEqual([expect.stringMatching(/^CertificatePrivateKey is not an unencrypted PEM private key/)]);
  });

  it('a certificate is refused in gcc-high and dod (botbuilder signs certificates in at the commercial authority only)', () => {
    const cert = {
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      CertificateThumbprint: THUMBPRINT,
      CertificatePrivateKey: PEM,
    };
    expect(problems({ ...cert, TEAMS_CLOUD: 'gcc-high' })).toEqual([
      expect.stringMatching(/^CertificateThumbprint cannot be used in the gcc-high cloud.*use MicrosoftAppPassword or MicrosoftAppType=UserAssignedMSI/),
    ]);
    expect(problems({ ...cert, DEFENDER_CLOUD: 'dod' })).toEqual([expect.stringMatching(/^CertificateThumbprint cannot be used in the dod cloud/)]);
    expect(loadConfig({ ...cert, TEAMS_CLOUD: 'gcc' }).teams.cloud).toBe('gcc');
  });

  it('TEAMS_CLOUD defaults to DEFENDER_CLOUD and can differ from it; a wrong value is named', () => {
    const secret = { MicrosoftAppId: BOT, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'p' };
    expect(loadConfig({ ...secret, DEFENDER_CLOUD: 'gcc-high' }).teams.cloud).toBe('gcc-high');
    expect(loadConfig({ ...secret, DEFENDER_CLOUD: 'gcc-high', TEAMS_CLOUD: 'DoD' }).teams.cloud).toBe('dod');
    expect(loadConfig({}).teams.cloud).toBe('commercial');
    expect(problems({ ...secret, TEAMS_CLOUD: 'usgov' })).toEqual([expect.stringMatching(/^TEAMS_CLOUD must be one of commercial, gcc, gcc-high, dod/)]);
  });

  it('bot settings without MicrosoftAppId are refused (a misspelt MicrosoftAppId would leave the bot unauthenticated)', () => {
    const found = problems({ MicrosoftAppID: BOT, MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' } as NodeJS.ProcessEnv);
    expect(found).toEqual([
      expect.stringMatching(/^MicrosoftAppId is not set but MicrosoftAppPassword is: set MicrosoftAppId to the Azure Bot's Microsoft App ID/),
      expect.stringMatching(/^MicrosoftAppId is not set but MicrosoftAppType is/),
    ]);
  });

  it('never echoes the secret in a problem', () => {
    const found = problems({
      MicrosoftAppId: BOT,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: 'hunter2-super-secret',
    });
    expect(found.join('\n')).not.toContain('hunter2');
  });
});
