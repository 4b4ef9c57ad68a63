import type { ActionRequest, RequestState } from '../../src/store';
import { makeRequest, minutesFromNow, uid, type ContractContext } from './fixtures';

const ALL_STATES: RequestState[] = [
  'awaitingConfirmation',
  'awaitingApproval',
  'submitting',
  'pending',
  'inProgress',
  'succeeded',
  'failed',
  'timedOut',
  'cancelled',
  'denied',
  'rejected',
  'expired',
];

/** listActive, listExpired and findOpen. Other tests share the database, so results are narrowed to this test's ids. */
export function listCases(ctx: ContractContext): void {
  const requests = () => ctx.store().requests;
  const ids = (list: ActionRequest[], mine: ActionRequest[]) =>
    list
      .filter((r) => mine.some((m) => m.id === r.id))
      .map((r) => r.state)
      .sort();

  async function oneInEveryState(overrides: Partial<ActionRequest> = {}): Promise<ActionRequest[]> {
    const created = ALL_STATES.map((state) => makeRequest({ state, ...overrides }));
    for (const request of created) await requests().create(request);
    return created;
  }

  it('listActive returns the submitting, pending and inProgress requests', async () => {
    const mine = await oneInEveryState();
    const active = await requests().listActive();
    expect(ids(active, mine)).toEqual(['inProgress', 'pending', 'submitting']);
    expect(active.find((r) => r.id === mine[3]?.id)).toStrictEqual(mine[3]);
  });

  it('listExpired returns requests waiting for a person whose expiry has passed', async () => {
    const past = await oneInEveryState({ expiresAt: minutesFromNow(-5) });
    const future = await oneInEveryState({ expiresAt: minutesFromNow(5) });
    const expired = await requests().listExpired(new Date());
    expect(ids(expired, past)).toEqual(['awaitingApproval', 'awaitingConfirmation']);
    expect(ids(expired, future)).toEqual([]);
  });

  it('listExpired compares instants: an expiry exactly now has not passed yet', async () => {
    const now = new Date();
    const atNow = makeRequest({ expiresAt: now.toISOString() });
    const justBefore = makeRequest({ expiresAt: new Date(now.getTime() - 1).toISOString() });
    await requests().create(atNow);
    await requests().create(justBefore);
    const expired = await requests().listExpired(now);
    expect(expired.map((r) => r.id)).toContain(justBefore.id);
    expect(expired.map((r) => r.id)).not.toContain(atNow.id);
  });

  it('findOpen returns the non-final requests for the same action and target, case-insensitively', async () => {
    const target = `ws-${uid()}`;
    const mine = await oneInEveryState({ target });
    const otherAction = makeRequest({ target, action: 'release' });
    const otherTarget = makeRequest({ target: `${target}-2` });
    const dotted = makeRequest({ target: `${target}.contoso.com` });
    for (const r of [otherAction, otherTarget, dotted]) await requests().create(r);

    const open = await requests().findOpen('isolate', target.toUpperCase());
    expect(open.map((r) => r.state).sort()).toEqual(['awaitingApproval', 'awaitingConfirmation', 'inProgress', 'pending', 'submitting']);
    expect(open.every((r) => mine.some((m) => m.id === r.id))).toBe(true);
    expect(await requests().findOpen('release', target)).toEqual([otherAction]);
  });

  it('findOpen stops returning a request once it reaches a final state', async () => {
    const request = makeRequest();
    await requests().create(request);
    expect(await requests().findOpen(request.action, request.target)).toHaveLength(1);
    await requests().transition(request.id, ['awaitingConfirmation'], { state: 'cancelled' });
    expect(await requests().findOpen(request.action, request.target)).toEqual([]);
  });
}
