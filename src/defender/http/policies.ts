import { isRestError, type PipelinePolicy, type PipelineResponse } from '@azure/core-rest-pipeline';
import { DefenderError } from './errors';
import { limitsFor } from './limits';
import type { RateBudget } from '../../net/memory-rate-budget';
import type { Sleep } from '../../net/sleep';
import { stateOf } from './request-state';
import { backoffMs, retryAfterMs } from '../../net/retry-after';

const RETRY_STATUSES = new Set([429, 503, 504]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);
/** Errors raised before a byte of the request left: safe to repeat even for a POST that creates an action. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

export interface RetryOptions {
  maxRetries: number;
  maxWaitMs: number;
  sleep: Sleep;
}

/**
 * Retries throttling (429), unavailability (503, 504) and connection resets, honouring Retry-After, within a bound on
 * attempts and on total waiting. A request that is not idempotent (creating a machine action) is only repeated when
 * the failure proves nothing was created: a 429 (refused before processing) or a connection that never opened.
 */
export function retryPolicy(options: RetryOptions): PipelinePolicy {
  return {
    name: 'defenderRetry',
    async sendRequest(request, next) {
      const state = stateOf(request);
      for (let attempt = 0; ; attempt++) {
        state.attempts = attempt + 1;
        let response: PipelineResponse | undefined;
        let failure: unknown;
        try {
          response = await next(request);
        } catch (err) {
          failure = err;
        }
        const retryable = response
          ? RETRY_STATUSES.has(response.status) && (state.op.idempotent || response.status === 429)
          : isRestError(failure) && !state.timedOut && ((RESET_CODES.has(failure.code ?? '') && state.op.idempotent) || NOT_SENT_CODES.has(failure.code ?? ''));
        if (!retryable) {
          if (response) return response;
          throw failure;
        }
        const delay = (response && retryAfterMs(response)) ?? backoffMs(attempt);
        if (attempt >= options.maxRetries || state.waitedMs + delay > options.maxWaitMs) {
          if (response) {
            // Let the client turn it into a typed error that says when to come back.
            response.headers.set('x-defender-chatops-retry-in-ms', String(delay));
            return response;
          }
          throw failure;
        }
        state.waitedMs += delay;
        await options.sleep(delay, request.abortSignal);
      }
    },
  };
}

/** Spends the shared rate budget of the call's API before each attempt, queueing instead of dropping. */
export function rateBudgetPolicy(budget: RateBudget, maxWaitMs: number, sleep: Sleep, now: () => number = Date.now): PipelinePolicy {
  return {
    name: 'defenderRateBudget',
    async sendRequest(request, next) {
      const state = stateOf(request);
      const windows = limitsFor(state.op.budgetKey);
      const { waitMs, booked } = await budget.reserve(state.op.budgetKey, windows, Math.max(0, maxWaitMs - state.waitedMs), state.op.cost ?? 1);
      if (!booked) {
        const perMinute = windows[0]!;
        throw new DefenderError({
          kind: 'throttled',
          api: state.op.api,
          operation: state.op.name,
          retryAt: new Date(now() + waitMs),
          fix: `The bot holds back to stay within Microsoft's limit (${perMinute.limit} calls per ${perMinute.windowMs / 60_000} min${windows[1] ? `, ${windows[1].limit} per hour` : ''}).`,
        });
      }
      if (waitMs > 0) {
        state.waitedMs += waitMs;
        await sleep(waitMs, request.abortSignal);
      }
      return next(request);
    },
  };
}

/** A timeout per attempt that we can tell apart from a caller's own cancellation. */
export function timeoutPolicy(defaultTimeoutMs: number): PipelinePolicy {
  return {
    name: 'defenderTimeout',
    async sendRequest(request, next) {
      const state = stateOf(request);
      const ms = state.op.timeoutMs ?? defaultTimeoutMs;
      const controller = new AbortController();
      const outer = request.abortSignal;
      const onOuterAbort = () => controller.abort();
      outer?.addEventListener('abort', onOuterAbort, { once: true });
      const timer = setTimeout(() => {
        state.timedOut = true;
        controller.abort(new Error('timeout'));
      }, ms);
      const previous = request.abortSignal;
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (err) {
        if (state.timedOut) {
          throw new DefenderError(
            {
              kind: 'timeout',
              api: state.op.api,
              operation: state.op.name,
              fix: `No answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}: try again; if it persists, check the network path to Microsoft.`,
            },
            { cause: err },
          );
        }
        throw err;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
        request.abortSignal = previous;
      }
    },
  };
}
