/** A failure the emulator injects on a route, for tests and benchmarks. */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { kind: 'timeout'; holdMs?: number }
  | { kind: 'reset' }
  | { kind: 'malformed' };

export interface FaultRule {
  fault: Fault;
  /** Route id ('token', 'graph.incidents', 'mde.isolate', ...) or '*' for every route. */
  route: string;
  /** How many requests it hits before it stops (default: all). */
  times?: number;
  /** Share of requests it hits, 0..1 (default 1), drawn from a seeded generator so runs repeat. */
  probability?: number;
}

export class FaultPlan {
  private rules: (FaultRule & { hits: number })[] = [];
  private latency = new Map<string, number>();
  private seed = 42;

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, hits: 0 });
  }

  setLatency(route: string, ms: number): void {
    this.latency.set(route, ms);
  }

  clear(): void {
    this.rules = [];
    this.latency.clear();
  }

  latencyFor(route: string): number {
    return this.latency.get(route) ?? this.latency.get(route.split('.')[0] + '.*') ?? this.latency.get('*') ?? 0;
  }

  /** The fault to inject on this request, if any. */
  next(route: string): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.route !== '*' && rule.route !== route && rule.route !== `${route.split('.')[0]}.*`) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.hits++;
      return rule.fault;
    }
    return undefined;
  }

  private random(): number {
    // mulberry32
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
