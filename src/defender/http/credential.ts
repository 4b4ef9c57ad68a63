import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import type { Agent } from 'node:https';
import type { CredentialConfig, Endpoints } from '../../config/schema';

export interface CredentialOptions {
  /** For a host whose TLS certificate is not in Node's default store (the emulator). */
  agent?: Agent;
}

/** The only place tokens come from: @azure/identity, with the authority of the configured cloud. */
export function createCredential(
  credential: Exclude<CredentialConfig, { kind: 'demo' }>,
  endpoints: Endpoints,
  options: CredentialOptions = {},
): TokenCredential {
  const common = {
    authorityHost: endpoints.authorityHost,
    // MSAL asks login.microsoftonline.com which authorities exist; for any other host that call cannot succeed.
    disableInstanceDiscovery: !endpoints.microsoftAuthority,
    agent: options.agent,
    retryOptions: { maxRetries: 1 },
  };
  switch (credential.kind) {
    case 'secret':
      return new ClientSecretCredential(credential.tenantId, credential.clientId, credential.secret, common);
    case 'certificate':
      return new ClientCertificateCredential(
        credential.tenantId,
        credential.clientId,
        { certificatePath: credential.certificatePath, certificatePassword: credential.certificatePassword },
        common,
      );
    case 'managedIdentity':
      return credential.clientId
        ? new ManagedIdentityCredential({ clientId: credential.clientId, agent: options.agent })
        : new ManagedIdentityCredential({ agent: options.agent });
  }
}

/** Reads the application roles a token carries (the `roles` claim), to name a missing permission. Never logs the token. */
export function rolesOf(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) return [];
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/** Wraps a credential to remember the roles of the last token per scope, for error messages and `doctor`. */
export class RoleAwareCredential implements TokenCredential {
  private readonly roles = new Map<string, string[]>();

  constructor(private readonly inner: TokenCredential) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const token = await this.inner.getToken(scopes, options);
    if (token) this.roles.set(scopeKey(scopes), rolesOf(token.token));
    return token;
  }

  rolesFor(scope: string): string[] | undefined {
    return this.roles.get(scopeKey(scope));
  }
}

function scopeKey(scopes: string | string[]): string {
  return (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
}
