import { dotnetTypeOf, huntingTable, type HuntingColumnType } from '../../../src/defender/hunting-schema';
import type { HuntingTable, TableRow } from '../types';

/** The tables the demo tenant serves; their columns and types are Microsoft's (src/defender/hunting-schema). */
const SERVED = [
  'AlertInfo',
  'AlertEvidence',
  'DeviceInfo',
  'DeviceNetworkInfo',
  'DeviceNetworkEvents',
  'DeviceFileEvents',
  'EmailEvents',
  'EmailUrlInfo',
  'EmailAttachmentInfo',
  'EmailPostDeliveryEvents',
  'IdentityLogonEvents',
] as const;

export type TableName = (typeof SERVED)[number];

interface ServedColumn {
  name: string;
  /** The .NET type name runHuntingQuery reports ("DateTime", "String", "Int64", "Int32", "Boolean", "Object"). */
  type: string;
  kusto: HuntingColumnType;
}

/** Column lists per Microsoft's advanced-hunting schema, with the type names runHuntingQuery reports. */
export const TABLE_COLUMNS: Record<TableName, { name: string; type: string }[]> = Object.fromEntries(
  SERVED.map((name) => [name, huntingTable(name).columns.map((c) => ({ name: c.name, type: dotnetTypeOf(c.type) }))]),
) as Record<TableName, { name: string; type: string }[]>;

const SERVED_COLUMNS: Record<TableName, ServedColumn[]> = Object.fromEntries(
  SERVED.map((name) => [name, huntingTable(name).columns.map((c) => ({ name: c.name, type: dotnetTypeOf(c.type), kusto: c.type }))]),
) as Record<TableName, ServedColumn[]>;

function fits(type: HuntingColumnType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'long':
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'real':
    case 'double':
      return typeof value === 'number';
    case 'bool':
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/**
 * Builds a row with exactly the table's columns: unknown keys and values of the wrong type throw (a JSON array in a
 * `string` column must be JSON text, as Defender stores it), missing string columns become "" and others null, as
 * hunting results return them.
 */
export function row(table: TableName, values: TableRow): TableRow {
  const columns = SERVED_COLUMNS[table];
  const known = new Map(columns.map((c) => [c.name, c]));
  for (const [key, value] of Object.entries(values)) {
    const column = known.get(key);
    if (!column) throw new Error(`demo tenant: ${table} has no column ${key}`);
    if (value !== undefined && value !== null && !fits(column.kusto, value)) {
      throw new Error(`demo tenant: ${table}.${key} is ${column.kusto} in Microsoft's schema, not ${Array.isArray(value) ? 'an array' : typeof value}`);
    }
  }
  const out: TableRow = {};
  for (const c of columns) {
    const value = values[c.name];
    out[c.name] = value === undefined || value === null ? (c.kusto === 'string' ? '' : null) : value;
  }
  return out;
}

/** A table with its rows sorted by Timestamp, oldest first. */
export function table(name: TableName, rows: TableRow[]): HuntingTable {
  const sorted = [...rows].sort((a, b) => Date.parse(String(a['Timestamp'])) - Date.parse(String(b['Timestamp'])));
  return { columns: TABLE_COLUMNS[name].map((c) => ({ ...c })), rows: sorted };
}
