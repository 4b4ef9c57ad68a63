import { ButtonRegistry } from '../../src/core/button-registry';
import type { EphemeralStore } from '../../src/store/types';

/** A shared store that records the lifetime each value was written with. */
function recordingStore() {
  const values = new Map<string, string>();
  const ttls = new Map<string, number>();
  const store: EphemeralStore = {
    put: async (key, value, ttlMs) => {
      values.set(key, value);
      ttls.set(key, ttlMs);
    },
    putMany: async (entries, ttlMs) => {
      for (const e of entries) {
        values.set(e.key, e.value);
        ttls.set(e.key, ttlMs);
      }
    },
    get: async (key) => values.get(key),
    sweep: async () => 0,
  };
  return { store, ttls };
}

describe('button lifetimes', () => {
  it('an incident card button lives its own lifetime; a lookup button the default day; both written to the store with it', async () => {
    let now = 1_000_000;
    const { store, ttls } = recordingStore();
    const key = Buffer.alloc(32, 7);
    const minting = new ButtonRegistry(key, { store, now: () => now });
    const day = minting.mint('refresh', 'c', { x: '1' });
    const fortnight = minting.mint('triage', 'c', { op: 'assign' }, 14 * 24 * 3600_000);
    await minting.flush();
    expect([...ttls.values()].sort((a, b) => a - b)).toEqual([24 * 3600_000, 14 * 24 * 3600_000]);
    now += 3 * 24 * 3600_000;
    // Another replica, reading from the store.
    const other = new ButtonRegistry(key, { store, now: () => now });
    expect(await other.resolve(day, 'c', 'refresh')).toEqual({ ok: false, reason: 'expired' });
    expect(await other.resolve(fortnight, 'c', 'triage')).toMatchObject({ ok: true });
    now += 12 * 24 * 3600_000;
    expect(await other.resolve(fortnight, 'c', 'triage')).toEqual({ ok: false, reason: 'expired' });
  });
});
