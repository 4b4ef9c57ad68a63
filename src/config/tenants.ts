import { CLOUDS, type CloudName } from './clouds';
import { DEMO_TENANT_ID } from './demo';
import type { RoleName } from './role-members';
import type { AppConfig, CredentialConfig, Endpoints } from './schema';

/** Who holds each role in one tenant: being a responder in one tenant gives nothing in another. */
export type TenantRoles = Record<RoleName, string[]>;

/** How a tenant's credential was declared: kept for describe/doctor output, never needed to sign in. */
export type CredentialSource = 'settings' | 'demo' | 'shared-app' | 'own-app' | 'managed-identity';

/** One Defender tenant the bot serves. */
export interface Tenant {
  /** The short name shown on every card, as written. */
  name: string;
  /** The lower-cased name: names are unique ignoring case, and every per-tenant map is keyed by this. */
  key: string;
  /** Entra tenant id (a lower-case GUID; in single-tenant mode AZURE_TENANT_ID as set, which may be a domain). */
  tenantId: string;
  cloud: CloudName;
  endpoints: Endpoints;
  /** A shared multi-tenant app's credential carries this tenant's id: the tenant is the authority. */
  credential: CredentialConfig;
  credentialSource: CredentialSource;
  /** The deployment's ROLE_* members plus the tenant's own (a tenants file's `roles`). */
  roles: TenantRoles;
}

/** Where a binding applies. Teams ids are compared exactly, tenant ids ignoring case. */
export type BindingTarget =
  { platform: 'teams'; tenantId: string; teamId?: string; channelId?: string; chatId?: string } | { platform: 'slack'; teamId: string; channelId?: string };

/** A conversation (or a whole team or workspace) and the tenants it speaks for. */
export interface Binding {
  target: BindingTarget;
  /** Tenant keys; empty: explicitly no tenant (a channel opted out of its team's binding). */
  tenants: string[];
  /** Where it was declared, for messages: `bindings[3]` of the tenants file. */
  origin: string;
}

export interface TenantsConfig {
  /** settings: one tenant from AZURE_* and DEFENDER_CLOUD, bound to every conversation; file: TENANTS_FILE. */
  source: 'settings' | 'file';
  file?: string;
  tenants: Tenant[];
  bindings: Binding[];
}

export const SINGLE_TENANT_NAME = 'default';
export const DEMO_TENANT_NAME = 'demo';

export function tenantRolesOf(config: AppConfig): TenantRoles {
  const { viewer, hunter, responder, approver, admin } = config.roles;
  return { viewer: [...viewer], hunter: [...hunter], responder: [...responder], approver: [...approver], admin: [...admin] };
}

/**
 * The hosts of a tenant in `cloud`: the deployment's own endpoints (with their AZURE_AUTHORITY_HOST and
 * DEFENDER_*_URL overrides) for a tenant in the deployment's cloud, else that cloud's Microsoft hosts.
 */
export function tenantEndpoints(cloud: CloudName, config: AppConfig): Endpoints {
  if (cloud === config.endpoints.cloud) return { ...config.endpoints };
  const c = CLOUDS[cloud];
  return {
    cloud,
    authorityHost: c.authorityHost,
    graphUrl: c.graphUrl,
    apiUrl: c.apiUrl,
    portalUrl: c.portalUrl,
    graphScope: c.graphScope,
    apiScope: c.apiScope,
    microsoftAuthority: true,
  };
}

/**
 * Without TENANTS_FILE: exactly one tenant made of the existing settings (named "default", or "demo" in demo mode),
 * bound to every conversation, so the single-tenant settings keep working unchanged.
 */
export function singleTenantConfig(config: AppConfig): TenantsConfig {
  const demo = config.credential.kind === 'demo';
  const name = demo ? DEMO_TENANT_NAME : SINGLE_TENANT_NAME;
  const tenant: Tenant = {
    name,
    key: name,
    tenantId: config.credential.kind === 'demo' ? DEMO_TENANT_ID : config.credential.tenantId,
    cloud: config.endpoints.cloud,
    endpoints: { ...config.endpoints },
    credential: config.credential,
    credentialSource: demo ? 'demo' : 'settings',
    roles: tenantRolesOf(config),
  };
  return { source: 'settings', tenants: [tenant], bindings: [] };
}
