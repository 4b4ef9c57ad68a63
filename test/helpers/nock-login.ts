import nock from 'nock';

export const TEST_TENANT = '11111111-2222-3333-4444-555555555555';
export const TEST_CLIENT = '99999999-8888-7777-6666-555555555555';
export const AUTHORITY = 'https://login.test';
export const GRAPH = 'https://graph.test';
export const MDE = 'https://mde.test';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Decodes the claims of a bearer token from a request header (test-side only). */
export function claimsOf(authorization: string | string[] | undefined): Record<string, unknown> {
  const token = String(authorization ?? '').replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * An Entra authority served by nock, so @azure/identity runs for real (MSAL, metadata, client-credential POST)
 * without a network. Tokens carry the audience asked for and the given roles.
 */
export function mockLogin(roles: { graph?: string[]; mde?: string[] } = {}, options: { failWith?: { status: number; body: unknown } } = {}): nock.Scope {
  const scope = nock(AUTHORITY).persist();
  scope.get(`/${TEST_TENANT}/v2.0/.well-known/openid-configuration`).reply(200, {
    token_endpoint: `${AUTHORITY}/${TEST_TENANT}/oauth2/v2.0/token`,
    issuer: `${AUTHORITY}/${TEST_TENANT}/v2.0`,
    authorization_endpoint: `${AUTHORITY}/${TEST_TENANT}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${AUTHORITY}/${TEST_TENANT}/oauth2/v2.0/logout`,
    jwks_uri: `${AUTHORITY}/${TEST_TENANT}/discovery/v2.0/keys`,
  });
  scope
    .post(`/${TEST_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply((_uri, body) => {
      if (options.failWith) return [options.failWith.status, options.failWith.body];
      const form = new URLSearchParams(String(body));
      const resource = (form.get('scope') ?? '').replace('/.default', '');
      const granted = resource.includes('graph') ? (roles.graph ?? []) : (roles.mde ?? []);
      const now = Math.floor(Date.now() / 1000);
      const token = `${b64({ alg: 'none' })}.${b64({ aud: resource, tid: TEST_TENANT, appid: TEST_CLIENT, roles: granted, exp: now + 3599, iat: now })}.sig`;
      return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token }];
    });
  return scope;
}
