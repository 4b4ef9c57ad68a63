import {
  QueryValueError,
  domainName,
  fileHash,
  fillHuntingTemplate,
  findByIpSegment,
  huntingTimespan,
  ipAddress,
  kqlColumn,
  kqlDynamicList,
  kqlString,
  machineIdOrName,
  odata,
  odataString,
  pathSegment,
} from '../../../src/defender/queries';

const HOSTILE = [
  `it's`,
  `"; drop table --`,
  `a\\"b`,
  `back\\slash\\`,
  `line\nbreak`,
  `carriage\rreturn`,
  `tab\there`,
  `pipe | take 100000`,
  `// comment`,
  `x" or 1==1 or "`,
  `'); DELETE --`,
  `$filter=status eq 'active'`,
  `semi;colon`,
  `dollar $ sign`,
  `ünïcødé 😈 \u202e rtl`,
  `\u2028line separator`,
  'A'.repeat(4000),
];

/** Reads a KQL double-quoted literal back the way Kusto does, returning the value and where the literal ended. */
function readKqlLiteral(text: string): { value: string; end: number } {
  expect(text[0]).toBe('"');
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') throw new Error('raw line break inside a KQL literal');
    if (c === '\\') {
      const e = text[++i]!;
      value += ({ n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[e] ?? e;
      continue;
    }
    if (c === '"') return { value, end: i };
    value += c;
  }
  throw new Error('unterminated');
}

/** Reads an OData single-quoted literal back ('' is a quote). */
function readODataLiteral(text: string): { value: string; end: number } {
  expect(text[0]).toBe("'");
  let value = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, end: i };
    }
    value += text[i];
  }
  throw new Error('unterminated');
}

describe('KQL builders', () => {
  it.each(HOSTILE)('keeps %j inside one string literal', (value) => {
    const literal = kqlString(value);
    const read = readKqlLiteral(literal);
    expect(read.value).toBe(value);
    expect(read.end).toBe(literal.length - 1);
  });

  it('refuses control characters and oversize values with a clear error', () => {
    expect(() => kqlString('a\u0000b')).toThrow(QueryValueError);
    expect(() => kqlString('a\u001bb')).toThrow(/control characters/);
    expect(() => kqlString('x'.repeat(5000), 'indicator')).toThrow(/indicator is longer than 4096/);
  });

  it('builds dynamic lists of escaped literals', () => {
    expect(kqlDynamicList(['1.2.3.4', 'a"b'])).toBe('dynamic(["1.2.3.4", "a\\"b"])');
    expect(kqlDynamicList([])).toBe('dynamic([])');
  });

  it('quotes odd column names and passes plain ones', () => {
    expect(kqlColumn('DeviceName')).toBe('DeviceName');
    expect(kqlColumn("we'ird | col")).toBe("['we\\'ird | col']");
  });

  it('fills the hunting template with one escaped literal, quoted or bare placeholder alike', () => {
    const seed = 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10';
    expect(fillHuntingTemplate(seed, '1.2.3.4')).toBe('union withsource=SourceTable AlertInfo, AlertEvidence | search "1.2.3.4" | take 10');
    expect(fillHuntingTemplate("T | where A == '{{entity}}' or B == {{ENTITY}}", 'x"y')).toBe('T | where A == "x\\"y" or B == "x\\"y"');
    const attack = fillHuntingTemplate(seed, '" | take 100000 //');
    expect(attack).toBe('union withsource=SourceTable AlertInfo, AlertEvidence | search "\\" | take 100000 //" | take 10');
    // $& and $1 in the value must not be treated as replacement patterns.
    expect(fillHuntingTemplate('X {{ENTITY}}', '$&$1$$')).toBe('X "$&$1$$"');
    expect(() => fillHuntingTemplate('no placeholder', 'x')).toThrow(QueryValueError);
  });

  it('writes the timespan as an ISO duration', () => {
    expect(huntingTimespan(30)).toBe('P30D');
    expect(() => huntingTimespan(0)).toThrow(RangeError);
    expect(() => huntingTimespan(1.5)).toThrow(RangeError);
  });
});

describe('OData builders', () => {
  it.each(HOSTILE.filter((v) => !/[\n\r\t]/.test(v)))('keeps %j inside one OData literal', (value) => {
    if (value.length > 2048) return expect(() => odataString(value)).toThrow(QueryValueError);
    const literal = odataString(value);
    const read = readODataLiteral(literal);
    expect(read.value).toBe(value);
    expect(read.end).toBe(literal.length - 1);
  });

  it('builds filters with every clause parenthesised', () => {
    expect(
      odata.and(
        odata.eq('assignedTo', "o'brien@contoso.com"),
        odata.ne('severity', 'low'),
        undefined,
        odata.ge('createdDateTime', new Date('2025-01-02T03:04:05.678Z')),
      ),
    ).toBe("(assignedTo eq 'o''brien@contoso.com') and (severity ne 'low') and (createdDateTime ge 2025-01-02T03:04:05Z)");
    expect(odata.or(odata.eq('status', 'active'))).toBe("status eq 'active'");
    expect(odata.anyEq('machineTags', "vip') or (1 eq 1")).toBe("machineTags/any(x: x eq 'vip'') or (1 eq 1')");
  });

  it('refuses property names that are not identifiers', () => {
    expect(() => odata.eq("status eq 'x' or id", 'v')).toThrow(RangeError);
  });
});

describe('path builders', () => {
  it('encodes segments and refuses dot segments', () => {
    expect(pathSegment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
    expect(() => pathSegment('..')).toThrow(QueryValueError);
    expect(() => pathSegment('')).toThrow(QueryValueError);
  });

  it('accepts machine ids and computer names only', () => {
    expect(machineIdOrName('1E5BC9D7E413DDD7902C2932E418702B84D0CC07')).toBe('1e5bc9d7e413ddd7902c2932e418702b84d0cc07');
    expect(machineIdOrName('ws-042.contoso.com')).toBe('ws-042.contoso.com');
    for (const bad of ['../../machineactions', 'ws 042', "ws'; drop", '', '-leading', 'a/b']) expect(() => machineIdOrName(bad)).toThrow(QueryValueError);
  });

  it('validates hashes by length and hex', () => {
    expect(fileHash('2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12')).toBe('2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
    expect(() => fileHash('d41d8cd98f00b204e9800998ecf8427e')).toThrow(/SHA1 or SHA256/);
    expect(fileHash('d41d8cd98f00b204e9800998ecf8427e', ['md5'])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(() => fileHash('zz'.repeat(20))).toThrow(QueryValueError);
  });

  it('validates IPs and domains', () => {
    expect(ipAddress(' 10.0.0.1 ')).toBe('10.0.0.1');
    expect(ipAddress('2001:db8::5')).toBe('2001:db8::5');
    for (const bad of ['999.1.1.1', '10.0.0.1/24', "1.2.3.4' or 1 eq 1", '']) expect(() => ipAddress(bad)).toThrow(QueryValueError);
    expect(domainName('Bad.Example.NET.')).toBe('bad.example.net');
    for (const bad of ['localhost', 'a..b', 'x/y.com', '-a.com', 'a'.repeat(254) + '.com']) expect(() => domainName(bad)).toThrow(QueryValueError);
  });

  it('builds findbyip arguments from a validated IP only', () => {
    expect(findByIpSegment('10.0.4.17', new Date('2025-03-04T11:05:38.226Z'))).toBe("findbyip(ip='10.0.4.17',timestamp=2025-03-04T11:05:38Z)");
    expect(() => findByIpSegment("10.0.0.1',timestamp=x", new Date())).toThrow(QueryValueError);
  });
});
