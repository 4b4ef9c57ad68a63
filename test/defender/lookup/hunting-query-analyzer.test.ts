import { parse as parseKql } from '../../../emulator/kql/parser';
import { buildCustomHuntingQuery, buildNativeHunting, buildNativeHuntingQuery, macDigits } from '../../../src/defender/lookup/hunting-query';
import { macMatches, rowMatches } from '../../../src/defender/lookup/match';
import type { LookupTarget, TargetType } from '../../../src/defender/lookup/types';
import { SEED_HUNTING_QUERY } from '../../../src/config/settings';
import { analyzeKqlSync, formatKqlDiagnostics } from '../../../src/defender/queries/kql-analyzer';
import { fillHuntingTemplate, kqlString } from '../../../src/defender/queries';

/*
 * Every query the product writes, checked by Microsoft's own analyzer over Microsoft's published schema: Defender
 * refuses a query with an error diagnostic, and one refused member fails the whole union (issue 12).
 */

function clean(query: string | undefined): void {
  expect(query).toBeDefined();
  const ds = analyzeKqlSync(query!);
  if (ds.length > 0) throw new Error(`Defender would refuse:\n${formatKqlDiagnostics(ds, 10)}\n--- query ---\n${query}`);
}

/** Every string value in the parsed query's literals (dynamic lists included), read by the emulator's KQL parser. */
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

const ONE: Record<TargetType, string[]> = {
  ipv4: ['198.51.100.77'],
  ipv6: ['2001:db8::1'],
  ipv4cidr: ['10.0.0.0/8'],
  domain: ['bad.example.net'],
  url: ['https://bad.example.net/login?x=1'],
  email: ['alex.analyst@contoso.com'],
  user: ['user1@contoso.com'],
  md5: ['d41d8cd98f00b204e9800998ecf8427e'],
  sha1: ['2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
  sha256: ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  cve: ['CVE-2024-3400'],
  mac: ['00-15-5D-8A-3C-21'],
  // A device name, a short name, and a device id.
  device: ['ws-042.contoso.com', 'ws-042', '1e5bc9d7e413ddd7902c2932e418702b84d0cc07'],
};

const HOSTILE = [
  'a"b',
  'a\\"b',
  'back\\slash\\',
  "it's",
  'x | take 1',
  'x" | union (AlertInfo) | where "1"=="1',
  '// comment',
  '/* c */',
  'end"',
  '\\',
  '"',
  'ünï©ødé ✓ 𝔘',
  'dynamic(["x"])',
  '{{ENTITY}}',
  "');--",
  'line\nbreak',
  'tab\there\r\n',
];

const ALL: LookupTarget[] = (Object.entries(ONE) as [TargetType, string[]][]).flatMap(([type, values]) => values.map((value) => ({ type, value })));

describe('the native lookup query, as Defender checks it', () => {
  it.each(Object.keys(ONE) as TargetType[])('%s alone: no error, the union and each part by itself', (type) => {
    const native = buildNativeHunting(ONE[type].map((value) => ({ type, value })))!;
    clean(native.query);
    expect(native.parts.length).toBeGreaterThan(0);
    for (const part of native.parts) clean(part.query);
  });

  it('every indicator type in one message: no error, the union and each part by itself', () => {
    const native = buildNativeHunting(ALL)!;
    clean(native.query);
    for (const part of native.parts) clean(part.query);
    expect(native.parts.map((p) => p.name)).toEqual([
      'evidence',
      'evidenceByMail',
      'deviceMac',
      'deviceName',
      'network',
      'deviceIp',
      'devicePublicIp',
      'files',
      'fileProfile',
      'fileProfileSha256',
      'emails',
      'postDelivery',
      'emailUrls',
      'emailFiles',
    ]);
  });

  it('a part carries only the lets it reads', () => {
    const native = buildNativeHunting([
      { type: 'ipv4', value: '198.51.100.77' },
      { type: 'email', value: 'a@contoso.com' },
    ])!;
    const network = native.parts.find((p) => p.name === 'network')!;
    expect(network.query).toMatch(/^let ips = /);
    expect(network.query).not.toMatch(/let mails|let mail |let hitAlerts/);
    const post = native.parts.find((p) => p.name === 'postDelivery')!;
    expect(post.query.match(/^let (\w+)/gm)).toEqual(['let ips', 'let mails', 'let mail', 'let mailIds']);
  });

  it('the old DeviceNetworkInfo clause is refused: the guard that would have caught issue 12', () => {
    const old =
      'let ips = dynamic(["198.51.100.77"]);\nunion (DeviceNetworkInfo | mv-expand IPAddresses | extend IP = tostring(IPAddresses.IPAddress) | where IP in (ips) | summarize LastSeen = max(Timestamp) by DeviceId, DeviceName, IP | extend Section = "deviceIp"),\n  (DeviceNetworkEvents | where RemoteIP in (ips) | extend Section = "network")';
    const ds = analyzeKqlSync(old);
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ['KS141', 2],
      ['KS142', 2],
    ]);
    // What is sent now parses the JSON text first.
    expect(buildNativeHuntingQuery([{ type: 'ipv4', value: '198.51.100.77' }])).toContain('mv-expand Address = parse_json(IPAddresses)');
  });

  it('FileProfile is invoked as its page documents it, and PublicIP read as the string it is', () => {
    const q = buildNativeHuntingQuery([
      { type: 'sha1', value: ONE.sha1[0]! },
      { type: 'sha256', value: ONE.sha256[0]! },
      { type: 'ipv4', value: '1.2.3.4' },
    ])!;
    expect(q).toContain('invoke FileProfile("SHA1", 100)');
    expect(q).toContain('invoke FileProfile("SHA256", 100)');
    expect(q).toContain('extend IP = PublicIP');
  });

  it.each((Object.keys(ONE) as TargetType[]).filter((t) => t !== 'mac'))('hostile %s values: no error, and each value is one literal of the query', (type) => {
    const targets = HOSTILE.map((v, i) => ({ type, value: `${v}#${i}` }));
    const native = buildNativeHunting(targets)!;
    clean(native.query);
    for (const part of native.parts) clean(part.query);
    const found = literals(parseKql(native.query));
    for (const t of targets) expect({ value: t.value, times: found.filter((l) => l === t.value).length }).toEqual({ value: t.value, times: 1 });
  });

  it('line breaks and tabs in a value are written as escapes, never as a new line of the query', () => {
    const q = buildNativeHuntingQuery([{ type: 'domain', value: 'a\nunion AlertInfo' }])!;
    clean(q);
    expect(q).toContain('"a\\nunion AlertInfo"');
    expect(() => buildNativeHuntingQuery([{ type: 'domain', value: 'bell\u0007' }])).toThrow(/control characters/);
  });

  it('hostile MAC text becomes hex digits only: no error, nothing of it left but digits', () => {
    const q = buildNativeHuntingQuery(HOSTILE.map((value) => ({ type: 'mac', value })))!;
    clean(q);
    const list = /let macs = dynamic\(\[(.*)\]\);/.exec(q)![1]!;
    expect(list.split(', ').every((l) => /^"[0-9A-F]*"$/.test(l))).toBe(true);
  });
});

describe('MAC addresses, on both sides', () => {
  it('any spelling of the indicator is sent as its 12 digits', () => {
    for (const spelling of ['00-15-5D-8A-3C-21', '00:15:5d:8a:3c:21', '0015.5d8a.3c21', '00155D8A3C21', '00155d8a3c21']) {
      expect(macDigits(spelling)).toBe('00155D8A3C21');
      expect(buildNativeHuntingQuery([{ type: 'mac', value: spelling }])).toContain('let macs = dynamic(["00155D8A3C21"]);');
    }
    // The column is normalised the same way in the query, whatever separators and case it holds.
    expect(buildNativeHuntingQuery([{ type: 'mac', value: '00:15:5d:8a:3c:21' }])).toContain(
      'toupper(replace_regex(MacAddress, @"[^0-9A-Fa-f]", "")) in (macs)',
    );
  });

  it('a hunting row or a machine address matches in any spelling, and only the same address', () => {
    const target: LookupTarget = { type: 'mac', value: '00:15:5d:8a:3c:21' };
    for (const column of ['00-15-5D-8A-3C-21', '00:15:5d:8a:3c:21', '0015.5D8A.3C21', '00155D8A3C21']) {
      expect(rowMatches({ MacAddress: column }, target, new Map())).toBe(true);
      expect(macMatches(column, target.value)).toBe(true);
    }
    expect(macMatches('00155D8A3C22', target.value)).toBe(false);
    expect(macMatches('', '')).toBe(false);
    expect(rowMatches({ MacAddress: '00-15-5D-8A-3C' }, target, new Map())).toBe(false);
  });
});

describe('the other queries the product sends to advanced hunting', () => {
  const README_EXAMPLE = 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10';
  const OLD_DEFAULT = 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | where Timestamp >= ago(30d)| take 10';

  it.each([
    ['the README example', README_EXAMPLE],
    ["the old integration's default", OLD_DEFAULT],
    ['the seed default in settings', SEED_HUNTING_QUERY],
    ['an unquoted placeholder', 'DeviceNetworkEvents | where RemoteIP == {{ENTITY}} | take 5'],
  ])('DEFENDER_HUNTING_QUERY = %s: one indicator, many, hostile ones', (_name, template) => {
    clean(buildCustomHuntingQuery(template, [{ type: 'ipv4', value: '198.51.100.77' }]));
    clean(buildCustomHuntingQuery(template, ALL));
    clean(
      buildCustomHuntingQuery(
        template,
        HOSTILE.map((value) => ({ type: 'domain', value })),
      ),
    );
  });

  it('without a template no custom query is written', () => {
    expect(buildCustomHuntingQuery('', ALL)).toBeUndefined();
    expect(buildCustomHuntingQuery('   ', ALL)).toBeUndefined();
  });

  it("doctor's probe and the quarantine MD5 -> SHA-1 query (src/cli/doctor.ts, src/core/action-requests.ts)", () => {
    clean('AlertInfo | take 1');
    for (const md5 of ['d41d8cd98f00b204e9800998ecf8427e', 'a"b\\c', "x' | take 100"]) {
      clean(`DeviceFileEvents | where MD5 =~ ${kqlString(md5, 'MD5')} | summarize by SHA1 | take 1`);
    }
  });

  it('a template filled with a hostile value keeps the value as one literal', () => {
    const q = fillHuntingTemplate(README_EXAMPLE, 'x" | take 1 //');
    clean(q);
    expect(q.split(kqlString('x" | take 1 //')).length - 1).toBe(1);
  });
});
