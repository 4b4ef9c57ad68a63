import type { HuntingTable } from '../tenant/types';
import { datetimeFromMs } from './datetime';
import { KqlError, semanticError, sizeLimitExceeded, syntaxError, syntaxErrorAt, unsupported } from './errors';
import { Evaluator } from './evaluate-tabular';
import { parse } from './parser';
import { dotnetTypeName, type Table } from './types';
import { setOwn, toOutput } from './values';

export interface KqlRunOptions {
  /** Table name -> data (names are case-sensitive, as in KQL). */
  tables: Record<string, HuntingTable>;
  /** What now() and ago() use. */
  now: Date;
  /** The runHuntingQuery timespan: rows of source tables whose Timestamp is outside it are not seen. */
  timeRange?: { from: Date; to: Date };
  /** Default 100000; a larger result fails with a 'size' KqlError. */
  maxRows?: number;
  /** Defender's file profiles for `invoke FileProfile()`: a lower-case SHA1 or SHA256 -> profile columns. */
  fileProfile?: (hash: string) => Record<string, unknown> | undefined;
}

export interface KqlResult {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
}

export const MAX_QUERY_LENGTH = 100_000;
export const DEFAULT_MAX_ROWS = 100_000;
/** Intermediate results (joins, mv-expand, union, range) may not exceed this many rows. */
const MIN_INTERMEDIATE_ROWS = 1_000_000;

function dateTicks(date: Date, what: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw semanticError(`${what} is not a valid date`);
  return datetimeFromMs(ms);
}

function toResult(table: Table): KqlResult {
  const { columns } = table;
  const results = table.rows.map((row) => {
    const out: Record<string, unknown> = {};
    columns.forEach((c, i) => setOwn(out, c.name, toOutput(row[i], c.type)));
    return out;
  });
  return { schema: columns.map((c) => ({ name: c.name, type: dotnetTypeName(c) })), results };
}

function run(query: string, options: KqlRunOptions): KqlResult {
  if (typeof query !== 'string') throw syntaxError('The query must be a string');
  if (query.length > MAX_QUERY_LENGTH) {
    throw new KqlError('syntax', `Query is too long: ${query.length} characters (the limit is ${MAX_QUERY_LENGTH})`);
  }
  const statements = parse(query);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const evaluator = new Evaluator({
    tables: options.tables,
    now: dateTicks(options.now, 'now'),
    timeRange: options.timeRange
      ? { from: dateTicks(options.timeRange.from, 'timeRange.from'), to: dateTicks(options.timeRange.to, 'timeRange.to') }
      : undefined,
    rowCap: Math.max(MIN_INTERMEDIATE_ROWS, maxRows),
    fileProfile: options.fileProfile,
  });
  let result: Table | undefined;
  for (const statement of statements) {
    if (statement.kind === 'let') {
      evaluator.bindLet(statement.name, statement.value);
    } else {
      if (result) throw unsupported('multiple tabular statements (more than one result set)', 'feature');
      result = evaluator.evalQuery(statement.expr);
    }
  }
  if (!result) throw syntaxErrorAt(query, query.length, '<EOF>');
  if (result.rows.length > maxRows) throw sizeLimitExceeded();
  return toResult(result);
}

/**
 * Runs a KQL query over in-memory hunting tables. Throws only KqlError: syntax (cannot parse), semantic
 * (unknown table/column, type errors), size (result or intermediate too large) or unsupported (outside the subset).
 */
export function runKql(query: string, options: KqlRunOptions): KqlResult {
  try {
    return run(query, options);
  } catch (error) {
    if (error instanceof KqlError) throw error;
    if (error instanceof RangeError) {
      throw new KqlError('syntax', 'A recognition error occurred in the query. The query is too complex to evaluate');
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new KqlError('semantic', `Internal error evaluating the query: ${message}`);
  }
}
