import { compareInstants, toInstant } from './datetime';
import type { ComparisonOperator, EntitySetSpec, FilterNode, Instant, Literal, PropertyKind } from './types';

/** What an expression evaluates to; `null` is OData's null (also for missing or malformed entity values). */
export type Value = string | number | boolean | null | Instant | readonly string[];

interface Scope {
  entity: Record<string, unknown>;
  variables: Map<string, string>;
}

/** True when the entity satisfies the filter; OData's null (unknown) counts as not matching. */
export function matchesFilter(node: FilterNode, entity: Record<string, unknown>, _spec: EntitySetSpec): boolean {
  return evaluate(node, { entity, variables: new Map() }) === true;
}

function evaluate(node: FilterNode, scope: Scope): Value {
  switch (node.kind) {
    case 'literal':
      return literalValue(node);
    case 'property':
      return propertyValue(node.type, Object.hasOwn(scope.entity, node.name) ? scope.entity[node.name] : undefined);
    case 'variable':
      return scope.variables.get(node.name) ?? null;
    case 'compare':
      return compare(node.op, evaluate(node.left, scope), evaluate(node.right, scope));
    case 'in': {
      const value = evaluate(node.operand, scope);
      return node.values.some((v) => compare('eq', value, literalValue(v)) === true);
    }
    case 'and':
      return logical(node.operands, scope, false);
    case 'or':
      return logical(node.operands, scope, true);
    case 'not': {
      const value = evaluate(node.operand, scope);
      return typeof value === 'boolean' ? !value : null;
    }
    case 'function':
      return callFunction(
        node.name,
        node.args.map((arg) => evaluate(arg, scope)),
      );
    case 'lambda':
      return lambda(node, scope);
  }
}

function literalValue(literal: Literal): Value {
  switch (literal.type) {
    case 'null':
      return null;
    case 'datetime':
      return literal.instant;
    default:
      return literal.value;
  }
}

export function propertyValue(kind: PropertyKind, raw: unknown): Value {
  if (raw === undefined || raw === null) return kind === 'stringCollection' ? [] : null;
  switch (kind) {
    case 'string':
    case 'enum':
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
    case 'datetime':
      return toInstant(raw) ?? null;
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'stringCollection':
      return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  }
}

/** OData three-valued logic: a deciding operand (false for and, true for or) wins over null. */
function logical(operands: FilterNode[], scope: Scope, decisive: boolean): Value {
  let sawNull = false;
  for (const operand of operands) {
    const value = evaluate(operand, scope);
    if (value === decisive) return decisive;
    if (typeof value !== 'boolean') sawNull = true;
  }
  return sawNull ? null : !decisive;
}

function compare(op: ComparisonOperator, left: Value, right: Value): Value {
  if (left === null || right === null) {
    const bothNull = left === null && right === null;
    if (op === 'eq') return bothNull;
    if (op === 'ne') return !bothNull;
    return bothNull && (op === 'ge' || op === 'le');
  }
  const order = orderOf(left, right);
  if (order === undefined) return op === 'ne';
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/** -1/0/1, or undefined when the values are of different kinds. Strings (and enum members) compare
 *  case-insensitively, as Graph security and Defender for Endpoint do. */
export function orderOf(left: Value, right: Value): number | undefined {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toLowerCase();
    const b = right.toLowerCase();
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  if (isInstant(left) && isInstant(right)) return compareInstants(left, right);
  return undefined;
}

function isInstant(value: Value): value is Instant {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function callFunction(name: string, args: Value[]): Value {
  const [first, second] = args;
  if (typeof first !== 'string') return null;
  switch (name) {
    case 'tolower':
      return first.toLowerCase();
    case 'toupper':
      return first.toUpperCase();
  }
  if (typeof second !== 'string') return null;
  const subject = first.toLowerCase();
  const pattern = second.toLowerCase();
  switch (name) {
    case 'startswith':
      return subject.startsWith(pattern);
    case 'endswith':
      return subject.endsWith(pattern);
    default:
      return subject.includes(pattern);
  }
}

function lambda(node: Extract<FilterNode, { kind: 'lambda' }>, scope: Scope): Value {
  const raw = Object.hasOwn(scope.entity, node.collection) ? scope.entity[node.collection] : undefined;
  const elements = propertyValue('stringCollection', raw) as readonly string[];
  const { variable, predicate } = node;
  if (variable === undefined || predicate === undefined) return elements.length > 0;
  const test = (element: string): boolean => {
    const variables = new Map(scope.variables);
    variables.set(variable, element);
    return evaluate(predicate, { entity: scope.entity, variables }) === true;
  };
  return node.quantifier === 'any' ? elements.some(test) : elements.every(test);
}
