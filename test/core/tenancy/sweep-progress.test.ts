import { ProgressUpdates } from '../../../src/core/tenancy/sweep-progress';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An update that records the state it showed and finishes when told (as a paced Teams update would, later). */
function recorder(state: () => number) {
  const shown: number[] = [];
  const pending: Array<() => void> = [];
  const update = () =>
    new Promise<void>((resolve) => {
      shown.push(state());
      pending.push(resolve);
    });
  const finishAll = async () => {
    while (pending.length) {
      pending.shift()!();
      await sleep(0);
    }
  };
  return { shown, update, finishAll, pending };
}

describe('ProgressUpdates (a sweep progress message)', () => {
  it('sends one update for many answers while one is being sent, showing the state when it goes', async () => {
    let answered = 0;
    const r = recorder(() => answered);
    const updates = new ProgressUpdates(r.update, { minIntervalMs: 0 });
    answered = 1;
    updates.show();
    for (answered = 2; answered <= 20; answered++) updates.show();
    answered = 20;
    expect(r.shown).toEqual([1]);
    r.pending.shift()!();
    await sleep(0);
    // Nineteen answers arrived while the first update was out: one more update, with all twenty.
    expect(r.shown).toEqual([1, 20]);
    await r.finishAll();
    await updates.close();
    expect(r.shown).toEqual([1, 20]);
    expect(updates.sent).toBe(2);
  });

  it('spaces updates by minIntervalMs, the held-back one showing the latest state', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      let answered = 0;
      const starts: Array<[number, number]> = [];
      const updates = new ProgressUpdates(async () => void starts.push([Date.now(), answered]), { minIntervalMs: 1000 });
      // A tenant answers every 100 ms for 2.5 s: an update at most every second, the last with all 25.
      for (let i = 1; i <= 25; i++) {
        answered = i;
        updates.show();
        await jest.advanceTimersByTimeAsync(100);
      }
      await jest.advanceTimersByTimeAsync(2000);
      await updates.close();
      expect(starts).toEqual([
        [0, 1],
        [1000, 10],
        [2000, 20],
        [3000, 25],
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('close() waits for the update being sent and drops the one waiting for its turn', async () => {
    let answered = 0;
    const r = recorder(() => answered);
    const updates = new ProgressUpdates(r.update, { minIntervalMs: 0 });
    answered = 1;
    updates.show();
    answered = 2;
    updates.show();
    let closed = false;
    const closing = updates.close().then(() => (closed = true));
    await sleep(5);
    expect(closed).toBe(false);
    r.pending.shift()!();
    await closing;
    expect(r.shown).toEqual([1]);
    updates.show();
    await sleep(5);
    expect(r.shown).toEqual([1]);
  });

  it('close() drops an update held back by the interval, without waiting for it', async () => {
    const shown: number[] = [];
    const updates = new ProgressUpdates(async () => void shown.push(shown.length + 1), { minIntervalMs: 10_000 });
    updates.show();
    await sleep(0);
    updates.show();
    const t0 = Date.now();
    await updates.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(shown).toEqual([1]);
  });

  it('a failed update neither rejects nor stops the next', async () => {
    let calls = 0;
    const updates = new ProgressUpdates(
      async () => {
        calls++;
        if (calls === 1) throw new Error('Teams said 502');
      },
      { minIntervalMs: 0 },
    );
    updates.show();
    await sleep(0);
    updates.show();
    await sleep(5);
    await expect(updates.close()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
