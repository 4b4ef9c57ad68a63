export { ODataQueryError } from './errors';
export { parseFunctionArgs } from './function-args';
export { matchesFilter } from './evaluate';
export { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from './parser';
export { applyQuery, parseODataQuery } from './query';
export type { ComparisonOperator, EntitySetSpec, FilterNode, Literal, LiteralNode, OrderByClause, ParsedQuery, PropertyKind } from './types';
