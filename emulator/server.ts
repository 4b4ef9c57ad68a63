import { randomUUID } from 'node:crypto';
import { createServer, Agent, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CLOUDS, type CloudName } from '../src/config/clouds';
import { warmUpKqlAnalyzer } from '../src/defender/queries/kql-analyzer';
import { hasRole, sameRole, type EmulatorApp } from './apps';
import type { ActionTimeline, EmulatorContext, Route } from './context';
import { FaultPlan, type FaultRule } from './faults';
import { errorFor, header, type EmulatorRequest, type EmulatorResponse } from './http-kit';
import type { IncidentChange, IncidentWithAlerts, LiveIncidentOptions, LiveIncidents, RaiseIncidentOptions } from './incidents/live-incidents';
import { TokenSigner, type TokenClaims } from './jwt';
import type { EmulatorTenantSpec } from './multi-tenant';
import type { LimitWindow } from './rate-limits';
import { controlRoutes } from './routes/control-routes';
import { endpointRoutes } from './routes/endpoint-routes';
import { graphRoutes } from './routes/graph-routes';
import { identityRoutes } from './routes/identity-routes';
import { incidentWriteRoutes } from './routes/incident-write-routes';
import { buildTenants, type SharedContext, type TenantRuntime } from './tenant-runtime';
import type { DemoTenant } from './tenant/types';
import { generateCertificate } from './tls';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  cloud?: CloudName;
  tenant?: DemoTenant;
  /**
   * Several Entra tenants with their own data, apps and limits (multi-tenant.ts); the first is the home one
   * (tenantId, environment(), the default of every method that takes a tenant). Without it: one demo tenant.
   */
  tenants?: EmulatorTenantSpec[];
  /** App registrations (of the one tenant, or the default of each spec). */
  apps?: EmulatorApp[];
  timeline?: Partial<ActionTimeline>;
  /** 'microsoft' (default) enforces Microsoft's published limits; 'off' none; or custom windows per bucket. */
  rateLimits?: 'microsoft' | 'off' | Record<string, LimitWindow[]>;
  /** Serve /_emulator/* (faults, permissions, reset) over HTTP, for tests that run the bot in another process. */
  controlApi?: boolean;
  now?: () => Date;
  /**
   * Defender keeps working while the emulator runs: every intervalMs a new incident, or a change to an open one
   * (status, owner, one more alert). Off by default; demo mode turns it on. Raise and change on demand with
   * raiseIncident() / changeIncident() or POST /_emulator/incidents, /_emulator/incidents/{id}/change.
   */
  liveIncidents?: LiveIncidentOptions;
}

/**
 * The pace of the demo tenant in demo mode: one event every 90 s, a new incident about every other one (so every few
 * minutes) and otherwise a change to an open incident: enough for a subscription to show something happening
 * without burying the seeded week.
 */
export const DEMO_LIVE_INCIDENTS: LiveIncidentOptions = { intervalMs: 90_000 };

export interface RouteStats {
  route: string;
  status: number | 'reset' | 'timeout';
  /** Answered as part of a Graph $batch (not an HTTP call of its own). */
  inBatch?: boolean;
  /** The tenant the call was for (the token's tid; the path's tenant for the token endpoint), when known. */
  tenantId?: string;
}

const ROUTES: Route[] = [...identityRoutes, ...graphRoutes, ...incidentWriteRoutes, ...endpointRoutes];

/** A local Microsoft: Entra token endpoint, Graph security and Defender for Endpoint over HTTPS, with a seeded tenant. */
export class DefenderEmulator {
  readonly faults = new FaultPlan();
  readonly calls: RouteStats[] = [];
  private readonly sockets = new Set<Duplex>();
  private readonly routes: Route[];
  /** The home tenant's context (the only one without options.tenants). */
  readonly context: EmulatorContext;

  private constructor(
    private readonly server: Server,
    private readonly tenants: TenantRuntime[],
    readonly caPem: string,
    options: EmulatorOptions,
  ) {
    this.routes = options.controlApi ? [...controlRoutes(this), ...ROUTES] : ROUTES;
    this.context = tenants[0]!.context;
  }

  /** The home tenant's new incidents and changes to existing ones, on demand and (with options.liveIncidents) on a timer. */
  get live(): LiveIncidents {
    return this.tenants[0]!.live;
  }

  static async start(options: EmulatorOptions = {}): Promise<DefenderEmulator> {
    const now = options.now ?? (() => new Date());
    const cloud = options.cloud ?? 'commercial';
    // Kusto.Language takes a second or two to load: load it before serving, not inside the first hunting request.
    warmUpKqlAnalyzer();
    const certificate = await generateCertificate();
    const shared: SharedContext = {
      cloud,
      baseUrl: '',
      signer: new TokenSigner(),
      now,
      timeline: { pendingMs: 3000, inProgressMs: 5000, outcome: 'Succeeded', ...options.timeline },
      audiences: { graph: CLOUDS[cloud].graphScope.replace('/.default', ''), mde: CLOUDS[cloud].apiScope.replace('/.default', '') },
    };
    const tenants = buildTenants(
      { tenants: options.tenants, tenant: options.tenant, apps: options.apps, rateLimits: options.rateLimits, liveSeed: options.liveIncidents?.seed },
      shared,
      now(),
    );
    const server = createServer({ cert: certificate.cert, key: certificate.key });
    const emulator = new DefenderEmulator(server, tenants, certificate.cert, options);
    const context = emulator.context;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void emulator.handle(req, res));
    server.on('connection', (socket) => {
      emulator.sockets.add(socket);
      socket.on('close', () => emulator.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    context.baseUrl = `https://${host}:${address.port}`;
    if (options.liveIncidents) emulator.startLiveIncidents(options.liveIncidents);
    return emulator;
  }

  get url(): string {
    return this.context.baseUrl;
  }

  /** The home tenant's id. */
  get tenantId(): string {
    return this.context.tenant.tenantId;
  }

  /** Every tenant's id, the home one first. */
  get tenantIds(): string[] {
    return this.tenants.map((t) => t.tenantId);
  }

  /** A tenant's context (its data, apps, missing tables), by id, domain or name; the home one by default. */
  contextOf(tenant?: string): EmulatorContext {
    return this.runtime(tenant).context;
  }

  /** An agent that trusts this emulator's certificate, for in-process clients. */
  agent(): Agent {
    return new Agent({ ca: this.caPem, keepAlive: true });
  }

  /** The settings that point the bot at this emulator (at the home tenant, or the one named). */
  environment(app?: EmulatorApp, tenant?: string): Record<string, string> {
    const context = this.contextOf(tenant);
    const chosen = app ?? [...context.apps.values()][0]!;
    return {
      AZURE_TENANT_ID: context.tenant.tenantId,
      AZURE_CLIENT_ID: chosen.clientId,
      ...(chosen.secret ? { AZURE_CLIENT_SECRET: chosen.secret } : {}),
      DEFENDER_CLOUD: context.cloud,
      AZURE_AUTHORITY_HOST: this.url,
      DEFENDER_GRAPH_URL: this.url,
      DEFENDER_API_URL: this.url,
      DEFENDER_PORTAL_URL: CLOUDS[context.cloud].portalUrl,
    };
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  setLatency(route: string, ms: number): void {
    this.faults.setLatency(route, ms);
  }

  /**
   * Replaces an app's consented permissions (both resources), e.g. to show what a missing one looks like: in the tenant
   * named, or in every tenant where the app is consented.
   */
  setPermissions(clientId: string, roles: { graph?: string[]; mde?: string[] }, tenant?: string): void {
    const apps = this.scope(tenant).flatMap((t) => t.context.apps.get(clientId) ?? []);
    if (apps.length === 0) throw new Error(`no app ${clientId}`);
    // A role granted twice in different cases is one role.
    const unique = (list: string[]) => list.filter((r, i) => list.findIndex((x) => sameRole(x, r)) === i);
    for (const app of apps) {
      if (roles.graph) app.graphRoles = unique(roles.graph);
      if (roles.mde) app.mdeRoles = unique(roles.mde);
    }
  }

  /** Removes a permission from the apps (or the one app) of the tenant named, or of every tenant. */
  removePermission(permission: string, clientId?: string, tenant?: string): void {
    for (const runtime of this.scope(tenant)) {
      for (const app of runtime.context.apps.values()) {
        if (clientId && app.clientId !== clientId) continue;
        app.graphRoles = app.graphRoles.filter((r) => !sameRole(r, permission));
        app.mdeRoles = app.mdeRoles.filter((r) => !sameRole(r, permission));
      }
    }
  }

  /** Hunting tables the tenant lacks (a product not licensed): queries naming them are refused with 400. */
  setMissingTables(names: string[], tenant?: string): void {
    this.contextOf(tenant).missingTables = new Set(names);
  }

  /** Registers (and consents) an app in a tenant, the home one by default. */
  addApp(app: EmulatorApp, tenant?: string): void {
    this.contextOf(tenant).apps.set(app.clientId, structuredClone(app));
  }

  setTimeline(timeline: Partial<ActionTimeline>): void {
    Object.assign(this.context.timeline, timeline);
  }

  /** Clears faults, latency, rate-limit counters (of every tenant) and the call log (not the tenants' data). */
  resetBehaviour(): void {
    this.faults.clear();
    for (const t of this.tenants) t.rateLimiter.reset();
    this.calls.length = 0;
  }

  /** New limits for the tenant named, or for every tenant; the counts start again. */
  setRateLimits(limits: EmulatorOptions['rateLimits'], tenant?: string): void {
    for (const t of this.scope(tenant)) t.setRateLimits(limits ?? 'microsoft');
  }

  /** Defender raises a new incident now (1..3 alerts on the tenant's devices, users and mailboxes); returns it with its alerts. */
  raiseIncident(options: RaiseIncidentOptions = {}, tenant?: string): IncidentWithAlerts {
    return this.runtime(tenant).live.raise(options);
  }

  /** Defender (or an analyst in the portal) changes an incident now: status, owner, severity, one more alert. */
  changeIncident(id: string, change: IncidentChange, tenant?: string): IncidentWithAlerts {
    return this.runtime(tenant).live.change(id, change);
  }

  /** Starts (or restarts at a new pace) the timer of live incidents in every tenant; stopLiveIncidents() ends them. */
  startLiveIncidents(options: LiveIncidentOptions): void {
    for (const t of this.tenants) t.live.start(options);
  }

  stopLiveIncidents(): void {
    for (const t of this.tenants) t.live.stop();
  }

  /** Calls to a route ('graph.hunting', or a family 'mde.*'), of one tenant if named. */
  callsTo(route: string, tenant?: string): number {
    const tenantId = tenant === undefined ? undefined : this.runtime(tenant).tenantId;
    return this.calls.filter(
      (c) => (c.route === route || (route.endsWith('.*') && c.route.startsWith(route.slice(0, -1)))) && (tenantId === undefined || c.tenantId === tenantId),
    ).length;
  }

  async close(): Promise<void> {
    this.stopLiveIncidents();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A tenant by id, domain or name (case-insensitive), or undefined. */
  findTenant(tenant: string): TenantRuntime | undefined {
    const key = tenant.toLowerCase();
    return this.tenants.find((t) => t.tenantId.toLowerCase() === key || t.context.tenantName.toLowerCase() === key || t.context.domains.includes(key));
  }

  private runtime(tenant?: string): TenantRuntime {
    if (tenant === undefined) return this.tenants[0]!;
    const found = this.findTenant(tenant);
    if (!found) throw new Error(`no tenant ${tenant}`);
    return found;
  }

  private scope(tenant?: string): TenantRuntime[] {
    return tenant === undefined ? this.tenants : [this.runtime(tenant)];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    try {
      body = await readBody(req, 2_000_000);
    } catch {
      return send(res, errorFor('graph', 413, 'RequestEntityTooLarge', 'The request body is too large.'));
    }
    const url = new URL(req.url ?? '/', this.context.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const outcome = await this.dispatch({ method, url, path: url.pathname, headers: req.headers, body, params: [] }, true);
    if ('drop' in outcome) {
      if (outcome.drop === 'timeout') await delay(outcome.holdMs);
      req.socket.destroy();
      return;
    }
    send(res, outcome.response, outcome.api, outcome.request);
  }

  /** One request through faults, authentication, rate limits and its route; also used for each part of a $batch. */
  private async dispatch(
    incoming: EmulatorRequest,
    withLatency: boolean,
  ): Promise<{ response: EmulatorResponse; api?: Route['api']; request?: EmulatorRequest } | { drop: 'reset' | 'timeout'; holdMs: number }> {
    const found = this.match(incoming.method, incoming.path);
    if (!found) {
      this.calls.push({ route: 'unknown', status: 404 });
      const dialect = incoming.path.startsWith('/api/') ? 'mde' : 'graph';
      return {
        response: errorFor(
          dialect,
          404,
          dialect === 'mde' ? 'NotFound' : 'UnknownError',
          `No HTTP resource was found that matches the request URI '${incoming.path}'.`,
        ),
      };
    }
    const { route, params } = found;
    const request: EmulatorRequest = { ...incoming, params };
    // Known before authentication for the token endpoint (its path names the tenant), after it from the token's tid.
    let tenant = route.api === 'identity' ? this.findTenant(params[0] ?? '') : undefined;
    const record = (status: RouteStats['status']) =>
      this.calls.push(tenant ? { route: route.id, status, tenantId: tenant.tenantId } : { route: route.id, status });

    const latency = withLatency ? this.faults.latencyFor(route.id) : 0;
    if (latency > 0) await delay(latency);

    const fault = route.api === 'control' ? undefined : this.faults.next(route.id);
    if (fault) {
      switch (fault.kind) {
        case 'reset':
          record('reset');
          return { drop: 'reset', holdMs: 0 };
        case 'timeout':
          record('timeout');
          return { drop: 'timeout', holdMs: fault.holdMs ?? 600_000 };
        case 'malformed':
          record(200);
          return { response: { status: 200, rawBody: '{"value": [ {"id": "trunc' } };
        case 'status': {
          record(fault.status);
          const dialect = route.api === 'mde' ? 'mde' : 'graph';
          const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
          if (route.api === 'identity') {
            return {
              response: {
                status: fault.status,
                headers,
                body: {
                  error: 'temporarily_unavailable',
                  error_description: 'AADSTS90033: A transient error has occurred. Please try again.',
                  error_codes: [90033],
                },
              },
            };
          }
          const code =
            fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : fault.status === 504 ? 'GatewayTimeout' : 'UnknownError';
          return {
            response: errorFor(dialect, fault.status, code, fault.status === 429 ? 'Too many requests. Please try again later.' : '', request, headers),
            api: route.api,
            request,
          };
        }
      }
    }

    let caller: TokenClaims | undefined;
    if (route.api === 'graph' || route.api === 'mde') {
      const auth = this.authorize(request, route);
      if ('response' in auth) {
        record(auth.response.status);
        return { response: auth.response, api: route.api, request };
      }
      caller = auth.claims;
      tenant = this.findTenant(caller.tid);
      if (!tenant) {
        record(401);
        return {
          response: errorFor(
            route.api,
            401,
            route.api === 'mde' ? 'Unauthorized' : 'InvalidAuthenticationToken',
            'Access token validation failure. Unknown tenant.',
            request,
          ),
          api: route.api,
          request,
        };
      }
      // Microsoft counts per tenant and app (the 429 names the key Destination+TenantID+AppID): each tenant has its own
      // limiter. A $batch is not counted itself: each of its parts is.
      const waitSeconds = route.id === 'graph.batch' ? undefined : tenant.rateLimiter.take(caller.appid, route.bucket ?? route.api);
      if (waitSeconds !== undefined) {
        record(429);
        const message =
          route.api === 'mde'
            ? `API calls quota exceeded! Maximum allowed calls exceeded for the key Destination+TenantID+AppID. You can send requests again in ${waitSeconds} seconds.`
            : 'Too many requests. Please try again later.';
        return { response: errorFor(route.api, 429, 'TooManyRequests', message, request, { 'Retry-After': String(waitSeconds) }), api: route.api, request };
      }
    }

    let response: EmulatorResponse;
    try {
      response =
        route.id === 'graph.batch'
          ? await this.runBatch(request)
          : await route.handler(request, tenant && route.api !== 'identity' ? tenant.context : this.context, caller);
    } catch (err) {
      response = errorFor(
        route.api === 'mde' ? 'mde' : 'graph',
        500,
        route.api === 'mde' ? 'InternalServerError' : 'UnknownError',
        `Emulator failure: ${(err as Error).message}`,
        request,
      );
    }
    record(response.status);
    return { response, api: route.api, request };
  }

  /** Graph JSON batching: up to 20 requests in one POST /v1.0/$batch, each answered on its own. */
  private async runBatch(req: EmulatorRequest): Promise<EmulatorResponse> {
    let parsed: { requests?: unknown };
    try {
      parsed = JSON.parse(req.body || '{}') as { requests?: unknown };
    } catch {
      return errorFor('graph', 400, 'BadRequest', 'Invalid batch payload format.', req);
    }
    const requests = parsed.requests;
    if (!Array.isArray(requests) || requests.length === 0) return errorFor('graph', 400, 'BadRequest', 'Invalid batch payload format.', req);
    if (requests.length > 20) return errorFor('graph', 400, 'BadRequest', 'Number of batch request steps exceeds the maximum of 20.', req);
    const ids = new Set<string>();
    const responses: { id: string; status: number; headers: Record<string, string>; body: unknown }[] = [];
    for (const raw of requests as Record<string, unknown>[]) {
      const id = typeof raw?.id === 'string' ? raw.id : '';
      const method = typeof raw?.method === 'string' ? raw.method.toUpperCase() : '';
      const relative = typeof raw?.url === 'string' ? raw.url : '';
      if (!id || ids.has(id) || !method || !relative.startsWith('/') || relative.startsWith('//')) {
        return errorFor('graph', 400, 'BadRequest', 'Each batch request needs a unique id, a method and a relative url.', req);
      }
      ids.add(id);
      const url = new URL(`/v1.0${relative}`, this.context.baseUrl);
      if (url.pathname === '/v1.0/$batch') return errorFor('graph', 400, 'BadRequest', 'A batch request cannot contain a batch request.', req);
      const headers = { ...req.headers, ...((raw.headers as Record<string, string> | undefined) ?? {}) };
      const body = raw.body === undefined ? '' : JSON.stringify(raw.body);
      const before = this.calls.length;
      const outcome = await this.dispatch({ method, url, path: url.pathname, headers, body, params: [] }, false);
      for (let i = before; i < this.calls.length; i++) this.calls[i]!.inBatch = true;
      if ('drop' in outcome) {
        responses.push({ id, status: 504, headers: {}, body: { error: { code: 'GatewayTimeout', message: 'The request timed out.' } } });
        continue;
      }
      const r = outcome.response;
      responses.push({
        id,
        status: r.status,
        headers: { 'Content-Type': 'application/json', ...r.headers },
        body: r.rawBody !== undefined ? r.rawBody : r.body,
      });
    }
    return { status: 200, body: { responses } };
  }

  private match(method: string, path: string): { route: Route; params: string[] } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (m) return { route, params: m.slice(1).map((p) => decodePathSafe(p ?? '')) };
    }
    return undefined;
  }

  private authorize(req: EmulatorRequest, route: Route): { claims: TokenClaims } | { response: EmulatorResponse } {
    const dialect = route.api === 'mde' ? 'mde' : 'graph';
    const auth = header(req, 'authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const unauthorized = (message: string) => ({
      response: errorFor(dialect, 401, dialect === 'mde' ? 'Unauthorized' : 'InvalidAuthenticationToken', message, req, {
        'WWW-Authenticate': 'Bearer realm=""',
      }),
    });
    if (!token) return unauthorized('Access token is empty.');
    const checked = this.context.signer.check(token, Math.floor(this.context.now().getTime() / 1000));
    if ('problem' in checked) return unauthorized(checked.problem);
    const expected = route.api === 'mde' ? this.context.audiences.mde : this.context.audiences.graph;
    if (checked.claims.aud !== expected)
      return unauthorized(`Access token validation failure. Invalid audience: the token is for ${checked.claims.aud}, this API expects ${expected}.`);
    const allowed = route.permissions ?? [];
    // Microsoft compares role names without regard to case (tokens carry Url.Read.All where docs write URL.Read.All).
    if (allowed.length > 0 && !allowed.some((p) => hasRole(checked.claims.roles, p))) {
      const message =
        dialect === 'graph'
          ? `Missing application roles. API required roles: ${allowed.join(',')}, application roles: ${checked.claims.roles.join(',')}.`
          : `The application does not have any of the required application permissions (${allowed.join(', ')}) to access the resource.`;
      return { response: errorFor(dialect, 403, 'Forbidden', message, req) };
    }
    return { claims: checked.claims };
  }
}

function send(res: ServerResponse, response: EmulatorResponse, api?: Route['api'], req?: EmulatorRequest): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (api === 'graph') {
    headers['request-id'] ??= randomUUID();
    headers['client-request-id'] = (req && header(req, 'client-request-id')) ?? headers['request-id'];
  }
  if (api === 'mde') headers['OData-Version'] = '4.0';
  if (response.status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = response.rawBody ?? JSON.stringify(response.body ?? {});
  headers['Content-Type'] ??=
    api === 'mde' ? 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(response.status, headers);
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function decodePathSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
