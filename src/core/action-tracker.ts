import type { Leases } from '../ports/shared-state';
import type { ActionRequest } from '../store/types';
import { attachAction, findExisting, stateOfAction } from './action-executor';
import type { ActionRequestDeps, ActionRequestService } from './action-requests';

export interface TrackerOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
  sweepMs?: number;
  log?: (message: string, level?: 'info' | 'warn') => void;
  /** With several replicas: whoever holds a request's lease polls it; the others check back at each sweep. */
  leases?: Leases;
}

/**
 * Follows every submitted request until Defender reports a final state (machineactions/{id}, with backoff), updating
 * the card for everyone and writing each status change to the audit; expires requests nobody confirmed or approved.
 * Requests are stored, so after a restart `start()` resumes every one still moving.
 */
export class ActionTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweeper?: NodeJS.Timeout;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Requests this process follows (a timer set or a poll running). */
  private readonly followed = new Set<string>();
  /** Lease tokens held, by request id. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly deps: ActionRequestDeps,
    private readonly service: ActionRequestService,
    private readonly options: TrackerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const r of await this.deps.store.requests.listActive()) this.track(r, 0);
    this.sweeper = setInterval(() => void this.run(() => this.sweep()), this.options.sweepMs ?? 30_000);
    this.sweeper.unref();
  }

  /** Begins following a request (already-followed ones are left alone). */
  track(request: ActionRequest, delayMs = this.options.firstDelayMs ?? 2000): void {
    if (this.stopped || this.followed.has(request.id)) return;
    this.followed.add(request.id);
    this.schedule(request.id, delayMs);
  }

  private schedule(id: string, delayMs: number): void {
    if (this.stopped) return void this.followed.delete(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.run(async () => {
        let again: number | undefined;
        try {
          again = await this.poll(id, delayMs);
        } catch (err) {
          // The store or the lease service failed for a moment: keep following, try again later.
          this.options.log?.(`following request ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
          again = Math.max(delayMs, this.options.firstDelayMs ?? 2000);
        }
        if (again === undefined) {
          this.followed.delete(id);
          await this.disown(id);
        } else this.schedule(id, again);
      });
    }, delayMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  /** True when this replica may poll the request (it holds or just took the lease). */
  private async own(id: string, ttlMs: number): Promise<boolean> {
    const leases = this.options.leases;
    if (!leases) return true;
    const key = `poll:${id}`;
    const token = this.held.get(id);
    if (token && (await leases.renew(key, token, ttlMs))) return true;
    const fresh = await leases.acquire(key, ttlMs);
    if (fresh) {
      this.held.set(id, fresh);
      this.options.log?.(`following request ${id}`, 'info');
      return true;
    }
    this.held.delete(id);
    return false;
  }

  private async disown(id: string): Promise<void> {
    const token = this.held.get(id);
    if (!token) return;
    this.held.delete(id);
    await this.options.leases?.release(`poll:${id}`, token).catch(() => undefined);
  }

  private async run(work: () => Promise<void>): Promise<void> {
    const p = work().catch((err: unknown) => this.options.log?.(`tracking failed: ${err instanceof Error ? err.message : String(err)}`));
    this.inFlight.add(p);
    await p;
    this.inFlight.delete(p);
  }

  /** Polls once; returns when to poll again, or undefined when the request needs no more following here. */
  private async poll(id: string, lastDelay: number): Promise<number | undefined> {
    const request = await this.deps.store.requests.get(id);
    if (!request || !['pending', 'inProgress', 'submitting'].includes(request.state)) return undefined;
    const next = Math.min(Math.max(lastDelay, this.options.firstDelayMs ?? 2000) * 1.5, this.options.maxDelayMs ?? 60_000);
    // Another replica polls it; check back every few seconds, to take over soon after that replica stops.
    if (!(await this.own(id, next + 30_000))) return Math.min(this.options.sweepMs ?? 30_000, 5_000);
    if (request.state === 'submitting') return this.reconcile(request, next);
    if (!request.defenderActionId || request.defenderActionId.startsWith('indicator:')) return undefined;
    let status;
    try {
      status = (await this.deps.defender.endpoint.getMachineAction(request.defenderActionId)).status;
    } catch (err) {
      this.options.log?.(`polling ${request.defenderActionId}: ${err instanceof Error ? err.message : String(err)}`);
      return next;
    }
    const state = stateOfAction(status);
    if (state !== request.state) {
      const moved = await this.deps.store.requests.transition(id, [request.state], { state }, request.version);
      if (moved) {
        await this.deps.store.audit.append({
          at: new Date().toISOString(),
          event: 'status',
          requestId: id,
          actor: 'Defender',
          action: request.action,
          target: request.target,
          defenderActionId: request.defenderActionId,
          conversationId: request.conversationId,
          detail: status,
        });
        await this.showCard(moved);
        return state === 'pending' || state === 'inProgress' ? next : undefined;
      }
    }
    return state === 'pending' || state === 'inProgress' ? next : undefined;
  }

  /**
   * A request left "submitting" (Defender's answer was unclear, or the bot stopped while sending): look for the action
   * carrying its id; give up, saying what to check, after five minutes.
   */
  private async reconcile(request: ActionRequest, next: number): Promise<number | undefined> {
    const found = await findExisting(this.deps, request, request.id).catch(() => undefined);
    if (found) {
      const moved = await attachAction(this.deps, request, found, 'found');
      if (!moved) return next;
      await this.showCard(moved);
      return moved.state === 'pending' || moved.state === 'inProgress' ? next : undefined;
    }
    if (Date.now() - Date.parse(request.updatedAt) <= 5 * 60_000) return next;
    const failed = await this.deps.store.requests.transition(request.id, ['submitting'], {
      state: 'failed',
      lastError:
        "Defender never confirmed this action and no action carrying this request id appeared; check the device's action history in Defender before trying again.",
    });
    if (failed) {
      await this.deps.store.audit.append({
        at: new Date().toISOString(),
        event: 'failed',
        requestId: request.id,
        actor: 'system',
        action: request.action,
        target: request.target,
        conversationId: request.conversationId,
        detail: 'not confirmed by Defender within 5 minutes',
      });
      await this.showCard(failed);
    }
    return undefined;
  }

  private async sweep(): Promise<void> {
    // Requests another replica followed before it stopped are picked up here.
    if (this.options.leases) for (const r of await this.deps.store.requests.listActive()) this.track(r, 0);
    for (const r of await this.deps.store.requests.listExpired(new Date())) {
      const moved = await this.deps.store.requests.transition(r.id, ['awaitingConfirmation', 'awaitingApproval'], { state: 'expired' });
      if (!moved) continue;
      await this.deps.store.audit.append({
        at: new Date().toISOString(),
        event: 'expired',
        requestId: r.id,
        actor: 'system',
        action: r.action,
        target: r.target,
        conversationId: r.conversationId,
      });
      if (r.messageId) await this.showCard(moved);
    }
  }

  /** The request's card updated for everyone; a failure to update it is logged (the state is stored either way). */
  private async showCard(request: ActionRequest): Promise<void> {
    try {
      await this.deps.notifier.update(request, await this.service.view(request));
    } catch (err) {
      this.options.log?.(`updating the card of request ${request.id} (${request.state}) failed: ${err instanceof Error ? err.message : String(err)}`, 'warn');
    }
  }

  /** Waits for work under way (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async runSweepNow(): Promise<void> {
    await this.run(() => this.sweep());
  }

  /** Stops following; leases are released so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.sweeper) clearInterval(this.sweeper);
    await this.idle();
    await Promise.all([...this.held.keys()].map((id) => this.disown(id)));
    this.followed.clear();
  }
}
