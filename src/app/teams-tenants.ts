import type { TenantsConfig } from '../config/tenants';

/**
 * Whose Teams users may talk to the bot when TEAMS_ALLOWED_TENANTS is unset: the Defender tenants' own, and with a
 * tenants file also every Teams tenant its bindings name (an MSSP's analysts live in its own tenant, not the customers').
 */
export function defaultTeamsTenants(tenants: TenantsConfig): string[] {
  const named = tenants.bindings.flatMap((b) => (b.target.platform === 'teams' ? [b.target.tenantId.toLowerCase()] : []));
  return [...new Set([...tenants.tenants.map((t) => t.tenantId.toLowerCase()), ...named])];
}
