import type { PipelineResponse } from '@azure/core-rest-pipeline';

/** Milliseconds the server asked us to wait (Retry-After in seconds or as an HTTP date, or the -ms variants). */
export function retryAfterMs(response: PipelineResponse, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = response.headers.get(name);
    if (v && /^\d+$/.test(v.trim())) return Number(v);
  }
  const v = response.headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with jitter when the server gave no hint: about 1 s, 2 s, 4 s ... capped at 30 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}
