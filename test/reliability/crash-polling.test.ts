import { figure } from './support/figures';
import { CrashRig } from './support/bot-process';
import { requestFacts } from './support/flows';
import { button, USERS } from './support/teams';
import { requestIdOf } from './support/world';

/*
 * The built bot as a process: an approved isolation is being followed in Defender (the emulator's timeline slowed to
 * 2.5 s Pending + 6 s InProgress), the bot is killed with SIGKILL between polls, and started again. The restarted bot
 * resumes following the stored request: the card in the conversation reaches its final state, the audit has every row
 * once, and the action was sent once.
 */

let rig: CrashRig;
beforeAll(async () => {
  rig = await CrashRig.start({ pendingMs: 2500, inProgressMs: 6000 });
});
afterAll(async () => {
  await rig.close();
});

it('kill -9 while the action is polled, restart: the card reaches Succeeded, the audit has every row once', async () => {
  const first = await rig.startBot('bot-polling');
  await rig.say(first, 'device ws-042');
  await rig.connector.waitFor(() => rig.connector.messages().some((m) => JSON.stringify(m.card ?? {}).includes('"verb":"isolate"')));
  const lookup = rig.connector.messages().find((m) => JSON.stringify(m.card ?? {}).includes('"verb":"isolate"'))!;
  const proposal = await rig.propose(first, 'isolate', button(lookup.card, 'isolate').data);
  const confirmed = await rig.click(first, 'confirm', { ...button(proposal.card, 'confirm').data, reason: 'crash test while polling' });
  const approveData = button(confirmed.card, 'approve').data;
  const requestId = requestIdOf(approveData.requestId);
  const approved = await rig.click(first, 'approve', approveData, { user: USERS.sam, replyToId: 'approval-card' });
  expect(requestFacts(approved.card).State).toBe('Pending in Defender');
  const approvedAt = Date.now();

  // The tracker polls after 2 s (Pending), then 3 s later sees InProgress and updates the card: then kill it.
  await rig.connector.waitFor(
    () => rig.connector.messages().some((m) => m.method === 'PUT' && requestFacts(m.card).State === 'In progress on the device'),
    15_000,
  );
  await first.kill9();
  const killedAt = Date.now();
  expect(rig.audit(requestId).map((e) => e.event)).toEqual(['requested', 'confirmed', 'approved', 'submitted', 'status']);

  const second = await rig.startBot('bot-polling-after-crash');
  await rig.connector.waitFor(() => rig.connector.messages().some((m) => m.method === 'PUT' && requestFacts(m.card).State === 'Succeeded'), 30_000);
  const finalAt = Date.now();
  figure('crash: while polling', 'killed after approval', killedAt - approvedAt, 'ms', 'at the InProgress update');
  figure('crash: while polling', 'restart to final card', finalAt - killedAt, 'ms', `restart took ${second.startMs} ms`);

  // The final card replaced the same message as the InProgress one.
  const puts = rig.connector.messages().filter((m) => m.method === 'PUT');
  const inProgress = puts.find((m) => requestFacts(m.card).State === 'In progress on the device')!;
  const done = puts.find((m) => requestFacts(m.card).State === 'Succeeded')!;
  expect(done.activityId).toBe(inProgress.activityId);

  const audit = rig.audit(requestId);
  expect(audit.map((e) => e.event)).toEqual(['requested', 'confirmed', 'approved', 'submitted', 'status', 'status']);
  expect(audit.slice(4).map((e) => e.detail)).toEqual(['InProgress', 'Succeeded']);
  expect(rig.machineActionsOf(requestId)).toHaveLength(1);
  figure(
    'crash: while polling',
    'audit rows of the request',
    audit.length,
    'rows',
    audit.map((e) => `${e.event}${e.event === 'status' ? ` ${e.detail}` : ''}`).join(', '),
  );
  figure('crash: while polling', 'machine actions', rig.machineActionsOf(requestId).length, 'actions');
  await second.stop();
});
