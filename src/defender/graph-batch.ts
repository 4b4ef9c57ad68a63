import type { DefenderHttp } from './http/defender-http';
import { errorFromResponse } from './http/error-mapping';
import { DefenderError } from './http/errors';
import { graphOp, type Operation } from './http/operation';
import { sleep as realSleep, type Sleep } from '../net/sleep';

/** One GET inside a Graph JSON batch: a path relative to /v1.0 and the operation it stands for. */
export interface BatchRead {
  id: string;
  path: string;
  op: Operation;
}

export type BatchOutcome<T> = { ok: true; body: T } | { ok: false; error: DefenderError };

const MAX_PER_BATCH = 20;
const MAX_ROUNDS = 3;

interface BatchResponse {
  responses?: { id?: string; status?: number; headers?: Record<string, string>; body?: unknown }[];
}

/**
 * Reads many Graph resources in as few HTTP calls as Graph allows ($batch, 20 per call). Each part succeeds or fails
 * on its own; parts throttled (429) or briefly unavailable (503, 504) are sent again after their Retry-After (2 s
 * without one), a bounded number of times, as a read outside a batch would be.
 */
export async function batchRead<T>(
  http: DefenderHttp,
  reads: BatchRead[],
  options: { sleep?: Sleep; maxWaitMs?: number } = {},
): Promise<Map<string, BatchOutcome<T>>> {
  const sleep = options.sleep ?? realSleep;
  const outcomes = new Map<string, BatchOutcome<T>>();
  let pending = reads;
  let waited = 0;
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const throttled: { read: BatchRead; retryMs: number; error: DefenderError }[] = [];
    const chunks: BatchRead[][] = [];
    for (let i = 0; i < pending.length; i += MAX_PER_BATCH) chunks.push(pending.slice(i, i + MAX_PER_BATCH));
    await Promise.all(
      chunks.map(async (chunk) => {
        const op: Operation = {
          ...graphOp(`batch of ${chunk.length} reads`, [...new Set(chunk.flatMap((r) => r.op.permissions))]),
          cost: chunk.length,
        };
        let body: BatchResponse;
        try {
          ({ body } = await http.send<BatchResponse>(op, 'POST', '/$batch', {
            body: { requests: chunk.map((r) => ({ id: r.id, method: 'GET', url: r.path })) },
          }));
        } catch (err) {
          const error =
            err instanceof DefenderError ? err : new DefenderError({ kind: 'upstream', api: 'graph', operation: op.name, upstreamMessage: String(err) });
          for (const r of chunk) outcomes.set(r.id, { ok: false, error });
          return;
        }
        const byId = new Map((body?.responses ?? []).map((r) => [String(r.id), r]));
        for (const read of chunk) {
          const part = byId.get(read.id);
          if (!part || typeof part.status !== 'number') {
            outcomes.set(read.id, {
              ok: false,
              error: new DefenderError({
                kind: 'upstream',
                api: 'graph',
                operation: read.op.name,
                upstreamMessage: 'the batch response has no answer for this read',
              }),
            });
            continue;
          }
          if (part.status >= 200 && part.status < 300) {
            // A resource is a JSON object; anything else (a string, a truncated body) fails this read alone.
            const resource = typeof part.body === 'object' && part.body !== null && !Array.isArray(part.body);
            outcomes.set(
              read.id,
              resource
                ? { ok: true, body: part.body as T }
                : {
                    ok: false,
                    error: new DefenderError({
                      kind: 'upstream',
                      api: 'graph',
                      operation: read.op.name,
                      upstreamMessage: 'the answer to this read in the batch is not a JSON object',
                    }),
                  },
            );
            continue;
          }
          const headers = Object.fromEntries(Object.entries(part.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
          const retryMs = Number(headers['retry-after'] ?? NaN) * 1000;
          const error = errorFromResponse(
            read.op,
            {
              status: part.status,
              bodyAsText: typeof part.body === 'string' ? part.body : JSON.stringify(part.body ?? {}),
              headers: {
                get: (name: string) =>
                  headers[name.toLowerCase()] ?? (name === 'x-defender-chatops-retry-in-ms' && Number.isFinite(retryMs) ? String(retryMs) : undefined),
              },
            },
            http.endpoints,
            undefined,
          );
          outcomes.set(read.id, { ok: false, error });
          if (part.status === 429 || part.status === 503 || part.status === 504)
            throttled.push({ read, retryMs: Number.isFinite(retryMs) ? retryMs : 2000, error });
        }
      }),
    );
    if (throttled.length === 0) break;
    const wait = Math.max(...throttled.map((t) => t.retryMs));
    if (waited + wait > (options.maxWaitMs ?? 60_000) || round === MAX_ROUNDS - 1) break;
    waited += wait;
    await sleep(wait);
    pending = throttled.map((t) => t.read);
  }
  return outcomes;
}
