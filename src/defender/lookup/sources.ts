import type { Defender } from '../connect';
import { batchRead } from '../graph-batch';
import { GRAPH_OPS } from '../graph';
import { DefenderError } from '../http/errors';
import { odata } from '../queries/odata';
import { QueryValueError } from '../queries/query-value-error';
import type { GraphAlert, GraphIncident, HuntingRow, MachineAction, MdeMachine } from '../types';
import type { SectionError } from './types';

/** A source's answer: its value, or why there is none. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: SectionError };

/** The upstream sources a section can depend on, in words the card shows once for all the sections they affect. */
export const SOURCES = {
  hunting: 'advanced hunting',
  customHunting: 'your advanced hunting query (DEFENDER_HUNTING_QUERY)',
  alerts: 'Microsoft Graph alerts',
  incidents: 'Microsoft Graph incidents',
  assigned: 'Microsoft Graph incidents and alerts by assignee',
  machines: 'Defender for Endpoint devices',
  actions: 'Defender for Endpoint machine actions',
} as const;

export function toSectionError(err: unknown, source?: string): SectionError {
  const named = source ? { source } : {};
  if (err instanceof DefenderError) {
    return {
      kind: err.kind,
      message: err.message,
      retryAt: err.retryAt?.toISOString(),
      missingPermissions: err.details.missingPermissions,
      ...named,
    };
  }
  if (err instanceof QueryValueError) return { kind: 'invalid', message: err.message, ...named };
  return { kind: 'upstream', message: `Unexpected failure: ${err instanceof Error ? err.message : String(err)}`, ...named };
}

export async function fetched<T>(work: () => Promise<T>, source?: string): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: toSectionError(err, source) };
  }
}

/** Builds the query (a value that cannot be escaped fails here, as this source's error) and runs it. */
export async function runHunting(
  defender: Defender,
  build: () => string | undefined,
  timespan: string,
  source: string = SOURCES.hunting,
): Promise<Fetched<HuntingRow[]>> {
  return fetched(async () => {
    const query = build();
    return query ? (await defender.graph.runHuntingQuery(query, timespan)).results : [];
  }, source);
}

export interface ByIds<T> {
  found: Map<string, T>;
  errors: Map<string, SectionError>;
}

/** Graph alerts or incidents by id, in $batch calls; each id succeeds or fails on its own. */
export async function readGraphByIds<T extends GraphAlert | GraphIncident>(
  defender: Defender,
  kind: 'alerts_v2' | 'incidents',
  ids: string[],
  sleep?: (ms: number) => Promise<void>,
): Promise<ByIds<T>> {
  const op = kind === 'alerts_v2' ? GRAPH_OPS.getAlert : GRAPH_OPS.getIncident;
  const reads = ids.map((id, i) => ({ id: String(i), path: `/security/${kind}/${encodeURIComponent(id)}`, op }));
  const found = new Map<string, T>();
  const errors = new Map<string, SectionError>();
  if (reads.length === 0) return { found, errors };
  const outcomes = await batchRead<T>(defender.http, reads, { sleep });
  reads.forEach((read, i) => {
    const outcome = outcomes.get(read.id);
    const id = ids[i]!;
    if (outcome?.ok) found.set(id, outcome.body);
    else
      errors.set(
        id,
        outcome
          ? toSectionError(outcome.error, kind === 'alerts_v2' ? SOURCES.alerts : SOURCES.incidents)
          : { kind: 'upstream', message: 'no answer', source: kind === 'alerts_v2' ? SOURCES.alerts : SOURCES.incidents },
      );
  });
  return { found, errors };
}

const CHUNK = 20;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Devices by id or computer name in as few list calls as the filter length allows. */
export async function readMachines(defender: Defender, ids: string[], names: string[]): Promise<Fetched<MdeMachine[]>> {
  const terms = [
    ...ids.map((id) => odata.eq('id', id)),
    ...names.flatMap((n) => [odata.eq('computerDnsName', n), odata.startswith('computerDnsName', `${n}.`)]),
  ];
  if (terms.length === 0) return { ok: true, value: [] };
  return fetched(async () => {
    const pages = await Promise.all(chunks(terms).map((group) => defender.endpoint.listMachines(odata.or(...group), 100, 1)));
    return pages.flatMap((p) => p.items);
  }, SOURCES.machines);
}

/** Recent machine actions of the devices (isolation state, pending actions). */
export async function readMachineActions(defender: Defender, machineIds: string[]): Promise<Fetched<MachineAction[]>> {
  if (machineIds.length === 0) return { ok: true, value: [] };
  return fetched(async () => {
    const pages = await Promise.all(
      chunks(machineIds).map((group) => defender.endpoint.listMachineActions(odata.or(...group.map((id) => odata.eq('machineId', id))), 500)),
    );
    return pages.flatMap((p) => p.items);
  }, SOURCES.actions);
}
