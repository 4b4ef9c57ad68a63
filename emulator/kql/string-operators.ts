import { KqlError, semanticError } from './errors';

const UNICODE_ALNUM = /[\p{L}\p{N}]/u;

function isAlnumAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128 || Number.isNaN(c)) return false;
  return UNICODE_ALNUM.test(text[index] ?? '');
}

export type TermMode = 'has' | 'prefix' | 'suffix';

/**
 * Kusto's term matching (`has`, `hasprefix`, `hassuffix`): terms are runs of alphanumeric characters, so the
 * needle must sit on term boundaries. A needle edge that is itself not alphanumeric ("-1.2" or ".com") needs
 * no boundary there, which is how multi-term needles such as IP addresses or domains match.
 */
export function termMatch(haystack: string, needle: string, mode: TermMode): boolean {
  if (needle.length === 0) return true;
  const checkStart = mode !== 'suffix' && isAlnumAt(needle, 0);
  const checkEnd = mode !== 'prefix' && isAlnumAt(needle, needle.length - 1);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    const end = at + needle.length;
    const startOk = !checkStart || at === 0 || !isAlnumAt(haystack, at - 1);
    const endOk = !checkEnd || end === haystack.length || !isAlnumAt(haystack, end);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

export interface StringPredicate {
  caseSensitive: boolean;
  negated: boolean;
  /** Both arguments already lower-cased when the operator is case-insensitive. */
  test(haystack: string, needle: string): boolean;
}

const BASE_TESTS: Record<string, (haystack: string, needle: string) => boolean> = {
  contains: (h, n) => h.includes(n),
  has: (h, n) => termMatch(h, n, 'has'),
  hasprefix: (h, n) => termMatch(h, n, 'prefix'),
  hassuffix: (h, n) => termMatch(h, n, 'suffix'),
  startswith: (h, n) => h.startsWith(n),
  endswith: (h, n) => h.endsWith(n),
  '==': (h, n) => h === n,
  '=~': (h, n) => h === n,
};

export function stringPredicate(op: string): StringPredicate | undefined {
  let name = op;
  let negated = false;
  if (name === '!~') return { caseSensitive: false, negated: true, test: (h, n) => h === n };
  if (name.startsWith('!')) {
    negated = true;
    name = name.slice(1);
  }
  let caseSensitive = name === '==';
  if (name.endsWith('_cs')) {
    caseSensitive = true;
    name = name.slice(0, -3);
  }
  const test = Object.prototype.hasOwnProperty.call(BASE_TESTS, name) ? BASE_TESTS[name] : undefined;
  return test ? { caseSensitive, negated, test } : undefined;
}

// ---- regular expressions (RE2 syntax, run by the JS engine) ----

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 500;

/** Length of the quantifier starting at `i` and whether it is unbounded (*, +, {n,}); 0 when there is none. */
function quantifierAt(pattern: string, i: number): { length: number; unbounded: boolean } {
  const ch = pattern[i];
  if (ch === '*' || ch === '+') return { length: 1, unbounded: true };
  if (ch === '?') return { length: 1, unbounded: false };
  if (ch === '{') {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(i, i + 24));
    if (m && (m[1] !== '' || m[3] !== '')) return { length: m[0].length, unbounded: m[2] === ',' && m[3] === '' };
  }
  return { length: 0, unbounded: false };
}

/**
 * RE2 (Kusto's engine) runs in linear time; JS backtracks. Refuse the classic catastrophic shape, an unbounded
 * repetition of a group that itself repeats without bound, such as (a+)+ or (\w+\s?)*, so a query cannot hang
 * the emulator.
 */
function assertLinearRegex(pattern: string): void {
  const groups: boolean[] = [false];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    } else if (ch === '(') {
      groups.push(false);
    } else if (ch === ')' && groups.length > 1) {
      const innerUnbounded = groups.pop() === true;
      const quantifier = quantifierAt(pattern, i + 1);
      if (quantifier.unbounded && innerUnbounded) {
        throw new KqlError('unsupported', `The emulator does not support regular expressions with nested unbounded repetition: '${pattern}'`);
      }
      const top = groups.length - 1;
      groups[top] = groups[top] === true || innerUnbounded || quantifier.unbounded;
      i += quantifier.length;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.unbounded) groups[groups.length - 1] = true;
      if (quantifier.length > 1) i += quantifier.length - 1;
    }
  }
}

/** Translates the RE2 constructs JS spells differently: leading (?i)/(?s)/(?m) flags, (?P<name>...), \A and \z. */
export function compileRegex(pattern: string, extraFlags = ''): RegExp {
  const cacheKey = `${extraFlags}/${pattern}`;
  const cached = regexCache.get(cacheKey);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  assertLinearRegex(pattern);
  let flags = extraFlags;
  let body = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    for (const flag of inline[1] ?? '') if (flag !== 'U' && !flags.includes(flag)) flags += flag;
    body = body.slice(inline[0].length);
  }
  let source = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === 'A') source += '^';
      else if (next === 'z' || next === 'Z') source += '$';
      else source += ch + (next ?? '');
      i++;
    } else if (ch === '(' && body.startsWith('(?P<', i)) {
      source += '(?<';
      i += 3;
    } else {
      source += ch;
    }
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch {
    throw semanticError(`Invalid regular expression: '${pattern}'`);
  }
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(cacheKey, regex);
  return regex;
}
