import type { EmulatorApp } from './apps';
import type { LimitWindow } from './rate-limits';
import { FILES } from './tenant/hashes';
import { DEMO_TENANT_ID } from './tenant/ids';
import { EXTERNAL_IPS } from './tenant/network';
import { stableGuid } from './tenant/prng';
import { deriveTenant, type TenantRewrite } from './tenant/derive-tenant';
import type { DemoTenant } from './tenant/types';

// Several Entra tenants in one emulator, as an MSSP's bot sees them: one multi-tenant app consented in each customer's
// tenant, a token per tenant (learn.microsoft.com/entra/identity-platform/howto-convert-app-to-be-multi-tenant), and
// Defender's limits per tenant and app (learn.microsoft.com/defender-endpoint/api/api-terms-of-use: "per tenant").

export type EmulatorRateLimits = 'microsoft' | 'off' | Record<string, LimitWindow[]>;

export interface EmulatorTenantSpec {
  /** The tenant's id (a GUID): the token endpoint is /{tenantId}/oauth2/v2.0/token and tokens carry it as `tid`. */
  tenantId: string;
  /** Short name: the data's domain ({name}.com) and the tenant's {name}.onmicrosoft.com. */
  name: string;
  /**
   * What the data is made of: 'demo' (Contoso's week as createDemoTenant builds it, what DEMO_INDICATORS describe),
   * 'derived' (that week for another organisation: its own device names and ids, alert and incident ids, hashes and
   * external addresses; tenant/derive-tenant.ts), or the data itself. Default: 'demo' for DEMO_TENANT_ID, else 'derived'.
   */
  data?: 'demo' | 'derived' | DemoTenant;
  /** Seed of a derived tenant's names (default: the name): two seeds, two different tenants. */
  seed?: string;
  /** Values of the demo data a derived tenant shares (the fixed overlap: an address, a file's hashes). */
  keep?: readonly string[];
  /** App registrations consented in this tenant (default: EmulatorOptions.apps, else the demo app). */
  apps?: EmulatorApp[];
  /** This tenant's limits (default: EmulatorOptions.rateLimits). Counted per tenant and app either way. */
  rateLimits?: EmulatorRateLimits;
}

const MSSP_IDS = {
  contoso: DEMO_TENANT_ID,
  fabrikam: 'b7d1f0e2-3c4a-4e5b-9f6a-1d2c3b4a5f60',
  northwind: 'c4e9a7b3-2d1f-4a8e-b6c5-0f1e2d3c4b5a',
} as const;

/** An address no tenant of this module has: derived tenants never draw it. */
const SEEN_IN_NONE = '192.0.2.254';
const SHARED_FILE = FILES.payloadExe;

/**
 * The overlap of DEMO_MSSP_TENANTS. seenInTwo is Contoso's C2 address (alerts, evidence, DeviceNetworkEvents) and
 * hashSeenInTwo its payload.exe (alerts, evidence, file events, file profile): Fabrikam has both too, on its own
 * devices and in its own alerts; Northwind has neither. seenInNone is in no tenant.
 */
export const DEMO_MSSP_INDICATORS = {
  tenants: MSSP_IDS,
  seenInTwo: EXTERNAL_IPS.c2.ipAddress,
  hashSeenInTwo: SHARED_FILE.sha256,
  /** The other hashes of the same file (payload.exe), shared the same way. */
  sha1SeenInTwo: SHARED_FILE.sha1,
  seenInNone: SEEN_IN_NONE,
  seenIn: ['contoso', 'fabrikam'],
  notSeenIn: ['northwind'],
} as const;

const SHARED = [EXTERNAL_IPS.c2.ipAddress, SHARED_FILE.sha256, SHARED_FILE.sha1, SHARED_FILE.md5];

/** Three customers of one MSSP; contoso (the demo tenant, unchanged) is the home one. */
export const DEMO_MSSP_TENANTS: readonly EmulatorTenantSpec[] = [
  { tenantId: MSSP_IDS.contoso, name: 'contoso', data: 'demo' },
  { tenantId: MSSP_IDS.fabrikam, name: 'fabrikam', data: 'derived', keep: SHARED },
  { tenantId: MSSP_IDS.northwind, name: 'northwind', data: 'derived' },
];

/** n tenants (1..50) named tenant-01.., each derived with its own seed and fixed id, for benchmarks. */
export function msspTenantSpecs(n: number): EmulatorTenantSpec[] {
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error('msspTenantSpecs: n must be an integer from 1 to 50');
  return Array.from({ length: n }, (_, i) => {
    const name = `tenant-${String(i + 1).padStart(2, '0')}`;
    return { tenantId: stableGuid(`mssp-tenant:${name}`), name, data: 'derived' as const };
  });
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a list of specs: GUID ids, distinct ids and names. */
export function checkTenantSpecs(specs: readonly EmulatorTenantSpec[]): void {
  if (specs.length === 0) throw new Error('EmulatorOptions.tenants: at least one tenant');
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const s of specs) {
    if (!GUID.test(s.tenantId)) throw new Error(`EmulatorOptions.tenants: tenantId ${JSON.stringify(s.tenantId)} is not a GUID`);
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(s.name))
      throw new Error(`EmulatorOptions.tenants: name ${JSON.stringify(s.name)} must be letters, digits and hyphens`);
    if (ids.has(s.tenantId.toLowerCase()) || names.has(s.name.toLowerCase())) throw new Error(`EmulatorOptions.tenants: ${s.name} is listed twice`);
    ids.add(s.tenantId.toLowerCase());
    names.add(s.name.toLowerCase());
  }
}

/** A tenant's data; `base()` is the demo week (built once, shared by every derived tenant, never changed). */
export function tenantData(spec: EmulatorTenantSpec, base: () => DemoTenant): { tenant: DemoTenant; rewrite?: TenantRewrite } {
  const data = spec.data ?? (spec.tenantId.toLowerCase() === DEMO_TENANT_ID ? 'demo' : 'derived');
  if (typeof data === 'object') return { tenant: data };
  if (data === 'demo') return { tenant: structuredClone(base()) };
  return deriveTenant(base(), {
    tenantId: spec.tenantId.toLowerCase(),
    name: spec.name,
    seed: spec.seed ?? spec.name,
    keep: spec.keep,
    reserved: [SEEN_IN_NONE],
  });
}
