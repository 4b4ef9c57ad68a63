import { figure } from './support/figures';
import { ALL_FAULTS, FAULTS, MAX_RETRIES, type FaultCase } from './support/fault-cases';
import { blockAwaitingApproval, botIndicators } from './support/block-flow';
import { approve, clickIsolate, isolateButton, isolationAwaitingApproval, requestFacts } from './support/flows';
import { USERS } from './support/teams';
import { World } from './support/world';

/*
 * Faults on the routes a response action uses, through the real Teams adapter: reading the device when the button is
 * clicked, the role check, listing machine actions, and the POST that creates the machine action. The person reads
 * the cause and the next step; every step is in the audit; a POST that creates an action is repeated only when the
 * answer proves nothing was created (429); nothing is executed twice, or when it should not be.
 */

const isThrottle = (f: FaultCase) => f === FAULTS.throttled;
/** Reads are retried on 429, 503 and resets; a timeout or a 500 is not. */
const readAttempts = (f: FaultCase) => (f === FAULTS.throttled || f === FAULTS.unavailable503 || f === FAULTS.reset ? MAX_RETRIES + 1 : 1);

describe("the POST that creates the machine action (mde.isolate), at the approver's click", () => {
  // No answer at all (timeout, reset) may still have created the action: the request waits, checking for it.
  const unanswered = (f: FaultCase) => /timeout|reset/.test(f.name);

  it.each(ALL_FAULTS.filter((f) => unanswered(f)).map((f) => [f.name, f] as const))(
    '%s: the card says Defender has not confirmed yet and the bot is checking; nothing executed, audited',
    async (_n, f) => {
      const w = await World.start();
      try {
        const pending = await isolationAwaitingApproval(w);
        w.emulator.addFault({ route: 'mde.isolate', fault: f.fault });
        const answer = await approve(w, pending);
        const facts = requestFacts(answer.card);
        expect(facts.Error).toMatch(/did not confirm the action in time; the bot is checking whether it was created/);
        expect(w.attempts('mde.isolate')).toBe(1);
        expect(w.botActions()).toHaveLength(0);
        expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'approved', 'submit-unclear']);
        expect((await w.app.store.requests.get(pending.requestId))?.state).toBe('submitting');
        figure('faults: action routes', `mde.isolate ${f.name}`, 1, 'attempts', 'request kept "submitting" while the bot checks; 0 machine actions');
      } finally {
        await w.close();
      }
    },
  );

  it.each(ALL_FAULTS.filter((f) => !unanswered(f)).map((f) => [f.name, f] as const))(
    '%s: the card says Failed with cause and next step, audit complete, nothing executed',
    async (_n, f) => {
      const w = await World.start();
      try {
        const pending = await isolationAwaitingApproval(w);
        w.emulator.addFault({ route: 'mde.isolate', fault: f.fault });
        const answer = await approve(w, pending);
        expect(answer.kind).toBe('card');
        const facts = requestFacts(answer.card);
        expect(facts.State).toBe('Failed');
        expect(facts.Error).toMatch(f.cause);
        expect(facts.Error).toMatch(f.next);
        // Not idempotent: only a 429 (refused before processing) is sent again.
        const attempts = w.attempts('mde.isolate');
        expect(attempts).toBe(isThrottle(f) ? MAX_RETRIES + 1 : 1);
        expect(w.botActions()).toHaveLength(0);
        expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'approved', 'failed']);
        expect((await w.app.store.requests.get(pending.requestId))?.state).toBe('failed');
        // The approval card in the conversation was replaced for everyone with the same outcome.
        const update = w.connector
          .messages()
          .filter((m) => m.method === 'PUT')
          .pop();
        expect(requestFacts(update?.card).State).toBe('Failed');
        expect(w.unhandled).toEqual([]);
        figure('faults: action routes', `mde.isolate ${f.name}`, attempts, 'attempts', 'request failed, 0 machine actions');
      } finally {
        await w.close();
      }
    },
  );

  it('a 429 once: sent again after Retry-After, executed exactly once, tracked to Succeeded', async () => {
    const w = await World.start();
    try {
      const pending = await isolationAwaitingApproval(w);
      w.emulator.addFault({ route: 'mde.isolate', fault: FAULTS.throttled.fault, times: 1 });
      const answer = await approve(w, pending);
      expect(requestFacts(answer.card).State).toMatch(/Pending in Defender|In progress|Succeeded/);
      expect(w.attempts('mde.isolate')).toBe(2);
      expect(w.waits).toContain(7000);
      await w.waitForState(pending.requestId, ['succeeded']);
      await w.app.tracker.idle();
      expect(w.botActions()).toHaveLength(1);
      const events = await w.events(pending.requestId);
      expect(events.slice(0, 4)).toEqual(['requested', 'confirmed', 'approved', 'submitted']);
      expect(events[events.length - 1]).toBe('status');
      expect((await w.audit(pending.requestId)).pop()?.detail).toBe('Succeeded');
      figure('faults: action routes', 'mde.isolate 429 once', w.attempts('mde.isolate'), 'attempts', '1 machine action, Succeeded');
    } finally {
      await w.close();
    }
  });

  it('a response slower than the timeout: the card and the audit agree with Defender', async () => {
    const w = await World.start();
    try {
      const pending = await isolationAwaitingApproval(w);
      // The emulator holds the request 2.5 s, then creates the action; the bot gave up after 1 s.
      w.emulator.setLatency('mde.isolate', 2500);
      const answer = await approve(w, pending);
      await new Promise((r) => setTimeout(r, 3000));
      await w.app.tracker.idle();
      const created = w.botActions().filter((a) => (a.requestorComment ?? '').includes(pending.requestId));
      const request = await w.app.store.requests.get(pending.requestId);
      figure(
        'faults: action routes',
        'mde.isolate answer after the timeout',
        `${created.length} action, request ${request?.state}`,
        undefined,
        'BUG while the request is "failed"',
      );
      expect(created).toHaveLength(1);
      // Defender is isolating the device: the request must not end as failed with "try again".
      expect(requestFacts(answer.card).Error ?? '').not.toMatch(/try again/);
      expect(request?.state).not.toBe('failed');
    } finally {
      await w.close();
    }
  });
});

describe('reading the device when Isolate is clicked (mde.machine)', () => {
  it.each(ALL_FAULTS.map((f) => [f.name, f] as const))('%s: the clicker reads cause and next step; no request is created', async (_n, f) => {
    const w = await World.start();
    try {
      w.emulator.addFault({ route: 'mde.machine', fault: f.fault });
      const answer = await clickIsolate(w);
      expect(answer.kind).toBe('message');
      expect(answer.text).toMatch(f.cause);
      expect(answer.text).toMatch(f.next);
      expect(w.attempts('mde.machine')).toBe(readAttempts(f));
      expect((await w.audit()).filter((e) => e.event === 'requested')).toEqual([]);
      expect(w.botActions()).toHaveLength(0);
      figure('faults: action routes', `mde.machine ${f.name}`, w.attempts('mde.machine'), 'attempts', 'proposal refused with the cause');
    } finally {
      await w.close();
    }
  });

  it('a Defender failure is not reported as "Device not found"', async () => {
    const w = await World.start();
    try {
      w.emulator.addFault({ route: 'mde.machine', fault: FAULTS.error500.fault });
      const answer = await clickIsolate(w);
      expect(answer.text).toMatch(/failed \(500\)/);
      expect(answer.text).not.toMatch(/not found/i);
    } finally {
      await w.close();
    }
  });
});

describe('the role check (graph.checkMemberGroups) fails closed, and says why', () => {
  it.each(ALL_FAULTS.map((f) => [f.name, f] as const))("%s at the requester's click: refused, cause named, audited as denied", async (_n, f) => {
    const w = await World.start();
    try {
      w.emulator.addFault({ route: 'graph.checkMemberGroups', fault: f.fault });
      const answer = await clickIsolate(w);
      expect(answer.text).toMatch(/Not allowed/);
      expect(answer.text).toMatch(/group membership could not be read/);
      expect(answer.text).toMatch(f.cause);
      const denied = (await w.audit()).filter((e) => e.event === 'denied');
      expect(denied).toHaveLength(1);
      expect(denied[0]!.detail).toMatch(f.cause);
      expect(w.attempts('graph.checkMemberGroups')).toBe(readAttempts(f));
      expect(w.botActions()).toHaveLength(0);
      figure('faults: action routes', `graph.checkMemberGroups ${f.name}`, w.attempts('graph.checkMemberGroups'), 'attempts', 'refused (fail closed), audited');
    } finally {
      await w.close();
    }
  });

  it("at the approver's click: refused and audited, the request still waits, nothing executed", async () => {
    const w = await World.start();
    try {
      const pending = await isolationAwaitingApproval(w);
      w.emulator.addFault({ route: 'graph.checkMemberGroups', fault: FAULTS.unavailable503.fault });
      const answer = await approve(w, pending);
      expect(answer.text).toMatch(/Approving needs the approver role: your group membership could not be read .*failed \(503\)/);
      expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'denied']);
      expect((await w.app.store.requests.get(pending.requestId))?.state).toBe('awaitingApproval');
      expect(w.botActions()).toHaveLength(0);
      // Membership readable again: the same button works.
      w.emulator.resetBehaviour();
      const ok = await approve(w, pending);
      expect(requestFacts(ok.card).State).toMatch(/Pending in Defender|In progress|Succeeded/);
      expect(w.botActions()).toHaveLength(1);
    } finally {
      await w.close();
    }
  });
});

describe('listing machine actions (mde.machineactions) during the proposal and the submission', () => {
  it.each(ALL_FAULTS.map((f) => [f.name, f] as const))('%s: the action is still sent exactly once', async (_n, f) => {
    const w = await World.start();
    try {
      // The device card is read first, without the fault (a device whose isolation state is unknown has no button).
      const isolate = await isolateButton(w);
      w.emulator.addFault({ route: 'mde.machineactions', fault: f.fault });
      const pending = await isolationAwaitingApproval(w, { isolate });
      const answer = await approve(w, pending);
      expect(requestFacts(answer.card).State).toMatch(/Pending in Defender|In progress|Succeeded/);
      expect(w.botActions()).toHaveLength(1);
      expect((await w.events(pending.requestId)).slice(0, 4)).toEqual(['requested', 'confirmed', 'approved', 'submitted']);
      figure('faults: action routes', `mde.machineactions ${f.name}`, w.attempts('mde.machineactions'), 'attempts', 'action still sent once');
    } finally {
      await w.close();
    }
  });

  it('shows "Isolation: unknown" on the confirmation when the list fails', async () => {
    const w = await World.start();
    try {
      const isolate = await isolateButton(w);
      w.emulator.addFault({ route: 'mde.machineactions', fault: FAULTS.error500.fault });
      const proposal = await clickIsolate(w, USERS.alex, isolate);
      expect(requestFacts(proposal.card).Isolation).toBe('unknown');
    } finally {
      await w.close();
    }
  });
});

describe("the POST that creates an indicator (mde.indicatorCreate), at the approver's click", () => {
  // Submitting an indicator is an upsert by value at Microsoft, so the client treats it as safe to repeat.
  const attempts = (f: FaultCase) => readAttempts(f);

  it.each(ALL_FAULTS.map((f) => [f.name, f] as const))('%s: the block request fails with cause and next step, audited, no indicator', async (_n, f) => {
    const w = await World.start();
    try {
      const pending = await blockAwaitingApproval(w, 'nothing-here-reliability.com');
      w.emulator.addFault({ route: 'mde.indicatorCreate', fault: f.fault });
      const facts = requestFacts((await w.click('approve', pending.approve, { user: USERS.sam })).card);
      expect(facts.State).toBe('Failed');
      expect(facts.Error).toMatch(f.cause);
      expect(facts.Error).toMatch(f.next);
      expect(w.attempts('mde.indicatorCreate')).toBe(attempts(f));
      expect(botIndicators(w)).toHaveLength(0);
      expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'approved', 'failed']);
      figure('faults: action routes', `mde.indicatorCreate ${f.name}`, w.attempts('mde.indicatorCreate'), 'attempts', 'block failed, 0 indicators');
    } finally {
      await w.close();
    }
  });
});
