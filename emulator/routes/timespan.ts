const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text.toUpperCase() === 'P' || text.toUpperCase().endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  return ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
}

function instant(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** runHuntingQuery's Timespan: a duration back from now, start/end, duration/end, start/duration, or a start (to now). */
export function parseTimespan(text: string | undefined, now: Date): { from: Date; to: Date } {
  const bad = () => new Error(`The Timespan '${text}' is not valid. Use an ISO 8601 duration (P30D) or interval (start/end).`);
  if (text === undefined || text.trim() === '') return { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
  const parts = text.trim().split('/');
  if (parts.length === 1) {
    const ms = durationMs(parts[0]!);
    if (ms !== undefined) return { from: new Date(now.getTime() - ms), to: now };
    const start = instant(parts[0]!);
    if (start) return { from: start, to: now };
    throw bad();
  }
  if (parts.length !== 2) throw bad();
  const [a, b] = parts as [string, string];
  const aMs = durationMs(a);
  const bMs = durationMs(b);
  const aAt = instant(a);
  const bAt = instant(b);
  if (aAt && bAt) return { from: aAt, to: bAt };
  if (aMs !== undefined && bAt) return { from: new Date(bAt.getTime() - aMs), to: bAt };
  if (aAt && bMs !== undefined) return { from: aAt, to: new Date(aAt.getTime() + bMs) };
  throw bad();
}
