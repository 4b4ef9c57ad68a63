import type * as restify from 'restify';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HealthRoutesOptions {
  checks: ReadinessCheck[];
  /** A check result is reused this long, so a busy probe never spends Microsoft's rate budget. */
  cacheMs?: number;
  now?: () => number;
  /** Removes secrets from a failed check's message before it is shown. */
  scrub?: (text: string) => string;
  /** True once shutdown started: not ready, so the load balancer stops sending turns. */
  draining?: () => boolean;
}

interface Result {
  ok: boolean;
  checks: Record<string, string>;
}

/**
 * GET /healthz (the process answers) and /readyz (Defender and the store answer, cached). Metrics are not served here:
 * they have a port of their own (src/ops/metrics-server.ts, METRICS_PORT), away from the bot's public port.
 */
export function mountHealthRoutes(server: restify.Server, options: HealthRoutesOptions): void {
  const now = options.now ?? Date.now;
  let cached: { at: number; result: Promise<Result> } | undefined;
  const readiness = (): Promise<Result> => {
    if (cached && now() - cached.at < (options.cacheMs ?? 15_000)) return cached.result;
    const result = (async () => {
      const checks: Record<string, string> = {};
      await Promise.all(
        options.checks.map(async (c) => {
          try {
            await withTimeout(c.check(), 10_000);
            checks[c.name] = 'ok';
          } catch (err) {
            const text = err instanceof Error ? err.message : String(err);
            checks[c.name] = (options.scrub ?? ((t: string) => t))(text).slice(0, 300);
          }
        }),
      );
      return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
    })();
    cached = { at: now(), result };
    return result;
  };

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    if (options.draining?.()) {
      res.send(503, { status: 'draining', checks: {} });
      return;
    }
    const result = await readiness();
    res.send(result.ok ? 200 : 503, { status: result.ok ? 'ready' : 'not ready', checks: result.checks });
  });
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
