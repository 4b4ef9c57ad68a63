import { lookupOptionsOf } from '../../../src/config/lookup-options';
import { LookupService } from '../../../src/defender/lookup/lookup-service';
import type { HuntingGroup, Section } from '../../../src/defender/lookup/types';
import { startHarness, type EmulatorHarness } from '../../helpers/emulator-harness';

function groups(s: Section<HuntingGroup>): HuntingGroup[] {
  if (s.status !== 'ok') throw new Error(`hunting is ${s.status}${s.status === 'error' ? `: ${s.error.message}` : ''}`);
  return s.items;
}

describe("a conversation's lookup options reach the hunting section and the cache", () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness(
      {},
      {
        DEFENDER_HUNTING_QUERY: 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10',
        DEFENDER_HUNTING_SUMMARY_FIELDS: 'Title, DeviceName',
        DEFENDER_HUNTING_IGNORE_FIELDS: 'AdditionalFields',
        DEFENDER_CACHE_SECONDS: '600',
      },
    );
  });
  afterAll(() => h.close());

  it("summary fields chosen among the deployment's and more ignored columns; the deployment's answer is cached apart", async () => {
    const service = new LookupService(h.defender, h.config);
    const target = { type: 'ipv4', value: '198.51.100.77' } as const;
    const deployment = lookupOptionsOf(h.config);
    const narrowed = { ...deployment, summaryFields: ['DeviceName'], ignoreFields: [...deployment.ignoreFields, 'Title'] };
    const hunting = () => h.emulator.calls.filter((c) => c.route === 'graph.hunting').length;

    const plain = groups((await service.lookup([target])).findings[0]!.hunting).find((g) => g.table === 'AlertEvidence')!;
    expect(Object.keys(plain.summary)).toEqual(['Title', 'DeviceName']);
    expect(plain.columns).toContain('Title');

    const before = hunting();
    const mine = (await service.lookup([target], { options: narrowed })).findings[0]!;
    expect(mine.cached).toBeFalsy();
    expect(hunting()).toBe(before + 2); // native and custom, read again for these options
    const evidence = groups(mine.hunting).find((g) => g.table === 'AlertEvidence')!;
    expect(Object.keys(evidence.summary)).toEqual(['DeviceName']);
    expect(evidence.columns).not.toContain('Title');
    expect(evidence.columns).not.toContain('AdditionalFields');

    // Each set of options answers from its own cache entry; options equal to the deployment's share the usual one.
    expect((await service.lookup([target], { options: narrowed })).findings[0]!.cached).toBe(true);
    const again = (await service.lookup([target], { options: { ...deployment } })).findings[0]!;
    expect(again.cached).toBe(true);
    expect(Object.keys(groups(again.hunting).find((g) => g.table === 'AlertEvidence')!.summary)).toEqual(['Title', 'DeviceName']);
    expect(hunting()).toBe(before + 2);
  });
});
