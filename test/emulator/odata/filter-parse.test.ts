import { MAX_FILTER_LENGTH, parseFilter, type FilterNode } from '../../../emulator/odata';
import { filterError, ids, incidentSpec, machineSpec } from './fixtures';

const parse = (text: string): FilterNode => parseFilter(text, incidentSpec);
const status = (value: string): FilterNode => ({
  kind: 'compare',
  op: 'eq',
  left: { kind: 'property', name: 'status', type: 'enum' },
  right: { kind: 'literal', type: 'string', value },
});

describe('filter syntax tree', () => {
  it('parses a comparison with the literal on either side', () => {
    expect(parse("status eq 'active'")).toEqual(status('active'));
    expect(parse("'active' eq status")).toEqual({
      kind: 'compare',
      op: 'eq',
      left: { kind: 'literal', type: 'string', value: 'active' },
      right: { kind: 'property', name: 'status', type: 'enum' },
    });
  });

  it('gives and precedence over or, and not precedence over and', () => {
    expect(parse("status eq 'a' or status eq 'b' and status eq 'c'")).toEqual({
      kind: 'or',
      operands: [status('a'), { kind: 'and', operands: [status('b'), status('c')] }],
    });
    expect(parse("not (status eq 'a') and status eq 'b'")).toEqual({
      kind: 'and',
      operands: [{ kind: 'not', operand: status('a') }, status('b')],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parse("(status eq 'a' or status eq 'b') and status eq 'c'")).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [status('a'), status('b')] }, status('c')],
    });
  });

  it('flattens chains of the same logical operator', () => {
    const node = parse("status eq 'a' or status eq 'b' or status eq 'c' or status eq 'd'");
    expect(node).toMatchObject({ kind: 'or', operands: [status('a'), status('b'), status('c'), status('d')] });
  });

  it('binds relational operators tighter than equality, as OData does', () => {
    const node = parseFilter('isAadJoined eq rbacGroupId gt 10', machineSpec);
    expect(node).toMatchObject({
      kind: 'compare',
      op: 'eq',
      left: { kind: 'property', name: 'isAadJoined' },
      right: { kind: 'compare', op: 'gt' },
    });
  });

  it('applies not to the next primary, so "not status eq" is a type error as in OData', () => {
    const err = filterError(incidentSpec, "not status eq 'active'");
    expect(err.message).toBe(
      "Invalid filter clause: A unary operator with an incompatible type was detected. Found operand type 'Edm.Enum' for operator kind 'Not'.",
    );
    expect(ids(incidentSpec, "not(status eq 'active')")).toEqual(['2', '4', '5']);
  });

  it('parses in, functions and lambdas into dedicated nodes', () => {
    expect(parse("status in ('active', 'resolved')")).toMatchObject({ kind: 'in', values: [{ value: 'active' }, { value: 'resolved' }] });
    expect(parse("startswith(displayName,'x')")).toMatchObject({ kind: 'function', name: 'startswith' });
    expect(parse("customTags/any(t: t eq 'VIP')")).toMatchObject({
      kind: 'lambda',
      quantifier: 'any',
      collection: 'customTags',
      variable: 't',
      predicate: { kind: 'compare', left: { kind: 'variable', name: 't' } },
    });
    expect(parse('customTags/any()')).toEqual({ kind: 'lambda', quantifier: 'any', collection: 'customTags' });
  });

  it('recognises literal kinds', () => {
    const right = (text: string) => (parseFilter(`${text}`, machineSpec) as { right: FilterNode }).right;
    expect(right('rbacGroupId eq -12.5')).toEqual({ kind: 'literal', type: 'number', value: -12.5 });
    expect(right('rbacGroupId eq 1e3')).toEqual({ kind: 'literal', type: 'number', value: 1000 });
    expect(right('isAadJoined eq true')).toEqual({ kind: 'literal', type: 'boolean', value: true });
    expect(right('lastIpAddress eq null')).toEqual({ kind: 'literal', type: 'null' });
    expect(right('aadDeviceId eq 80FE8FF8-2624-418E-9591-41F0491218F9')).toEqual({
      kind: 'literal',
      type: 'guid',
      value: '80fe8ff8-2624-418e-9591-41f0491218f9',
    });
    expect(right('lastSeen gt 2018-08-01Z')).toMatchObject({ kind: 'literal', type: 'datetime', text: '2018-08-01Z' });
  });

  it('accepts every datetime form', () => {
    for (const text of [
      '2024-05-01T00:00:00Z',
      '2024-05-01T00:00:00.123Z',
      '2024-05-01T00:00:00.1234567Z',
      '2024-05-01T00:00:00+02:00',
      '2024-05-01T00:00:00-05:30',
      '2024-05-01T00:00Z',
      '2024-05-01T00:00:00',
      '2024-05-01',
      '2018-08-01Z',
    ]) {
      expect(parse(`createdDateTime ge ${text}`)).toMatchObject({ right: { type: 'datetime', text } });
    }
  });

  it('tolerates any whitespace between tokens', () => {
    expect(parse("  status\teq\n'active'  ")).toEqual(status('active'));
    expect(parse("( status eq 'a' )")).toEqual(status('a'));
  });
});

describe('filter errors', () => {
  it('reports an unknown property in the Graph dialect', () => {
    const err = filterError(incidentSpec, "foo eq 'x'");
    expect(err.status).toBe(400);
    expect(err.code).toBe('BadRequest');
    expect(err.message).toBe("Invalid filter clause: Could not find a property named 'foo' on type 'microsoft.graph.security.incident'.");
    expect(err.body()).toEqual({ error: { code: 'BadRequest', message: err.message } });
  });

  it('reports an unknown property in the Defender for Endpoint dialect', () => {
    const err = filterError(machineSpec, "foo eq 'x'");
    expect(err.code).toBe('ODataError');
    expect(err.message).toBe("Invalid filter clause: Could not find a property named 'foo' on type 'microsoft.windowsDefenderATP.api.PublicAssetDto'.");
  });

  it('matches Graph property names case-sensitively and Defender ones case-insensitively', () => {
    expect(filterError(incidentSpec, "Status eq 'active'").message).toContain("property named 'Status'");
    expect(ids(machineSpec, "HealthStatus eq 'Active'")).toEqual(['m1', 'm3']);
    expect(ids({ ...machineSpec, caseInsensitivePropertyNames: false }, "healthStatus eq 'Active'")).toEqual(['m1', 'm3']);
    expect(filterError({ ...machineSpec, caseInsensitivePropertyNames: false }, "HealthStatus eq 'x'").code).toBe('ODataError');
  });

  it('does not resolve Object.prototype members as properties', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(filterError(incidentSpec, `${name} eq 'x'`).message).toContain(`property named '${name}'`);
    }
  });

  it.each([
    ['status eq', 9],
    ["(status eq 'active'", 19],
    ["status eq 'active')", 18],
    ["status eq 'active' and", 22],
    ["status eq 'active' or", 21],
    ["status eq 'active') or (1 eq 1", 18],
    ["((status eq 'active')", 21],
    ["status EQ 'active'", 7],
    ["status eq 'active' AND severity eq 'high'", 19],
    ["status eq 'active' && severity eq 'high'", 19],
    ["status eq 'unterminated", 10],
    ['status eq "active"', 10],
    ['status eq @p', 10],
    ['$it/status eq 1', 0],
    ['status in ()', 11],
    ['status in (severity)', 11],
    ["status in 'a'", 10],
    ["status eq 'a' eq", 16],
    ['createdDateTime gt 2024-05-01T10', 29],
    // An unencoded `+` arrives as a space; the lexer stops at the `:` glued to `02`.
    ['createdDateTime gt 2024-05-01T00:00:00 02:00', 41],
    ['createdDateTime gt 12abc', 21],
    ['createdDateTime gt 1.', 20],
    ['', 0],
    ['   ', 3],
    ['()', 1],
    ["customTags/ any(t: t eq 'x')", 12],
    ['customTags/all()', 15],
    ["customTags/any(t t eq 'x')", 17],
    ["customTags/any(eq: eq eq 'x')", 15],
    ['customTags/count eq 1', 11],
    ["startswith(displayName,'a'", 26],
    ["status eq 'a' or", 16],
  ])('reports a syntax error in %j at position %d', (filter, position) => {
    const err = filterError(incidentSpec, filter);
    expect(err.code).toBe('BadRequest');
    expect(err.message).toBe(`Invalid filter clause: Syntax error at position ${position} in '${filter}'.`);
  });

  it('caps the echoed filter text at 200 characters', () => {
    const filter = `${"status eq 'active' or ".repeat(20)}status eq`;
    const message = filterError(incidentSpec, filter).message;
    expect(message).toBe(`Invalid filter clause: Syntax error at position ${filter.length} in '${filter.slice(0, 200)}...'.`);
  });

  it('rejects comparisons between incompatible types', () => {
    expect(filterError(incidentSpec, "createdDateTime gt '2024-05-01'").message).toBe(
      "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThan'.",
    );
    expect(filterError(machineSpec, "rbacGroupId eq '12'").message).toContain("'Edm.Double' and 'Edm.String'");
    expect(filterError(machineSpec, 'computerDnsName eq 12').message).toContain("'Edm.String' and 'Edm.Double'");
    expect(filterError(machineSpec, 'lastSeen gt 5').message).toContain("'Edm.DateTimeOffset' and 'Edm.Double'");
    expect(filterError(machineSpec, 'isAadJoined gt false').message).toContain("operator kind 'GreaterThan'");
    expect(filterError(machineSpec, "machineTags eq 'server'").message).toContain("'Collection(Edm.String)'");
    expect(filterError(machineSpec, 'healthStatus eq 2024-05-01').message).toContain("'Edm.Enum' and 'Edm.DateTimeOffset'");
    expect(filterError(incidentSpec, "status in ('active', 1)").message).toContain("'in' operator cannot compare");
  });

  it('rejects non-boolean operands of logical operators and a non-boolean filter', () => {
    expect(filterError(incidentSpec, "status and status eq 'a'").message).toContain("operator kind 'And'");
    expect(filterError(incidentSpec, "status eq 'a' or 'b'").message).toContain("operator kind 'Or'");
    expect(filterError(incidentSpec, 'status').message).toBe('Invalid filter clause: The $filter expression must evaluate to a single boolean value.');
    expect(filterError(incidentSpec, 'tolower(status)').message).toContain('single boolean value');
    expect(filterError(incidentSpec, 'null').message).toContain('single boolean value');
  });

  it('rejects unknown functions and wrong function arguments', () => {
    expect(filterError(incidentSpec, "substringof('a', displayName)").message).toBe(
      "Invalid filter clause: An unknown function with name 'substringof' was found.",
    );
    expect(filterError(incidentSpec, "StartsWith(displayName,'a')").message).toContain("function with name 'StartsWith'");
    expect(filterError(incidentSpec, "status('x')").message).toContain("function with name 'status'");
    expect(filterError(incidentSpec, 'startswith(displayName)').message).toBe(
      "Invalid filter clause: No function signature for the function with name 'startswith' matches the specified arguments.",
    );
    expect(filterError(incidentSpec, "contains(displayName,'a','b')").message).toContain("name 'contains'");
    expect(filterError(incidentSpec, "startswith(createdDateTime,'2024')").message).toContain("name 'startswith'");
    expect(filterError(incidentSpec, "tolower() eq 'a'").message).toContain("name 'tolower'");
  });

  it('rejects any/all on properties that are not collections, and non-boolean lambda bodies', () => {
    expect(filterError(incidentSpec, "status/any(s: s eq 'a')").message).toBe(
      "Invalid filter clause: The 'any' operator can only be applied to a collection; 'status' is not a collection.",
    );
    expect(filterError(incidentSpec, 'customTags/any(t: t)').message).toContain("body of the 'any' lambda");
    expect(filterError(incidentSpec, "customTags/any(t: t/any(u: u eq 'x'))").message).toContain('Syntax error');
  });

  it('scopes the lambda variable to its body', () => {
    expect(filterError(incidentSpec, "customTags/any(t: t eq 'x') and t eq 'y'").message).toContain("Could not find a property named 't'");
  });

  it('rejects upper-case keywords and literals', () => {
    expect(filterError(incidentSpec, "status eq 'a' OR status eq 'b'").message).toContain('Syntax error at position 14');
    expect(filterError(incidentSpec, "NOT(status eq 'a')").message).toContain("function with name 'NOT'");
    expect(filterError(incidentSpec, 'assignedTo eq NULL').message).toContain("property named 'NULL'");
  });

  it('rejects impossible dates and times', () => {
    expect(filterError(incidentSpec, 'createdDateTime gt 2024-02-30T00:00:00Z').message).toBe(
      "Invalid filter clause: Unrecognized 'Edm.DateTimeOffset' literal '2024-02-30T00:00:00Z' at '19' in 'createdDateTime gt 2024-02-30T00:00:00Z'.",
    );
    for (const bad of ['2024-13-01', '2024-05-01T24:00:00Z', '2024-05-01T10:60:00Z', '2024-05-01T10:00:00+15:00']) {
      expect(filterError(incidentSpec, `createdDateTime gt ${bad}`).message).toContain('Unrecognized');
    }
    expect(parse('createdDateTime gt 2024-02-29')).toMatchObject({ kind: 'compare' });
  });

  it('enforces the filter length limit', () => {
    const clause = "status eq 'active'";
    const base = `${clause} or `.repeat(Math.floor(MAX_FILTER_LENGTH / (clause.length + 4)) - 1) + clause;
    const exact = base + ' '.repeat(MAX_FILTER_LENGTH - base.length);
    expect(exact).toHaveLength(8000);
    expect(parse(exact)).toMatchObject({ kind: 'or' });
    const err = filterError(incidentSpec, `${exact} `);
    expect(err.message).toBe('Invalid filter clause: The $filter query option exceeds the maximum length of 8000 characters.');
  });

  it('enforces the nesting depth limit without exhausting the stack', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}status eq 'active'${')'.repeat(depth)}`;
    expect(parse(nested(100))).toEqual(status('active'));
    const depthMessage = 'Invalid filter clause: The filter expression exceeds the maximum nesting depth of 100.';
    expect(filterError(incidentSpec, nested(101)).message).toBe(depthMessage);
    expect(filterError(incidentSpec, '('.repeat(7999)).message).toBe(depthMessage);
    expect(filterError(incidentSpec, `${'not '.repeat(1999)}true`).message).toBe(depthMessage);
    expect(filterError(incidentSpec, `${'tolower('.repeat(999)}`).message).toBe(depthMessage);
    expect(filterError(incidentSpec, `${'customTags/any(t: '.repeat(400)}`).message).toBe(depthMessage);
  });
});
