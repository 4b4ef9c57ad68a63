import type { CallExpr, Expr } from './ast';
import type { Compiled, Scope } from './context';
import { semanticError, unsupported } from './errors';
import { emptyValue, isIntegerType, isNumericType, type KqlType } from './types';
import { compareValues, isPlainObject, setOwn, toDynamic, valueKey } from './values';

export interface AggregateOutput {
  name: string;
  type: KqlType;
  declared?: string;
}

export interface AggregateState {
  add(row: unknown[]): void;
  results(): unknown[];
}

/** One aggregation call inside a summarize, ready to create a fresh state per group. */
export interface AggregateInstance {
  outputs: AggregateOutput[];
  create(): AggregateState;
}

export type CompileFn = (expr: Expr, scope: Scope) => Compiled;

interface AggregateContext {
  call: CallExpr;
  scope: Scope;
  compile: CompileFn;
  /** Output names of the summarize's by-columns (excluded from `*`). */
  byNames: Set<string>;
}

interface AggregateSpec {
  minArgs: number;
  maxArgs: number;
  build(context: AggregateContext): AggregateInstance;
}

/** The name Kusto derives from an argument: a column's name, `a_b` for `a.b`, otherwise empty. */
export function argumentName(expr: Expr | undefined): string {
  if (!expr) return '';
  switch (expr.kind) {
    case 'name':
      return expr.name;
    case 'member': {
      const target = argumentName(expr.target);
      return target ? `${target}_${expr.name}` : expr.name;
    }
    case 'index': {
      const target = argumentName(expr.target);
      const index = expr.index.kind === 'literal' ? String(expr.index.value) : '';
      return target && index ? `${target}_${index}` : target;
    }
    case 'paren':
      return argumentName(expr.inner);
    default:
      return '';
  }
}

function compileArg(context: AggregateContext, index: number): Compiled {
  const arg = context.call.args[index];
  if (!arg) throw semanticError(`${context.call.name}(): missing argument #${index + 1}`);
  if (arg.kind === 'star') throw semanticError(`${context.call.name}(): '*' is not allowed here`);
  return context.compile(arg, context.scope);
}

function compilePredicate(context: AggregateContext, index: number): Compiled {
  const predicate = compileArg(context, index);
  if (predicate.type !== 'bool' && predicate.type !== 'dynamic') {
    throw semanticError(`${context.call.name}(): argument #${index + 1} must be a boolean predicate`);
  }
  return predicate;
}

function constantInt(context: AggregateContext, index: number, fallback: number): number {
  if (context.call.args.length <= index) return fallback;
  const arg = compileArg(context, index);
  if (!arg.constant || typeof arg.value !== 'number') throw semanticError(`${context.call.name}(): argument #${index + 1} must be a constant number`);
  return Math.max(0, Math.trunc(arg.value));
}

function output(name: string, compiled: Pick<Compiled, 'type' | 'declared'>, type: KqlType = compiled.type): AggregateOutput {
  const out: AggregateOutput = { name, type };
  if (type === compiled.type && compiled.declared !== undefined) out.declared = compiled.declared;
  return out;
}

function defaultName(context: AggregateContext, prefix: string): string {
  return `${prefix}_${argumentName(context.call.args[0])}`;
}

function single(out: AggregateOutput, create: () => { add(row: unknown[]): void; result(): unknown }): AggregateInstance {
  return {
    outputs: [out],
    create() {
      const state = create();
      return { add: (row) => state.add(row), results: () => [state.result()] };
    },
  };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

// ---- counting ----

function countSpec(): AggregateSpec {
  return {
    minArgs: 0,
    maxArgs: 1,
    build(context) {
      const name = context.call.args.length === 0 ? 'count_' : defaultName(context, 'count');
      const value = context.call.args.length === 0 ? undefined : compileArg(context, 0);
      return single({ name, type: 'long' }, () => {
        let count = 0;
        return {
          add: (row) => {
            if (!value || value.eval(row) !== null) count++;
          },
          result: () => count,
        };
      });
    },
  };
}

function countifSpec(): AggregateSpec {
  return {
    minArgs: 1,
    maxArgs: 1,
    build(context) {
      const predicate = compilePredicate(context, 0);
      return single({ name: 'countif_', type: 'long' }, () => {
        let count = 0;
        return {
          add: (row) => {
            if (predicate.eval(row) === true) count++;
          },
          result: () => count,
        };
      });
    },
  };
}

function dcountSpec(prefix: string, conditional: boolean): AggregateSpec {
  return {
    minArgs: conditional ? 2 : 1,
    maxArgs: conditional ? 3 : 2,
    build(context) {
      const value = compileArg(context, 0);
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      return single({ name: defaultName(context, prefix), type: 'long' }, () => {
        const seen = new Set<string>();
        return {
          add: (row) => {
            if (predicate && predicate.eval(row) !== true) return;
            const v = value.eval(row);
            if (v !== null && v !== undefined) seen.add(valueKey(v));
          },
          result: () => seen.size,
        };
      });
    },
  };
}

// ---- numeric ----

function sumType(context: AggregateContext, type: KqlType): KqlType {
  if (isIntegerType(type)) return 'long';
  if (type === 'real' || type === 'decimal' || type === 'timespan') return type;
  if (type === 'dynamic') return 'real';
  throw semanticError(`${context.call.name}(): argument of type ${type} cannot be summed`);
}

function sumSpec(conditional: boolean): AggregateSpec {
  return {
    minArgs: conditional ? 2 : 1,
    maxArgs: conditional ? 2 : 1,
    build(context) {
      const value = compileArg(context, 0);
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      const type = sumType(context, value.type);
      return single({ name: defaultName(context, conditional ? 'sumif' : 'sum'), type }, () => {
        let sum = 0;
        return {
          add: (row) => {
            if (predicate && predicate.eval(row) !== true) return;
            const v = value.eval(row);
            if (typeof v === 'number') sum += v;
          },
          result: () => sum,
        };
      });
    },
  };
}

function avgSpec(conditional: boolean): AggregateSpec {
  return {
    minArgs: conditional ? 2 : 1,
    maxArgs: conditional ? 2 : 1,
    build(context) {
      const value = compileArg(context, 0);
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      const type: KqlType = value.type === 'datetime' || value.type === 'timespan' ? value.type : 'real';
      if (!isNumericType(value.type) && value.type !== 'dynamic' && type === 'real') {
        throw semanticError(`${context.call.name}(): argument of type ${value.type} cannot be averaged`);
      }
      return single({ name: defaultName(context, conditional ? 'avgif' : 'avg'), type }, () => {
        let sum = 0;
        let count = 0;
        return {
          add: (row) => {
            if (predicate && predicate.eval(row) !== true) return;
            const v = value.eval(row);
            if (typeof v === 'number') {
              sum += v;
              count++;
            }
          },
          result: () => (count === 0 ? null : sum / count),
        };
      });
    },
  };
}

function extremeSpec(sign: 1 | -1, conditional: boolean): AggregateSpec {
  const prefix = (sign > 0 ? 'max' : 'min') + (conditional ? 'if' : '');
  return {
    minArgs: conditional ? 2 : 1,
    maxArgs: conditional ? 2 : 1,
    build(context) {
      const value = compileArg(context, 0);
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      return single(output(defaultName(context, prefix), value), () => {
        let best: unknown = null;
        return {
          add: (row) => {
            if (predicate && predicate.eval(row) !== true) return;
            const v = value.eval(row);
            if (isEmpty(v)) return;
            if (best === null || sign * compareValues(v, best) > 0) best = v;
          },
          result: () => (best === null ? emptyValue(value.type) : best),
        };
      });
    },
  };
}

// ---- collections ----

function collectionSpec(kind: 'set' | 'list' | 'list_with_nulls', conditional: boolean): AggregateSpec {
  return {
    minArgs: conditional ? 2 : 1,
    maxArgs: conditional ? 3 : 2,
    build(context) {
      const value = compileArg(context, 0);
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      const limit = constantInt(context, conditional ? 2 : 1, 1_048_576);
      return single({ name: defaultName(context, kind === 'set' ? 'set' : 'list'), type: 'dynamic' }, () => {
        const items: unknown[] = [];
        const seen = new Set<string>();
        return {
          add: (row) => {
            if (items.length >= limit) return;
            if (predicate && predicate.eval(row) !== true) return;
            const v = toDynamic(value.eval(row), value.type);
            if (v === null && kind !== 'list_with_nulls') return;
            if (kind === 'set') {
              const key = valueKey(v);
              if (seen.has(key)) return;
              seen.add(key);
            }
            items.push(v);
          },
          result: () => items,
        };
      });
    },
  };
}

function bagSpec(conditional: boolean): AggregateSpec {
  return {
    minArgs: conditional ? 2 : 1,
    maxArgs: conditional ? 3 : 2,
    build(context) {
      const value = compileArg(context, 0);
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      return single({ name: defaultName(context, 'bag'), type: 'dynamic' }, () => {
        const bag: Record<string, unknown> = {};
        return {
          add: (row) => {
            if (predicate && predicate.eval(row) !== true) return;
            const v = value.eval(row);
            if (!isPlainObject(v)) return;
            for (const key of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(bag, key)) setOwn(bag, key, v[key]);
          },
          result: () => bag,
        };
      });
    },
  };
}

// ---- row pickers: arg_max, arg_min, take_any ----

interface PickedColumn {
  out: AggregateOutput;
  value: Compiled;
}

/** The columns `*` stands for: every input column except the by-columns and those already listed. */
function expandReturns(context: AggregateContext, fromIndex: number, exclude: Set<string>): PickedColumn[] {
  const picked: PickedColumn[] = [];
  for (let i = fromIndex; i < context.call.args.length; i++) {
    const arg = context.call.args[i];
    if (!arg) continue;
    if (arg.kind === 'star') {
      context.scope.columns.forEach((column, index) => {
        if (context.byNames.has(column.name) || exclude.has(column.name)) return;
        exclude.add(column.name);
        const value: Compiled = { type: column.type, constant: false, eval: (row) => row[index] };
        if (column.declared !== undefined) value.declared = column.declared;
        picked.push({ out: output(column.name, value), value });
      });
    } else {
      const value = context.compile(arg, context.scope);
      const name = argumentName(arg) || `${context.call.name}_arg${i}`;
      exclude.add(name);
      picked.push({ out: output(name, value), value });
    }
  }
  return picked;
}

function argExtremeSpec(sign: 1 | -1): AggregateSpec {
  return {
    minArgs: 2,
    maxArgs: 128,
    build(context) {
      const key = compileArg(context, 0);
      const keyName = argumentName(context.call.args[0]) || `${sign > 0 ? 'max' : 'min'}_`;
      const returns = expandReturns(context, 1, new Set([keyName]));
      const outputs = [output(keyName, key), ...returns.map((r) => r.out)];
      return {
        outputs,
        create() {
          let first: unknown[] | undefined;
          let best: unknown[] | undefined;
          let bestKey: unknown = null;
          return {
            add(row) {
              first ??= row;
              const k = key.eval(row);
              if (k === null || k === undefined) return;
              if (best === undefined || sign * compareValues(k, bestKey) > 0) {
                best = row;
                bestKey = k;
              }
            },
            results() {
              const row = best ?? first;
              if (!row) return outputs.map((o) => emptyValue(o.type));
              return [best ? bestKey : emptyValue(key.type), ...returns.map((r) => r.value.eval(row))];
            },
          };
        },
      };
    },
  };
}

function takeAnySpec(legacyPrefix: boolean, conditional: boolean): AggregateSpec {
  return {
    minArgs: 1,
    maxArgs: conditional ? 2 : 128,
    build(context) {
      const predicate = conditional ? compilePredicate(context, 1) : undefined;
      const onlyFirst = conditional ? { ...context, call: { ...context.call, args: context.call.args.slice(0, 1) } } : context;
      const picked = expandReturns(onlyFirst, 0, new Set());
      const singleColumn = picked.length === 1 && context.call.args[0]?.kind !== 'star';
      if (legacyPrefix || conditional || (singleColumn && !argumentName(context.call.args[0]))) {
        picked.forEach((p) => (p.out = { ...p.out, name: `any_${argumentName(context.call.args[0])}` }));
      }
      const firstPicked = picked[0];
      return {
        outputs: picked.map((p) => p.out),
        create() {
          let chosen: unknown[] | undefined;
          let chosenIsEmpty = true;
          return {
            add(row) {
              if (predicate && predicate.eval(row) !== true) return;
              // A single column prefers a non-empty value, as Kusto documents.
              if (chosen && !(singleColumn && chosenIsEmpty)) return;
              chosen = row;
              chosenIsEmpty = singleColumn && firstPicked !== undefined && isEmpty(firstPicked.value.eval(row));
            },
            results() {
              const row = chosen;
              return picked.map((p) => (row ? p.value.eval(row) : emptyValue(p.out.type)));
            },
          };
        },
      };
    },
  };
}

const AGGREGATES: Record<string, AggregateSpec> = {
  count: countSpec(),
  countif: countifSpec(),
  dcount: dcountSpec('dcount', false),
  dcountif: dcountSpec('dcountif', true),
  count_distinct: dcountSpec('count_distinct', false),
  count_distinctif: dcountSpec('count_distinctif', true),
  sum: sumSpec(false),
  sumif: sumSpec(true),
  avg: avgSpec(false),
  avgif: avgSpec(true),
  min: extremeSpec(-1, false),
  max: extremeSpec(1, false),
  minif: extremeSpec(-1, true),
  maxif: extremeSpec(1, true),
  make_set: collectionSpec('set', false),
  makeset: collectionSpec('set', false),
  make_set_if: collectionSpec('set', true),
  make_list: collectionSpec('list', false),
  makelist: collectionSpec('list', false),
  make_list_if: collectionSpec('list', true),
  make_list_with_nulls: collectionSpec('list_with_nulls', false),
  make_bag: bagSpec(false),
  make_bag_if: bagSpec(true),
  arg_max: argExtremeSpec(1),
  arg_min: argExtremeSpec(-1),
  any: takeAnySpec(true, false),
  take_any: takeAnySpec(false, false),
  anyif: takeAnySpec(true, true),
  take_anyif: takeAnySpec(false, true),
};

/** Kusto aggregation functions outside the emulator's subset (reported as unsupported, not unknown). */
const UNSUPPORTED_AGGREGATES = new Set([
  'percentile',
  'percentiles',
  'percentilew',
  'percentilesw',
  'percentiles_array',
  'stdev',
  'stdevif',
  'stdevp',
  'variance',
  'varianceif',
  'variancep',
  'hll',
  'hll_merge',
  'tdigest',
  'tdigest_merge',
  'buildschema',
  'binary_all_and',
  'binary_all_or',
  'binary_all_xor',
]);

export function isAggregateName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(AGGREGATES, name) || UNSUPPORTED_AGGREGATES.has(name);
}

export function buildAggregate(call: CallExpr, scope: Scope, compile: CompileFn, byNames: Set<string>): AggregateInstance {
  const spec = Object.prototype.hasOwnProperty.call(AGGREGATES, call.name) ? AGGREGATES[call.name] : undefined;
  if (!spec) throw unsupported(call.name, 'function');
  if (call.args.length < spec.minArgs || call.args.length > spec.maxArgs) {
    throw semanticError(
      `${call.name}(): expects ${spec.minArgs === spec.maxArgs ? spec.minArgs : `${spec.minArgs} to ${spec.maxArgs}`} arguments, got ${call.args.length}`,
    );
  }
  return spec.build({ call, scope, compile, byNames });
}
