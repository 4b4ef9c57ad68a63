import type { CloudAdapter } from 'botbuilder';
import type * as restify from 'restify';
import type { AppConfig } from '../../config/schema';
import type { ConversationPort } from '../../core/tenancy/tenant-router';
import { requireContentType, TEAMS_CONTENT_TYPES } from '../http/content-type-guard';
import { jsonBody } from '../http/server';
import { isUnauthenticated, type BotAuthDecision } from './bot-auth';
import { localClientsOnly, loopbackServiceUrlOnly } from './local-only-guard';
import { DefenderTeamsBot } from './teams-bot';

/** The Teams side of the bot, on the process's one HTTP server (`server` and `url` are shared with Slack and health). */
export interface TeamsServer {
  server: restify.Server;
  adapter: CloudAdapter;
  bot: DefenderTeamsBot;
  url: string;
  /** Waits for the turns in flight, then closes the HTTP server. */
  close(): Promise<void>;
}

export interface TeamsRoutesOptions {
  config: AppConfig;
  conversation: ConversationPort;
  decision: Extract<BotAuthDecision, { ok: true }>;
  adapter: CloudAdapter;
  /** Tenants allowed to talk to the bot; undefined: any (demo on loopback only). */
  allowedTenants?: string[];
  log?: (message: string) => void;
}

/** The Teams bot on the shared server: POST /api/messages (not mounted when Teams is off). */
export function mountTeamsRoutes(server: restify.Server, options: TeamsRoutesOptions): DefenderTeamsBot {
  const { config, decision, adapter, log } = options;
  const bot = new DefenderTeamsBot({
    conversation: options.conversation,
    adapter,
    botAppId: decision.mode === 'authenticated' ? config.teams.appId! : '',
    allowedTenants: options.allowedTenants,
    log,
  });
  if (decision.mode === 'disabled') return bot;
  // Without a token nothing vouches for a request, so only clients on this machine are answered (bot-auth.ts).
  const localOnly = isUnauthenticated(decision);
  server.post(
    '/api/messages',
    requireContentType(TEAMS_CONTENT_TYPES, (type) => log?.(`refused a request to /api/messages: content type ${type || '(none)'}`)),
    ...(localOnly ? [localClientsOnly(log)] : []),
    ...jsonBody(),
    ...(localOnly ? [loopbackServiceUrlOnly(log)] : []),
    async (req: restify.Request, res: restify.Response) => {
      await adapter.process(req, res, (ctx) => bot.run(ctx));
    },
  );
  return bot;
}
