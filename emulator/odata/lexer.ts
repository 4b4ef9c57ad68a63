import { DATETIME_PATTERN } from './datetime';

export type TokenKind = 'identifier' | 'string' | 'number' | 'datetime' | 'guid' | 'lparen' | 'rparen' | 'comma' | 'colon' | 'slash' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for strings: including the quotes, escapes not undone). */
  text: string;
  /** Unescaped string content for 'string' tokens; otherwise equal to `text`. */
  value: string;
  /** Offset of the first character in the filter text. */
  pos: number;
  /** Offset just past the last character. */
  end: number;
}

/** Thrown by the lexer and caught by the parser, which knows the dialect and turns it into an ODataQueryError. */
export class LexError {
  constructor(readonly position: number) {}
}

const GUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
const DATETIME = new RegExp(DATETIME_PATTERN.source, 'y');
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/uy;
const WHITESPACE = /\s+/y;
/** A literal glued to a following letter, digit, dot, colon or dash (`12abc`, `2024-05-01T`) is malformed. */
const GLUED = /[\p{L}\p{N}_.:-]/u;

const PUNCTUATION: Record<string, TokenKind> = {
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
  ':': 'colon',
  '/': 'slash',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const push = (kind: TokenKind, end: number, value?: string): void => {
    const raw = text.slice(pos, end);
    tokens.push({ kind, text: raw, value: value ?? raw, pos, end });
    pos = end;
  };
  const stickyMatch = (re: RegExp): number | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    return m ? pos + m[0].length : undefined;
  };
  const literalEnd = (re: RegExp): number | undefined => {
    const end = stickyMatch(re);
    if (end === undefined) return undefined;
    if (end < text.length && GLUED.test(text[end] ?? '')) throw new LexError(end);
    return end;
  };

  while (pos < text.length) {
    const ws = stickyMatch(WHITESPACE);
    if (ws !== undefined) {
      pos = ws;
      continue;
    }
    const ch = text[pos] ?? '';
    const punct = PUNCTUATION[ch];
    if (punct !== undefined) {
      push(punct, pos + 1);
      continue;
    }
    if (ch === "'") {
      const { end, value } = readString(text, pos);
      push('string', end, value);
      continue;
    }
    // Order matters: a GUID may start with digits or hex letters, and a date starts like a number.
    const guidEnd = literalEnd(GUID);
    if (guidEnd !== undefined) {
      push('guid', guidEnd);
      continue;
    }
    if (/[\d-]/.test(ch)) {
      const dateEnd = stickyMatch(DATETIME);
      if (dateEnd !== undefined) {
        if (dateEnd < text.length && GLUED.test(text[dateEnd] ?? '')) throw new LexError(dateEnd);
        push('datetime', dateEnd);
        continue;
      }
      const numberEnd = literalEnd(NUMBER);
      if (numberEnd !== undefined) {
        push('number', numberEnd);
        continue;
      }
      throw new LexError(pos);
    }
    const identEnd = stickyMatch(IDENTIFIER);
    if (identEnd !== undefined) {
      push('identifier', identEnd);
      continue;
    }
    throw new LexError(pos);
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: text.length, end: text.length });
  return tokens;
}

/** OData strings escape a quote by doubling it; that is the only escape (a backslash is an ordinary character). */
function readString(text: string, start: number): { end: number; value: string } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close < 0) throw new LexError(start);
    value += text.slice(i, close);
    if (text[close + 1] === "'") {
      value += "'";
      i = close + 2;
      continue;
    }
    return { end: close + 1, value };
  }
}
