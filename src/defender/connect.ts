import type { Agent } from 'node:https';
import type { AppConfig, Endpoints } from '../config/schema';
// Type only (erased): the emulator itself is loaded by import() in demo mode, never by the production client.
import type { DefenderEmulator } from '../../emulator/server';
import { EndpointClient } from './endpoint';
import { GraphClient } from './graph';
import { createCredential, RoleAwareCredential } from './http/credential';
import { DefenderHttp, type DefenderHttpOptions } from './http/defender-http';
import { MemoryRateBudget, type RateBudget } from '../net/memory-rate-budget';

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
  let emulator: DefenderEmulator | undefined;
  let endpoints = config.endpoints;
  let credentialConfig = config.credential;
  let agent = options.agent;
  if (credentialConfig.kind === 'demo') {
    const [{ DefenderEmulator, DEMO_LIVE_INCIDENTS }, { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, demoApp }] = await Promise.all([
      import('../../emulator/server'),
      import('../../emulator/apps'),
    ]);
    // Demo Defender keeps working: new incidents and changes to open ones every few minutes (incident subscriptions).
    // Demo mode offers incident triage, so its app holds SecurityIncident.ReadWrite.All (which also reads incidents).
    const app = demoApp();
    app.graphRoles = [...app.graphRoles.filter((r) => r !== 'SecurityIncident.Read.All'), 'SecurityIncident.ReadWrite.All'];
    emulator = await DefenderEmulator.start({ liveIncidents: DEMO_LIVE_INCIDENTS, apps: [app] });
    endpoints = { ...endpoints, authorityHost: emulator.url, graphUrl: emulator.url, apiUrl: emulator.url, microsoftAuthority: false };
    credentialConfig = { kind: 'secret', tenantId: emulator.tenantId, clientId: DEMO_CLIENT_ID, secret: DEMO_CLIENT_SECRET };
    agent = emulator.agent();
  }
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
    async close() {
      if (emulator) agent?.destroy();
      await emulator?.close();
    },
  };
}
