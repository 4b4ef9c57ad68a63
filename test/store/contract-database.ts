import type { Store } from '../../src/store';
import { makeRequest, uid, type ContractContext } from './fixtures';

/** What holds across connections: database-level guards, migrations, several stores at once, restarts. */
export function databaseCases(ctx: ContractContext): void {
  it('refuses, at the database level, to move a final request or change what a request acts on', async () => {
    const request = makeRequest();
    await ctx.store().requests.create(request);
    await ctx.store().requests.transition(request.id, ['awaitingConfirmation'], { state: 'denied' });
    await expect(ctx.raw(`UPDATE action_requests SET state = 'pending' WHERE id = '${request.id}'`)).rejects.toThrow(/final state/);
    const live = makeRequest();
    await ctx.store().requests.create(live);
    await expect(ctx.raw(`UPDATE action_requests SET action = 'release' WHERE id = '${live.id}'`)).rejects.toThrow(/cannot change/);
    await expect(ctx.raw(`UPDATE action_requests SET state = 'nonsense' WHERE id = '${live.id}'`)).rejects.toThrow();
    expect((await ctx.store().requests.get(request.id))?.state).toBe('denied');
    expect(await ctx.store().requests.get(live.id)).toStrictEqual(live);
  });

  it('applies each migration once however often the database is opened', async () => {
    const before = await ctx.raw('SELECT version, name FROM schema_migrations ORDER BY version');
    const again = await ctx.open();
    await again.health();
    const after = await ctx.raw('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(after).toEqual(before);
    expect(after.map((r) => Number(r.version))).toEqual([1, 2, 3]);
  });

  it("lets two stores on one database see each other's writes, and only one of their transitions win", async () => {
    const a = ctx.store();
    const b = await ctx.open();
    const request = makeRequest();
    await a.requests.create(request);
    expect(await b.requests.get(request.id)).toStrictEqual(request);
    await b.audit.append({ at: new Date().toISOString(), event: 'requested', actor: 'system', requestId: request.id });
    expect(await a.audit.query({ requestId: request.id })).toHaveLength(1);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).requests.transition(request.id, ['awaitingConfirmation'], { state: 'submitting', lastError: `replica ${i % 2}` }),
      ),
    );
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(await a.requests.get(request.id)).toStrictEqual(winners[0]);
    expect(await b.requests.get(request.id)).toStrictEqual(winners[0]);
  });

  it('keeps requests and audit across a restart (close, then open again)', async () => {
    const first = await ctx.open();
    const request = makeRequest({ state: 'pending', defenderActionId: `act-${uid()}` });
    await first.requests.create(request);
    const logged = await first.audit.append({ at: new Date().toISOString(), event: 'submitted', actor: 'system', requestId: request.id });
    await first.close();

    const second = await ctx.open();
    expect(await second.requests.get(request.id)).toStrictEqual(request);
    expect((await second.requests.listActive()).map((r) => r.id)).toContain(request.id);
    expect(await second.audit.query({ requestId: request.id })).toStrictEqual([logged]);
  });

  it('migrates a fresh database once when several replicas open it at the same moment', async () => {
    const fresh = await ctx.freshDatabase();
    const stores: Store[] = await Promise.all(Array.from({ length: 5 }, () => fresh.open()));
    try {
      const request = makeRequest();
      await stores[0]?.requests.create(request);
      for (const store of stores) expect(await store.requests.get(request.id)).toStrictEqual(request);
      expect((await fresh.raw('SELECT version FROM schema_migrations')).map((r) => Number(r.version))).toEqual([1, 2, 3]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('answers health while open, fails it once closed, and closes twice without complaint', async () => {
    const store = await ctx.open();
    await expect(store.health()).resolves.toBeUndefined();
    await store.close();
    await expect(store.health()).rejects.toThrow();
    await expect(store.close()).resolves.toBeUndefined();
  });
}
