import { timespanUnit } from './datetime';
import { syntaxErrorAt } from './errors';

export type TokenKind = 'ident' | 'string' | 'int' | 'real' | 'timespan' | 'raw' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** ident: the name; string: the decoded text; punct: the symbol; raw: the text between the parentheses. */
  text: string;
  /** int / real / timespan (ticks) values. */
  number?: number;
  /** For raw tokens: the literal's keyword (datetime, time, timespan, guid). */
  rawKind?: string;
  start: number;
  end: number;
}

/** Operator names Kusto spells with a hyphen; everywhere else `a-b` is a subtraction. */
const HYPHENATED = new Set([
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'project-smart',
  'mv-expand',
  'mv-apply',
  'make-series',
  'top-nested',
  'top-hitters',
  'parse-where',
  'parse-kv',
  'sample-distinct',
  'make-graph',
  'graph-match',
  'graph-merge',
  'graph-to-table',
  'graph-shortest-paths',
  'graph-mark-components',
]);

/** Words that may follow `!` to form a negated operator (`!contains`, `!in~`, ...). */
const NEGATABLE = new Set([
  'contains',
  'contains_cs',
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'in',
  'in~',
  'between',
  'has_any',
  'has_all',
]);

const RAW_LITERALS = new Set(['datetime', 'time', 'timespan', 'guid']);

const PUNCT2 = ['==', '!=', '<>', '<=', '>=', '=~', '!~', '..'];
const PUNCT1 = '|()[]{},;.:=<>+-*/%$?';

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const UNICODE_LETTER = /\p{L}/u;

function isIdentStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (isAsciiLetter(c) || c === 95) return true;
  return c > 127 && UNICODE_LETTER.test(ch);
}

function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || isDigit(ch.charCodeAt(0));
}

function isWhitespace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x3000
  );
}

export class Lexer {
  private pos = 0;

  constructor(private readonly source: string) {}

  tokenize(): Token[] {
    const tokens: Token[] = [];
    for (;;) {
      const token = this.nextToken();
      tokens.push(token);
      if (token.kind === 'eof') return tokens;
    }
  }

  private error(start: number, text?: string): never {
    const shown = text ?? this.source.slice(start, Math.min(this.source.length, start + 20)).split('\n')[0] ?? '';
    throw syntaxErrorAt(this.source, start, shown);
  }

  private skipTrivia(): void {
    const s = this.source;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (isWhitespace(c)) {
        this.pos++;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 47) {
        const newline = s.indexOf('\n', this.pos);
        this.pos = newline < 0 ? s.length : newline + 1;
      } else {
        return;
      }
    }
  }

  private nextToken(): Token {
    this.skipTrivia();
    const s = this.source;
    const start = this.pos;
    if (start >= s.length) return { kind: 'eof', text: '<EOF>', start, end: start };
    const ch = s[start] ?? '';
    const c = s.charCodeAt(start);

    if (ch === '"' || ch === "'") return this.readString(start, start, ch);
    if (ch === '@' && (s[start + 1] === '"' || s[start + 1] === "'")) return this.readVerbatim(start, start + 1);
    if (ch === '`' && s.startsWith('```', start)) return this.readMultiline(start);
    if ((ch === 'h' || ch === 'H') && (s[start + 1] === '"' || s[start + 1] === "'")) {
      return this.readString(start, start + 1, s[start + 1] ?? '"');
    }
    if ((ch === 'h' || ch === 'H') && s[start + 1] === '@' && (s[start + 2] === '"' || s[start + 2] === "'")) {
      return this.readVerbatim(start, start + 2);
    }
    if (isDigit(c)) return this.readNumber(start);
    if (isIdentStart(ch)) return this.readIdentifier(start);
    if (ch === '!') {
      let end = start + 1;
      while (end < s.length && isIdentPart(s[end] ?? '')) end++;
      let word = s.slice(start + 1, end);
      if (word === 'in' && s[end] === '~') {
        word = 'in~';
        end++;
      }
      if (NEGATABLE.has(word)) {
        this.pos = end;
        return { kind: 'ident', text: `!${word}`, start, end };
      }
    }
    for (const p of PUNCT2) {
      if (s.startsWith(p, start)) {
        this.pos = start + 2;
        return { kind: 'punct', text: p, start, end: this.pos };
      }
    }
    if (PUNCT1.includes(ch)) {
      this.pos = start + 1;
      return { kind: 'punct', text: ch, start, end: this.pos };
    }
    const codePoint = s.codePointAt(start) ?? 0;
    return this.error(start, String.fromCodePoint(codePoint));
  }

  private readIdentifier(start: number): Token {
    const s = this.source;
    let end = start + 1;
    while (end < s.length && isIdentPart(s[end] ?? '')) end++;
    let word = s.slice(start, end);
    if (s[end] === '-') {
      let next = end + 1;
      while (next < s.length && (isIdentPart(s[next] ?? '') || s[next] === '-')) next++;
      const candidate = s.slice(start, next);
      if (HYPHENATED.has(candidate)) {
        word = candidate;
        end = next;
      }
    }
    if (word === 'in' && s[end] === '~') {
      word = 'in~';
      end++;
    }
    if (RAW_LITERALS.has(word)) {
      let open = end;
      while (open < s.length && isWhitespace(s.charCodeAt(open))) open++;
      if (s[open] === '(') return this.readRawLiteral(start, word, open);
    }
    this.pos = end;
    return { kind: 'ident', text: word, start, end };
  }

  /** datetime(2025-01-01T10:00:00Z), time(1d), guid(...): the contents are not ordinary tokens. */
  private readRawLiteral(start: number, keyword: string, open: number): Token {
    const close = this.source.indexOf(')', open + 1);
    if (close < 0) return this.error(start, this.source.slice(start, open + 1));
    this.pos = close + 1;
    return { kind: 'raw', rawKind: keyword, text: this.source.slice(open + 1, close).trim(), start, end: this.pos };
  }

  private readString(start: number, quoteAt: number, quote: string): Token {
    const s = this.source;
    let i = quoteAt + 1;
    let out = '';
    let chunkStart = i;
    while (i < s.length) {
      const ch = s[i];
      if (ch === quote) {
        out += s.slice(chunkStart, i);
        this.pos = i + 1;
        return { kind: 'string', text: out, start, end: this.pos };
      }
      if (ch === '\n' || ch === '\r') break;
      if (ch === '\\') {
        out += s.slice(chunkStart, i);
        const esc = s[i + 1];
        switch (esc) {
          case '\\':
          case '"':
          case "'":
          case '/':
            out += esc;
            i += 2;
            break;
          case 'n':
            out += '\n';
            i += 2;
            break;
          case 'r':
            out += '\r';
            i += 2;
            break;
          case 't':
            out += '\t';
            i += 2;
            break;
          case 'a':
            out += '\x07';
            i += 2;
            break;
          case 'b':
            out += '\b';
            i += 2;
            break;
          case 'f':
            out += '\f';
            i += 2;
            break;
          case 'v':
            out += '\v';
            i += 2;
            break;
          case '0':
            out += '\0';
            i += 2;
            break;
          case 'u': {
            const hex = s.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.error(i, s.slice(i, i + 6));
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            break;
          }
          case 'x': {
            const hex = s.slice(i + 2, i + 4);
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) return this.error(i, s.slice(i, i + 4));
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            return this.error(i, s.slice(i, i + 2));
        }
        chunkStart = i;
        continue;
      }
      i++;
    }
    return this.error(start, s.slice(start, Math.min(i, start + 20)));
  }

  /** @"..." : no escapes; a doubled quote stands for one quote. */
  private readVerbatim(start: number, quoteAt: number): Token {
    const s = this.source;
    const quote = s[quoteAt] ?? '"';
    let i = quoteAt + 1;
    let out = '';
    while (i < s.length) {
      const ch = s[i];
      if (ch === quote) {
        if (s[i + 1] === quote) {
          out += quote;
          i += 2;
          continue;
        }
        this.pos = i + 1;
        return { kind: 'string', text: out, start, end: this.pos };
      }
      if (ch === '\n' || ch === '\r') break;
      out += ch;
      i++;
    }
    return this.error(start, s.slice(start, Math.min(i, start + 20)));
  }

  private readMultiline(start: number): Token {
    const close = this.source.indexOf('```', start + 3);
    if (close < 0) return this.error(start, '```');
    this.pos = close + 3;
    return { kind: 'string', text: this.source.slice(start + 3, close), start, end: this.pos };
  }

  private readNumber(start: number): Token {
    const s = this.source;
    let i = start;
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
      i += 2;
      const digitsStart = i;
      while (i < s.length && /[0-9a-fA-F]/.test(s[i] ?? '')) i++;
      if (i === digitsStart) return this.error(start);
      this.pos = i;
      if (i < s.length && isIdentPart(s[i] ?? '')) return this.error(start, s.slice(start, i + 1));
      return { kind: 'int', text: s.slice(start, i), number: parseInt(s.slice(digitsStart, i), 16), start, end: i };
    }
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    let real = false;
    if (s[i] === '.' && isDigit(s.charCodeAt(i + 1))) {
      real = true;
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    }
    if ((s[i] === 'e' || s[i] === 'E') && (isDigit(s.charCodeAt(i + 1)) || ((s[i + 1] === '+' || s[i + 1] === '-') && isDigit(s.charCodeAt(i + 2))))) {
      real = true;
      i += 2;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    }
    const numberText = s.slice(start, i);
    const value = Number(numberText);
    if (i < s.length && isIdentStart(s[i] ?? '')) {
      let end = i;
      while (end < s.length && isIdentPart(s[end] ?? '')) end++;
      const unit = timespanUnit(s.slice(i, end).toLowerCase());
      if (unit === undefined) return this.error(start, s.slice(start, end));
      this.pos = end;
      return { kind: 'timespan', text: s.slice(start, end), number: Math.round(value * unit), start, end };
    }
    this.pos = i;
    return { kind: real ? 'real' : 'int', text: numberText, number: value, start, end: i };
  }
}

export function tokenize(source: string): Token[] {
  return new Lexer(source).tokenize();
}
