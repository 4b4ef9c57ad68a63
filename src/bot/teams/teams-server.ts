import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';
import type { AppConfig } from '../../config/schema';
import type { ConversationService } from '../../core/conversation';
import { MemoryRateBudget, type RateBudget } from '../../net/memory-rate-budget';
import { requireContentType, TEAMS_CONTENT_TYPES } from '../http/content-type-guard';
import { isUnauthenticated, type BotAuthDecision } from './bot-auth';
import { botFrameworkOptions } from './bot-framework-options';
import { ConnectorTransport, type ConnectorTransportOptions } from './connector-transport';
import { localClientsOnly, loopbackServiceUrlOnly } from './local-only-guard';
import { DefenderTeamsBot } from './teams-bot';

export interface TeamsServer {
  server: restify.Server;
  adapter: CloudAdapter;
  bot: DefenderTeamsBot;
  url: string;
  close(): Promise<void>;
}

export interface TeamsServerOptions {
  config: AppConfig;
  conversation: ConversationService;
  decision: Extract<BotAuthDecision, { ok: true }>;
  adapter: CloudAdapter;
  /** Tenants allowed to talk to the bot; undefined: any (demo on loopback only). */
  allowedTenants?: string[];
  port?: number;
  log?: (message: string) => void;
  /** More routes on the same server (Slack, health, metrics). */
  mount?: (server: restify.Server) => void;
}

export interface TeamsAdapterOptions {
  /**
   * Where the per-conversation send allowance is booked. The composition root passes the shared state's budget, so
   * with REDIS_URL every replica of the bot counts against the same Teams limit. Default: in memory.
   */
  budget?: RateBudget;
  /** Overrides of the Bot Connector transport (tests: a recorded sleep, another HTTP client). */
  transport?: Partial<Omit<ConnectorTransportOptions, 'budget' | 'botAppId'>>;
}

/**
 * botbuilder's CloudAdapter, authenticated unless the decision says otherwise. Every Bot Connector call it makes
 * (replies, sends and updates in a turn or in continueConversationAsync) goes through ConnectorTransport: botbuilder
 * builds each ConnectorClient from the ConnectorClientOptions given to ConfigurationBotFrameworkAuthentication, and
 * their `httpClient` is the one seam under all of them (the `requestPolicyFactories` given there are overwritten by
 * botframework-connector's ConnectorFactoryImpl).
 */
export function createTeamsAdapter(
  config: AppConfig,
  decision: Extract<BotAuthDecision, { ok: true }>,
  log?: (m: string) => void,
  options: TeamsAdapterOptions = {},
): { adapter: CloudAdapter; botAppId: string; transport: ConnectorTransport } {
  const authenticated = decision.mode === 'authenticated';
  const botAppId = authenticated ? config.teams.appId! : '';
  const transport = new ConnectorTransport({ log, ...options.transport, budget: options.budget ?? new MemoryRateBudget(), botAppId });
  const auth = new ConfigurationBotFrameworkAuthentication(
    authenticated ? botFrameworkOptions(config.teams) : { MicrosoftAppId: '', MicrosoftAppPassword: '' },
    undefined,
    undefined,
    undefined,
    { httpClient: transport },
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_ctx, error) => {
    // Never echo the error to the chat: it may carry internals.
    log?.(`turn failed: ${error instanceof Error ? error.message : String(error)}`);
  };
  return { adapter, botAppId, transport };
}

/** The bot on restify: POST /api/messages. */
export async function startTeamsServer(options: TeamsServerOptions): Promise<TeamsServer> {
  const { config, decision, adapter } = options;
  const authenticated = decision.mode === 'authenticated';
  const bot = new DefenderTeamsBot({
    conversation: options.conversation,
    adapter,
    botAppId: authenticated ? config.teams.appId! : '',
    allowedTenants: options.allowedTenants,
    log: options.log,
  });
  const server = restify.createServer({ name: 'defender-chatops', handleUncaughtExceptions: false });
  // Parsed per route: Slack's signature is computed over the raw body, which a global parser would consume. JSON
  // only: the Bot Connector sends nothing else, and form or text bodies are what a web page can post cross-origin.
  const parseJson = [restify.plugins.bodyReader({ maxBodySize: 2 * 1024 * 1024 }), ...restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false })];
  const log = options.log;
  // Without a token nothing vouches for a request, so only clients on this machine are answered (bot-auth.ts).
  const localOnly = isUnauthenticated(decision);
  if (decision.mode !== 'disabled')
    server.post(
      '/api/messages',
      requireContentType(TEAMS_CONTENT_TYPES, (type) => log?.(`refused a request to /api/messages: content type ${type || '(none)'}`)),
      ...(localOnly ? [localClientsOnly(log)] : []),
      ...parseJson,
      ...(localOnly ? [loopbackServiceUrlOnly(log)] : []),
      async (req: restify.Request, res: restify.Response) => {
        await adapter.process(req, res, (ctx) => bot.run(ctx));
      },
    );
  options.mount?.(server);
  const port = options.port ?? config.teams.port;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, decision.bindAddress, () => resolve());
  });
  const address = server.address();
  return {
    server,
    adapter,
    bot,
    url: `http://${decision.bindAddress === '0.0.0.0' ? '127.0.0.1' : decision.bindAddress}:${address.port}`,
    async close() {
      await bot.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
