import { demoApp, type EmulatorApp } from './apps';
import type { EmulatorContext } from './context';
import { LiveIncidents } from './incidents/live-incidents';
import { UpdateStamps } from './incidents/update-stamps';
import { checkTenantSpecs, tenantData, type EmulatorRateLimits, type EmulatorTenantSpec } from './multi-tenant';
import { EmulatorRateLimiter, MICROSOFT_LIMITS } from './rate-limits';
import { createDemoTenant } from './tenant';
import type { TenantRewrite } from './tenant/derive-tenant';
import type { DemoTenant } from './tenant/types';

/** What every tenant of one emulator shares: the clock, the signing key, the cloud, the action timeline, the URL. */
export type SharedContext = Omit<EmulatorContext, 'tenant' | 'tenantName' | 'domains' | 'directory' | 'apps' | 'missingTables' | 'stamps' | 'outcomeOverrides'>;

/** One tenant served by the emulator: its data and apps (the context its requests are answered from), limits, live incidents. */
export class TenantRuntime {
  rateLimiter: EmulatorRateLimiter;
  readonly live: LiveIncidents;

  constructor(
    readonly context: EmulatorContext,
    private rateLimits: EmulatorRateLimits,
    live: LiveIncidents,
  ) {
    this.rateLimiter = this.makeLimiter();
    this.live = live;
  }

  get tenantId(): string {
    return this.context.tenant.tenantId;
  }

  setRateLimits(limits: EmulatorRateLimits): void {
    this.rateLimits = limits;
    this.rateLimiter = this.makeLimiter();
  }

  private makeLimiter(): EmulatorRateLimiter {
    return new EmulatorRateLimiter(this.rateLimits === 'microsoft' ? MICROSOFT_LIMITS : this.rateLimits, () => this.context.now().getTime());
  }
}

export interface TenantOptions {
  tenants?: EmulatorTenantSpec[];
  tenant?: DemoTenant;
  apps?: EmulatorApp[];
  rateLimits?: EmulatorRateLimits;
  liveSeed?: number;
}

/**
 * The emulator's tenants: options.tenants, or (without it) the one demo tenant as before. `shared` is filled in by the
 * caller (its baseUrl is known only once the server listens); every context reads it through a getter.
 */
export function buildTenants(options: TenantOptions, shared: SharedContext, now: Date): TenantRuntime[] {
  const specs: EmulatorTenantSpec[] = options.tenants ?? [];
  if (options.tenants) checkTenantSpecs(specs);
  let base: DemoTenant | undefined;
  const demoWeek = () => (base ??= createDemoTenant(now));
  const runtimes: TenantRuntime[] = [];
  const byName = new Map<string, TenantRuntime>();
  const directory = (idOrDomain: string) => byName.get(idOrDomain.toLowerCase())?.context;

  const add = (data: DemoTenant, name: string, apps: EmulatorApp[], limits: EmulatorRateLimits, rewrite?: TenantRewrite) => {
    const domains = [`${name.toLowerCase()}.onmicrosoft.com`];
    const context = withShared(shared, {
      tenant: data,
      tenantName: name,
      domains,
      directory,
      apps: new Map(apps.map((a) => [a.clientId, structuredClone(a)])),
      missingTables: new Set<string>(),
      outcomeOverrides: new Map(),
      stamps: new UpdateStamps(
        shared.now,
        [...data.incidents, ...data.alerts].map((r) => r.lastUpdateDateTime),
      ),
    });
    const seed = options.liveSeed === undefined && runtimes.length === 0 ? undefined : (options.liveSeed ?? 0x11fe) + runtimes.length * 7919;
    const runtime = new TenantRuntime(context, limits, new LiveIncidents(context, seed, rewrite));
    runtimes.push(runtime);
    for (const key of [data.tenantId, ...domains]) byName.set(key.toLowerCase(), runtime);
  };

  if (specs.length === 0) {
    add(options.tenant ?? createDemoTenant(now), 'contoso', options.apps ?? [demoApp()], options.rateLimits ?? 'microsoft');
    return runtimes;
  }
  for (const spec of specs) {
    const { tenant, rewrite } = tenantData(spec, demoWeek);
    tenant.tenantId = spec.tenantId.toLowerCase();
    add(tenant, spec.name, spec.apps ?? options.apps ?? [demoApp()], spec.rateLimits ?? options.rateLimits ?? 'microsoft', rewrite);
  }
  return runtimes;
}

/** A tenant's context whose shared fields are the emulator's (one object, so baseUrl set later is seen by all). */
function withShared(shared: SharedContext, own: Omit<EmulatorContext, keyof SharedContext>): EmulatorContext {
  const context = own as EmulatorContext;
  for (const key of Object.keys(shared) as (keyof SharedContext)[]) {
    Object.defineProperty(context, key, { get: () => shared[key], set: (v) => ((shared as Record<string, unknown>)[key] = v), enumerable: true });
  }
  return context;
}
