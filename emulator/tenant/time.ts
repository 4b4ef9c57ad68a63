/** Offsets back from "now"; the demo tenant places every event relative to the moment it is built. */
export interface Offset {
  d?: number;
  h?: number;
  m?: number;
  s?: number;
  ms?: number;
}

const MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

export function offsetMs(offset: Offset): number {
  return (offset.d ?? 0) * MS.d + (offset.h ?? 0) * MS.h + (offset.m ?? 0) * MS.m + (offset.s ?? 0) * MS.s + (offset.ms ?? 0);
}

export interface Clock {
  readonly now: Date;
  /** ISO timestamp `offset` before now. */
  ago(offset: Offset): string;
  /** ISO timestamp `offset` after the given ISO timestamp. */
  after(iso: string, offset: Offset): string;
  /** ISO timestamp `offset` before the given ISO timestamp. */
  before(iso: string, offset: Offset): string;
  /** ISO timestamp `ms` milliseconds before now. */
  agoMs(ms: number): string;
}

export function createClock(now: Date): Clock {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('createDemoTenant: now is not a valid date');
  return {
    now: new Date(nowMs),
    ago: (offset) => new Date(nowMs - offsetMs(offset)).toISOString(),
    after: (iso, offset) => new Date(Date.parse(iso) + offsetMs(offset)).toISOString(),
    before: (iso, offset) => new Date(Date.parse(iso) - offsetMs(offset)).toISOString(),
    agoMs: (ms) => new Date(nowMs - ms).toISOString(),
  };
}

export function latest(isos: readonly string[]): string {
  return isos.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

export function earliest(isos: readonly string[]): string {
  return isos.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}
