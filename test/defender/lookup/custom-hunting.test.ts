import { buildCustomHuntingQuery, buildNativeHuntingQuery } from '../../../src/defender/lookup/hunting-query';
import { LookupService } from '../../../src/defender/lookup/lookup-service';
import type { Section } from '../../../src/defender/lookup/types';
import { startHarness, type EmulatorHarness } from '../../helpers/emulator-harness';

function ok<T>(s: Section<T>): T[] {
  if (s.status !== 'ok') throw new Error(`section is ${s.status}${s.status === 'error' ? `: ${s.error.message}` : ''}`);
  return s.items;
}

describe("the admin's own hunting query", () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('runs once for all indicators, groups rows by SourceTable, applies summary and ignore fields', async () => {
    h = await startHarness(
      {},
      {
        DEFENDER_HUNTING_QUERY: 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10',
        DEFENDER_HUNTING_SUMMARY_FIELDS: 'title, DeviceName',
        DEFENDER_HUNTING_IGNORE_FIELDS: 'AdditionalFields',
      },
    );
    const result = await new LookupService(h.defender, h.config).lookup([
      { type: 'ipv4', value: '198.51.100.77' },
      { type: 'domain', value: 'c2.badcdn.example.org' },
    ]);
    expect(h.emulator.calls.filter((c) => c.route === 'graph.hunting')).toHaveLength(2); // native + custom, not one per indicator
    const groups = ok(result.findings[0]!.hunting);
    // AlertInfo has no IP column, so only AlertEvidence rows mention the address.
    expect(groups.map((g) => g.table)).toEqual(['AlertEvidence']);
    const evidence = groups.find((g) => g.table === 'AlertEvidence')!;
    expect(evidence.columns).not.toContain('AdditionalFields');
    expect(evidence.columns).not.toContain('Indicator');
    expect(Object.keys(evidence.summary)).toEqual(['Title', 'DeviceName']);
    expect(evidence.summary.Title!.length).toBeLessThanOrEqual(3);
    expect(evidence.rows.every((r) => Object.values(r).every((v) => v !== null && v !== ''))).toBe(true);
  });

  it("a broken template fails only the hunting section, with Microsoft's message", async () => {
    h = await startHarness({}, { DEFENDER_HUNTING_QUERY: 'AlertInfo | wher x == {{ENTITY}}' });
    const f = (await new LookupService(h.defender, h.config).lookup([{ type: 'ipv4', value: '198.51.100.77' }])).findings[0]!;
    expect(f.hunting.status).toBe('error');
    if (f.hunting.status === 'error') expect(f.hunting.error.message).toContain('A recognition error occurred');
    expect(f.alerts.status).toBe('ok');
  });

  it('keeps every hostile indicator inside its literal', () => {
    const q = buildCustomHuntingQuery('T | where A == "{{ENTITY}}"', [{ type: 'url', value: 'http://x/" | take 100000 //' }])!;
    expect(q).toBe('T | where A == "http://x/\\" | take 100000 //" | extend Indicator = "http://x/\\" | take 100000 //"');
  });
});

describe('the native hunting query', () => {
  it('writes only the clauses it needs and no value outside a literal', () => {
    const q = buildNativeHuntingQuery([{ type: 'ipv4', value: '10.0.0.1' }])!;
    expect(q).toContain('let ips = dynamic(["10.0.0.1"]);');
    expect(q).not.toContain('sha1s');
    expect(q).not.toContain('EmailUrlInfo');
    const hostile = buildNativeHuntingQuery([{ type: 'email', value: 'a"b|c@evil.example' }])!;
    expect(hostile).toContain('let mails = dynamic(["a\\"b|c@evil.example"]);');
    expect(buildNativeHuntingQuery([])).toBeUndefined();
  });

  it('finds a device by its MAC address', async () => {
    const h = await startHarness();
    try {
      const machine = h.emulator.context.tenant.machines.find((m) => m.ipAddresses.some((a) => a.macAddress))!;
      const raw = machine.ipAddresses.find((a) => a.macAddress)!.macAddress!;
      const mac = raw.toLowerCase().match(/../g)!.join(':');
      const f = (await new LookupService(h.defender, h.config).lookup([{ type: 'mac', value: mac }])).findings[0]!;
      expect(ok(f.devices).map((d) => d.id)).toEqual([machine.id]);
    } finally {
      await h.close();
    }
  });
});
