import { datetimeFromMs, formatDatetime, formatTimespan, parseDatetime, parseTimespan } from './datetime';
import type { KqlType } from './types';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets an own property even for keys like "__proto__" (plain assignment would change the prototype). */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** A structural copy of a JSON-like value, so results never alias the tenant's data. */
export function cloneDynamic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneDynamic);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(copy, key, cloneDynamic(value[key]));
    return copy;
  }
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return null;
  return value;
}

/** Converts a typed value to what it looks like inside a dynamic (datetimes and timespans become strings). */
export function toDynamic(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    default:
      return value;
  }
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/** tostring() semantics: null becomes "", dynamic strings lose their quotes, other dynamics become JSON. */
export function valueToString(value: unknown, type: KqlType): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'string':
    case 'guid':
      return String(value);
    case 'datetime':
      return formatDatetime(value as number) ?? '';
    case 'timespan':
      return formatTimespan(value as number) ?? '';
    case 'bool':
      return value ? 'true' : 'false';
    case 'dynamic':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return numberText(value);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      return jsonText(value);
    default:
      return typeof value === 'number' ? numberText(value) : String(value);
  }
}

export function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A value from a hunting table row (or a literal) converted to the runtime representation of its column type. */
export function fromExternal(value: unknown, type: KqlType): unknown {
  if (value === undefined) value = null;
  switch (type) {
    case 'string':
      if (value === null) return '';
      if (typeof value === 'string') return value;
      if (value instanceof Date) return formatDatetime(datetimeFromMs(value.getTime())) ?? '';
      return typeof value === 'object' ? jsonText(value) : String(value);
    case 'guid':
      return value === null ? null : String(value);
    case 'long':
    case 'int':
    case 'real':
    case 'decimal':
      return toNumber(value, type !== 'real' && type !== 'decimal');
    case 'bool':
      return toBool(value);
    case 'datetime':
      return toDatetime(value);
    case 'timespan':
      if (typeof value === 'number') return Number.isFinite(value) ? value : null;
      return typeof value === 'string' ? parseTimespan(value) : null;
    case 'dynamic':
      if (value instanceof Date) return formatDatetime(datetimeFromMs(value.getTime()));
      if (typeof value === 'string') {
        const trimmed = value.trimStart();
        if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJsonLoose(value);
      }
      return cloneDynamic(value);
  }
}

export function toNumber(value: unknown, integer: boolean): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return null;
    n = Number(s);
    if (Number.isNaN(n)) {
      const lower = s.toLowerCase();
      if (lower === 'nan') return integer ? null : NaN;
      if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return integer ? null : Infinity;
      if (lower === '-inf' || lower === '-infinity') return integer ? null : -Infinity;
      return null;
    }
  } else return null;
  if (Number.isNaN(n)) return integer ? null : n;
  if (integer) return Number.isFinite(n) ? Math.trunc(n) : null;
  return n;
}

export function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value !== 0;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

export function toDatetime(value: unknown): number | null {
  if (typeof value === 'string') return parseDatetime(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : datetimeFromMs(value.getTime());
  return null;
}

/** A key that makes equal values (of compatible types) equal strings: for grouping, distinct, joins and `in`. */
export function valueKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${value}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    default:
      if (value === null || value === undefined) return 'z';
      return `j${jsonText(value)}`;
  }
}

const TYPE_RANK: Record<string, number> = { boolean: 1, number: 2, string: 3, object: 4 };

/** Total order used by sort, min/max and arg_max: numbers numerically, strings ordinally, nulls first. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const ra = TYPE_RANK[typeof a] ?? 5;
  const rb = TYPE_RANK[typeof b] ?? 5;
  if (ra !== rb) return ra - rb;
  const ja = jsonText(a);
  const jb = jsonText(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** Converts a runtime value to its JSON result form. */
export function toOutput(value: unknown, type: KqlType): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    case 'dynamic':
      return cloneDynamic(value);
    default:
      return value;
  }
}

/** Casts a runtime value from one type to another (used by datatable, mv-expand `to typeof()`, typed unions). */
export function castValue(value: unknown, from: KqlType, to: KqlType): unknown {
  if (from === to) return value;
  if (value === null || value === undefined) return to === 'string' ? '' : null;
  switch (to) {
    case 'string':
      return valueToString(value, from);
    case 'guid':
      return valueToString(value, from);
    case 'dynamic':
      return toDynamic(value, from);
    case 'long':
    case 'int':
      if (from === 'datetime' || from === 'timespan') return value;
      return toNumber(value, true);
    case 'real':
    case 'decimal':
      if (from === 'datetime' || from === 'timespan') return value;
      return toNumber(value, false);
    case 'bool':
      return toBool(value);
    case 'datetime':
      if (from === 'long' || from === 'int') return null;
      return toDatetime(value);
    case 'timespan':
      if (typeof value === 'number' && (from === 'long' || from === 'int' || from === 'real')) return value;
      return typeof value === 'string' ? parseTimespan(value) : null;
  }
}
