import { StoreValueError, type TenantFilter } from './types';

// Every table with a tenant column keeps '' for "no tenant" (rows written before migration 4, or by a caller that gave
// none) rather than NULL: the incident tables have the tenant in their primary keys, which cannot hold NULL in
// PostgreSQL, and one spelling everywhere keeps every filter a plain `tenant IN (...)`.

export const NO_TENANT = '';

const TENANT_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isTenantKey(value: unknown): value is string {
  return typeof value === 'string' && TENANT_KEY.test(value);
}

/** The column value of a tenant being written: '' when there is none; anything but a tenant key throws. */
export function encodeTenant(value: unknown, field = 'tenant'): string {
  if (value === undefined) return NO_TENANT;
  if (!isTenantKey(value)) throw new StoreValueError(`${field} must be a tenant key: 1 to 64 lower-case letters, digits, - and _ (like contoso)`);
  return value;
}

export function decodeTenant(value: unknown): string | undefined {
  return typeof value === 'string' && value !== NO_TENANT ? value : undefined;
}

/** The column value one row is addressed by (absent: the row without a tenant), or undefined when no row can have it. */
export function addressedTenant(tenant: string | undefined): string | undefined {
  if (tenant === undefined) return NO_TENANT;
  return isTenantKey(tenant) ? tenant : undefined;
}

/**
 * The tenant column values a filter admits: undefined when it admits every row (no filter), [] when it admits none (a
 * key the store never writes).
 */
export function tenantValues(filter: TenantFilter | undefined): string[] | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'string') return isTenantKey(filter) ? [filter] : [];
  if (filter === null || typeof filter !== 'object') throw new StoreValueError('tenant must be a tenant key or { tenant, legacy }');
  if (!isTenantKey(filter.tenant)) return [];
  return filter.legacy ? [filter.tenant, NO_TENANT] : [filter.tenant];
}
