import { figure } from './support/figures';
import { CrashRig } from './support/bot-process';
import { requestFacts } from './support/flows';
import { button, USERS } from './support/teams';
import { requestIdOf } from './support/world';

/*
 * The built bot as a process (demo data from an emulator in this process, SQLite in a temp DATA_DIR): a request waits
 * for approval, the bot is killed with SIGKILL, started again, and the approval is clicked on the card posted before
 * the crash. Exactly one machine action; the card reaches its final state; the audit has every step once.
 */

let rig: CrashRig;
beforeAll(async () => {
  rig = await CrashRig.start({ pendingMs: 300, inProgressMs: 300 });
});
afterAll(async () => {
  await rig.close();
});

it('kill -9 while an approval is pending, restart, approve: exactly one machine action, tracked to Succeeded, audit complete', async () => {
  const first = await rig.startBot('bot-before-crash');
  figure('crash: approval pending', 'bot start (spawn to listening)', first.startMs, 'ms');

  await rig.say(first, 'device ws-042');
  await rig.connector.waitFor(() => rig.connector.messages().some((m) => JSON.stringify(m.card ?? {}).includes('"verb":"isolate"')));
  const lookup = rig.connector.messages().find((m) => JSON.stringify(m.card ?? {}).includes('"verb":"isolate"'))!;
  const proposal = await rig.propose(first, 'isolate', button(lookup.card, 'isolate').data);
  const confirmed = await rig.click(first, 'confirm', { ...button(proposal.card, 'confirm').data, reason: 'crash test: C2 beacon', isolationType: 'Full' });
  expect(confirmed.kind).toBe('card');
  const approveData = button(confirmed.card, 'approve').data;
  const requestId = requestIdOf(approveData.requestId);
  // The approval card was posted to the conversation for the approvers.
  await rig.connector.waitFor(() => rig.connector.messages().some((m) => m.method === 'POST' && /Approval needed/.test(JSON.stringify(m.card ?? {}))));

  await first.kill9();
  expect(first.proc.hasExited()).toBe(true);
  expect(rig.machineActionsOf(requestId)).toHaveLength(0);

  const second = await rig.startBot('bot-after-crash');
  figure('crash: approval pending', 'bot restart after kill -9 (spawn to listening)', second.startMs, 'ms');
  const started = Date.now();
  // Sam clicks Approve on the card posted before the crash, twice at once (a double click, or Teams retrying).
  const [a, b] = await Promise.all([
    rig.click(second, 'approve', approveData, { user: USERS.sam }),
    rig.click(second, 'approve', approveData, { user: USERS.sam }),
  ]);
  const cards = [a, b].filter((x) => x.kind === 'card');
  expect(cards).toHaveLength(1);
  expect([a, b].find((x) => x.kind === 'message')?.text).toMatch(/Already handled/);
  expect(requestFacts(cards[0]!.card).State).toMatch(/Pending in Defender|In progress|Succeeded/);

  await rig.connector.waitFor(() => rig.connector.messages().some((m) => m.method === 'PUT' && requestFacts(m.card).State === 'Succeeded'), 20_000);
  figure('crash: approval pending', 'approval after restart to final card', Date.now() - started, 'ms');

  const actions = rig.machineActionsOf(requestId);
  expect(actions).toHaveLength(1);
  expect(actions[0]!.requestorComment).toContain('approved by Sam Soc; reason: crash test: C2 beacon');
  const events = rig.audit(requestId).map((e) => e.event);
  expect(events.slice(0, 4)).toEqual(['requested', 'confirmed', 'approved', 'submitted']);
  expect(events.filter((e) => e === 'submitted' || e === 'approved')).toHaveLength(2);
  expect(events[events.length - 1]).toBe('status');
  expect(rig.audit(requestId).pop()?.detail).toBe('Succeeded');
  figure('crash: approval pending', 'machine actions after crash + restart + double approve', actions.length, 'actions');
  figure('crash: approval pending', 'audit rows of the request', events.length, 'rows', events.join(', '));
  await second.stop();
});
