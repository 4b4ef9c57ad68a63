import { assertPrintable } from './query-value-error';

/** An OData string literal: single quotes, with a quote written twice (OData's only escape). */
export function odataString(value: string, what = 'value'): string {
  assertPrintable(what, value, 2048);
  return `'${value.replace(/'/g, "''")}'`;
}

/** An OData DateTimeOffset literal (unquoted, UTC). */
export function odataDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const PROPERTY = /^[A-Za-z][A-Za-z0-9]*(\/[A-Za-z][A-Za-z0-9]*)*$/;

function property(name: string): string {
  if (!PROPERTY.test(name)) throw new RangeError(`not an OData property name: ${name}`);
  return name;
}

export const odata = {
  eq: (prop: string, value: string) => `${property(prop)} eq ${odataString(value)}`,
  ne: (prop: string, value: string) => `${property(prop)} ne ${odataString(value)}`,
  ge: (prop: string, date: Date) => `${property(prop)} ge ${odataDateTime(date)}`,
  gt: (prop: string, date: Date) => `${property(prop)} gt ${odataDateTime(date)}`,
  lt: (prop: string, date: Date) => `${property(prop)} lt ${odataDateTime(date)}`,
  startswith: (prop: string, value: string) => `startswith(${property(prop)},${odataString(value)})`,
  /** `(a) and (b)`: every clause parenthesised, so no clause can change the meaning of another. */
  and: (...clauses: (string | undefined)[]) => join('and', clauses),
  or: (...clauses: (string | undefined)[]) => join('or', clauses),
  anyEq: (collection: string, value: string) => `${property(collection)}/any(x: x eq ${odataString(value)})`,
};

function join(op: string, clauses: (string | undefined)[]): string {
  const present = clauses.filter((c): c is string => !!c);
  if (present.length === 1) return present[0]!;
  return present.map((c) => `(${c})`).join(` ${op} `);
}
