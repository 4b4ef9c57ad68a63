import type { Agent } from 'node:https';
import type { AppConfig, CredentialConfig, Endpoints } from '../config/schema';
// Type only (erased): the emulator itself is loaded by import() in demo mode, never by the production client.
import type { DefenderEmulator } from '../../emulator/server';
import type { EmulatorApp } from '../../emulator/apps';
import type { EmulatorTenantSpec } from '../../emulator/multi-tenant';
import { DEMO_TENANT_ID } from '../config/demo';
import type { Tenant } from '../config/tenants';
import { EndpointClient } from './endpoint';
import { GraphClient } from './graph';
import { createCredential, RoleAwareCredential } from './http/credential';
import { DefenderHttp, type DefenderHttpOptions } from './http/defender-http';
import { MemoryRateBudget, type RateBudget } from '../net/memory-rate-budget';

type SignIn = Exclude<CredentialConfig, { kind: 'demo' }>;

/** Everything that talks to Microsoft, built once. */
export interface Defender {
  http: DefenderHttp;
  graph: GraphClient;
  endpoint: EndpointClient;
  credential: RoleAwareCredential;
  endpoints: Endpoints;
  tenantId: string;
  clientId: string;
  demo: boolean;
  /** The embedded emulator in demo mode. */
  emulator?: DefenderEmulator;
  close(): Promise<void>;
}

export interface ConnectOptions {
  agent?: Agent;
  budget?: RateBudget;
  onResponse?: DefenderHttpOptions['onResponse'];
  sleep?: DefenderHttpOptions['sleep'];
}

/**
 * Builds the Defender clients for the configuration. In demo mode it first starts the embedded emulator and
 * connects to it exactly as to Microsoft: @azure/identity with a client secret, over HTTPS, through the same pipeline.
 */
export async function connectDefender(config: AppConfig, options: ConnectOptions = {}): Promise<Defender> {
  if (config.credential.kind !== 'demo') return clientsFor(config, config.credential, config.endpoints, options.agent, options);
  const { emulator, app } = await startDemoEmulator();
  const agent = emulator.agent();
  const defender = await clientsFor(config, demoCredential(app, emulator.tenantId), emulatorEndpoints(config.endpoints, emulator), agent, options, emulator);
  return {
    ...defender,
    async close() {
      agent.destroy();
      await emulator.close();
    },
  };
}

/** The demo app holds SecurityIncident.ReadWrite.All: demo mode offers incident triage (which also reads incidents). */
async function demoApp(): Promise<EmulatorApp> {
  const { demoApp: app } = await import('../../emulator/apps');
  const demo = app();
  demo.graphRoles = [...demo.graphRoles.filter((r) => r !== 'SecurityIncident.Read.All'), 'SecurityIncident.ReadWrite.All'];
  return demo;
}

async function startDemoEmulator(
  tenants?: readonly Tenant[],
  reshape: (specs: EmulatorTenantSpec[]) => EmulatorTenantSpec[] = (specs) => specs,
): Promise<{ emulator: DefenderEmulator; app: EmulatorApp }> {
  const [{ DefenderEmulator, DEMO_LIVE_INCIDENTS }, { DEMO_MSSP_TENANTS }, app] = await Promise.all([
    import('../../emulator/server'),
    import('../../emulator/multi-tenant'),
    demoApp(),
  ]);
  // A tenant of the demo MSSP set (examples/tenants.demo.yaml) gets its data with the overlap a sweep shows; any other
  // tenant id gets data of its own, derived from the demo week.
  const spec = (t: Tenant): EmulatorTenantSpec => ({
    ...(DEMO_MSSP_TENANTS.find((d) => d.tenantId === t.tenantId) ?? {}),
    tenantId: t.tenantId,
    name: t.name.replace(/_/g, '-'),
  });
  // Demo Defender keeps working: new incidents and changes to open ones every few minutes (incident subscriptions).
  const emulator = await DefenderEmulator.start({
    liveIncidents: DEMO_LIVE_INCIDENTS,
    apps: [app],
    ...(tenants ? { tenants: reshape(tenants.map((t) => ({ ...spec(t), apps: [app] }))) } : {}),
  });
  return { emulator, app };
}

function demoCredential(app: EmulatorApp, tenantId: string): SignIn {
  return { kind: 'secret', tenantId, clientId: app.clientId, secret: app.secret ?? '' };
}

function emulatorEndpoints(endpoints: Endpoints, emulator: DefenderEmulator): Endpoints {
  return { ...endpoints, authorityHost: emulator.url, graphUrl: emulator.url, apiUrl: emulator.url, microsoftAuthority: false };
}

async function clientsFor(
  config: AppConfig,
  credentialConfig: SignIn,
  endpoints: Endpoints,
  agent: Agent | undefined,
  options: ConnectOptions,
  emulator?: DefenderEmulator,
): Promise<Defender> {
  const credential = new RoleAwareCredential(createCredential(credentialConfig, endpoints, { agent }));
  const http = new DefenderHttp({
    credential,
    endpoints,
    http: config.http,
    budget: options.budget ?? new MemoryRateBudget(),
    agent,
    onResponse: options.onResponse,
    sleep: options.sleep,
  });
  return {
    http,
    graph: new GraphClient(http),
    endpoint: new EndpointClient(http),
    credential,
    endpoints,
    tenantId: credentialConfig.tenantId,
    clientId: credentialConfig.clientId ?? 'system-assigned managed identity',
    demo: !!emulator,
    emulator,
    close: async () => undefined,
  };
}

/** Every tenant's clients, and one close for all (the demo emulator they share closes last). */
export interface TenantDefenders {
  byKey: Map<string, Defender>;
  /** The embedded emulator in demo mode, shared by every tenant (each its own Entra tenant in it). */
  emulator?: DefenderEmulator;
  close(): Promise<void>;
}

/**
 * The clients of every tenant, each with its own credential, hosts and rate budget (`budgetFor` gets
 * `${tenantId}/${clientId}`: Microsoft's limits are per tenant and app). In demo mode one emulator serves every tenant
 * of the list, each as an Entra tenant of its own with its own data, and the demo app is consented in each.
 */
export async function connectTenants(
  config: AppConfig,
  tenants: readonly Tenant[],
  options: ConnectOptions & {
    budgetFor?: (scope: string) => RateBudget;
    /**
     * Demo mode, tests: what the emulator serves, reshaped before it starts (drop a tenant: Entra answers AADSTS90002;
     * empty a tenant's apps: the demo app is not consented there, AADSTS700016).
     */
    demoTenants?: (specs: EmulatorTenantSpec[]) => EmulatorTenantSpec[];
  } = {},
): Promise<TenantDefenders> {
  const byKey = new Map<string, Defender>();
  const demo = config.credential.kind === 'demo';
  const own = options.demoTenants !== undefined || tenants.length > 1 || tenants[0]?.tenantId !== DEMO_TENANT_ID;
  const started = demo ? await startDemoEmulator(own ? tenants : undefined, options.demoTenants) : undefined;
  const emulator = started?.emulator;
  const agent = emulator?.agent() ?? options.agent;
  for (const tenant of tenants) {
    if (!started && tenant.credential.kind === 'demo') throw new Error(`tenant ${tenant.name} has the demo credential outside demo mode`);
    const credential = started ? demoCredential(started.app, tenant.tenantId) : (tenant.credential as SignIn);
    const endpoints = emulator ? emulatorEndpoints(tenant.endpoints, emulator) : tenant.endpoints;
    const clientId = credential.clientId ?? 'managed';
    const budget = options.budgetFor?.(`${tenant.tenantId}/${clientId}`) ?? options.budget;
    byKey.set(tenant.key, await clientsFor(config, credential, endpoints, agent, { ...options, budget }, emulator));
  }
  return {
    byKey,
    emulator,
    async close() {
      if (!emulator) return;
      agent?.destroy();
      await emulator.close();
    },
  };
}
