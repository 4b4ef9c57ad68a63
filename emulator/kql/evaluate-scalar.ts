import { isAggregateName } from './aggregates';
import type { BetweenExpr, BinaryExpr, CallExpr, Expr, ListExpr, LogicalExpr, SearchTermExpr } from './ast';
import { constant, type Compiled, type Scope } from './context';
import { parseDatetime, parseTimespan } from './datetime';
import { semanticError, unresolvedColumn, unsupported } from './errors';
import { FUNCTIONS } from './functions';
import { compileRegex, stringPredicate, termMatch, type TermMode } from './string-operators';
import { emptyValue, isIntegerType, isNumericType, kqlTypeFromName, type KqlType } from './types';
import { castValue, compareValues, hasOwn, isPlainObject, parseJsonLoose, setOwn, toDynamic, toNumber, valueKey, valueToString } from './values';

const TABULAR_KINDS = new Set(['pipe', 'union', 'datatable', 'print', 'search', 'range']);

function tabularAsScalar(): never {
  throw semanticError('A tabular expression cannot be used where a scalar value is expected (use toscalar())');
}

/** Wraps a per-row function of the arguments, folding it to a constant when every argument is constant. */
function makeCall(type: KqlType, fn: (values: unknown[]) => unknown, args: Compiled[]): Compiled {
  const normalize = type === 'string' ? (v: unknown) => (v === null || v === undefined ? '' : v) : (v: unknown) => (v === undefined ? null : v);
  if (args.every((a) => a.constant)) return constant(type, normalize(fn(args.map((a) => a.value))));
  if (args.length === 1) {
    const [a] = args as [Compiled];
    return { type, constant: false, eval: (row) => normalize(fn([a.eval(row)])) };
  }
  return { type, constant: false, eval: (row) => normalize(fn(args.map((a) => a.eval(row)))) };
}

function stringConverter(type: KqlType): (value: unknown) => string {
  if (type === 'string') return (v) => (typeof v === 'string' ? v : '');
  return (v) => valueToString(v, type);
}

function getMember(target: unknown, key: string): unknown {
  if (isPlainObject(target) && hasOwn(target, key)) return target[key] ?? null;
  return null;
}

function asDynamic(type: KqlType): (value: unknown) => unknown {
  if (type === 'string') {
    return (v) => {
      if (typeof v !== 'string') return null;
      const trimmed = v.trimStart();
      return trimmed.startsWith('{') || trimmed.startsWith('[') ? parseJsonLoose(v) : v;
    };
  }
  return (v) => toDynamic(v, type);
}

export function compileExpr(expr: Expr, scope: Scope): Compiled {
  switch (expr.kind) {
    case 'literal':
      return constant(expr.type, expr.type === 'string' && expr.value === null ? '' : expr.value);
    case 'name':
      return compileName(expr.name, scope);
    case 'star':
      throw semanticError("'*' is not allowed here");
    case 'paren':
      if (scope.env.isTabular(expr.inner)) tabularAsScalar();
      return compileExpr(expr.inner, scope);
    case 'pipe':
    case 'union':
    case 'datatable':
    case 'print':
    case 'search':
    case 'range':
      return tabularAsScalar();
    case 'member': {
      const target = compileExpr(expr.target, scope);
      // As in Kusto, only a dynamic value has members: JSON text in a string column needs parse_json() first.
      if (target.type !== 'dynamic') {
        throw semanticError(
          `Member access '.${expr.name}' requires a dynamic value, but the expression is of type ${target.type}${target.type === 'string' ? ': use parse_json() on JSON text' : ''}`,
        );
      }
      const toDyn = asDynamic(target.type);
      const key = expr.name;
      return makeCall('dynamic', (v) => getMember(toDyn(v[0]), key), [target]);
    }
    case 'index': {
      const target = compileExpr(expr.target, scope);
      const index = compileExpr(expr.index, scope);
      if (target.type !== 'dynamic') {
        throw semanticError(
          `Indexing requires a dynamic value, but the expression is of type ${target.type}${target.type === 'string' ? ': use parse_json() on JSON text' : ''}`,
        );
      }
      const toDyn = asDynamic(target.type);
      return makeCall(
        'dynamic',
        (v) => {
          const value = toDyn(v[0]);
          const at = v[1];
          if (typeof at === 'number' && Array.isArray(value)) {
            const i = Math.trunc(at) < 0 ? value.length + Math.trunc(at) : Math.trunc(at);
            return value[i] ?? null;
          }
          return typeof at === 'string' ? getMember(value, at) : null;
        },
        [target, index],
      );
    }
    case 'call':
      return compileCall(expr, scope);
    case 'unary': {
      const operand = compileExpr(expr.operand, scope);
      if (!isNumericType(operand.type) && operand.type !== 'timespan' && operand.type !== 'dynamic') {
        throw semanticError(`Operator '${expr.op}' cannot be applied to a value of type ${operand.type}`);
      }
      if (expr.op === '+') return operand;
      const type = operand.type === 'dynamic' ? 'real' : operand.type;
      return makeCall(
        type,
        (v) => {
          const n = typeof v[0] === 'number' ? v[0] : operand.type === 'dynamic' ? toNumber(v[0], false) : null;
          return n === null ? null : -n;
        },
        [operand],
      );
    }
    case 'binary':
      return compileBinary(expr, scope);
    case 'logical':
      return compileLogical(expr, scope);
    case 'list':
      return compileList(expr, scope);
    case 'between':
      return compileBetween(expr, scope);
    case 'searchTerm':
      return compileSearchTerm(expr, scope);
  }
}

/** Columns of the operator's input win over let-bound names, so `let x = 1; T | extend x = 2 | where x == 2` sees the column. */
function compileName(name: string, scope: Scope): Compiled {
  const index = scope.index.get(name);
  if (index !== undefined) {
    const column = scope.columns[index];
    const compiled: Compiled = { type: column?.type ?? 'dynamic', constant: false, eval: (row) => row[index] };
    if (column?.declared !== undefined) compiled.declared = column.declared;
    return compiled;
  }
  const binding = scope.env.lets.get(name);
  if (binding?.kind === 'scalar') return constant(binding.type, binding.value);
  if (binding?.kind === 'tabular') tabularAsScalar();
  throw unresolvedColumn(scope.operator, name);
}

/** Evaluates an expression that must not depend on any row (let values, take counts, datatable cells). */
export function evaluateConstant(expr: Expr, scope: Scope, what: string): { type: KqlType; value: unknown } {
  const compiled = compileExpr(expr, scope);
  if (!compiled.constant) throw semanticError(`${what} must be a constant expression`);
  return { type: compiled.type, value: compiled.value };
}

// ---- operators ----

function arithmeticType(op: string, l: KqlType, r: KqlType): KqlType | undefined {
  if (isNumericType(l) && isNumericType(r)) {
    if (l === 'real' || r === 'real' || l === 'decimal' || r === 'decimal') return 'real';
    return l === 'int' && r === 'int' ? 'int' : 'long';
  }
  const dynamicOrNumber = (t: KqlType) => t === 'dynamic' || isNumericType(t);
  if ((l === 'dynamic' || r === 'dynamic') && dynamicOrNumber(l) && dynamicOrNumber(r)) return 'real';
  switch (op) {
    case '+':
      if ((l === 'datetime' && r === 'timespan') || (l === 'timespan' && r === 'datetime')) return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '-':
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'datetime' && r === 'datetime') return 'timespan';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '*':
      if ((l === 'timespan' && isNumericType(r)) || (isNumericType(l) && r === 'timespan')) return 'timespan';
      return undefined;
    case '/':
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      if (l === 'timespan' && r === 'timespan') return 'real';
      return undefined;
    case '%':
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    default:
      return undefined;
  }
}

function compileArithmetic(expr: BinaryExpr, left: Compiled, right: Compiled): Compiled {
  const type = arithmeticType(expr.op, left.type, right.type);
  if (!type) throw semanticError(`Operator '${expr.op}' cannot be applied to operands of type ${left.type} and ${right.type}`);
  const integerDivision = isIntegerType(type);
  const toNum = (t: KqlType) => (t === 'dynamic' ? (v: unknown) => toNumber(v, false) : (v: unknown) => (typeof v === 'number' ? v : null));
  const ln = toNum(left.type);
  const rn = toNum(right.type);
  let apply: (a: number, b: number) => number | null;
  switch (expr.op) {
    case '+':
      apply = (a, b) => a + b;
      break;
    case '-':
      apply = (a, b) => a - b;
      break;
    case '*':
      apply = (a, b) => a * b;
      break;
    case '/':
      apply = integerDivision ? (a, b) => (b === 0 ? null : Math.trunc(a / b)) : (a, b) => a / b;
      break;
    default:
      apply = (a, b) => (b === 0 && (integerDivision || type === 'timespan') ? null : a % b);
  }
  return makeCall(
    type,
    (v) => {
      const a = ln(v[0]);
      const b = rn(v[1]);
      return a === null || b === null ? null : apply(a, b);
    },
    [left, right],
  );
}

/** Brings both sides of a comparison to comparable runtime values (numbers, strings or booleans). */
function comparisonCoercion(l: KqlType, r: KqlType): ((a: unknown, b: unknown) => [unknown, unknown]) | undefined {
  const same = (a: unknown, b: unknown): [unknown, unknown] => [a, b];
  if (isNumericType(l) && isNumericType(r)) return same;
  if (l === r) return same;
  if ((l === 'string' || l === 'guid') && (r === 'string' || r === 'guid')) return same;
  const parseFor = (t: KqlType) => (t === 'datetime' ? parseDatetime : t === 'timespan' ? parseTimespan : undefined);
  if (l === 'dynamic' || r === 'dynamic') {
    const lp = parseFor(l);
    const rp = parseFor(r);
    return (a, b) => [rp && typeof a === 'string' ? rp(a) : a, lp && typeof b === 'string' ? lp(b) : b];
  }
  if ((l === 'datetime' || l === 'timespan') && r === 'string') {
    const p = parseFor(l)!;
    return (a, b) => [a, typeof b === 'string' ? p(b) : b];
  }
  if (l === 'string' && (r === 'datetime' || r === 'timespan')) {
    const p = parseFor(r)!;
    return (a, b) => [typeof a === 'string' ? p(a) : a, b];
  }
  return undefined;
}

function compileComparison(expr: BinaryExpr, left: Compiled, right: Compiled): Compiled {
  const coerce = comparisonCoercion(left.type, right.type);
  if (!coerce) throw semanticError(`Cannot compare values of types ${left.type} and ${right.type}. Try adding explicit casts`);
  const op = expr.op;
  return makeCall(
    'bool',
    (v) => {
      const [a, b] = coerce(v[0], v[1]);
      if (a === null || a === undefined || b === null || b === undefined) return null;
      const comparable = typeof a === typeof b && (typeof a !== 'object' || op === '==' || op === '!=');
      if (!comparable) return op === '==' ? false : op === '!=' ? true : null;
      if (op === '==') return typeof a === 'object' ? valueKey(a) === valueKey(b) : a === b;
      if (op === '!=') return typeof a === 'object' ? valueKey(a) !== valueKey(b) : a !== b;
      const c = compareValues(a, b);
      if (typeof a === 'number' && (Number.isNaN(a) || Number.isNaN(b))) return false;
      switch (op) {
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        default:
          return c >= 0;
      }
    },
    [left, right],
  );
}

/** `* has "x"`: true when any column matches (used by `where * has` and search terms). */
function anyColumnMatches(scope: Scope, columnName: string | undefined, test: (text: string) => boolean, lower: boolean): Compiled {
  let indexes = scope.columns.map((_, i) => i);
  if (columnName !== undefined) {
    const index = scope.index.get(columnName);
    if (index === undefined) throw unresolvedColumn(scope.operator, columnName);
    indexes = [index];
  }
  const converters = indexes.map((i) => ({ i, toText: stringConverter(scope.columns[i]?.type ?? 'dynamic') }));
  return {
    type: 'bool',
    constant: false,
    eval: (row) => {
      for (const { i, toText } of converters) {
        const text = toText(row[i]);
        if (text !== '' && test(lower ? text.toLowerCase() : text)) return true;
      }
      return false;
    },
  };
}

function compileStringOperator(expr: BinaryExpr, scope: Scope): Compiled {
  const predicate = stringPredicate(expr.op);
  if (!predicate) throw unsupported(expr.op, 'operator');
  const right = compileExpr(expr.right, scope);
  const rightText = stringConverter(right.type);
  const fold = (s: string) => (predicate.caseSensitive ? s : s.toLowerCase());
  if (expr.left.kind === 'star') {
    if (!right.constant) throw semanticError(`'* ${expr.op}' requires a constant string`);
    const needle = fold(rightText(right.value));
    const any = anyColumnMatches(scope, undefined, (text) => predicate.test(text, needle), !predicate.caseSensitive);
    return predicate.negated ? { ...any, eval: (row) => !any.eval(row) } : any;
  }
  const left = compileExpr(expr.left, scope);
  const leftText = stringConverter(left.type);
  if (right.constant && !left.constant) {
    const needle = fold(rightText(right.value));
    return {
      type: 'bool',
      constant: false,
      eval: (row) => predicate.test(fold(leftText(left.eval(row))), needle) !== predicate.negated,
    };
  }
  return makeCall('bool', (v) => predicate.test(fold(leftText(v[0])), fold(rightText(v[1]))) !== predicate.negated, [left, right]);
}

function compileBinary(expr: BinaryExpr, scope: Scope): Compiled {
  switch (expr.op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return compileArithmetic(expr, compileExpr(expr.left, scope), compileExpr(expr.right, scope));
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compileComparison(expr, compileExpr(expr.left, scope), compileExpr(expr.right, scope));
    case 'matches regex': {
      const left = compileExpr(expr.left, scope);
      const right = compileExpr(expr.right, scope);
      const leftText = stringConverter(left.type);
      const rightText = stringConverter(right.type);
      if (right.constant) {
        const regex = compileRegex(rightText(right.value));
        return makeCall('bool', (v) => regex.test(leftText(v[0])), [left]);
      }
      return makeCall('bool', (v) => compileRegex(rightText(v[1])).test(leftText(v[0])), [left, right]);
    }
    default:
      return compileStringOperator(expr, scope);
  }
}

function requireBoolean(compiled: Compiled, what: string): void {
  if (compiled.type !== 'bool' && compiled.type !== 'dynamic') {
    throw semanticError(`${what} must be a boolean expression, but is of type ${compiled.type}`);
  }
}

function compileLogical(expr: LogicalExpr, scope: Scope): Compiled {
  const operands = expr.operands.map((e) => compileExpr(e, scope));
  operands.forEach((o) => requireBoolean(o, `The operand of '${expr.op}'`));
  const decisive = expr.op === 'and' ? false : true;
  const fn = (values: unknown[]) => {
    let unknownSeen = false;
    for (const v of values) {
      if (v === decisive) return decisive;
      if (v !== !decisive) unknownSeen = true;
    }
    return unknownSeen ? null : !decisive;
  };
  if (operands.every((o) => o.constant)) return constant('bool', fn(operands.map((o) => o.value)));
  return {
    type: 'bool',
    constant: false,
    eval: (row) => {
      let unknownSeen = false;
      for (const operand of operands) {
        const v = operand.eval(row);
        if (v === decisive) return decisive;
        if (v !== !decisive) unknownSeen = true;
      }
      return unknownSeen ? null : !decisive;
    },
  };
}

interface ListItems {
  constants: { value: unknown; type: KqlType }[];
  perRow: Compiled[];
}

/** The right side of in/has_any: scalars, dynamic arrays (flattened) and one-column subqueries. */
function collectListItems(expr: ListExpr, scope: Scope): ListItems {
  const items: ListItems = { constants: [], perRow: [] };
  for (const item of expr.items) {
    if (scope.env.isTabular(item)) {
      const table = scope.env.evalTabular(item);
      const column = table.columns[0];
      if (!column) throw semanticError(`The subquery of '${expr.op}' must have at least one column`);
      for (const row of table.rows) items.constants.push({ value: row[0], type: column.type });
      continue;
    }
    const compiled = compileExpr(item, scope);
    if (!compiled.constant) items.perRow.push(compiled);
    else if (compiled.type === 'dynamic' && Array.isArray(compiled.value)) {
      for (const element of compiled.value) items.constants.push({ value: element, type: 'dynamic' });
    } else items.constants.push({ value: compiled.value, type: compiled.type });
  }
  return items;
}

function expandRowItems(items: Compiled[], row: unknown[]): { value: unknown; type: KqlType }[] {
  const out: { value: unknown; type: KqlType }[] = [];
  for (const item of items) {
    const value = item.eval(row);
    if (item.type === 'dynamic' && Array.isArray(value)) for (const element of value) out.push({ value: element, type: 'dynamic' });
    else out.push({ value, type: item.type });
  }
  return out;
}

function matchKey(type: KqlType, caseInsensitive: boolean): (value: unknown) => string | null {
  return (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return `s${caseInsensitive || type === 'guid' ? value.toLowerCase() : value}`;
    return valueKey(value);
  };
}

function compileList(expr: ListExpr, scope: Scope): Compiled {
  const negated = expr.op.startsWith('!');
  const op = negated ? expr.op.slice(1) : expr.op;
  const left = compileExpr(expr.left, scope);
  const items = collectListItems(expr, scope);

  if (op === 'has_any' || op === 'has_all') {
    const leftText = stringConverter(left.type);
    const toNeedle = (item: { value: unknown; type: KqlType }) => valueToString(item.value, item.type).toLowerCase();
    const fixed = items.constants.map(toNeedle);
    const all = op === 'has_all';
    const test = (text: string, needles: string[]) => (all ? needles.every((n) => termMatch(text, n, 'has')) : needles.some((n) => termMatch(text, n, 'has')));
    return {
      type: 'bool',
      constant: false,
      eval: (row) => {
        const text = leftText(left.eval(row)).toLowerCase();
        const needles = items.perRow.length === 0 ? fixed : fixed.concat(expandRowItems(items.perRow, row).map(toNeedle));
        return test(text, needles) !== negated;
      },
    };
  }

  const key = matchKey(left.type, op === 'in~');
  const itemKey = (item: { value: unknown; type: KqlType }) => key(castValue(item.value, item.type, left.type));
  const set = new Set<string>();
  for (const item of items.constants) {
    const k = itemKey(item);
    if (k !== null) set.add(k);
  }
  const fn = (value: unknown, row: unknown[] | undefined) => {
    const k = key(value);
    if (k === null) return negated;
    let found = set.has(k);
    if (!found && row && items.perRow.length > 0) found = expandRowItems(items.perRow, row).some((item) => itemKey(item) === k);
    return found !== negated;
  };
  if (left.constant && items.perRow.length === 0) return constant('bool', fn(left.value, undefined));
  return { type: 'bool', constant: false, eval: (row) => fn(left.eval(row), row) };
}

function compileBetween(expr: BetweenExpr, scope: Scope): Compiled {
  const left = compileExpr(expr.left, scope);
  const low = compileExpr(expr.low, scope);
  const high = compileExpr(expr.high, scope);
  const rangeIsSpan = left.type === 'datetime' && low.type === 'datetime' && high.type === 'timespan';
  if (!rangeIsSpan) {
    const lowOk = comparisonCoercion(left.type, low.type);
    const highOk = comparisonCoercion(left.type, high.type);
    if (!lowOk || !highOk || left.type === 'string') {
      throw semanticError(`between: cannot compare values of types ${left.type}, ${low.type} and ${high.type}`);
    }
  }
  const asNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v, false) : null);
  return makeCall(
    'bool',
    (v) => {
      const value = asNumber(v[0]);
      const from = asNumber(v[1]);
      let to = asNumber(v[2]);
      if (value === null || from === null || to === null) return null;
      if (rangeIsSpan) to = from + to;
      return (value >= from && value <= to) !== expr.negated;
    },
    [left, low, high],
  );
}

function compileSearchTerm(expr: SearchTermExpr, scope: Scope): Compiled {
  if (expr.column !== undefined && !scope.index.has(expr.column) && scope.searchMissingColumnsMatchNothing) return constant('bool', false);
  const caseSensitive = scope.searchCaseSensitive === true;
  let term = caseSensitive ? expr.term : expr.term.toLowerCase();
  if (term.replace(/\*/g, '') === '') return constant('bool', true);
  let mode: TermMode | 'contains' = 'has';
  const leading = term.startsWith('*');
  const trailing = term.endsWith('*');
  term = term.replace(/^\*+|\*+$/g, '');
  if (leading && trailing) mode = 'contains';
  else if (trailing) mode = 'prefix';
  else if (leading) mode = 'suffix';
  const test = mode === 'contains' ? (text: string) => text.includes(term) : (text: string) => termMatch(text, term, mode as TermMode);
  return anyColumnMatches(scope, expr.column, test, !caseSensitive);
}

// ---- function calls ----

function compileCall(expr: CallExpr, scope: Scope): Compiled {
  const name = expr.name;
  if (isAggregateName(name)) {
    if (scope.aggregates) return scope.aggregates.register(expr);
    throw semanticError(`Function '${name}' is an aggregation and can only be used in the context of summarize`);
  }
  switch (name) {
    case 'toscalar': {
      const [arg] = expr.args;
      if (expr.args.length !== 1 || !arg) throw semanticError('toscalar(): expects 1 argument');
      if (!scope.env.isTabular(arg)) return compileExpr(arg, scope);
      const table = scope.env.evalTabular(arg);
      const column = table.columns[0];
      if (!column) throw semanticError('toscalar(): the subquery returned no columns');
      const row = table.rows[0];
      return constant(column.type, row ? row[0] : emptyValue(column.type));
    }
    case 'column_ifexists': {
      const [nameArg, fallback] = expr.args;
      if (expr.args.length !== 2 || !nameArg || !fallback) throw semanticError('column_ifexists(): expects 2 arguments');
      const columnName = compileExpr(nameArg, scope);
      if (!columnName.constant || typeof columnName.value !== 'string') throw semanticError('column_ifexists(): the column name must be a constant string');
      return scope.index.has(columnName.value) ? compileName(columnName.value, scope) : compileExpr(fallback, scope);
    }
    case 'pack_all': {
      const columns = scope.columns;
      let skipEmpty = false;
      if (expr.args[0]) {
        const flag = compileExpr(expr.args[0], scope);
        skipEmpty = flag.constant && flag.value === true;
      }
      return {
        type: 'dynamic',
        constant: false,
        eval: (row) => {
          const bag: Record<string, unknown> = {};
          columns.forEach((column, i) => {
            const value = toDynamic(row[i], column.type);
            if (skipEmpty && (value === null || value === '')) return;
            setOwn(bag, column.name, value);
          });
          return bag;
        },
      };
    }
    case 'typeof': {
      const [arg] = expr.args;
      const type = arg?.kind === 'name' ? kqlTypeFromName(arg.name) : undefined;
      if (!type || expr.args.length !== 1) throw semanticError('typeof(): expects a type name');
      return constant('string', type);
    }
    case 'materialize':
    case 'table':
      return tabularAsScalar();
    default:
      break;
  }
  const spec = hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!spec) throw unsupported(name, 'function');
  if (expr.args.length < spec.minArgs || expr.args.length > spec.maxArgs) {
    const expected = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
    throw semanticError(`${name}(): expects ${expected} argument${spec.maxArgs === 1 ? '' : 's'}, got ${expr.args.length}`);
  }
  const args = expr.args.map((arg) => compileExpr(arg, scope));
  const { type, fn } = spec.compile(args, { scope, name, args: expr.args });
  return makeCall(type, fn, args);
}

/** Kusto's automatic column name for an unnamed expression, when it has one (columns, `a.b` -> a_b). */
export function expressionName(expr: Expr): string | undefined {
  switch (expr.kind) {
    case 'name':
      return expr.name;
    case 'paren':
      return expressionName(expr.inner);
    case 'member':
    case 'index': {
      const target = expressionName(expr.target);
      const key = expr.kind === 'member' ? expr.name : expr.index.kind === 'literal' ? String(expr.index.value) : undefined;
      return target !== undefined && key !== undefined ? `${target}_${key}` : undefined;
    }
    default:
      return undefined;
  }
}

export { TABULAR_KINDS };
