import type { Instant } from './types';

/**
 * ISO 8601 forms OData and Defender accept: date-only (`2024-05-01`, MDE's `2018-08-01Z`), minutes, seconds and
 * up to 12 fractional digits, with `Z`, a `+hh:mm`/`-hh:mm` offset or no zone (taken as UTC).
 */
export const DATETIME_PATTERN = /(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?)?(Z|[+-]\d{2}:\d{2})?/;

const WHOLE_DATETIME = new RegExp(`^${DATETIME_PATTERN.source}$`);
const MAX_OFFSET_MINUTES = 14 * 60;

export function parseInstant(text: string): Instant | undefined {
  const m = WHOLE_DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetMins > 59) return undefined;
    offsetMinutes = (offsetHours * 60 + offsetMins) * (zone.startsWith('-') ? -1 : 1);
    if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return undefined;
  }

  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 onto 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const digits = fraction.padEnd(7, '0');
  return {
    epochMs: date.getTime() + Number(digits.slice(0, 3)),
    tickOfMs: Number(digits.slice(3, 7)),
  };
}

/** Entity values are ISO strings (Graph uses 7 fractional digits) or, from some seeds, Date objects. */
export function toInstant(value: unknown): Instant | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : { epochMs: ms, tickOfMs: 0 };
  }
  return typeof value === 'string' ? parseInstant(value.trim().toUpperCase()) : undefined;
}

export function compareInstants(a: Instant, b: Instant): number {
  return Math.sign(a.epochMs - b.epochMs || a.tickOfMs - b.tickOfMs);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
