import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DefenderEmulator, type RouteStats } from '../emulator/server';
import { MICROSOFT_LIMITS } from '../emulator/rate-limits';
import { endpointRoutes } from '../emulator/routes/endpoint-routes';
import { graphRoutes } from '../emulator/routes/graph-routes';
import { EMULATOR_ENV, type EmulatorAddress } from './child';

export interface StampedCall extends RouteStats {
  at: number;
}

/** The emulator's rate-limit bucket of each route (Microsoft's limits are per endpoint family). */
const BUCKET_OF = new Map([...graphRoutes, ...endpointRoutes].map((r) => [r.id, r.bucket ?? r.api]));

export interface BucketLoad {
  bucket: string;
  /** Calls the emulator counted against the bucket (batch parts included, refused 429s not). */
  calls: number;
  /** Most calls in any 60 s window. */
  busiestMinute: number;
  /** Microsoft's per-minute limit as the emulator enforces it. */
  limitPerMinute: number | undefined;
  /** Calls the emulator refused with 429. */
  throttled: number;
}

/**
 * The emulator, run in the benchmark's main process; the bot under test runs in child processes so that its CPU and
 * memory are its own. Every call the emulator logs is stamped with the time it was answered.
 */
export class EmulatorHost {
  private readonly stamps = new WeakMap<RouteStats, number>();

  private constructor(readonly emulator: DefenderEmulator) {
    const calls = emulator.calls;
    const push = calls.push.bind(calls);
    calls.push = (...items: RouteStats[]): number => {
      const now = Date.now();
      for (const item of items) this.stamps.set(item, now);
      return push(...items);
    };
  }

  static async start(): Promise<EmulatorHost> {
    return new EmulatorHost(await DefenderEmulator.start({ rateLimits: 'off' }));
  }

  /** Latency on every upstream call and Microsoft's limits on or off, with no faults and fresh rate-limit counters. */
  configure(latencyMs: number, rateLimits: 'microsoft' | 'off'): void {
    this.emulator.faults.clear();
    this.emulator.setLatency('*', latencyMs);
    this.emulator.setRateLimits(rateLimits);
  }

  address(): EmulatorAddress {
    return { environment: this.emulator.environment(), caPem: this.emulator.caPem };
  }

  callsBetween(from: number, to: number): StampedCall[] {
    const out: StampedCall[] = [];
    for (const call of this.emulator.calls) {
      const at = this.stamps.get(call);
      if (at !== undefined && at >= from && at <= to) out.push({ ...call, at });
    }
    return out;
  }

  /** Load per rate-limit bucket, as the emulator's limiter sees it. */
  loadPerBucket(calls: StampedCall[]): BucketLoad[] {
    const times = new Map<string, number[]>();
    const throttled = new Map<string, number>();
    for (const c of calls) {
      const bucket = BUCKET_OF.get(c.route);
      if (!bucket || c.route === 'graph.batch') continue;
      if (c.status === 429) throttled.set(bucket, (throttled.get(bucket) ?? 0) + 1);
      else if (c.status !== 401 && c.status !== 403) {
        const list = times.get(bucket) ?? [];
        list.push(c.at);
        times.set(bucket, list);
      }
    }
    const buckets = [...new Set([...times.keys(), ...throttled.keys()])].sort();
    return buckets.map((bucket) => {
      const t = (times.get(bucket) ?? []).sort((a, b) => a - b);
      let busiest = 0;
      for (let i = 0, j = 0; i < t.length; i++) {
        while (j < t.length && t[j]! < t[i]! + 60_000) j++;
        busiest = Math.max(busiest, j - i);
      }
      const windows = MICROSOFT_LIMITS[bucket] ?? MICROSOFT_LIMITS[bucket.split(':')[0]!];
      return {
        bucket,
        calls: t.length,
        busiestMinute: busiest,
        limitPerMinute: windows?.find((w) => w.windowMs === 60_000)?.limit,
        throttled: throttled.get(bucket) ?? 0,
      };
    });
  }

  /** HTTP requests per route (a $batch is one request; its parts are not counted here). */
  requestsPerRoute(calls: StampedCall[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of calls) if (!c.inBatch && !c.route.startsWith('token')) out[c.route] = (out[c.route] ?? 0) + 1;
    return out;
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/**
 * Runs one part of the benchmark in a child process that reaches the emulator over HTTPS, and returns the one result it
 * sends back: `node --import tsx` on the TypeScript file, or plain node on its JavaScript in `compiledDir` (see
 * compile.ts), optionally with --expose-gc.
 */
export function runChild<T>(
  context: { host: EmulatorHost; compiledDir?: string },
  file: string,
  options: { exposeGc?: boolean; env?: Record<string, string> } = {},
): Promise<T> {
  const root = join(__dirname, '..');
  const { host, compiledDir } = context;
  const gc = options.exposeGc ? ['--expose-gc'] : [];
  const args = compiledDir ? [...gc, join(compiledDir, 'bench', file.replace(/\.ts$/, '.js'))] : [...gc, '--import', 'tsx', join(__dirname, file)];
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...options.env,
        ...(compiledDir ? { NODE_PATH: join(root, 'node_modules') } : {}),
        [EMULATOR_ENV]: JSON.stringify(host.address()),
      },
    });
    let result: { ok: true; value: T } | undefined;
    child.on('message', (message) => {
      result = { ok: true, value: message as T };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve(result.value);
      else reject(new Error(`${file} ended (${signal ?? `exit code ${code}`}) without a result`));
    });
  });
}
