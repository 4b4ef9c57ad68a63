import {
  StoreConflictError,
  StoreValueError,
  type ConversationRecord,
  type IncidentCard,
  type IncidentFilters,
  type Store,
  type Subscription,
} from '../../src/store';
import { HOSTILE, makeRequest, uid, type ContractContext } from './fixtures';

const UNIT = `10 kB of text, quotes ' " and ünïcödé 🛡️ `;
const LONG = UNIT.repeat(Math.floor(10_240 / UNIT.length)).padEnd(10_240, 'x');

export function makeConversation(overrides: Partial<ConversationRecord> = {}): ConversationRecord {
  const conversationId = `19:${uid()}@thread.v2`;
  return {
    conversationId,
    platform: 'teams',
    ref: JSON.stringify({ serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: conversationId } }),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function makeSubscription(conversationId: string, overrides: Partial<Omit<Subscription, 'number'>> = {}): Omit<Subscription, 'number'> {
  return {
    id: `sub-${uid()}`,
    conversationId,
    platform: 'teams',
    filters: { minSeverity: 'medium' },
    createdBy: 'Alex Analyst (teams aad:AAD-0001)',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export function makeClaim(overrides: Partial<Omit<IncidentCard, 'messageId'>> = {}): Omit<IncidentCard, 'messageId'> {
  return {
    incidentId: String(Math.floor(Math.random() * 1e9)),
    conversationId: `19:${uid()}@thread.v2`,
    shownUpdate: '2025-01-31T09:30:00.000Z',
    origin: 'subscription',
    claimedAt: new Date().toISOString(),
    ...overrides,
  };
}

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** Conversations, numbered subscriptions, atomic card claims and the poller's watermark. */
export function incidentCases(ctx: ContractContext): void {
  const incidents = () => ctx.store().incidents;
  const numbersOf = async (conversationId: string, store: Store = ctx.store()) =>
    (await store.incidents.listSubscriptions(conversationId)).map((s) => s.number);

  describe('conversations', () => {
    it('saves, replaces and reads a conversation; optional fields read back absent', async () => {
      const record = makeConversation();
      expect(await incidents().getConversation(record.conversationId)).toBeUndefined();
      await incidents().saveConversation(record);
      const stored = await incidents().getConversation(record.conversationId);
      expect(stored).toStrictEqual(record);
      expect(Object.keys(stored ?? {})).not.toContain('removedAt');
      const moved = { ...record, ref: '{"moved":true}', updatedAt: '2025-02-01T10:00:00+01:00' };
      await incidents().saveConversation(moved);
      expect(await incidents().getConversation(record.conversationId)).toStrictEqual({ ...moved, updatedAt: '2025-02-01T09:00:00.000Z' });
    });

    it('marks a conversation removed, deleting only its subscriptions and counting them', async () => {
      const record = makeConversation();
      const other = makeConversation();
      await incidents().saveConversation(record);
      await incidents().saveConversation(other);
      for (let i = 0; i < 3; i++) await incidents().addSubscription(makeSubscription(record.conversationId));
      await incidents().addSubscription(makeSubscription(other.conversationId));

      const at = '2025-03-01T12:00:00Z';
      expect(await incidents().markConversationRemoved(record.conversationId, 'bot removed from the team', at)).toBe(3);
      expect(await incidents().getConversation(record.conversationId)).toStrictEqual({
        ...record,
        removedAt: '2025-03-01T12:00:00.000Z',
        removedReason: 'bot removed from the team',
      });
      expect(await incidents().listSubscriptions(record.conversationId)).toEqual([]);
      expect(await numbersOf(other.conversationId)).toEqual([1]);
      expect(await incidents().markConversationRemoved(record.conversationId, 'again', at)).toBe(0);
    });

    it('clears the removal when the bot is added again, and never gives an old number again', async () => {
      const record = makeConversation();
      await incidents().saveConversation(record);
      await incidents().addSubscription(makeSubscription(record.conversationId));
      await incidents().addSubscription(makeSubscription(record.conversationId));
      await incidents().markConversationRemoved(record.conversationId, 'Forbidden: the bot is not in the conversation', new Date().toISOString());

      const back = { ...record, updatedAt: new Date().toISOString() };
      await incidents().saveConversation(back);
      const stored = await incidents().getConversation(record.conversationId);
      expect(stored).toStrictEqual(back);
      expect(Object.keys(stored ?? {})).toEqual(expect.not.arrayContaining(['removedAt', 'removedReason']));
      expect(await incidents().listSubscriptions(record.conversationId)).toEqual([]);
      expect((await incidents().addSubscription(makeSubscription(record.conversationId))).number).toBe(3);
    });

    it('counts nothing for a conversation it never saw', async () => {
      expect(await incidents().markConversationRemoved(`19:${uid()}`, 'gone', new Date().toISOString())).toBe(0);
      expect(await incidents().getConversation(`19:${uid()}`)).toBeUndefined();
    });
  });

  describe('subscriptions', () => {
    it('numbers 1, 2, 3 within each conversation and lists them by number, filters typed', async () => {
      const a = `19:${uid()}`;
      const b = `19:${uid()}`;
      const filters: IncidentFilters[] = [
        { minSeverity: 'high', serviceSource: 'microsoftDefenderForEndpoint', tag: 'Ransomware', assigned: false },
        {},
        { assigned: true },
      ];
      const added: Subscription[] = [];
      for (const f of filters) added.push(await incidents().addSubscription(makeSubscription(a, { filters: f })));
      const inB = await incidents().addSubscription(makeSubscription(b, { platform: 'slack' }));

      expect(added.map((s) => s.number)).toEqual([1, 2, 3]);
      expect(inB.number).toBe(1);
      expect(await incidents().listSubscriptions(a)).toStrictEqual(added);
      expect((await incidents().listSubscriptions(a))[0]?.filters.assigned).toBe(false);
      expect((await incidents().listSubscriptions(a))[0]?.filters).toStrictEqual(filters[0]);
      const all = await incidents().listSubscriptions();
      expect(all.filter((s) => s.conversationId === a || s.conversationId === b)).toStrictEqual(a < b ? [...added, inB] : [inB, ...added]);
      expect(await incidents().listSubscriptions(`19:${uid()}`)).toEqual([]);
    });

    it('removes by number, and never reuses a number, not even the last one', async () => {
      const c = `19:${uid()}`;
      for (let i = 0; i < 3; i++) await incidents().addSubscription(makeSubscription(c));
      expect(await incidents().removeSubscription(c, 2)).toBe(true);
      expect(await incidents().removeSubscription(c, 2)).toBe(false);
      expect(await incidents().removeSubscription(c, 3)).toBe(true);
      expect(await numbersOf(c)).toEqual([1]);
      expect((await incidents().addSubscription(makeSubscription(c))).number).toBe(4);
      expect(await incidents().removeSubscription(c, 1)).toBe(true);
      expect(await incidents().removeSubscription(c, 4)).toBe(true);
      expect((await incidents().addSubscription(makeSubscription(c))).number).toBe(5);
      for (const n of [0, -1, 1.5, Number.NaN, 2 ** 53]) expect(await incidents().removeSubscription(c, n)).toBe(false);
      expect(await incidents().removeSubscription(`19:${uid()}`, 1)).toBe(false);
    });

    it('gives distinct numbers to 30 adds at once from two replicas', async () => {
      const c = `19:${uid()}`;
      const other = await ctx.open();
      const stores = [ctx.store(), other];
      const added = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 2]!.incidents.addSubscription(makeSubscription(c))));
      expect(added.map((s) => s.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(await numbersOf(c, other)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('refuses a duplicate id without spending a number', async () => {
      const c = `19:${uid()}`;
      const first = await incidents().addSubscription(makeSubscription(c));
      await expect(incidents().addSubscription(makeSubscription(c, { id: first.id, createdBy: 'someone else' }))).rejects.toThrow(StoreConflictError);
      expect(await incidents().listSubscriptions(c)).toStrictEqual([first]);
      expect((await incidents().addSubscription(makeSubscription(c))).number).toBe(2);
    });

    it('refuses filters it does not know or of the wrong type, writing nothing', async () => {
      const c = `19:${uid()}`;
      const bad = [
        { minSeverity: 'critical' },
        { minSeverity: 'HIGH' },
        { assigned: 'yes' },
        { tag: 42 },
        { tag: '' },
        { serviceSource: null },
        { severity: 'high' },
        { ['__proto__']: { polluted: true } },
        null,
        ['high'],
      ] as unknown as IncidentFilters[];
      for (const filters of bad) await expect(incidents().addSubscription(makeSubscription(c, { filters }))).rejects.toThrow(StoreValueError);
      expect(await incidents().listSubscriptions(c)).toEqual([]);
      const kept = await incidents().addSubscription(makeSubscription(c, { filters: { tag: 'x', serviceSource: undefined } }));
      expect(kept).toMatchObject({ number: 1, filters: { tag: 'x' } });
      expect(Object.keys(kept.filters)).toEqual(['tag']);
    });
  });

  describe('incident cards', () => {
    it('lets the first claim win, records the posted message, and never claims a posted card again', async () => {
      const claim = makeClaim();
      expect(await incidents().getCard(claim.incidentId, claim.conversationId)).toBeUndefined();
      expect(await incidents().claimCard(claim, secondsAgo(60))).toBe(true);
      expect(await incidents().getCard(claim.incidentId, claim.conversationId)).toStrictEqual(claim);
      expect(await incidents().claimCard({ ...claim, origin: 'asked', claimedAt: new Date().toISOString() }, secondsAgo(60))).toBe(false);

      const posted: IncidentCard = { ...claim, messageId: '1712345678.000100' };
      await incidents().saveCard(posted);
      expect(await incidents().getCard(claim.incidentId, claim.conversationId)).toStrictEqual(posted);
      // Even a claim that calls everything stale does not take a card that was posted.
      expect(await incidents().claimCard({ ...claim, claimedAt: new Date().toISOString() }, new Date(Date.now() + 3_600_000).toISOString())).toBe(false);
      const updated = { ...posted, shownUpdate: '2025-02-01T08:00:00.1234567Z' };
      await incidents().saveCard(updated);
      expect(await incidents().getCard(claim.incidentId, claim.conversationId)).toStrictEqual({ ...updated, shownUpdate: '2025-02-01T08:00:00.123Z' });
    });

    it('retakes a claim without messageId once it is older than staleBefore (a crashed post), not before', async () => {
      const crashed = makeClaim({ claimedAt: secondsAgo(300) });
      expect(await incidents().claimCard(crashed, secondsAgo(60))).toBe(true);
      const fresh = { ...crashed, origin: 'asked' as const, shownUpdate: '2025-02-02T00:00:00.000Z', claimedAt: new Date().toISOString() };
      expect(await incidents().claimCard(fresh, secondsAgo(600))).toBe(false);
      expect(await incidents().claimCard(fresh, secondsAgo(60))).toBe(true);
      expect(await incidents().getCard(crashed.incidentId, crashed.conversationId)).toStrictEqual(fresh);
      expect(await incidents().claimCard({ ...fresh, claimedAt: new Date().toISOString() }, secondsAgo(60))).toBe(false);

      // claimedAt exactly at staleBefore is not before it.
      const edge = makeClaim({ claimedAt: '2025-01-01T00:00:00.000Z' });
      await incidents().claimCard(edge, secondsAgo(60));
      expect(await incidents().claimCard({ ...edge, claimedAt: new Date().toISOString() }, '2025-01-01T00:00:00.000Z')).toBe(false);
      expect(await incidents().claimCard({ ...edge, claimedAt: new Date().toISOString() }, '2025-01-01T00:00:00.001Z')).toBe(true);
    });

    it('gives exactly one of 20 concurrent claims from two replicas the card, new or crashed', async () => {
      const other = await ctx.open();
      const stores = [ctx.store(), other];
      const race = (claim: Omit<IncidentCard, 'messageId'>) =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            stores[i % 2]!.incidents.claimCard({ ...claim, claimedAt: new Date().toISOString(), origin: i % 3 ? 'subscription' : 'asked' }, secondsAgo(60)),
          ),
        );
      const claim = makeClaim();
      expect((await race(claim)).filter(Boolean)).toHaveLength(1);

      const crashed = makeClaim({ claimedAt: secondsAgo(3600) });
      expect(await incidents().claimCard(crashed, secondsAgo(60))).toBe(true);
      expect((await race(crashed)).filter(Boolean)).toHaveLength(1);
      expect(Date.parse((await other.incidents.getCard(crashed.incidentId, crashed.conversationId))?.claimedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    });

    it('lists every card of an incident, in every conversation, and saves a card nobody claimed', async () => {
      const incidentId = `inc-${uid()}`;
      const first = makeClaim({ incidentId, conversationId: `a-${uid()}` });
      const second: IncidentCard = { ...makeClaim({ incidentId, conversationId: `b-${uid()}`, origin: 'asked' }), messageId: 'm-2' };
      await incidents().claimCard(first, secondsAgo(60));
      await incidents().saveCard(second);
      await incidents().claimCard(makeClaim({ conversationId: first.conversationId }), secondsAgo(60));
      expect(await incidents().cardsOf(incidentId)).toStrictEqual([first, second]);
      expect(await incidents().cardsOf(`inc-${uid()}`)).toEqual([]);
    });

    it('refuses an unknown origin or a time it cannot read, writing nothing', async () => {
      const claim = makeClaim();
      await expect(incidents().claimCard({ ...claim, origin: 'poller' as never }, secondsAgo(60))).rejects.toThrow(StoreValueError);
      await expect(incidents().claimCard({ ...claim, claimedAt: 'now' }, secondsAgo(60))).rejects.toThrow(StoreValueError);
      await expect(incidents().claimCard({ ...claim, shownUpdate: '2025-01-31T09:30:00' }, secondsAgo(60))).rejects.toThrow(StoreValueError);
      await expect(incidents().claimCard(claim, 'a minute ago')).rejects.toThrow(StoreValueError);
      await expect(incidents().saveCard({ ...claim, messageId: '' })).rejects.toThrow(StoreValueError);
      expect(await incidents().getCard(claim.incidentId, claim.conversationId)).toBeUndefined();
    });
  });

  describe('watermarks', () => {
    it('reads absent until set, then the last value, from any replica, in UTC with milliseconds', async () => {
      const tenant = `tenant-${uid()}`;
      expect(await incidents().getWatermark(tenant)).toBeUndefined();
      await incidents().setWatermark(tenant, '2025-01-31T09:30:00.000Z');
      expect(await incidents().getWatermark(tenant)).toBe('2025-01-31T09:30:00.000Z');
      await incidents().setWatermark(tenant, '2025-01-31T11:45:12.5533333+01:00');
      const other = await ctx.open();
      expect(await other.incidents.getWatermark(tenant)).toBe('2025-01-31T10:45:12.553Z');
      expect(await other.incidents.getWatermark(`tenant-${uid()}`)).toBeUndefined();
    });

    it('refuses a value that is not a time, keeping the one it had', async () => {
      const tenant = `tenant-${uid()}`;
      await incidents().setWatermark(tenant, '2025-01-31T09:30:00.000Z');
      for (const value of ['', 'yesterday', '2025-01-31', '2025-02-30T00:00:00Z', '2025-01-31T09:30:00']) {
        await expect(incidents().setWatermark(tenant, value)).rejects.toThrow(StoreValueError);
      }
      await expect(incidents().setWatermark('', '2025-01-31T09:30:00.000Z')).rejects.toThrow(StoreValueError);
      expect(await incidents().getWatermark(tenant)).toBe('2025-01-31T09:30:00.000Z');
    });
  });

  describe('hostile values', () => {
    it('keeps quotes, unicode and 10 kB strings exactly, in every text field', async () => {
      expect(LONG.length).toBe(10_240);
      for (const [i, text] of [...HOSTILE, LONG].entries()) {
        const conversationId = `${text}-${uid()}`;
        const record = makeConversation({ conversationId, platform: 'slack', ref: text });
        await incidents().saveConversation(record);
        expect(await incidents().getConversation(conversationId)).toStrictEqual(record);

        const sub = await incidents().addSubscription(
          makeSubscription(conversationId, { id: `${text}-${i}-${uid()}`, createdBy: text, filters: { tag: text, serviceSource: text, minSeverity: 'low' } }),
        );
        expect(await incidents().listSubscriptions(conversationId)).toStrictEqual([sub]);
        expect(sub.filters).toStrictEqual({ tag: text, serviceSource: text, minSeverity: 'low' });

        const card: IncidentCard = { ...makeClaim({ incidentId: `${text}-${uid()}`, conversationId }), messageId: text };
        await incidents().saveCard(card);
        expect(await incidents().getCard(card.incidentId, conversationId)).toStrictEqual(card);
        expect(await incidents().cardsOf(card.incidentId)).toStrictEqual([card]);

        const key = `${text}-${uid()}`;
        await incidents().setWatermark(key, '2025-01-31T09:30:00.000Z');
        expect(await incidents().getWatermark(key)).toBe('2025-01-31T09:30:00.000Z');

        expect(await incidents().markConversationRemoved(conversationId, text, '2025-03-01T00:00:00.000Z')).toBe(1);
        expect((await incidents().getConversation(conversationId))?.removedReason).toBe(text);
      }
      const survivor = makeRequest();
      await ctx.store().requests.create(survivor);
      expect(await ctx.store().requests.get(survivor.id)).toStrictEqual(survivor); // the tables are still there
    });

    it('refuses NUL characters and lone surrogates anywhere, writing nothing', async () => {
      for (const bad of ['nul\u0000here', 'half \uD83D emoji', '\uDC00 alone']) {
        const record = makeConversation();
        await expect(incidents().saveConversation({ ...record, ref: bad })).rejects.toThrow(StoreValueError);
        await expect(incidents().saveConversation({ ...record, removedAt: record.updatedAt, removedReason: bad })).rejects.toThrow(StoreValueError);
        await expect(incidents().saveConversation({ ...record, conversationId: bad })).rejects.toThrow(StoreValueError);
        expect(await incidents().getConversation(record.conversationId)).toBeUndefined();

        await incidents().saveConversation(record);
        await incidents().addSubscription(makeSubscription(record.conversationId));
        await expect(incidents().markConversationRemoved(record.conversationId, bad, new Date().toISOString())).rejects.toThrow(StoreValueError);
        expect(await incidents().getConversation(record.conversationId)).toStrictEqual(record);

        for (const overrides of [{ id: bad }, { createdBy: bad }, { filters: { tag: bad } }, { filters: { serviceSource: bad } }]) {
          await expect(incidents().addSubscription(makeSubscription(record.conversationId, overrides))).rejects.toThrow(StoreValueError);
        }
        await expect(incidents().addSubscription(makeSubscription(bad))).rejects.toThrow(StoreValueError);
        expect(await numbersOf(record.conversationId)).toEqual([1]);

        const claim = makeClaim();
        await expect(incidents().claimCard({ ...claim, incidentId: bad }, secondsAgo(60))).rejects.toThrow(StoreValueError);
        await expect(incidents().claimCard({ ...claim, conversationId: bad }, secondsAgo(60))).rejects.toThrow(StoreValueError);
        await expect(incidents().saveCard({ ...claim, messageId: bad })).rejects.toThrow(StoreValueError);
        expect(await incidents().getCard(claim.incidentId, claim.conversationId)).toBeUndefined();

        await expect(incidents().setWatermark(bad, '2025-01-31T09:30:00.000Z')).rejects.toThrow(StoreValueError);

        // Lookups by what could never have been written find nothing.
        expect(await incidents().getConversation(bad)).toBeUndefined();
        expect(await incidents().markConversationRemoved(bad, 'gone', new Date().toISOString())).toBe(0);
        expect(await incidents().listSubscriptions(bad)).toEqual([]);
        expect(await incidents().removeSubscription(bad, 1)).toBe(false);
        expect(await incidents().getCard(bad, claim.conversationId)).toBeUndefined();
        expect(await incidents().cardsOf(bad)).toEqual([]);
        expect(await incidents().getWatermark(bad)).toBeUndefined();
      }
    });

    it('refuses an unknown platform, an empty id and an unreadable time', async () => {
      const record = makeConversation();
      await expect(incidents().saveConversation({ ...record, platform: 'discord' as never })).rejects.toThrow(StoreValueError);
      await expect(incidents().saveConversation({ ...record, updatedAt: '31/01/2025' })).rejects.toThrow(StoreValueError);
      await expect(incidents().saveConversation({ ...record, conversationId: '' })).rejects.toThrow(StoreValueError);
      await expect(incidents().markConversationRemoved(record.conversationId, 'gone', 'now')).rejects.toThrow(StoreValueError);
      await expect(incidents().addSubscription(makeSubscription(record.conversationId, { platform: 'cli' as never }))).rejects.toThrow(StoreValueError);
      await expect(incidents().addSubscription(makeSubscription(record.conversationId, { createdAt: '' }))).rejects.toThrow(StoreValueError);
      expect(await incidents().getConversation(record.conversationId)).toBeUndefined();
      expect(await incidents().listSubscriptions(record.conversationId)).toEqual([]);
    });
  });

  it('keeps conversations, subscriptions, cards and watermarks across a restart', async () => {
    const first = await ctx.open();
    const record = makeConversation();
    await first.incidents.saveConversation(record);
    const sub = await first.incidents.addSubscription(makeSubscription(record.conversationId));
    const card: IncidentCard = { ...makeClaim({ conversationId: record.conversationId }), messageId: 'm-1' };
    await first.incidents.saveCard(card);
    const tenant = `tenant-${uid()}`;
    await first.incidents.setWatermark(tenant, '2025-01-31T09:30:00.000Z');
    await first.close();

    const second = await ctx.open();
    expect(await second.incidents.getConversation(record.conversationId)).toStrictEqual(record);
    expect(await second.incidents.listSubscriptions(record.conversationId)).toStrictEqual([sub]);
    expect(await second.incidents.getCard(card.incidentId, card.conversationId)).toStrictEqual(card);
    expect(await second.incidents.getWatermark(tenant)).toBe('2025-01-31T09:30:00.000Z');
    expect((await second.incidents.addSubscription(makeSubscription(record.conversationId))).number).toBe(2);
  });
}
