import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  decompressResponsePolicy,
  getDefaultProxySettings,
  proxyPolicy,
  setClientRequestIdPolicy,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { AbortSignalLike } from '@azure/abort-controller';
import type { Agent } from 'node:https';
import type { AppConfig, Endpoints } from '../../config/schema';
import type { RoleAwareCredential } from './credential';
import { DefenderError } from './errors';
import { errorFromFailure, errorFromResponse } from './error-mapping';
import type { Api, Operation } from './operation';
import { rateBudgetPolicy, retryPolicy, timeoutPolicy } from './policies';
import type { RateBudget } from '../../net/memory-rate-budget';
import { sleep as realSleep, type Sleep } from '../../net/sleep';
import { attachState } from './request-state';

export interface DefenderHttpOptions {
  credential: RoleAwareCredential;
  endpoints: Endpoints;
  http: AppConfig['http'];
  budget: RateBudget;
  agent?: Agent;
  httpClient?: HttpClient;
  sleep?: Sleep;
  userAgent?: string;
  /** Called once per HTTP attempt result, for metrics and tests. */
  onResponse?: (event: { api: Api; operation: string; method: string; status: number | 'error'; url: string; durationMs: number }) => void;
}

export interface SendOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  abortSignal?: AbortSignalLike;
}

export interface ListResult<T> {
  items: T[];
  /** More pages existed beyond the page cap. */
  truncated: boolean;
  pages: number;
}

/**
 * The one way the bot talks to Microsoft: a core-rest-pipeline per audience with bearer tokens from
 * @azure/identity, a per-attempt timeout, rate budgets, bounded retries, @odata.nextLink paging, typed errors.
 */
export class DefenderHttp {
  private readonly pipelines: Record<'graph' | 'mde', Pipeline>;
  private readonly httpClient: HttpClient;

  constructor(private readonly options: DefenderHttpOptions) {
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
    this.pipelines = {
      graph: this.buildPipeline(options.endpoints.graphScope),
      mde: this.buildPipeline(options.endpoints.apiScope),
    };
  }

  get endpoints(): Endpoints {
    return this.options.endpoints;
  }

  private buildPipeline(scope: string): Pipeline {
    const o = this.options;
    const sleep = o.sleep ?? realSleep;
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(setClientRequestIdPolicy());
    pipeline.addPolicy(retryPolicy({ maxRetries: o.http.maxRetries, maxWaitMs: o.http.maxRetryWaitMs, sleep }));
    pipeline.addPolicy(rateBudgetPolicy(o.budget, o.http.maxRetryWaitMs, sleep));
    pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: o.credential, scopes: scope }));
    pipeline.addPolicy(timeoutPolicy(o.http.timeoutMs));
    pipeline.addPolicy(decompressResponsePolicy());
    const proxy = getDefaultProxySettings();
    if (proxy) pipeline.addPolicy(proxyPolicy(proxy));
    pipeline.addPolicy({
      name: 'defenderAgent',
      sendRequest: (request, next) => {
        if (o.agent && !request.agent) request.agent = o.agent;
        return next(request);
      },
    });
    return pipeline;
  }

  private baseFor(api: Api): string {
    return api === 'mde' ? `${this.options.endpoints.apiUrl}/api` : `${this.options.endpoints.graphUrl}/v1.0`;
  }

  /** Sends one request (path relative to the API base, or an absolute URL on the API's own host) and returns parsed JSON. */
  async send<T>(op: Operation, method: HttpMethods, pathOrUrl: string, options: SendOptions = {}): Promise<{ status: number; body: T }> {
    const url = this.resolveUrl(op, pathOrUrl, options.query);
    const headers = createHttpHeaders({ accept: 'application/json', 'user-agent': this.options.userAgent ?? 'defender-chatops', ...options.headers });
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers.set('content-type', 'application/json; charset=utf-8');
    }
    const request = createPipelineRequest({ url, method, headers, body, abortSignal: options.abortSignal, allowInsecureConnection: false });
    attachState(request, op);
    const pipeline = op.api === 'mde' ? this.pipelines.mde : this.pipelines.graph;
    let response;
    const started = performance.now();
    try {
      response = await pipeline.sendRequest(this.httpClient, request);
    } catch (err) {
      this.options.onResponse?.({ api: op.api, operation: op.name, method, status: 'error', url, durationMs: performance.now() - started });
      throw errorFromFailure(op, err, this.options.endpoints, url);
    }
    this.options.onResponse?.({ api: op.api, operation: op.name, method, status: response.status, url, durationMs: performance.now() - started });
    if (response.status < 200 || response.status > 299) {
      const scope = op.api === 'mde' ? this.options.endpoints.apiScope : this.options.endpoints.graphScope;
      throw errorFromResponse(op, response, this.options.endpoints, this.options.credential.rolesFor(scope));
    }
    const text = response.bodyAsText ?? '';
    if (response.status === 204 || text.trim() === '') return { status: response.status, body: undefined as T };
    try {
      return { status: response.status, body: JSON.parse(text) as T };
    } catch {
      throw new DefenderError({
        kind: 'upstream',
        api: op.api,
        operation: op.name,
        status: response.status,
        upstreamMessage: 'the response is not valid JSON',
        requestId: response.headers.get('request-id') ?? undefined,
        fix: 'Try again; if it persists, a proxy may be rewriting responses.',
      });
    }
  }

  /** Follows @odata.nextLink verbatim up to the page cap. Links to another host are refused: the token must not leave. */
  async list<T>(op: Operation, path: string, options: SendOptions & { maxPages?: number; maxItems?: number } = {}): Promise<ListResult<T>> {
    const maxPages = options.maxPages ?? this.options.http.maxPages;
    const items: T[] = [];
    let next: string | undefined = path;
    let pages = 0;
    let query = options.query;
    while (next && pages < maxPages) {
      const page: { body: { value?: T[]; '@odata.nextLink'?: string } } = await this.send(op, 'GET', next, { ...options, query });
      const body = page.body;
      pages++;
      query = undefined; // the nextLink already carries the query
      if (!body || !Array.isArray(body.value)) {
        throw new DefenderError({ kind: 'upstream', api: op.api, operation: op.name, upstreamMessage: 'the response has no "value" list' });
      }
      items.push(...body.value);
      next = body['@odata.nextLink'];
      if (options.maxItems !== undefined && items.length >= options.maxItems) {
        return { items: items.slice(0, options.maxItems), truncated: items.length > options.maxItems || !!next, pages };
      }
    }
    return { items, truncated: !!next, pages };
  }

  private resolveUrl(op: Operation, pathOrUrl: string, query?: SendOptions['query']): string {
    const base = this.baseFor(op.api);
    const url = /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(base + (pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`));
    if (url.origin !== new URL(base).origin) {
      throw new DefenderError({
        kind: 'upstream',
        api: op.api,
        operation: op.name,
        upstreamMessage: `a link to another host (${url.host}) was not followed`,
        fix: 'The token is only ever sent to the configured host.',
      });
    }
    // Spaces as %20 (not "+") and OData's "$" kept literal in parameter names, as Microsoft's samples send them.
    const extra = Object.entries(query ?? {})
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(String(v))}`);
    if (extra.length === 0) return url.toString();
    return `${url.toString()}${url.search ? '&' : '?'}${extra.join('&')}`;
  }
}
