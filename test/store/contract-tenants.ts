import { StoreValueError, tenantStore, type AuditEntry, type IncidentCard, type Store } from '../../src/store';
import { makeClaim, makeConversation, makeSubscription } from './contract-incidents';
import { HOSTILE, makeRequest, minutesFromNow, uid, type ContractContext } from './fixtures';

const newTenant = () => `t-${uid()}`;
const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({ at: new Date().toISOString(), event: 'requested', actor: 'system', ...overrides });
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
const ids = (rows: { id?: string | number }[]) => rows.map((r) => String(r.id)).sort();

/** Tenant columns and filters of the raw store, and isolation through tenantStore views. */
export function tenantCases(ctx: ContractContext): void {
  describe('tenant columns and filters', () => {
    it('keeps the tenant of audit rows and filters queries by it, legacy rows on request', async () => {
      const [a, b] = [newTenant(), newTenant()];
      const requestId = `req-${uid()}`;
      const inA = await ctx.store().audit.append(entry({ requestId, tenant: a }));
      const inB = await ctx.store().audit.append(entry({ requestId, tenant: b }));
      const none = await ctx.store().audit.append(entry({ requestId }));
      expect(inA.tenant).toBe(a);
      expect(Object.keys(none)).not.toContain('tenant');
      expect(await ctx.store().audit.query({ requestId })).toStrictEqual([none, inB, inA]);
      expect(await ctx.store().audit.query({ requestId, tenant: a })).toStrictEqual([inA]);
      expect(await ctx.store().audit.query({ requestId, tenant: { tenant: a } })).toStrictEqual([inA]);
      expect(await ctx.store().audit.query({ requestId, tenant: { tenant: a, legacy: true } })).toStrictEqual([none, inA]);
      for (const bad of ['', 'Contoso', "a'b", 'a b', 'x'.repeat(65), 'ü', 'a\u0000']) {
        expect(await ctx.store().audit.query({ requestId, tenant: bad })).toEqual([]);
        await expect(ctx.store().audit.append(entry({ requestId, tenant: bad }))).rejects.toThrow(StoreValueError);
      }
      expect(await ctx.store().audit.query({ requestId })).toHaveLength(3);
    });

    it('keeps the tenant of a request, filters lists and findOpen by it, and never changes it', async () => {
      const [a, b] = [newTenant(), newTenant()];
      const target = `ws-${uid()}`;
      const inA = makeRequest({ target, tenant: a, state: 'pending' });
      const inB = makeRequest({ target, tenant: b, state: 'pending' });
      const none = makeRequest({ target, state: 'pending' });
      const expiredA = makeRequest({ tenant: a, expiresAt: '2025-01-01T00:00:00.000Z' });
      for (const r of [inA, inB, none, expiredA]) await ctx.store().requests.create(r);
      expect(await ctx.store().requests.get(inA.id)).toStrictEqual(inA);
      expect(Object.keys((await ctx.store().requests.get(none.id)) ?? {})).not.toContain('tenant');

      expect(ids(await ctx.store().requests.findOpen('isolate', target))).toEqual(ids([inA, inB, none]));
      expect(ids(await ctx.store().requests.findOpen('isolate', target.toUpperCase(), b))).toEqual(ids([inB]));
      expect(ids(await ctx.store().requests.findOpen('isolate', target, { tenant: a, legacy: true }))).toEqual(ids([inA, none]));
      expect(ids(await ctx.store().requests.listActive(a))).toEqual([inA.id]);
      expect(ids(await ctx.store().requests.listActive())).toEqual(expect.arrayContaining(ids([inA, inB, none])));
      expect(ids(await ctx.store().requests.listExpired(new Date(), a))).toEqual([expiredA.id]);
      expect(await ctx.store().requests.listExpired(new Date(), b)).toEqual([]);
      expect(await ctx.store().requests.listActive('NOT A KEY')).toEqual([]);

      await expect(ctx.store().requests.create(makeRequest({ tenant: 'Contoso' }))).rejects.toThrow(StoreValueError);
      await expect(ctx.store().requests.transition(inA.id, ['pending'], { state: 'inProgress', tenant: b } as never)).rejects.toThrow(StoreValueError);
      await expect(ctx.raw(`UPDATE action_requests SET tenant = '${b}' WHERE id = '${inA.id}'`)).rejects.toThrow(/cannot change/);
      await expect(ctx.raw(`UPDATE action_requests SET tenant = '${b}' WHERE id = '${none.id}'`)).rejects.toThrow(/cannot change/);
      expect(await ctx.store().requests.get(inA.id)).toStrictEqual(inA);
    });

    it('keeps subscriptions, cards and watermarks per tenant: incident 12 of A and of B are two cards', async () => {
      const [a, b] = [newTenant(), newTenant()];
      const incidents = ctx.store().incidents;
      const conversation = makeConversation();
      await incidents.saveConversation(conversation);
      const subA = await incidents.addSubscription(makeSubscription(conversation.conversationId, { tenant: a }));
      const subB = await incidents.addSubscription(makeSubscription(conversation.conversationId, { tenant: b }));
      const subNone = await incidents.addSubscription(makeSubscription(conversation.conversationId));
      expect([subA.number, subB.number, subNone.number]).toEqual([1, 2, 3]);
      expect(subA.tenant).toBe(a);
      expect(Object.keys(subNone)).not.toContain('tenant');
      expect(await incidents.listSubscriptions(conversation.conversationId)).toStrictEqual([subA, subB, subNone]);
      expect(await incidents.listSubscriptions(conversation.conversationId, b)).toStrictEqual([subB]);
      expect((await incidents.listSubscriptions(undefined, a)).map((s) => s.id)).toEqual([subA.id]);
      expect(await incidents.removeSubscription(conversation.conversationId, 2, a)).toBe(false);
      expect(await incidents.removeSubscription(conversation.conversationId, 2, b)).toBe(true);

      const incidentId = `12-${uid()}`;
      const cardA: IncidentCard = { ...makeClaim({ incidentId, conversationId: conversation.conversationId, tenant: a }), messageId: 'm-a' };
      const claimB = makeClaim({ incidentId, conversationId: conversation.conversationId, tenant: b });
      await incidents.saveCard(cardA);
      expect(await incidents.claimCard(claimB, secondsAgo(60))).toBe(true);
      expect(await incidents.claimCard({ ...claimB, tenant: a }, secondsAgo(60))).toBe(false);
      expect(await incidents.getCard(incidentId, conversation.conversationId, a)).toStrictEqual(cardA);
      expect(await incidents.getCard(incidentId, conversation.conversationId, b)).toStrictEqual(claimB);
      expect(await incidents.getCard(incidentId, conversation.conversationId)).toBeUndefined();
      expect(await incidents.cardsOf(incidentId)).toStrictEqual(a < b ? [cardA, claimB] : [claimB, cardA]);
      expect(await incidents.cardsOf(incidentId, b)).toStrictEqual([claimB]);

      const key = `incidents:${uid()}`;
      await incidents.setWatermark(key, '2025-01-01T00:00:00.000Z', a);
      await incidents.setWatermark(key, '2025-02-01T00:00:00.000Z', b);
      expect(await incidents.getWatermark(key, a)).toBe('2025-01-01T00:00:00.000Z');
      expect(await incidents.getWatermark(key, b)).toBe('2025-02-01T00:00:00.000Z');
      expect(await incidents.getWatermark(key)).toBeUndefined();
      expect(await incidents.getWatermark(key, 'A B')).toBeUndefined();
      await expect(incidents.setWatermark(key, '2025-01-01T00:00:00.000Z', 'Bad Key')).rejects.toThrow(StoreValueError);
      await expect(incidents.addSubscription(makeSubscription(conversation.conversationId, { tenant: `it's` }))).rejects.toThrow(StoreValueError);
      await expect(incidents.saveCard({ ...cardA, tenant: '' })).rejects.toThrow(StoreValueError);
    });
  });

  describe('tenantStore views', () => {
    it('refuses a tenant that is not a key', () => {
      for (const bad of ['', 'Contoso', "x'; DROP TABLE audit_log; --", 'ü']) expect(() => tenantStore(ctx.store(), bad)).toThrow(StoreValueError);
    });

    it("keeps tenant A's audit and requests invisible to B, and refuses writes for another tenant", async () => {
      const [a, b] = [newTenant(), newTenant()];
      const [viewA, viewB] = [tenantStore(ctx.store(), a), tenantStore(ctx.store(), b)];
      const requestId = `req-${uid()}`;
      const logged = await viewA.audit.append(entry({ requestId }));
      expect(logged.tenant).toBe(a);
      expect(await viewA.audit.query({ requestId })).toStrictEqual([logged]);
      expect(await viewB.audit.query({ requestId })).toEqual([]);
      await expect(viewB.audit.query({ requestId, tenant: a })).rejects.toThrow(StoreValueError);
      await expect(viewB.audit.append(entry({ tenant: a }))).rejects.toThrow(StoreValueError);

      const target = `ws-${uid()}`;
      const request = makeRequest({ target, state: 'pending' });
      await viewA.requests.create(request);
      expect(await viewA.requests.get(request.id)).toStrictEqual({ ...request, tenant: a });
      expect(await viewB.requests.get(request.id)).toBeUndefined();
      expect(await viewB.requests.findOpen('isolate', target)).toEqual([]);
      expect(ids(await viewA.requests.findOpen('isolate', target))).toEqual([request.id]);
      expect(ids(await viewB.requests.listActive())).not.toContain(request.id);
      expect(ids(await viewA.requests.listActive())).toEqual([request.id]);
      expect(await viewB.requests.transition(request.id, ['pending'], { state: 'cancelled' })).toBeUndefined();
      expect(await viewB.requests.update(request.id, 1, { lastError: 'from b' })).toBeUndefined();
      expect(await viewA.requests.update(request.id, 1, { lastError: 'from a' })).toMatchObject({ lastError: 'from a', version: 2, tenant: a });
      await expect(viewB.requests.create(makeRequest({ tenant: a }))).rejects.toThrow(StoreValueError);

      const expired = makeRequest({ expiresAt: '2025-01-01T00:00:00.000Z' });
      await viewB.requests.create(expired);
      expect(ids(await viewB.requests.listExpired(new Date()))).toEqual([expired.id]);
      expect(await viewA.requests.listExpired(new Date())).toEqual([]);
    });

    it("keeps tenant A's subscriptions, cards and watermark invisible to B in a conversation bound to both", async () => {
      const [a, b] = [newTenant(), newTenant()];
      const [viewA, viewB] = [tenantStore(ctx.store(), a), tenantStore(ctx.store(), b)];
      const conversation = makeConversation();
      await viewA.incidents.saveConversation(conversation);
      expect(await viewB.incidents.getConversation(conversation.conversationId)).toStrictEqual(conversation);
      const subA = await viewA.incidents.addSubscription(makeSubscription(conversation.conversationId));
      const subB = await viewB.incidents.addSubscription(makeSubscription(conversation.conversationId));
      expect([subA.tenant, subB.tenant]).toEqual([a, b]);
      expect(await viewA.incidents.listSubscriptions(conversation.conversationId)).toStrictEqual([subA]);
      expect(await viewB.incidents.listSubscriptions()).toStrictEqual([subB]);
      expect(await viewB.incidents.removeSubscription(conversation.conversationId, subA.number)).toBe(false);
      expect(await viewA.incidents.listSubscriptions()).toStrictEqual([subA]);
      await expect(viewB.incidents.addSubscription(makeSubscription(conversation.conversationId, { tenant: a }))).rejects.toThrow(StoreValueError);

      const claim = makeClaim({ incidentId: '12', conversationId: conversation.conversationId });
      expect(await viewA.incidents.claimCard(claim, secondsAgo(60))).toBe(true);
      expect(await viewB.incidents.getCard('12', conversation.conversationId)).toBeUndefined();
      expect(await viewB.incidents.claimCard(claim, secondsAgo(60))).toBe(true);
      await viewA.incidents.saveCard({ ...claim, messageId: 'm-a' });
      expect(await viewA.incidents.getCard('12', conversation.conversationId)).toStrictEqual({ ...claim, messageId: 'm-a', tenant: a });
      expect(await viewB.incidents.getCard('12', conversation.conversationId)).toStrictEqual({ ...claim, tenant: b });
      expect((await viewB.incidents.cardsOf('12')).filter((c) => c.conversationId === conversation.conversationId)).toStrictEqual([{ ...claim, tenant: b }]);
      await expect(viewB.incidents.getCard('12', conversation.conversationId, a)).rejects.toThrow(StoreValueError);
      await expect(viewB.incidents.saveCard({ ...claim, tenant: a })).rejects.toThrow(StoreValueError);

      await viewA.incidents.setWatermark('incidents:poller', '2025-03-01T00:00:00.000Z');
      expect(await viewB.incidents.getWatermark('incidents:poller')).toBeUndefined();
      await viewB.incidents.setWatermark('incidents:poller', '2025-01-01T00:00:00.000Z');
      expect(await viewA.incidents.getWatermark('incidents:poller')).toBe('2025-03-01T00:00:00.000Z');

      expect(await viewB.incidents.markConversationRemoved(conversation.conversationId, 'bot removed', new Date().toISOString())).toBe(2);
    });

    it('with legacy, counts rows without a tenant as its own; without, ignores them', async () => {
      const tenant = newTenant();
      const raw = ctx.store();
      const legacy = tenantStore(raw, tenant, { legacy: true });
      const strict = tenantStore(raw, tenant);
      const requestId = `req-${uid()}`;
      const request = makeRequest({ id: requestId, state: 'inProgress' });
      await raw.requests.create(request);
      const logged = await raw.audit.append(entry({ requestId }));
      expect(await legacy.requests.get(requestId)).toStrictEqual(request);
      expect(ids(await legacy.requests.listActive())).toContain(requestId);
      expect(ids(await legacy.requests.findOpen('isolate', request.target))).toEqual([requestId]);
      expect(await legacy.audit.query({ requestId })).toStrictEqual([logged]);
      expect(await strict.requests.get(requestId)).toBeUndefined();
      expect(await strict.audit.query({ requestId })).toEqual([]);
      expect(await strict.requests.transition(requestId, ['inProgress'], { state: 'succeeded' })).toBeUndefined();
      expect(await legacy.requests.transition(requestId, ['inProgress'], { state: 'succeeded' })).toMatchObject({ state: 'succeeded', version: 2 });
      expect(Object.keys((await raw.requests.get(requestId)) ?? {})).not.toContain('tenant');
      expect((await legacy.audit.append(entry({ requestId }))).tenant).toBe(tenant);

      const conversation = makeConversation();
      await raw.incidents.saveConversation(conversation);
      const oldSub = await raw.incidents.addSubscription(makeSubscription(conversation.conversationId));
      expect(await legacy.incidents.listSubscriptions(conversation.conversationId)).toStrictEqual([oldSub]);
      expect(await strict.incidents.listSubscriptions(conversation.conversationId)).toEqual([]);

      // A card posted before the upgrade stays that card: not claimed again, updated in place.
      const posted: IncidentCard = { ...makeClaim({ conversationId: conversation.conversationId }), messageId: 'm-old' };
      await raw.incidents.saveCard(posted);
      expect(await legacy.incidents.getCard(posted.incidentId, posted.conversationId)).toStrictEqual(posted);
      expect(await legacy.incidents.claimCard({ ...posted, claimedAt: new Date().toISOString() }, secondsAgo(60))).toBe(false);
      await legacy.incidents.saveCard({ ...posted, shownUpdate: '2025-06-01T00:00:00.000Z' });
      expect(await legacy.incidents.cardsOf(posted.incidentId)).toStrictEqual([{ ...posted, shownUpdate: '2025-06-01T00:00:00.000Z' }]);
      expect(await strict.incidents.getCard(posted.incidentId, posted.conversationId)).toBeUndefined();
      expect(await strict.incidents.claimCard(posted, secondsAgo(60))).toBe(true);

      const key = `incidents:${uid()}`;
      await raw.incidents.setWatermark(key, '2025-01-01T00:00:00.000Z');
      expect(await legacy.incidents.getWatermark(key)).toBe('2025-01-01T00:00:00.000Z');
      expect(await strict.incidents.getWatermark(key)).toBeUndefined();
      await legacy.incidents.setWatermark(key, '2025-02-01T00:00:00.000Z');
      expect(await legacy.incidents.getWatermark(key)).toBe('2025-02-01T00:00:00.000Z');
      expect(await raw.incidents.getWatermark(key)).toBe('2025-01-01T00:00:00.000Z');
    });

    it("keeps tenant A's hunt pages and buttons (ephemeral values) invisible to B; a legacy view keeps the old keys", async () => {
      const [a, b] = [newTenant(), newTenant()];
      const [viewA, viewB] = [tenantStore(ctx.store(), a), tenantStore(ctx.store(), b)];
      const key = `hunt:${a}-page`;
      await viewA.ephemeral.put(key, 'rows of A', 60_000);
      await viewA.ephemeral.putMany([{ key: `button:${a}`, value: 'button of A' }], 60_000);
      expect(await viewA.ephemeral.get(key)).toBe('rows of A');
      expect(await viewA.ephemeral.get(`button:${a}`)).toBe('button of A');
      expect(await viewB.ephemeral.get(key)).toBeUndefined();
      expect(await viewB.ephemeral.get(`button:${a}`)).toBeUndefined();
      expect(await ctx.store().ephemeral.get(key)).toBeUndefined();
      const legacy = tenantStore(ctx.store(), a, { legacy: true });
      await legacy.ephemeral.put(`${key}-legacy`, 'old key', 60_000);
      expect(await ctx.store().ephemeral.get(`${key}-legacy`)).toBe('old key');
    });

    it('counts a request as tenant-scoped across replicas (a second store sees the same tenant)', async () => {
      const tenant = newTenant();
      const other = await ctx.open();
      const request = makeRequest({ state: 'pending', expiresAt: minutesFromNow(5) });
      await tenantStore(ctx.store(), tenant).requests.create(request);
      expect(await tenantStore(other, tenant).requests.get(request.id)).toStrictEqual({ ...request, tenant });
      expect(await tenantStore(other, newTenant()).requests.get(request.id)).toBeUndefined();
    });
  });

  it('keeps hostile text next to tenants, and a tenant view of hostile ids finds nothing', async () => {
    const tenant = newTenant();
    const view: Store = tenantStore(ctx.store(), tenant, { legacy: true });
    for (const text of HOSTILE) {
      const logged = await view.audit.append(entry({ requestId: `${text}-${uid()}`, detail: text, target: text }));
      expect(await view.audit.query({ requestId: logged.requestId })).toStrictEqual([logged]);
      expect(await view.incidents.getCard(text, text)).toBeUndefined();
      expect(await view.requests.get(text)).toBeUndefined();
    }
  });
}
