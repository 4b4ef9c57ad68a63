/**
 * Scalar types and how values are represented while a query runs:
 * - string: JS string (never null; Kusto's "null string" is the empty string)
 * - long / int / real / decimal: JS number or null
 * - bool: JS boolean or null
 * - datetime: number of 100ns ticks since DATETIME_EPOCH (see datetime.ts) or null
 * - timespan: number of 100ns ticks or null
 * - dynamic: JSON-like JS value (null, boolean, number, string, array, plain object)
 * - guid: JS string or null
 */
export type KqlType = 'string' | 'long' | 'int' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'dynamic' | 'guid';

export interface Column {
  name: string;
  type: KqlType;
  /** The table's own type name, kept while a source column passes through unchanged. */
  declared?: string;
}

export interface Table {
  columns: Column[];
  rows: unknown[][];
  /** Set when the table is a plain reference to a named table (used by union withsource). */
  name?: string;
}

const DOTNET_NAMES: Record<KqlType, string> = {
  string: 'String',
  long: 'Int64',
  int: 'Int32',
  real: 'Double',
  decimal: 'Decimal',
  bool: 'Boolean',
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  dynamic: 'Object',
  guid: 'Guid',
};

export function dotnetTypeName(column: Column): string {
  return column.declared ?? DOTNET_NAMES[column.type];
}

/** Type names accepted in datatable(...) schemas and typeof(...). */
const KQL_TYPE_NAMES: Record<string, KqlType> = {
  string: 'string',
  long: 'long',
  int64: 'long',
  int: 'int',
  int32: 'int',
  real: 'real',
  double: 'real',
  decimal: 'decimal',
  bool: 'bool',
  boolean: 'bool',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  dynamic: 'dynamic',
  guid: 'guid',
  uniqueid: 'guid',
};

export function kqlTypeFromName(name: string): KqlType | undefined {
  return Object.prototype.hasOwnProperty.call(KQL_TYPE_NAMES, name) ? KQL_TYPE_NAMES[name] : undefined;
}

/** Maps a hunting table's declared column type (.NET or Kusto spelling) to the type used while evaluating. */
export function kqlTypeFromDeclared(declared: string): KqlType {
  const lower = declared.toLowerCase().replace(/^system\./, '');
  switch (lower) {
    case 'string':
      return 'string';
    case 'int64':
    case 'long':
      return 'long';
    case 'int32':
    case 'int':
    case 'int16':
    case 'byte':
      return 'int';
    case 'double':
    case 'real':
    case 'single':
    case 'float':
      return 'real';
    case 'decimal':
      return 'decimal';
    case 'boolean':
    case 'bool':
    case 'sbyte':
      return 'bool';
    case 'datetime':
    case 'date':
      return 'datetime';
    case 'timespan':
    case 'time':
      return 'timespan';
    case 'object':
    case 'dynamic':
      return 'dynamic';
    case 'guid':
      return 'guid';
    default:
      return 'string';
  }
}

export function isNumericType(type: KqlType): boolean {
  return type === 'long' || type === 'int' || type === 'real' || type === 'decimal';
}

export function isIntegerType(type: KqlType): boolean {
  return type === 'long' || type === 'int';
}

/** The value a column of this type holds when there is no value (strings have no null in Kusto). */
export function emptyValue(type: KqlType): unknown {
  return type === 'string' ? '' : null;
}
