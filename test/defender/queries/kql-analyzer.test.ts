import {
  analyzeKql,
  analyzeKqlSync,
  formatKqlDiagnostic,
  formatKqlDiagnostics,
  lineAndColumn,
  type KqlDiagnostic,
} from '../../../src/defender/queries/kql-analyzer';
import { HUNTING_FUNCTIONS, HUNTING_TABLES, OTHER_HUNTING_TABLES } from '../../../src/defender/hunting-schema';

/*
 * Microsoft's KQL analyzer (Kusto.Language) over Microsoft's published hunting schema: what the bot uses to check a
 * query before spending a hunting call, and what the emulator refuses with.
 */

const codes = (ds: KqlDiagnostic[]) => ds.map((d) => d.code);

describe('the KQL analyzer over the advanced hunting schema', () => {
  it('refuses what Defender refused in issue 12, where Defender said it (KS141 at column 31, KS142 at 78)', () => {
    const ds = analyzeKqlSync('DeviceNetworkInfo | mv-expand IPAddresses | extend IP = tostring(IPAddresses.IPAddress)');
    expect(ds.map((d) => [d.code, d.line, d.column, d.kind])).toEqual([
      ['KS141', 1, 31, 'semantic'],
      ['KS142', 1, 78, 'semantic'],
    ]);
    expect(formatKqlDiagnostic(ds[0]!)).toBe('Line 1, column 31: The expression must have the type dynamic. (KS141)');
  });

  it('accepts the same through parse_json, which gives dynamic', () => {
    expect(analyzeKqlSync('DeviceNetworkInfo | mv-expand A = parse_json(IPAddresses) | extend IP = tostring(A.IPAddress)')).toEqual([]);
  });

  it('a syntax error: kind syntax, with its line and column', () => {
    const ds = analyzeKqlSync('AlertInfo\n| wher Severity == "High"');
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]).toMatchObject({ code: 'KS176', kind: 'syntax', line: 2, column: 3 });
    expect(formatKqlDiagnostic(ds[0]!)).toBe('Line 2, column 3: Query operator expected. (KS176)');
  });

  it('an unknown table, an unknown column, a wrong type', () => {
    expect(codes(analyzeKqlSync('NoSuchTable | take 1'))).toEqual(['KS204']);
    expect(codes(analyzeKqlSync('AlertInfo | where NoSuchColumn == 1'))).toEqual(['KS142']);
    // MD5 is a column of DeviceFileEvents, not of AlertEvidence.
    expect(codes(analyzeKqlSync('AlertEvidence | where MD5 == "x"'))).toEqual(['KS142']);
    expect(codes(analyzeKqlSync('AlertInfo | where Timestamp > 5'))).toEqual(['KS106']);
    expect(analyzeKqlSync('AlertInfo | where Timestamp > 5')[0]!.message).toMatch(/not defined for the operand types datetime and long/);
  });

  it('an empty query, whitespace only', () => {
    for (const q of ['', '   ', '\n\t']) {
      const ds = analyzeKqlSync(q);
      expect(ds).toHaveLength(1);
      expect(ds[0]).toMatchObject({ code: 'EMPTY_QUERY', kind: 'syntax', line: 1, column: 1 });
    }
  });

  it('100 KB of text: an answer, not a hang (valid and invalid)', () => {
    const valid = `let titles = dynamic([${Array.from({ length: 4000 }, (_, i) => `"alert title number ${i}"`).join(', ')}]);\nAlertInfo | where Title in (titles)`;
    expect(valid.length).toBeGreaterThan(100_000);
    expect(analyzeKqlSync(valid)).toEqual([]);
    // Thousands of piped operators: too deep to analyse, said so (a refusal with its reason, not a crash).
    const deep = `AlertInfo\n${Array.from({ length: 2700 }, (_, i) => `| where Title != "value number ${i}"`).join('\n')}`;
    expect(codes(analyzeKqlSync(deep))).toEqual(['KS245']);
    const junk = 'x'.repeat(100_000);
    expect(codes(analyzeKqlSync(junk))).toEqual(['KS142']);
    const unclosed = `AlertInfo | where Title == "${'a'.repeat(100_000)}`;
    expect(analyzeKqlSync(unclosed).some((d) => d.kind === 'syntax')).toBe(true);
  });

  it('warnings are not refusals', () => {
    // `take` without a sort is a performance warning at most; a valid query has no error whatever its warnings.
    expect(analyzeKqlSync('AlertInfo | take 10')).toEqual([]);
    expect(analyzeKqlSync('AlertInfo | where Title contains "x" | take 10')).toEqual([]);
  });

  it("Defender's functions: FileProfile as documented (quoted column, or bare as public queries write it) and DeviceFromIP", () => {
    expect(analyzeKqlSync('DeviceFileEvents | take 10 | project SHA1 | invoke FileProfile()')).toEqual([]);
    expect(analyzeKqlSync('DeviceFileEvents | project SHA1 | invoke FileProfile("SHA1", 500) | where GlobalPrevalence < 15')).toEqual([]);
    expect(analyzeKqlSync('DeviceFileEvents | distinct SHA1 | invoke FileProfile(SHA1, 1000) | where IsCertificateValid')).toEqual([]);
    expect(analyzeKqlSync('DeviceNetworkEvents | take 100 | project IP = LocalIP | invoke DeviceFromIP()')).toEqual([]);
    // Only the documented column names pass bare; anything else is unresolved.
    expect(codes(analyzeKqlSync('DeviceFileEvents | distinct SHA1 | invoke FileProfile(Nope, 10)'))).toEqual(['KS142']);
    expect(codes(analyzeKqlSync('DeviceFileEvents | invoke FileProfile("SHA1", 10) | where NoSuchProfileColumn > 1'))).toEqual(['KS142']);
  });

  it('documented tables whose columns are not transcribed are known by name', () => {
    expect(analyzeKqlSync('DeviceProcessEvents | where ProcessCommandLine has "powershell" | take 10')).toEqual([]);
    expect(analyzeKqlSync('union withsource=SourceTable IdentityInfo, CloudAppEvents | take 5')).toEqual([]);
  });

  it('lines and columns: \\n, \\r\\n and \\r end lines; columns are 1-based', () => {
    expect(lineAndColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('a\nbc', 3)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('a\r\nbc', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('a\rbc', 2)).toEqual({ line: 2, column: 1 });
    const ds = analyzeKqlSync('AlertInfo\r\n| where Nope == 1');
    expect(ds[0]).toMatchObject({ line: 2, column: 9 });
  });

  it('formats several diagnostics, at most three, then how many more', () => {
    const ds = analyzeKqlSync('AlertInfo | where A == 1 and B == 2 and C == 3 and D == 4');
    expect(ds).toHaveLength(4);
    expect(formatKqlDiagnostics(ds).split('\n')).toEqual([
      "Line 1, column 19: The name 'A' does not refer to any known column, table, variable or function. (KS142)",
      "Line 1, column 30: The name 'B' does not refer to any known column, table, variable or function. (KS142)",
      "Line 1, column 41: The name 'C' does not refer to any known column, table, variable or function. (KS142)",
      '(and 1 more)',
    ]);
  });

  it('the async form answers the same', async () => {
    expect(codes(await analyzeKql('AlertInfo | where Nope == 1'))).toEqual(['KS142']);
    expect(await analyzeKql('AlertInfo | take 1')).toEqual([]);
  });
});

describe('the schema data', () => {
  it("names each table's documentation page and gives every column a type Microsoft writes", () => {
    const types = new Set(['string', 'datetime', 'long', 'int', 'bool', 'boolean', 'dynamic']);
    for (const t of Object.values(HUNTING_TABLES)) {
      expect(t.doc).toBe(`https://learn.microsoft.com/defender-xdr/advanced-hunting-${t.name.toLowerCase()}-table`);
      expect(t.columns[0]).toEqual({ name: 'Timestamp', type: 'datetime' });
      for (const c of t.columns) expect(types).toContain(c.type);
      expect(new Set(t.columns.map((c) => c.name)).size).toBe(t.columns.length);
      for (const j of t.jsonInString) expect(t.columns.find((c) => c.name === j)?.type).toBe('string');
    }
    expect(HUNTING_FUNCTIONS.FileProfile!.doc).toBe('https://learn.microsoft.com/defender-xdr/advanced-hunting-fileprofile-function');
    expect(OTHER_HUNTING_TABLES.filter((n) => HUNTING_TABLES[n])).toEqual([]);
  });

  it('keeps the columns issue 12 is about as Microsoft types them', () => {
    const type = (t: string, c: string) => HUNTING_TABLES[t]!.columns.find((x) => x.name === c)?.type;
    expect(type('DeviceNetworkInfo', 'IPAddresses')).toBe('string');
    expect(type('DeviceNetworkInfo', 'ConnectedNetworks')).toBe('string');
    expect(type('DeviceNetworkInfo', 'MacAddress')).toBe('string');
    expect(type('DeviceInfo', 'LoggedOnUsers')).toBe('string');
    expect(type('DeviceInfo', 'AdditionalFields')).toBe('string');
    expect(type('DeviceInfo', 'PublicIP')).toBe('string');
    expect(type('AlertEvidence', 'AdditionalFields')).toBe('string');
    expect(type('IdentityLogonEvents', 'AdditionalFields')).toBe('dynamic');
    expect(type('AlertEvidence', 'MD5')).toBeUndefined();
    expect(type('DeviceFileEvents', 'MD5')).toBe('string');
  });
});
