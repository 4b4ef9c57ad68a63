import { recognize, type Recognition } from '../../src/entities';
import { ownCases, type OwnCase } from './cases';
import { describeOutcome, judge, Tally } from './recognition-case';

const tally = new Tally();
let passed = 0;

function extraProblems(c: OwnCase, r: Recognition): string[] {
  const problems: string[] = [];
  if (c.ignored !== undefined) {
    const got = r.ignored.map((i) => i.value).sort();
    const want = [...c.ignored].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`ignored ${JSON.stringify(got)}`);
  }
  if (c.internal !== undefined) {
    const got = r.indicators
      .filter((i) => i.internal === true)
      .map((i) => i.value)
      .sort();
    const want = [...c.internal].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`internal ${JSON.stringify(got)}`);
  }
  return problems;
}

describe('own recognition cases (test/entities/cases.ts)', () => {
  afterAll(() => {
    console.log(tally.table(`Own cases: ${ownCases.length} cases, ${passed} pass`));
  });

  it('has at least 150 cases with unique ids', () => {
    expect(ownCases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ownCases.map((c) => c.id)).size).toBe(ownCases.length);
  });

  it.each(ownCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = recognize(c.text, c.options);
    tally.add(c, r);
    const outcome = judge(c, r);
    const problems = extraProblems(c, r);
    const verdict = outcome.pass && problems.length === 0 ? 'pass' : [describeOutcome(outcome), ...problems].join('; ');
    if (verdict === 'pass') passed++;
    expect(verdict).toBe('pass');
  });
});
