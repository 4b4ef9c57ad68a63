import type { ActionRequest } from '../store/types';
import { stateOfAction } from './action-executor';
import type { ActionRequestDeps, ActionRequestService } from './action-requests';

export interface TrackerOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
  sweepMs?: number;
  log?: (message: string) => void;
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
    if (this.stopped || this.timers.has(request.id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(request.id);
      void this.run(() => this.poll(request.id, delayMs));
    }, delayMs);
    timer.unref();
    this.timers.set(request.id, timer);
  }

  private async run(work: () => Promise<void>): Promise<void> {
    const p = work().catch((err: unknown) => this.options.log?.(`tracking failed: ${err instanceof Error ? err.message : String(err)}`));
    this.inFlight.add(p);
    await p;
    this.inFlight.delete(p);
  }

  private async poll(id: string, lastDelay: number): Promise<void> {
    const request = await this.deps.store.requests.get(id);
    if (!request || !['pending', 'inProgress', 'submitting'].includes(request.state)) return;
    const next = Math.min(Math.max(lastDelay, this.options.firstDelayMs ?? 2000) * 1.5, this.options.maxDelayMs ?? 60_000);
    if (request.state === 'submitting' || !request.defenderActionId || request.defenderActionId.startsWith('indicator:')) {
      // A crash between "submitting" and Defender's answer: the executor's reconciliation is not repeated here; the
      // request is left for a person to check, and says so.
      if (request.state === 'submitting' && Date.now() - Date.parse(request.updatedAt) > 5 * 60_000) {
        const moved = await this.deps.store.requests.transition(id, ['submitting'], { state: 'failed', lastError: 'The bot stopped while sending this action; check the device\'s action history in Defender before trying again.' });
        if (moved) await this.deps.store.audit.append({ at: new Date().toISOString(), event: 'failed', requestId: id, actor: 'system', action: request.action, target: request.target, detail: 'interrupted while submitting' });
        return;
      }
      this.track(request, next);
      return;
    }
    let status;
    try {
      status = (await this.deps.defender.endpoint.getMachineAction(request.defenderActionId)).status;
    } catch (err) {
      this.options.log?.(`polling ${request.defenderActionId}: ${err instanceof Error ? err.message : String(err)}`);
      this.track(request, next);
      return;
    }
    const state = stateOfAction(status);
    if (state !== request.state) {
      const moved = await this.deps.store.requests.transition(id, [request.state], { state }, request.version);
      if (moved) {
        await this.deps.store.audit.append({ at: new Date().toISOString(), event: 'status', requestId: id, actor: 'Defender', action: request.action, target: request.target, defenderActionId: request.defenderActionId, conversationId: request.conversationId, detail: status });
        await this.deps.notifier.update(moved, await this.service.view(moved)).catch(() => undefined);
        if (state === 'pending' || state === 'inProgress') this.track(moved, next);
        return;
      }
    }
    if (state === 'pending' || state === 'inProgress') this.track(request, next);
  }

  private async sweep(): Promise<void> {
    for (const r of await this.deps.store.requests.listExpired(new Date())) {
      const moved = await this.deps.store.requests.transition(r.id, ['awaitingConfirmation', 'awaitingApproval'], { state: 'expired' });
      if (!moved) continue;
      await this.deps.store.audit.append({ at: new Date().toISOString(), event: 'expired', requestId: r.id, actor: 'system', action: r.action, target: r.target, conversationId: r.conversationId });
      if (r.messageId) await this.deps.notifier.update(moved, await this.service.view(moved)).catch(() => undefined);
    }
  }

  /** Waits for work under way (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async runSweepNow(): Promise<void> {
    await this.run(() => this.sweep());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
