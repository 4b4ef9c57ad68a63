import fc from 'fast-check';

type Helper = typeof import('./property');

/** The helper as a fresh module, read with the given environment (its seed is chosen when it loads). */
function load(env: Record<string, string | undefined>): Helper {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    let helper: Helper | undefined;
    jest.isolateModules(() => {
      helper = jest.requireActual<Helper>('./property');
    });
    return helper!;
  } finally {
    process.env = saved;
  }
}

function failure(run: () => void): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the property to fail');
}

// Fails for about one number in 50: found in some runs only, as a rare recogniser case was.
const rare = fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => n % 50 !== 7);

describe('property helper (reproducible fast-check runs)', () => {
  it('takes FC_SEED, and names seed, path and the replay command when a property fails', () => {
    const helper = load({ FC_SEED: '567365968', FC_PATH: undefined, FC_RUNS_FACTOR: undefined });
    expect(helper.PROPERTY_SEED).toBe(567365968);
    const message = failure(() => helper.assertProperty(rare, { numRuns: 2000 }));
    expect(message).toMatch(
      /^Property failed \(fast-check seed 567365968, path "[\d:]+"\)\. Replay it with:\n {2}FC_SEED=567365968 FC_PATH='[\d:]+' npx jest test\/helpers\/property\.test\.ts -t 'property helper \\\(reproducible fast-check runs\\\) takes FC_SEED/,
    );
    expect(message).toContain('Counterexample: [');
  });

  it('replays exactly the reported case with FC_SEED and FC_PATH', () => {
    const first = failure(() => load({ FC_SEED: '42', FC_PATH: undefined }).assertProperty(rare, { numRuns: 2000 }));
    const path = /path "([\d:]+)"/.exec(first)![1]!;
    const counterexample = /Counterexample: (\[[^\]]*\])/.exec(first)![1];
    const replay = failure(() => load({ FC_SEED: '42', FC_PATH: path }).assertProperty(rare, { numRuns: 2000 }));
    expect(/Counterexample: (\[[^\]]*\])/.exec(replay)![1]).toBe(counterexample);
  });

  it('picks a fresh seed without FC_SEED (the properties keep exploring), and scales runs with FC_RUNS_FACTOR', () => {
    const seeds = new Set(Array.from({ length: 5 }, () => load({ FC_SEED: undefined }).PROPERTY_SEED));
    expect(seeds.size).toBeGreaterThan(1);
    expect(load({ FC_RUNS_FACTOR: '50' }).propertyParameters({ numRuns: 30 }).numRuns).toBe(1500);
    expect(load({ FC_RUNS_FACTOR: undefined }).propertyParameters({}).numRuns).toBe(100);
  });

  it('refuses a malformed FC_SEED or FC_RUNS_FACTOR instead of running something else', () => {
    expect(() => load({ FC_SEED: 'abc' })).toThrow('FC_SEED must be a whole number (got "abc")');
    expect(() => load({ FC_SEED: '1', FC_RUNS_FACTOR: '-2' })).toThrow('FC_RUNS_FACTOR must be a positive number (got "-2")');
  });

  it('cuts a counterexample of kilobytes short when asked', () => {
    const helper = load({ FC_SEED: '7', FC_PATH: undefined });
    const big = fc.property(fc.constant('x'.repeat(50_000)), (s) => s.length < 10);
    const message = failure(() => helper.assertProperty(big, { numRuns: 1 }, { shortCounterexample: true }));
    expect(message.length).toBeLessThan(2_000);
    expect(message).toMatch(/x{200} \.\.\. x{90}.*\(500\d\d characters\)/);
  });
});
