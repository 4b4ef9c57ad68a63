import { HUNTING_FUNCTIONS } from '../../src/defender/hunting-schema';
import type { HuntingTable } from '../tenant/types';
import { buildAggregate, isAggregateName, type AggregateInstance, type AggregateState } from './aggregates';
import type { ColumnAssignment, Expr, Operator, SearchSpec, SortKey, UnionSpec } from './ast';
import { makeScope, type Compiled, type Env, type LetBinding, type Scope } from './context';
import { semanticError, sizeLimitExceeded, unresolvedColumn, unresolvedTable } from './errors';
import { compileExpr, evaluateConstant, expressionName, TABULAR_KINDS } from './evaluate-scalar';
import { GroupIndex } from './group-index';
import { joinTables } from './join';
import { dotnetTypeName, emptyValue, kqlTypeFromDeclared, type Column, type KqlType, type Table } from './types';
import { castValue, compareValues, fromExternal, hasOwn, isPlainObject, toDynamic } from './values';

export interface EvaluatorOptions {
  tables: Record<string, HuntingTable>;
  /** now() in datetime ticks. */
  now: number;
  /** Inclusive bounds (datetime ticks) on source tables' Timestamp column. */
  timeRange?: { from: number; to: number };
  /** Operators producing more intermediate rows than this fail with a size error (protects memory). */
  rowCap: number;
  /** Defender's file profiles, for `invoke FileProfile()`: a SHA1 or SHA256 -> the profile's columns. */
  fileProfile?: (hash: string) => Record<string, unknown> | undefined;
}

/** The columns `invoke FileProfile()` adds, with their types (Microsoft's FileProfile function). */
const FILE_PROFILE_COLUMNS: Column[] = HUNTING_FUNCTIONS.FileProfile!.columns.map((c) => ({ name: c.name, type: kqlTypeFromDeclared(c.type) }));

function columnOf(name: string, compiled: Pick<Compiled, 'type' | 'declared'>): Column {
  const column: Column = { name, type: compiled.type };
  if (compiled.declared !== undefined) column.declared = compiled.declared;
  return column;
}

export function uniqueName(name: string, used: Set<string>): string {
  if (!used.has(name)) return name;
  for (let i = 1; ; i++) if (!used.has(`${name}${i}`)) return `${name}${i}`;
}

function nextColumnName(used: Set<string>): string {
  for (let i = 1; ; i++) if (!used.has(`Column${i}`)) return `Column${i}`;
}

/** Matches names against a pattern where `*` stands for any run of characters (no regex, so no backtracking blowups). */
export function wildcardMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!name.startsWith(first) || !name.endsWith(last) || name.length < first.length + last.length) return false;
  let at = first.length;
  const limit = name.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0 || found + part.length > limit) return false;
    at = found + part.length;
  }
  return true;
}

function requireBoolean(compiled: Compiled, operator: string): void {
  if (compiled.type !== 'bool' && compiled.type !== 'dynamic') {
    throw semanticError(`'${operator}' operator: the predicate must be a boolean expression, but is of type ${compiled.type}`);
  }
}

export class Evaluator implements Env {
  readonly now: number;
  readonly lets = new Map<string, LetBinding>();
  private readonly sources = new Map<string, Table>();

  constructor(private readonly options: EvaluatorOptions) {
    this.now = options.now;
  }

  checkSize(rows: number): void {
    if (rows > this.options.rowCap) throw sizeLimitExceeded();
  }

  private hasTable(name: string): boolean {
    return hasOwn(this.options.tables, name);
  }

  isTabular(expr: Expr): boolean {
    if (TABULAR_KINDS.has(expr.kind)) return true;
    if (expr.kind === 'paren') return this.isTabular(expr.inner);
    if (expr.kind === 'name') {
      const binding = this.lets.get(expr.name);
      if (binding) return binding.kind === 'tabular';
      return this.hasTable(expr.name);
    }
    if (expr.kind === 'call') return expr.name === 'materialize' || expr.name === 'table';
    return false;
  }

  bindLet(name: string, value: Expr): void {
    if (this.isTabular(value)) {
      this.lets.set(name, { kind: 'tabular', table: this.evalTabular(value) });
      return;
    }
    if (value.kind === 'name' && !this.lets.has(value.name)) throw unresolvedTable(value.name);
    const { type, value: constantValue } = evaluateConstant(value, makeScope([], this), `The value of '${name}'`);
    this.lets.set(name, { kind: 'scalar', type, value: constantValue });
  }

  evalQuery(expr: Expr): Table {
    if (!this.isTabular(expr)) {
      if (expr.kind === 'name') throw unresolvedTable(expr.name);
      throw semanticError('The query must end with a tabular expression');
    }
    return this.evalTabular(expr);
  }

  evalTabular(expr: Expr): Table {
    switch (expr.kind) {
      case 'pipe': {
        let table = this.evalTabular(expr.source);
        for (const operator of expr.operators) table = this.applyOperator(table, operator);
        return table;
      }
      case 'paren':
        return this.evalTabular(expr.inner);
      case 'name':
        return this.resolveTable(expr.name);
      case 'union':
        return this.evalUnion(expr, undefined);
      case 'datatable':
        return this.evalDatatable(expr.columns, expr.values);
      case 'print':
        return this.evalPrint(expr.columns);
      case 'search':
        return this.evalSearchSource(expr, expr.tables);
      case 'range':
        return this.evalRange(expr.column, expr.from, expr.to, expr.step);
      case 'call': {
        const [arg] = expr.args;
        if (expr.name === 'materialize' && arg && expr.args.length === 1) return this.evalTabular(arg);
        if (expr.name === 'table' && arg && expr.args.length === 1) {
          const name = evaluateConstant(arg, makeScope([], this), 'table(): the table name');
          if (typeof name.value !== 'string') throw semanticError('table(): expects a table name');
          return this.resolveTable(name.value);
        }
        throw semanticError(`'${expr.name}()' is not a tabular expression`);
      }
      default:
        throw semanticError('A scalar expression cannot be used where a table is expected');
    }
  }

  private resolveTable(name: string): Table {
    const binding = this.lets.get(name);
    if (binding?.kind === 'tabular') return { ...binding.table, name };
    if (!binding && this.hasTable(name)) return this.loadSource(name);
    throw unresolvedTable(name);
  }

  /** Converts a hunting table to runtime values once per query and applies the request's time range. */
  private loadSource(name: string): Table {
    const cached = this.sources.get(name);
    if (cached) return cached;
    const raw = this.options.tables[name];
    if (!raw) throw unresolvedTable(name);
    const columns: Column[] = raw.columns.map((c) => ({ name: c.name, type: kqlTypeFromDeclared(c.type), declared: c.type }));
    let rows = raw.rows.map((row) => columns.map((c) => fromExternal(hasOwn(row, c.name) ? row[c.name] : null, c.type)));
    const range = this.options.timeRange;
    const timestamp = columns.findIndex((c) => c.name === 'Timestamp' && c.type === 'datetime');
    if (range && timestamp >= 0) {
      rows = rows.filter((row) => {
        const ts = row[timestamp];
        return typeof ts === 'number' && ts >= range.from && ts <= range.to;
      });
    }
    const table: Table = { columns, rows, name };
    this.sources.set(name, table);
    return table;
  }

  private tableNamesMatching(pattern: string): string[] {
    return Object.keys(this.options.tables).filter((name) => wildcardMatch(pattern, name));
  }

  // ---- sources ----

  private evalUnion(spec: UnionSpec, input: Table | undefined): Table {
    const parts: { table: Table; source: string }[] = [];
    if (input) parts.push({ table: input, source: input.name ?? 'union_arg0' });
    const offset = input ? 1 : 0;
    spec.args.forEach((arg, i) => {
      if (arg.expr) {
        parts.push({ table: this.evalTabular(arg.expr), source: `union_arg${i + offset}` });
        return;
      }
      const name = arg.name ?? '';
      if (name.includes('*')) {
        const names = this.tableNamesMatching(name);
        if (names.length === 0 && !spec.isFuzzy) throw unresolvedTable(name);
        for (const n of names) parts.push({ table: this.loadSource(n), source: n });
        return;
      }
      if (spec.isFuzzy && !this.isTabular({ kind: 'name', name, quoted: true, start: arg.start })) return;
      parts.push({ table: this.resolveTable(name), source: name });
    });
    if (parts.length === 0) throw semanticError('union: none of the tables could be resolved');
    return this.unionTables(parts, spec.unionKind, spec.withSource);
  }

  unionTables(parts: { table: Table; source: string }[], kind: 'inner' | 'outer', withSource: string | undefined): Table {
    const typesByName = new Map<string, KqlType[]>();
    const pairs: { name: string; type: KqlType }[] = [];
    for (const { table } of parts) {
      for (const column of table.columns) {
        const types = typesByName.get(column.name) ?? [];
        if (!types.includes(column.type)) {
          types.push(column.type);
          pairs.push({ name: column.name, type: column.type });
        }
        typesByName.set(column.name, types);
      }
    }
    const kept = kind === 'outer' ? pairs : pairs.filter((p) => parts.every(({ table }) => table.columns.some((c) => c.name === p.name && c.type === p.type)));
    const used = new Set<string>(withSource !== undefined ? [withSource] : []);
    const columns: Column[] = withSource !== undefined ? [{ name: withSource, type: 'string' }] : [];
    const dataColumns = kept.map((pair) => {
      const multiple = (typesByName.get(pair.name)?.length ?? 0) > 1;
      const name = uniqueName(multiple ? `${pair.name}_${pair.type}` : pair.name, used);
      used.add(name);
      const declared = new Set(
        parts.flatMap(({ table }) => table.columns.filter((c) => c.name === pair.name && c.type === pair.type).map((c) => c.declared ?? '')),
      );
      const column: Column = { name, type: pair.type };
      const [onlyDeclared] = [...declared];
      if (declared.size === 1 && onlyDeclared) column.declared = onlyDeclared;
      return { column, pair };
    });
    columns.push(...dataColumns.map((d) => d.column));
    const rows: unknown[][] = [];
    for (const { table, source } of parts) {
      const mapping = dataColumns.map(({ pair }) => table.columns.findIndex((c) => c.name === pair.name && c.type === pair.type));
      const fill = dataColumns.map(({ column }) => emptyValue(column.type));
      this.checkSize(rows.length + table.rows.length);
      for (const row of table.rows) {
        const out: unknown[] = withSource !== undefined ? [source] : [];
        mapping.forEach((index, i) => out.push(index >= 0 ? row[index] : fill[i]));
        rows.push(out);
      }
    }
    return { columns, rows };
  }

  private evalDatatable(columnSpecs: { name: string; type: KqlType }[], values: Expr[]): Table {
    const scope = makeScope([], this, 'datatable');
    const columns: Column[] = columnSpecs.map((c) => ({ name: c.name, type: c.type }));
    if (new Set(columns.map((c) => c.name)).size !== columns.length) throw semanticError('datatable: column names must be unique');
    if (values.length % columns.length !== 0) {
      throw semanticError(`datatable: expected a multiple of ${columns.length} values, got ${values.length}`);
    }
    const rows: unknown[][] = [];
    for (let i = 0; i < values.length; i += columns.length) {
      rows.push(
        columns.map((column, j) => {
          const cell = evaluateConstant(values[i + j]!, scope, 'A datatable value');
          return castValue(cell.value, cell.type, column.type);
        }),
      );
    }
    return { columns, rows };
  }

  private evalPrint(items: ColumnAssignment[]): Table {
    const scope = makeScope([], this, 'print');
    const used = new Set<string>();
    const columns: Column[] = [];
    const row: unknown[] = [];
    items.forEach((item, i) => {
      const compiled = compileExpr(item.expr, scope);
      const name = uniqueName(item.name ?? expressionName(item.expr) ?? `print_${i}`, used);
      used.add(name);
      columns.push(columnOf(name, compiled));
      row.push(compiled.eval([]));
    });
    return { columns, rows: [row] };
  }

  private evalRange(column: string, fromExpr: Expr, toExpr: Expr, stepExpr: Expr): Table {
    const scope = makeScope([], this, 'range');
    const from = evaluateConstant(fromExpr, scope, 'range: the start');
    const to = evaluateConstant(toExpr, scope, 'range: the end');
    const step = evaluateConstant(stepExpr, scope, 'range: the step');
    if (typeof from.value !== 'number' || typeof to.value !== 'number' || typeof step.value !== 'number' || step.value === 0) {
      throw semanticError('range: start, end and step must be non-null numbers, datetimes or timespans, and step must not be 0');
    }
    const count = Math.floor((to.value - from.value) / step.value) + 1;
    const total = Number.isFinite(count) && count > 0 ? count : 0;
    this.checkSize(total);
    const rows: unknown[][] = [];
    for (let i = 0; i < total; i++) rows.push([from.value + i * step.value]);
    return { columns: [{ name: column, type: from.type }], rows };
  }

  private evalSearchSource(spec: SearchSpec, tables: string[] | undefined): Table {
    const names = tables
      ? tables.flatMap((pattern) => (pattern.includes('*') ? this.tableNamesMatching(pattern) : [pattern]))
      : Object.keys(this.options.tables);
    const parts = names.map((name) => ({ table: this.search(this.resolveTable(name), spec, names.length > 1), source: name }));
    if (parts.length === 0) return { columns: [{ name: '$table', type: 'string' }], rows: [] };
    return this.unionTables(parts, 'outer', '$table');
  }

  // ---- operators ----

  private applyOperator(table: Table, operator: Operator): Table {
    switch (operator.op) {
      case 'where':
        return this.where(table, operator.predicate);
      case 'project':
        return this.project(table, operator.columns);
      case 'extend':
      case 'serialize':
        return this.extend(table, operator.columns, operator.op);
      case 'project-away':
      case 'project-keep':
        return this.projectAwayOrKeep(table, operator.patterns, operator.op);
      case 'project-rename':
        return this.projectRename(table, operator.renames);
      case 'project-reorder':
        return this.projectReorder(table, operator.patterns);
      case 'summarize':
        return this.summarize(table, operator.aggregates, operator.by);
      case 'take':
        return { columns: table.columns, rows: table.rows.slice(0, this.rowCount(operator.count, 'take')) };
      case 'top': {
        const count = this.rowCount(operator.count, 'top');
        return { columns: table.columns, rows: this.sortRows(table, operator.keys, 'top').slice(0, count) };
      }
      case 'sort':
        return { columns: table.columns, rows: this.sortRows(table, operator.keys, 'sort') };
      case 'distinct':
        return this.distinct(table, operator.columns);
      case 'count':
        return { columns: [{ name: 'Count', type: 'long' }], rows: [[table.rows.length]] };
      case 'getschema':
        return {
          columns: [
            { name: 'ColumnName', type: 'string' },
            { name: 'ColumnOrdinal', type: 'int' },
            { name: 'DataType', type: 'string' },
            { name: 'ColumnType', type: 'string' },
          ],
          rows: table.columns.map((c, i) => [c.name, i, `System.${dotnetTypeName({ name: c.name, type: c.type })}`, c.type]),
        };
      case 'render':
        return table;
      case 'join':
        return joinTables(table, this.evalTabular(operator.right), operator, (rows) => this.checkSize(rows));
      case 'mv-expand':
        return this.mvExpand(table, operator);
      case 'search':
        return this.search(table, operator.search);
      case 'invoke':
        return this.fileProfile(table, operator);
      case 'union':
        return this.evalUnion(operator.union, table);
    }
  }

  /** `invoke FileProfile(HashColumn, MaxRecords)`: adds Defender's file profile to each row (up to 1000 rows). */
  private fileProfile(table: Table, operator: Extract<Operator, { op: 'invoke' }>): Table {
    const [hashArg, maxArg] = operator.args;
    // The page documents x as the file ID column, quoted in its example (FileProfile("SHA1", 500)); written bare, it
    // is the column name too. Without it, SHA1.
    const named = hashArg?.kind === 'name' ? hashArg.name : hashArg?.kind === 'literal' && hashArg.type === 'string' ? String(hashArg.value) : undefined;
    if (hashArg && named === undefined)
      throw semanticError('FileProfile(): the first argument must name the hash column (SHA1, SHA256, InitiatingProcessSHA1 or InitiatingProcessSHA256)');
    const hashColumn = named ?? 'SHA1';
    const index = table.columns.findIndex((c) => c.name === hashColumn);
    if (index < 0) throw semanticError(`'invoke' operator: Failed to resolve scalar expression named '${hashColumn}'`);
    const max = maxArg ? this.rowCount(maxArg, 'invoke') : 1000;
    const added = FILE_PROFILE_COLUMNS.filter((c) => !table.columns.some((t) => t.name === c.name));
    const rows = table.rows.slice(0, Math.min(max, 1000)).map((row) => {
      const hash = String(row[index] ?? '').toLowerCase();
      const profile = hash ? this.options.fileProfile?.(hash) : undefined;
      const extra = added.map((c) =>
        c.name === 'ProfileAvailability' ? (profile ? 'Available' : 'NotAvailable') : fromExternal(profile?.[c.name] ?? null, c.type),
      );
      return [...row, ...extra];
    });
    return { columns: [...table.columns, ...added], rows };
  }

  private where(table: Table, predicateExpr: Expr): Table {
    const predicate = compileExpr(predicateExpr, makeScope(table.columns, this, 'where'));
    requireBoolean(predicate, 'where');
    if (predicate.constant) return { columns: table.columns, rows: predicate.value === true ? table.rows : [] };
    return { columns: table.columns, rows: table.rows.filter((row) => predicate.eval(row) === true) };
  }

  private search(table: Table, spec: SearchSpec, acrossTables = false): Table {
    const scope: Scope = { ...makeScope(table.columns, this, 'search'), searchCaseSensitive: spec.caseSensitive };
    if (acrossTables) scope.searchMissingColumnsMatchNothing = true;
    const predicate = compileExpr(spec.predicate, scope);
    requireBoolean(predicate, 'search');
    return { columns: table.columns, rows: table.rows.filter((row) => predicate.eval(row) === true) };
  }

  private project(table: Table, items: ColumnAssignment[], operator = 'project'): Table {
    const scope = makeScope(table.columns, this, operator);
    const used = new Set<string>();
    const compiled = items.map((item) => compileExpr(item.expr, scope));
    const columns = items.map((item, i) => {
      const name = item.name ?? expressionName(item.expr) ?? nextColumnName(used);
      if (used.has(name)) throw semanticError(`'${operator}' operator: the column '${name}' is specified more than once`);
      used.add(name);
      return columnOf(name, compiled[i]!);
    });
    const rows = table.rows.map((row) => compiled.map((c) => c.eval(row)));
    return { columns, rows };
  }

  private extend(table: Table, items: ColumnAssignment[], operator: string): Table {
    const columns = [...table.columns];
    const steps: { index: number; compiled: Compiled }[] = [];
    for (const item of items) {
      const compiled = compileExpr(item.expr, makeScope(columns, this, operator));
      const name = item.name ?? expressionName(item.expr) ?? nextColumnName(new Set(columns.map((c) => c.name)));
      let index = columns.findIndex((c) => c.name === name);
      if (index < 0) index = columns.length;
      columns[index] = columnOf(name, compiled);
      steps.push({ index, compiled });
    }
    if (steps.length === 0) return table;
    const rows = table.rows.map((row) => {
      const out = row.slice();
      for (const step of steps) out[step.index] = step.compiled.eval(out);
      return out;
    });
    return { columns, rows };
  }

  private resolvePatterns(table: Table, patterns: { pattern: string }[], operator: string): number[][] {
    return patterns.map(({ pattern }) => {
      const matches = table.columns.flatMap((c, i) => (wildcardMatch(pattern, c.name) ? [i] : []));
      if (matches.length === 0 && !pattern.includes('*')) throw unresolvedColumn(operator, pattern);
      return matches;
    });
  }

  private selectColumns(table: Table, indexes: number[]): Table {
    return {
      columns: indexes.map((i) => table.columns[i]!),
      rows: table.rows.map((row) => indexes.map((i) => row[i])),
    };
  }

  private projectAwayOrKeep(table: Table, patterns: { pattern: string }[], operator: 'project-away' | 'project-keep'): Table {
    const matched = new Set(this.resolvePatterns(table, patterns, operator).flat());
    const indexes = table.columns.map((_, i) => i).filter((i) => matched.has(i) === (operator === 'project-keep'));
    return this.selectColumns(table, indexes);
  }

  private projectRename(table: Table, renames: { newName: string; oldName: string }[]): Table {
    const columns = [...table.columns];
    for (const { newName, oldName } of renames) {
      const index = columns.findIndex((c) => c.name === oldName);
      if (index < 0) throw unresolvedColumn('project-rename', oldName);
      if (columns.some((c, i) => i !== index && c.name === newName)) {
        throw semanticError(`'project-rename' operator: a column named '${newName}' already exists`);
      }
      columns[index] = { ...columns[index]!, name: newName };
    }
    return { columns, rows: table.rows };
  }

  private projectReorder(table: Table, patterns: { pattern: string }[]): Table {
    const order: number[] = [];
    for (const matches of this.resolvePatterns(table, patterns, 'project-reorder')) {
      for (const i of matches) if (!order.includes(i)) order.push(i);
    }
    table.columns.forEach((_, i) => {
      if (!order.includes(i)) order.push(i);
    });
    return this.selectColumns(table, order);
  }

  private rowCount(expr: Expr, operator: string): number {
    const { value } = evaluateConstant(expr, makeScope([], this, operator), `'${operator}' operator: the number of rows`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw semanticError(`'${operator}' operator: the number of rows must be a non-negative number`);
    }
    return Math.floor(value);
  }

  private sortRows(table: Table, keys: SortKey[], operator: string): unknown[][] {
    const scope = makeScope(table.columns, this, operator);
    const compiled = keys.map((key) => ({ key, value: compileExpr(key.expr, scope) }));
    const decorated = table.rows.map((row) => ({ row, values: compiled.map((c) => c.value.eval(row)) }));
    decorated.sort((a, b) => {
      for (let i = 0; i < compiled.length; i++) {
        const { key } = compiled[i]!;
        const x = a.values[i];
        const y = b.values[i];
        const xNull = x === null || x === undefined;
        const yNull = y === null || y === undefined;
        if (xNull || yNull) {
          if (xNull && yNull) continue;
          return xNull === key.nullsFirst ? -1 : 1;
        }
        const c = compareValues(x, y);
        if (c !== 0) return key.descending ? -c : c;
      }
      return 0;
    });
    return decorated.map((d) => d.row);
  }

  private distinct(table: Table, items: ColumnAssignment[] | '*'): Table {
    let projected = table;
    if (items !== '*') projected = this.project(table, items, 'distinct');
    const seen = new GroupIndex<true>();
    const rows = projected.rows.filter((row) => seen.lookup(row, () => true).created);
    return { columns: projected.columns, rows };
  }

  private summarize(table: Table, aggregates: ColumnAssignment[], by: ColumnAssignment[]): Table {
    const scope = makeScope(table.columns, this, 'summarize');
    const used = new Set<string>();
    const groupBy = by.map((item) => {
      const compiled = compileExpr(item.expr, scope);
      const name = uniqueName(item.name ?? groupName(item.expr) ?? nextColumnName(used), used);
      used.add(name);
      return { compiled, column: columnOf(name, compiled) };
    });
    const byNames = new Set(groupBy.map((g) => g.column.name));
    const outputs = aggregates.map((item) => this.summarizeOutput(item, scope, byNames, used));
    const instances = outputs.flatMap((o) => o.instances);

    type Group = { keys: unknown[]; states: AggregateState[] };
    const groups: Group[] = [];
    const index = new GroupIndex<Group>();
    const newGroup = (keys: unknown[]): Group => {
      const group = { keys, states: instances.map((instance) => instance.create()) };
      groups.push(group);
      return group;
    };
    const single = groupBy.length === 0 ? newGroup([]) : undefined;
    for (const row of table.rows) {
      let group = single;
      if (!group) {
        const keys = groupBy.map((g) => g.compiled.eval(row));
        group = index.lookup(keys, () => newGroup(keys)).entry;
      }
      for (const state of group.states) state.add(row);
    }

    const rows: unknown[][] = [];
    for (const group of groups) {
      const results = group.states.map((state) => state.results());
      const row = [...group.keys];
      let offset = 0;
      for (const output of outputs) {
        row.push(...output.finish(results.slice(offset, offset + output.instances.length)));
        offset += output.instances.length;
      }
      rows.push(row);
    }
    return { columns: [...groupBy.map((g) => g.column), ...outputs.flatMap((o) => o.columns)], rows };
  }

  private summarizeOutput(
    item: ColumnAssignment,
    scope: Scope,
    byNames: Set<string>,
    used: Set<string>,
  ): { columns: Column[]; instances: AggregateInstance[]; finish(results: unknown[][]): unknown[] } {
    let expr = item.expr;
    while (expr.kind === 'paren') expr = expr.inner;
    const claim = (name: string) => {
      const unique = uniqueName(name, used);
      used.add(unique);
      return unique;
    };
    if (expr.kind === 'call' && isAggregateName(expr.name)) {
      const instance = buildAggregate(expr, scope, compileExpr, byNames);
      const columns = instance.outputs.map((o, i) => ({ ...o, name: claim(i === 0 && item.name !== undefined ? item.name : o.name) }));
      return { columns, instances: [instance], finish: (results) => results[0] ?? [] };
    }
    const instances: AggregateInstance[] = [];
    const postScope: Scope = {
      ...makeScope([], this, 'summarize'),
      aggregates: {
        register: (call) => {
          const instance = buildAggregate(call, scope, compileExpr, byNames);
          const [out] = instance.outputs;
          if (!out || instance.outputs.length !== 1) throw semanticError(`'summarize' operator: ${call.name}() cannot be used inside an expression`);
          const slot = instances.length;
          instances.push(instance);
          return { type: out.type, constant: false, eval: (slots) => slots[slot] };
        },
      },
    };
    const post = compileExpr(expr, postScope);
    if (instances.length === 0) throw semanticError("'summarize' operator: each aggregate expression must call an aggregation function");
    const column = columnOf(claim(item.name ?? nextColumnName(used)), { type: post.type });
    return { columns: [column], instances, finish: (results) => [post.eval(results.map((r) => r[0]))] };
  }

  private mvExpand(table: Table, operator: Extract<Operator, { op: 'mv-expand' }>): Table {
    const scope = makeScope(table.columns, this, 'mv-expand');
    const columns = [...table.columns];
    const items = operator.items.map((item) => {
      const compiled = compileExpr(item.expr, scope);
      // Kusto expands dynamic values only: a string column holding JSON text needs parse_json() first.
      if (compiled.type !== 'dynamic')
        throw semanticError(`'mv-expand' operator: The expression must have the type dynamic (it is ${compiled.type}); use parse_json() on JSON text`);
      const name = item.name ?? expressionName(item.expr) ?? nextColumnName(new Set(columns.map((c) => c.name)));
      let index = columns.findIndex((c) => c.name === name);
      if (index < 0) index = columns.length;
      const type: KqlType = item.toType ?? 'dynamic';
      columns[index] = { name, type };
      return { compiled, index, type };
    });
    let itemIndex = -1;
    if (operator.itemIndex !== undefined) {
      itemIndex = columns.length;
      columns.push({ name: uniqueName(operator.itemIndex, new Set(columns.map((c) => c.name))), type: 'long' });
    }
    const limit = operator.limit ? this.rowCount(operator.limit, 'mv-expand') : Number.MAX_SAFE_INTEGER;
    const bagAsArray = operator.bagExpansion === 'array';
    const rows: unknown[][] = [];
    for (const row of table.rows) {
      const expansions = items.map((item) => expansionOf(item.compiled.eval(row), item.compiled.type, bagAsArray));
      const count = Math.min(limit, Math.max(0, ...expansions.map((e) => e.length)));
      this.checkSize(rows.length + count);
      for (let j = 0; j < count; j++) {
        const out = row.slice();
        items.forEach((item, i) => {
          const element = expansions[i]![j];
          out[item.index] = castValue(element === undefined ? null : element, 'dynamic', item.type);
        });
        if (itemIndex >= 0) out[itemIndex] = j;
        rows.push(out);
      }
    }
    return { columns, rows };
  }
}

/** summarize names `by bin(Timestamp, 1h)` after the column, like Kusto. */
function groupName(expr: Expr): string | undefined {
  const simple = expressionName(expr);
  if (simple !== undefined) return simple;
  if (expr.kind === 'call' && (expr.name === 'bin' || expr.name === 'floor' || expr.name === 'bin_at') && expr.args[0]) {
    return expressionName(expr.args[0]);
  }
  return undefined;
}

function expansionOf(value: unknown, type: KqlType, bagAsArray: boolean): unknown[] {
  const dynamic = type === 'dynamic' ? value : toDynamic(value, type);
  if (Array.isArray(dynamic)) return dynamic;
  if (isPlainObject(dynamic)) {
    return Object.keys(dynamic).map((key) => {
      if (bagAsArray) return [key, dynamic[key]];
      const single: Record<string, unknown> = {};
      Object.defineProperty(single, key, { value: dynamic[key], enumerable: true, writable: true, configurable: true });
      return single;
    });
  }
  return [dynamic ?? null];
}
