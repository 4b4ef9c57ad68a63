import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AnswerView, RequestView } from '../../src/cards/view-models';
import { loadConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import type { Actor } from '../../src/core/actor';
import { ActionRequestService, type ClickAnswer, type RequestNotifier } from '../../src/core/action-requests';
import { ActionTracker } from '../../src/core/action-tracker';
import type { Mention } from '../../src/core/mention';
import { listGroupUsers } from '../../src/defender/directory';
import { RequestTokens } from '../../src/core/request-tokens';
import { RoleResolver } from '../../src/core/roles';
import { DEMO_GROUPS, DEMO_USERS } from '../../emulator/tenant';
import { openStore } from '../../src/store';
import type { ActionRequest, Store } from '../../src/store/types';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

const TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
const WS042 = '1e5bc9d7e413ddd7902c2932e418702b84d0cc07';
const CONV = 'a:soc-channel';

const alex: Actor = { platform: 'teams', userId: '29:alex', aadObjectId: DEMO_USERS.alex.objectId, tenantId: TENANT, displayName: 'Alex Analyst' };
const sam: Actor = { platform: 'teams', userId: '29:sam', aadObjectId: DEMO_USERS.sam.objectId, tenantId: TENANT, displayName: 'Sam Soc' };
const pat: Actor = { platform: 'teams', userId: '29:pat', aadObjectId: DEMO_USERS.pat.objectId, tenantId: TENANT, displayName: 'Pat Viewer' };

class RecordingNotifier implements RequestNotifier {
  posts: { request: ActionRequest; view: AnswerView }[] = [];
  updates: { request: ActionRequest; view: AnswerView }[] = [];
  announcements: { request: ActionRequest; text: string; mentions: Mention[] }[] = [];
  async announce(request: ActionRequest, text: string, mentions: Mention[]) {
    this.announcements.push({ request, text, mentions });
  }
  async post(request: ActionRequest, view: AnswerView) {
    this.posts.push({ request, view });
    return `msg-${this.posts.length}`;
  }
  async update(request: ActionRequest, view: AnswerView) {
    this.updates.push({ request, view });
  }
}

interface World {
  h: EmulatorHarness;
  store: Store;
  service: ActionRequestService;
  tracker: ActionTracker;
  notifier: RecordingNotifier;
  tokens: RequestTokens;
  config: AppConfig;
  readGroupsFails: { value: boolean };
  dir: string;
  logs: string[];
  close(): Promise<void>;
}

async function world(env: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), 'requests-')), key = randomBytes(32)): Promise<World> {
  const h = await startHarness({ timeline: { pendingMs: 150, inProgressMs: 150, outcome: 'Succeeded' } });
  const config = loadConfig({
    ...h.emulator.environment(),
    DATA_DIR: dir,
    DEFENDER_ENABLE_DEVICE_ISOLATION: 'true',
    DEFENDER_ENABLE_FILE_QUARANTINE: 'true',
    DEFENDER_ENABLE_AV_SCAN: 'true',
    DEFENDER_ENABLE_RESTRICT_EXECUTION: 'true',
    DEFENDER_ENABLE_COLLECT_PACKAGE: 'true',
    DEFENDER_ENABLE_BLOCK_INDICATOR: 'true',
    ROLE_RESPONDERS: `group:${DEMO_GROUPS.responders.id}`,
    ROLE_APPROVERS: `group:${DEMO_GROUPS.approvers.id}`,
    ...env,
  });
  const store = await openStore({ dataDir: dir });
  const readGroupsFails = { value: false };
  const roles = new RoleResolver(
    config.roles,
    async (u, g) => {
      if (readGroupsFails.value) throw new Error('Graph answered 503');
      return h.defender.graph.checkMemberGroups(u, g);
    },
    { cacheMs: 0 },
  );
  const notifier = new RecordingNotifier();
  const tokens = new RequestTokens(key);
  const tracker: { t?: ActionTracker } = {};
  const logs: string[] = [];
  const deps = {
    config,
    defender: h.defender,
    store,
    roles,
    tokens,
    notifier,
    track: (r: ActionRequest) => tracker.t?.track(r),
    groupMembers: (id: string) => listGroupUsers(h.defender.http, id),
    log: (m: string) => logs.push(m),
  };
  const service = new ActionRequestService(deps);
  tracker.t = new ActionTracker(deps, service, { firstDelayMs: 40, maxDelayMs: 100, sweepMs: 60_000 });
  await tracker.t.start();
  return {
    h,
    store,
    service,
    tracker: tracker.t,
    notifier,
    tokens,
    config,
    readGroupsFails,
    dir,
    logs,
    async close() {
      tracker.t?.stop();
      await tracker.t?.idle();
      await store.close();
      await h.close();
    },
  };
}

const ctx = (actor: Actor, conversationId = CONV) => ({ actor, conversationId, conversationRef: '{"conversation":{"id":"a:soc-channel"}}' });

function requestView(a: ClickAnswer): RequestView {
  expect(a.view.kind).toBe('request');
  return a.view as RequestView;
}

function token(v: RequestView, verb: string): string {
  const b = v.buttons.find((x) => x.verb === verb);
  if (!b) throw new Error(`no ${verb} button; buttons: ${v.buttons.map((x) => x.verb).join(', ')}`);
  return b.requestId;
}

async function waitForState(w: World, id: string, state: string, timeoutMs = 5000): Promise<ActionRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = (await w.store.requests.get(id))!;
    if (r.state === state) return r;
    if (Date.now() > deadline) throw new Error(`request ${id} is ${r.state}, not ${state}`);
    await new Promise((res) => setTimeout(res, 30));
  }
}

async function events(w: World, requestId: string): Promise<string[]> {
  return (await w.store.audit.query({ requestId })).reverse().map((e) => e.event);
}

function requestIdOf(tokenText: string): string {
  return tokenText.slice(2, tokenText.lastIndexOf('.'));
}

describe('response actions: request, confirm, approve, execute, track', () => {
  let w: World;
  afterEach(() => w.close());

  it("isolates a device after confirmation and a second person's approval, naming both in Defender, tracked to Succeeded", async () => {
    w = await world();
    const proposal = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    expect(proposal.stage).toBe('confirm');
    expect(proposal.facts.map((f) => f.title)).toEqual(expect.arrayContaining(['Device', 'OS', 'Health', 'Risk', 'Last seen', 'Isolation']));
    expect(proposal.inputs.map((i) => i.id)).toEqual(['reason', 'isolationType']);

    const confirmed = requestView(
      await w.service.click(ctx(alex), 'confirm', { requestId: token(proposal, 'confirm'), reason: 'C2 beacon to 198.51.100.77', isolationType: 'Selective' }),
    );
    expect(confirmed.stage).toBe('approval');
    expect(w.notifier.posts).toHaveLength(1);
    const approval = w.notifier.posts[0]!.view as RequestView;

    const approved = await w.service.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') });
    // The core updated the request's own message for everyone; the adapter must not update it a second time.
    expect(approved.mode).toBe('shown');
    const id = requestIdOf(token(approval, 'approve'));
    const request = (await w.store.requests.get(id))!;
    expect(request.defenderActionId).toBeTruthy();
    const action = await w.h.defender.endpoint.getMachineAction(request.defenderActionId!);
    expect(action).toMatchObject({ type: 'Isolate', scope: 'Selective' });
    expect(action.requestorComment).toContain('requested by Alex Analyst; approved by Sam Soc; reason: C2 beacon to 198.51.100.77');
    await waitForState(w, id, 'succeeded');
    await w.tracker.idle();
    // Polling backs off, so on a busy machine InProgress may pass unseen: one or two status rows, the last Succeeded.
    const rows = (await w.store.audit.query({ requestId: id })).reverse();
    expect(rows.slice(0, 4).map((e) => e.event)).toEqual(['requested', 'confirmed', 'approved', 'submitted']);
    expect(rows.slice(4).map((e) => e.event)).toEqual(rows.length === 6 ? ['status', 'status'] : ['status']);
    expect(rows[rows.length - 1]!.detail).toMatch(/Succeeded/);
    const last = w.notifier.updates[w.notifier.updates.length - 1]!.view as RequestView;
    expect(last.title).toMatch(/Succeeded$/);
  });

  it('runs an action without approval straight after confirmation (scan), and every catalogue action reaches Defender', async () => {
    w = await world({ ACTIONS_REQUIRING_APPROVAL: '' });
    const scan = requestView(await w.service.propose(ctx(alex), 'scan', { machineId: WS042 }));
    const done = requestView(
      await w.service.click(ctx(alex), 'confirm', { requestId: token(scan, 'confirm'), reason: 'check for persistence', scanType: 'Full' }),
    );
    expect(done.stage).toBe('status');
    const types: string[] = [];
    for (const [action, params] of [
      ['restrict', { machineId: 'c3b8a2f6d91e4075ab6e1f2d3c4b5a6978e0d1f2' }],
      ['collect', { machineId: 'ac996a1eff95f0b87953cae86dedada913ca72ea' }],
      ['quarantine', { machineId: WS042, sha1: 'fef6e94edc1598680407efd8d9bba59a4d8e51af' }],
      ['release', { machineId: 'd781e0bd238883977f4f0e6e6fb52106fb50197d' }],
    ] as const) {
      const p = requestView(await w.service.propose(ctx(alex), action, params));
      const r = requestView(await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: `test ${action}` }));
      expect(r.title).not.toMatch(/Failed/);
      const id = requestIdOf(token(p, 'confirm'));
      types.push((await w.h.defender.endpoint.getMachineAction((await w.store.requests.get(id))!.defenderActionId!)).type);
    }
    expect(types).toEqual(['RestrictCodeExecution', 'CollectInvestigationPackage', 'StopAndQuarantineFile', 'Unisolate']);
    const block = requestView(await w.service.propose(ctx(alex), 'block', { indicatorValue: 'evil.example.com', indicatorType: 'domain' }));
    await w.service.click(ctx(alex), 'confirm', { requestId: token(block, 'confirm'), reason: 'phishing kit host', indicatorAction: 'Warn', expiryDays: '7' });
    const indicators = await w.h.defender.endpoint.listIndicators("indicatorValue eq 'evil.example.com'");
    expect(indicators.items[0]).toMatchObject({ action: 'Warn', indicatorType: 'DomainName' });
  });

  it('refuses, and audits, whoever has no role, whoever cannot be checked, and an excluded device', async () => {
    w = await world();
    const denied = await w.service.propose(ctx(pat), 'isolate', { machineId: WS042 });
    expect(denied.view).toMatchObject({ kind: 'message', title: 'Not allowed' });
    w.readGroupsFails.value = true;
    const unreadable = await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 });
    expect(JSON.stringify(unreadable.view)).toContain('could not be read');
    w.readGroupsFails.value = false;
    const excluded = await w.service.propose(ctx(alex), 'isolate', { deviceName: 'dc-01.contoso.com' });
    expect(excluded.view).toMatchObject({ title: 'This device is excluded' });
    const audit = await w.store.audit.query({});
    expect(audit.filter((e) => e.event === 'denied').map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('do not have the responder role'),
        expect.stringContaining('could not be read'),
        expect.stringContaining('device excluded (tag:do-not-isolate)'),
      ]),
    );
    expect((await w.h.defender.endpoint.listMachineActions("machineId eq 'a5de2d8c5ce19696cc035334ec674598a0e21341' and type eq 'Isolate'")).items).toEqual([]);
  });

  it('self-approval is refused; an approval counts once; a second click changes nothing', async () => {
    w = await world();
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2', isolationType: 'Full' });
    const approval = w.notifier.posts[0]!.view as RequestView;
    const self = await w.service.click(ctx(alex), 'approve', { requestId: token(approval, 'approve') });
    expect(self.view).toMatchObject({ title: 'You cannot approve your own request' });
    const [a, b] = await Promise.all([
      w.service.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') }),
      w.service.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') }),
    ]);
    expect([a.mode, b.mode].sort()).toEqual(['shown', 'toast']);
    const again = await w.service.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') });
    expect(again.view).toMatchObject({ title: 'Already handled' });
    const actions = await w.h.defender.endpoint.listMachineActions(`machineId eq '${WS042}' and type eq 'Isolate'`);
    expect(actions.items).toHaveLength(1);
  });

  it('refuses tampered, foreign and replayed buttons, and audits them', async () => {
    w = await world();
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    const t = token(p, 'confirm');
    const tampered = await w.service.click(ctx(alex), 'confirm', { requestId: `${t.slice(0, -3)}abc`, reason: 'x y z' });
    expect(tampered.view).toMatchObject({ title: 'This button cannot be used' });
    const foreign = await w.service.click(ctx(alex, 'a:other-chat'), 'confirm', { requestId: t, reason: 'x y z' });
    expect(foreign.view).toMatchObject({ title: 'This button cannot be used' });
    const otherVerb = await w.service.click(ctx(alex), 'approve', { requestId: t });
    expect(otherVerb.view).toMatchObject({ title: 'This button cannot be used' });
    const byOther = await w.service.click(ctx(sam), 'confirm', { requestId: t, reason: 'x y z' });
    expect(byOther.view).toMatchObject({ title: 'Only the requester confirms' });
    const noReason = await w.service.click(ctx(alex), 'confirm', { requestId: t, reason: '  ' });
    expect(noReason.view).toMatchObject({ title: 'A reason is required' });
    await w.service.click(ctx(alex), 'confirm', { requestId: t, reason: 'C2 beacon' });
    const replay = await w.service.click(ctx(alex), 'confirm', { requestId: t, reason: 'C2 beacon' });
    expect(replay.view).toMatchObject({ title: 'Already handled' });
    const refused = (await w.store.audit.query({})).filter((e) => e.event === 'refused-button');
    expect(refused.length).toBeGreaterThanOrEqual(4);
  });

  it('expires an approval nobody gave', async () => {
    w = await world({ APPROVAL_EXPIRY_MINUTES: '1' });
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2' });
    const approval = w.notifier.posts[0]!.view as RequestView;
    const id = requestIdOf(token(approval, 'approve'));
    const late = new ActionRequestService({
      config: w.config,
      defender: w.h.defender,
      store: w.store,
      roles: new RoleResolver(w.config.roles, (u, g) => w.h.defender.graph.checkMemberGroups(u, g)),
      tokens: w.tokens,
      notifier: w.notifier,
      now: () => new Date(Date.now() + 5 * 60_000),
    });
    const answer = await late.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') });
    expect(answer.view).toMatchObject({ title: 'This request has expired' });
    expect((await w.store.requests.get(id))!.state).toBe('expired');
    expect(await events(w, id)).toEqual(['requested', 'confirmed', 'expired', 'refused-button']);
  });

  it('attaches to an action already pending (ActiveRequestAlreadyExists) instead of sending a second one', async () => {
    w = await world({ ACTIONS_REQUIRING_APPROVAL: '' });
    // ws-017 has an Isolate pending in the demo tenant.
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: '79762a684dfee99e578b6588319bd480c7f2d17e' }));
    expect(p.warnings.join(' ')).toMatch(/already pending/);
    await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2' });
    const id = requestIdOf(token(p, 'confirm'));
    expect(await events(w, id)).toContain('attached');
    const isolates = await w.h.defender.endpoint.listMachineActions("machineId eq '79762a684dfee99e578b6588319bd480c7f2d17e' and type eq 'Isolate'");
    expect(isolates.items).toHaveLength(1);
  });

  it('a fault inside the bot while sending shows the cause in words on the card; the raw text goes to the log only', async () => {
    w = await world({ ACTIONS_REQUIRING_APPROVAL: '' });
    jest.spyOn(w.h.defender.endpoint, 'isolate').mockRejectedValueOnce(new Error('SQLITE_IOERR at /srv/bot/data/secret-path.db'));
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    const failed = requestView(await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2' }));
    expect(failed.title).toMatch(/Failed$/);
    const error = failed.facts.find((f) => f.title === 'Error')?.value ?? '';
    expect(error).toMatch(/internal error, logged.*actions <device>/);
    expect(JSON.stringify(failed)).not.toMatch(/SQLITE|secret-path/);
    expect(w.logs.join('\n')).toMatch(/SQLITE_IOERR at \/srv\/bot\/data\/secret-path\.db/);
  });

  it('records a failure when Defender fails midway, and finds the action when the answer was lost', async () => {
    w = await world({ ACTIONS_REQUIRING_APPROVAL: '', DEFENDER_REQUEST_TIMEOUT_SECONDS: '1' });
    w.h.emulator.addFault({ route: 'mde.isolate', fault: { kind: 'status', status: 500 }, times: 1 });
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    const failed = requestView(await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2' }));
    expect(failed.title).toMatch(/Failed$/);
    expect(failed.facts.find((f) => f.title === 'Error')?.value).toMatch(/500/);

    w.h.emulator.addFault({ route: 'mde.restrictCodeExecution', fault: { kind: 'reset' }, times: 1 });
    // A reset after the request left: Defender may or may not have created the action. The executor looks for its
    // request id; finding nothing yet, it neither claims success nor says "failed, try again" (a retry could act
    // twice): the request stays "submitting" and the tracker keeps looking (then fails it, after five minutes).
    const q = requestView(await w.service.propose(ctx(alex), 'restrict', { machineId: WS042 }));
    const unclear = requestView(await w.service.click(ctx(alex), 'confirm', { requestId: token(q, 'confirm'), reason: 'contain' }));
    expect(unclear.title).toMatch(/Sending to Defender$/);
    expect(unclear.facts.find((f) => f.title === 'Error')?.value).toMatch(/did not confirm the action in time; the bot is checking/);
    expect((await w.h.defender.endpoint.listMachineActions(`machineId eq '${WS042}' and type eq 'RestrictCodeExecution'`)).items).toHaveLength(0);
  });

  it('cancels a pending action from its card', async () => {
    w = await world({ ACTIONS_REQUIRING_APPROVAL: '' });
    w.h.emulator.setTimeline({ pendingMs: 60_000, inProgressMs: 60_000 });
    const p = requestView(await w.service.propose(ctx(alex), 'collect', { machineId: WS042 }));
    const status = requestView(await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'forensics' }));
    const cancelled = requestView(await w.service.click(ctx(alex), 'cancelAction', { requestId: token(status, 'cancelAction') }));
    expect(cancelled.title).toMatch(/Cancelled$/);
    const id = requestIdOf(token(p, 'confirm'));
    expect((await w.h.defender.endpoint.getMachineAction((await w.store.requests.get(id))!.defenderActionId!)).status).toBe('Cancelled');
  });
});

describe('one shared card per request, seen by each person as they may act on it', () => {
  let w: World;
  afterEach(() => w.close());

  it('with personal views, posts the request once: everyone sees it waits, the requester fetches the pre-filled form', async () => {
    w = await world();
    const answer = await w.service.propose(
      { ...ctx(alex), personalViews: true },
      'isolate',
      { machineId: WS042 },
      { reason: 'C2 beacon', isolationType: 'Selective' },
    );
    expect(answer.posted).toBe(true);
    expect(w.notifier.posts).toHaveLength(1);
    const shared = w.notifier.posts[0]!.view as RequestView;
    expect(shared.title).toMatch(/Waiting for Alex Analyst to confirm$/);
    expect(shared.inputs).toEqual([]);
    // Only a way for the requester to open the form where the client cannot fetch it by itself.
    expect(shared.buttons.map((b) => b.verb)).toEqual(['status']);
    expect(shared.personal).toMatchObject({ userIds: ['29:alex'], button: { verb: 'status' } });
    const status = { requestId: shared.personal!.button.requestId };
    // What Alex's clients fetch: the form, with what was typed.
    const mine = requestView(await w.service.click(ctx(alex), 'status', status));
    expect(mine.inputs.find((i) => i.id === 'reason')?.value).toBe('C2 beacon');
    expect(mine.inputs.find((i) => i.id === 'isolationType')?.value).toBe('Selective');
    expect(mine.facts.map((f) => f.title)).toEqual(expect.arrayContaining(['Device', 'Isolation']));
    expect(mine.personal?.userIds).toEqual(['29:alex']);
    // What anyone else gets: the waiting card, never the form; reading changes nothing.
    const theirs = requestView(await w.service.click(ctx(sam), 'status', status));
    expect(theirs.inputs).toEqual([]);
    expect(theirs.buttons.map((b) => b.verb)).not.toContain('confirm');
    const id = requestIdOf(token(mine, 'confirm'));
    expect((await w.store.requests.get(id))!.state).toBe('awaitingConfirmation');
    // Confirming moves that same message on: the card is updated, not posted again.
    const confirmed = await w.service.click(ctx(alex), 'confirm', { requestId: token(mine, 'confirm'), reason: 'C2 beacon', isolationType: 'Selective' });
    expect(confirmed.mode).toBe('shown');
    expect(w.notifier.posts).toHaveLength(1);
    expect((w.notifier.updates[w.notifier.updates.length - 1]!.view as RequestView).stage).toBe('approval');
    expect((await w.store.requests.get(id))!.messageId).toBe('msg-1');
  });

  it('calls the approvers by mention (Entra group members, the requester left out), unless APPROVAL_MENTIONS is off', async () => {
    w = await world();
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    await w.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2 beacon' });
    expect(w.notifier.announcements).toHaveLength(1);
    const [call] = w.notifier.announcements;
    expect(call!.mentions).toEqual([{ platform: 'teams', kind: 'user', id: DEMO_USERS.sam.objectId, name: 'Sam Soc' }]);
    expect(call!.text).toMatch(/^Approval needed: Isolate device ws-042\.contoso\.com, requested by Alex Analyst/);
    await w.close();

    // The requester is an approver too: never mentioned for their own request.
    w = await world({ ROLE_APPROVERS: `aad:${DEMO_USERS.alex.objectId},group:${DEMO_GROUPS.approvers.id}` });
    const q = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    await w.service.click(ctx(alex), 'confirm', { requestId: token(q, 'confirm'), reason: 'C2 beacon' });
    expect(w.notifier.announcements[0]!.mentions.map((m) => m.id)).toEqual([DEMO_USERS.sam.objectId]);
    await w.close();

    w = await world({ APPROVAL_MENTIONS: 'false' });
    const r = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    await w.service.click(ctx(alex), 'confirm', { requestId: token(r, 'confirm'), reason: 'C2 beacon' });
    expect(w.notifier.announcements).toEqual([]);
  });

  it('shows a click in progress from the store alone, and a refused click carries the card as it stands', async () => {
    w = await world();
    const p = requestView(await w.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    const calls = w.h.emulator.calls.length;
    const interim = await w.service.interim(ctx(alex), 'confirm', { requestId: token(p, 'confirm') });
    expect(w.h.emulator.calls.length).toBe(calls);
    expect(interim?.view).toMatchObject({ kind: 'request', title: expect.stringMatching(/checking your role, then asking for approval\.\.\.$/), buttons: [] });
    expect(await w.service.interim(ctx(alex), 'confirm', { requestId: 'r:forged.AAAA' })).toBeUndefined();
    const refused = await w.service.click(ctx(sam), 'confirm', { requestId: token(p, 'confirm'), reason: 'x y' });
    expect(refused.mode).toBe('toast');
    expect(refused.current).toMatchObject({ kind: 'request', stage: 'confirm' });
  });
});

describe('a restart while an action is pending', () => {
  it('resumes tracking from the store and reaches the final state, and a pending approval still works once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restart-'));
    const key = randomBytes(32);
    const first = await world({}, dir, key);
    first.h.emulator.setTimeline({ pendingMs: 400, inProgressMs: 200 });
    const p = requestView(await first.service.propose(ctx(alex), 'isolate', { machineId: WS042 }));
    await first.service.click(ctx(alex), 'confirm', { requestId: token(p, 'confirm'), reason: 'C2' });
    const approval = first.notifier.posts[0]!.view as RequestView;
    const id = requestIdOf(token(approval, 'approve'));
    // The bot goes away with the approval pending; a new one opens the same store with the same key.
    first.tracker.stop();
    await first.store.close();
    const store = await openStore({ dataDir: dir });
    const notifier = new RecordingNotifier();
    const deps = {
      config: first.config,
      defender: first.h.defender,
      store,
      roles: new RoleResolver(first.config.roles, (u, g) => first.h.defender.graph.checkMemberGroups(u, g)),
      tokens: new RequestTokens(key),
      notifier,
    };
    const service = new ActionRequestService(deps);
    const approved = await service.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') });
    expect(approved.mode).toBe('shown');
    const twice = await service.click(ctx(sam), 'approve', { requestId: token(approval, 'approve') });
    expect(twice.view).toMatchObject({ title: 'Already handled' });
    // ... and the bot restarts again while the action is pending: tracking resumes from the store.
    const tracker = new ActionTracker(deps, service, { firstDelayMs: 40, maxDelayMs: 100 });
    await tracker.start();
    const deadline = Date.now() + 5000;
    while ((await store.requests.get(id))!.state !== 'succeeded' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));
    tracker.stop();
    await tracker.idle();
    expect((await store.requests.get(id))!.state).toBe('succeeded');
    expect((await store.audit.query({ requestId: id })).reverse().map((e) => e.event)).toEqual([
      'requested',
      'confirmed',
      'approved',
      'submitted',
      'status',
      'status',
    ]);
    expect(notifier.updates[notifier.updates.length - 1]!.view).toMatchObject({ kind: 'request', stage: 'status' });
    await store.close();
    await first.h.close();
  });
});

describe('text commands take the same path', () => {
  it('parses isolate / release / quarantine / scan / block with a reason, and refuses what it cannot parse', async () => {
    const { parseActionText } = await import('../../src/core/conversation');
    expect(parseActionText('isolate', 'ws-042 selective because C2 beacon')).toEqual({
      action: 'isolate',
      params: { deviceName: 'ws-042', isolationType: 'Selective' },
      reason: 'C2 beacon',
    });
    expect(parseActionText('unisolate', 'ws-042 because contained')).toEqual({ action: 'release', params: { deviceName: 'ws-042' }, reason: 'contained' });
    expect(parseActionText('quarantine', '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08 on ws-042 because dropper')).toEqual({
      action: 'quarantine',
      params: { sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', deviceName: 'ws-042' },
      reason: 'dropper',
    });
    expect(parseActionText('block', 'hxxps://evil[.]example[.]com/x because phishing kit')).toEqual({
      action: 'block',
      params: { indicatorValue: 'https://evil.example.com/x', indicatorType: 'url' },
      reason: 'phishing kit',
    });
    expect(parseActionText('scan', 'ws-042 full')).toEqual({ action: 'scan', params: { deviceName: 'ws-042', scanType: 'Full' }, reason: undefined });
    expect(parseActionText('quarantine', "x' or 1 eq 1 on ws-042")).toEqual({ error: expect.stringContaining('quarantine <SHA1, SHA256 or MD5> on <device>') });
    expect(parseActionText('block', 'nothing here')).toEqual({ error: expect.stringContaining('block <hash, IP, domain or URL>') });
    expect(parseActionText('isolate', '')).toEqual({ error: expect.stringContaining('isolate <device>') });
  });

  it('quarantine by SHA256 or MD5 resolves the SHA1 through Defender before asking for confirmation', async () => {
    const w = await world({ ACTIONS_REQUIRING_APPROVAL: '' });
    try {
      const bySha256 = requestView(
        await w.service.propose(ctx(alex), 'quarantine', { deviceName: 'ws-042', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }),
      );
      expect(bySha256.facts).toContainEqual({ title: 'File SHA1', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' });
      const byMd5 = requestView(await w.service.propose(ctx(alex), 'quarantine', { deviceName: 'ws-042', md5: 'd41d8cd98f00b204e9800998ecf8427e' }));
      expect(byMd5.facts).toContainEqual({ title: 'File SHA1', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' });
      const unknown = await w.service.propose(ctx(alex), 'quarantine', { deviceName: 'ws-042', sha256: 'ab'.repeat(32) });
      expect(unknown.view).toMatchObject({ title: 'File not known to Defender' });
    } finally {
      await w.close();
    }
  });
});
