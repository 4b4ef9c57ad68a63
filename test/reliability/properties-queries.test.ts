import fc from 'fast-check';
import { parse as parseKql } from '../../emulator/kql/parser';
import { parseFilter, parseFunctionArgs, type EntitySetSpec, type FilterNode } from '../../emulator/odata';
import { buildCustomHuntingQuery, buildNativeHuntingQuery } from '../../src/defender/lookup/hunting-query';
import { assignedToFilter } from '../../src/defender/lookup/filters';
import type { LookupTarget, TargetType } from '../../src/defender/lookup/types';
import {
  fillHuntingTemplate,
  findByIpSegment,
  kqlDynamicList,
  kqlString,
  machineIdOrName,
  odata,
  pathSegment,
  QueryValueError,
} from '../../src/defender/queries';
import { figure } from './support/figures';
import { assertProperty } from '../helpers/property';

/*
 * The query builders of src/defender/queries (and the lookup queries built on them), for any value: what they build is
 * parsed back with the emulator's own KQL and OData parsers, and the literal read back equals the value; a value never
 * changes the shape of the query around it. test/defender/queries/queries.test.ts checks a list of hostile examples
 * with a hand-written reader; these are properties over generated values, read by the parsers Defender's stand-in uses.
 */

const RUNS = 300;
let checked = 0;
afterAll(() => figure('properties: queries', 'generated values parsed back', checked, 'values', 'literal equals input every time'));

/** Any text, with the characters that matter to KQL and OData over-represented. */
const hostile = fc.string({
  unit: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '"',
        "'",
        '\\',
        '|',
        '/',
        '*',
        '(',
        ')',
        '[',
        ']',
        ',',
        ';',
        '$',
        '{',
        '}',
        '=',
        '~',
        '!',
        ' ',
        '\n',
        '\r',
        '\t',
        '\u2028',
        '%',
        '?',
        '#',
        '&',
        '`',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('or', ' and ', 'eq', '//', '/*', '*/', '--', 'union', 'take', "''", '\\"', 'PWNED') },
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) },
  ),
  maxLength: 60,
});

/** Runs the builder; a QueryValueError (control characters, too long) is an allowed, clear refusal. */
function built<T>(build: () => T): T | 'refused' {
  try {
    return build();
  } catch (err) {
    if (err instanceof QueryValueError) return 'refused';
    throw err;
  }
}

/** The parsed query with every string literal replaced: what a value must never change. */
function skeleton(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(skeleton);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.kind === 'literal' && o.type === 'string') return { kind: 'literal', type: 'string' };
    if (o.kind === 'literal' && o.type === 'dynamic' && Array.isArray(o.value)) return { kind: 'literal', type: 'dynamic', length: o.value.length };
    return Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => k !== 'start')
        .map(([k, v]) => [k, skeleton(v)]),
    );
  }
  return node;
}

/** Every string value in the parsed query's literals (dynamic lists included). */
function literals(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => literals(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.kind === 'literal' && o.type === 'string') out.push(String(o.value));
    else if (o.kind === 'literal' && o.type === 'dynamic' && Array.isArray(o.value)) out.push(...o.value.map(String));
    else Object.values(o).forEach((v) => literals(v, out));
  }
  return out;
}

function printed(literal: string): unknown {
  const [statement] = parseKql(`print x = ${literal}`);
  return (statement as { expr: { columns: { expr: { value: unknown } }[] } }).expr.columns[0]!.expr.value;
}

describe('KQL', () => {
  it('kqlString: the emulator reads back exactly the value', () => {
    assertProperty(
      fc.property(hostile, (v) => {
        const literal = built(() => kqlString(v));
        if (literal === 'refused') return;
        checked++;
        expect(printed(literal)).toBe(v);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('kqlDynamicList: the emulator reads back exactly the list', () => {
    assertProperty(
      fc.property(fc.array(hostile, { maxLength: 6 }), (values) => {
        const literal = built(() => kqlDynamicList(values));
        if (literal === 'refused') return;
        checked += values.length;
        expect(printed(literal)).toEqual(values);
      }),
      { numRuns: RUNS },
    );
  });

  const TEMPLATES = [
    'DeviceNetworkEvents | where RemoteUrl has "{{ENTITY}}" | take 10',
    "DeviceNetworkEvents | where RemoteIP == '{{ENTITY}}' | project Timestamp, DeviceName",
    'DeviceFileEvents | where SHA1 == {{ENTITY}} or SHA256 == {{ENTITY}} | summarize count() by DeviceName',
    'let v = "{{ENTITY}}"; DeviceInfo | where DeviceName =~ v',
  ];

  it("the admin's hunting template: the value lands as one literal, the query keeps its shape", () => {
    assertProperty(
      fc.property(fc.constantFrom(...TEMPLATES), hostile, (template, v) => {
        const query = built(() => fillHuntingTemplate(template, v));
        if (query === 'refused') return;
        checked++;
        const ast = parseKql(query);
        expect(skeleton(ast)).toEqual(skeleton(parseKql(fillHuntingTemplate(template, 'benign'))));
        const placeholders = (template.match(/\{\{ENTITY\}\}/g) ?? []).length;
        expect(literals(ast).filter((l) => l === v).length).toBeGreaterThanOrEqual(placeholders);
      }),
      { numRuns: RUNS },
    );
  });

  const TYPES: TargetType[] = ['ipv4', 'ipv6', 'ipv4cidr', 'domain', 'url', 'email', 'user', 'md5', 'sha1', 'sha256', 'cve', 'device', 'mac'];
  const targets = fc.array(fc.record({ type: fc.constantFrom(...TYPES), value: hostile.filter((s) => s.length > 0) }), { minLength: 1, maxLength: 6 });

  it('the native lookup query: any values, the same query shape as for benign ones, each value a literal', () => {
    assertProperty(
      fc.property(targets, (list) => {
        const query = built(() => buildNativeHuntingQuery(list as LookupTarget[]));
        if (query === 'refused' || query === undefined) return;
        checked += list.length;
        const ast = parseKql(query);
        const benign = buildNativeHuntingQuery(list.map((t, i) => ({ type: t.type, value: t.type === 'mac' ? t.value : `benign${i}` })) as LookupTarget[])!;
        expect(skeleton(ast)).toEqual(skeleton(parseKql(benign)));
        const values = literals(ast);
        for (const t of list) if (t.type !== 'mac') expect(values).toContain(t.value);
      }),
      { numRuns: RUNS },
    );
  });

  it('the custom lookup query (the template once per indicator): same shape as for benign values', () => {
    // A template that starts with `let` cannot sit inside `union (...)`: with two indicators or more the emulator
    // refuses the query whatever the values (reported separately), so only single-statement templates here.
    assertProperty(
      fc.property(fc.constantFrom(...TEMPLATES.filter((t) => !t.startsWith('let'))), targets, (template, list) => {
        const query = built(() => buildCustomHuntingQuery(template, list as LookupTarget[]));
        if (query === 'refused' || query === undefined) return;
        checked += list.length;
        const benign = buildCustomHuntingQuery(template, list.map((t, i) => ({ type: t.type, value: `benign${i}` })) as LookupTarget[])!;
        expect(skeleton(parseKql(query))).toEqual(skeleton(parseKql(benign)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('OData', () => {
  const MDE: EntitySetSpec = {
    dialect: 'mde',
    maxTop: 10_000,
    defaultPageSize: 100,
    filterable: { computerDnsName: 'string', id: 'string', machineId: 'string', machineTags: 'stringCollection' },
  };
  const INCIDENTS: EntitySetSpec = {
    dialect: 'graph',
    maxTop: 50,
    defaultPageSize: 50,
    filterable: {
      assignedTo: 'string',
      classification: 'enum',
      createdDateTime: 'datetime',
      determination: 'enum',
      severity: 'enum',
      status: 'enum',
      serviceSource: 'enum',
    },
  };

  const compare = (node: FilterNode) => node as Extract<FilterNode, { kind: 'compare' }>;

  it('eq / ne: one comparison whose literal is the value', () => {
    assertProperty(
      fc.property(fc.constantFrom('eq', 'ne') as fc.Arbitrary<'eq' | 'ne'>, hostile, (op, v) => {
        const text = built(() => odata[op]('computerDnsName', v));
        if (text === 'refused') return;
        checked++;
        const node = compare(parseFilter(text, MDE));
        expect(node).toMatchObject({ kind: 'compare', op, left: { kind: 'property' }, right: { kind: 'literal', type: 'string', value: v } });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("startswith and any(): the value stays the function's or the lambda's literal", () => {
    assertProperty(
      fc.property(hostile, (v) => {
        const starts = built(() => odata.startswith('computerDnsName', v));
        if (starts === 'refused') return;
        checked++;
        expect(parseFilter(starts, MDE)).toMatchObject({ kind: 'function', name: 'startswith', args: [{ kind: 'property' }, { kind: 'literal', value: v }] });
        expect(parseFilter(odata.anyEq('machineTags', v), MDE)).toMatchObject({
          kind: 'lambda',
          quantifier: 'any',
          predicate: { kind: 'compare', right: { kind: 'literal', value: v } },
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('or / and of many clauses: as many operands as clauses, each literal its value', () => {
    assertProperty(
      fc.property(fc.array(hostile, { minLength: 2, maxLength: 8 }), (values) => {
        const text = built(() => odata.or(...values.map((v) => odata.eq('machineId', v))));
        if (text === 'refused' || text.length > 8000) return;
        checked += values.length;
        const node = parseFilter(text, MDE) as Extract<FilterNode, { operands: FilterNode[] }>;
        expect(node.kind).toBe('or');
        expect(node.operands.map((o) => (compare(o).right as { value: string }).value)).toEqual(values);
      }),
      { numRuns: RUNS },
    );
  });

  it('the assigned-to search: every address one literal, the ignore lists and the date untouched', () => {
    const ignore = {
      classification: ['falsePositive'],
      determination: ['securityTesting'],
      severity: ['informational'],
      status: ['resolved'],
      serviceSource: ['microsoftDefenderForCloudApps'],
    };
    assertProperty(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 4 }), (emails) => {
        const text = built(() => assignedToFilter(emails, { ...ignore, lookbackDays: 30 }, new Date('2026-01-01T00:00:00Z'), 'alert'));
        if (text === 'refused' || text.length > 8000) return;
        checked += emails.length;
        const node = parseFilter(text, INCIDENTS) as Extract<FilterNode, { operands: FilterNode[] }>;
        expect(node.kind).toBe('and');
        // who, 5 ignore clauses, the date.
        expect(node.operands).toHaveLength(7);
        const who = node.operands[0]!;
        const clauses = emails.length === 1 ? [who] : (who as Extract<FilterNode, { operands: FilterNode[] }>).operands;
        expect(clauses.map((c) => (compare(c).right as { value: string }).value)).toEqual(emails);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('URL paths', () => {
  it("pathSegment: one segment the emulator's route decodes back to the value", () => {
    assertProperty(
      fc.property(hostile, (v) => {
        const segment = built(() => pathSegment(v));
        if (segment === 'refused') return;
        checked++;
        const m = /^\/api\/machines\/([^/]+)$/i.exec(`/api/machines/${segment}`);
        expect(m).not.toBeNull();
        expect(decodeURIComponent(m![1]!)).toBe(v);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('machineIdOrName: only id or host-name characters pass', () => {
    assertProperty(
      fc.property(hostile, (v) => {
        const name = built(() => machineIdOrName(v));
        if (name === 'refused') return;
        checked++;
        expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('findbyip(): the emulator reads back the same IP and timestamp, or the value is refused', () => {
    assertProperty(
      fc.property(
        fc.oneof(fc.ipV4(), fc.ipV6(), hostile),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        (ip, at) => {
          const segment = built(() => findByIpSegment(ip, at));
          if (segment === 'refused') return;
          checked++;
          const m = /^findbyip\((.*)\)$/i.exec(segment);
          const args = parseFunctionArgs(m![1]!);
          expect(args.ip).toBe(ip.trim());
          expect(new Date(args.timestamp!).getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
