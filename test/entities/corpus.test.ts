import { recognize } from '../../src/entities';
import { describeOutcome, judge, loadCorpus, Tally, type CaseOutcome } from './recognition-case';

/**
 * Corpus cases known to fail, each with the reason. The test asserts that exactly these fail, so a fix or a
 * regression is noticed.
 */
const expectedFailures = new Map<string, string>([]);

const corpus = loadCorpus();
const tally = new Tally();
const outcomes: CaseOutcome[] = [];

describe('recognition corpus (shared/corpora/recognition-public.jsonl)', () => {
  afterAll(() => {
    console.log(`${tally.table(`Corpus: ${corpus.length} cases, ${outcomes.filter((o) => o.pass).length} pass`)}`);
  });

  it('has the 242 cases', () => {
    expect(corpus.length).toBe(242);
  });

  it.each(corpus.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = recognize(c.text);
    tally.add(c, r);
    const outcome = judge(c, r);
    outcomes.push(outcome);
    if (expectedFailures.has(c.id)) {
      expect(outcome.pass).toBe(false);
    } else {
      expect(outcome.pass ? 'pass' : describeOutcome(outcome)).toBe('pass');
    }
  });

  it('fails exactly the expected failures', () => {
    const failing = outcomes.filter((o) => !o.pass).map((o) => o.id);
    expect(failing.sort()).toEqual([...expectedFailures.keys()].sort());
  });
});
