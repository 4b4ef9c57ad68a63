export type PropertyKind = 'string' | 'enum' | 'datetime' | 'number' | 'boolean' | 'stringCollection';

export interface EntitySetSpec {
  /**
   * Properties allowed in $filter, with their kind. Names are matched case-sensitively as Microsoft does for
   * Graph (camelCase); the Defender for Endpoint API matches them case-insensitively (its docs list `LastSeen`,
   * `HealthStatus` next to camelCase examples), so the 'mde' dialect does too unless
   * `caseInsensitivePropertyNames` says otherwise.
   */
  filterable: Record<string, PropertyKind>;
  /** Properties allowed in $orderby (default: none allowed -> 400). */
  orderable?: string[];
  /** Max $top; a larger value -> error. */
  maxTop: number;
  /** Page size when $top is absent. */
  defaultPageSize: number;
  /** Which error dialect to produce. */
  dialect: 'graph' | 'mde';
  /** Type name used in "Could not find a property named 'x' on type '...'" (e.g. 'microsoft.graph.security.incident'). */
  entityType?: string;
  /** Override the dialect's default property-name matching (graph: case-sensitive, mde: case-insensitive). */
  caseInsensitivePropertyNames?: boolean;
}

/** A point in time at 100 ns resolution: JS numbers cannot hold epoch ticks exactly, so milliseconds and the
 *  ticks within the millisecond are kept apart. */
export interface Instant {
  epochMs: number;
  /** 0..9999: 100-nanosecond ticks within the millisecond. */
  tickOfMs: number;
}

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'datetime'; text: string; instant: Instant }
  | { type: 'guid'; value: string };

export type LiteralNode = { kind: 'literal' } & Literal;

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringPredicate = 'startswith' | 'endswith' | 'contains';
export type StringTransform = 'tolower' | 'toupper';

export type FilterNode =
  | LiteralNode
  | { kind: 'property'; name: string; type: PropertyKind }
  /** The range variable of an enclosing any/all lambda: one element of a string collection. */
  | { kind: 'variable'; name: string }
  | { kind: 'compare'; op: ComparisonOperator; left: FilterNode; right: FilterNode }
  | { kind: 'in'; operand: FilterNode; values: LiteralNode[] }
  | { kind: 'and' | 'or'; operands: FilterNode[] }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'function'; name: StringPredicate | StringTransform; args: FilterNode[] }
  /** `collection/any()` has neither variable nor predicate: "the collection is not empty". */
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string; variable?: string; predicate?: FilterNode };

export interface OrderByClause {
  property: string;
  desc: boolean;
}

export interface ParsedQuery {
  filter?: FilterNode;
  top?: number;
  skip: number;
  orderby?: OrderByClause[];
}
