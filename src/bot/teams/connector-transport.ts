import type { AbortSignalLike } from '@azure/abort-controller';
import { createDefaultHttpClient, type HttpClient, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { RateBudget } from '../../net/memory-rate-budget';
import { sleep as realSleep, type Sleep } from '../../net/sleep';
import { retryAfterMs } from '../../net/retry-after';
import { toCompatResponse, toPipelineRequest, type CompatHttpClient, type CompatRequest, type CompatResponse } from './compat-http';
import { conversationOf, MAX_PACING_WAIT_MS, TEAMS_CONVERSATION_WINDOWS } from './connector-limits';

/** rate-limit.md: "In addition to retrying error code 429, error codes 412, 502, and 504 must also be retried." */
const RETRIED: Record<number, string> = { 429: 'Too Many Requests', 412: 'Precondition Failed', 502: 'Bad Gateway', 504: 'Gateway Timeout' };

export interface ConnectorTransportOptions {
  /** Where the per-conversation allowance is booked: in memory, or Redis so that every replica of the bot counts together. */
  budget: RateBudget;
  /** Teams counts per bot: the allowance is keyed by the bot's app id and the conversation. */
  botAppId: string;
  /** The real HTTP client (default: core-rest-pipeline's). */
  http?: HttpClient;
  sleep?: Sleep;
  random?: () => number;
  /** Retries after the first attempt (default 3, as in rate-limit.md's backoff example). */
  maxRetries?: number;
  /** Total time one message may wait for retries (default 30 s). */
  maxRetryWaitMs?: number;
  /** Longest one attempt may queue for its conversation's allowance (default 60 s). */
  maxPacingWaitMs?: number;
  /** Timeout of one attempt (default 30 s). */
  attemptTimeoutMs?: number;
  log?: (message: string) => void;
}

export type BotConnectorFailure = 'throttled' | 'rejected' | 'unreachable' | 'held';

/**
 * A send to the Bot Connector that failed for good. Deliberately not a RestError: the ConnectorClient's own pipeline
 * (core-rest-pipeline's defaultRetryPolicy, which botbuilder does not let us configure) retries RestErrors carrying a
 * 5xx, 408 or 429 again, multiplying attempts and waits beyond the bounds below; anything else it passes on at once.
 */
export class BotConnectorError extends Error {
  override readonly name = 'BotConnectorError';
  constructor(
    message: string,
    readonly failure: BotConnectorFailure,
    readonly statusCode: number | undefined,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

class AttemptTimeout extends Error {}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Network failures after which a send is tried again: a reset or a broken pipe, typically on a reused keep-alive
 * connection the other side closed as the request went out (Node's HTTP server closes idle ones after 5 s). Such a
 * request may or may not have arrived, so only an idempotent update, read or delete is repeated (the same card again
 * changes nothing); a POST would post the card twice and fails at once.
 */
function networkRetryable(method: string, err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (code === 'ECONNRESET' || code === 'EPIPE') && ['PUT', 'DELETE', 'GET'].includes(method.toUpperCase());
}

/**
 * The HTTP client under every Bot Connector call botbuilder makes (sends, replies, updates, deletes, the sends of
 * continueConversationAsync), handed to ConfigurationBotFrameworkAuthentication as ConnectorClientOptions.httpClient.
 *
 * - Paces each attempt within Teams' per bot, per conversation limits (connector-limits.ts), queueing in order.
 * - Retries 429, 412, 502 and 504 (msteams-docs bots/how-to/rate-limit.md) honouring Retry-After, otherwise with
 *   jittered exponential backoff (2 s, 4 s, 8 s ... at most 20 s, +-20%: the page's example), bounded in count and
 *   in total wait.
 * - Fails every other status at once, and every network error but the reset of an idempotent update (see
 *   networkRetryable): a timed-out or reset post may have been delivered, and a repeat would post the card twice.
 */
export class ConnectorTransport implements CompatHttpClient {
  private readonly http: HttpClient;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly maxPacingWaitMs: number;
  private readonly attemptTimeoutMs: number;

  constructor(private readonly options: ConnectorTransportOptions) {
    this.http = options.http ?? createDefaultHttpClient();
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
    this.maxPacingWaitMs = options.maxPacingWaitMs ?? MAX_PACING_WAIT_MS;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
  }

  /** Exponential backoff with jitter when Teams gave no Retry-After. */
  backoffMs(attempt: number): number {
    return Math.round(Math.min(20_000, 2_000 * 2 ** attempt) * (0.8 + 0.4 * this.random()));
  }

  async sendRequest(resource: CompatRequest): Promise<CompatResponse> {
    const conversation = conversationOf(resource.url);
    const where = conversation === undefined ? resource.method : conversation === 'create' ? 'a new conversation' : `conversation ${conversation}`;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      if (conversation !== undefined) await this.pace(conversation, where, attempt, resource.abortSignal);
      let response: PipelineResponse;
      try {
        response = await this.attempt(resource);
      } catch (err) {
        if (resource.abortSignal?.aborted) throw err;
        if (!(err instanceof AttemptTimeout) && attempt < this.maxRetries && networkRetryable(resource.method, err)) {
          const delay = Math.round(200 * (attempt + 1) * (0.8 + 0.4 * this.random()));
          this.options.log?.(
            `the Bot Connector connection failed for ${where} (${String((err as { code?: unknown }).code)}): retry ${attempt + 1} of ${this.maxRetries} in ${seconds(delay)} (repeating an update changes nothing)`,
          );
          waited += delay;
          await this.sleep(delay, resource.abortSignal);
          continue;
        }
        const code =
          err instanceof AttemptTimeout ? `no answer within ${seconds(this.attemptTimeoutMs)}` : ((err as { code?: string }).code ?? (err as Error).name);
        throw new BotConnectorError(
          `The Bot Connector could not be reached for ${where} (${code}). Not retried: the message may have arrived, and a repeat would post it twice.`,
          'unreachable',
          undefined,
          attempt + 1,
          { cause: err },
        );
      }
      const status = response.status;
      if (status < 400) return toCompatResponse(resource, response);
      const label = RETRIED[status];
      if (label) {
        const hinted = retryAfterMs(response);
        const delay = hinted ?? this.backoffMs(attempt);
        if (attempt < this.maxRetries && waited + delay <= this.maxRetryWaitMs) {
          this.options.log?.(
            `Teams answered ${status} ${label} for ${where}: retry ${attempt + 1} of ${this.maxRetries} in ${seconds(delay)}${hinted !== undefined ? ' (Retry-After)' : ''}`,
          );
          waited += delay;
          await this.sleep(delay, resource.abortSignal);
          continue;
        }
        const why =
          attempt >= this.maxRetries
            ? `after ${attempt + 1} attempts and ${seconds(waited)} of waiting`
            : `it asked to wait ${seconds(delay)}, beyond the ${seconds(this.maxRetryWaitMs)} a message may wait`;
        throw new BotConnectorError(
          `Teams answered ${status} ${label} for ${where}; the bot gave up (${why}), so this message was not sent.`,
          status === 429 ? 'throttled' : 'rejected',
          status,
          attempt + 1,
        );
      }
      // The ConnectorClient's pipeline would repeat these (see BotConnectorError); the rest keep Teams' own error.
      if (status === 408 || status >= 500)
        throw new BotConnectorError(
          `Teams answered ${status} for ${where}; not retried (only 429, 412, 502 and 504 are), so this message was not sent.`,
          'rejected',
          status,
          attempt + 1,
        );
      return toCompatResponse(resource, response);
    }
  }

  /** One attempt on the wire, given up after attemptTimeoutMs (or when the caller aborts). */
  private async attempt(resource: CompatRequest): Promise<PipelineResponse> {
    const controller = new AbortController();
    const outer = resource.abortSignal;
    const onAbort = () => controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      Math.min(resource.timeout || Infinity, this.attemptTimeoutMs),
    );
    try {
      return await this.http.sendRequest(toPipelineRequest(resource, controller.signal));
    } catch (err) {
      if (timedOut) throw new AttemptTimeout('timeout', { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  /** Waits for this attempt's slot in the conversation's allowance (slots are handed out in order). */
  private async pace(conversation: string, where: string, attempt: number, signal: AbortSignalLike | undefined): Promise<void> {
    const key = `teams-send:${this.options.botAppId || 'unauthenticated'}:${conversation}`;
    const { waitMs, booked } = await this.options.budget.reserve(key, TEAMS_CONVERSATION_WINDOWS, this.maxPacingWaitMs);
    if (!booked)
      throw new BotConnectorError(
        `Teams allows a bot 60 messages per 30 s and 1,800 per hour in one conversation; this message to ${where} would have had to wait ${seconds(waitMs)}, so it was not sent.`,
        'held',
        undefined,
        attempt,
      );
    if (waitMs > 0) await this.sleep(waitMs, signal);
  }
}
