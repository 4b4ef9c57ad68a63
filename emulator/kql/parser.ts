import type { ColumnAssignment, Expr, JoinKey, JoinKind, MvExpandItem, Operator, SearchSpec, SortKey, Statement, UnionArg, UnionSpec } from './ast';
import { formatDatetime, formatTimespan, parseDatetime, parseTimespan, TICKS_PER_DAY } from './datetime';
import { KqlError, syntaxError, syntaxErrorAt, unsupported } from './errors';
import { tokenize, type Token } from './lexer';
import { kqlTypeFromName, type KqlType } from './types';
import { setOwn } from './values';

/** Parentheses, calls and unary operators may nest this deep. */
export const MAX_NESTING = 200;
/** Depth of the finished syntax tree (left-associative chains such as a+b+c+... count too). */
export const MAX_TREE_DEPTH = 1200;

const COMPARISON_OPERATORS = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~']);

export const STRING_OPERATORS = new Set([
  'contains',
  '!contains',
  'contains_cs',
  '!contains_cs',
  'has',
  '!has',
  'has_cs',
  '!has_cs',
  'hasprefix',
  '!hasprefix',
  'hasprefix_cs',
  '!hasprefix_cs',
  'hassuffix',
  '!hassuffix',
  'hassuffix_cs',
  '!hassuffix_cs',
  'startswith',
  '!startswith',
  'startswith_cs',
  '!startswith_cs',
  'endswith',
  '!endswith',
  'endswith_cs',
  '!endswith_cs',
]);

const LIST_OPERATORS = new Set(['in', 'in~', '!in', '!in~', 'has_any', 'has_all', '!has_any', '!has_all']);

const TYPED_LITERALS: Record<string, KqlType> = {
  int: 'int',
  long: 'long',
  real: 'real',
  double: 'real',
  decimal: 'decimal',
  bool: 'bool',
  boolean: 'bool',
};

/** Real Kusto operators outside the emulator's subset: reported as unsupported, not as syntax errors. */
const UNSUPPORTED_OPERATORS = new Set([
  'as',
  'consume',
  'evaluate',
  'facet',
  'find',
  'fork',
  'make-series',
  'mv-apply',
  'mvapply',
  'parse',
  'parse-kv',
  'parse-where',
  'partition',
  'project-smart',
  'reduce',
  'sample',
  'sample-distinct',
  'scan',
  'top-hitters',
  'top-nested',
  'externaldata',
  'make-graph',
  'graph-match',
  'graph-merge',
  'graph-to-table',
  'graph-shortest-paths',
  'graph-mark-components',
  'execute',
  'macro-expand',
]);

const UNSUPPORTED_STATEMENTS = new Set(['set', 'declare', 'alias', 'pattern', 'restrict']);

const JOIN_KINDS: Record<string, JoinKind> = {
  inner: 'inner',
  innerunique: 'innerunique',
  leftouter: 'leftouter',
  rightouter: 'rightouter',
  fullouter: 'fullouter',
  leftsemi: 'leftsemi',
  leftanti: 'leftanti',
  anti: 'leftanti',
  leftantisemi: 'leftanti',
  rightsemi: 'rightsemi',
  rightanti: 'rightanti',
  rightantisemi: 'rightanti',
};

function isNameToken(token: Token): boolean {
  return token.kind === 'ident' && !token.text.startsWith('!') && !token.text.includes('~');
}

class Parser {
  private index = 0;
  private depth = 0;
  private searchMode = false;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  // ---- token helpers ----

  private peek(offset = 0): Token {
    const token = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
    if (!token) throw syntaxErrorAt(this.source, this.source.length, '<EOF>');
    return token;
  }

  private advance(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'punct' && token.text === text;
  }

  private isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.text === text;
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.advance();
    return true;
  }

  private acceptWord(text: string): boolean {
    if (!this.isWord(text)) return false;
    this.advance();
    return true;
  }

  private expectPunct(text: string): Token {
    if (!this.isPunct(text)) this.fail();
    return this.advance();
  }

  private expectWord(text: string): Token {
    if (!this.isWord(text)) this.fail();
    return this.advance();
  }

  private fail(token: Token = this.peek()): never {
    const shown = token.kind === 'eof' ? '<EOF>' : this.source.slice(token.start, token.end);
    throw syntaxErrorAt(this.source, token.start, shown);
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_NESTING) {
      const token = this.peek();
      throw new KqlError('syntax', `A recognition error occurred in the query. The query is nested too deeply (more than ${MAX_NESTING} levels)`, {
        ...syntaxErrorAt(this.source, token.start, '').location!,
        token: this.source.slice(token.start, token.end),
      });
    }
  }

  private leave(): void {
    this.depth--;
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.acceptPunct(',')) items.push(item());
    return items;
  }

  /** An identifier or ['quoted name']. */
  private isNameAt(offset: number): number {
    const token = this.peek(offset);
    if (isNameToken(token)) return 1;
    if (token.kind === 'punct' && token.text === '[' && this.peek(offset + 1).kind === 'string' && this.isPunct(']', offset + 2)) {
      return 3;
    }
    return 0;
  }

  private parseName(): string {
    const width = this.isNameAt(0);
    if (width === 0) this.fail();
    if (width === 1) return this.advance().text;
    this.advance();
    const name = this.advance().text;
    this.advance();
    return name;
  }

  /** A name with `*` wildcards written without spaces (Alert*, *Id, Device*Events). */
  private parsePattern(): { pattern: string; start: number } {
    const first = this.peek();
    if (this.isPunct('*')) this.advance();
    else if (this.isNameAt(0) === 3) return { pattern: this.parseName(), start: first.start };
    else if (isNameToken(first)) this.advance();
    else this.fail();
    let pattern = first.text;
    let end = first.end;
    for (;;) {
      const next = this.peek();
      if (next.start !== end) break;
      if ((next.kind === 'punct' && next.text === '*') || (isNameToken(next) && pattern.endsWith('*'))) {
        pattern += next.text;
        end = next.end;
        this.advance();
      } else break;
    }
    return { pattern, start: first.start };
  }

  // ---- statements ----

  parseStatements(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.acceptPunct(';'));
      const token = this.peek();
      if (token.kind === 'eof') break;
      if (this.isWord('let')) {
        statements.push(this.parseLet());
      } else if (token.kind === 'ident' && UNSUPPORTED_STATEMENTS.has(token.text) && isNameToken(this.peek(1))) {
        throw unsupported(token.text, 'statement');
      } else {
        statements.push({ kind: 'query', expr: this.parsePipe(), start: token.start });
      }
      if (this.peek().kind === 'eof') break;
      this.expectPunct(';');
    }
    return statements;
  }

  private parseLet(): Statement {
    const start = this.advance().start;
    const name = this.parseName();
    this.expectPunct('=');
    if (this.isWord('view') && this.isPunct('(', 1)) throw unsupported('let ... = view', 'statement');
    if (this.isPunct('(') && ((this.isPunct(')', 1) && this.isPunct('{', 2)) || (isNameToken(this.peek(1)) && this.isPunct(':', 2)))) {
      throw unsupported('user-defined function', 'feature');
    }
    return { kind: 'let', name, value: this.parsePipe(), start };
  }

  // ---- tabular expressions ----

  private parsePipe(): Expr {
    this.enter();
    const start = this.peek().start;
    const source = this.parseTabularSource() ?? this.parseOr();
    if (!this.isPunct('|')) {
      this.leave();
      return source;
    }
    const operators: Operator[] = [];
    while (this.acceptPunct('|')) operators.push(this.parseOperator());
    this.leave();
    return { kind: 'pipe', source, operators, start };
  }

  private parseTabularSource(): Expr | undefined {
    const token = this.peek();
    if (token.kind !== 'ident') return undefined;
    switch (token.text) {
      case 'union':
        this.advance();
        return { kind: 'union', start: token.start, ...this.parseUnionSpec() };
      case 'datatable':
        return this.isPunct('(', 1) ? this.parseDatatable() : undefined;
      case 'print':
        this.advance();
        return { kind: 'print', start: token.start, columns: this.list(() => this.parseColumnAssignment()) };
      case 'search': {
        this.advance();
        const spec = this.parseSearchSpec(true);
        return { kind: 'search', start: token.start, ...spec };
      }
      case 'range':
        if (isNameToken(this.peek(1)) && this.isWord('from', 2)) return this.parseRange();
        return undefined;
      case 'find':
      case 'externaldata':
      case 'evaluate':
        throw unsupported(token.text, 'operator');
      default:
        return undefined;
    }
  }

  private parseDatatable(): Expr {
    const start = this.advance().start;
    this.expectPunct('(');
    const columns = this.list(() => {
      const name = this.parseName();
      this.expectPunct(':');
      const typeToken = this.advance();
      const type = typeToken.kind === 'ident' ? kqlTypeFromName(typeToken.text) : undefined;
      if (!type) this.fail(typeToken);
      return { name, type };
    });
    this.expectPunct(')');
    this.expectPunct('[');
    const values: Expr[] = [];
    while (!this.isPunct(']')) {
      values.push(this.parseOr());
      if (!this.acceptPunct(',')) break;
    }
    this.expectPunct(']');
    return { kind: 'datatable', start, columns, values };
  }

  private parseRange(): Expr {
    const start = this.advance().start;
    const column = this.parseName();
    this.expectWord('from');
    const from = this.parseOr();
    this.expectWord('to');
    const to = this.parseOr();
    this.expectWord('step');
    const step = this.parseOr();
    return { kind: 'range', start, column, from, to, step };
  }

  private skipHint(): boolean {
    if (!(this.isWord('hint') && this.isPunct('.', 1))) return false;
    this.advance();
    this.advance();
    this.parseName();
    this.expectPunct('=');
    const value = this.advance();
    if (value.kind === 'eof' || value.kind === 'punct') this.fail(value);
    return true;
  }

  private parseUnionSpec(): UnionSpec {
    const spec: UnionSpec = { unionKind: 'outer', isFuzzy: false, args: [] };
    for (;;) {
      if (this.isWord('kind') && this.isPunct('=', 1)) {
        this.advance();
        this.advance();
        const kind = this.advance();
        if (kind.text !== 'inner' && kind.text !== 'outer') this.fail(kind);
        spec.unionKind = kind.text;
      } else if (this.isWord('withsource') && this.isPunct('=', 1)) {
        this.advance();
        this.advance();
        spec.withSource = this.parseName();
      } else if (this.isWord('isfuzzy') && this.isPunct('=', 1)) {
        this.advance();
        this.advance();
        const value = this.advance();
        if (value.text !== 'true' && value.text !== 'false') this.fail(value);
        spec.isFuzzy = value.text === 'true';
      } else if (!this.skipHint()) break;
    }
    spec.args = this.list((): UnionArg => {
      const start = this.peek().start;
      if (this.acceptPunct('(')) {
        const expr = this.parsePipe();
        this.expectPunct(')');
        return { expr, start };
      }
      return { name: this.parsePattern().pattern, start };
    });
    return spec;
  }

  private parseSearchSpec(allowTables: boolean): SearchSpec & { tables?: string[] } {
    let caseSensitive = false;
    if (this.isWord('kind') && this.isPunct('=', 1)) {
      this.advance();
      this.advance();
      const kind = this.advance();
      if (kind.text !== 'case_sensitive' && kind.text !== 'case_insensitive') this.fail(kind);
      caseSensitive = kind.text === 'case_sensitive';
    }
    let tables: string[] | undefined;
    if (allowTables && this.isWord('in') && this.isPunct('(', 1)) {
      this.advance();
      this.advance();
      tables = this.list(() => this.parsePattern().pattern);
      this.expectPunct(')');
    }
    this.searchMode = true;
    const predicate = this.toSearchPredicate(this.parseOr());
    this.searchMode = false;
    return tables ? { caseSensitive, predicate, tables } : { caseSensitive, predicate };
  }

  /** In a search predicate a bare string is a term to look for in every column. */
  private toSearchPredicate(expr: Expr): Expr {
    switch (expr.kind) {
      case 'literal':
        if (expr.type === 'string') return { kind: 'searchTerm', term: String(expr.value), start: expr.start };
        return expr;
      case 'logical':
        return { ...expr, operands: expr.operands.map((e) => this.toSearchPredicate(e)) };
      case 'paren':
        return { ...expr, inner: this.toSearchPredicate(expr.inner) };
      case 'call':
        if (expr.name === 'not' && expr.args.length === 1) return { ...expr, args: expr.args.map((e) => this.toSearchPredicate(e)) };
        return expr;
      default:
        return expr;
    }
  }

  // ---- operators ----

  private parseOperator(): Operator {
    const token = this.advance();
    const start = token.start;
    if (token.kind !== 'ident') this.fail(token);
    switch (token.text) {
      case 'where':
      case 'filter':
        return { op: 'where', start, predicate: this.parseOr() };
      case 'project':
      case 'extend':
        return { op: token.text, start, columns: this.list(() => this.parseColumnAssignment()) };
      case 'serialize': {
        const columns = this.isNameAt(0) || this.peek().kind === 'string' ? this.list(() => this.parseColumnAssignment()) : [];
        return { op: 'serialize', start, columns };
      }
      case 'project-away':
      case 'project-keep':
      case 'project-reorder':
        return { op: token.text, start, patterns: this.list(() => this.parseReorderPattern()) };
      case 'project-rename':
        return {
          op: 'project-rename',
          start,
          renames: this.list(() => {
            const renameStart = this.peek().start;
            const newName = this.parseName();
            this.expectPunct('=');
            return { newName, oldName: this.parseName(), start: renameStart };
          }),
        };
      case 'summarize':
        return this.parseSummarize(start);
      case 'take':
      case 'limit':
        return { op: 'take', start, count: this.parseOr() };
      case 'top': {
        const count = this.parseOr();
        this.expectWord('by');
        return { op: 'top', start, count, keys: this.list(() => this.parseSortKey()) };
      }
      case 'sort':
      case 'order':
        this.expectWord('by');
        return { op: 'sort', start, keys: this.list(() => this.parseSortKey()) };
      case 'distinct':
        if (this.acceptPunct('*')) return { op: 'distinct', start, columns: '*' };
        return { op: 'distinct', start, columns: this.list(() => this.parseColumnAssignment()) };
      case 'count':
        return { op: 'count', start };
      case 'getschema':
        return { op: 'getschema', start };
      case 'join':
        return this.parseJoin(start, false);
      case 'lookup':
        return this.parseJoin(start, true);
      case 'mv-expand':
      case 'mvexpand':
        return this.parseMvExpand(start);
      case 'search':
        return { op: 'search', start, search: this.parseSearchSpec(false) };
      case 'union':
        return { op: 'union', start, union: this.parseUnionSpec() };
      case 'render':
        this.skipToOperatorEnd();
        return { op: 'render', start };
      case 'invoke': {
        const nameToken = this.advance();
        if (nameToken.kind !== 'ident') this.fail(nameToken);
        if (nameToken.text !== 'FileProfile') throw unsupported(nameToken.text, 'function');
        this.expectPunct('(');
        const args = this.isPunct(')') ? [] : this.list(() => this.parseOr());
        this.expectPunct(')');
        return { op: 'invoke', start, name: nameToken.text, args };
      }
      default:
        if (UNSUPPORTED_OPERATORS.has(token.text)) throw unsupported(token.text, 'operator');
        return this.fail(token);
    }
  }

  /** `render` only shapes charts; its arguments are skipped. */
  private skipToOperatorEnd(): void {
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') return;
      if (token.kind === 'punct') {
        if (token.text === '(') depth++;
        else if (token.text === ')') {
          if (depth === 0) return;
          depth--;
        } else if (depth === 0 && (token.text === '|' || token.text === ';')) return;
      }
      this.advance();
    }
  }

  private parseReorderPattern(): { pattern: string; start: number } {
    const pattern = this.parsePattern();
    if (this.isWord('asc') || this.isWord('desc') || this.isWord('granny-asc') || this.isWord('granny-desc')) this.advance();
    return pattern;
  }

  private parseColumnAssignment(): ColumnAssignment {
    const start = this.peek().start;
    const width = this.isNameAt(0);
    if (width > 0 && this.isPunct('=', width)) {
      const name = this.parseName();
      this.advance();
      return { name, expr: this.parseOr(), start };
    }
    return { expr: this.parseOr(), start };
  }

  private parseSortKey(): SortKey {
    const expr = this.parseOr();
    let descending = true;
    if (this.acceptWord('asc')) descending = false;
    else this.acceptWord('desc');
    let nullsFirst = !descending;
    if (this.acceptWord('nulls')) {
      if (this.acceptWord('first')) nullsFirst = true;
      else if (this.acceptWord('last')) nullsFirst = false;
      else this.fail();
    }
    return { expr, descending, nullsFirst };
  }

  private parseSummarize(start: number): Operator {
    while (this.skipHint());
    const aggregates = this.isWord('by') ? [] : this.list(() => this.parseColumnAssignment());
    const by = this.acceptWord('by') ? this.list(() => this.parseColumnAssignment()) : [];
    return { op: 'summarize', start, aggregates, by };
  }

  private parseJoin(start: number, lookup: boolean): Operator {
    let joinKind: JoinKind = lookup ? 'leftouter' : 'innerunique';
    for (;;) {
      if (this.isWord('kind') && this.isPunct('=', 1)) {
        this.advance();
        this.advance();
        const kind = this.advance();
        const resolved = kind.kind === 'ident' && Object.prototype.hasOwnProperty.call(JOIN_KINDS, kind.text) ? JOIN_KINDS[kind.text] : undefined;
        if (!resolved || (lookup && resolved !== 'leftouter' && resolved !== 'inner')) this.fail(kind);
        joinKind = resolved;
      } else if (!this.skipHint()) break;
    }
    let right: Expr;
    if (this.isPunct('(')) {
      this.advance();
      right = this.parsePipe();
      this.expectPunct(')');
    } else {
      const nameStart = this.peek().start;
      right = { kind: 'name', name: this.parseName(), quoted: false, start: nameStart };
    }
    this.expectWord('on');
    const keys: JoinKey[] = [this.parseJoinKey()];
    while (this.acceptPunct(',') || this.acceptWord('and')) keys.push(this.parseJoinKey());
    return { op: 'join', start, joinKind, lookup, right, keys };
  }

  private parseJoinKey(): JoinKey {
    const start = this.peek().start;
    if (!this.isPunct('$')) {
      const name = this.parseName();
      return { left: name, right: name, start };
    }
    const first = this.parseSideReference();
    this.expectPunct('==');
    const secondToken = this.peek();
    const second = this.parseSideReference();
    if (first.side === second.side) this.fail(secondToken);
    return first.side === 'left' ? { left: first.column, right: second.column, start } : { left: second.column, right: first.column, start };
  }

  private parseSideReference(): { side: 'left' | 'right'; column: string } {
    this.expectPunct('$');
    const side = this.advance();
    if (side.text !== 'left' && side.text !== 'right') this.fail(side);
    this.expectPunct('.');
    return { side: side.text, column: this.parseName() };
  }

  private parseMvExpand(start: number): Operator {
    let bagExpansion: 'bag' | 'array' = 'bag';
    let itemIndex: string | undefined;
    for (;;) {
      if ((this.isWord('bagexpansion') || this.isWord('kind')) && this.isPunct('=', 1)) {
        this.advance();
        this.advance();
        const value = this.advance();
        if (value.text !== 'bag' && value.text !== 'array') this.fail(value);
        bagExpansion = value.text;
      } else if (this.isWord('with_itemindex') && this.isPunct('=', 1)) {
        this.advance();
        this.advance();
        itemIndex = this.parseName();
      } else break;
    }
    const items = this.list((): MvExpandItem => {
      const assignment = this.parseColumnAssignment();
      const item: MvExpandItem = { expr: assignment.expr };
      if (assignment.name !== undefined) item.name = assignment.name;
      if (this.acceptWord('to')) {
        this.expectWord('typeof');
        this.expectPunct('(');
        const typeToken = this.advance();
        const type = typeToken.kind === 'ident' ? kqlTypeFromName(typeToken.text) : undefined;
        if (!type) this.fail(typeToken);
        item.toType = type;
        this.expectPunct(')');
      }
      return item;
    });
    const operator: Operator = { op: 'mv-expand', start, items, bagExpansion };
    if (itemIndex !== undefined) operator.itemIndex = itemIndex;
    if (this.acceptWord('limit')) operator.limit = this.parseOr();
    return operator;
  }

  // ---- scalar expressions ----

  private parseOr(): Expr {
    const start = this.peek().start;
    const first = this.parseAnd();
    if (!this.isWord('or')) return first;
    const operands = [first];
    while (this.acceptWord('or')) operands.push(this.parseAnd());
    return { kind: 'logical', op: 'or', operands, start };
  }

  private parseAnd(): Expr {
    const start = this.peek().start;
    const first = this.parseComparison();
    if (!this.isWord('and')) return first;
    const operands = [first];
    while (this.acceptWord('and')) operands.push(this.parseComparison());
    return { kind: 'logical', op: 'and', operands, start };
  }

  private parseComparison(): Expr {
    const start = this.peek().start;
    let left = this.parseAdditive();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'punct' && COMPARISON_OPERATORS.has(token.text)) {
        this.advance();
        const right = this.parseAdditive();
        left = { kind: 'binary', op: token.text === '<>' ? '!=' : token.text, left, right, start };
        continue;
      }
      if (this.searchMode && token.kind === 'punct' && token.text === ':' && left.kind === 'name') {
        this.advance();
        const term = this.advance();
        if (term.kind !== 'string') this.fail(term);
        left = { kind: 'searchTerm', term: term.text, column: left.name, start };
        continue;
      }
      if (token.kind !== 'ident') break;
      if (STRING_OPERATORS.has(token.text)) {
        this.advance();
        const right = this.parseAdditive();
        left = { kind: 'binary', op: token.text, left, right, start };
      } else if (LIST_OPERATORS.has(token.text)) {
        this.advance();
        this.expectPunct('(');
        const items = this.list(() => this.parsePipe());
        this.expectPunct(')');
        left = { kind: 'list', op: token.text, left, items, start };
      } else if (token.text === 'between' || token.text === '!between') {
        this.advance();
        this.expectPunct('(');
        const low = this.parseAdditive();
        this.expectPunct('..');
        const high = this.parseAdditive();
        this.expectPunct(')');
        left = { kind: 'between', negated: token.text === '!between', left, low, high, start };
      } else if (token.text === 'matches' && this.isWord('regex', 1)) {
        this.advance();
        this.advance();
        const right = this.parseAdditive();
        left = { kind: 'binary', op: 'matches regex', left, right, start };
      } else break;
    }
    return left;
  }

  private parseAdditive(): Expr {
    const start = this.peek().start;
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.advance().text;
      left = { kind: 'binary', op, left, right: this.parseMultiplicative(), start };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    const start = this.peek().start;
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) {
      const op = this.advance().text;
      left = { kind: 'binary', op, left, right: this.parseUnary(), start };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isPunct('-') || this.isPunct('+')) {
      this.enter();
      const token = this.advance();
      const operand = this.parseUnary();
      this.leave();
      const op = token.text === '-' ? '-' : '+';
      if (operand.kind === 'literal' && typeof operand.value === 'number' && operand.type !== 'datetime') {
        return { ...operand, value: op === '-' ? -operand.value : operand.value, start: token.start };
      }
      return { kind: 'unary', op, operand, start: token.start };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    const start = this.peek().start;
    let expr = this.parsePrimary();
    for (;;) {
      if (this.isPunct('.')) {
        const width = this.isNameAt(1);
        if (width === 0) this.fail(this.peek(1));
        this.advance();
        expr = { kind: 'member', target: expr, name: this.parseName(), start };
      } else if (this.isPunct('[')) {
        this.enter();
        this.advance();
        const index = this.parseOr();
        this.expectPunct(']');
        this.leave();
        expr = { kind: 'index', target: expr, index, start };
      } else {
        return expr;
      }
    }
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    const start = token.start;
    switch (token.kind) {
      case 'string': {
        let text = this.advance().text;
        while (this.peek().kind === 'string') text += this.advance().text;
        return { kind: 'literal', type: 'string', value: text, start };
      }
      case 'int':
        this.advance();
        return { kind: 'literal', type: 'long', value: token.number ?? 0, start };
      case 'real':
        this.advance();
        return { kind: 'literal', type: 'real', value: token.number ?? 0, start };
      case 'timespan':
        this.advance();
        return { kind: 'literal', type: 'timespan', value: token.number ?? 0, start };
      case 'raw':
        this.advance();
        return this.rawLiteral(token);
      case 'punct':
        if (token.text === '(') {
          this.advance();
          const inner = this.parsePipe();
          this.expectPunct(')');
          return { kind: 'paren', inner, start };
        }
        if (token.text === '[' && this.isNameAt(0) === 3) {
          return { kind: 'name', name: this.parseName(), quoted: true, start };
        }
        if (token.text === '*') {
          this.advance();
          return { kind: 'star', start };
        }
        return this.fail(token);
      case 'ident':
        return this.parseIdentifierExpression(token);
      default:
        return this.fail(token);
    }
  }

  private parseIdentifierExpression(token: Token): Expr {
    const start = token.start;
    if (!isNameToken(token)) this.fail(token);
    if (token.text === 'true' || token.text === 'false') {
      this.advance();
      return { kind: 'literal', type: 'bool', value: token.text === 'true', start };
    }
    if (!this.isPunct('(', 1)) {
      this.advance();
      return { kind: 'name', name: token.text, quoted: false, start };
    }
    if (token.text === 'dynamic') {
      this.advance();
      this.advance();
      const value = this.parseJsonValue();
      this.expectPunct(')');
      return { kind: 'literal', type: 'dynamic', value, start };
    }
    const typed = Object.prototype.hasOwnProperty.call(TYPED_LITERALS, token.text) ? TYPED_LITERALS[token.text] : undefined;
    if (typed) return this.typedLiteral(typed);
    this.advance();
    this.advance();
    const args = this.isPunct(')') ? [] : this.list(() => this.parsePipe());
    this.expectPunct(')');
    return { kind: 'call', name: token.text, args, start };
  }

  /** int(5), long(null), real(nan), bool(true), ... */
  private typedLiteral(type: KqlType): Expr {
    const start = this.advance().start;
    this.advance();
    let value: unknown = null;
    const token = this.peek();
    if (this.acceptWord('null')) {
      value = null;
    } else if (type === 'bool') {
      if (!this.isWord('true') && !this.isWord('false')) this.fail();
      value = this.advance().text === 'true';
    } else {
      let sign = 1;
      if (this.acceptPunct('-')) sign = -1;
      else this.acceptPunct('+');
      const number = this.advance();
      if (number.kind === 'int' || number.kind === 'real') {
        value = sign * (number.number ?? 0);
        if (type === 'int' || type === 'long') value = Math.trunc(value as number);
      } else if ((type === 'real' || type === 'decimal') && number.kind === 'ident' && (number.text === 'nan' || number.text === 'inf')) {
        value = number.text === 'nan' ? NaN : sign * Infinity;
      } else this.fail(number.kind === 'eof' ? number : token);
    }
    this.expectPunct(')');
    return { kind: 'literal', type, value, start };
  }

  private rawLiteral(token: Token): Expr {
    const start = token.start;
    let text = token.text;
    if ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'"))) {
      text = text.length >= 2 ? text.slice(1, -1) : text;
    }
    const isNull = text === 'null';
    switch (token.rawKind) {
      case 'datetime': {
        const value = isNull ? null : parseDatetime(text);
        if (value === null && !isNull) this.fail(token);
        return { kind: 'literal', type: 'datetime', value, start };
      }
      case 'guid': {
        if (!isNull && !/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(text)) this.fail(token);
        return { kind: 'literal', type: 'guid', value: isNull ? null : text.toLowerCase(), start };
      }
      default: {
        let value: number | null = null;
        if (!isNull) {
          value = /^[+-]?\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * TICKS_PER_DAY) : parseTimespan(text);
          if (value === null) this.fail(token);
        }
        return { kind: 'literal', type: 'timespan', value, start };
      }
    }
  }

  /** The JSON-like body of dynamic(...). */
  private parseJsonValue(): unknown {
    this.enter();
    const token = this.advance();
    let value: unknown;
    switch (token.kind) {
      case 'string':
        value = token.text;
        break;
      case 'int':
      case 'real':
        value = token.number ?? 0;
        break;
      case 'timespan':
        value = formatTimespan(token.number ?? 0);
        break;
      case 'raw': {
        const literal = this.rawLiteral(token);
        value =
          literal.kind === 'literal' && literal.value !== null
            ? literal.type === 'datetime'
              ? formatDatetime(literal.value as number)
              : literal.type === 'timespan'
                ? formatTimespan(literal.value as number)
                : literal.value
            : null;
        break;
      }
      case 'ident':
        if (token.text === 'true' || token.text === 'false') value = token.text === 'true';
        else if (token.text === 'null') value = null;
        else this.fail(token);
        break;
      case 'punct':
        if (token.text === '-' || token.text === '+') {
          const number = this.advance();
          if (number.kind !== 'int' && number.kind !== 'real') this.fail(number);
          value = (token.text === '-' ? -1 : 1) * (number.number ?? 0);
        } else if (token.text === '[') {
          const items: unknown[] = [];
          if (!this.acceptPunct(']')) {
            do items.push(this.parseJsonValue());
            while (this.acceptPunct(','));
            this.expectPunct(']');
          }
          value = items;
        } else if (token.text === '{') {
          const bag: Record<string, unknown> = {};
          if (!this.acceptPunct('}')) {
            do {
              const key = this.advance();
              if (key.kind !== 'string' && !isNameToken(key)) this.fail(key);
              this.expectPunct(':');
              setOwn(bag, key.text, this.parseJsonValue());
            } while (this.acceptPunct(','));
            this.expectPunct('}');
          }
          value = bag;
        } else this.fail(token);
        break;
      default:
        this.fail(token);
    }
    this.leave();
    return value;
  }
}

/** Rejects syntax trees deep enough to exhaust the stack of the (recursive) evaluator. */
function checkTreeDepth(statements: Statement[]): void {
  const stack: { node: unknown; depth: number }[] = statements.map((node) => ({ node, depth: 1 }));
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) {
      throw syntaxError(`The query is too complex: expressions nest more than ${MAX_TREE_DEPTH} levels deep`);
    }
    if (Array.isArray(node)) {
      for (const child of node) if (typeof child === 'object' && child !== null) stack.push({ node: child, depth });
    } else if (typeof node === 'object' && node !== null) {
      for (const value of Object.values(node)) {
        if (typeof value === 'object' && value !== null) stack.push({ node: value, depth: depth + 1 });
      }
    }
  }
}

export function parse(source: string): Statement[] {
  const parser = new Parser(source, tokenize(source));
  const statements = parser.parseStatements();
  checkTreeDepth(statements);
  return statements;
}
