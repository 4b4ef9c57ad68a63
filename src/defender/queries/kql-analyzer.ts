import { HUNTING_FUNCTIONS, HUNTING_TABLES, OTHER_HUNTING_TABLES, type HuntingColumnType } from '../hunting-schema';

/**
 * Microsoft's own KQL analyzer (Kusto.Language, npm @kusto/language-service-next) over Microsoft's published advanced
 * hunting schema (src/defender/hunting-schema). A query with an error diagnostic here is one Defender refuses: the bot
 * checks what it builds and what analysts type before spending a hunting call, and the emulator refuses the same.
 */

/** One error the analyzer found; line and column are 1-based. */
export interface KqlDiagnostic {
  /** Kusto.Language's code (KS141...), or EMPTY_QUERY. */
  code: string;
  /** Syntax (the text does not parse) or semantic (names, types, arguments): Defender words its refusals by this. */
  kind: 'syntax' | 'semantic';
  message: string;
  line: number;
  column: number;
  /** Offset and length in the query text (UTF-16 code units). */
  start: number;
  length: number;
}

// The few members of Kusto.Language's Bridge.NET objects used here.
interface BridgeList<T> {
  Count: number;
  getItem(i: number): T;
}
interface BridgeDiagnostic {
  Code: string;
  Severity: string;
  Message: string;
  Start: number;
  Length: number;
}
interface KustoCode {
  GetDiagnostics(): BridgeList<BridgeDiagnostic>;
  GetSyntaxDiagnostics(): BridgeList<BridgeDiagnostic>;
}
interface KustoLanguage {
  KustoCode: { ParseAndAnalyze(text: string, globals: unknown): KustoCode };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  Symbols: {
    ScalarTypes: Record<string, unknown>;
    ColumnSymbol: new (name: string, type: unknown) => unknown;
    TableSymbol: { $ctor4: new (name: string, columns: unknown[]) => { WithIsOpen(open: boolean): unknown } };
    FunctionSymbol: { $ctor16: new (name: string, parameters: string, body: string, description: string | null) => unknown };
    DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
  };
}

const KUSTO_TYPES: Record<HuntingColumnType, string> = {
  string: 'String',
  datetime: 'DateTime',
  long: 'Long',
  int: 'Int',
  bool: 'Bool',
  boolean: 'Bool',
  dynamic: 'Dynamic',
  real: 'Real',
  double: 'Real',
  guid: 'Guid',
  timespan: 'TimeSpan',
};

/** A typed null in KQL, for the columns an enrichment function adds. */
const NULL_OF: Record<HuntingColumnType, string> = {
  string: '""',
  datetime: 'datetime(null)',
  long: 'long(null)',
  int: 'int(null)',
  bool: 'bool(null)',
  boolean: 'bool(null)',
  dynamic: 'dynamic(null)',
  real: 'real(null)',
  double: 'real(null)',
  guid: 'guid(null)',
  timespan: 'timespan(null)',
};

let globals: { kusto: KustoLanguage; state: unknown } | undefined;

/** Loads Kusto.Language once per process (about a second) and declares the schema. */
export function loadKqlAnalyzer(): void {
  if (globals) return;
  // Bridge.NET's runtime, then Kusto.Language; both define globals (Bridge, System, Kusto).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@kusto/language-service-next/bridge.min.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  const kusto = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  const S = kusto.Symbols;
  const members: unknown[] = [];
  for (const table of Object.values(HUNTING_TABLES)) {
    members.push(
      new S.TableSymbol.$ctor4(
        table.name,
        table.columns.map((c) => new S.ColumnSymbol(c.name, S.ScalarTypes[KUSTO_TYPES[c.type]])),
      ),
    );
  }
  // Documented tables whose columns are not transcribed: open, so any column of them resolves.
  for (const name of OTHER_HUNTING_TABLES) members.push(new S.TableSymbol.$ctor4(name, []).WithIsOpen(true));
  for (const fn of Object.values(HUNTING_FUNCTIONS)) {
    const params = [
      'T:(*)',
      ...fn.parameters.map(
        (p) =>
          `${p.name}:${p.type === 'boolean' ? 'bool' : p.type}${p.default !== undefined ? ` = ${p.type === 'string' ? JSON.stringify(p.default) : p.default}` : ''}`,
      ),
    ];
    const added = fn.columns.map((c) => `${c.name} = ${NULL_OF[c.type]}`).join(', ');
    members.push(new S.FunctionSymbol.$ctor16(fn.name, `(${params.join(', ')})`, `{ T | extend ${added} }`, null));
  }
  const db = new S.DatabaseSymbol.ctor('Defender', members);
  globals = { kusto, state: kusto.GlobalState.Default.WithDatabase(db) };
}

/** Line and column (1-based) of an offset; \r\n, \n and \r each end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Spans of bare column names given to Defender's enrichment functions (`invoke FileProfile(SHA1, 1000)`). The schema
 * page documents the argument as "the file ID column to use" and quotes it in its example; public queries write it
 * bare, and Defender runs them. Kusto.Language would call the bare name unresolved, so those names are let through.
 */
function enrichmentColumnSpans(query: string): Set<string> {
  const spans = new Set<string>();
  for (const fn of Object.values(HUNTING_FUNCTIONS)) {
    const names = new Set(fn.parameters.flatMap((p) => p.columnNames ?? []));
    if (names.size === 0) continue;
    const call = new RegExp(`\\b${fn.name}\\s*\\(([^()]*)\\)`, 'g');
    for (let m = call.exec(query); m; m = call.exec(query)) {
      const argsStart = m.index + m[0].indexOf('(') + 1;
      const ident = /[A-Za-z_][A-Za-z0-9_]*/g;
      for (let a = ident.exec(m[1]!); a; a = ident.exec(m[1]!)) {
        if (names.has(a[0])) spans.add(`${argsStart + a.index}:${a[0].length}`);
      }
    }
  }
  return spans;
}

const cache = new Map<string, KqlDiagnostic[]>();
const CACHE_SIZE = 500;

/**
 * The errors Defender's analyzer finds in a query (warnings and suggestions are not refusals and are left out). An
 * empty list means the query is valid over Microsoft's schema. The first call loads the analyzer (about a second);
 * results are cached by query text.
 */
export function analyzeKqlSync(query: string): KqlDiagnostic[] {
  if (typeof query !== 'string' || query.trim() === '') {
    return [
      {
        code: 'EMPTY_QUERY',
        kind: 'syntax',
        message: 'The query is empty: write a table name and operators, e.g. AlertInfo | take 10.',
        line: 1,
        column: 1,
        start: 0,
        length: 0,
      },
    ];
  }
  const hit = cache.get(query);
  if (hit) return hit;
  loadKqlAnalyzer();
  const { kusto, state } = globals!;
  const code = kusto.KustoCode.ParseAndAnalyze(query, state);
  const diagnostics = code.GetDiagnostics();
  const syntax = code.GetSyntaxDiagnostics();
  const syntaxKeys = new Set<string>();
  for (let i = 0; i < syntax.Count; i++) syntaxKeys.add(`${syntax.getItem(i).Code}:${syntax.getItem(i).Start}`);
  const tolerated = enrichmentColumnSpans(query);
  const out: KqlDiagnostic[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity !== 'Error') continue;
    if (d.Code === 'KS142' && tolerated.has(`${d.Start}:${d.Length}`)) continue;
    const kind = syntaxKeys.has(`${d.Code}:${d.Start}`) ? 'syntax' : 'semantic';
    out.push({ code: d.Code, kind, message: d.Message, ...lineAndColumn(query, d.Start), start: d.Start, length: d.Length });
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(query, out);
  return out;
}

/** Loads the analyzer and analyses one query, so the first real query is answered at full speed. */
export function warmUpKqlAnalyzer(): void {
  analyzeKqlSync('AlertInfo | where Timestamp > ago(1d) | summarize count() by Severity');
}

/** analyzeKqlSync, after one turn of the event loop (the first call still loads the analyzer synchronously). */
export async function analyzeKql(query: string): Promise<KqlDiagnostic[]> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return analyzeKqlSync(query);
}

/** "Line 1, column 31: The expression must have the type dynamic. (KS141)" */
export function formatKqlDiagnostic(d: KqlDiagnostic): string {
  const message = /[.!?]$/.test(d.message) ? d.message : `${d.message}.`;
  return `Line ${d.line}, column ${d.column}: ${message} (${d.code})`;
}

/** The first few diagnostics, one a line, and how many more there are. */
export function formatKqlDiagnostics(diagnostics: KqlDiagnostic[], max = 3): string {
  const shown = diagnostics.slice(0, max).map(formatKqlDiagnostic);
  if (diagnostics.length > max) shown.push(`(and ${diagnostics.length - max} more)`);
  return shown.join('\n');
}
