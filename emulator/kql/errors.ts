export type KqlErrorKind = 'syntax' | 'semantic' | 'size' | 'unsupported';

/** Where a syntax error happened, in the shape advanced hunting reports it (line 1-based, pos 0-based). */
export interface KqlErrorLocation {
  line: number;
  pos: number;
  token: string;
}

export class KqlError extends Error {
  readonly kind: KqlErrorKind;
  readonly location?: KqlErrorLocation;

  constructor(kind: KqlErrorKind, message: string, location?: KqlErrorLocation) {
    super(message);
    this.name = 'KqlError';
    this.kind = kind;
    if (location) this.location = location;
  }
}

const RECOGNITION_ERROR = 'A recognition error occurred in the query.';

export function locate(source: string, offset: number): { line: number; pos: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, pos: end - lineStart };
}

/** "A recognition error occurred in the query. Query could not be parsed at 'x' on line [1,5]" */
export function syntaxErrorAt(source: string, offset: number, token: string): KqlError {
  const { line, pos } = locate(source, offset);
  const shown = token.length > 60 ? `${token.slice(0, 60)}...` : token;
  return new KqlError('syntax', `${RECOGNITION_ERROR} Query could not be parsed at '${shown}' on line [${line},${pos}]`, {
    line,
    pos,
    token: shown,
  });
}

export function syntaxError(detail: string): KqlError {
  return new KqlError('syntax', `${RECOGNITION_ERROR} ${detail}`);
}

export function semanticError(message: string): KqlError {
  return new KqlError('semantic', message);
}

export function unresolvedColumn(operator: string | undefined, name: string): KqlError {
  const prefix = operator ? `'${operator}' operator: ` : '';
  return semanticError(`${prefix}Failed to resolve scalar expression named '${name}'`);
}

export function unresolvedTable(name: string): KqlError {
  return semanticError(`Failed to resolve table or column expression named '${name}'`);
}

export function unsupported(what: string, kind: 'operator' | 'function' | 'statement' | 'feature'): KqlError {
  return new KqlError('unsupported', `The emulator does not support the '${what}' ${kind}`);
}

export function sizeLimitExceeded(): KqlError {
  return new KqlError('size', 'Result size limit exceeded. Use "summarize" or "take" to reduce the number of results.');
}
