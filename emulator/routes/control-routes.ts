import type { Route } from '../context';
import type { FaultRule } from '../faults';
import type { EmulatorRequest, EmulatorResponse } from '../http-kit';
import { LiveIncidentError } from '../incidents/live-incidents';
import type { DefenderEmulator } from '../server';

function json(text: string): Record<string, unknown> {
  const v = JSON.parse(text || '{}') as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
  return v as Record<string, unknown>;
}

/** `?tenant=<id, domain or name>`: the tenant a control call is about (default: the home tenant, or every tenant). */
function tenantOf(req: EmulatorRequest): string | undefined {
  return req.url.searchParams.get('tenant') ?? undefined;
}

function guarded(fn: (body: Record<string, unknown>, tenant: string | undefined) => unknown): Route['handler'] {
  return (req): EmulatorResponse => {
    try {
      return { status: 200, body: fn(json(req.body), tenantOf(req)) ?? { ok: true } };
    } catch (err) {
      return { status: 400, body: { error: { code: 'BadRequest', message: (err as Error).message } } };
    }
  };
}

/** Live incidents: 201 with a new incident, 200 with a changed one; 400 or 404 with the reason. */
function liveIncident(fn: (body: Record<string, unknown>, params: string[], tenant: string | undefined) => unknown, status: 200 | 201): Route['handler'] {
  return (req): EmulatorResponse => {
    try {
      return { status, body: fn(json(req.body), req.params, tenantOf(req)) };
    } catch (err) {
      const code = err instanceof LiveIncidentError && err.status === 404 ? 404 : 400;
      return { status: code, body: { error: { code: code === 404 ? 'NotFound' : 'BadRequest', message: (err as Error).message } } };
    }
  };
}

/** /_emulator/*: steer a running emulator from another process (tests, benchmarks, demos). Loopback only. */
export function controlRoutes(emulator: DefenderEmulator): Route[] {
  const c = (id: string, method: string, path: string, handler: Route['handler']): Route => ({
    id: `control.${id}`,
    method,
    api: 'control',
    pattern: new RegExp(`^/_emulator/${path}$`),
    handler,
  });
  return [
    c(
      'faults',
      'POST',
      'faults',
      guarded((b) => emulator.addFault(b as unknown as FaultRule)),
    ),
    c(
      'latency',
      'POST',
      'latency',
      guarded((b) => emulator.setLatency(String(b.route ?? '*'), Number(b.ms ?? 0))),
    ),
    c(
      'permissions',
      'POST',
      'permissions',
      guarded((b, tenant) => {
        if (typeof b.remove === 'string') emulator.removePermission(b.remove, b.clientId as string | undefined, tenant);
        else emulator.setPermissions(String(b.clientId), { graph: b.graph as string[] | undefined, mde: b.mde as string[] | undefined }, tenant);
      }),
    ),
    c(
      'timeline',
      'POST',
      'timeline',
      guarded((b) => emulator.setTimeline(b)),
    ),
    c(
      'reset',
      'POST',
      'reset',
      guarded(() => emulator.resetBehaviour()),
    ),
    c('calls', 'GET', 'calls', (req) => {
      const tenant = tenantOf(req);
      const id = tenant === undefined ? undefined : emulator.findTenant(tenant)?.tenantId;
      if (tenant !== undefined && !id) return { status: 404, body: { error: { code: 'NotFound', message: 'No such tenant.' } } };
      return { status: 200, body: { calls: id ? emulator.calls.filter((x) => x.tenantId === id) : emulator.calls } };
    }),
    c('tenants', 'GET', 'tenants', (req, ctx) => ({
      status: 200,
      body: { tenants: emulator.tenantIds.map((id) => ({ tenantId: id, name: ctx.directory(id)?.tenantName, domains: ctx.directory(id)?.domains })) },
    })),
    // Defender raises an incident now: body {severity?, title?, serviceSource?, tags?, alerts?: 1..3}.
    c(
      'raiseIncident',
      'POST',
      'incidents',
      liveIncident((b, _params, tenant) => emulator.raiseIncident(b, tenant), 201),
    ),
    // Defender or a portal user changes one: body {status?, assignedTo?, severity?, addAlert?: true | {severity}, modifiedBy?}.
    c(
      'changeIncident',
      'POST',
      'incidents/([^/]+)/change',
      liveIncident((b, [id], tenant) => emulator.changeIncident(id ?? '', b, tenant), 200),
    ),
  ];
}
