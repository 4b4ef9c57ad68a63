import { randomUUID } from 'node:crypto';
import { CLOUDS } from '../../src/config/clouds';
import type { EmulatorContext, Route } from '../context';
import type { EmulatorRequest, EmulatorResponse } from '../http-kit';
import { verifyClientAssertion } from '../jwt';

function aadError(status: number, error: string, code: number, description: string): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function openIdConfiguration(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const tenant = req.params[0]!;
  const invalid = invalidTenant(tenant);
  if (invalid) return invalid;
  const issuerTenant = ctx.directory(tenant)?.tenant.tenantId ?? ctx.tenant.tenantId;
  const base = `${ctx.baseUrl}/${tenant}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${ctx.baseUrl}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${ctx.baseUrl}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid'],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(CLOUDS[ctx.cloud].graphUrl).host,
      rbac_url: 'https://pas.windows.net',
    },
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Entra answers a tenant segment that is neither a GUID nor a domain name with AADSTS900023 before it looks for the
 * tenant (learn.microsoft.com/entra/identity-platform/reference-error-codes). Echoed back shortened: the segment is
 * the caller's text.
 */
function invalidTenant(tenant: string): EmulatorResponse | undefined {
  if (GUID.test(tenant) || DNS_NAME.test(tenant)) return undefined;
  const shown = tenant.length > 64 ? `${tenant.slice(0, 64)}...` : tenant;
  return aadError(400, 'invalid_request', 900023, `Specified tenant identifier '${shown}' is neither a valid DNS name, nor a valid external domain.`);
}

/**
 * The token endpoint of one tenant: /{tenant}/oauth2/v2.0/token (learn.microsoft.com/entra/identity-platform/
 * v2-oauth2-client-creds-grant-flow). The app must be registered or consented in that tenant
 * (learn.microsoft.com/entra/identity-platform/howto-convert-app-to-be-multi-tenant); the token's tid is the tenant.
 */
function issueToken(req: EmulatorRequest, home: EmulatorContext): EmulatorResponse {
  const tenant = req.params[0]!;
  const invalid = invalidTenant(tenant);
  if (invalid) return invalid;
  const ctx = home.directory(tenant);
  if (!ctx)
    return aadError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  const form = new URLSearchParams(req.body);
  if (form.get('grant_type') !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  const clientId = form.get('client_id') ?? '';
  const app = ctx.apps.get(clientId);
  if (!app)
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${ctx.tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );

  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
  if (secret !== null) {
    if (!app.secret || secret !== app.secret)
      return aadError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
  } else if (assertion !== null) {
    if (!app.certificatePem)
      return aadError(401, 'invalid_client', 700027, 'Client assertion failed signature validation: no certificate is registered on the application.');
    const problem = verifyClientAssertion(assertion, app.certificatePem, { clientId, audience: `${ctx.baseUrl}/${tenant}/oauth2/v2.0/token`, nowSeconds });
    if (problem) return aadError(401, 'invalid_client', Number(/AADSTS(\d+)/.exec(problem)?.[1] ?? 700027), problem.replace(/^AADSTS\d+:\s*/, ''));
  } else {
    return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }

  const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
  if (!scope)
    return aadError(
      400,
      'invalid_scope',
      1002012,
      'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
    );
  const resource = scope.slice(0, -'/.default'.length);
  const roles = resource === ctx.audiences.graph ? app.graphRoles : resource === ctx.audiences.mde ? app.mdeRoles : undefined;
  if (!roles)
    return aadError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${ctx.tenant.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );

  const expiresIn = 3599;
  const token = ctx.signer.issue({
    aud: resource,
    iss: `https://sts.windows.net/${ctx.tenant.tenantId}/`,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + expiresIn,
    appid: app.clientId,
    app_displayname: app.displayName,
    tid: ctx.tenant.tenantId,
    oid: app.clientId,
    roles: [...roles],
    ver: '1.0',
  });
  return { status: 200, body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token } };
}

export const identityRoutes: Route[] = [
  { id: 'token.openid', method: 'GET', api: 'identity', pattern: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, handler: openIdConfiguration },
  { id: 'token.openid', method: 'GET', api: 'identity', pattern: /^\/([^/]+)\/\.well-known\/openid-configuration$/, handler: openIdConfiguration },
  { id: 'token', method: 'POST', api: 'identity', pattern: /^\/([^/]+)\/oauth2\/v2\.0\/token$/, handler: issueToken },
];
