/**
 * datetime and timespan values are counts of 100ns ticks, like .NET. Datetimes count from 2020-01-01 rather
 * than from 0001-01-01 or 1970 so that every tick of this century's dates stays an exact JS integer
 * (|ticks| < 2^53 covers 1991..2048 exactly; dates outside keep ~0.2 microsecond precision).
 */
export const TICKS_PER_MILLISECOND = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

const EPOCH_MS = Date.UTC(2020, 0, 1);
/** 2020-01-01 counted in days from 1970-01-01. */
const EPOCH_DAY = 18_262;
/** Whole days from 0001-01-01 (.NET tick zero) to the epoch; bin() aligns to tick zero as Kusto does. */
const DAYS_FROM_YEAR_ONE = 737_424n;
const TICKS_FROM_YEAR_ONE = DAYS_FROM_YEAR_ONE * BigInt(TICKS_PER_DAY);

export function datetimeFromMs(ms: number): number {
  return (ms - EPOCH_MS) * TICKS_PER_MILLISECOND;
}

/** Ticks since 0001-01-01, as tolong(datetime) returns (approximate beyond 2^53). */
export function datetimeToDotnetTicks(ticks: number): number {
  return Number(TICKS_FROM_YEAR_ONE) + ticks;
}

export function datetimeFromDotnetTicks(ticks: number): number {
  return ticks - Number(TICKS_FROM_YEAR_ONE);
}

// Proleptic Gregorian calendar arithmetic on day numbers (H. Hinnant's algorithms): exact, and much faster
// than building Date objects for every value of a 50,000-row table.

/** Days from 1970-01-01 to the given date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function ticksFromCivil(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const days = daysFromCivil(year, month, day) - EPOCH_DAY;
  return (days * 86_400 + hour * 3600 + minute * 60 + second) * TICKS_PER_SECOND;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

function validDate(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** The common "2025-03-04T08:58:03[.fffffff]Z" shape, parsed without regular expressions; undefined if not that shape. */
function parseCanonical(s: string): number | null | undefined {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const sep = s[10];
  if (sep !== 'T' && sep !== ' ') return undefined;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let i = 19;
  let fraction = 0;
  if (s[i] === '.') {
    let digits = 0;
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 7) fraction = fraction * 10 + c;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 9) return undefined;
    for (let d = Math.min(digits, 7); d < 7; d++) fraction *= 10;
  }
  if (i < s.length && !(i === s.length - 1 && (s[i] === 'Z' || s[i] === 'z'))) return undefined;
  if (!validDate(year, month, day, hour, minute, second)) return null;
  return ticksFromCivil(year, month, day, hour, minute, second) + fraction;
}

const ISO_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC_DATETIME = /^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:GMT|UTC|Z|[+-]\d{4})$/;

/** Parses ISO 8601 (and RFC 1123) text into ticks; null when it is not a valid datetime. */
export function parseDatetime(text: string): number | null {
  const fast = parseCanonical(text);
  if (fast !== undefined) return fast;
  const s = text.trim();
  if (s.length > 64) return null;
  const m = ISO_DATETIME.exec(s);
  if (!m) {
    if (RFC_DATETIME.test(s)) {
      const ms = Date.parse(s);
      return Number.isNaN(ms) ? null : datetimeFromMs(ms);
    }
    return null;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!validDate(year, month, day, hour, minute, second)) return null;
  const fraction = m[7] === undefined ? 0 : Number((m[7] + '0000000').slice(0, 7));
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return ticksFromCivil(year, month, day, hour, minute, second) + fraction - offsetMinutes * TICKS_PER_MINUTE;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2025-03-04T08:58:03.0000000Z", as advanced hunting prints datetimes; null outside years 1..9999. */
export function formatDatetime(ticks: number): string | null {
  if (!Number.isFinite(ticks)) return null;
  const p = datetimeParts(ticks);
  if (p.year < 1 || p.year > 9999) return null;
  const fraction = String(p.subSecond).padStart(7, '0');
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}.${fraction}Z`;
}

export const TIMESPAN_UNITS: Record<string, number> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MILLISECOND,
  milli: TICKS_PER_MILLISECOND,
  millis: TICKS_PER_MILLISECOND,
  millisecond: TICKS_PER_MILLISECOND,
  milliseconds: TICKS_PER_MILLISECOND,
  microsecond: 10,
  microseconds: 10,
  tick: 1,
  ticks: 1,
};

export function timespanUnit(unit: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(TIMESPAN_UNITS, unit) ? TIMESPAN_UNITS[unit] : undefined;
}

const UNIT_TIMESPAN = /^([+-]?)(\d+(?:\.\d+)?)\s*([a-z]+)$/i;
const CLOCK_TIMESPAN = /^([+-]?)(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/** Parses "1d", "1.5h", "00:10:00", "1.02:03:04.5" into ticks; null when not a timespan. */
export function parseTimespan(text: string): number | null {
  const s = text.trim();
  if (s.length > 64) return null;
  const unit = UNIT_TIMESPAN.exec(s);
  if (unit) {
    const size = timespanUnit((unit[3] ?? '').toLowerCase());
    if (size === undefined) return null;
    const value = Math.round(Number(unit[2]) * size);
    return unit[1] === '-' ? -value : value;
  }
  const clock = CLOCK_TIMESPAN.exec(s);
  if (!clock) return null;
  const days = clock[2] === undefined ? 0 : Number(clock[2]);
  const hours = Number(clock[3]);
  const minutes = Number(clock[4]);
  const seconds = clock[5] === undefined ? 0 : Number(clock[5]);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const fraction = clock[6] === undefined ? 0 : Number((clock[6] + '0000000').slice(0, 7));
  const ticks = days * TICKS_PER_DAY + hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND + fraction;
  return clock[1] === '-' ? -ticks : ticks;
}

/** .NET's constant ("c") format: [-][d.]hh:mm:ss[.fffffff] */
export function formatTimespan(ticks: number): string | null {
  if (!Number.isFinite(ticks)) return null;
  let rest = Math.abs(Math.round(ticks));
  const sign = ticks < 0 ? '-' : '';
  const days = Math.floor(rest / TICKS_PER_DAY);
  rest -= days * TICKS_PER_DAY;
  const hours = Math.floor(rest / TICKS_PER_HOUR);
  rest -= hours * TICKS_PER_HOUR;
  const minutes = Math.floor(rest / TICKS_PER_MINUTE);
  rest -= minutes * TICKS_PER_MINUTE;
  const seconds = Math.floor(rest / TICKS_PER_SECOND);
  rest -= seconds * TICKS_PER_SECOND;
  const two = (n: number) => String(n).padStart(2, '0');
  const fraction = rest > 0 ? `.${String(rest).padStart(7, '0')}` : '';
  return `${sign}${days > 0 ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction}`;
}

function positiveModulo(value: number, size: number): number {
  const r = value % size;
  return r < 0 ? r + size : r;
}

/** bin(datetime, timespan): rounds down to a multiple of size counted from 0001-01-01, as Kusto does. */
export function binDatetime(ticks: number, size: number): number | null {
  if (!(size > 0) || !Number.isFinite(ticks)) return null;
  if (!Number.isInteger(size)) return ticks - positiveModulo(ticks, size);
  const shift = Number(TICKS_FROM_YEAR_ONE % BigInt(size));
  return ticks - positiveModulo(positiveModulo(ticks, size) + shift, size);
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Ticks within the second. */
  subSecond: number;
  /** 0 = Sunday */
  dayOfWeek: number;
}

export function datetimeParts(ticks: number): DateParts {
  const whole = Math.round(ticks);
  const dayIndex = Math.floor(whole / TICKS_PER_DAY);
  let rest = whole - dayIndex * TICKS_PER_DAY;
  const hour = Math.floor(rest / TICKS_PER_HOUR);
  rest -= hour * TICKS_PER_HOUR;
  const minute = Math.floor(rest / TICKS_PER_MINUTE);
  rest -= minute * TICKS_PER_MINUTE;
  const second = Math.floor(rest / TICKS_PER_SECOND);
  const days = dayIndex + EPOCH_DAY;
  const { year, month, day } = civilFromDays(days);
  return { year, month, day, hour, minute, second, subSecond: rest - second * TICKS_PER_SECOND, dayOfWeek: (((days + 4) % 7) + 7) % 7 };
}

export function datetimeFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return ticksFromCivil(year, month, day, hour, minute, second);
}

/** .NET AddMonths: the day is clamped to the target month's length. */
export function addMonths(ticks: number, months: number): number {
  const p = datetimeParts(ticks);
  const total = p.year * 12 + (p.month - 1) + Math.trunc(months);
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(p.day, daysInMonth(year, month));
  return datetimeFromParts(year, month, day, p.hour, p.minute, p.second) + p.subSecond;
}

export function startOfDay(ticks: number): number {
  return ticks - positiveModulo(ticks, TICKS_PER_DAY);
}

export function startOfWeek(ticks: number): number {
  const day = startOfDay(ticks);
  return day - datetimeParts(day).dayOfWeek * TICKS_PER_DAY;
}

export function startOfMonth(ticks: number): number {
  const p = datetimeParts(ticks);
  return datetimeFromParts(p.year, p.month, 1);
}

export function startOfYear(ticks: number): number {
  return datetimeFromParts(datetimeParts(ticks).year, 1, 1);
}

export function dayOfYear(ticks: number): number {
  return Math.round((startOfDay(ticks) - startOfYear(ticks)) / TICKS_PER_DAY) + 1;
}
