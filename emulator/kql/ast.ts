import type { KqlType } from './types';

/** Every node records the source offset it starts at, for error messages. */
interface NodeBase {
  start: number;
}

export interface LiteralExpr extends NodeBase {
  kind: 'literal';
  type: KqlType;
  value: unknown;
}

/** An identifier: a column, a let-bound name or a table, resolved when the query is evaluated. */
export interface NameExpr extends NodeBase {
  kind: 'name';
  name: string;
  /** Written as ['name']: never a keyword. */
  quoted: boolean;
}

/** `*` as an argument (arg_max(x, *), take_any(*)) or as the left side of `* has "x"`. */
export interface StarExpr extends NodeBase {
  kind: 'star';
}

export interface MemberExpr extends NodeBase {
  kind: 'member';
  target: Expr;
  name: string;
}

export interface IndexExpr extends NodeBase {
  kind: 'index';
  target: Expr;
  index: Expr;
}

export interface CallExpr extends NodeBase {
  kind: 'call';
  name: string;
  args: Expr[];
}

export interface UnaryExpr extends NodeBase {
  kind: 'unary';
  op: '-' | '+';
  operand: Expr;
}

/** Arithmetic, comparison and string operators (`has`, `!contains`, `=~`, `matches regex`, ...). */
export interface BinaryExpr extends NodeBase {
  kind: 'binary';
  op: string;
  left: Expr;
  right: Expr;
}

/** and / or chains are flat so long generated filters do not nest deeply. */
export interface LogicalExpr extends NodeBase {
  kind: 'logical';
  op: 'and' | 'or';
  operands: Expr[];
}

/** in, in~, !in, !in~, has_any, has_all: the right side is a list of scalars, arrays or a subquery. */
export interface ListExpr extends NodeBase {
  kind: 'list';
  op: string;
  left: Expr;
  items: Expr[];
}

export interface BetweenExpr extends NodeBase {
  kind: 'between';
  negated: boolean;
  left: Expr;
  low: Expr;
  high: Expr;
}

/** A bare term of a search predicate: matches when any column (or `column`) has it. */
export interface SearchTermExpr extends NodeBase {
  kind: 'searchTerm';
  term: string;
  column?: string;
}

export interface ParenExpr extends NodeBase {
  kind: 'paren';
  inner: Expr;
}

export interface PipeExpr extends NodeBase {
  kind: 'pipe';
  source: Expr;
  operators: Operator[];
}

export interface UnionArg {
  /** A table name, possibly with `*` wildcards (only for unparenthesised names). */
  name?: string;
  expr?: Expr;
  start: number;
}

export interface UnionSpec {
  unionKind: 'inner' | 'outer';
  withSource?: string;
  isFuzzy: boolean;
  args: UnionArg[];
}

export interface UnionExpr extends NodeBase, UnionSpec {
  kind: 'union';
}

export interface DatatableExpr extends NodeBase {
  kind: 'datatable';
  columns: { name: string; type: KqlType }[];
  values: Expr[];
}

export interface PrintExpr extends NodeBase {
  kind: 'print';
  columns: ColumnAssignment[];
}

export interface SearchSpec {
  caseSensitive: boolean;
  predicate: Expr;
}

export interface SearchExpr extends NodeBase, SearchSpec {
  kind: 'search';
  /** `search in (T1, T2)`; all tables when absent. */
  tables?: string[];
}

export interface RangeExpr extends NodeBase {
  kind: 'range';
  column: string;
  from: Expr;
  to: Expr;
  step: Expr;
}

export type Expr =
  | LiteralExpr
  | NameExpr
  | StarExpr
  | MemberExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | ListExpr
  | BetweenExpr
  | SearchTermExpr
  | ParenExpr
  | PipeExpr
  | UnionExpr
  | DatatableExpr
  | PrintExpr
  | SearchExpr
  | RangeExpr;

export interface ColumnAssignment {
  name?: string;
  expr: Expr;
  start: number;
}

export interface SortKey {
  expr: Expr;
  descending: boolean;
  nullsFirst: boolean;
}

export interface JoinKey {
  left: string;
  right: string;
  start: number;
}

export type JoinKind = 'inner' | 'innerunique' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftsemi' | 'leftanti' | 'rightsemi' | 'rightanti';

export interface MvExpandItem {
  name?: string;
  expr: Expr;
  toType?: KqlType;
}

interface OperatorBase {
  start: number;
}

export type Operator =
  | (OperatorBase & { op: 'where'; predicate: Expr })
  | (OperatorBase & { op: 'project' | 'extend' | 'serialize'; columns: ColumnAssignment[] })
  | (OperatorBase & { op: 'project-away' | 'project-keep' | 'project-reorder'; patterns: { pattern: string; start: number }[] })
  | (OperatorBase & { op: 'project-rename'; renames: { newName: string; oldName: string; start: number }[] })
  | (OperatorBase & { op: 'summarize'; aggregates: ColumnAssignment[]; by: ColumnAssignment[] })
  | (OperatorBase & { op: 'take'; count: Expr })
  | (OperatorBase & { op: 'top'; count: Expr; keys: SortKey[] })
  | (OperatorBase & { op: 'sort'; keys: SortKey[] })
  | (OperatorBase & { op: 'distinct'; columns: ColumnAssignment[] | '*' })
  | (OperatorBase & { op: 'count' })
  | (OperatorBase & { op: 'getschema' })
  | (OperatorBase & { op: 'render' })
  | (OperatorBase & { op: 'join'; joinKind: JoinKind; lookup: boolean; right: Expr; keys: JoinKey[] })
  | (OperatorBase & {
      op: 'mv-expand';
      items: MvExpandItem[];
      bagExpansion: 'bag' | 'array';
      itemIndex?: string;
      limit?: Expr;
    })
  | (OperatorBase & { op: 'search'; search: SearchSpec })
  | (OperatorBase & { op: 'invoke'; name: string; args: Expr[] })
  | (OperatorBase & { op: 'union'; union: UnionSpec });

export type Statement = { kind: 'let'; name: string; value: Expr; start: number } | { kind: 'query'; expr: Expr; start: number };
