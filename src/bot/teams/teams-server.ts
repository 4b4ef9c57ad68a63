import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import * as restify from 'restify';
import type { AppConfig } from '../../config/schema';
import type { ConversationService } from '../../core/conversation';
import type { BotAuthDecision } from './bot-auth';
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

/** botbuilder's CloudAdapter, authenticated unless the decision says otherwise. */
export function createTeamsAdapter(config: AppConfig, decision: Extract<BotAuthDecision, { ok: true }>, log?: (m: string) => void): { adapter: CloudAdapter; botAppId: string } {
  const authenticated = decision.mode === 'authenticated';
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: authenticated ? config.teams.appId : '',
    MicrosoftAppPassword: authenticated ? config.teams.appPassword : '',
    MicrosoftAppType: authenticated ? config.teams.appType : undefined,
    MicrosoftAppTenantId: authenticated ? config.teams.appTenantId : undefined,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_ctx, error) => {
    // Never echo the error to the chat: it may carry internals.
    log?.(`turn failed: ${error instanceof Error ? error.message : String(error)}`);
  };
  return { adapter, botAppId: authenticated ? config.teams.appId! : '' };
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
  // Parsed per route: Slack's signature is computed over the raw body, which a global parser would consume.
  const parseBody = restify.plugins.bodyParser({ maxBodySize: 2 * 1024 * 1024, mapParams: false });
  if (decision.mode !== 'disabled')
    server.post('/api/messages', ...parseBody, async (req: restify.Request, res: restify.Response) => {
      await adapter.process(req, res, (ctx) => bot.run(ctx));
    });
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
