import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ActionName } from '../core/actions';
import type { Api } from '../defender/http/operation';
import { FINAL_STATES, REQUEST_STATES, type RequestState } from '../store/types';

export const PLATFORMS = ['teams', 'slack'] as const;
export const LOOKUP_OUTCOMES = ['complete', 'partial', 'failed'] as const;
export const UPSTREAM_APIS = ['graph', 'hunting', 'mde', 'login'] as const;
export const THROTTLE_SOURCES = ['upstream_429', 'local_budget'] as const;
export const CACHE_RESULTS = ['hit', 'coalesced', 'miss'] as const;
export const TURN_KINDS = ['message', 'button', 'command'] as const;
export const REFUSAL_REASONS = ['tenant', 'team', 'signature', 'role', 'tampered-button'] as const;
export const SLACK_OUTCOMES = ['ok', 'bad_signature', 'stale', 'future', 'replayed', 'retry_ignored', 'foreign_team', 'malformed'] as const;

export type Platform = (typeof PLATFORMS)[number];
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];
export type UpstreamApi = Api | 'login';
export type UpstreamStatus = number | 'timeout' | 'network';
export type ThrottleSource = (typeof THROTTLE_SOURCES)[number];
export type CacheResult = (typeof CACHE_RESULTS)[number];
export type TurnKind = (typeof TURN_KINDS)[number];
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type SlackOutcome = (typeof SLACK_OUTCOMES)[number];

/** Counts of open action requests by state, read from the store (at most once per activeRequestsMaxAgeMs). */
export type ActiveRequestsSource = () => Partial<Record<RequestState, number>> | Promise<Partial<Record<RequestState, number>>>;

export interface BotMetricsOptions {
  activeRequests?: ActiveRequestsSource;
  /** Called when activeRequests throws; the scrape still succeeds. */
  onCollectError?: (err: unknown) => void;
  /** process_* and nodejs_* metrics (default true). */
  defaultMetrics?: boolean;
  /** A store count is reused this long (default 15 s), so scrapes, however frequent, cost at most one query per period. */
  activeRequestsMaxAgeMs?: number;
  now?: () => number;
}

const PREFIX = 'defender_chatops_';
const OPEN_STATES = REQUEST_STATES.filter((s) => !FINAL_STATES.includes(s));

export const LOOKUP_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30];
// Advanced hunting may run up to 200 s.
export const UPSTREAM_SECONDS_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 200];
export const INDICATOR_BUCKETS = [1, 2, 3, 5, 10, 25, 50, 100, 250, 500];

/** The bot's own Prometheus registry (never prom-client's global one) and a typed way to record into it. */
export class BotMetrics {
  readonly registry = new Registry();
  private activeRequests?: ActiveRequestsSource;
  private activeCounts?: { at: number; counts: Promise<Partial<Record<RequestState, number>>> };

  private readonly lookups = this.counter('lookups_total', 'Indicator lookups answered, by outcome.', ['platform', 'outcome']);
  private readonly lookupSeconds = this.histogram('lookup_duration_seconds', 'Time to answer one lookup.', ['platform'], LOOKUP_SECONDS_BUCKETS);
  private readonly indicators = this.histogram('indicators_per_lookup', 'Indicators looked up per message.', [], INDICATOR_BUCKETS);
  private readonly upstream = this.counter('upstream_requests_total', 'HTTP attempts to Microsoft, by status code or error kind.', ['api', 'status']);
  private readonly upstreamSeconds = this.histogram(
    'upstream_duration_seconds',
    'Duration of one HTTP attempt to Microsoft.',
    ['api'],
    UPSTREAM_SECONDS_BUCKETS,
  );
  private readonly throttles = this.counter('throttles_total', 'Requests slowed by a 429 from Microsoft or by the local rate budget.', ['api', 'source']);
  private readonly cache = this.counter('cache_total', 'Lookup cache results.', ['result']);
  private readonly actions = this.counter('action_requests_total', 'Action request state transitions.', ['action', 'state']);
  private readonly turns = this.counter('turns_total', 'Conversation turns handled.', ['platform', 'kind']);
  private readonly refusals = this.counter('refusals_total', 'Requests refused, by reason.', ['reason']);
  private readonly slackRequests = this.counter('slack_requests_total', 'Slack HTTP requests, by verification outcome.', ['outcome']);

  constructor(private readonly options: BotMetricsOptions = {}) {
    this.activeRequests = options.activeRequests;
    const active = new Gauge({
      name: `${PREFIX}action_requests_active`,
      help: 'Action requests not yet final, by state.',
      labelNames: ['state'],
      registers: [this.registry],
      collect: async () => {
        active.reset();
        if (!this.activeRequests) return;
        try {
          const counts = await this.readActiveRequests();
          for (const state of OPEN_STATES) active.set({ state }, counts[state] ?? 0);
        } catch (err) {
          // A briefly unreachable store must not fail the whole scrape; the series is absent until it answers.
          this.options.onCollectError?.(err);
        }
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    // Bounded label sets start at 0 so rate() and absence alerts work before the first event.
    for (const platform of PLATFORMS) {
      for (const outcome of LOOKUP_OUTCOMES) this.lookups.inc({ platform, outcome }, 0);
      for (const kind of TURN_KINDS) this.turns.inc({ platform, kind }, 0);
    }
    for (const api of UPSTREAM_APIS) for (const source of THROTTLE_SOURCES) this.throttles.inc({ api, source }, 0);
    for (const result of CACHE_RESULTS) this.cache.inc({ result }, 0);
    for (const reason of REFUSAL_REASONS) this.refusals.inc({ reason }, 0);
    for (const outcome of SLACK_OUTCOMES) this.slackRequests.inc({ outcome }, 0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  setActiveRequestsSource(source: ActiveRequestsSource): void {
    this.activeRequests = source;
    this.activeCounts = undefined;
  }

  /** The last count while it is fresh (also shared by scrapes arriving together); a failed read is not kept. */
  private readActiveRequests(): Promise<Partial<Record<RequestState, number>>> {
    const now = this.options.now?.() ?? Date.now();
    const cached = this.activeCounts;
    if (cached && now - cached.at < (this.options.activeRequestsMaxAgeMs ?? 15_000)) return cached.counts;
    const source = this.activeRequests!;
    const counts = Promise.resolve().then(() => source());
    const entry = { at: now, counts };
    this.activeCounts = entry;
    counts.catch(() => {
      if (this.activeCounts === entry) this.activeCounts = undefined;
    });
    return counts;
  }

  recordLookup(event: { platform: Platform; outcome: LookupOutcome; seconds: number; indicators: number }): void {
    this.lookups.inc({ platform: event.platform, outcome: event.outcome });
    this.lookupSeconds.observe({ platform: event.platform }, event.seconds);
    this.indicators.observe(event.indicators);
  }

  recordUpstream(event: { api: UpstreamApi; status: UpstreamStatus; seconds: number }): void {
    this.upstream.inc({ api: event.api, status: String(event.status) });
    this.upstreamSeconds.observe({ api: event.api }, event.seconds);
  }

  recordThrottle(api: UpstreamApi, source: ThrottleSource): void {
    this.throttles.inc({ api, source });
  }

  recordCache(result: CacheResult): void {
    this.cache.inc({ result });
  }

  recordActionTransition(action: ActionName, state: RequestState): void {
    this.actions.inc({ action, state });
  }

  recordTurn(platform: Platform, kind: TurnKind): void {
    this.turns.inc({ platform, kind });
  }

  recordRefusal(reason: RefusalReason): void {
    this.refusals.inc({ reason });
  }

  recordSlackRequest(outcome: SlackOutcome): void {
    this.slackRequests.inc({ outcome });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name: PREFIX + name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name: PREFIX + name, help, labelNames, buckets, registers: [this.registry] });
  }
}
