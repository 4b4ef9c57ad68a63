import { createHash } from 'node:crypto';
import type { Expr } from './ast';
import type { Compiled, Scope } from './context';
import {
  addMonths,
  binDatetime,
  dayOfYear,
  datetimeFromDotnetTicks,
  datetimeFromMs,
  datetimeFromParts,
  datetimeParts,
  datetimeToDotnetTicks,
  parseTimespan,
  startOfDay,
  startOfMonth,
  startOfWeek,
  startOfYear,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
} from './datetime';
import { semanticError } from './errors';
import { compileRegex } from './string-operators';
import { isIntegerType, isNumericType, kqlTypeFromName, type KqlType } from './types';
import { castValue, compareValues, isPlainObject, parseJsonLoose, setOwn, toBool, toDatetime, toDynamic, toNumber, valueKey, valueToString } from './values';

export interface FunctionContext {
  scope: Scope;
  name: string;
  args: Expr[];
}

export interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  compile(args: Compiled[], context: FunctionContext): { type: KqlType; fn: (values: unknown[]) => unknown };
}

type Impl = (values: unknown[], types: KqlType[]) => unknown;

function simple(minArgs: number, maxArgs: number, type: KqlType | ((args: Compiled[]) => KqlType), impl: Impl): FunctionSpec {
  return {
    minArgs,
    maxArgs,
    compile(args) {
      const types = args.map((a) => a.type);
      return { type: typeof type === 'function' ? type(args) : type, fn: (values) => impl(values, types) };
    },
  };
}

function typeOf(args: Compiled[], index: number): KqlType {
  return args[index]?.type ?? 'dynamic';
}

function str(value: unknown, type: KqlType | undefined): string {
  return valueToString(value, type ?? 'dynamic');
}

/** A number from a numeric-typed or dynamic value. */
function num(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return toNumber(value, false);
  return null;
}

function int(value: unknown): number | null {
  const n = num(value);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

function requireType(context: FunctionContext, args: Compiled[], index: number, allowed: KqlType[]): void {
  const type = args[index]?.type;
  if (type && type !== 'dynamic' && !allowed.includes(type)) {
    throw semanticError(`${context.name}(): argument #${index + 1} expected to be of type ${allowed.join(' or ')}, but is ${type}`);
  }
}

function constantString(context: FunctionContext, args: Compiled[], index: number): string {
  const arg = args[index];
  if (!arg?.constant) throw semanticError(`${context.name}(): argument #${index + 1} must be a constant`);
  return valueToString(arg.value, arg.type);
}

/** The common type of iff/case/coalesce branches; mixed numbers widen, anything else mixed becomes dynamic. */
export function unifyTypes(types: KqlType[]): KqlType {
  const first = types[0];
  if (first === undefined) return 'dynamic';
  if (types.every((t) => t === first)) return first;
  if (types.every(isNumericType)) return types.some((t) => !isIntegerType(t)) ? 'real' : 'long';
  return 'dynamic';
}

function branches(args: Compiled[], indexes: number[]): { type: KqlType; casts: ((v: unknown) => unknown)[] } {
  const type = unifyTypes(indexes.map((i) => typeOf(args, i)));
  const casts = args.map((arg) => (v: unknown) => castValue(v, arg.type, type));
  return { type, casts };
}

function datetimeImpl(f: (ticks: number, values: unknown[]) => number | null): Impl {
  return (values) => {
    const ticks = values[0];
    return typeof ticks === 'number' ? f(ticks, values) : null;
  };
}

function asDatetime(value: unknown, type: KqlType | undefined): number | null {
  if (type === 'datetime') return typeof value === 'number' ? value : null;
  return toDatetime(value);
}

// ---- datetime parts ----

const PART_ALIASES: Record<string, string> = {
  year: 'year',
  years: 'year',
  yy: 'year',
  yyyy: 'year',
  quarter: 'quarter',
  quarters: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  month: 'month',
  months: 'month',
  mm: 'month',
  m: 'month',
  week: 'week',
  weeks: 'week',
  wk: 'week',
  ww: 'week',
  weekofyear: 'week',
  day: 'day',
  days: 'day',
  dd: 'day',
  d: 'day',
  dayofyear: 'dayofyear',
  hour: 'hour',
  hours: 'hour',
  hh: 'hour',
  minute: 'minute',
  minutes: 'minute',
  mi: 'minute',
  n: 'minute',
  second: 'second',
  seconds: 'second',
  ss: 'second',
  s: 'second',
  millisecond: 'millisecond',
  milliseconds: 'millisecond',
  ms: 'millisecond',
  microsecond: 'microsecond',
  microseconds: 'microsecond',
  mcs: 'microsecond',
  nanosecond: 'nanosecond',
  nanoseconds: 'nanosecond',
  ns: 'nanosecond',
};

function datePart(context: FunctionContext, args: Compiled[]): string {
  const part = constantString(context, args, 0).toLowerCase();
  const resolved = Object.prototype.hasOwnProperty.call(PART_ALIASES, part) ? PART_ALIASES[part] : undefined;
  if (!resolved) throw semanticError(`${context.name}(): unknown date part '${part}'`);
  return resolved;
}

const FIXED_PART_TICKS: Record<string, number> = {
  week: 7 * TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MILLISECOND,
  microsecond: 10,
  nanosecond: 0.01,
};

function isoWeek(ticks: number): number {
  const day = startOfDay(ticks);
  const dayOfWeek = (datetimeParts(day).dayOfWeek + 6) % 7;
  const thursday = day + (3 - dayOfWeek) * TICKS_PER_DAY;
  const yearStart = startOfYear(thursday);
  return Math.floor((thursday - yearStart) / TICKS_PER_DAY / 7) + 1;
}

function datetimePart(part: string, ticks: number): number {
  const p = datetimeParts(ticks);
  switch (part) {
    case 'year':
      return p.year;
    case 'quarter':
      return Math.floor((p.month - 1) / 3) + 1;
    case 'month':
      return p.month;
    case 'week':
      return isoWeek(ticks);
    case 'day':
      return p.day;
    case 'dayofyear':
      return dayOfYear(ticks);
    case 'hour':
      return p.hour;
    case 'minute':
      return p.minute;
    case 'second':
      return p.second;
    case 'millisecond':
      return Math.floor(p.subSecond / TICKS_PER_MILLISECOND);
    case 'microsecond':
      return Math.floor(p.subSecond / 10);
    default:
      return p.subSecond * 100;
  }
}

function formatDatetimeWith(ticks: number, format: string): string {
  const p = datetimeParts(ticks);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  let out = '';
  let i = 0;
  while (i < format.length) {
    const ch = format[i] ?? '';
    let run = 1;
    while (format[i + run] === ch) run++;
    switch (ch) {
      case 'y':
        out += run <= 2 ? pad(p.year % 100, run) : pad(p.year, run);
        break;
      case 'M':
        out += pad(p.month, Math.min(run, 2));
        break;
      case 'd':
        out += pad(p.day, Math.min(run, 2));
        break;
      case 'H':
        out += pad(p.hour, Math.min(run, 2));
        break;
      case 'h':
        out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, Math.min(run, 2));
        break;
      case 'm':
        out += pad(p.minute, Math.min(run, 2));
        break;
      case 's':
        out += pad(p.second, Math.min(run, 2));
        break;
      case 'f':
      case 'F': {
        const digits = pad(p.subSecond, 7).slice(0, Math.min(run, 7));
        out += ch === 'F' ? digits.replace(/0+$/, '') : digits;
        break;
      }
      case 't':
        out += (p.hour < 12 ? 'AM' : 'PM').slice(0, Math.min(run, 2));
        break;
      default:
        out += ch.repeat(run);
    }
    i += run;
  }
  return out;
}

// ---- IPv4 ----

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function parseIpv4(text: string): { address: number; prefix: number } | null {
  const m = IPV4.exec(text.trim());
  if (!m) return null;
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  if (octets.some((o) => o > 255)) return null;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { address, prefix };
}

function maskAddress(address: number, prefix: number): number {
  if (prefix <= 0) return 0;
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) * size;
}

function compareIpv4(a: unknown, b: unknown, prefixArg: unknown): number | null {
  const left = typeof a === 'string' ? parseIpv4(a) : null;
  const right = typeof b === 'string' ? parseIpv4(b) : null;
  if (!left || !right) return null;
  let prefix = Math.min(left.prefix, right.prefix);
  if (typeof prefixArg === 'number') prefix = Math.min(prefix, Math.max(0, Math.min(32, Math.trunc(prefixArg))));
  const x = maskAddress(left.address, prefix);
  const y = maskAddress(right.address, prefix);
  return x < y ? -1 : x > y ? 1 : 0;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => parseIpv4(r)!);

// ---- URLs ----

const URL_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function parseUrl(text: string): Record<string, unknown> {
  const m = URL_PATTERN.exec(text.trim());
  if (!m) return {};
  let authority = m[2] ?? '';
  let username = '';
  let password = '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userInfo = authority.slice(0, at);
    authority = authority.slice(at + 1);
    const colon = userInfo.indexOf(':');
    username = colon >= 0 ? userInfo.slice(0, colon) : userInfo;
    password = colon >= 0 ? userInfo.slice(colon + 1) : '';
  }
  let host = authority;
  let port = '';
  const portMatch = /^(.*):(\d*)$/.exec(authority);
  if (portMatch && !(authority.startsWith('[') && !authority.includes(']:'))) {
    host = portMatch[1] ?? '';
    port = portMatch[2] ?? '';
  }
  const query: Record<string, unknown> = {};
  for (const pair of (m[4] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    setOwn(query, decodeComponent(eq >= 0 ? pair.slice(0, eq) : pair), decodeComponent(eq >= 0 ? pair.slice(eq + 1) : ''));
  }
  return {
    Scheme: m[1] ?? '',
    Host: host,
    Port: port,
    Path: m[3] ?? '',
    Username: username,
    Password: password,
    'Query Parameters': query,
    Fragment: m[5] ?? '',
  };
}

// ---- helpers for dynamic values ----

function dynamicOf(value: unknown, type: KqlType | undefined): unknown {
  if (type === 'string' && typeof value === 'string') {
    const trimmed = value.trimStart();
    return trimmed.startsWith('[') || trimmed.startsWith('{') ? parseJsonLoose(value) : value;
  }
  return toDynamic(value, type ?? 'dynamic');
}

function arrayOf(value: unknown, type: KqlType | undefined): unknown[] | null {
  const dynamic = dynamicOf(value, type);
  return Array.isArray(dynamic) ? dynamic : null;
}

function gettype(value: unknown, type: KqlType | undefined): string {
  if (type !== 'dynamic') return type ?? 'dynamic';
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'dictionary';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  return 'dynamic';
}

function convertRewrite(rewrite: string): string {
  return rewrite.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
}

function regexArg(context: FunctionContext, args: Compiled[], index: number, flags = ''): (values: unknown[]) => RegExp {
  const arg = args[index];
  if (arg?.constant) {
    const regex = compileRegex(valueToString(arg.value, arg.type), flags);
    return () => {
      regex.lastIndex = 0;
      return regex;
    };
  }
  return (values) => compileRegex(str(values[index], arg?.type), flags);
}

function nonNegative(value: number | null): number {
  return value === null || value < 0 ? 0 : value;
}

// ---- the registry ----

const sameAsFirst = (args: Compiled[]) => typeOf(args, 0);

export const FUNCTIONS: Record<string, FunctionSpec> = {
  // datetime
  now: {
    minArgs: 0,
    maxArgs: 1,
    compile(args, context) {
      requireType(context, args, 0, ['timespan']);
      const now = context.scope.env.now;
      return { type: 'datetime', fn: (v) => (v.length === 0 ? now : typeof v[0] === 'number' ? now + v[0] : null) };
    },
  },
  ago: {
    minArgs: 1,
    maxArgs: 1,
    compile(args, context) {
      requireType(context, args, 0, ['timespan']);
      const now = context.scope.env.now;
      return { type: 'datetime', fn: (v) => (typeof v[0] === 'number' ? now - v[0] : null) };
    },
  },
  datetime_add: {
    minArgs: 3,
    maxArgs: 3,
    compile(args, context) {
      const part = datePart(context, args);
      return {
        type: 'datetime',
        fn: (v) => {
          const amount = int(v[1]);
          const ticks = asDatetime(v[2], args[2]?.type);
          if (amount === null || ticks === null) return null;
          if (part === 'year') return addMonths(ticks, amount * 12);
          if (part === 'quarter') return addMonths(ticks, amount * 3);
          if (part === 'month') return addMonths(ticks, amount);
          const size = FIXED_PART_TICKS[part];
          return size === undefined ? null : ticks + Math.trunc(amount * size);
        },
      };
    },
  },
  datetime_diff: {
    minArgs: 3,
    maxArgs: 3,
    compile(args, context) {
      const part = datePart(context, args);
      return {
        type: 'long',
        fn: (v) => {
          const a = asDatetime(v[1], args[1]?.type);
          const b = asDatetime(v[2], args[2]?.type);
          if (a === null || b === null) return null;
          const pa = datetimeParts(a);
          const pb = datetimeParts(b);
          switch (part) {
            case 'year':
              return pa.year - pb.year;
            case 'quarter':
              return pa.year * 4 + Math.floor((pa.month - 1) / 3) - (pb.year * 4 + Math.floor((pb.month - 1) / 3));
            case 'month':
              return pa.year * 12 + pa.month - (pb.year * 12 + pb.month);
            case 'week':
              return Math.round((startOfWeek(a) - startOfWeek(b)) / (7 * TICKS_PER_DAY));
            case 'day':
            case 'dayofyear':
              return Math.round((startOfDay(a) - startOfDay(b)) / TICKS_PER_DAY);
            default: {
              const size = FIXED_PART_TICKS[part] ?? 1;
              return Math.floor(a / size) - Math.floor(b / size);
            }
          }
        },
      };
    },
  },
  datetime_part: {
    minArgs: 2,
    maxArgs: 2,
    compile(args, context) {
      const part = datePart(context, args);
      return {
        type: 'int',
        fn: (v) => {
          const ticks = asDatetime(v[1], args[1]?.type);
          return ticks === null ? null : datetimePart(part, ticks);
        },
      };
    },
  },
  startofday: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => startOfDay(t) + (int(v[1]) ?? 0) * TICKS_PER_DAY),
  ),
  startofweek: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => startOfWeek(t) + (int(v[1]) ?? 0) * 7 * TICKS_PER_DAY),
  ),
  startofmonth: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => addMonths(startOfMonth(t), int(v[1]) ?? 0)),
  ),
  startofyear: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => addMonths(startOfYear(t), 12 * (int(v[1]) ?? 0))),
  ),
  endofday: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => startOfDay(t) + ((int(v[1]) ?? 0) + 1) * TICKS_PER_DAY - 1),
  ),
  endofweek: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => startOfWeek(t) + ((int(v[1]) ?? 0) + 1) * 7 * TICKS_PER_DAY - 1),
  ),
  endofmonth: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => addMonths(startOfMonth(t), (int(v[1]) ?? 0) + 1) - 1),
  ),
  endofyear: simple(
    1,
    2,
    'datetime',
    datetimeImpl((t, v) => addMonths(startOfYear(t), 12 * ((int(v[1]) ?? 0) + 1)) - 1),
  ),
  dayofweek: simple(
    1,
    1,
    'timespan',
    datetimeImpl((t) => datetimeParts(t).dayOfWeek * TICKS_PER_DAY),
  ),
  dayofmonth: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => datetimeParts(t).day),
  ),
  dayofyear: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => dayOfYear(t)),
  ),
  hourofday: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => datetimeParts(t).hour),
  ),
  getyear: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => datetimeParts(t).year),
  ),
  getmonth: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => datetimeParts(t).month),
  ),
  monthofyear: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => datetimeParts(t).month),
  ),
  week_of_year: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => isoWeek(t)),
  ),
  weekofyear: simple(
    1,
    1,
    'int',
    datetimeImpl((t) => isoWeek(t)),
  ),
  unixtime_seconds_todatetime: simple(1, 1, 'datetime', (v) => {
    const n = num(v[0]);
    return n === null ? null : datetimeFromMs(0) + Math.round(n * TICKS_PER_SECOND);
  }),
  unixtime_milliseconds_todatetime: simple(1, 1, 'datetime', (v) => {
    const n = num(v[0]);
    return n === null ? null : datetimeFromMs(0) + Math.round(n * TICKS_PER_MILLISECOND);
  }),
  make_datetime: simple(3, 7, 'datetime', (v) => {
    const parts = v.map((x) => num(x));
    if (parts.slice(0, 3).some((p) => p === null)) return null;
    const [year, month, day, hour, minute, second] = parts;
    const whole = Math.floor(second ?? 0);
    const base = datetimeFromParts(year ?? 1, month ?? 1, day ?? 1, hour ?? 0, minute ?? 0, whole);
    return base + Math.round(((second ?? 0) - whole) * TICKS_PER_SECOND);
  }),
  format_datetime: {
    minArgs: 2,
    maxArgs: 2,
    compile(args, context) {
      const format = constantString(context, args, 1);
      return { type: 'string', fn: (v) => (typeof v[0] === 'number' ? formatDatetimeWith(v[0], format) : '') };
    },
  },

  // conversions
  tostring: simple(1, 1, 'string', (v, t) => str(v[0], t[0])),
  toint: simple(1, 1, 'int', (v, t) => convertToNumber(v[0], t[0], true)),
  tolong: simple(1, 1, 'long', (v, t) => convertToNumber(v[0], t[0], true)),
  todouble: simple(1, 1, 'real', (v, t) => convertToNumber(v[0], t[0], false)),
  toreal: simple(1, 1, 'real', (v, t) => convertToNumber(v[0], t[0], false)),
  todecimal: simple(1, 1, 'decimal', (v, t) => convertToNumber(v[0], t[0], false)),
  tobool: simple(1, 1, 'bool', (v) => toBool(v[0])),
  toboolean: simple(1, 1, 'bool', (v) => toBool(v[0])),
  todatetime: simple(1, 1, 'datetime', (v, t) => {
    if (t[0] === 'datetime') return v[0];
    if (t[0] === 'long' || t[0] === 'int') return typeof v[0] === 'number' ? datetimeFromDotnetTicks(v[0]) : null;
    return toDatetime(v[0]);
  }),
  totimespan: simple(1, 1, 'timespan', (v, t) => {
    if (t[0] === 'timespan') return v[0];
    if (typeof v[0] === 'number') return Math.round(v[0]);
    return typeof v[0] === 'string' ? parseTimespan(v[0]) : null;
  }),
  toguid: simple(1, 1, 'guid', (v, t) => {
    const s = str(v[0], t[0]).trim();
    return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s) ? s.toLowerCase() : null;
  }),
  todynamic: simple(1, 1, 'dynamic', (v, t) => toJson(v[0], t[0])),
  parse_json: simple(1, 1, 'dynamic', (v, t) => toJson(v[0], t[0])),

  // strings
  strlen: simple(1, 1, 'long', (v, t) => str(v[0], t[0]).length),
  tolower: simple(1, 1, 'string', (v, t) => str(v[0], t[0]).toLowerCase()),
  toupper: simple(1, 1, 'string', (v, t) => str(v[0], t[0]).toUpperCase()),
  substring: simple(2, 3, 'string', (v, t) => {
    const s = str(v[0], t[0]);
    const start = Math.min(s.length, nonNegative(int(v[1])));
    if (v.length < 3) return s.slice(start);
    return s.slice(start, start + nonNegative(int(v[2])));
  }),
  strcat: simple(1, 64, 'string', (v, t) => v.map((x, i) => str(x, t[i])).join('')),
  strcat_delim: simple(3, 65, 'string', (v, t) => {
    const delimiter = str(v[0], t[0]);
    return v
      .slice(1)
      .map((x, i) => str(x, t[i + 1]))
      .join(delimiter);
  }),
  strcat_array: simple(2, 2, 'string', (v, t) => {
    const items = arrayOf(v[0], t[0]);
    return items ? items.map((x) => str(x, 'dynamic')).join(str(v[1], t[1])) : '';
  }),
  split: simple(2, 3, 'dynamic', (v, t) => {
    const parts = str(v[0], t[0]).split(str(v[1], t[1]));
    if (v.length < 3) return parts;
    const index = int(v[2]);
    if (index === null || index < 0 || index >= parts.length) return [];
    return [parts[index]];
  }),
  trim: trimSpec(true, true),
  trim_start: trimSpec(true, false),
  trim_end: trimSpec(false, true),
  replace_string: simple(3, 3, 'string', (v, t) => {
    const text = str(v[0], t[0]);
    const lookup = str(v[1], t[1]);
    return lookup === '' ? text : text.split(lookup).join(str(v[2], t[2]));
  }),
  replace_regex: {
    minArgs: 3,
    maxArgs: 3,
    compile(args, context) {
      const regex = regexArg(context, args, 1, 'g');
      return { type: 'string', fn: (v) => str(v[0], args[0]?.type).replace(regex(v), convertRewrite(str(v[2], args[2]?.type))) };
    },
  },
  replace: {
    minArgs: 3,
    maxArgs: 3,
    compile(args, context) {
      const regex = regexArg(context, args, 0, 'g');
      return { type: 'string', fn: (v) => str(v[2], args[2]?.type).replace(regex(v), convertRewrite(str(v[1], args[1]?.type))) };
    },
  },
  extract: {
    minArgs: 3,
    maxArgs: 4,
    compile(args, context) {
      const regex = regexArg(context, args, 0);
      let type: KqlType = 'string';
      if (args.length === 4) {
        const named = kqlTypeFromName(constantString(context, args, 3));
        if (!named) throw semanticError('extract(): argument #4 must be typeof(<type>)');
        type = named;
      }
      return {
        type,
        fn: (v) => {
          const group = int(v[1]);
          const match = group === null ? null : regex(v).exec(str(v[2], args[2]?.type));
          const text = match ? match[group ?? 0] : undefined;
          if (text === undefined) return type === 'string' ? '' : null;
          return castValue(text, 'string', type);
        },
      };
    },
  },
  extract_all: {
    minArgs: 2,
    maxArgs: 3,
    compile(args, context) {
      const regex = regexArg(context, args, 0, 'g');
      const textIndex = args.length - 1;
      return {
        type: 'dynamic',
        fn: (v) => {
          const matches = [...str(v[textIndex], args[textIndex]?.type).matchAll(regex(v))];
          if (matches.length === 0) return null;
          return matches.map((m) => (m.length <= 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((g) => g ?? '')));
        },
      };
    },
  },
  indexof: simple(2, 3, 'long', (v, t) => {
    const start = v.length > 2 ? nonNegative(int(v[2])) : 0;
    return str(v[0], t[0]).indexOf(str(v[1], t[1]), start);
  }),
  countof: {
    minArgs: 2,
    maxArgs: 3,
    compile(args, context) {
      const kind = args.length > 2 ? constantString(context, args, 2) : 'normal';
      if (kind === 'regex') {
        const regex = regexArg(context, args, 1, 'g');
        return { type: 'long', fn: (v) => [...str(v[0], args[0]?.type).matchAll(regex(v))].length };
      }
      return {
        type: 'long',
        fn: (v) => {
          const text = str(v[0], args[0]?.type);
          const search = str(v[1], args[1]?.type);
          if (search === '') return 0;
          let count = 0;
          for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) count++;
          return count;
        },
      };
    },
  },
  strrep: simple(2, 3, 'string', (v, t) => {
    const times = Math.min(1024, nonNegative(int(v[1])));
    return new Array<string>(times).fill(str(v[0], t[0])).join(v.length > 2 ? str(v[2], t[2]) : '');
  }),
  reverse: simple(1, 1, 'string', (v, t) => [...str(v[0], t[0])].reverse().join('')),
  url_encode: simple(1, 1, 'string', (v, t) => encodeURIComponent(str(v[0], t[0]))),
  url_encode_component: simple(1, 1, 'string', (v, t) => encodeURIComponent(str(v[0], t[0]))),
  url_decode: simple(1, 1, 'string', (v, t) => {
    try {
      return decodeURIComponent(str(v[0], t[0]));
    } catch {
      return '';
    }
  }),
  base64_encode_tostring: simple(1, 1, 'string', (v, t) => Buffer.from(str(v[0], t[0]), 'utf8').toString('base64')),
  base64_decode_tostring: simple(1, 1, 'string', (v, t) => Buffer.from(str(v[0], t[0]), 'base64').toString('utf8')),
  hash_sha256: simple(1, 1, 'string', (v, t) => createHash('sha256').update(str(v[0], t[0]), 'utf8').digest('hex')),
  hash_md5: simple(1, 1, 'string', (v, t) => createHash('md5').update(str(v[0], t[0]), 'utf8').digest('hex')),
  parse_url: simple(1, 1, 'dynamic', (v, t) => parseUrl(str(v[0], t[0]))),

  // null / emptiness and logic
  isempty: simple(1, 1, 'bool', (v) => v[0] === null || v[0] === undefined || v[0] === ''),
  isnotempty: simple(1, 1, 'bool', (v) => !(v[0] === null || v[0] === undefined || v[0] === '')),
  isnull: simple(1, 1, 'bool', (v) => v[0] === null || v[0] === undefined),
  isnotnull: simple(1, 1, 'bool', (v) => !(v[0] === null || v[0] === undefined)),
  not: simple(1, 1, 'bool', (v) => (typeof v[0] === 'boolean' ? !v[0] : null)),
  iff: iffSpec(),
  iif: iffSpec(),
  case: {
    minArgs: 3,
    maxArgs: 1000,
    compile(args) {
      if (args.length % 2 === 0) throw semanticError('case(): expects an odd number of arguments (predicate, value pairs and an else value)');
      const valueIndexes = args.map((_, i) => i).filter((i) => i % 2 === 1 || i === args.length - 1);
      const { type, casts } = branches(args, valueIndexes);
      return {
        type,
        fn: (v) => {
          for (let i = 0; i + 1 < v.length; i += 2) if (v[i] === true) return casts[i + 1]?.(v[i + 1]) ?? null;
          return casts[v.length - 1]?.(v[v.length - 1]) ?? null;
        },
      };
    },
  },
  coalesce: {
    minArgs: 1,
    maxArgs: 64,
    compile(args) {
      const { type, casts } = branches(
        args,
        args.map((_, i) => i),
      );
      return {
        type,
        fn: (v) => {
          for (let i = 0; i < v.length; i++) if (v[i] !== null && v[i] !== undefined && v[i] !== '') return casts[i]?.(v[i]) ?? null;
          return castValue(null, 'dynamic', type);
        },
      };
    },
  },
  max_of: minMaxOf(1),
  min_of: minMaxOf(-1),
  gettype: simple(1, 1, 'string', (v, t) => gettype(v[0], t[0])),

  // math
  bin: binSpec(),
  floor: binSpec(),
  abs: simple(1, 1, sameAsFirst, (v) => (typeof v[0] === 'number' ? Math.abs(v[0]) : null)),
  round: simple(
    1,
    2,
    (args) => (isIntegerType(typeOf(args, 0)) ? typeOf(args, 0) : 'real'),
    (v) => {
      const x = num(v[0]);
      if (x === null) return null;
      const scale = 10 ** (int(v[1]) ?? 0);
      return (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale;
    },
  ),
  ceiling: simple(1, 1, sameAsFirst, (v) => (typeof v[0] === 'number' ? Math.ceil(v[0]) : null)),
  sqrt: mathSpec(Math.sqrt),
  exp: mathSpec(Math.exp),
  log: mathSpec(Math.log),
  log10: mathSpec(Math.log10),
  log2: mathSpec(Math.log2),
  pow: simple(2, 2, 'real', (v) => {
    const base = num(v[0]);
    const exponent = num(v[1]);
    return base === null || exponent === null ? null : base ** exponent;
  }),
  sign: simple(1, 1, sameAsFirst, (v) => (typeof v[0] === 'number' ? Math.sign(v[0]) : null)),

  // dynamic
  array_length: simple(1, 1, 'long', (v, t) => arrayOf(v[0], t[0])?.length ?? null),
  set_has_element: simple(2, 2, 'bool', (v, t) => {
    const items = arrayOf(v[0], t[0]);
    if (!items) return null;
    const key = valueKey(toDynamic(v[1], t[1] ?? 'dynamic'));
    return items.some((x) => valueKey(x) === key);
  }),
  array_index_of: simple(2, 2, 'long', (v, t) => {
    const items = arrayOf(v[0], t[0]);
    if (!items) return null;
    const key = valueKey(toDynamic(v[1], t[1] ?? 'dynamic'));
    return items.findIndex((x) => valueKey(x) === key);
  }),
  array_concat: simple(1, 64, 'dynamic', (v, t) => {
    const arrays = v.map((x, i) => arrayOf(x, t[i]));
    return arrays.some((a) => a === null) ? null : arrays.flatMap((a) => a ?? []);
  }),
  array_slice: simple(3, 3, 'dynamic', (v, t) => {
    const items = arrayOf(v[0], t[0]);
    let start = int(v[1]);
    let end = int(v[2]);
    if (!items || start === null || end === null) return null;
    if (start < 0) start += items.length;
    if (end < 0) end += items.length;
    return items.slice(Math.max(0, start), Math.max(0, end + 1));
  }),
  pack: packSpec(),
  bag_pack: packSpec(),
  pack_dictionary: packSpec(),
  pack_array: simple(1, 64, 'dynamic', (v, t) => v.map((x, i) => toDynamic(x, t[i] ?? 'dynamic'))),
  bag_keys: simple(1, 1, 'dynamic', (v, t) => {
    const bag = dynamicOf(v[0], t[0]);
    return isPlainObject(bag) ? Object.keys(bag) : null;
  }),
  bag_has_key: simple(2, 2, 'bool', (v, t) => {
    const bag = dynamicOf(v[0], t[0]);
    return isPlainObject(bag) ? Object.prototype.hasOwnProperty.call(bag, str(v[1], t[1])) : null;
  }),

  // IPv4
  ipv4_is_in_range: simple(2, 2, 'bool', (v, t) => {
    const ip = parseIpv4(str(v[0], t[0]));
    const range = parseIpv4(str(v[1], t[1]));
    if (!ip || !range) return null;
    return maskAddress(ip.address, range.prefix) === maskAddress(range.address, range.prefix);
  }),
  // ipv4_is_in_any_range(ip, range, ...) or (ip, dynamic([ranges])): true when the address is in any of them.
  ipv4_is_in_any_range: simple(2, 64, 'bool', (v, t) => {
    const ip = parseIpv4(str(v[0], t[0]));
    if (!ip) return null;
    const ranges = v.slice(1).flatMap((x, i) => (t[i + 1] === 'dynamic' ? (arrayOf(x, 'dynamic') ?? []) : [x]));
    return ranges.some((r) => {
      const range = typeof r === 'string' ? parseIpv4(r) : null;
      return !!range && maskAddress(ip.address, range.prefix) === maskAddress(range.address, range.prefix);
    });
  }),
  ipv4_is_private: simple(1, 1, 'bool', (v, t) => {
    const ip = parseIpv4(str(v[0], t[0]));
    if (!ip) return null;
    return PRIVATE_RANGES.some((r) => maskAddress(ip.address, r.prefix) === maskAddress(r.address, r.prefix));
  }),
  ipv4_compare: simple(2, 3, 'int', (v, t) => compareIpv4(str(v[0], t[0]), str(v[1], t[1]), v[2])),
  ipv4_is_match: simple(2, 3, 'bool', (v, t) => {
    const result = compareIpv4(str(v[0], t[0]), str(v[1], t[1]), v[2]);
    return result === null ? null : result === 0;
  }),
  parse_ipv4: simple(1, 1, 'long', (v, t) => {
    const ip = parseIpv4(str(v[0], t[0]));
    return ip ? maskAddress(ip.address, ip.prefix) : null;
  }),
};

function convertToNumber(value: unknown, type: KqlType | undefined, integer: boolean): number | null {
  if (value === null || value === undefined) return null;
  if (type === 'datetime' && typeof value === 'number') return datetimeToDotnetTicks(value);
  if (type === 'timespan' && typeof value === 'number') return value;
  return toNumber(value, integer);
}

function toJson(value: unknown, type: KqlType | undefined): unknown {
  if (typeof value === 'string' && (type === 'string' || type === 'dynamic')) return parseJsonLoose(value);
  return toDynamic(value, type ?? 'dynamic');
}

function iffSpec(): FunctionSpec {
  return {
    minArgs: 3,
    maxArgs: 3,
    compile(args) {
      const { type, casts } = branches(args, [1, 2]);
      const [, whenTrue, whenFalse] = casts;
      return { type, fn: (v) => (v[0] === true ? (whenTrue?.(v[1]) ?? null) : (whenFalse?.(v[2]) ?? null)) };
    },
  };
}

function minMaxOf(sign: 1 | -1): FunctionSpec {
  return {
    minArgs: 2,
    maxArgs: 64,
    compile(args) {
      const { type, casts } = branches(
        args,
        args.map((_, i) => i),
      );
      return {
        type,
        fn: (v) => {
          let best: unknown = null;
          v.forEach((x, i) => {
            if (x === null || x === undefined) return;
            const value = casts[i]?.(x) ?? null;
            if (best === null || sign * compareValues(value, best) > 0) best = value;
          });
          return best;
        },
      };
    },
  };
}

function binSpec(): FunctionSpec {
  return {
    minArgs: 1,
    maxArgs: 2,
    compile(args) {
      const type = typeOf(args, 0);
      if (args.length === 1) return { type, fn: (v) => (typeof v[0] === 'number' ? Math.floor(v[0]) : null) };
      return {
        type,
        fn: (v) => {
          const value = v[0];
          const size = v[1];
          if (typeof value !== 'number' || typeof size !== 'number' || !(size > 0)) return null;
          if (type === 'datetime') return binDatetime(value, args[1]?.type === 'timespan' ? size : Math.round(size * TICKS_PER_DAY));
          return Math.floor(value / size) * size;
        },
      };
    },
  };
}

function mathSpec(f: (x: number) => number): FunctionSpec {
  return simple(1, 1, 'real', (v) => {
    const x = num(v[0]);
    return x === null ? null : f(x);
  });
}

function packSpec(): FunctionSpec {
  return {
    minArgs: 0,
    maxArgs: 128,
    compile(args) {
      if (args.length % 2 !== 0) throw semanticError('bag_pack(): expects an even number of arguments (key, value pairs)');
      return {
        type: 'dynamic',
        fn: (v) => {
          const bag: Record<string, unknown> = {};
          for (let i = 0; i + 1 < v.length; i += 2) {
            setOwn(bag, str(v[i], args[i]?.type), toDynamic(v[i + 1], args[i + 1]?.type ?? 'dynamic'));
          }
          return bag;
        },
      };
    },
  };
}

function trimSpec(start: boolean, end: boolean): FunctionSpec {
  return {
    minArgs: 2,
    maxArgs: 2,
    compile(args, context) {
      const pattern = regexArg(context, args, 0);
      return {
        type: 'string',
        fn: (v) => {
          const { source, flags } = pattern(v);
          const leading = compileRegex(`^(?:${source})`, flags);
          const trailing = compileRegex(`(?:${source})$`, flags);
          let text = str(v[1], args[1]?.type);
          // Repeated single matches rather than (?:re)+, which would nest the user's quantifiers.
          for (let guard = text.length; start && guard > 0; guard--) {
            const m = leading.exec(text);
            if (!m || m[0] === '') break;
            text = text.slice(m[0].length);
          }
          for (let guard = text.length; end && guard > 0; guard--) {
            const m = trailing.exec(text);
            if (!m || m[0] === '') break;
            text = text.slice(0, m.index);
          }
          return text;
        },
      };
    },
  };
}
