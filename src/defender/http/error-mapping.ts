import { isRestError } from '@azure/core-rest-pipeline';
import type { Endpoints } from '../../config/schema';
import { findPermission } from '../permissions';
import { DefenderError, type DefenderErrorDetails } from './errors';
import type { Api, Operation } from './operation';

interface MicrosoftErrorBody {
  error?: { code?: string; message?: string; target?: string; innerError?: Record<string, unknown> };
}

const RESOURCE_NAMES: Record<Api, string> = {
  graph: 'Microsoft Graph',
  hunting: 'Microsoft Graph',
  mde: 'WindowsDefenderATP',
};

function parseBody(text: string | undefined): MicrosoftErrorBody {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as MicrosoftErrorBody) : {};
  } catch {
    return {};
  }
}

/** Graph: "API required roles: A,B, application roles: C." MDE: "... required application permissions (A, B) ..." */
export function requiredRolesFromMessage(message: string | undefined): string[] {
  if (!message) return [];
  const graph = /required roles:\s*([^]*?)(?:,\s*application roles|\.\s*$|$)/i.exec(message);
  const mde = /permissions?\s*\(([^)]*)\)/i.exec(message);
  const list = graph?.[1] ?? mde?.[1];
  if (!list) return [];
  return list
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => /^[A-Za-z]+(\.[A-Za-z]+)+$/.test(s));
}

function truncate(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** What error mapping needs of a response: a pipeline response, or one part of a Graph $batch. */
export interface ResponseLike {
  status: number;
  bodyAsText?: string | null;
  headers: { get(name: string): string | undefined };
}

/** Turns a non-2xx response into a typed error that names the cause and the fix. */
export function errorFromResponse(
  op: Operation,
  response: ResponseLike,
  endpoints: Endpoints,
  tokenRoles: string[] | undefined,
  now = Date.now(),
): DefenderError {
  const body = parseBody(response.bodyAsText ?? undefined);
  const code = body.error?.code;
  const upstreamMessage = body.error?.message ? truncate(body.error.message) : undefined;
  const inner = body.error?.innerError ?? {};
  const requestId =
    response.headers.get('request-id') ??
    (typeof inner['request-id'] === 'string' ? inner['request-id'] : undefined) ??
    body.error?.target ??
    response.headers.get('x-ms-request-id') ??
    undefined;
  const base: DefenderErrorDetails = { kind: 'upstream', api: op.api, operation: op.name, status: response.status, code, upstreamMessage, requestId };
  const retryIn = Number(response.headers.get('x-defender-chatops-retry-in-ms') ?? NaN);

  switch (response.status) {
    case 400:
      if (code === 'ActiveRequestAlreadyExists') return new DefenderError({ ...base, kind: 'conflict' });
      return new DefenderError({ ...base, kind: 'badRequest' });
    case 401:
      return new DefenderError({
        ...base,
        kind: 'unauthorized',
        fix: `The token was not accepted: check that DEFENDER_CLOUD (${endpoints.cloud}) matches your tenant's cloud and that ${op.api === 'mde' ? 'DEFENDER_API_URL' : 'DEFENDER_GRAPH_URL'} (${op.api === 'mde' ? endpoints.apiUrl : endpoints.graphUrl}) belongs to it.`,
      });
    case 403: {
      const named = requiredRolesFromMessage(upstreamMessage);
      const missing = (named.length > 0 ? named : [...op.permissions]).filter((p) => !findPermission(tokenRoles, p));
      const has = tokenRoles ? ` The token has: ${tokenRoles.length ? tokenRoles.join(', ') : 'no application roles'}.` : '';
      return new DefenderError({
        ...base,
        kind: 'forbidden',
        missingPermissions: missing.length > 0 ? missing : [...op.permissions],
        fix: `Grant the ${RESOURCE_NAMES[op.api]} application permission ${(missing[0] ?? op.permissions[0])!} to the app registration and give admin consent.${has}`,
      });
    }
    case 404:
      return new DefenderError({ ...base, kind: 'notFound' });
    case 408:
      return new DefenderError({ ...base, kind: 'timeout' });
    case 429: {
      const wait = Number.isFinite(retryIn) ? retryIn : 60_000;
      return new DefenderError({ ...base, kind: 'throttled', retryAt: new Date(now + wait) });
    }
    case 504:
      return new DefenderError({ ...base, kind: 'timeout', fix: 'Microsoft timed out: try again in a minute.' });
    default:
      return new DefenderError({
        ...base,
        kind: 'upstream',
        retryAt: Number.isFinite(retryIn) ? new Date(now + retryIn) : undefined,
        fix: response.status >= 500 ? 'Microsoft had a failure: try again; quote the request id if it persists.' : undefined,
      });
  }
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns a failure to get a response (network, TLS, credential) into a typed error. */
export function errorFromFailure(op: Operation, err: unknown, endpoints: Endpoints, url: string): DefenderError {
  if (err instanceof DefenderError) return err;
  const host = safeHost(url);
  const setting = op.api === 'mde' ? 'DEFENDER_API_URL' : 'DEFENDER_GRAPH_URL';
  if (isRestError(err) && err.code && TLS_CODES.has(err.code)) {
    return new DefenderError(
      {
        kind: 'network',
        api: op.api,
        operation: op.name,
        code: err.code,
        upstreamMessage: `TLS certificate of ${host} is not trusted (${err.code})`,
        fix: 'Trust its CA with NODE_EXTRA_CA_CERTS, or fix the host name.',
      },
      { cause: err },
    );
  }
  if (isRestError(err) && err.code && err.code !== 'PARSE_ERROR') {
    const fix =
      err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
        ? `The host name does not resolve: check ${setting} and DEFENDER_CLOUD, DNS, and HTTPS_PROXY if you use a proxy.`
        : `Check ${setting}, the firewall and HTTPS_PROXY if you use a proxy.`;
    return new DefenderError(
      { kind: 'network', api: op.api, operation: op.name, code: err.code, upstreamMessage: `${host}: ${err.code}`, fix },
      { cause: err },
    );
  }
  const credential = credentialError(op, err, endpoints);
  if (credential) return credential;
  const message = err instanceof Error ? err.message : String(err);
  return new DefenderError({ kind: 'upstream', api: op.api, operation: op.name, upstreamMessage: truncate(message) }, { cause: err });
}

const AADSTS_FIXES: Record<string, string> = {
  '7000215': 'AZURE_CLIENT_SECRET is wrong: copy the secret Value (not its id) from the app registration, or create a new one.',
  '7000222': 'AZURE_CLIENT_SECRET has expired: create a new client secret in the app registration.',
  '700016': 'AZURE_CLIENT_ID is not an application in tenant AZURE_TENANT_ID: check both values, and DEFENDER_CLOUD.',
  '90002': 'AZURE_TENANT_ID does not exist in this cloud: check the tenant id and DEFENDER_CLOUD.',
  '900023': 'AZURE_TENANT_ID is not a valid tenant id: use the GUID from the Entra overview page.',
  '500011': 'The API is not provisioned in your tenant or the cloud is wrong: check DEFENDER_CLOUD and that Defender is licensed.',
  '700027': 'The certificate is not registered on the app: upload its public part under Certificates & secrets.',
  '7000274': 'The certificate is not registered on the app: upload its public part under Certificates & secrets.',
  '1002012': 'The requested scope is invalid for this cloud: check DEFENDER_CLOUD.',
  // Transient on Microsoft's side: nothing to change in the configuration.
  '90033': 'Entra ID had a transient error (not a configuration problem): try again in a minute.',
  '50196': 'Entra ID is refusing repeated sign-ins from this app for a short while: try again in a few minutes.',
};

function credentialError(op: Operation, err: unknown, endpoints: Endpoints): DefenderError | undefined {
  if (!(err instanceof Error)) return undefined;
  const name = err.name;
  if (!['AuthenticationError', 'CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationRequiredError'].includes(name)) return undefined;
  const aadsts = /AADSTS(\d+)/.exec(err.message)?.[1];
  if (!aadsts && /network_error|endpoints_resolution_error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT/i.test(err.message)) {
    return new DefenderError(
      {
        kind: 'network',
        api: op.api,
        operation: op.name,
        code: 'AuthorityUnreachable',
        upstreamMessage: `the sign-in authority ${endpoints.authorityHost} cannot be reached`,
        fix: 'Check DEFENDER_CLOUD and AZURE_AUTHORITY_HOST, DNS, the firewall, and HTTPS_PROXY if you use a proxy.',
      },
      { cause: err },
    );
  }
  const fix =
    (aadsts && AADSTS_FIXES[aadsts]) ??
    (name === 'CredentialUnavailableError'
      ? 'The configured credential cannot be used here (no managed identity on this host, or the certificate file cannot be read): check the AZURE_* settings.'
      : `Check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential, and that ${endpoints.authorityHost} is reachable.`);
  const firstLine = err.message.split(/\r?\n/)[0] ?? err.message;
  return new DefenderError(
    {
      kind: 'credential',
      api: op.api,
      operation: op.name,
      code: aadsts ? `AADSTS${aadsts}` : name,
      upstreamMessage: truncate(firstLine.replace(/client_secret=[^&\s]+/gi, 'client_secret=***')),
      fix,
    },
    { cause: err },
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the host';
  }
}
