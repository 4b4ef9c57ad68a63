import { tenantStore, type ActionRequest, type Store } from '../../src/store';
import { alex, makeRequest, uid, type ContractContext, type RawSql } from './fixtures';

/** Every schema version this release knows. */
const ALL_VERSIONS = [1, 2, 3, 4];

const versions = async (raw: RawSql) => (await raw('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));

/** A request as release 2 wrote it, in SQL both dialects read (JSON text casts to jsonb, ISO text to timestamptz). */
const OLD_REQUEST: ActionRequest = {
  id: "req-from-v2 'quoted'",
  action: 'isolate',
  params: { machineId: 'm-1', isolationType: 'Full' },
  target: 'WS-042',
  state: 'pending',
  requester: alex,
  approvalsRequired: 0,
  platform: 'teams',
  conversationId: '19:old@thread.v2',
  defenderActionId: 'act-old',
  createdAt: '2025-01-31T09:30:00.000Z',
  updatedAt: '2025-01-31T09:31:00.000Z',
  expiresAt: '2025-01-31T09:45:00.000Z',
  version: 2,
};
const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
const INSERT_OLD_REQUEST = `INSERT INTO action_requests (id, action, params, target, target_key, state, requester, approvals_required, platform,
    conversation_id, defender_action_id, created_at, updated_at, expires_at, version)
  VALUES (${[
    OLD_REQUEST.id,
    OLD_REQUEST.action,
    JSON.stringify(OLD_REQUEST.params),
    OLD_REQUEST.target,
    OLD_REQUEST.target.toLowerCase(),
    OLD_REQUEST.state,
    JSON.stringify(OLD_REQUEST.requester),
  ]
    .map(sqlText)
    .join(', ')}, 0, 'teams', ${[OLD_REQUEST.conversationId, 'act-old', OLD_REQUEST.createdAt, OLD_REQUEST.updatedAt, OLD_REQUEST.expiresAt]
    .map(sqlText)
    .join(', ')}, 2)`;

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
    expect(after.map((r) => Number(r.version))).toEqual(ALL_VERSIONS);
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
      expect(await versions(fresh.raw)).toEqual(ALL_VERSIONS);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('upgrades a database of the previous release (schema 2): its requests, audit and values stay, incidents work', async () => {
    const old = await ctx.databaseAt(2);
    expect(await versions(old.raw)).toEqual([1, 2]);
    await expect(old.raw('SELECT * FROM subscriptions')).rejects.toThrow();
    await old.raw(INSERT_OLD_REQUEST);
    await old.raw(`INSERT INTO audit_log (at, event, actor, request_id) VALUES ('2025-01-31T09:30:00.000Z', 'submitted', 'system', 'req-from-v2 ''quoted''')`);
    await old.raw(`INSERT INTO ephemeral (key, value, expires_at) VALUES ('button:old', '{"verb":"isolate"}', ${Date.now() + 3_600_000})`);

    // Two replicas of the new release start together on it: the upgrade is applied once.
    const stores = await Promise.all([old.open(), old.open()]);
    try {
      expect(await versions(old.raw)).toEqual(ALL_VERSIONS);
      const [store, other] = stores as [Store, Store];
      expect(await store.requests.get(OLD_REQUEST.id)).toStrictEqual(OLD_REQUEST);
      expect((await store.requests.listActive()).map((r) => r.id)).toEqual([OLD_REQUEST.id]);
      expect(await store.audit.query({ requestId: OLD_REQUEST.id })).toMatchObject([{ event: 'submitted', actor: 'system' }]);
      expect(await store.ephemeral.get('button:old')).toBe('{"verb":"isolate"}');

      await store.incidents.saveConversation({ conversationId: '19:old@thread.v2', platform: 'teams', ref: '{}', updatedAt: '2025-02-01T00:00:00.000Z' });
      const subs = await Promise.all(
        [store, other, store].map((s) =>
          s.incidents.addSubscription({
            id: `sub-${uid()}`,
            conversationId: '19:old@thread.v2',
            platform: 'teams',
            filters: { minSeverity: 'high' },
            createdBy: 'system',
            createdAt: '2025-02-01T00:00:00.000Z',
          }),
        ),
      );
      expect(subs.map((s) => s.number).sort()).toEqual([1, 2, 3]);
      const claim = {
        incidentId: '42',
        conversationId: '19:old@thread.v2',
        shownUpdate: '2025-02-01T00:00:00.000Z',
        origin: 'asked' as const,
        claimedAt: new Date().toISOString(),
      };
      expect(await other.incidents.claimCard(claim, '2025-01-01T00:00:00.000Z')).toBe(true);
      expect(await store.incidents.claimCard(claim, '2025-01-01T00:00:00.000Z')).toBe(false);
      await other.incidents.setWatermark('tenant-1', '2025-02-01T00:00:00.000Z');
      expect(await store.incidents.getWatermark('tenant-1')).toBe('2025-02-01T00:00:00.000Z');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('upgrades a database of schema 3: its rows have no tenant, a legacy tenant view owns them, new rows carry tenants', async () => {
    const old = await ctx.databaseAt(3);
    expect(await versions(old.raw)).toEqual([1, 2, 3]);
    await old.raw(INSERT_OLD_REQUEST);
    await old.raw(`INSERT INTO audit_log (at, event, actor, request_id) VALUES ('2025-01-31T09:30:00.000Z', 'submitted', 'system', 'req-from-v2 ''quoted''')`);
    await old.raw(`INSERT INTO conversations (conversation_id, platform, ref, updated_at) VALUES ('19:old', 'teams', '{}', '2025-01-31T09:00:00.000Z')`);
    await old.raw(`INSERT INTO subscription_numbers (conversation_id, last_number) VALUES ('19:old', 1)`);
    await old.raw(`INSERT INTO subscriptions (id, conversation_id, number, platform, filters, created_by, created_at)
      VALUES ('sub-old', '19:old', 1, 'teams', '{"minSeverity":"high"}', 'system', '2025-01-31T09:00:00.000Z')`);
    await old.raw(`INSERT INTO incident_cards (incident_id, conversation_id, message_id, shown_update, origin, claimed_at)
      VALUES ('12', '19:old', 'm-old', '2025-01-31T09:10:00.000Z', 'subscription', '2025-01-31T09:10:00.000Z')`);
    await old.raw(`INSERT INTO watermarks (key, value) VALUES ('incidents:tenant-1', '2025-01-31T09:20:00.000Z')`);

    const stores = await Promise.all([old.open(), old.open()]);
    try {
      expect(await versions(old.raw)).toEqual(ALL_VERSIONS);
      const [store] = stores as [Store, Store];
      const single = tenantStore(store, 'default', { legacy: true });
      const other = tenantStore(store, 'contoso');
      expect(await single.requests.get(OLD_REQUEST.id)).toStrictEqual(OLD_REQUEST);
      expect((await single.requests.listActive()).map((r) => r.id)).toEqual([OLD_REQUEST.id]);
      expect(await other.requests.listActive()).toEqual([]);
      expect(await single.audit.query({ requestId: OLD_REQUEST.id })).toMatchObject([{ event: 'submitted' }]);
      expect(await other.audit.query({ requestId: OLD_REQUEST.id })).toEqual([]);
      expect(await single.incidents.listSubscriptions('19:old')).toMatchObject([{ id: 'sub-old', number: 1, filters: { minSeverity: 'high' } }]);
      expect(await other.incidents.listSubscriptions('19:old')).toEqual([]);
      expect(await single.incidents.getCard('12', '19:old')).toMatchObject({ messageId: 'm-old' });
      expect(await other.incidents.getCard('12', '19:old')).toBeUndefined();
      expect(await single.incidents.getWatermark('incidents:tenant-1')).toBe('2025-01-31T09:20:00.000Z');
      expect(await other.incidents.getWatermark('incidents:tenant-1')).toBeUndefined();

      // Numbers go on from the old ones, whichever tenant subscribes; incident 12 of another tenant is another card.
      const sub = await other.incidents.addSubscription({
        id: 'sub-new',
        conversationId: '19:old',
        platform: 'teams',
        filters: {},
        createdBy: 'system',
        createdAt: '2025-02-01T00:00:00.000Z',
      });
      expect(sub).toMatchObject({ number: 2, tenant: 'contoso' });
      const claim = {
        incidentId: '12',
        conversationId: '19:old',
        shownUpdate: '2025-02-01T00:00:00.000Z',
        origin: 'subscription' as const,
        claimedAt: new Date().toISOString(),
      };
      expect(await other.incidents.claimCard(claim, '2025-01-01T00:00:00.000Z')).toBe(true);
      expect(await single.incidents.claimCard(claim, '2025-01-01T00:00:00.000Z')).toBe(false);
      expect((await store.incidents.cardsOf('12')).map((c) => c.tenant ?? 'none').sort()).toEqual(['contoso', 'none']);
      await store.bindings.put({
        key: 'teams:t:19:old',
        platform: 'teams',
        target: { chatId: '19:old' },
        tenants: ['contoso'],
        updatedBy: 'x',
        updatedAt: '2025-02-01T00:00:00.000Z',
      });
      expect((await store.bindings.list()).map((b) => b.key)).toEqual(['teams:t:19:old']);
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
