import { toInstant } from './datetime';
import { echo, queryError, unknownPropertyMessage } from './errors';
import { matchesFilter, orderOf, propertyValue, type Value } from './evaluate';
import { parseFilter } from './parser';
import { filterableKind, resolveFilterable, resolveName } from './properties';
import type { EntitySetSpec, OrderByClause, ParsedQuery } from './types';

const NON_NEGATIVE_INTEGER = /^\d+$/;
const ORDERBY_ITEM = /^([\p{L}_][\p{L}\p{N}_]*)(?:\s+(asc|desc))?$/u;

/**
 * Reads `$filter`, `$top`, `$skip` and `$orderby` from already-decoded query parameters. Other options are left to
 * the route. Clients must percent-encode `+` in datetime offsets (`%2B02:00`): a raw `+` decodes to a space.
 */
export function parseODataQuery(params: URLSearchParams, spec: EntitySetSpec): ParsedQuery {
  const filter = single(params, '$filter', spec);
  const top = single(params, '$top', spec);
  const skip = single(params, '$skip', spec);
  const orderby = single(params, '$orderby', spec);

  const query: ParsedQuery = { skip: skip === undefined ? 0 : parseCount('$skip', skip, spec) };
  if (top !== undefined) {
    const value = parseCount('$top', top, spec);
    if (value > spec.maxTop) {
      throw queryError(spec.dialect, `The limit of '${spec.maxTop}' for Top query has been exceeded. The value from the incoming request is '${echo(top)}'.`);
    }
    query.top = value;
  }
  if (filter !== undefined) query.filter = parseFilter(filter, spec);
  if (orderby !== undefined) query.orderby = parseOrderBy(orderby, spec);
  return query;
}

function single(params: URLSearchParams, name: string, spec: EntitySetSpec): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) {
    throw queryError(spec.dialect, `Query option '${name}' was specified more than once, but it must be specified at most once.`);
  }
  return values[0];
}

function parseCount(name: '$top' | '$skip', raw: string, spec: EntitySetSpec): number {
  const value = NON_NEGATIVE_INTEGER.test(raw) ? Number(raw) : NaN;
  // Digits beyond the safe-integer range are only a problem for $skip: an oversized $top fails the maxTop check.
  if (Number.isNaN(value) || (name === '$skip' && !Number.isSafeInteger(value))) {
    throw queryError(
      spec.dialect,
      `Invalid value '${echo(raw)}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`,
    );
  }
  return value;
}

function parseOrderBy(raw: string, spec: EntitySetSpec): OrderByClause[] {
  const clauses: OrderByClause[] = [];
  let offset = 0;
  for (const part of raw.split(',')) {
    const leading = part.length - part.trimStart().length;
    const match = ORDERBY_ITEM.exec(part.trim());
    if (!match) {
      throw queryError(spec.dialect, `Invalid $orderby clause: Syntax error at position ${offset + leading} in '${echo(raw)}'.`);
    }
    const name = match[1] ?? '';
    const property = resolveName(spec, spec.orderable ?? [], name);
    if (property === undefined) {
      const message =
        resolveFilterable(spec, name) === undefined
          ? unknownPropertyMessage(spec, name)
          : `The property '${name}' cannot be used in the $orderby query option.`;
      throw queryError(spec.dialect, message);
    }
    if (filterableKind(spec, property) === 'stringCollection') {
      throw queryError(spec.dialect, 'The $orderby expression must evaluate to a single value of primitive type.');
    }
    if (clauses.some((c) => c.property === property)) {
      throw queryError(spec.dialect, `Duplicate property named '${property}' is not supported in '$orderby'.`);
    }
    clauses.push({ property, desc: match[2] === 'desc' });
    offset += part.length + 1;
  }
  return clauses;
}

/**
 * Filters, sorts and pages `items` (without mutating it). `nextSkip` is set when items remain after the page, for
 * the route's @odata.nextLink; `$top=0` returns an empty page and no nextSkip, so following links cannot loop.
 */
export function applyQuery<T extends Record<string, unknown>>(items: T[], q: ParsedQuery, spec: EntitySetSpec): { page: T[]; nextSkip?: number } {
  const { filter } = q;
  const selected = filter ? items.filter((item) => matchesFilter(filter, item, spec)) : items.slice();
  if (q.orderby && q.orderby.length > 0) {
    const clauses = q.orderby;
    // Array.prototype.sort is stable, so ties keep the collection's own order.
    selected.sort((a, b) => {
      for (const { property, desc } of clauses) {
        const order = compareForSort(a[property], b[property], spec, property);
        if (order !== 0) return desc ? -order : order;
      }
      return 0;
    });
  }
  const size = q.top ?? spec.defaultPageSize;
  const page = selected.slice(q.skip, q.skip + size);
  const end = q.skip + size;
  return size > 0 && end < selected.length ? { page, nextSkip: end } : { page };
}

/** Nulls sort first ascending (and so last descending), as OData specifies. */
function compareForSort(a: unknown, b: unknown, spec: EntitySetSpec, property: string): number {
  const left = sortValue(a, spec, property);
  const right = sortValue(b, spec, property);
  if (left === null || right === null) return left === right ? 0 : left === null ? -1 : 1;
  return orderOf(left, right) ?? 0;
}

function sortValue(raw: unknown, spec: EntitySetSpec, property: string): Value {
  const kind = filterableKind(spec, property);
  if (kind !== undefined) return propertyValue(kind, raw);
  // Orderable but not filterable: the kind is not declared, so infer it from the value.
  if (typeof raw === 'string') return toInstant(raw) ?? raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  return raw instanceof Date ? (toInstant(raw) ?? null) : null;
}
