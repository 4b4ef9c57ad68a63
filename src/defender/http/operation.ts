/** Which of Microsoft's services a request goes to: each has its own audience, limits and error dialect. */
export type Api = 'graph' | 'hunting' | 'mde';

/** Describes one typed-client call, so the pipeline can budget, retry and explain it. */
export interface Operation {
  api: Api;
  /** Human name used in errors, e.g. "list incidents". */
  name: string;
  /** Application permissions of which any one allows the call (least privileged first). */
  permissions: readonly string[];
  /** Safe to send twice. POSTs that create machine actions are not. */
  idempotent: boolean;
  /** Rate-budget bucket: Defender for Endpoint limits apply per endpoint. */
  budgetKey: string;
  /** Request timeout override (hunting may run up to Microsoft's own limit). */
  timeoutMs?: number;
  /** How many calls this request counts for against Microsoft's limits (a Graph $batch counts each part). */
  cost?: number;
}

export function graphOp(name: string, permissions: readonly string[]): Operation {
  return { api: 'graph', name, permissions, idempotent: true, budgetKey: 'graph:security' };
}

export function huntingOp(name: string): Operation {
  return { api: 'hunting', name, permissions: ['ThreatHunting.Read.All'], idempotent: true, budgetKey: 'graph:hunting', timeoutMs: 200_000 };
}

export function mdeOp(name: string, endpoint: string, permissions: readonly string[], idempotent = true): Operation {
  return { api: 'mde', name, permissions, idempotent, budgetKey: `mde:${endpoint}` };
}
