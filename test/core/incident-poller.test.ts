import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerView, IncidentView } from '../../src/cards/view-models';
import type { PostTarget, RequestNotifier } from '../../src/core/action-requests';
import { ButtonRegistry } from '../../src/core/button-registry';
import { ConversationGoneError, MessageGoneError } from '../../src/core/conversation-gone';
import { IncidentPoller } from '../../src/core/incidents/incident-poller';
import { MemoryLeases } from '../../src/net/memory-leases';
import type { IncidentFilters } from '../../src/store/incident-types';
import { openStore } from '../../src/store';
import type { Store } from '../../src/store/types';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';

interface Post {
  kind: 'post' | 'update';
  conversation: string;
  messageId?: string;
  view: IncidentView;
}

/** Records what the poller posts, per conversation; a conversation can be made to refuse (gone, or failing once). */
class RecordingNotifier implements RequestNotifier {
  readonly posts: Post[] = [];
  readonly gone = new Set<string>();
  readonly failOnce = new Set<string>();
  /** Messages someone deleted: updating them fails as the platform says. */
  readonly deleted = new Set<string>();
  private n = 0;

  private conversation(target: PostTarget): string {
    return (JSON.parse(target.conversationRef ?? '{}') as { id: string }).id;
  }

  async post(target: PostTarget, view: AnswerView): Promise<string | undefined> {
    const conversation = this.conversation(target);
    this.refuse(conversation);
    const messageId = `${conversation}#${++this.n}`;
    this.posts.push({ kind: 'post', conversation, messageId, view: view as IncidentView });
    return messageId;
  }

  async update(target: PostTarget, view: AnswerView): Promise<void> {
    const conversation = this.conversation(target);
    this.refuse(conversation);
    if (target.messageId && this.deleted.has(target.messageId)) throw new MessageGoneError('Slack answered message_not_found');
    this.posts.push({ kind: 'update', conversation, messageId: target.messageId, view: view as IncidentView });
  }

  private refuse(conversation: string): void {
    if (this.gone.has(conversation)) throw new ConversationGoneError('Teams answered BotNotInConversationRoster');
    if (this.failOnce.delete(conversation)) throw new Error('connector timed out');
  }

  of(conversation: string): Post[] {
    return this.posts.filter((p) => p.conversation === conversation);
  }
}

let h: EmulatorHarness;
let store: Store;
let dir: string;
const logs: string[] = [];

function poller(notifier: RequestNotifier, leases = new MemoryLeases(), overlapMs?: number, maxPages?: number): IncidentPoller {
  return new IncidentPoller(
    {
      config: h.config,
      defender: h.defender,
      store,
      leases,
      notifier,
      buttons: new ButtonRegistry(),
      log: (m) => logs.push(m),
      now: h.clock.now,
    },
    { intervalMs: 60_000, overlapMs, maxPages },
  );
}

async function subscribe(conversationId: string, filters: IncidentFilters = {}): Promise<void> {
  const now = h.clock.now();
  await store.incidents.saveConversation({ conversationId, platform: 'teams', ref: JSON.stringify({ id: conversationId }), updatedAt: now.toISOString() });
  await store.incidents.addSubscription({
    id: randomUUID(),
    conversationId,
    platform: 'teams',
    filters,
    createdBy: 'test',
    createdAt: new Date(now.getTime() - 1000).toISOString(),
  });
}

beforeEach(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'incident-poller-'));
  store = await openStore({ dataDir: dir });
  logs.length = 0;
});

afterEach(async () => {
  await store.close();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('incident poller', () => {
  it('posts a new matching incident once; a later change updates that same card, not a new message', async () => {
    await subscribe('soc');
    const notifier = new RecordingNotifier();
    const p = poller(notifier);
    const raised = h.emulator.raiseIncident({ severity: 'high', title: 'Ransomware on ws-042' });
    await p.pollOnce();
    expect(notifier.of('soc')).toHaveLength(1);
    expect(notifier.of('soc')[0]).toMatchObject({ kind: 'post', view: { kind: 'incident', id: raised.id } });
    await p.pollOnce();
    expect(notifier.of('soc')).toHaveLength(1);
    h.clock.advance(1000);
    h.emulator.changeIncident(raised.id, { status: 'inProgress', assignedTo: 'alex@contoso.com' });
    await p.pollOnce();
    const [posted, updated] = notifier.of('soc');
    expect(updated).toMatchObject({ kind: 'update', messageId: posted!.messageId });
    expect(updated!.view.headline).toContain('alex@contoso.com');
    await p.pollOnce();
    expect(notifier.of('soc')).toHaveLength(2);
  });

  it('costs one Graph list per poll, for 1 subscription as for 50', async () => {
    const notifier = new RecordingNotifier();
    const p = poller(notifier);
    await subscribe('c0');
    h.emulator.raiseIncident();
    const before1 = h.emulator.callsTo('graph.incidents');
    await p.pollOnce();
    const one = h.emulator.callsTo('graph.incidents') - before1;
    for (let i = 1; i < 50; i++) await subscribe(`c${i}`);
    h.clock.advance(1000);
    h.emulator.raiseIncident();
    const before50 = h.emulator.callsTo('graph.incidents');
    await p.pollOnce();
    expect(one).toBe(1);
    expect(h.emulator.callsTo('graph.incidents') - before50).toBe(1);
  });

  it('after a restart nothing is posted twice and what changed while it was down is posted', async () => {
    await subscribe('soc');
    const first = new RecordingNotifier();
    const before = poller(first);
    const a = h.emulator.raiseIncident();
    await before.pollOnce();
    await before.stop();
    h.clock.advance(5000);
    const b = h.emulator.raiseIncident();
    const second = new RecordingNotifier();
    await poller(second).pollOnce();
    expect(first.of('soc').map((x) => x.view.id)).toEqual([a.id]);
    expect(second.of('soc').map((x) => [x.kind, x.view.id])).toEqual([['post', b.id]]);
  });

  it('a crash between claiming and posting: the stale claim is taken again and the card posted once', async () => {
    await subscribe('soc');
    const incident = h.emulator.raiseIncident();
    // A replica claimed it and died before posting.
    await store.incidents.claimCard(
      {
        incidentId: incident.id,
        conversationId: 'soc',
        shownUpdate: incident.lastUpdateDateTime,
        origin: 'subscription',
        claimedAt: h.clock.now().toISOString(),
      },
      new Date(0).toISOString(),
    );
    const notifier = new RecordingNotifier();
    const p = poller(notifier);
    await p.pollOnce();
    expect(notifier.of('soc')).toHaveLength(0);
    h.clock.advance(61_000);
    await p.pollOnce();
    expect(notifier.of('soc').map((x) => x.view.id)).toEqual([incident.id]);
    await p.pollOnce();
    expect(notifier.of('soc')).toHaveLength(1);
  });

  it('two replicas: one polls (the lease), one card', async () => {
    await subscribe('soc');
    const leases = new MemoryLeases(() => h.clock.now().getTime());
    const n1 = new RecordingNotifier();
    const n2 = new RecordingNotifier();
    const r1 = poller(n1, leases);
    const r2 = poller(n2, leases);
    h.emulator.raiseIncident();
    const [a, b] = await Promise.all([r1.pollOnce(), r2.pollOnce()]);
    expect([a.polled, b.polled].filter(Boolean)).toHaveLength(1);
    expect(n1.posts.length + n2.posts.length).toBe(1);
    // The leader stops renewing (crash): after the lease lapses the other takes over.
    h.clock.advance(181_000);
    h.emulator.raiseIncident();
    const again = await r2.pollOnce();
    expect(again.polled).toBe(true);
    expect(n1.posts.length + n2.posts.length).toBe(2);
  });

  it('a conversation the bot was removed from stops its subscriptions, said once in the log', async () => {
    await subscribe('gone');
    await subscribe('soc');
    const notifier = new RecordingNotifier();
    notifier.gone.add('gone');
    const p = poller(notifier);
    h.emulator.raiseIncident();
    const report = await p.pollOnce();
    expect(report.gone).toBe(1);
    expect(await store.incidents.listSubscriptions('gone')).toEqual([]);
    expect(notifier.of('soc')).toHaveLength(1);
    h.clock.advance(1000);
    h.emulator.raiseIncident();
    await p.pollOnce();
    expect(logs.filter((l) => l.includes('stopped its'))).toHaveLength(1);
  });

  it('a failed post is retried at the next poll, and the watermark waits for it', async () => {
    await subscribe('soc');
    const notifier = new RecordingNotifier();
    notifier.failOnce.add('soc');
    // No overlap: only the held watermark brings the failed incident back once a newer one was delivered.
    const p = poller(notifier, new MemoryLeases(), 0);
    const failed = h.emulator.raiseIncident();
    h.clock.advance(5000);
    const delivered = h.emulator.raiseIncident();
    const first = await p.pollOnce();
    expect(first.retrying).toBe(1);
    expect(notifier.of('soc').map((x) => x.view.id)).toEqual([delivered.id]);
    h.clock.advance(61_000);
    await p.pollOnce();
    expect(notifier.of('soc').map((x) => x.view.id)).toEqual([delivered.id, failed.id]);
  });

  it('a deleted card is posted again at the next change, and does not hold the watermark', async () => {
    await subscribe('soc');
    const notifier = new RecordingNotifier();
    const p = poller(notifier);
    const incident = h.emulator.raiseIncident();
    await p.pollOnce();
    notifier.deleted.add(notifier.of('soc')[0]!.messageId!);
    h.clock.advance(1000);
    h.emulator.changeIncident(incident.id, { status: 'inProgress' });
    const report = await p.pollOnce();
    expect(report.retrying).toBe(0);
    expect(notifier.of('soc').map((x) => x.kind)).toEqual(['post', 'post']);
    expect(await store.incidents.getCard(incident.id, 'soc')).toMatchObject({ messageId: notifier.of('soc')[1]!.messageId });
  });

  it('a backlog larger than the page cap is read in halved windows: every incident posted once, none missed', async () => {
    await subscribe('soc');
    const notifier = new RecordingNotifier();
    // One page of 50 per read: 120 changed incidents cannot be read in one window.
    const p = poller(notifier, new MemoryLeases(), undefined, 1);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      ids.push(h.emulator.raiseIncident().id);
      h.clock.advance(7000);
    }
    for (let i = 0; i < 10 && notifier.of('soc').length < ids.length; i++) {
      await p.pollOnce();
      h.clock.advance(60_000);
    }
    const posted = notifier.of('soc').map((x) => x.view.id);
    expect(new Set(posted).size).toBe(posted.length);
    expect([...posted].sort()).toEqual([...ids].sort());
  });

  it('posts only what the filters allow: severity, tag, assigned', async () => {
    await subscribe('high-only', { minSeverity: 'high' });
    await subscribe('vip', { tag: 'VIP' });
    await subscribe('unassigned', { assigned: false });
    const notifier = new RecordingNotifier();
    const p = poller(notifier);
    const low = h.emulator.raiseIncident({ severity: 'low', tags: ['vip'] });
    const high = h.emulator.raiseIncident({ severity: 'high' });
    await p.pollOnce();
    expect(notifier.of('high-only').map((x) => x.view.id)).toEqual([high.id]);
    expect(notifier.of('vip').map((x) => x.view.id)).toEqual([low.id]);
    expect(
      notifier
        .of('unassigned')
        .map((x) => x.view.id)
        .sort(),
    ).toEqual([low.id, high.id].sort());
  });

  it('reads no incidents while nobody subscribed', async () => {
    const before = h.emulator.callsTo('graph.incidents');
    const report = await poller(new RecordingNotifier()).pollOnce();
    expect(report.polled).toBe(false);
    expect(h.emulator.callsTo('graph.incidents')).toBe(before);
  });
});
