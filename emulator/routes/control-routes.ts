import type { Route } from '../context';
import type { FaultRule } from '../faults';
import type { EmulatorResponse } from '../http-kit';
import { LiveIncidentError } from '../incidents/live-incidents';
import type { DefenderEmulator } from '../server';

function json(text: string): Record<string, unknown> {
  const v = JSON.parse(text || '{}') as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
  return v as Record<string, unknown>;
}

function guarded(fn: (body: Record<string, unknown>) => unknown): Route['handler'] {
  return (req): EmulatorResponse => {
    try {
      return { status: 200, body: fn(json(req.body)) ?? { ok: true } };
    } catch (err) {
      return { status: 400, body: { error: { code: 'BadRequest', message: (err as Error).message } } };
    }
  };
}

/** Live incidents: 201 with a new incident, 200 with a changed one; 400 or 404 with the reason. */
function liveIncident(fn: (body: Record<string, unknown>, params: string[]) => unknown, status: 200 | 201): Route['handler'] {
  return (req): EmulatorResponse => {
    try {
      return { status, body: fn(json(req.body), req.params) };
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
      guarded((b) => {
        if (typeof b.remove === 'string') emulator.removePermission(b.remove, b.clientId as string | undefined);
        else emulator.setPermissions(String(b.clientId), { graph: b.graph as string[] | undefined, mde: b.mde as string[] | undefined });
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
    c('calls', 'GET', 'calls', () => ({ status: 200, body: { calls: emulator.calls } })),
    // Defender raises an incident now: body {severity?, title?, serviceSource?, tags?, alerts?: 1..3}.
    c(
      'raiseIncident',
      'POST',
      'incidents',
      liveIncident((b) => emulator.raiseIncident(b), 201),
    ),
    // Defender or a portal user changes one: body {status?, assignedTo?, severity?, addAlert?: true | {severity}, modifiedBy?}.
    c(
      'changeIncident',
      'POST',
      'incidents/([^/]+)/change',
      liveIncident((b, [id]) => emulator.changeIncident(id ?? '', b), 200),
    ),
  ];
}
