import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { AppConfig } from '../../config/schema';
import { MemoryRateBudget, type RateBudget } from '../../net/memory-rate-budget';
import type { BotAuthDecision } from './bot-auth';
import { botFrameworkOptions } from './bot-framework-options';
import { ConnectorTransport, type ConnectorTransportOptions } from './connector-transport';

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
