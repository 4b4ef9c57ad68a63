/**
 * The progress message of a sweep, kept up to date while tenants answer without spending the conversation's
 * allowance on it. Teams lets a bot send about 8 messages per 2 s in one conversation, updates included
 * (bot/teams/connector-limits.ts), and the summary and every tenant's card come after the progress: an update per
 * answering tenant (20 for 20 tenants) would queue up in front of them. So at most one update is being sent, at most
 * one waits (and shows the state when it goes, not when it was asked for), updates go at most one per
 * `minIntervalMs`, and close() drops what has not started: the summary replaces the message anyway.
 */
export class ProgressUpdates {
  private inFlight?: Promise<void>;
  private timer?: ReturnType<typeof setTimeout>;
  private wanted = false;
  private closed = false;
  private lastStart = -Infinity;
  /** Updates sent (started). */
  sent = 0;

  constructor(
    private readonly update: () => Promise<void>,
    private readonly options: { minIntervalMs?: number; now?: () => number } = {},
  ) {}

  /** The state changed: show it when an update may go. */
  show(): void {
    if (this.closed) return;
    this.wanted = true;
    this.pump();
  }

  /** No more updates: waits for the one being sent; one not started is dropped. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private pump(): void {
    if (!this.wanted || this.closed || this.inFlight || this.timer) return;
    const now = this.options.now ?? Date.now;
    const wait = this.lastStart + (this.options.minIntervalMs ?? 1000) - now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.wanted = false;
    this.lastStart = now();
    this.sent++;
    // A failed update is not worth failing the sweep for: the summary replaces the message.
    this.inFlight = this.update()
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = undefined;
        this.pump();
      });
  }
}
