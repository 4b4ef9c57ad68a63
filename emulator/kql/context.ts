import type { CallExpr, Expr } from './ast';
import type { Column, KqlType, Table } from './types';

export type LetBinding = { kind: 'scalar'; type: KqlType; value: unknown } | { kind: 'tabular'; table: Table };

/** What the scalar compiler needs from the tabular evaluator (kept as an interface to avoid an import cycle). */
export interface Env {
  /** now() in datetime ticks, fixed for the whole query. */
  now: number;
  lets: Map<string, LetBinding>;
  isTabular(expr: Expr): boolean;
  evalTabular(expr: Expr): Table;
}

/** A scalar expression compiled against a row layout. */
export interface Compiled {
  type: KqlType;
  /** The source table's type name, kept while a column passes through unchanged. */
  declared?: string;
  /** True when the value does not depend on the row; `value` then holds it. */
  constant: boolean;
  value?: unknown;
  eval(row: unknown[]): unknown;
}

/** Receives aggregation calls met inside summarize expressions such as `summarize Ratio = countif(x) * 1.0 / count()`. */
export interface AggregateSink {
  register(call: CallExpr): Compiled;
}

export interface Scope {
  columns: Column[];
  index: Map<string, number>;
  env: Env;
  /** Operator name used in error messages ("'where' operator: ..."). */
  operator?: string;
  aggregates?: AggregateSink;
  searchCaseSensitive?: boolean;
  /** When a search spans several tables, `Column:"term"` is simply false for tables without that column. */
  searchMissingColumnsMatchNothing?: boolean;
}

export function makeScope(columns: Column[], env: Env, operator?: string): Scope {
  const index = new Map<string, number>();
  columns.forEach((column, i) => index.set(column.name, i));
  // A copy: extend and mv-expand keep growing their column list after compiling against it.
  const scope: Scope = { columns: [...columns], index, env };
  if (operator !== undefined) scope.operator = operator;
  return scope;
}

export function constant(type: KqlType, value: unknown): Compiled {
  return { type, constant: true, value, eval: () => value };
}
