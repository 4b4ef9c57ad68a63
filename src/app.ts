import type { AppConfig } from './config/schema';
import { decideBotAuth } from './bot/teams/bot-auth';
import { createTeamsAdapter } from './bot/teams/teams-adapter';
import { mountTeamsRoutes, type TeamsServer } from './bot/teams/teams-routes';
import { createHttpServer } from './bot/http/server';
import { TeamsRequestNotifier } from './bot/teams/teams-replier';
import type { ActionTracker } from './core/action-tracker';
import { loadSigningKey } from './core/signing-key';
import { openStore } from './store';
import type { Store } from './store/types';
import { TenantRouter, type ConversationPort, type TenantService } from './core/tenancy/tenant-router';
import { singleTenantDefenders, tenantRuntime, type TenantRuntime } from './app/tenant-runtime';
import { defaultTeamsTenants } from './app/teams-tenants';
import { loadTenants } from './config/tenants-file';
import type { TenantsConfig } from './config/tenants';
import { connectTenants, type ConnectOptions, type Defender, type TenantDefenders } from './defender/connect';
import { DEMO_GROUPS } from './config/demo';
import { warmUpKqlAnalyzer } from './defender/queries/kql-analyzer';
import { RoutingNotifier } from './bot/routing-notifier';
import { createSlack, slackClient, type SlackRuntime } from './bot/slack/start-slack';
import { SlackRequestNotifier } from './bot/slack/slack-replier';
import { mountHealthRoutes } from './bot/health-routes';
import { mountSlackRoutes } from './bot/slack/slack-routes';
import { openSharedState, type SharedState } from './shared-state';
import { BotMetrics } from './ops/metrics';
import { startMetricsServer, type MetricsServer } from './ops/metrics-server';
import { instrumentStore } from './ops/instrument-store';
import { scrubString } from './ops/redact';

export interface App {
  config: AppConfig;
  /** The first tenant's clients (the only tenant's, without TENANTS_FILE). */
  defender: Defender;
  conversation: ConversationPort;
  /** Every tenant's services; one without TENANTS_FILE. */
  tenants: TenantRuntime[];
  teams: TeamsServer;
  slack?: SlackRuntime;
  store: Store;
  shared: SharedState;
  metrics: BotMetrics;
  /** The Prometheus endpoint (METRICS_PORT), when configured. */
  metricsServer?: MetricsServer;
  tracker: ActionTracker;
  /** True once close() began: /readyz answers 503 so the load balancer stops sending turns. */
  draining: boolean;
  notices: string[];
  close(): Promise<void>;
}

export class StartupRefusal extends Error {}

/**
 * In demo mode the emulated tenant's SOC groups hold the roles (unless configured), and response buttons are shown:
 * acting on the emulator is harmless and shows the whole flow.
 */
export function effectiveConfig(config: AppConfig, demo: boolean): AppConfig {
  if (!demo) return config;
  const noRoles = Object.entries(config.roles).every(([k, v]) => k === 'lookupsRequireRole' || (v as string[]).length === 0);
  return {
    ...config,
    actions: {
      ...config.actions,
      deviceIsolation: true,
      fileQuarantine: true,
      avScan: true,
      restrictExecution: true,
      collectPackage: true,
      blockIndicator: true,
    },
    incidents: { ...config.incidents, triage: true },
    roles: noRoles
      ? {
          ...config.roles,
          hunter: [`group:${DEMO_GROUPS.hunters.id}`],
          responder: [`group:${DEMO_GROUPS.responders.id}`],
          approver: [`group:${DEMO_GROUPS.approvers.id}`],
        }
      : config.roles,
  };
}

export interface StartOptions extends ConnectOptions {
  port?: number;
  log?: (m: string, level?: 'info' | 'warn') => void;
  metrics?: BotMetrics;
  /** Overrides METRICS_PORT (0: any free port), for tests. */
  metricsPort?: number;
}

/** The composition root: every service built once, the HTTP endpoints (Teams, Slack, health) started. */
export async function startApp(baseConfig: AppConfig, options: StartOptions = {}): Promise<App> {
  const log = options.log;
  const metrics = options.metrics ?? new BotMetrics();
  // Undone in reverse if a later step fails, so a refused start leaves nothing running.
  const undo: Array<() => Promise<unknown>> = [];
  const refuse = async (message: string): Promise<never> => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw new StartupRefusal(message);
  };

  let shared: SharedState;
  try {
    const scope = baseConfig.credential.kind === 'demo' ? 'demo' : `${baseConfig.credential.tenantId}/${baseConfig.credential.clientId ?? 'managed'}`;
    shared = await openSharedState(baseConfig.redisUrl, log, { rateScope: scope });
  } catch (err) {
    return refuse((err as Error).message);
  }
  undo.push(() => shared.close());
  const demo = baseConfig.credential.kind === 'demo';
  const config = effectiveConfig(baseConfig, demo);
  let tenants: TenantsConfig;
  try {
    tenants = loadTenants(config);
  } catch (err) {
    return refuse((err as Error).message);
  }
  const multi = tenants.source === 'file';
  const upstream: ConnectOptions['onResponse'] = (e) => {
    options.onResponse?.(e);
    metrics.recordUpstream({ api: e.api, status: e.status === 'error' ? 'network' : e.status, seconds: e.durationMs / 1000 });
    if (e.status === 429) metrics.recordThrottle(e.api, 'upstream_429');
  };
  let defenders: TenantDefenders;
  try {
    // One tenant: the clients as always (one budget, the settings' credential). Several: each tenant its own
    // credential, hosts and budget (Microsoft counts per tenant and app), one demo emulator serving them all.
    defenders = multi
      ? await connectTenants(config, tenants.tenants, { ...options, budgetFor: shared.rateBudgetFor, onResponse: upstream })
      : await singleTenantDefenders(baseConfig, tenants.tenants[0]!, { ...options, budget: options.budget ?? shared.rateBudget, onResponse: upstream });
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw err;
  }
  undo.push(() => defenders.close());
  const defender = defenders.byKey.get(tenants.tenants[0]!.key)!;
  const decision = decideBotAuth(config, defender.demo);
  if (!decision.ok) return refuse(decision.message);
  let store: Store;
  try {
    store = instrumentStore(await openStore({ databaseUrl: config.storage.databaseUrl, dataDir: config.storage.dataDir, log }), metrics);
  } catch (err) {
    return refuse((err as Error).message);
  }
  undo.push(() => store.close());
  metrics.setActiveRequestsSource(async () => {
    const counts: Record<string, number> = {};
    for (const r of await store.requests.listActive()) counts[r.state] = (counts[r.state] ?? 0) + 1;
    return counts;
  });

  // Microsoft's KQL analyzer takes a second or two to load: once here, not in the first analyst's `hunt`.
  warmUpKqlAnalyzer();
  const slackApi = config.slack.botToken ? slackClient(config) : undefined;
  const { adapter, botAppId } = createTeamsAdapter(config, decision, log, { budget: shared.rateBudget });
  const key = await loadSigningKey(config.actions.signingKey, config.storage.dataDir);
  const platformNotifier = new RoutingNotifier({
    teams: decision.mode === 'disabled' ? undefined : new TeamsRequestNotifier(adapter, botAppId),
    slack: slackApi ? new SlackRequestNotifier(slackApi) : undefined,
  });
  // Group checks read the directory where the user lives: a configured tenant with the user's Entra tenant id, else
  // the tenant being asked about.
  const byEntraTenant = new Map([...defenders.byKey].map(([k, d]) => [tenants.tenants.find((t) => t.key === k)!.tenantId.toLowerCase(), d]));
  const runtimes = tenants.tenants.map((tenant) =>
    tenantRuntime({
      tenant,
      multi,
      config,
      defender: defenders.byKey.get(tenant.key)!,
      directory: (userTenantId) => byEntraTenant.get(userTenantId.toLowerCase()),
      store,
      shared,
      key,
      notifier: platformNotifier,
      slackApi,
      metrics,
      log,
    }),
  );
  const services = new Map<string, TenantService>(runtimes.map((r) => [r.tenant.key, r]));
  const conversation: ConversationPort = multi
    ? new TenantRouter({ config, tenants, services, audit: store.audit, bindings: store.bindings, log })
    : runtimes[0]!.conversation;
  const allowedTenants = config.teams.allowedTenants.length > 0 ? config.teams.allowedTenants : defender.demo ? undefined : defaultTeamsTenants(tenants);
  let slack: SlackRuntime | undefined;
  if (slackApi) {
    slack = createSlack(config, conversation, shared.seen, slackApi, {
      log,
      // After the signature: replays and Slack's own retries are dropped (not refusals), other workspaces refused.
      onRefusal: (reason) => {
        if (reason === 'replayed' || reason === 'retry_ignored' || reason === 'foreign_team') metrics.recordSlackRequest(reason);
        if (reason === 'foreign_team') metrics.recordRefusal('team');
      },
      // Before it: the timestamp window and Bolt's signature check.
      onHttpOutcome: (outcome) => {
        metrics.recordSlackRequest(outcome === 'missing_timestamp' ? 'bad_signature' : outcome);
        if (outcome !== 'ok') metrics.recordRefusal('signature');
      },
    });
    try {
      await slack.start();
    } catch (err) {
      return refuse((err as Error).message);
    }
    undo.push(() => slack!.close());
  }
  const state = { draining: false };
  // One HTTP server for the process: each platform attaches its routes, then it listens.
  const http = createHttpServer();
  const bot = mountTeamsRoutes(http.server, { config, conversation, decision, adapter, allowedTenants, log });
  if (slack?.http) mountSlackRoutes(http.server, slack.http, log);
  mountHealthRoutes(http.server, {
    checks: [
      { name: 'store', check: () => store.health() },
      { name: 'defender', check: async () => void (await defender.endpoint.listMachineActions(undefined, 1)) },
      ...(shared.redis ? [{ name: 'redis', check: async () => void (await shared.redis!.ping()) }] : []),
    ],
    scrub: scrubString,
    draining: () => state.draining,
  });
  const port = options.port ?? config.teams.port;
  try {
    await http.listen(port, decision.bindAddress);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return refuse(code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to a free port.` : `The bot's server could not start: ${(err as Error).message}`);
  }
  const teams: TeamsServer = {
    server: http.server,
    adapter,
    bot,
    url: http.url,
    async close() {
      await bot.idle();
      await http.close();
    },
  };
  undo.push(() => teams.close());
  let metricsServer: MetricsServer | undefined;
  const metricsPort = options.metricsPort ?? config.metrics.port;
  if (metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer({
        port: metricsPort,
        host: config.metrics.bindAddress,
        token: config.metrics.token,
        metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
        log,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return refuse(
        code === 'EADDRINUSE'
          ? `METRICS_PORT ${metricsPort} is in use: set METRICS_PORT to a free port.`
          : `The metrics server could not listen on ${config.metrics.bindAddress}:${metricsPort} (${code ?? 'error'}): check METRICS_BIND_ADDRESS and METRICS_PORT.`,
      );
    }
  }
  for (const runtime of runtimes) {
    await runtime.tracker.start();
    runtime.poller.start();
  }
  const sweeper = setInterval(() => void store.ephemeral.sweep().catch(() => undefined), 10 * 60_000);
  sweeper.unref();
  const notices = [
    decision.notice,
    allowedTenants ? undefined : 'Any Teams tenant may talk to this demo bot (loopback only); set TEAMS_ALLOWED_TENANTS to restrict it.',
  ].filter((n): n is string => !!n);
  return {
    config,
    defender,
    conversation,
    teams,
    slack,
    store,
    shared,
    metrics,
    metricsServer,
    tracker: runtimes[0]!.tracker,
    tenants: runtimes,
    notices,
    get draining() {
      return state.draining;
    },
    /** Finishes turns in flight, hands polling over (leases released), then closes the stores. */
    async close() {
      state.draining = true;
      clearInterval(sweeper);
      for (const runtime of runtimes) {
        await runtime.tracker.stop();
        await runtime.poller.stop();
      }
      await teams.close();
      await metricsServer?.close();
      await slack?.close();
      await store.close();
      await defenders.close();
      await shared.close();
    },
  };
}
