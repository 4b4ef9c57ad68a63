import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoredBindingsCache } from '../../src/core/tenancy/stored-bindings';
import { openStore } from '../../src/store';
import type { BindingStore, StoredBinding } from '../../src/store/binding-types';
import type { Store } from '../../src/store/types';

const binding = (chat: string, tenants: string[]): StoredBinding => ({
  key: `teams|org|chat:${chat}`,
  platform: 'teams',
  target: { platform: 'teams', tenantId: 'org', chatId: chat },
  tenants,
  updatedBy: 'Bea Boss',
  updatedAt: new Date().toISOString(),
});

describe("a replica's copy of the stored bindings", () => {
  let store: Store;
  let reads = 0;
  let failing = false;
  let counted: BindingStore;
  let clock = 0;
  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'bind-cache-')) });
    counted = {
      ...store.bindings,
      list: async () => {
        reads++;
        if (failing) throw new Error('store unreachable');
        return store.bindings.list();
      },
    };
  });
  afterAll(() => store.close());
  beforeEach(() => {
    reads = 0;
    failing = false;
  });

  it('reads once per TTL however many turns ask at once, and sees another replica after the TTL', async () => {
    const cache = new StoredBindingsCache(counted, { ttlMs: 5_000, now: () => clock });
    const lists = await Promise.all(Array.from({ length: 20 }, () => cache.list()));
    expect(reads).toBe(1);
    expect(lists.every((l) => l === lists[0])).toBe(true);
    await store.bindings.put(binding('a:one', ['contoso']));
    clock += 4_999;
    expect((await cache.list()).map((b) => b.key)).not.toContain('teams|org|chat:a:one');
    clock += 1;
    expect((await cache.list()).map((b) => b.key)).toContain('teams|org|chat:a:one');
    expect(reads).toBe(2);
  });

  it('a change made here is seen at once, even while a read begun before it is under way', async () => {
    // The first read takes its snapshot, then waits until the change is made and told.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    const slow: BindingStore = {
      ...store.bindings,
      list: async () => {
        const snapshot = await store.bindings.list();
        if (first) {
          first = false;
          await held;
        }
        return snapshot;
      },
    };
    const cache = new StoredBindingsCache(slow, { ttlMs: 60_000, now: () => clock });
    const early = cache.list();
    await new Promise((r) => setTimeout(r, 20));
    await store.bindings.put(binding('a:two', ['fabrikam']));
    cache.changed();
    release();
    expect((await early).map((b) => b.key)).not.toContain('teams|org|chat:a:two');
    expect((await cache.list()).map((b) => b.key)).toContain('teams|org|chat:a:two');
  });

  it('a failed read is not kept: the caller fails, the next turn reads again', async () => {
    const cache = new StoredBindingsCache(counted, { ttlMs: 60_000, now: () => clock });
    failing = true;
    await expect(cache.list()).rejects.toThrow('store unreachable');
    failing = false;
    expect((await cache.list()).length).toBeGreaterThan(0);
    expect(reads).toBe(2);
  });
});
