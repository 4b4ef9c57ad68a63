import type { EntitySetSpec } from './types';

export type ErrorDialect = EntitySetSpec['dialect'];

const MAX_ECHO_LENGTH = 200;

/** A client error in an OData query; routes answer it with `status` and `body()`. */
export class ODataQueryError extends Error {
  readonly status = 400 as const;
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ODataQueryError';
    this.code = code;
  }

  /** The `{ error: { code, message } }` envelope both Graph and Defender for Endpoint use. */
  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Graph answers every query-option error with 'BadRequest'; Defender for Endpoint documents 'ODataError' for
 *  "Invalid OData URI query". */
export function errorCode(dialect: ErrorDialect): string {
  return dialect === 'graph' ? 'BadRequest' : 'ODataError';
}

export function queryError(dialect: ErrorDialect, message: string): ODataQueryError {
  return new ODataQueryError(errorCode(dialect), message);
}

/** Client text quoted back in a message, shortened so a huge query cannot bloat the error response. */
export function echo(text: string): string {
  return text.length > MAX_ECHO_LENGTH ? `${text.slice(0, MAX_ECHO_LENGTH)}...` : text;
}

export function filterError(dialect: ErrorDialect, detail: string): ODataQueryError {
  return queryError(dialect, `Invalid filter clause: ${detail}`);
}

export function filterSyntaxError(dialect: ErrorDialect, text: string, position: number): ODataQueryError {
  return filterError(dialect, `Syntax error at position ${position} in '${echo(text)}'.`);
}

export function unknownPropertyMessage(spec: EntitySetSpec, property: string): string {
  const type = spec.entityType ?? (spec.dialect === 'graph' ? 'microsoft.graph.entity' : 'Entity');
  return `Could not find a property named '${echo(property)}' on type '${type}'.`;
}
