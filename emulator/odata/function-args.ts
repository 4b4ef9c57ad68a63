import { ODataQueryError, errorCode, echo, type ErrorDialect } from './errors';

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACES = /\s*/y;
/** Unquoted values (numbers, datetimes, GUIDs, true/false/null) may not contain quotes, parentheses, commas or =. */
const RAW_VALUE = /[^\s,'()=]+/y;

/**
 * Parses the argument list of an OData function call in a path, e.g. the text between the parentheses of
 * `findbyip(ip='10.248.240.38',timestamp=2019-09-22T08:44:05Z)`. Quoted values are unescaped (`''` -> `'`);
 * unquoted values are returned as written. The caller percent-decodes the path segment first.
 */
export function parseFunctionArgs(segment: string, dialect: ErrorDialect = 'mde'): Record<string, string> {
  const args = new Map<string, string>();
  let pos = 0;
  const fail = (at: number): never => {
    throw new ODataQueryError(errorCode(dialect), `Invalid function arguments: Syntax error at position ${at} in '${echo(segment)}'.`);
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(segment);
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };

  match(SPACES);
  if (pos === segment.length) return {};
  for (;;) {
    const name = match(NAME) ?? fail(pos);
    if (args.has(name)) {
      throw new ODataQueryError(errorCode(dialect), `Duplicate function argument '${echo(name)}' in '${echo(segment)}'.`);
    }
    match(SPACES);
    if (segment[pos] !== '=') fail(pos);
    pos++;
    match(SPACES);
    args.set(name, segment[pos] === "'" ? readQuoted() : (match(RAW_VALUE) ?? fail(pos)));
    match(SPACES);
    if (pos === segment.length) break;
    if (segment[pos] !== ',') fail(pos);
    pos++;
    match(SPACES);
  }
  // fromEntries defines own properties, so an argument named __proto__ cannot reach the prototype.
  return Object.fromEntries(args);

  function readQuoted(): string {
    const start = pos;
    let value = '';
    pos++;
    for (;;) {
      const close = segment.indexOf("'", pos);
      if (close < 0) return fail(start);
      value += segment.slice(pos, close);
      pos = close + 1;
      if (segment[pos] !== "'") return value;
      value += "'";
      pos++;
    }
  }
}
