import { column, errorOf, run } from './fixtures';

/** The value and result type of a scalar expression. */
function evaluate(expression: string): { value: unknown; type: string | undefined } {
  const result = run(`print v = ${expression}`);
  return { value: result.results[0]?.v, type: result.schema[0]?.type };
}

const value = (expression: string) => evaluate(expression).value;
const typeOf = (expression: string) => evaluate(expression).type;

describe('literals', () => {
  test('strings: escapes, verbatim, obfuscated, multi-line and adjacent literals', () => {
    expect(value(String.raw`"a\"b"`)).toBe('a"b');
    expect(value(String.raw`'it\'s'`)).toBe("it's");
    expect(value(String.raw`"back\\slash"`)).toBe('back\\slash');
    expect(value(String.raw`"tab\there\nnew\rline"`)).toBe('tab\there\nnew\rline');
    expect(value(String.raw`"\u0041\u00e9"`)).toBe('Aé');
    expect(value(String.raw`@"C:\temp\"`)).toBe('C:\\temp\\');
    expect(value(`@'it''s'`)).toBe("it's");
    expect(value(`@"say ""hi"""`)).toBe('say "hi"');
    expect(value(`h"secret"`)).toBe('secret');
    expect(value(`h@'C:\\x'`)).toBe('C:\\x');
    expect(value('```line one\nline "two"```')).toBe('line one\nline "two"');
    expect(value(`"a" 'b' @"c"`)).toBe('abc');
    expect(value(`"漢字 🙂"`)).toBe('漢字 🙂');
    expect(typeOf('"x"')).toBe('String');
  });

  test('numbers, booleans and typed literals', () => {
    expect(evaluate('42')).toEqual({ value: 42, type: 'Int64' });
    expect(evaluate('1.5')).toEqual({ value: 1.5, type: 'Double' });
    expect(evaluate('1e3')).toEqual({ value: 1000, type: 'Double' });
    expect(value('0x1F')).toBe(31);
    expect(evaluate('int(5)')).toEqual({ value: 5, type: 'Int32' });
    expect(evaluate('long(-3)')).toEqual({ value: -3, type: 'Int64' });
    expect(evaluate('real(null)')).toEqual({ value: null, type: 'Double' });
    expect(evaluate('true')).toEqual({ value: true, type: 'Boolean' });
    expect(evaluate('bool(null)')).toEqual({ value: null, type: 'Boolean' });
    expect(value('-2')).toBe(-2);
  });

  test('timespans', () => {
    expect(evaluate('30d')).toEqual({ value: '30.00:00:00', type: 'TimeSpan' });
    expect(value('1h')).toBe('01:00:00');
    expect(value('15m')).toBe('00:15:00');
    expect(value('10s')).toBe('00:00:10');
    expect(value('100ms')).toBe('00:00:00.1000000');
    expect(value('1.5d')).toBe('1.12:00:00');
    expect(value('2days')).toBe('2.00:00:00');
    expect(value('time(1d)')).toBe('1.00:00:00');
    expect(value('timespan(02:30:00)')).toBe('02:30:00');
    expect(value('time(null)')).toBeNull();
    expect(value('-1h')).toBe('-01:00:00');
  });

  test('datetimes', () => {
    expect(evaluate('datetime(2025-01-01)')).toEqual({ value: '2025-01-01T00:00:00.0000000Z', type: 'DateTime' });
    expect(value('datetime(2025-01-01T10:00:00Z)')).toBe('2025-01-01T10:00:00.0000000Z');
    expect(value('datetime(2025-01-01 10:30)')).toBe('2025-01-01T10:30:00.0000000Z');
    expect(value('datetime(2025-03-04T08:58:03.1234567Z)')).toBe('2025-03-04T08:58:03.1234567Z');
    expect(value('datetime(2025-03-04T10:58:03+02:00)')).toBe('2025-03-04T08:58:03.0000000Z');
    expect(value('datetime("2025-01-01")')).toBe('2025-01-01T00:00:00.0000000Z');
    expect(value('datetime(1999-12-31T23:59:59.9999999Z)')).toBe('1999-12-31T23:59:59.9999999Z');
    expect(value('datetime(2060-02-29)')).toBe('2060-02-29T00:00:00.0000000Z');
    expect(value('datetime(null)')).toBeNull();
    expect(errorOf('print datetime(2025-02-30)').kind).toBe('syntax');
  });

  test('dynamic literals', () => {
    expect(evaluate('dynamic([1, "a", {"b": null, c: true}, -2.5])')).toEqual({ value: [1, 'a', { b: null, c: true }, -2.5], type: 'Object' });
    expect(value('dynamic(null)')).toBeNull();
    expect(value('dynamic({})')).toEqual({});
    expect(value("dynamic(['x', 'y'])")).toEqual(['x', 'y']);
    expect(value('dynamic({"when": datetime(2025-01-01), "span": 1h})')).toEqual({ when: '2025-01-01T00:00:00.0000000Z', span: '01:00:00' });
  });

  test('columns take precedence over let-bound names of the same name', () => {
    expect(run('let x = 1; print y = 0 | extend x = 2 | where x == 2 | project x, z = x + 1').results).toEqual([{ x: 2, z: 3 }]);
    expect(run('let Severity = "nope"; AlertInfo | where Severity == "High" | count').results).toEqual([{ Count: 1 }]);
  });

  test('quoted identifiers', () => {
    expect(run('print [\'my col\'] = 1, ["other"] = 2').results).toEqual([{ 'my col': 1, other: 2 }]);
    expect(run("print ['my col'] = 1 | extend y = ['my col'] + 1").results).toEqual([{ 'my col': 1, y: 2 }]);
  });
});

describe('operators', () => {
  test('arithmetic on numbers, datetimes and timespans', () => {
    expect(evaluate('7 / 2')).toEqual({ value: 3, type: 'Int64' });
    expect(evaluate('7 / 2.0')).toEqual({ value: 3.5, type: 'Double' });
    expect(value('-7 / 2')).toBe(-3);
    expect(value('7 % 3')).toBe(1);
    expect(value('1 / 0')).toBeNull();
    expect(value('2 + 3 * 4 - (1 + 1)')).toBe(12);
    expect(evaluate('datetime(2025-01-02) - datetime(2025-01-01 06:00)')).toEqual({ value: '18:00:00', type: 'TimeSpan' });
    expect(value('datetime(2025-01-01) + 1h')).toBe('2025-01-01T01:00:00.0000000Z');
    expect(value('datetime(2025-01-01) - 1d')).toBe('2024-12-31T00:00:00.0000000Z');
    expect(value('1h * 2')).toBe('02:00:00');
    expect(evaluate('1d / 1h')).toEqual({ value: 24, type: 'Double' });
    expect(value('int(null) + 1')).toBeNull();
  });

  test('comparisons: == is case-sensitive, =~ is not, null compares false', () => {
    expect(value('"a" == "A"')).toBe(false);
    expect(value('"a" != "A"')).toBe(true);
    expect(value('"a" =~ "A"')).toBe(true);
    expect(value('"a" !~ "A"')).toBe(false);
    expect(value('"abc" < "abd"')).toBe(true);
    expect(value('2 >= 2.0')).toBe(true);
    expect(value('int(null) == 1')).toBeNull();
    expect(value('int(null) != 1')).toBeNull();
    expect(value('datetime(2025-01-01) < datetime(2025-01-02)')).toBe(true);
    expect(value('datetime(2025-01-01) == "2025-01-01"')).toBe(true);
    expect(value('dynamic({"a":"x"}).a == "x"')).toBe(true);
    expect(value('dynamic({"a":5}).a > 4')).toBe(true);
    expect(value('true and int(null) > 1')).toBeNull();
    expect(value('false and int(null) > 1')).toBe(false);
    expect(value('true or int(null) > 1')).toBe(true);
    expect(value('not(1 > 2)')).toBe(true);
  });

  test('has matches whole terms, case-insensitively', () => {
    expect(value('"Hello World" has "world"')).toBe(true);
    expect(value('"HelloWorld" has "world"')).toBe(false);
    expect(value('"203.0.113.250" has "203.0.113.25"')).toBe(false);
    expect(value('"to 203.0.113.25:443" has "203.0.113.25"')).toBe(true);
    expect(value('"login.bad.example.net" has "bad.example.net"')).toBe(true);
    expect(value('"notbad.example.net" has "bad.example.net"')).toBe(false);
    expect(value('"a.example.net/x" has ".example.net"')).toBe(true);
    expect(value('"Hello World" has_cs "world"')).toBe(false);
    expect(value('"Hello World" !has "world"')).toBe(false);
    expect(value('"Hello World" !has_cs "world"')).toBe(true);
    expect(value('"Hello World" hasprefix "wor"')).toBe(true);
    expect(value('"Hello World" hasprefix "orld"')).toBe(false);
    expect(value('"Hello World" hassuffix "ELLO"')).toBe(true);
    expect(value('"Hello World" !hassuffix "ELLO"')).toBe(false);
    expect(value('"naïve café" has "café"')).toBe(true);
    expect(value('1234 has "234"')).toBe(false);
  });

  test('contains, startswith, endswith and their _cs and negated forms', () => {
    expect(value('"Hello" contains "ELL"')).toBe(true);
    expect(value('"Hello" contains_cs "ELL"')).toBe(false);
    expect(value('"Hello" !contains "xyz"')).toBe(true);
    expect(value('"Hello" !contains_cs "ell"')).toBe(false);
    expect(value('"Hello" startswith "he"')).toBe(true);
    expect(value('"Hello" startswith_cs "he"')).toBe(false);
    expect(value('"Hello" !startswith "he"')).toBe(false);
    expect(value('"Hello" endswith "LO"')).toBe(true);
    expect(value('"Hello" endswith_cs "LO"')).toBe(false);
    expect(value('"Hello" !endswith_cs "LO"')).toBe(true);
    expect(value('"abc123" matches regex "^[a-z]+[0-9]+$"')).toBe(true);
    expect(value('"ABC" matches regex "(?i)^abc$"')).toBe(true);
    expect(value('"ABC" matches regex "^abc$"')).toBe(false);
    expect(value(String.raw`"ip 10.1.2.3" matches regex @"(\d{1,3}\.){3}\d{1,3}"`)).toBe(true);
    expect(value(String.raw`extract(@"(?P<user>\w+)@", 1, "bob@example.net")`)).toBe('bob');
  });

  test('regular expressions that could backtrack catastrophically are refused, not run', () => {
    const started = Date.now();
    for (const pattern of ['(a+)+$', String.raw`(\w+\s?)*$`, '(x*){2,}y', '((ab)*c)+']) {
      expect(errorOf(`print v = "${'a'.repeat(40)}!" matches regex @"${pattern}"`).kind).toBe('unsupported');
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('in, in~, !in, !in~ with lists, dynamic arrays, lets and subqueries', () => {
    expect(value('"a" in ("a", "b")')).toBe(true);
    expect(value('"A" in ("a", "b")')).toBe(false);
    expect(value('"A" in~ ("a", "b")')).toBe(true);
    expect(value('"c" !in ("a", "b")')).toBe(true);
    expect(value('"A" !in~ ("a")')).toBe(false);
    expect(value('2 in (1, 2)')).toBe(true);
    expect(value('"x" in (dynamic(["x", "y"]), "z")')).toBe(true);
    expect(value('int(null) in (1)')).toBe(false);
    expect(column(run('let names = dynamic(["da1", "da2"]); AlertInfo | where AlertId in (names) | project AlertId'), 'AlertId')).toEqual(['da1', 'da2']);
    expect(column(run('AlertInfo | where AlertId in ((AlertEvidence | where EntityType == "User" | project AlertId)) | project AlertId'), 'AlertId')).toEqual([
      'da4',
    ]);
    expect(
      column(
        run('let Users = AlertEvidence | where EntityType == "User" | project AlertId; AlertInfo | where AlertId !in (Users) | project AlertId'),
        'AlertId',
      ),
    ).toEqual(['da1', 'da2', 'da3']);
    expect(column(run('AlertInfo | where AlertId in (AlertId, "x") | count'), 'Count')).toEqual([4]);
  });

  test('has_any and has_all', () => {
    expect(value('"a b c" has_any ("x", "b")')).toBe(true);
    expect(value('"a b c" has_any (dynamic(["x", "y"]))')).toBe(false);
    expect(value('"a b c" has_all ("a", "c")')).toBe(true);
    expect(value('"a b c" has_all ("a", "z")')).toBe(false);
    expect(value('"https://Bad.Example.net/x" has_any (dynamic(["bad.example.net"]))')).toBe(true);
  });

  test('between', () => {
    expect(value('5 between (1 .. 10)')).toBe(true);
    expect(value('5 between (6 .. 10)')).toBe(false);
    expect(value('5 !between (6 .. 10)')).toBe(true);
    expect(value('datetime(2025-01-01 12:00) between (datetime(2025-01-01) .. 1d)')).toBe(true);
    expect(value('1.5 between (1..2)')).toBe(true);
  });
});

describe('functions', () => {
  test('now, ago and datetime helpers', () => {
    expect(value('now()')).toBe('2025-03-10T12:00:00.0000000Z');
    expect(value('ago(1d)')).toBe('2025-03-09T12:00:00.0000000Z');
    expect(value('now(-1h)')).toBe('2025-03-10T11:00:00.0000000Z');
    expect(value('datetime_add("month", 1, datetime(2025-01-31))')).toBe('2025-02-28T00:00:00.0000000Z');
    expect(value("datetime_add('day', -1, datetime(2025-03-01))")).toBe('2025-02-28T00:00:00.0000000Z');
    expect(value("datetime_add('hour', 36, datetime(2025-03-01))")).toBe('2025-03-02T12:00:00.0000000Z');
    expect(value("datetime_diff('day', datetime(2025-03-02 01:00), datetime(2025-03-01 23:00))")).toBe(1);
    expect(value("datetime_diff('month', datetime(2025-03-01), datetime(2024-12-31))")).toBe(3);
    expect(value("datetime_part('hour', datetime(2025-03-04T08:58:03Z))")).toBe(8);
    const t = 'datetime(2025-03-04T08:58:03.5Z)';
    expect(value(`startofday(${t})`)).toBe('2025-03-04T00:00:00.0000000Z');
    expect(value(`startofweek(${t})`)).toBe('2025-03-02T00:00:00.0000000Z');
    expect(value(`startofmonth(${t})`)).toBe('2025-03-01T00:00:00.0000000Z');
    expect(value(`startofyear(${t})`)).toBe('2025-01-01T00:00:00.0000000Z');
    expect(value(`endofday(${t})`)).toBe('2025-03-04T23:59:59.9999999Z');
    expect(value(`startofday(${t}, -1)`)).toBe('2025-03-03T00:00:00.0000000Z');
    expect(value(`dayofweek(${t})`)).toBe('2.00:00:00');
    expect(value(`hourofday(${t})`)).toBe(8);
    expect(value(`getyear(${t})`)).toBe(2025);
    expect(value(`getmonth(${t})`)).toBe(3);
    expect(value(`dayofmonth(${t})`)).toBe(4);
    expect(value(`dayofyear(${t})`)).toBe(63);
    expect(value(`format_datetime(datetime(2025-03-04T08:58:03.1234567Z), "yyyy-MM-dd HH:mm:ss.fff")`)).toBe('2025-03-04 08:58:03.123');
    expect(value(`format_datetime(datetime(2025-03-04T20:05:00Z), "M/d/yy h:mm tt")`)).toBe('3/4/25 8:05 PM');
    expect(value('unixtime_seconds_todatetime(1700000000)')).toBe('2023-11-14T22:13:20.0000000Z');
    expect(value('make_datetime(2025, 3, 4, 8, 58, 3.5)')).toBe('2025-03-04T08:58:03.5000000Z');
  });

  test('bin and floor', () => {
    expect(value('bin(datetime(2025-03-04T08:58:03Z), 1h)')).toBe('2025-03-04T08:00:00.0000000Z');
    expect(value('bin(datetime(2025-03-04T08:58:03Z), 1d)')).toBe('2025-03-04T00:00:00.0000000Z');
    expect(value('bin(datetime(1953-04-15 22:25:07), 1d)')).toBe('1953-04-15T00:00:00.0000000Z');
    expect(value('bin(datetime(2025-03-04T08:58:03Z), 7d)')).toBe('2025-03-03T00:00:00.0000000Z'); // weeks start on Monday, counted from 0001-01-01
    expect(value('bin(7, 5)')).toBe(5);
    expect(value('bin(-7, 5)')).toBe(-10);
    expect(value('floor(7.5, 1)')).toBe(7);
    expect(value('bin(4.7, 0.5)')).toBe(4.5);
    expect(value('bin(90m, 1h)')).toBe('01:00:00');
    expect(value('bin(int(null), 5)')).toBeNull();
  });

  test('conversions', () => {
    expect(value('tostring(123)')).toBe('123');
    expect(value('tostring(1.5)')).toBe('1.5');
    expect(value('tostring(true)')).toBe('true');
    expect(value('tostring(datetime(2025-01-01))')).toBe('2025-01-01T00:00:00.0000000Z');
    expect(value('tostring(1h)')).toBe('01:00:00');
    expect(value('tostring(dynamic({"a":[1,"x"]}))')).toBe('{"a":[1,"x"]}');
    expect(value('tostring(dynamic("plain"))')).toBe('plain');
    expect(value('tostring(int(null))')).toBe('');
    expect(evaluate('toint("42")')).toEqual({ value: 42, type: 'Int32' });
    expect(value('toint(2.9)')).toBe(2);
    expect(value('tolong("x")')).toBeNull();
    expect(value('todouble("1.5")')).toBe(1.5);
    expect(value('toreal(2)')).toBe(2);
    expect(value('tobool("TRUE")')).toBe(true);
    expect(value('tobool("nope")')).toBeNull();
    expect(value('todatetime("2025-01-01T05:00:00Z")')).toBe('2025-01-01T05:00:00.0000000Z');
    expect(value('todatetime("garbage")')).toBeNull();
    expect(value('totimespan("01:30:00")')).toBe('01:30:00');
    expect(value('toguid("0B6B5C1E-0000-4000-8000-000000000001")')).toBe('0b6b5c1e-0000-4000-8000-000000000001');
  });

  test('strings', () => {
    expect(value('tolower("AbC")')).toBe('abc');
    expect(value('toupper("AbC")')).toBe('ABC');
    expect(value('strlen("héllo")')).toBe(5);
    expect(value('substring("abcdef", 2, 3)')).toBe('cde');
    expect(value('substring("abc", 1)')).toBe('bc');
    expect(value('substring("abc", 5)')).toBe('');
    expect(value('strcat("a", 1, true, " ", datetime(2025-01-01))')).toBe('a1true 2025-01-01T00:00:00.0000000Z');
    expect(value('strcat_delim("-", "a", "b")')).toBe('a-b');
    expect(value('strcat_array(dynamic(["a", "b", 3]), ", ")')).toBe('a, b, 3');
    expect(value('split("a,b,c", ",")')).toEqual(['a', 'b', 'c']);
    expect(value('split("a,b,c", ",", 1)')).toEqual(['b']);
    expect(value('split("a,b,c", ",", 9)')).toEqual([]);
    expect(value(String.raw`trim(@"\s+", "  x y  ")`)).toBe('x y');
    expect(value('trim("-", "--x--")')).toBe('x');
    expect(value('trim_start("-", "--x--")')).toBe('x--');
    expect(value('trim_end("-", "--x--")')).toBe('--x');
    expect(value('replace_string("aXbX", "X", "-")')).toBe('a-b-');
    expect(value(String.raw`replace_regex("a1b22", @"\d+", "#")`)).toBe('a#b#');
    expect(value(String.raw`replace_regex("ab", "(a)(b)", @"\2\1$")`)).toBe('ba$');
    expect(value(String.raw`extract("([0-9]+)", 1, "abc123def")`)).toBe('123');
    expect(value(String.raw`extract("x(\\d)", 1, "none")`)).toBe('');
    expect(evaluate(String.raw`extract(@"(\d+)", 1, "a42", typeof(long))`)).toEqual({ value: 42, type: 'Int64' });
    expect(value(String.raw`extract_all(@"(\d+)", "a1b22")`)).toEqual(['1', '22']);
    expect(value('indexof("abcabc", "c")')).toBe(2);
    expect(value('indexof("abc", "z")')).toBe(-1);
    expect(value('countof("aaa", "a")')).toBe(3);
    expect(value('reverse("abc")')).toBe('cba');
    expect(value('strrep("ab", 3, "-")')).toBe('ab-ab-ab');
    expect(value('url_decode("a%20b")')).toBe('a b');
    expect(value('url_encode("a b/c")')).toBe('a%20b%2Fc');
    expect(value('base64_decode_tostring(base64_encode_tostring("hé"))')).toBe('hé');
    expect(value('hash_sha256("abc")')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('null and emptiness, iff, case, coalesce, min_of, max_of', () => {
    expect(value('isempty("")')).toBe(true);
    expect(value('isempty(int(null))')).toBe(true);
    expect(value('isnotempty("a")')).toBe(true);
    expect(value('isnull("")')).toBe(false);
    expect(value('isnull(dynamic(null))')).toBe(true);
    expect(value('isnotnull(1)')).toBe(true);
    expect(evaluate('iff(1 > 2, "a", "b")')).toEqual({ value: 'b', type: 'String' });
    expect(evaluate('iif(true, 1, 2.5)')).toEqual({ value: 1, type: 'Double' });
    expect(value('iff(int(null) > 1, "yes", "no")')).toBe('no');
    expect(value('case(false, 1, true, 2, 3)')).toBe(2);
    expect(value('case(false, "a", "b")')).toBe('b');
    expect(value('coalesce("", "x", "y")')).toBe('x');
    expect(value('coalesce(int(null), 5)')).toBe(5);
    expect(value('min_of(3, 1, 2)')).toBe(1);
    expect(value('max_of(3, int(null), 2)')).toBe(3);
    expect(value('abs(-3)')).toBe(3);
    expect(value('round(2.567, 2)')).toBe(2.57);
    expect(value('round(2.5)')).toBe(3);
    expect(value('pow(2, 10)')).toBe(1024);
    expect(value('gettype(dynamic([]))')).toBe('array');
    expect(value('gettype("x")')).toBe('string');
  });

  test('dynamic values: member access, indexing, packing and arrays', () => {
    expect(value('parse_json(\'{"a":{"b":[1,2,3]}}\').a.b[1]')).toBe(2);
    expect(value('parse_json(\'{"a":{"b":[1,2,3]}}\')["a"]["b"][-1]')).toBe(3);
    expect(value('todynamic("[1,2]")')).toEqual([1, 2]);
    expect(value('parse_json("not json")')).toBe('not json');
    expect(value('dynamic({"a":1}).missing')).toBeNull();
    expect(value('dynamic([1]).a')).toBeNull();
    expect(value('array_length(dynamic([1, 2, 3]))')).toBe(3);
    expect(value('array_length(dynamic({}))')).toBeNull();
    expect(value('set_has_element(dynamic(["a", "b"]), "b")')).toBe(true);
    expect(value('array_index_of(dynamic(["a", "b"]), "b")')).toBe(1);
    expect(value('array_concat(dynamic([1]), dynamic([2, 3]))')).toEqual([1, 2, 3]);
    expect(value('array_slice(dynamic([1, 2, 3, 4]), 1, 2)')).toEqual([2, 3]);
    expect(value('pack("a", 1, "b", datetime(2025-01-01))')).toEqual({ a: 1, b: '2025-01-01T00:00:00.0000000Z' });
    expect(value('bag_pack("x", "y")')).toEqual({ x: 'y' });
    expect(value('pack_array(1, "x", 1h)')).toEqual([1, 'x', '01:00:00']);
    expect(value('bag_keys(dynamic({"a": 1, "b": 2}))')).toEqual(['a', 'b']);
    expect(value('bag_has_key(dynamic({"a": 1}), "a")')).toBe(true);
    expect(run('print s = \'{"a":1}\' | extend v = parse_json(s).a').results).toEqual([{ s: '{"a":1}', v: 1 }]);
    // As in Kusto (KS142), JSON text in a string has no members until parse_json().
    expect(() => run('print s = \'{"a":1}\' | extend w = s.a')).toThrow(/requires a dynamic value.*parse_json/);
    expect(() => run("print s = '[1]' | extend w = s[0]")).toThrow(/requires a dynamic value/);
    expect(
      run('AlertEvidence | where tostring(AdditionalFields.Port) == "443" | project p = toint(AdditionalFields.Port), t = AdditionalFields.Tags[0]').results,
    ).toEqual([{ p: 443, t: 'c2' }]);
    expect(run('print a = 1, b = "x" | extend bag = pack_all()').results[0]?.bag).toEqual({ a: 1, b: 'x' });
  });

  test('parse_url', () => {
    expect(value('parse_url("https://user:pw@bad.example.net:8443/path/x?q=1&r=two%20words#frag")')).toEqual({
      Scheme: 'https',
      Host: 'bad.example.net',
      Port: '8443',
      Path: '/path/x',
      Username: 'user',
      Password: 'pw',
      'Query Parameters': { q: '1', r: 'two words' },
      Fragment: 'frag',
    });
    expect(value('parse_url("http://example.org").Host')).toBe('example.org');
    expect(value('parse_url("not a url")')).toEqual({});
  });

  test('IPv4 helpers', () => {
    expect(value('ipv4_is_in_range("10.1.2.3", "10.0.0.0/8")')).toBe(true);
    expect(value('ipv4_is_in_range("11.0.0.1", "10.0.0.0/8")')).toBe(false);
    expect(value('ipv4_is_in_range("192.168.1.7", "192.168.1.7")')).toBe(true);
    expect(value('ipv4_is_in_range("bogus", "10.0.0.0/8")')).toBeNull();
    expect(value('ipv4_is_private("172.20.1.1")')).toBe(true);
    expect(value('ipv4_is_private("8.8.8.8")')).toBe(false);
    expect(value('ipv4_compare("10.0.0.1", "10.0.0.2")')).toBe(-1);
    expect(value('ipv4_is_match("10.0.0.1", "10.0.0.200", 24)')).toBe(true);
    expect(value('parse_ipv4("10.0.0.1")')).toBe(167772161);
  });

  test('column_ifexists and toscalar', () => {
    expect(column(run('AlertInfo | project t = column_ifexists("Severity", "none") | take 1'), 't')).toEqual(['High']);
    expect(column(run('AlertInfo | project t = column_ifexists("Nope", "none") | take 1'), 't')).toEqual(['none']);
    expect(value('toscalar(AlertInfo | summarize max(Timestamp))')).toBe('2025-03-09T12:00:00.0000000Z');
  });

  test('7-digit source timestamps round-trip exactly', () => {
    const tables = {
      T: {
        columns: [{ name: 'Timestamp', type: 'DateTime' }],
        rows: [{ Timestamp: '2025-03-04T08:58:03.1234567Z' }, { Timestamp: '2025-03-04T08:58:03Z' }, { Timestamp: 'garbage' }],
      },
    };
    expect(column(run('T', { tables }), 'Timestamp')).toEqual(['2025-03-04T08:58:03.1234567Z', '2025-03-04T08:58:03.0000000Z', null]);
    expect(column(run('T | where Timestamp > datetime(2025-03-04T08:58:03.1234566Z)', { tables }), 'Timestamp')).toEqual(['2025-03-04T08:58:03.1234567Z']);
  });
});
