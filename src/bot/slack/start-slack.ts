import { LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { AppConfig } from '../../config/schema';
import type { ConversationPort } from '../../core/tenancy/tenant-router';
import type { SlackGroupReader } from '../../core/roles';
import type { SeenSet } from '../../ports/shared-state';
import { DefenderSlackBot } from './slack-bot';
import { boltLogger } from './bolt-logger';
import { createSlackHttp, type SlackHttp, type SlackHttpOutcome } from './slack-http';

export interface SlackRuntime {
  bot: DefenderSlackBot;
  /** HTTP mode: the handler for POST /slack/events. Absent in Socket Mode. */
  http?: SlackHttp;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A Web API client of the bot's own (cards posted and updated outside any request). */
export function slackClient(config: AppConfig): WebClient {
  return new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 2 } });
}

/** Members of a Slack user group, for `slack-group:` role members (usergroups.users.list, scope usergroups:read). */
export function slackGroupReader(client: WebClient): SlackGroupReader {
  return async (groupId) => {
    try {
      const answer = await client.usergroups.users.list({ usergroup: groupId });
      return answer.users ?? [];
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code === 'plan_upgrade_required') throw new Error('Slack user groups need a paid Slack plan: list people as slack:<user id> instead');
      if (code === 'no_such_subteam') throw new Error(`Slack has no user group ${groupId}: check the slack-group: member`);
      if (code === 'missing_scope') throw new Error('the Slack app lacks the usergroups:read scope: add it and reinstall the app');
      // Slack's short error codes are documented words; anything else (a network error's text) stays out of chat.
      throw new Error(
        code && /^[a-z_]{1,60}$/.test(code) ? `Slack refused the user-group read (${code})` : 'Slack did not answer the user-group read; try again in a moment',
      );
    }
  };
}

export function createSlack(
  config: AppConfig,
  conversation: ConversationPort,
  seen: SeenSet,
  client: WebClient,
  hooks: { log?: (m: string, level?: 'info' | 'warn') => void; onRefusal?: (reason: string) => void; onHttpOutcome?: (outcome: SlackHttpOutcome) => void } = {},
): SlackRuntime {
  const s = config.slack;
  if (!s.botToken) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN');
  const logger = boltLogger(hooks.log);
  const http = s.signingSecret ? createSlackHttp(s.signingSecret, { onOutcome: hooks.onHttpOutcome, logger }) : undefined;
  // installerOptions.clientOptions is where Bolt takes the Web API options of the Socket Mode client (no OAuth here):
  // apps.connections.open then goes to SLACK_API_URL like every other call.
  const socket = http ? undefined : new SocketModeReceiver({ appToken: s.appToken!, logger, installerOptions: { clientOptions: { slackApiUrl: s.apiUrl } } });
  const receiver = http?.receiver ?? socket!;
  const bot = new DefenderSlackBot({
    conversation,
    receiver,
    botToken: s.botToken,
    client,
    command: s.command,
    allowedTeams: s.allowedTeams,
    seen,
    log: hooks.log,
    onRefusal: hooks.onRefusal,
  });
  return {
    bot,
    http,
    async start() {
      await bot.start();
      // Socket Mode opens its WebSocket here; the HTTP receiver is served by the bot's own server instead.
      await socket?.start();
    },
    async close() {
      await socket?.stop().catch(() => undefined);
      await bot.idle();
    },
  };
}
