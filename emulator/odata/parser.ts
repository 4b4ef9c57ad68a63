import { parseInstant } from './datetime';
import { echo, filterError, filterSyntaxError, ODataQueryError, unknownPropertyMessage } from './errors';
import { LexError, tokenize, type Token } from './lexer';
import { filterableKind, resolveFilterable } from './properties';
import type { ComparisonOperator, EntitySetSpec, FilterNode, LiteralNode, PropertyKind, StringPredicate, StringTransform } from './types';

export const MAX_FILTER_LENGTH = 8000;
export const MAX_FILTER_DEPTH = 100;

type ExprType = PropertyKind | 'null' | 'guid';

const EQUALITY: readonly string[] = ['eq', 'ne'];
const RELATIONAL: readonly string[] = ['gt', 'ge', 'lt', 'le'];
const PREDICATES: readonly string[] = ['startswith', 'endswith', 'contains'];
const TRANSFORMS: readonly string[] = ['tolower', 'toupper'];
/** OData operators and keywords: never property names, so a stray one is a syntax error. */
const RESERVED = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'has', 'add', 'sub', 'mul', 'div', 'divby', 'mod']);

const OPERATOR_KIND: Record<ComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

const EDM_NAME: Record<ExprType, string> = {
  string: 'Edm.String',
  enum: 'Edm.Enum',
  datetime: 'Edm.DateTimeOffset',
  number: 'Edm.Double',
  boolean: 'Edm.Boolean',
  stringCollection: 'Collection(Edm.String)',
  null: 'null',
  guid: 'Edm.Guid',
};

/** Parses a `$filter` value (already percent-decoded). Throws only ODataQueryError. */
export function parseFilter(text: string, spec: EntitySetSpec): FilterNode {
  if (text.length > MAX_FILTER_LENGTH) {
    throw filterError(spec.dialect, `The $filter query option exceeds the maximum length of ${MAX_FILTER_LENGTH} characters.`);
  }
  try {
    return new FilterParser(text, spec).parse();
  } catch (err) {
    if (err instanceof ODataQueryError) throw err;
    if (err instanceof LexError) throw filterSyntaxError(spec.dialect, text, err.position);
    // Safety net for the "only ever ODataQueryError" contract; the depth limit should make this unreachable.
    throw filterError(spec.dialect, `The filter expression could not be parsed: '${echo(text)}'.`);
  }
}

export function typeOf(node: FilterNode): ExprType {
  switch (node.kind) {
    case 'literal':
      return node.type;
    case 'property':
      return node.type;
    case 'variable':
      return 'string';
    case 'function':
      return PREDICATES.includes(node.name) ? 'boolean' : 'string';
    default:
      return 'boolean';
  }
}

function isStringLike(t: ExprType): boolean {
  return t === 'string' || t === 'enum' || t === 'guid';
}

function comparable(a: ExprType, b: ExprType, op: ComparisonOperator): boolean {
  if (a === 'stringCollection' || b === 'stringCollection') return false;
  if (a === 'null' || b === 'null') return true;
  if (isStringLike(a) && isStringLike(b)) return true;
  if (a !== b) return false;
  return a !== 'boolean' || op === 'eq' || op === 'ne';
}

class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  /** Range variables of the enclosing lambdas, innermost last. */
  private readonly scopes: string[] = [];

  constructor(
    private readonly text: string,
    private readonly spec: EntitySetSpec,
  ) {
    this.tokens = tokenize(text);
  }

  parse(): FilterNode {
    const expr = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'eof') throw this.syntax(next);
    if (typeOf(expr) !== 'boolean') {
      throw filterError(this.spec.dialect, 'The $filter expression must evaluate to a single boolean value.');
    }
    return expr;
  }

  private parseOr(): FilterNode {
    return this.parseLogical('or', () => this.parseAnd());
  }

  private parseAnd(): FilterNode {
    return this.parseLogical('and', () => this.parseEquality());
  }

  /** and/or chains become one n-ary node, so long chains do not make deep trees. */
  private parseLogical(op: 'and' | 'or', operand: () => FilterNode): FilterNode {
    const first = operand();
    if (!this.isKeyword(op)) return first;
    const operands = [first];
    while (this.isKeyword(op)) {
      this.next();
      operands.push(operand());
    }
    for (let i = 0; i + 1 < operands.length; i++) {
      this.checkLogicalOperands(op, operands[i] as FilterNode, operands[i + 1] as FilterNode);
    }
    return { kind: op, operands };
  }

  // OData precedence: relational (gt ge lt le) binds tighter than equality (eq ne).
  private parseEquality(): FilterNode {
    return this.parseComparison(EQUALITY, () => this.parseRelational());
  }

  private parseRelational(): FilterNode {
    return this.parseComparison(RELATIONAL, () => this.parseUnary());
  }

  private parseComparison(ops: readonly string[], operand: () => FilterNode): FilterNode {
    let left = operand();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'identifier' || !ops.includes(tok.text)) return left;
      this.next();
      const op = tok.text as ComparisonOperator;
      const right = operand();
      const lt = typeOf(left);
      const rt = typeOf(right);
      if (!comparable(lt, rt, op)) {
        throw filterError(
          this.spec.dialect,
          `A binary operator with incompatible types was detected. Found operand types '${EDM_NAME[lt]}' and ` +
            `'${EDM_NAME[rt]}' for operator kind '${OPERATOR_KIND[op]}'.`,
        );
      }
      left = { kind: 'compare', op, left, right };
    }
  }

  // `not` binds tighter than comparisons, as in OData: `not status eq 'x'` negates `status` and is rejected.
  private parseUnary(): FilterNode {
    if (!this.isKeyword('not')) return this.parsePrimary();
    this.next();
    const operand = this.nested(() => this.parseUnary());
    const t = typeOf(operand);
    if (t !== 'boolean') {
      throw filterError(
        this.spec.dialect,
        `A unary operator with an incompatible type was detected. Found operand type '${EDM_NAME[t]}' for operator kind 'Not'.`,
      );
    }
    return { kind: 'not', operand };
  }

  private parsePrimary(): FilterNode {
    const tok = this.peek();
    let node: FilterNode;
    if (tok.kind === 'lparen') {
      this.next();
      node = this.nested(() => this.parseOr());
      this.expect('rparen');
    } else if (tok.kind === 'identifier') {
      node = this.parseIdentifier(tok);
    } else {
      const literal = this.literal(tok);
      if (!literal) throw this.syntax(tok);
      this.next();
      node = literal;
    }
    return this.isKeyword('in') ? this.parseIn(node) : node;
  }

  private parseIdentifier(tok: Token): FilterNode {
    if (RESERVED.has(tok.text)) throw this.syntax(tok);
    const literal = this.literal(tok);
    if (literal) {
      this.next();
      return literal;
    }
    this.next();
    if (this.peek().kind === 'lparen') return this.parseFunction(tok);
    if (this.scopes.includes(tok.text)) {
      if (this.peek().kind === 'slash') throw this.syntax(this.peek());
      return { kind: 'variable', name: tok.text };
    }
    const name = resolveFilterable(this.spec, tok.text);
    const type = name === undefined ? undefined : filterableKind(this.spec, name);
    if (name === undefined || type === undefined) {
      throw filterError(this.spec.dialect, unknownPropertyMessage(this.spec, tok.text));
    }
    const slash = this.peek();
    if (slash.kind === 'slash' && slash.pos === tok.end) return this.parseLambda(name, type, slash);
    return { kind: 'property', name, type };
  }

  private parseFunction(nameTok: Token): FilterNode {
    const name = nameTok.text;
    if (!PREDICATES.includes(name) && !TRANSFORMS.includes(name)) {
      throw filterError(this.spec.dialect, `An unknown function with name '${echo(name)}' was found.`);
    }
    this.expect('lparen');
    const args: FilterNode[] = [];
    this.nested(() => {
      if (this.peek().kind === 'rparen') return;
      args.push(this.parseOr());
      while (this.peek().kind === 'comma') {
        this.next();
        args.push(this.parseOr());
      }
    });
    this.expect('rparen');
    const arity = PREDICATES.includes(name) ? 2 : 1;
    const argsOk = args.length === arity && args.every((a) => typeOf(a) === 'null' || isStringLike(typeOf(a)));
    if (!argsOk) {
      throw filterError(this.spec.dialect, `No function signature for the function with name '${name}' matches the specified arguments.`);
    }
    return { kind: 'function', name: name as StringPredicate | StringTransform, args };
  }

  private parseLambda(collection: string, type: PropertyKind, slash: Token): FilterNode {
    this.next();
    const op = this.peek();
    if (op.kind !== 'identifier' || op.pos !== slash.end || (op.text !== 'any' && op.text !== 'all')) {
      throw this.syntax(op);
    }
    const quantifier = op.text;
    if (type !== 'stringCollection') {
      throw filterError(this.spec.dialect, `The '${quantifier}' operator can only be applied to a collection; '${collection}' is not a collection.`);
    }
    this.next();
    this.expect('lparen');
    if (quantifier === 'any' && this.peek().kind === 'rparen') {
      this.next();
      return { kind: 'lambda', quantifier, collection };
    }
    const variable = this.peek();
    if (variable.kind !== 'identifier' || RESERVED.has(variable.text) || this.literal(variable)) {
      throw this.syntax(variable);
    }
    this.next();
    this.expect('colon');
    this.scopes.push(variable.text);
    const predicate = this.nested(() => this.parseOr());
    this.scopes.pop();
    this.expect('rparen');
    if (typeOf(predicate) !== 'boolean') {
      throw filterError(this.spec.dialect, `The body of the '${quantifier}' lambda must evaluate to a boolean value.`);
    }
    return { kind: 'lambda', quantifier, collection, variable: variable.text, predicate };
  }

  private parseIn(operand: FilterNode): FilterNode {
    this.next();
    this.expect('lparen');
    const values: LiteralNode[] = [];
    for (;;) {
      const tok = this.peek();
      const literal = this.literal(tok);
      if (!literal) throw this.syntax(tok);
      this.next();
      if (!comparable(typeOf(operand), typeOf(literal), 'eq')) {
        throw filterError(this.spec.dialect, `The 'in' operator cannot compare '${EDM_NAME[typeOf(operand)]}' with '${EDM_NAME[typeOf(literal)]}'.`);
      }
      values.push(literal);
      if (this.peek().kind !== 'comma') break;
      this.next();
    }
    this.expect('rparen');
    return { kind: 'in', operand, values };
  }

  private literal(tok: Token): LiteralNode | undefined {
    switch (tok.kind) {
      case 'string':
        return { kind: 'literal', type: 'string', value: tok.value };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: tok.text.toLowerCase() };
      case 'number': {
        const value = Number(tok.text);
        if (!Number.isFinite(value)) throw this.syntax(tok);
        return { kind: 'literal', type: 'number', value };
      }
      case 'datetime': {
        const instant = parseInstant(tok.text);
        if (!instant) {
          throw filterError(this.spec.dialect, `Unrecognized 'Edm.DateTimeOffset' literal '${tok.text}' at '${tok.pos}' in '${echo(this.text)}'.`);
        }
        return { kind: 'literal', type: 'datetime', text: tok.text, instant };
      }
      case 'identifier':
        if (tok.text === 'true' || tok.text === 'false') {
          return { kind: 'literal', type: 'boolean', value: tok.text === 'true' };
        }
        return tok.text === 'null' ? { kind: 'literal', type: 'null' } : undefined;
      default:
        return undefined;
    }
  }

  private checkLogicalOperands(op: 'and' | 'or', left: FilterNode, right: FilterNode): void {
    const lt = typeOf(left);
    const rt = typeOf(right);
    if (lt !== 'boolean' || rt !== 'boolean') {
      throw filterError(
        this.spec.dialect,
        `A binary operator with incompatible types was detected. Found operand types '${EDM_NAME[lt]}' and ` +
          `'${EDM_NAME[rt]}' for operator kind '${op === 'and' ? 'And' : 'Or'}'.`,
      );
    }
  }

  /** Every recursive path in the grammar goes through here, which bounds the call stack. */
  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw filterError(this.spec.dialect, `The filter expression exceeds the maximum nesting depth of ${MAX_FILTER_DEPTH}.`);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private isKeyword(word: string): boolean {
    const tok = this.peek();
    return tok.kind === 'identifier' && tok.text === word;
  }

  private peek(): Token {
    // The token list always ends with 'eof' and next() never moves past it.
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const tok = this.peek();
    if (tok.kind !== 'eof') this.index++;
    return tok;
  }

  private expect(kind: Token['kind']): Token {
    const tok = this.peek();
    if (tok.kind !== kind) throw this.syntax(tok);
    return this.next();
  }

  private syntax(tok: Token): ODataQueryError {
    return filterSyntaxError(this.spec.dialect, this.text, tok.pos);
  }
}
