import type { AppConfig } from '../../config/schema';
import type { Defender } from '../../defender/connect';
import { detailsOf, type IncidentDetails } from '../../defender/incidents/incident-details';
import { odata } from '../../defender/queries';
import type { GraphIncident } from '../../defender/types';
import type { Leases } from '../../ports/shared-state';
import type { IncidentCard, Subscription } from '../../store/incident-types';
import type { Store } from '../../store/types';
import type { RequestNotifier } from '../action-requests';
import type { ButtonRegistry } from '../button-registry';
import { ConversationGoneError, MessageGoneError } from '../conversation-gone';
import { matchesFilters } from './incident-filters';
import { incidentCardFor } from './incident-view';

export interface IncidentPollerDeps {
  config: AppConfig;
  defender: Defender;
  store: Store;
  leases: Leases;
  notifier: RequestNotifier;
  buttons: ButtonRegistry;
  log?: (message: string, level?: 'info' | 'warn') => void;
  now?: () => Date;
}

export interface IncidentPollerOptions {
  /** Between polls: INCIDENT_POLL_SECONDS. */
  intervalMs?: number;
  /** How far before the watermark each poll reads again: a change stamped late, or a clock apart, is not missed. */
  overlapMs?: number;
  /** A claim to post that old without a message is a crashed post, taken again. */
  staleClaimMs?: number;
  /** Pages of 50 incidents per poll at most. */
  maxPages?: number;
}

export interface PollReport {
  /** This replica holds the lease and polled. */
  polled: boolean;
  /** Incidents Graph returned in the window. */
  incidents: number;
  posted: number;
  updated: number;
  /** Conversations found gone (the bot was removed): their subscriptions were stopped. */
  gone: number;
  /** Posts or updates that failed and will be tried again at the next poll. */
  retrying: number;
}

const at = (iso: string) => Date.parse(iso);
/** A card that fails this many polls in a row no longer holds the watermark (a permanent refusal must not stop the rest). */
const MAX_ATTEMPTS = 5;

/**
 * Brings incidents to subscribed conversations. One replica polls at a time (a lease per tenant); each poll is one
 * Graph list of incidents changed since the stored watermark (minus an overlap), whatever the number of subscriptions
 * (Graph's incident list has no $orderby: learn.microsoft.com/graph/api/security-list-incidents). A new matching
 * incident gets one card per conversation, claimed in the store before it is posted, so a restart, a crash or a second
 * replica never posts it twice; a later change updates every card of the incident. The watermark moves only past
 * incidents whose cards are all in place, so nothing is missed.
 */
export class IncidentPoller {
  private token?: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<PollReport>;
  private readonly intervalMs: number;
  private readonly overlapMs: number;
  private readonly staleClaimMs: number;
  private readonly maxPages: number;
  private readonly now: () => Date;
  /** Failed posts and updates per card (incident|conversation), in this process: after MAX_ATTEMPTS the watermark moves on. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly deps: IncidentPollerDeps,
    options: IncidentPollerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? deps.config.incidents.pollSeconds * 1000;
    this.overlapMs = options.overlapMs ?? 5 * 60_000;
    this.staleClaimMs = options.staleClaimMs ?? 60_000;
    this.maxPages = options.maxPages ?? 20;
    this.now = deps.now ?? (() => new Date());
  }

  private get key(): string {
    return `incident-poller:${this.deps.defender.tenantId}`;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (!this.running)
        this.running = this.pollOnce()
          .catch((err: unknown) => {
            this.deps.log?.(`incident poll failed: ${err instanceof Error ? err.message : String(err)}`, 'warn');
            return undefined as unknown as PollReport;
          })
          .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    if (this.token) await this.deps.leases.release(this.key, this.token).catch(() => undefined);
    this.token = undefined;
  }

  /** Holds the lease (renewed each poll; taken over when its holder stopped renewing it). */
  private async lead(): Promise<boolean> {
    const ttl = Math.max(3 * this.intervalMs, 60_000);
    if (this.token && (await this.deps.leases.renew(this.key, this.token, ttl))) return true;
    this.token = await this.deps.leases.acquire(this.key, ttl);
    return this.token !== undefined;
  }

  async pollOnce(): Promise<PollReport> {
    const report: PollReport = { polled: false, incidents: 0, posted: 0, updated: 0, gone: 0, retrying: 0 };
    if (!(await this.lead())) return report;
    const { store, defender } = this.deps;
    // The store is this tenant's view (tenantStore): its subscriptions, cards and watermark only.
    const subscriptions = await store.incidents.listSubscriptions(undefined);
    if (subscriptions.length === 0) return report;
    report.polled = true;
    const watermarkKey = `incidents:${defender.tenantId}`;
    const watermark = await store.incidents.getWatermark(watermarkKey);
    // Nothing before the oldest subscription matters, however old the watermark (subscriptions may have paused for weeks).
    const oldest = subscriptions.map((s) => at(s.createdAt)).reduce((a, b) => Math.min(a, b));
    const start = Math.max(watermark ? at(watermark) : oldest, oldest);
    const { incidents: listed, until } = await this.changedBetween(start, this.now().getTime());
    const incidents = [...listed].sort((a, b) => at(a.lastUpdateDateTime) - at(b.lastUpdateDateTime));
    report.incidents = incidents.length;
    let hold: number | undefined;
    for (const incident of incidents) {
      const done = await this.deliver(incident, subscriptions, report);
      if (!done) hold = Math.min(hold ?? Infinity, at(incident.lastUpdateDateTime));
    }
    // Past the window read whole, short of anything still to deliver; never backwards.
    const next = hold !== undefined ? Math.min(hold - 1, until) : until;
    if (!watermark || next > at(watermark)) await store.incidents.setWatermark(watermarkKey, new Date(next).toISOString());
    return report;
  }

  /**
   * The incidents changed since `start` (and in the overlap before it), up to `end`, read whole. Graph's list has no
   * $orderby, so a window with more than maxPages pages is narrowed: first the overlap is dropped, then the window is
   * halved from `start` until it fits (the rest is read at the next poll). Returns where the read window ended.
   */
  private async changedBetween(start: number, end: number): Promise<{ incidents: GraphIncident[]; until: number }> {
    let from = start - this.overlapMs;
    for (;;) {
      // OData datetimes are written to the second: the upper bound is rounded up; the next poll reads again from `end`.
      const filter = odata.and(odata.ge('lastUpdateDateTime', new Date(from)), odata.lt('lastUpdateDateTime', new Date(Math.ceil(end / 1000) * 1000)));
      const listed = await this.deps.defender.graph.listIncidents({ filter, expandAlerts: true, maxPages: this.maxPages });
      if (!listed.truncated) return { incidents: listed.items, until: end };
      if (from < start) from = start;
      else if (end - start >= 2000) end = start + Math.floor((end - start) / 2);
      else {
        this.deps.log?.(`incident poll: more than ${this.maxPages} pages of incidents changed within two seconds; some are left out`, 'warn');
        return { incidents: listed.items, until: end };
      }
    }
  }

  /** Posts or updates the incident's cards; false when one must be tried again. */
  private async deliver(incident: GraphIncident, subscriptions: Subscription[], report: PollReport): Promise<boolean> {
    const { store } = this.deps;
    const changedAt = at(incident.lastUpdateDateTime);
    const cards = new Map((await store.incidents.cardsOf(incident.id)).map((c) => [c.conversationId, c] as const));
    const wanted = new Set(
      subscriptions
        .filter((s) => at(s.createdAt) <= changedAt && matchesFilters(incident, s.filters) && !cards.get(s.conversationId)?.messageId)
        .map((s) => s.conversationId),
    );
    const stale = [...cards.values()].filter((c) => c.messageId && at(c.shownUpdate) < changedAt);
    if (wanted.size === 0 && stale.length === 0) return [...cards.values()].every((c) => c.messageId || !this.pendingClaim(c));
    let details: IncidentDetails | undefined;
    const read = async () => (details ??= await detailsOf(this.deps.defender, incident));
    let complete = true;
    for (const conversationId of wanted) {
      const outcome = await this.post(conversationId, incident, read);
      if (outcome === 'posted') report.posted++;
      else if (outcome === 'gone') report.gone++;
      else if (outcome === 'retry') {
        report.retrying++;
        if (!this.givenUp(incident.id, conversationId)) complete = false;
      } else if (outcome === 'claimedElsewhere') complete = false;
    }
    for (const card of stale) {
      const outcome = await this.update(card, read);
      if (outcome === 'updated') report.updated++;
      else if (outcome === 'gone') report.gone++;
      else if (outcome === 'deleted') {
        // Posted again at this poll when the conversation still wants it.
        const again =
          wanted.has(card.conversationId) || subscriptions.some((s) => s.conversationId === card.conversationId && matchesFilters(incident, s.filters));
        if (again && (await this.post(card.conversationId, incident, read)) === 'posted') report.posted++;
      } else {
        report.retrying++;
        if (!this.givenUp(incident.id, card.conversationId)) complete = false;
      }
    }
    return complete;
  }

  /** Counts a failure; true once the card has failed MAX_ATTEMPTS polls (logged once), so it stops holding the watermark. */
  private givenUp(incidentId: string, conversationId: string): boolean {
    const key = `${incidentId}|${conversationId}`;
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    if (n === MAX_ATTEMPTS)
      this.deps.log?.(`incident ${incidentId}: its card in ${conversationId} failed ${n} polls in a row; no longer waiting for it`, 'warn');
    if (this.attempts.size > 10_000) this.attempts.delete(this.attempts.keys().next().value!);
    return n >= MAX_ATTEMPTS;
  }

  private pendingClaim(card: IncidentCard): boolean {
    return !card.messageId && at(card.claimedAt) >= this.now().getTime() - this.staleClaimMs;
  }

  private view(conversationId: string, details: IncidentDetails) {
    return incidentCardFor({ ...this.deps, demo: this.deps.defender.demo }, conversationId, details);
  }

  private async post(
    conversationId: string,
    incident: GraphIncident,
    read: () => Promise<IncidentDetails>,
  ): Promise<'posted' | 'gone' | 'retry' | 'claimedElsewhere' | 'skipped'> {
    const { store, notifier, buttons, log } = this.deps;
    const conversation = await store.incidents.getConversation(conversationId);
    if (!conversation || conversation.removedAt) return 'skipped';
    const now = this.now();
    const claimed = await store.incidents.claimCard(
      {
        incidentId: incident.id,
        conversationId,
        shownUpdate: incident.lastUpdateDateTime,
        origin: 'subscription',
        claimedAt: now.toISOString(),
      },
      new Date(now.getTime() - this.staleClaimMs).toISOString(),
    );
    if (!claimed) return 'claimedElsewhere';
    try {
      const view = this.view(conversationId, await read());
      await buttons.flush();
      const messageId = await notifier.post({ conversationRef: conversation.ref }, view);
      await store.incidents.saveCard({
        incidentId: incident.id,
        conversationId,
        messageId: messageId ?? 'unknown',
        shownUpdate: incident.lastUpdateDateTime,
        origin: 'subscription',
        claimedAt: now.toISOString(),
      });
      return 'posted';
    } catch (err) {
      if (err instanceof ConversationGoneError) return this.gone(conversationId, err);
      log?.(
        `incident ${incident.id}: posting its card in ${conversationId} failed, retried at the next poll: ${err instanceof Error ? err.message : String(err)}`,
        'warn',
      );
      return 'retry';
    }
  }

  private async update(card: IncidentCard, read: () => Promise<IncidentDetails>): Promise<'updated' | 'gone' | 'deleted' | 'retry'> {
    const { store, notifier, buttons, log } = this.deps;
    const conversation = await store.incidents.getConversation(card.conversationId);
    if (!conversation || conversation.removedAt) return 'updated';
    try {
      const details = await read();
      const view = this.view(card.conversationId, details);
      await buttons.flush();
      await notifier.update({ conversationRef: conversation.ref, messageId: card.messageId }, view);
      await store.incidents.saveCard({ ...card, shownUpdate: details.incident.lastUpdateDateTime });
      return 'updated';
    } catch (err) {
      if (err instanceof ConversationGoneError) return this.gone(card.conversationId, err);
      if (err instanceof MessageGoneError) {
        // Someone deleted the card: the record becomes a lapsed claim, so a subscribed conversation gets a new one.
        await store.incidents.saveCard({ ...card, messageId: undefined, claimedAt: new Date(0).toISOString() });
        log?.(`incident ${card.incidentId}: its card in ${card.conversationId} was deleted (${err.reason})`, 'info');
        return 'deleted';
      }
      log?.(
        `incident ${card.incidentId}: updating its card in ${card.conversationId} failed, retried at the next poll: ${err instanceof Error ? err.message : String(err)}`,
        'warn',
      );
      return 'retry';
    }
  }

  /** The bot was removed: its subscriptions there stop, said once in the log (not an error at every poll). */
  private async gone(conversationId: string, err: ConversationGoneError): Promise<'gone'> {
    const stopped = await this.deps.store.incidents.markConversationRemoved(conversationId, err.reason, this.now().toISOString());
    this.deps.log?.(`conversation ${conversationId}: ${err.message}; stopped its ${stopped} incident subscription(s)`, 'warn');
    return 'gone';
  }
}
