import type { AppConfig } from '../config/schema';
import type { Binding, BindingTarget, Tenant, TenantsConfig } from '../config/tenants';
import type { Defender, TenantDefenders } from '../defender/connect';
import type { DefenderError } from '../defender/http/errors';
import { requiredPermissions } from '../defender/permissions';
import { eachLimited } from './each-limited';
import { permissionChecks, probeChecks, tokenChecks, type Check, type CheckStatus, type TokenApi } from './doctor';

/** The table's status columns, in order. */
export const COLUMNS = ['graphToken', 'mdeToken', 'permissions', 'calls'] as const;
export type Column = (typeof COLUMNS)[number];

export interface TenantReport {
  tenant: Tenant;
  status: Record<Column, CheckStatus>;
  /** The checks that did not pass, each with its fix, in the order they ran. */
  problems: Check[];
}

/** Tenants checked at once: each check is a few calls, and many tenants must not look like a burst to anyone. */
export const DOCTOR_CONCURRENCY = 4;

const API_NAMES: Record<TokenApi, string> = { graph: 'Microsoft Graph', mde: 'Defender for Endpoint' };

function worst(checks: Check[]): CheckStatus {
  return checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
}

/**
 * What to do about a failed sign-in to one tenant of the tenants file. The settings-level fixes name AZURE_TENANT_ID
 * and AZURE_CLIENT_ID; here the tenant's own entry (or the shared app's consent in that tenant) is what to change.
 */
export function signInFix(tenant: Tenant, clientId: string, error: DefenderError, demo = false): string {
  const code = error.details.code;
  const entry = `tenant ${tenant.name} in the tenants file`;
  if (tenant.credentialSource === 'settings') return error.details.fix ?? 'Check the AZURE_* settings.';
  switch (code) {
    case 'AADSTS90002':
      return `Tenant id ${tenant.tenantId} does not exist in the ${tenant.cloud} cloud: check tenantId and cloud of ${entry}.`;
    case 'AADSTS700016':
      return sharedApp(tenant, demo)
        ? `${demo ? `The demo app (${clientId})` : `The shared app (AZURE_CLIENT_ID ${clientId})`} is not consented in ${tenant.name}: an admin of that tenant grants it at ${consentUrl(tenant, clientId)} (or check tenantId of ${entry}).`
        : `The app ${clientId} is not registered or consented in tenant ${tenant.tenantId}: check credential.clientId and tenantId of ${entry}.`;
    case 'AADSTS7000215':
    case 'AADSTS7000222':
      return tenant.credentialSource === 'own-app' && !demo
        ? `The client secret in the variable that credential.secretEnv of ${entry} names is ${code === 'AADSTS7000215' ? 'wrong (use the secret Value, not its id)' : 'expired'}: put a valid secret of app ${clientId} there.`
        : (error.details.fix ?? '');
    case 'AADSTS500011':
    case 'AADSTS1002012':
      return `The API is not provisioned in ${tenant.name} or its cloud is wrong: check cloud of ${entry} and that Defender is licensed there.`;
    default:
      return error.details.fix ?? `Check tenantId and credential of ${entry}.`;
  }
}

/** The deployment's own app signs in to this tenant (in demo mode the emulator's demo app, for every tenant). */
function sharedApp(tenant: Tenant, demo: boolean): boolean {
  return demo || tenant.credentialSource === 'shared-app';
}

/** The admin-consent address of the shared app for one tenant (learn.microsoft.com/entra/identity-platform/v2-admin-consent). */
function consentUrl(tenant: Tenant, clientId: string): string {
  return `${tenant.endpoints.authorityHost.replace(/\/+$/, '')}/${tenant.tenantId}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}

/** The same checks as the single-tenant doctor (tokens, permissions, one call per API) for one tenant. */
export async function doctorTenant(config: AppConfig, tenant: Tenant, defender: Defender): Promise<TenantReport> {
  const tokens = await tokenChecks(defender);
  const noToken = new Set(tokens.failures.keys());
  const signIn: Check[] = [];
  // Both audiences usually fail for the same reason (an unknown tenant, an app not consented): say it once.
  const byReason = new Map<string, TokenApi[]>();
  for (const [api, error] of tokens.failures) {
    const reason = `${error.details.code ?? ''}|${error.details.upstreamMessage ?? error.message}`;
    byReason.set(reason, [...(byReason.get(reason) ?? []), api]);
  }
  for (const apis of byReason.values()) {
    const error = tokens.failures.get(apis[0]!)!;
    // MSAL wraps Entra's answer ("unauthorized_client: Error(s): 700016 - Timestamp: ... - Description: AADSTS700016: ...").
    const upstream = error.details.upstreamMessage?.replace(/^.*?(?=AADSTS\d+:)/, '');
    signIn.push({
      status: 'fail',
      title: `Token for ${apis.map((a) => API_NAMES[a]).join(' and ')}`,
      detail: `${upstream ? `Entra: ${upstream}` : error.message}\nFix: ${signInFix(tenant, defender.clientId, error, defender.demo)}`,
    });
  }

  const permissions = permissionChecks(requiredPermissions(config), tokens.roles);
  const probes = await probeChecks(defender, noToken);
  const unchecked = [...noToken].map((api) => API_NAMES[api]).join(' and ');
  const problems = [
    ...signIn,
    ...permissions.filter((c) => c.status !== 'ok' && !c.detail?.startsWith('not checked')),
    ...probes.filter((c) => c.status !== 'ok' && !c.detail?.startsWith('not called')),
  ];
  if (noToken.size) problems.push({ status: 'fail', title: `Permissions and calls of ${unchecked} not checked: no token (see above)` });
  if (sharedApp(tenant, defender.demo))
    for (const p of problems)
      if (p.detail?.startsWith('Grant it:'))
        p.detail += `\nThe shared app's new permission needs consent in ${tenant.name} too: ${consentUrl(tenant, defender.clientId)}`;
  return {
    tenant,
    status: {
      graphToken: noToken.has('graph') ? 'fail' : 'ok',
      mdeToken: noToken.has('mde') ? 'fail' : 'ok',
      permissions: worst(permissions),
      calls: worst(probes),
    },
    problems,
  };
}

/** Every tenant checked, at most `concurrency` at once; one tenant's failure is its report, never the others' end. */
export async function doctorTenants(
  config: AppConfig,
  tenants: readonly Tenant[],
  defenders: TenantDefenders,
  concurrency = DOCTOR_CONCURRENCY,
): Promise<TenantReport[]> {
  return eachLimited(tenants, concurrency, (tenant) => {
    const defender = defenders.byKey.get(tenant.key);
    if (!defender) return Promise.resolve(crashed(tenant, new Error('no clients were built for it')));
    return doctorTenant(config, tenant, defender).catch((err: unknown) => crashed(tenant, err));
  });
}

/** A check that threw (a bug, not a finding): that tenant fails with the reason, the others go on. */
function crashed(tenant: Tenant, err: unknown): TenantReport {
  return {
    tenant,
    status: { graphToken: 'fail', mdeToken: 'fail', permissions: 'fail', calls: 'fail' },
    problems: [{ status: 'fail', title: 'The checks could not run', detail: err instanceof Error ? err.message : String(err) }],
  };
}

export function tenantFailed(report: TenantReport): boolean {
  return COLUMNS.some((c) => report.status[c] === 'fail');
}

/** Where a binding applies, in words. */
export function describeTarget(target: BindingTarget): string {
  if (target.platform === 'slack') return `Slack workspace ${target.teamId}${target.channelId ? `, channel ${target.channelId}` : ''}`;
  const where = target.chatId
    ? `chat ${target.chatId}`
    : target.channelId
      ? `channel ${target.channelId}`
      : target.teamId
        ? `team ${target.teamId}`
        : 'every conversation';
  return `Teams tenant ${target.tenantId}, ${where}`;
}

/** A warning for each binding that speaks for a tenant whose checks failed: its conversations would get errors. */
export function bindingChecks(tenants: TenantsConfig, reports: readonly TenantReport[]): Check[] {
  const failed = new Map(reports.filter(tenantFailed).map((r) => [r.tenant.key, r.tenant.name]));
  const checks: Check[] = [];
  for (const binding of tenants.bindings as Binding[]) {
    const names = binding.tenants.filter((k) => failed.has(k)).map((k) => failed.get(k)!);
    if (!names.length) continue;
    checks.push({
      status: 'warn',
      title: `${binding.origin} (${describeTarget(binding.target)}) speaks for ${names.join(', ')}, which failed above`,
      detail: `Answers for ${names.length > 1 ? 'them' : 'it'} there will be errors until ${names.length > 1 ? 'they are' : 'it is'} fixed.`,
    });
  }
  return checks;
}
