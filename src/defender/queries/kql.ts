import { QueryValueError, assertPrintable } from './query-value-error';

/**
 * A KQL string literal in double quotes. Backslash and quote are escaped, line breaks and tabs written as escapes,
 * so the value can never end the literal, start a comment or add an operator.
 */
export function kqlString(value: string, what = 'value'): string {
  assertPrintable(what, value, 4096);
  const escaped = value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  return `"${escaped}"`;
}

/** `dynamic(["a", "b"])`: a list of string literals for `in`, `in~` and `has_any`. */
export function kqlDynamicList(values: readonly string[], what = 'value'): string {
  return `dynamic([${values.map((v) => kqlString(v, what)).join(', ')}])`;
}

/** A column name as written by an admin (summary and ignore fields): a plain identifier or a bracketed one. */
export function kqlColumn(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  assertPrintable('column name', name, 256);
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** An ISO-8601 duration for runHuntingQuery's Timespan. */
export function huntingTimespan(days: number): string {
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new RangeError('lookback days must be 1..3650');
  return `P${days}D`;
}

const PLACEHOLDER = /(["'])\{\{ENTITY\}\}\1|\{\{ENTITY\}\}/gi;

/**
 * Fills the admin's hunting template. A placeholder the admin wrapped in quotes (the old product's style,
 * `"{{ENTITY}}"`) is replaced together with its quotes, so either way the value lands as one escaped literal.
 */
export function fillHuntingTemplate(template: string, value: string): string {
  if (!/\{\{ENTITY\}\}/i.test(template)) throw new QueryValueError('hunting query template', 'has no {{ENTITY}} placeholder');
  const literal = kqlString(value, 'indicator');
  return template.replace(PLACEHOLDER, () => literal);
}
