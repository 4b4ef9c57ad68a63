import { figure } from './support/figures';
import { approve, isolateButton, isolationAwaitingApproval, requestFacts, WS042 } from './support/flows';
import { button, USERS } from './support/teams';
import { World } from './support/world';

/*
 * Buttons abused through the real Teams adapter: altered, forged, replayed and foreign ids; self-approval; clicks by
 * people without the role, without an Entra identity, or from another tenant; identity claimed in card data. Every
 * one is refused with a clear message, audited when it touches an action, and nothing is executed (machine actions
 * counted in the emulator), except the one legitimate approval of the replay test, exactly once.
 */

let w: World;
beforeEach(async () => {
  w = await World.start();
});
afterEach(async () => {
  expect(w.unhandled).toEqual([]);
  await w.close();
});

/** A signature changed in its last character. */
function alter(token: unknown): string {
  const t = String(token);
  return `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
}

const refusals: string[] = [];
afterAll(() => figure('abuse: buttons', 'abusive clicks refused', refusals.length, 'clicks', 'each with a clear message; no machine action from any of them'));

async function refused(answer: Promise<{ text: string; kind: string }>, pattern: RegExp): Promise<void> {
  const a = await answer;
  expect(a.kind).toBe('message');
  expect(a.text).toMatch(pattern);
  refusals.push(a.text);
}

describe('altered and forged ids', () => {
  it('a lookup button with an altered signature: refused and audited', async () => {
    const isolate = await isolateButton(w);
    await refused(w.click('isolate', { requestId: alter(isolate.requestId) }), /This button cannot be used: .*altered/);
    // A made-up id with a made-up signature, and parameters smuggled next to it, are refused the same way.
    await refused(w.click('isolate', { requestId: 'AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB', machineId: WS042.id }), /altered/);
    const audit = (await w.audit()).filter((e) => e.event === 'refused-button');
    expect(audit.map((e) => e.detail)).toEqual(['isolate: tampered', 'isolate: tampered']);
    expect(w.botActions()).toHaveLength(0);
  });

  it('a request token with an altered signature or request id: refused, audited, the request untouched', async () => {
    const pending = await isolationAwaitingApproval(w);
    await refused(
      approve(w, { ...pending, approve: { requestId: alter(pending.approve.requestId) } }),
      /altered, or it belongs to another conversation or action\. Nothing was done/,
    );
    // Another request id under the same signature: the first character changed, never to itself (ids are random).
    const otherId = String(pending.approve.requestId).replace(/^r:(.)/, (_m, c: string) => `r:${c === 'X' ? 'Y' : 'X'}`);
    await refused(approve(w, { ...pending, approve: { requestId: otherId } }), /altered/);
    expect((await w.audit()).filter((e) => e.event === 'refused-button')).toHaveLength(2);
    expect((await w.app.store.requests.get(pending.requestId))?.state).toBe('awaitingApproval');
    expect(w.botActions()).toHaveLength(0);
  });
});

describe('replayed clicks', () => {
  it('approve clicked twice, then five times at once: executed exactly once, every repeat says it was already handled', async () => {
    const pending = await isolationAwaitingApproval(w);
    const first = await approve(w, pending);
    expect(requestFacts(first.card).State).toMatch(/Pending in Defender|In progress|Succeeded/);
    await refused(approve(w, pending), /Already handled: .*each step counts once/);
    const burst = await Promise.all(Array.from({ length: 5 }, () => approve(w, pending)));
    for (const b of burst) expect(b.text).toMatch(/Already handled/);
    expect(w.botActions()).toHaveLength(1);
    expect((await w.events(pending.requestId)).filter((e) => e === 'approved' || e === 'submitted')).toEqual(['approved', 'submitted']);
    figure('abuse: buttons', 'machine actions after 7 approve clicks', w.botActions().length, 'actions');
  });

  it('five simultaneous approvals of a fresh request (a platform retry storm): one machine action', async () => {
    const pending = await isolationAwaitingApproval(w);
    const burst = await Promise.all(Array.from({ length: 5 }, () => approve(w, pending)));
    expect(burst.filter((b) => b.kind === 'card')).toHaveLength(1);
    expect(w.botActions()).toHaveLength(1);
  });

  it('confirm replayed after the approval, and abandon after confirming: nothing more happens', async () => {
    const isolate = await isolateButton(w);
    const proposal = await w.propose('isolate', isolate, { user: USERS.alex });
    const confirm = button(proposal.card, 'confirm');
    const abandon = button(proposal.card, 'abandon');
    await w.click('confirm', { ...confirm.data, reason: 'first' }, { user: USERS.alex });
    await refused(w.click('confirm', { ...confirm.data, reason: 'second' }, { user: USERS.alex }), /Already handled/);
    await refused(w.click('abandon', abandon.data, { user: USERS.alex }), /Already handled/);
    // One approval (the request's card, asking once) and one call to the approvers, whatever was clicked again.
    expect(w.connector.messages().filter((m) => /"verb":"approve"/.test(JSON.stringify(m.card ?? {})))).toHaveLength(1);
    expect(w.connector.messages().filter((m) => /"type":"mention"/.test(JSON.stringify(m.card ?? {})))).toHaveLength(1);
  });
});

describe('foreign ids', () => {
  it('a lookup button replayed in another conversation, or with another verb: refused and audited', async () => {
    const isolate = await isolateButton(w);
    await refused(w.click('isolate', isolate, { conversationId: 'a:someone-else' }), /belongs to another conversation or action/);
    await refused(w.click('release', isolate), /belongs to another conversation or action/);
    expect((await w.audit()).filter((e) => e.event === 'refused-button').map((e) => e.detail)).toEqual(['isolate: foreign', 'release: foreign']);
  });

  it('an approval token used in another conversation, or as another verb: refused, audited, nothing executed', async () => {
    const pending = await isolationAwaitingApproval(w);
    await refused(
      w.click('approve', pending.approve, { user: USERS.sam, conversationId: '19:other@thread.tacv2', conversationType: 'channel' }),
      /Nothing was done/,
    );
    await refused(w.click('confirm', pending.approve, { user: USERS.alex }), /Nothing was done/);
    await refused(w.click('cancelAction', pending.approve, { user: USERS.sam }), /Nothing was done/);
    expect((await w.audit()).filter((e) => e.event === 'refused-button')).toHaveLength(3);
    expect(w.botActions()).toHaveLength(0);
  });
});

describe('who clicks', () => {
  it('the requester cannot approve their own request, whatever the card data claims', async () => {
    const pending = await isolationAwaitingApproval(w);
    await refused(approve(w, pending, USERS.alex), /You cannot approve your own request/);
    // Identity in the card data is ignored: the activity says who clicked.
    await refused(
      w.click('approve', { ...pending.approve, from: USERS.sam, aadObjectId: USERS.sam.aadObjectId, userId: USERS.sam.id }, { user: USERS.alex }),
      /You cannot approve your own request/,
    );
    const audit = (await w.audit(pending.requestId)).filter((e) => e.event === 'refused-button');
    expect(audit.map((e) => e.detail)).toEqual(['approve by the requester', 'approve by the requester']);
    expect(w.botActions()).toHaveLength(0);
  });

  it('someone without the responder role clicks Isolate: refused with the role, audited as denied', async () => {
    const isolate = await isolateButton(w);
    await refused(
      w.click('isolate', isolate, { user: USERS.pat }),
      /Not allowed: Isolate device needs the responder role: you do not have the responder role\. Your request was recorded/,
    );
    const denied = (await w.audit()).filter((e) => e.event === 'denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.actor).toContain('Pat Viewer');
  });

  it('someone without the approver role approves or rejects: refused, audited, the request still waits', async () => {
    const pending = await isolationAwaitingApproval(w);
    await refused(approve(w, pending, USERS.pat), /Approving needs the approver role/);
    await refused(w.click('reject', pending.reject, { user: USERS.pat }), /Approving needs the approver role/);
    expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'denied', 'denied']);
    expect((await w.app.store.requests.get(pending.requestId))?.state).toBe('awaitingApproval');
    expect(w.botActions()).toHaveLength(0);
  });

  it("someone else confirms the requester's card: refused and audited", async () => {
    const proposal = await w.propose('isolate', await isolateButton(w), { user: USERS.alex });
    await refused(w.click('confirm', { ...button(proposal.card, 'confirm').data, reason: 'not mine' }, { user: USERS.sam }), /Only the requester confirms/);
    expect((await w.audit()).filter((e) => e.event === 'refused-button').map((e) => e.detail)).toEqual(['confirm by someone other than the requester']);
  });

  it('a user without an Entra identity (guest): refused, the reason named', async () => {
    const isolate = await isolateButton(w);
    await refused(w.click('isolate', isolate, { user: USERS.guest }), /your Entra identity is not known to the bot/);
    expect((await w.audit()).filter((e) => e.event === 'denied')).toHaveLength(1);
  });

  it('someone without the role cancels a running action: refused and audited; the action runs on', async () => {
    const pending = await isolationAwaitingApproval(w);
    w.emulator.setTimeline({ pendingMs: 60_000 });
    const status = await approve(w, pending);
    const cancel = button(status.card, 'cancelAction');
    await refused(w.click('cancelAction', cancel.data, { user: USERS.pat }), /Cancelling needs the responder role/);
    expect((await w.events(pending.requestId)).includes('denied')).toBe(true);
    expect(w.botActions()[0]!.status).not.toBe('Cancelled');
  });

  it('a user of another tenant: refused before anything is read', async () => {
    const isolate = await isolateButton(w);
    const other = '99999999-9999-4999-8999-999999999999';
    const invoke = await w.click('isolate', isolate, {
      extra: { conversation: { id: 'a:personal-soc', conversationType: 'personal', tenantId: other }, channelData: { tenant: { id: other } } },
    });
    expect(invoke.http.body).toMatchObject({ statusCode: 403, value: { message: 'This bot is not available to your organisation.' } });
    const message = await w.say('lookup 198.51.100.77', {
      extra: { conversation: { id: 'a:x', conversationType: 'personal', tenantId: other }, channelData: { tenant: { id: other } } },
    });
    expect(message.messages.map((m) => m.text)).toEqual(['This bot is not available to your organisation.']);
    refusals.push('another tenant', 'another tenant');
    expect(w.botActions()).toHaveLength(0);
  });
});
