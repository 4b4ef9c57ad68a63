import { FINAL_STATES, StoreConflictError, StoreValueError, type ActionRequest, type RequestState } from '../../src/store';
import { HOSTILE, alex, makeRequest, minutesFromNow, sam, uid, type ContractContext } from './fixtures';

/** create/get, compare-and-set transitions and updates. */
export function requestCases(ctx: ContractContext): void {
  const requests = () => ctx.store().requests;

  describe('create and get', () => {
    it('round-trips a request with every field', async () => {
      const request = makeRequest({
        approver: sam,
        reason: 'Beaconing to a known C2',
        approvalsRequired: 1,
        state: 'awaitingApproval',
        conversationRef: JSON.stringify({ serviceUrl: 'https://smba.example/', conversation: { id: '19:x' } }),
        messageId: '1712345678901',
        defenderActionId: 'a1b2c3',
        lastError: 'none yet',
      });
      await requests().create(request);
      expect(await requests().get(request.id)).toStrictEqual(request);
    });

    it('reads optional fields back as absent, not null or undefined', async () => {
      const request = makeRequest();
      await requests().create(request);
      const stored = await requests().get(request.id);
      expect(stored).toStrictEqual(request);
      expect(Object.keys(stored ?? {})).not.toContain('approver');
    });

    it('keeps unicode and hostile text exactly, in every field', async () => {
      for (const text of HOSTILE) {
        const request = makeRequest({
          id: `${text}-${uid()}`,
          action: text,
          target: text.toLowerCase(),
          reason: text,
          conversationId: text,
          conversationRef: text,
          messageId: text,
          defenderActionId: text,
          lastError: text,
          params: { [text]: text, deviceName: text, constructor: text },
          requester: { ...alex, displayName: text, userId: text },
          approver: { ...sam, displayName: text },
        });
        await requests().create(request);
        expect(await requests().get(request.id)).toStrictEqual(request);
      }
      expect(Array.isArray(await requests().listActive())).toBe(true); // the tables are still there
    });

    it('keeps a 100 KB reason', async () => {
      const reason = 'Ransomware note found; '.repeat(2000) + 'Ω'.repeat(60_000);
      expect(reason.length).toBeGreaterThan(100_000);
      const request = makeRequest({ reason });
      await requests().create(request);
      expect((await requests().get(request.id))?.reason).toBe(reason);
    });

    it('refuses NUL characters and lone surrogates anywhere, writing nothing', async () => {
      const bad: Array<Partial<ActionRequest>> = [
        { reason: 'before\u0000after' },
        { params: { sha1: 'ab\u0000' } },
        { params: { 'k\u0000': 'v' } },
        { requester: { ...alex, displayName: 'A\u0000' } },
        { target: 'ws\u0000' },
        { reason: 'half \uD83D emoji' },
        { lastError: '\uDC00 alone' },
      ];
      for (const overrides of bad) {
        const request = makeRequest(overrides);
        await expect(requests().create(request)).rejects.toThrow(StoreValueError);
        expect(await requests().get(request.id)).toBeUndefined();
      }
    });

    it('finds nothing for an id or target it could never have stored', async () => {
      expect(await requests().get('id\u0000')).toBeUndefined();
      expect(await requests().get('\uD800')).toBeUndefined();
      expect(await requests().findOpen('isolate', 'ws\u0000')).toEqual([]);
      expect(await requests().transition('id\u0000', ['awaitingConfirmation'], { state: 'cancelled' })).toBeUndefined();
      expect(await requests().update('id\u0000', 1, { messageId: 'm' })).toBeUndefined();
    });

    it('refuses a duplicate id and keeps the first', async () => {
      const first = makeRequest();
      await requests().create(first);
      await expect(requests().create({ ...first, action: 'release' })).rejects.toThrow(StoreConflictError);
      expect(await requests().get(first.id)).toStrictEqual(first);
    });

    it('stores times as UTC with milliseconds and refuses times it cannot read', async () => {
      const request = makeRequest({ createdAt: '2025-01-31T10:30:00+01:00', updatedAt: '2025-01-31T09:30Z', expiresAt: '2025-01-31T09:45:00.5Z' });
      await requests().create(request);
      expect(await requests().get(request.id)).toMatchObject({
        createdAt: '2025-01-31T09:30:00.000Z',
        updatedAt: '2025-01-31T09:30:00.000Z',
        expiresAt: '2025-01-31T09:45:00.500Z',
      });
      for (const expiresAt of ['tomorrow', '2025-01-31T09:30:00', '2025-02-30T09:30:00Z', '2025-01-31T24:00:00Z', '2025-13-01T00:00:00Z', '']) {
        await expect(requests().create(makeRequest({ expiresAt }))).rejects.toThrow(StoreValueError);
      }
    });

    it('refuses a new request whose version is not 1', async () => {
      await expect(requests().create(makeRequest({ version: 2 }))).rejects.toThrow(StoreValueError);
    });
  });

  describe('transition', () => {
    it('applies the patch and bumps version and updatedAt', async () => {
      const request = makeRequest({ updatedAt: '2025-01-01T00:00:00.000Z' });
      await requests().create(request);
      const expiresAt = minutesFromNow(60);
      const moved = await requests().transition(request.id, ['awaitingConfirmation'], {
        state: 'awaitingApproval',
        approver: sam,
        reason: 'confirmed by Alex',
        messageId: 'msg-2',
        conversationRef: '{"v":2}',
        expiresAt,
      });
      expect(moved).toStrictEqual({
        ...request,
        state: 'awaitingApproval',
        approver: sam,
        reason: 'confirmed by Alex',
        messageId: 'msg-2',
        conversationRef: '{"v":2}',
        expiresAt,
        version: 2,
        updatedAt: moved?.updatedAt,
      });
      expect(Date.parse(moved?.updatedAt ?? '')).toBeGreaterThan(Date.parse(request.updatedAt));
      expect(await requests().get(request.id)).toStrictEqual(moved);
    });

    it('takes updatedAt from the patch when given (an injected clock)', async () => {
      const request = makeRequest();
      await requests().create(request);
      const moved = await requests().transition(request.id, ['awaitingConfirmation'], { state: 'cancelled', updatedAt: '2030-01-01T00:00:00.000Z' });
      expect(moved?.updatedAt).toBe('2030-01-01T00:00:00.000Z');
    });

    it('lets exactly one of 20 concurrent transitions from the same state win', async () => {
      const request = makeRequest();
      await requests().create(request);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => requests().transition(request.id, ['awaitingConfirmation'], { state: 'submitting', lastError: `clicker ${i}` })),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await requests().get(request.id)).toStrictEqual(winners[0]);
      expect(winners[0]?.version).toBe(2);
    });

    it('fails when the state is not one of from, or from is empty', async () => {
      const request = makeRequest();
      await requests().create(request);
      expect(await requests().transition(request.id, ['pending', 'inProgress'], { state: 'succeeded' })).toBeUndefined();
      expect(await requests().transition(request.id, [], { state: 'cancelled' })).toBeUndefined();
      expect(await requests().get(request.id)).toStrictEqual(request);
    });

    it('fails when expectedVersion does not match, and succeeds when it does', async () => {
      const request = makeRequest();
      await requests().create(request);
      expect(await requests().transition(request.id, ['awaitingConfirmation'], { state: 'submitting' }, 2)).toBeUndefined();
      expect(await requests().transition(request.id, ['awaitingConfirmation'], { state: 'submitting' }, 1)).toMatchObject({ version: 2 });
      expect(await requests().transition(request.id, ['submitting'], { state: 'pending' }, 1)).toBeUndefined();
      expect(await requests().transition(request.id, ['submitting'], { state: 'pending', defenderActionId: 'act-1' }, 2)).toMatchObject({
        state: 'pending',
        defenderActionId: 'act-1',
        version: 3,
      });
    });

    it('returns undefined for an unknown id', async () => {
      expect(await requests().transition(`missing-${uid()}`, ['awaitingConfirmation'], { state: 'cancelled' })).toBeUndefined();
    });

    it.each(FINAL_STATES)('never moves a request out of %s, even when from names it', async (final) => {
      const request = makeRequest();
      await requests().create(request);
      const done = await requests().transition(request.id, ['awaitingConfirmation'], { state: final });
      expect(done?.state).toBe(final);
      const everyState = [final, 'awaitingConfirmation', 'pending'] as RequestState[];
      expect(await requests().transition(request.id, everyState, { state: 'pending' })).toBeUndefined();
      expect(await requests().transition(request.id, [final], { state: final, lastError: 'again' })).toBeUndefined();
      expect(await requests().get(request.id)).toStrictEqual(done);
    });

    it('refuses to change what the request acts on, or a patch without a state', async () => {
      const request = makeRequest();
      await requests().create(request);
      const from = ['awaitingConfirmation'] as const;
      await expect(requests().transition(request.id, from, { state: 'submitting', action: 'release' })).rejects.toThrow(StoreValueError);
      // The requester's choices change only while they confirm; from any other state, never.
      await expect(requests().transition(request.id, ['awaitingApproval'], { state: 'submitting', params: { machineId: 'other' } })).rejects.toThrow(
        StoreValueError,
      );
      await expect(
        requests().transition(request.id, ['awaitingConfirmation', 'awaitingApproval'], { state: 'submitting', params: { isolationType: 'Full' } }),
      ).rejects.toThrow(StoreValueError);
      await expect(requests().transition(request.id, from, { state: 'submitting', target: 'dc01' })).rejects.toThrow(StoreValueError);
      await expect(requests().transition(request.id, from, { state: 'submitting', requester: sam })).rejects.toThrow(StoreValueError);
      await expect(requests().transition(request.id, from, { state: 'bogus' as RequestState })).rejects.toThrow(StoreValueError);
      await expect(requests().transition(request.id, from, { lastError: 'x' } as never)).rejects.toThrow(StoreValueError);
      await expect(requests().transition(request.id, from, { state: 'submitting', lastError: 'nul\u0000' })).rejects.toThrow(StoreValueError);
      expect(await requests().get(request.id)).toStrictEqual(request);
    });

    it("takes the requester's choices (params) while confirming, and refuses them afterwards at the database too", async () => {
      const request = makeRequest({ params: { machineId: 'm1' } });
      await requests().create(request);
      const confirmed = await requests().transition(request.id, ['awaitingConfirmation'], {
        state: 'awaitingApproval',
        params: { machineId: 'm1', isolationType: 'Selective' },
      });
      expect(confirmed?.params).toEqual({ machineId: 'm1', isolationType: 'Selective' });
      await expect(requests().transition(request.id, ['awaitingApproval'], { state: 'submitting', params: { machineId: 'm2' } })).rejects.toThrow(
        StoreValueError,
      );
      expect((await requests().get(request.id))?.params).toEqual({ machineId: 'm1', isolationType: 'Selective' });
    });

    it('leaves a field alone when the patch has it as undefined', async () => {
      const request = makeRequest({ reason: 'keep me' });
      await requests().create(request);
      const moved = await requests().transition(request.id, ['awaitingConfirmation'], { state: 'submitting', reason: undefined });
      expect(moved?.reason).toBe('keep me');
    });
  });

  describe('update', () => {
    it('sets card fields when the version matches, bumping version', async () => {
      const request = makeRequest();
      await requests().create(request);
      const updated = await requests().update(request.id, 1, { messageId: 'm-1', conversationRef: '{"ref":1}' });
      expect(updated).toMatchObject({ state: 'awaitingConfirmation', messageId: 'm-1', conversationRef: '{"ref":1}', version: 2 });
      expect(await requests().update(request.id, 1, { messageId: 'm-stale' })).toBeUndefined();
      expect((await requests().get(request.id))?.messageId).toBe('m-1');
    });

    it('lets one of 20 concurrent updates of the same version win', async () => {
      const request = makeRequest();
      await requests().create(request);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => requests().update(request.id, 1, { messageId: `m-${i}` })));
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    });

    it('works on a request in a final state (the card still needs updating) without moving it', async () => {
      const request = makeRequest();
      await requests().create(request);
      const done = await requests().transition(request.id, ['awaitingConfirmation'], { state: 'succeeded' });
      expect(await requests().update(request.id, done?.version ?? 0, { messageId: 'final-card' })).toMatchObject({
        state: 'succeeded',
        messageId: 'final-card',
      });
    });

    it('refuses fields other than messageId, conversationRef, lastError and defenderActionId', async () => {
      const request = makeRequest();
      await requests().create(request);
      await expect(requests().update(request.id, 1, { state: 'succeeded' } as never)).rejects.toThrow(StoreValueError);
      await expect(requests().update(request.id, 1, { reason: 'changed' } as never)).rejects.toThrow(StoreValueError);
      expect(await requests().get(request.id)).toStrictEqual(request);
    });
  });
}
