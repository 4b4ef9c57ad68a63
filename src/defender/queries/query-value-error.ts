/** A value that cannot be placed in a query safely; the message says which and why, for the user. */
export class QueryValueError extends Error {
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`${what} ${reason}`);
    this.name = 'QueryValueError';
  }
}

// Control characters have no place in an indicator, a name or an id; refusing them keeps every literal one line.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function assertPrintable(what: string, value: string, maxLength: number): void {
  if (typeof value !== 'string') throw new QueryValueError(what, 'must be text');
  if (value.length > maxLength) throw new QueryValueError(what, `is longer than ${maxLength} characters`);
  if (CONTROL.test(value)) throw new QueryValueError(what, 'contains control characters');
}
