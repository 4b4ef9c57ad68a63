import { KqlError, runKql } from '../../../emulator/kql';
import { errorOf, huntingTables, NOW, run } from './fixtures';

describe('errors', () => {
  test('an unknown table', () => {
    expect(errorOf('Foo | take 1')).toMatchObject({ kind: 'semantic', message: "Failed to resolve table or column expression named 'Foo'" });
    expect(errorOf('union AlertInfo, Foo')).toMatchObject({ kind: 'semantic', message: "Failed to resolve table or column expression named 'Foo'" });
    expect(errorOf('Foo')).toMatchObject({ kind: 'semantic', message: "Failed to resolve table or column expression named 'Foo'" });
    expect(errorOf('let t = Foo; t')).toMatchObject({ kind: 'semantic', message: "Failed to resolve table or column expression named 'Foo'" });
    expect(errorOf('alertinfo | take 1').kind).toBe('semantic'); // table names are case-sensitive
  });

  test('an unknown column names the operator', () => {
    expect(errorOf('AlertInfo | where Foo == 1')).toEqual(
      expect.objectContaining({ kind: 'semantic', message: "'where' operator: Failed to resolve scalar expression named 'Foo'" }),
    );
    expect(errorOf('AlertInfo | project Foo').message).toBe("'project' operator: Failed to resolve scalar expression named 'Foo'");
    expect(errorOf('AlertInfo | extend x = tolower(Foo)').message).toBe("'extend' operator: Failed to resolve scalar expression named 'Foo'");
    expect(errorOf('AlertInfo | summarize count() by Foo').message).toBe("'summarize' operator: Failed to resolve scalar expression named 'Foo'");
    expect(errorOf('AlertInfo | order by Foo').message).toBe("'sort' operator: Failed to resolve scalar expression named 'Foo'");
    expect(errorOf('AlertInfo | project-away Foo').message).toBe("'project-away' operator: Failed to resolve scalar expression named 'Foo'");
    expect(errorOf('AlertInfo | join (EmailEvents) on Foo').message).toBe("'join' operator: Failed to resolve scalar expression named 'Foo'");
    // Even when no row would be evaluated.
    expect(errorOf('AlertInfo | take 0 | where Foo == 1').kind).toBe('semantic');
    expect(errorOf('AlertInfo | where timestamp > ago(1d)').message).toContain("named 'timestamp'");
  });

  test('syntax errors carry Microsoft wording and a position', () => {
    const error = errorOf('AlertInfo | wher x');
    expect(error).toBeInstanceOf(KqlError);
    expect(error.kind).toBe('syntax');
    expect(error.message).toBe("A recognition error occurred in the query. Query could not be parsed at 'wher' on line [1,12]");
    expect((error as KqlError).location).toEqual({ line: 1, pos: 12, token: 'wher' });
    expect(errorOf('AlertInfo\n| where Timestamp > ago(1d) | badtoken').message).toContain("at 'badtoken' on line [2,30]");
    expect(errorOf('AlertInfo | where').message).toContain("'<EOF>'");
    expect(errorOf('AlertInfo | Where x == 1').kind).toBe('syntax'); // operators are case-sensitive
    expect(errorOf('AlertInfo | where (a == 1').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where a == 1)').kind).toBe('syntax');
    expect(errorOf('AlertInfo | take 5 AlertInfo').kind).toBe('syntax');
    expect(errorOf('AlertInfo | project a,').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where x == datetime(not a date)').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where x == 10parsecs').kind).toBe('syntax');
    expect(errorOf('AlertInfo # comment').kind).toBe('syntax');
    expect(errorOf('').kind).toBe('syntax');
    expect(errorOf('let x = 1;').kind).toBe('syntax');
    expect(errorOf('// only a comment').kind).toBe('syntax');
  });

  test('unterminated, multi-line and badly escaped strings are syntax errors', () => {
    expect(errorOf('AlertInfo | where Title == "abc').kind).toBe('syntax');
    expect(errorOf("AlertInfo | where Title == 'abc").kind).toBe('syntax');
    expect(errorOf('AlertInfo | where Title == "ab\ncd"').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where Title == @"ab\ncd"').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where Title == "a\\qb"').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where Title == "a\\u12"').kind).toBe('syntax');
    expect(errorOf('AlertInfo | where Title == "abc\\"').kind).toBe('syntax');
  });

  test('operators and functions outside the subset are reported as unsupported', () => {
    expect(errorOf('AlertEvidence | evaluate bag_unpack(AdditionalFields)')).toEqual(
      expect.objectContaining({ kind: 'unsupported', message: "The emulator does not support the 'evaluate' operator" }),
    );
    expect(errorOf('AlertInfo | parse Title with * "to " ip').message).toBe("The emulator does not support the 'parse' operator");
    expect(errorOf('AlertInfo | make-series count() on Timestamp step 1d').kind).toBe('unsupported');
    expect(errorOf('AlertInfo | mv-apply x on (take 1)').kind).toBe('unsupported');
    expect(errorOf('AlertInfo | as T').kind).toBe('unsupported');
    expect(errorOf('AlertInfo | top-nested 3 of Category by count()').kind).toBe('unsupported');
    expect(errorOf('AlertInfo | extend x = series_fit_line(Title)')).toEqual(
      expect.objectContaining({ kind: 'unsupported', message: "The emulator does not support the 'series_fit_line' function" }),
    );
    expect(errorOf('AlertInfo | summarize percentile(Severity, 50)').kind).toBe('unsupported');
    expect(errorOf('AlertInfo | extend x = new_guid()').kind).toBe('unsupported');
    expect(errorOf('find "x"').kind).toBe('unsupported');
    expect(errorOf('let f = (x: long) { x + 1 }; print f(1)').kind).toBe('unsupported');
    expect(errorOf('set query_now = datetime(2025-01-01); AlertInfo').kind).toBe('unsupported');
    expect(errorOf('AlertInfo | take 1; AlertEvidence | take 1').kind).toBe('unsupported');
  });

  test('type errors are semantic errors', () => {
    expect(errorOf('AlertInfo | where Title').kind).toBe('semantic');
    expect(errorOf('AlertInfo | where Title == 1').message).toContain('Cannot compare values of types string and long');
    expect(errorOf('AlertInfo | extend x = Title + 1').kind).toBe('semantic');
    expect(errorOf('AlertInfo | extend x = count()').kind).toBe('semantic');
    expect(errorOf('AlertInfo | summarize Title').kind).toBe('semantic');
    expect(errorOf('AlertInfo | take Title').kind).toBe('semantic');
    expect(errorOf('AlertInfo | where Title matches regex "("').kind).toBe('semantic');
    expect(errorOf('AlertInfo | project Title, Title').kind).toBe('semantic');
    expect(errorOf('AlertInfo | extend x = tolower()').message).toBe('tolower(): expects 1 argument, got 0');
    expect(errorOf('print x = 1 | where x == (AlertInfo | take 1)').kind).toBe('semantic');
  });

  test('a result larger than maxRows is a size error', () => {
    expect(errorOf('AlertEvidence', { maxRows: 3 })).toEqual(
      expect.objectContaining({
        kind: 'size',
        message: 'Result size limit exceeded. Use "summarize" or "take" to reduce the number of results.',
      }),
    );
    expect(run('AlertEvidence | take 3', { maxRows: 3 }).results).toHaveLength(3);
    expect(run('AlertEvidence | count', { maxRows: 1 }).results).toEqual([{ Count: 7 }]);
    expect(errorOf('range x from 1 to 100000000 step 1 | count').kind).toBe('size');
  });

  test('a runaway join fails with a size error instead of exhausting memory', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ K: 'same', I: i }));
    const tables = {
      T: {
        columns: [
          { name: 'K', type: 'String' },
          { name: 'I', type: 'Int64' },
        ],
        rows,
      },
    };
    const start = Date.now();
    expect(errorOf('T | join kind=inner (T) on K | count', { tables }).kind).toBe('size');
    expect(Date.now() - start).toBeLessThan(5000);
  });

  test('queries over 100,000 characters are rejected before parsing', () => {
    const query = `AlertInfo | where Title == "${'a'.repeat(200_001 - 30)}"`.padEnd(200_001, ' ');
    expect(query).toHaveLength(200_001);
    const error = errorOf(query);
    expect(error.kind).toBe('syntax');
    expect(error.message).toMatch(/^Query is too long/);
    expect(() => run(`AlertInfo | where Title != "${'a'.repeat(99_000)}" | count`)).not.toThrow();
  });

  test('deep nesting is a KqlError, not a stack overflow', () => {
    for (const depth of [10_000, 201]) {
      const query = `print x = ${'('.repeat(depth)}1${')'.repeat(depth)}`;
      const error = errorOf(query);
      expect(error).toBeInstanceOf(KqlError);
      expect(error.kind).toBe('syntax');
    }
    expect(run(`print x = ${'('.repeat(150)}1${')'.repeat(150)}`).results).toEqual([{ x: 1 }]);
    expect(errorOf(`print x = ${'-'.repeat(5000)}1`).kind).toBe('syntax');
    expect(errorOf(`print x = ${'tolower('.repeat(5000)}"a"${')'.repeat(5000)}`).kind).toBe('syntax');
    expect(errorOf(`print x = dynamic(${'['.repeat(5000)}${']'.repeat(5000)})`).kind).toBe('syntax');
    expect(errorOf(`print x = 1${' + 1'.repeat(20_000)}`).kind).toBe('syntax');
    // Long flat lists are fine.
    expect(run(`AlertInfo | where ${Array.from({ length: 3000 }, (_, i) => `AlertId == "x${i}"`).join(' or ')} | count`).results).toEqual([{ Count: 0 }]);
    expect(run(`print x = strlen(strcat(${Array.from({ length: 60 }, () => '"ab"').join(', ')}))`).results).toEqual([{ x: 120 }]);
  });

  test('random input only ever produces KqlErrors, quickly', () => {
    // Deterministic PRNG (mulberry32) so failures are reproducible.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const fragments = [
      'AlertInfo',
      'AlertEvidence',
      'DeviceInfo',
      'EmailEvents',
      '|',
      ' | ',
      'where',
      'project',
      'extend',
      'summarize',
      'by',
      'count()',
      'take',
      'top',
      'sort by',
      'order by',
      'join',
      'kind=inner',
      'on',
      '$left.',
      '$right.',
      'union',
      'withsource=S',
      'search',
      'let',
      '=',
      '==',
      '!=',
      '=~',
      '!~',
      'has',
      '!has',
      'contains',
      'in',
      'in~',
      '!in',
      'has_any',
      'between',
      '..',
      'and',
      'or',
      'not',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      ';',
      '.',
      ':',
      '"',
      "'",
      '\\',
      '\\"',
      '@"',
      'h"',
      '```',
      '"abc"',
      "'x'",
      '1',
      '0',
      '-1',
      '1.5',
      '1e9',
      '30d',
      '1h',
      '5m',
      'datetime(2025-01-01)',
      'datetime(',
      'dynamic([1,2])',
      'dynamic({"a":1})',
      'dynamic(',
      'ago(1d)',
      'now()',
      'bin(Timestamp, 1h)',
      'arg_max(Timestamp, *)',
      'make_set(AlertId)',
      'tostring(',
      'iff(',
      'case(',
      'Timestamp',
      'Title',
      'AlertId',
      'Foo',
      '*',
      '+',
      '-',
      '/',
      '%',
      '<',
      '>',
      '<=',
      '>=',
      'mv-expand',
      'project-away',
      'distinct',
      'datatable(a:long)[1,2]',
      'print',
      'range x from 1 to 3 step 1',
      '//',
      '\n',
      ' ',
      '\t',
      'é',
      '漢字',
      '🙂',
      '\u0000',
      '\u202e',
      'null',
      'true',
      'false',
      'typeof(long)',
      'toscalar(',
      'materialize(',
    ];
    const start = Date.now();
    let kqlErrors = 0;
    for (let i = 0; i < 2000; i++) {
      let query = '';
      const parts = 1 + Math.floor(random() * 24);
      for (let j = 0; j < parts; j++) {
        query += random() < 0.15 ? String.fromCharCode(Math.floor(random() * 0x3000)) : pick(fragments);
        if (random() < 0.5) query += ' ';
      }
      try {
        runKql(query, { tables: huntingTables(), now: NOW });
      } catch (error) {
        if (!(error instanceof KqlError)) throw new Error(`query ${JSON.stringify(query)} threw ${String(error)}`);
        if (error.message.startsWith('Internal error')) throw new Error(`query ${JSON.stringify(query)} hit ${error.message}`);
        kqlErrors++;
      }
    }
    expect(kqlErrors).toBeGreaterThan(1000);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  test('hostile identifiers and keys do not reach object prototypes', () => {
    expect(errorOf('constructor | take 1').message).toBe("Failed to resolve table or column expression named 'constructor'");
    expect(errorOf('__proto__').kind).toBe('semantic');
    expect(run('print d = dynamic({"a": 1}) | extend x = d.constructor, y = d["__proto__"], z = d.toString').results).toEqual([
      { d: { a: 1 }, x: null, y: null, z: null },
    ]);
    const result = run("print ['__proto__'] = 1, b = bag_pack('__proto__', 2)");
    expect(Object.keys(result.results[0]!)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(result.results[0])).toBe(Object.prototype);
    expect(Object.keys(result.results[0]!.b as object)).toEqual(['__proto__']);
  });
});
