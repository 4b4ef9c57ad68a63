import { matchesFilter, parseFilter } from '../../../emulator/odata';
import { ids, incidentSpec, machineSpec } from './fixtures';

const inc = (filter: string) => ids(incidentSpec, filter);
const mac = (filter: string) => ids(machineSpec, filter);

describe('comparison operators', () => {
  it.each([
    ["status eq 'active'", ['1', '3', '6']],
    ["status eq 'ACTIVE'", ['1', '3', '6']],
    ["'active' eq status", ['1', '3', '6']],
    ["status ne 'active'", ['2', '4', '5']],
    ["severity eq 'high'", ['1', '5', '6']],
    ["displayName gt 'p'", ['3', '4', '5', '6']],
    ["displayName ge 'RANSOMWARE ON FS-02'", ['3', '4', '5', '6']],
    ["displayName lt 'd'", ['2']],
    ["displayName le 'O''BRIEN LAPTOP'", ['1', '2']],
    ["'d' gt displayName", ['2']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });

  it.each([
    ['rbacGroupId eq 12', ['m1']],
    ['rbacGroupId ne 12', ['m2', 'm3', 'm4']],
    ['rbacGroupId gt 7', ['m1', 'm4']],
    ['rbacGroupId ge 7', ['m1', 'm2', 'm4']],
    ['rbacGroupId lt 12.1', ['m1', 'm2']],
    ['rbacGroupId le 12', ['m1', 'm2']],
    ['rbacGroupId gt -1', ['m1', 'm2', 'm4']],
    ['rbacGroupId eq 12.5', ['m4']],
    ['rbacGroupId eq 1.25e1', ['m4']],
    ['isAadJoined', ['m1']],
    ['isAadJoined eq true', ['m1']],
    ['isAadJoined ne true', ['m2', 'm3', 'm4']],
    ['not isAadJoined', ['m2', 'm3', 'm4']],
    ['(isAadJoined eq true) eq false', ['m2', 'm3', 'm4']],
    ['true', ['m1', 'm2', 'm3', 'm4']],
    ['false', []],
    ['1 eq 1', ['m1', 'm2', 'm3', 'm4']],
    ["osPlatform eq 'windows11'", ['m1']],
    ["healthStatus eq 'Active' and riskScore eq 'high'", ['m1']],
    ["riskScore in ('High','Medium')", ['m1', 'm2']],
  ])('%s', (filter, expected) => {
    expect(mac(filter)).toEqual(expected);
  });

  it('compares unquoted and quoted GUIDs case-insensitively with string properties', () => {
    expect(mac('aadDeviceId eq 80FE8FF8-2624-418E-9591-41F0491218F9')).toEqual(['m1']);
    expect(mac("aadDeviceId eq '80FE8FF8-2624-418E-9591-41F0491218F9'")).toEqual(['m1']);
    expect(mac('aadDeviceId ne 80fe8ff8-2624-418e-9591-41f0491218f9')).toEqual(['m2', 'm3', 'm4']);
  });
});

describe('logical operators and precedence', () => {
  it.each([
    ["status eq 'active' and severity eq 'high'", ['1', '6']],
    ["status eq 'resolved' or status eq 'redirected'", ['2', '5']],
    // and binds tighter: resolved OR (redirected AND high)
    ["status eq 'resolved' or status eq 'redirected' and severity eq 'low'", ['2']],
    ["(status eq 'resolved' or status eq 'redirected') and severity eq 'high'", ['5']],
    ["not (status eq 'active') and severity eq 'high'", ['5']],
    ["not (status eq 'active' and severity eq 'high')", ['2', '3', '4', '5']],
    ["not not (status eq 'resolved')", ['2']],
    ["((((status eq 'resolved'))))", ['2']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });

  it('uses three-valued logic when a function sees null', () => {
    // contains(null, ...) is null: neither it nor its negation matches.
    expect(inc("contains(assignedTo,'bob')")).toEqual(['3']);
    expect(inc("not contains(assignedTo,'bob')")).toEqual(['1', '4', '5']);
    expect(inc("contains(assignedTo,'bob') or status eq 'resolved'")).toEqual(['2', '3']);
    // false decides an and even when the other operand is null.
    expect(inc("not (contains(assignedTo,'bob') and false)")).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('null handling', () => {
  it.each([
    ['assignedTo eq null', ['2', '6']],
    ['null eq assignedTo', ['2', '6']],
    ['assignedTo ne null', ['1', '3', '4', '5']],
    ["assignedTo ne 'bob@contoso.com'", ['1', '2', '4', '5', '6']],
    ["assignedTo gt 'a'", ['1', '3', '4', '5']],
    ['classification eq null', ['1', '4', '5', '6']],
    ["assignedTo in (null, 'bob@contoso.com')", ['2', '3', '6']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });

  it('treats missing and malformed entity values as null', () => {
    const node = (filter: string) => parseFilter(filter, machineSpec);
    expect(matchesFilter(node('lastSeen eq null'), { id: 'x' }, machineSpec)).toBe(true);
    expect(matchesFilter(node('lastSeen eq null'), { lastSeen: 'not a date' }, machineSpec)).toBe(true);
    expect(matchesFilter(node('lastSeen gt 2000-01-01'), { lastSeen: 'not a date' }, machineSpec)).toBe(false);
    expect(matchesFilter(node("machineTags/any(t: t eq 'x')"), { machineTags: 'x' }, machineSpec)).toBe(false);
    expect(matchesFilter(node('machineTags/any()'), { machineTags: [1, 2] }, machineSpec)).toBe(false);
    expect(matchesFilter(node('rbacGroupId eq 12'), { rbacGroupId: '12' }, machineSpec)).toBe(true);
    expect(matchesFilter(node('isAadJoined'), { isAadJoined: 'true' }, machineSpec)).toBe(false);
    expect(matchesFilter(node('lastSeen gt 2024-01-01'), { lastSeen: new Date('2024-02-01T00:00:00Z') }, machineSpec)).toBe(true);
  });

  it('does not read inherited properties of the entity', () => {
    const node = parseFilter('computerDnsName eq null', { ...machineSpec, filterable: { ...machineSpec.filterable } });
    const entity = Object.create({ computerDnsName: 'inherited' }) as Record<string, unknown>;
    expect(matchesFilter(node, entity, machineSpec)).toBe(true);
  });
});

describe('string functions', () => {
  it.each([
    ["startswith(displayName,'RANSOM')", ['6']],
    ["endswith(displayName,'.EXE')", ['2']],
    ["contains(displayName,'o')", ['1', '4', '6']],
    ["contains(assignedTo,'contoso')", ['1', '3', '4', '5']],
    ["startswith(displayName,'')", ['1', '2', '3', '4', '5', '6']],
    ["tolower(assignedTo) eq 'carol@contoso.com'", ['4']],
    ["toupper(status) eq 'ACTIVE'", ['1', '3', '6']],
    ["'carol@contoso.com' eq tolower(assignedTo)", ['4']],
    ["startswith(tolower(displayName),'ünï')", ['5']],
    ["startswith(displayName,'ransom') eq true", ['6']],
    ["startswith(displayName,'ransom') eq false", ['1', '2', '3', '4', '5']],
    ["contains(status,'ct')", ['1', '3', '5', '6']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });
});

describe('in operator', () => {
  it.each([
    ["status in ('active','RESOLVED')", ['1', '2', '3', '6']],
    ["status in ('active')", ['1', '3', '6']],
    ["id in ('1', '5')", ['1', '5']],
    ["not (status in ('active', 'resolved'))", ['4', '5']],
    ["severity in ('high') and status in ('active')", ['1', '6']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });

  it('works on numbers and lambda variables', () => {
    expect(mac('rbacGroupId in (7, 12)')).toEqual(['m1', 'm2']);
    expect(mac("machineTags/any(t: t in ('vip', 'nothing'))")).toEqual(['m1']);
  });
});

describe('lambda any/all', () => {
  it.each([
    ["customTags/any(t: t eq 'vip')", ['1', '6']],
    ["customTags/any(t: startswith(t,'fin'))", ['1', '2']],
    ["customTags/any(t:t eq 'VIP')", ['1', '6']],
    ['customTags/any()', ['1', '2', '5', '6']],
    ["customTags/all(t: t ne 'vip')", ['2', '3', '4', '5']],
    ["not customTags/any(t: t eq 'VIP')", ['2', '3', '4', '5']],
    ["customTags/any(t: t eq 'VIP' and status eq 'active')", ['1', '6']],
    ["customTags/any(t: t eq 'VIP') and customTags/any(t: t eq 'finance')", ['1']],
    ["customTags/any(t: t in ('finance', 'finance-team'))", ['1', '2']],
    ["systemTags/any(s: contains(s,'experts'))", ['2']],
    // The range variable shadows a property of the same name.
    ["customTags/any(status: status eq 'vip')", ['1', '6']],
    ['customTags/any(t: systemTags/any(s: s ne t))', ['2']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });

  it('works on Defender machine tags', () => {
    expect(mac("machineTags/any(tag: tag eq 'Finance')")).toEqual(['m1', 'm4']);
    expect(mac("machineTags/any(t: startswith(t,'serv'))")).toEqual(['m2', 'm4']);
  });
});

describe('quoting and injection', () => {
  it('unescapes doubled quotes', () => {
    expect(inc("displayName eq 'O''Brien laptop'")).toEqual(['1']);
    expect(inc("contains(displayName,'''')")).toEqual(['1', '4']);
  });

  it('treats a backslash as an ordinary character', () => {
    expect(inc("displayName eq 'C:\\Temp\\evil.exe'")).toEqual(['2']);
    expect(inc("contains(displayName,'\\')")).toEqual(['2']);
    // 'O\' is a complete string, so the rest is garbage rather than an escaped quote.
    expect(() => inc("displayName eq 'O\\'Brien laptop'")).toThrow('Syntax error');
  });

  it('keeps parentheses and operators inside quotes literal', () => {
    expect(inc("displayName eq 'weird) value'")).toEqual(['3']);
    expect(inc("displayName eq 'x'' or 1 eq 1'")).toEqual(['4']);
    expect(inc("displayName eq ' or 1 eq 1'")).toEqual([]);
    expect(inc("status eq 'active'' or ''1''=''1'")).toEqual([]);
    expect(inc("status eq 'active) or (1 eq 1'")).toEqual([]);
  });

  it('matches unicode values, case-insensitively', () => {
    expect(inc("displayName eq 'ünïcödé 事件 🚨'")).toEqual(['5']);
    expect(inc("contains(displayName,'事件')")).toEqual(['5']);
    expect(inc("endswith(displayName,'🚨')")).toEqual(['5']);
    expect(inc("customTags/any(t: t eq 'ÜNÏCÖDÉ')")).toEqual(['5']);
  });
});

describe('datetime comparisons', () => {
  it.each([
    ['createdDateTime eq 2024-05-01T08:00:00.1234567Z', ['1']],
    ['createdDateTime gt 2024-05-01T08:00:00.1234567Z', ['2', '4', '5']],
    ['createdDateTime eq 2024-05-01T08:00:00.123Z', []],
    ['createdDateTime gt 2024-05-01T08:00:00.123Z', ['1', '2', '4', '5']],
    ['createdDateTime ge 2024-05-01', ['1', '2', '3', '4', '5', '6']],
    ['createdDateTime gt 2024-05-01', ['1', '2', '3', '4', '5']],
    ['createdDateTime gt 2024-05-01T00:00Z', ['1', '2', '3', '4', '5']],
    ['createdDateTime lt 2024-05-01T03:30:00+02:00', ['6']],
    ['createdDateTime le 2024-05-01T03:30:00+02:00', ['3', '6']],
    ['createdDateTime eq 2024-04-30T21:30:00-04:00', ['3']],
    ['createdDateTime lt 2024-05-01T01:30:00', ['6']],
    ['createdDateTime ge 2024-05-02Z', ['4', '5']],
    ['createdDateTime ge 2024-05-01T00:00:00Z and createdDateTime lt 2024-05-02T00:00:00Z', ['1', '2', '3', '6']],
    ['2024-06-01T00:00:00Z lt createdDateTime', ['5']],
    ['lastUpdateDateTime gt createdDateTime', ['1', '2', '3']],
  ])('%s', (filter, expected) => {
    expect(inc(filter)).toEqual(expected);
  });

  it.each([
    ['lastSeen gt 2024-04-30Z', ['m1', 'm3']],
    ['lastSeen eq null', ['m4']],
    ['lastSeen ne null', ['m1', 'm2', 'm3']],
    ['lastSeen lt 2024-05-01T12:00:00+02:00', ['m2']],
    ['lastSeen le 2024-05-01T12:00:00+02:00', ['m1', 'm2']],
    ['lastSeen eq 2024-05-01T10:00:00Z', ['m1']],
  ])('%s (Defender for Endpoint)', (filter, expected) => {
    expect(mac(filter)).toEqual(expected);
  });
});
