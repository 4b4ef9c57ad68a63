import data from './schema.json';

/** A column type as Microsoft's schema pages write it. */
export type HuntingColumnType = 'string' | 'datetime' | 'long' | 'int' | 'bool' | 'boolean' | 'dynamic' | 'real' | 'double' | 'guid' | 'timespan';

export interface HuntingColumn {
  name: string;
  type: HuntingColumnType;
}

export interface HuntingTableSchema {
  name: string;
  /** The learn.microsoft.com page the columns come from. */
  doc: string;
  columns: HuntingColumn[];
  /** Columns the page describes as JSON but types as string: text until parse_json(). */
  jsonInString: string[];
}

export interface HuntingFunctionSchema {
  name: string;
  doc: string;
  parameters: { name: string; type: HuntingColumnType; default?: string; columnNames?: string[] }[];
  /** The columns the function returns (or adds to its input, for an enrichment function). */
  columns: HuntingColumn[];
}

interface RawTable {
  doc: string;
  columns: string[][];
  jsonInString?: string[];
}

interface RawFunction {
  doc: string;
  parameters: { name: string; type: string; default?: string; columnNames?: string[] }[];
  columns: string[][];
}

const columns = (raw: string[][]): HuntingColumn[] => raw.map(([name, type]) => ({ name: name!, type: type as HuntingColumnType }));

/** Microsoft's advanced hunting tables transcribed in schema.json, by name. */
export const HUNTING_TABLES: Readonly<Record<string, HuntingTableSchema>> = Object.fromEntries(
  Object.entries(data.tables as Record<string, RawTable>).map(([name, t]) => [
    name,
    { name, doc: t.doc, columns: columns(t.columns), jsonInString: t.jsonInString ?? [] },
  ]),
);

/** Defender's own hunting functions (not Kusto built-ins): FileProfile(), DeviceFromIP(). */
export const HUNTING_FUNCTIONS: Readonly<Record<string, HuntingFunctionSchema>> = Object.fromEntries(
  Object.entries(data.functions as Record<string, RawFunction>).map(([name, f]) => [
    name,
    { name, doc: f.doc, parameters: f.parameters.map((p) => ({ ...p, type: p.type as HuntingColumnType })), columns: columns(f.columns) },
  ]),
);

/** Documented tables whose columns are not transcribed: known by name only. */
export const OTHER_HUNTING_TABLES: readonly string[] = data.otherTables.names;

export function huntingTable(name: string): HuntingTableSchema {
  const table = HUNTING_TABLES[name];
  if (!table) throw new Error(`the hunting schema has no table ${name}`);
  return table;
}

/** The .NET type name runHuntingQuery reports in its result schema for a column of this Kusto type. */
export function dotnetTypeOf(type: HuntingColumnType): string {
  switch (type) {
    case 'string':
      return 'String';
    case 'datetime':
      return 'DateTime';
    case 'long':
      return 'Int64';
    case 'int':
      return 'Int32';
    case 'bool':
    case 'boolean':
      return 'Boolean';
    case 'dynamic':
      return 'Object';
    case 'real':
    case 'double':
      return 'Double';
    case 'guid':
      return 'Guid';
    case 'timespan':
      return 'TimeSpan';
  }
}
