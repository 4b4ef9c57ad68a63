import type * as restify from 'restify';
import type { AppConfig } from './config/schema';
import { decideBotAuth } from './bot/teams/bot-auth';
import { createTeamsAdapter, startTeamsServer, type TeamsServer } from './bot/teams/teams-server';
import { TeamsRequestNotifier } from './bot/teams/teams-replier';
import { ActionRequestService } from './core/action-requests';
import { ActionTracker } from './core/action-tracker';
import { RequestTokens } from './core/request-tokens';
import { loadSigningKey } from './core/signing-key';
import { openStore } from './store';
import type { Store } from './store/types';
import { ButtonRegistry } from './core/button-registry';
import { ConversationService } from './core/conversation';
import { RoleResolver } from './core/roles';
import { connectDefender, type ConnectOptions, type Defender } from './defender/connect';
import { DEMO_GROUPS } from './defender/emulator/tenant';
import { LookupService } from './defender/lookup/lookup-service';
import { RoutingNotifier } from './bot/routing-notifier';
import { createSlack, slackClient, slackGroupReader, type SlackRuntime } from './bot/slack/start-slack';
import { SlackRequestNotifier } from './bot/slack/slack-replier';
import { mountHealthRoutes } from './bot/health-routes';
import { MemorySeenSet } from './shared-state';

export interface App {
  config: AppConfig;
  defender: Defender;
  conversation: ConversationService;
  teams: TeamsServer;
  slack?: SlackRuntime;
  store: Store;
  tracker: ActionTracker;
  notices: string[];
  close(): Promise<void>;
}

export class StartupRefusal extends Error {}

/**
 * In demo mode the emulated tenant's SOC groups hold the roles (unless configured), and response buttons are shown:
 * acting on the emulator is harmless and shows the whole flow.
 */
function effectiveConfig(config: AppConfig, demo: boolean): AppConfig {
  if (!demo) return config;
  const noRoles = Object.entries(config.roles).every(([k, v]) => k === 'lookupsRequireRole' || (v as string[]).length === 0);
  return {
    ...config,
    actions: { ...config.actions, deviceIsolation: true, fileQuarantine: true, avScan: true, restrictExecution: true, collectPackage: true, blockIndicator: true },
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

/** The composition root: every service built once, the Teams endpoint started. */
export async function startApp(baseConfig: AppConfig, options: ConnectOptions & { port?: number; log?: (m: string) => void } = {}): Promise<App> {
  const defender = await connectDefender(baseConfig, options);
  const config = effectiveConfig(baseConfig, defender.demo);
  const decision = decideBotAuth(config, defender.demo);
  if (!decision.ok) {
    await defender.close();
    throw new StartupRefusal(decision.message);
  }
  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.storage.databaseUrl, dataDir: config.storage.dataDir });
  } catch (err) {
    await defender.close();
    throw new StartupRefusal((err as Error).message);
  }
  const lookups = new LookupService(defender, config);
  const slackApi = config.slack.botToken ? slackClient(config) : undefined;
  const roles = new RoleResolver(config.roles, (user, groups) => defender.graph.checkMemberGroups(user, groups), {
    slackGroupMembers: slackApi ? slackGroupReader(slackApi) : undefined,
  });
  const { adapter, botAppId } = createTeamsAdapter(config, decision, options.log);
  const key = await loadSigningKey(config.actions.signingKey, config.storage.dataDir);
  const tracker: { current?: ActionTracker } = {};
  const requestDeps = {
    config,
    defender,
    store,
    roles,
    tokens: new RequestTokens(key),
    notifier: new RoutingNotifier({
      teams: decision.mode === 'disabled' ? undefined : new TeamsRequestNotifier(adapter, botAppId),
      slack: slackApi ? new SlackRequestNotifier(slackApi) : undefined,
    }),
    track: (r: Parameters<ActionTracker['track']>[0]) => tracker.current?.track(r),
  };
  const requests = new ActionRequestService(requestDeps);
  tracker.current = new ActionTracker(requestDeps, requests, { log: options.log });
  const conversation = new ConversationService({ config, defender, lookups, roles, buttons: new ButtonRegistry(key, { store: store.ephemeral }), requests, store });
  const allowedTenants = config.teams.allowedTenants.length > 0 ? config.teams.allowedTenants : defender.demo ? undefined : [defender.tenantId];
  const slack = config.slack.botToken ? createSlack(config, conversation, new MemorySeenSet(), slackApi!, { log: options.log }) : undefined;
  if (slack) {
    try {
      await slack.start();
    } catch (err) {
      await store.close();
      await defender.close();
      throw new StartupRefusal((err as Error).message);
    }
  }
  let teams: TeamsServer;
  try {
    teams = await startTeamsServer({
      config,
      conversation,
      decision,
      adapter,
      allowedTenants,
      port: options.port,
      log: options.log,
      mount: (server) => {
        const slackHttp = slack?.http;
        if (slackHttp) server.post('/slack/events', async (req: restify.Request, res: restify.Response) => slackHttp.handle(req, res));
        mountHealthRoutes(server, {
          checks: [
            { name: 'store', check: () => store.health() },
            { name: 'defender', check: async () => void (await defender.endpoint.listMachineActions(undefined, 1)) },
          ],
        });
      },
    });
  } catch (err) {
    await slack?.close();
    await store.close();
    await defender.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupRefusal(code === 'EADDRINUSE' ? `Port ${options.port ?? config.teams.port} is in use: set PORT to a free port.` : `The bot's server could not start: ${(err as Error).message}`);
  }
  await tracker.current.start();
  const notices = [decision.notice, allowedTenants ? undefined : 'Any Teams tenant may talk to this demo bot (loopback only); set TEAMS_ALLOWED_TENANTS to restrict it.'].filter((n): n is string => !!n);
  return {
    config,
    defender,
    conversation,
    teams,
    slack,
    store,
    tracker: tracker.current,
    notices,
    async close() {
      tracker.current?.stop();
      await teams.close();
      await slack?.close();
      await tracker.current?.idle();
      await store.close();
      await defender.close();
    },
  };
}
