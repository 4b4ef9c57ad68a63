import { ODataQueryError, applyQuery, matchesFilter, parseFunctionArgs, parseODataQuery, type EntitySetSpec } from '../../../emulator/odata';
import { incidents, incidentSpec, machines, machineSpec } from './fixtures';

/** mulberry32: a tiny seeded PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  "'",
  "''",
  '(',
  ')',
  ',',
  ' ',
  ' ',
  ' ',
  ':',
  '/',
  '-',
  '.',
  '\\',
  '"',
  '$',
  '@',
  '+',
  '\t',
  '\n',
  '\u0000',
  'eq',
  'ne',
  'gt',
  'le',
  'and',
  'or',
  'not',
  'in',
  'EQ',
  'any',
  'all',
  't',
  'null',
  'true',
  'false',
  'status',
  'severity',
  'customTags',
  'createdDateTime',
  'assignedTo',
  'displayName',
  'constructor',
  '__proto__',
  'lastSeen',
  'rbacGroupId',
  'machineTags',
  'isAadJoined',
  'healthStatus',
  "'active'",
  "'O''Brien'",
  "' or 1 eq 1'",
  "'事件'",
  "'🚨'",
  "'\\'",
  "')'",
  'startswith(',
  'endswith(',
  'contains(',
  'tolower(',
  'toupper(',
  'substringof(',
  '/any(t: ',
  '/all(x:',
  '42',
  '-1.5',
  '1e400',
  '2024-05-01T00:00:00Z',
  '2024-05-01',
  '2018-08-01Z',
  '2024-05-01T00:00:00.1234567+02:00',
  '2024-02-30',
  '80fe8ff8-2624-418e-9591-41f0491218f9',
  'é',
  '事',
  '🚨',
  '\ud800',
  '\udc00',
  'ß',
  'İ',
];

const SNIPPETS = {
  graph: [
    "status eq 'active'",
    "customTags/any(t: t eq 'VIP')",
    "contains(displayName,'o')",
    'createdDateTime gt 2024-05-01',
    "severity in ('high','low')",
    'assignedTo eq null',
    "tolower(assignedTo) ne 'x''y'",
    "customTags/all(t: startswith(t,'f'))",
  ],
  mde: [
    "healthStatus eq 'Active'",
    "machineTags/any(t: t eq 'server')",
    'not isAadJoined',
    "riskScore in ('High','Medium')",
    'rbacGroupId ge 7',
    'lastSeen eq null',
    'lastSeen lt 2024-05-01T12:00:00+02:00',
    "endswith(computerDnsName,'.com')",
  ],
};

type Dialect = keyof typeof SNIPPETS;

function pickFrom(next: () => number) {
  return <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
}

/** Random fragments glued together: mostly lexer and parser errors. */
function fragmentFilter(next: () => number, dialect: Dialect): string {
  const pick = pickFrom(next);
  const parts: string[] = [];
  const length = 1 + Math.floor(next() * 14);
  for (let i = 0; i < length; i++) {
    const r = next();
    if (r < 0.15) parts.push(pick(SNIPPETS[dialect]));
    else if (r < 0.25) parts.push(String.fromCodePoint(Math.floor(next() * 0x2ffff)));
    else parts.push(pick(FRAGMENTS));
    if (next() < 0.5) parts.push(' ');
  }
  return parts.join('');
}

/** Valid clauses combined with and/or/not/parentheses, then sometimes damaged: reaches the evaluator. */
function structuredFilter(next: () => number, dialect: Dialect): string {
  const pick = pickFrom(next);
  const clause = (depth: number): string => {
    const r = next();
    if (depth < 3 && r < 0.3) return `(${clause(depth + 1)} ${pick(['and', 'or'])} ${clause(depth + 1)})`;
    if (depth < 3 && r < 0.4) return `not (${clause(depth + 1)})`;
    return pick(SNIPPETS[dialect]);
  };
  let text = clause(0);
  const damage = Math.floor(next() * 3);
  for (let i = 0; i < damage; i++) {
    const at = Math.floor(next() * (text.length + 1));
    text = next() < 0.5 ? text.slice(0, at) + pick(FRAGMENTS) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  }
  return text;
}

function randomFilter(next: () => number, dialect: Dialect): string {
  return next() < 0.5 ? fragmentFilter(next, dialect) : structuredFilter(next, dialect);
}

function expectOnlyQueryErrors(run: () => void): 'ok' | 'error' {
  try {
    run();
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(ODataQueryError);
    const e = err as ODataQueryError;
    expect(e.status).toBe(400);
    expect(['BadRequest', 'ODataError']).toContain(e.code);
    // The parser's last-resort message means an internal error slipped through.
    expect(e.message).not.toContain('could not be parsed');
    expect(e.message.length).toBeLessThan(700);
    return 'error';
  }
}

describe('fuzzing', () => {
  it.each([
    ['graph', incidentSpec, incidents, 20240501],
    ['mde', machineSpec, machines, 4242],
  ] as [string, EntitySetSpec, Record<string, unknown>[], number][])(
    'turns 2,000 random %s filters into a parse or an ODataQueryError',
    (_name, spec, items, seed) => {
      const next = rng(seed);
      const outcomes = { ok: 0, error: 0 };
      for (let i = 0; i < 2000; i++) {
        const filter = randomFilter(next, spec.dialect);
        const outcome = expectOnlyQueryErrors(() => {
          const q = parseODataQuery(new URLSearchParams({ $filter: filter }), spec);
          const { page } = applyQuery(items, q, spec);
          expect(page.length).toBeLessThanOrEqual(items.length);
          if (q.filter) for (const item of items) expect(typeof matchesFilter(q.filter, item, spec)).toBe('boolean');
        });
        outcomes[outcome]++;
      }
      expect(outcomes.ok + outcomes.error).toBe(2000);
      // The generator must reach past the lexer often enough to exercise the parser and evaluator.
      expect(outcomes.ok).toBeGreaterThan(300);
      expect(outcomes.error).toBeGreaterThan(500);
    },
  );

  it('turns random $top, $skip and $orderby values into a parse or an ODataQueryError', () => {
    const next = rng(7);
    const pieces = ['0', '5', '50', '51', '-', ' ', ',', 'desc', 'asc', 'createdDateTime', 'status', 'x', '+', "'", '9'];
    const random = () => Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    for (let i = 0; i < 500; i++) {
      expectOnlyQueryErrors(() => {
        const q = parseODataQuery(new URLSearchParams({ $top: random(), $skip: random(), $orderby: random() }), incidentSpec);
        applyQuery(incidents, q, incidentSpec);
      });
    }
  });

  it('turns random function argument lists into arguments or an ODataQueryError', () => {
    const next = rng(99);
    const pieces = ['ip', '=', "'", "''", ',', ' ', '10.0.0.1', '(', ')', 'timestamp', '2019-09-22T08:44:05Z', '事', '\\'];
    for (let i = 0; i < 500; i++) {
      const segment = Array.from({ length: Math.floor(next() * 10) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      expectOnlyQueryErrors(() => {
        const args = parseFunctionArgs(segment);
        for (const value of Object.values(args)) expect(typeof value).toBe('string');
      });
    }
  });
});
