/** Small statistics for the benchmark: nearest-rank percentiles and rounding for the table. */

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export interface Spread {
  median: number;
  p95: number;
  max: number;
  count: number;
}

export function spread(values: number[]): Spread {
  return { median: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : NaN, count: values.length };
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

/** mulberry32: a seeded generator, so every run draws the same schedule. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
