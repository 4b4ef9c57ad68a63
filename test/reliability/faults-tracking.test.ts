import { figure } from './support/figures';
import { ALL_FAULTS, FAULTS, MAX_RETRIES, type FaultCase } from './support/fault-cases';
import { approve, isolationAwaitingApproval, requestFacts } from './support/flows';
import { World } from './support/world';

/*
 * Faults while the action tracker polls the machine action (mde.machineaction). A failed poll is logged and tried
 * again later; the request and its card still reach the final state, the audit gets the status row, and each poll
 * stays within the retry bound. The worlds run side by side (the tracker waits on real timers: 2 s, then x1.5).
 */

/** Requests of a poll that fails whole: every retry of one poll for a retried fault, one otherwise. */
const perPoll = (f: FaultCase) => (f === FAULTS.throttled || f === FAULTS.unavailable503 || f === FAULTS.reset ? MAX_RETRIES + 1 : 1);

it.concurrent.each(ALL_FAULTS.map((f) => [f.name, f] as const))(
  '%s while polling: the card still reaches Succeeded, the audit has the status',
  async (_n, f) => {
    const w = await World.start();
    try {
      const pending = await isolationAwaitingApproval(w);
      // The first poll fails whole; the next one (3 s later) gets through.
      w.emulator.addFault({ route: 'mde.machineaction', fault: f.fault, times: perPoll(f) });
      const started = Date.now();
      const answer = await approve(w, pending);
      expect(requestFacts(answer.card).State).toBe('Pending in Defender');
      await w.waitForState(pending.requestId, ['succeeded'], 30_000);
      const ms = Date.now() - started;
      await w.app.tracker.idle();
      await w.connector.waitFor(() => w.connector.messages().some((m) => m.method === 'PUT' && requestFacts(m.card).State === 'Succeeded'));

      const attempts = w.attempts('mde.machineaction');
      // One failed poll (perPoll attempts), then one that succeeds.
      expect(attempts).toBe(perPoll(f) + 1);
      expect(w.logs.some((l) => l.startsWith('polling ') && f.cause.test(l))).toBe(true);
      const audit = await w.audit(pending.requestId);
      expect(audit.map((e) => e.event)).toEqual(['requested', 'confirmed', 'approved', 'submitted', 'status']);
      expect(audit[4]!.detail).toBe('Succeeded');
      expect(w.botActions()).toHaveLength(1);
      expect(w.unhandled).toEqual([]);
      figure('faults: tracking', `mde.machineaction ${f.name}`, attempts, 'attempts', `final state seen ${ms} ms after approval`);
    } finally {
      await w.close();
    }
  },
);
