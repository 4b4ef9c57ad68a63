/**
 * Time that passes only when the test lets it: `sleep` parks the caller until the clock reaches its wake-up time, and
 * `run` moves the clock to the next wake-up whenever nothing else can progress (no request on the wire, no timer due
 * now). Waits are exact and tests take no wall-clock time for them.
 */
export class VirtualClock {
  now = 0;
  /** Requests on the wire (the test's HTTP client counts them): time stands still while one is out. */
  inFlight = 0;
  readonly slept: number[] = [];
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  readonly sleep = (ms: number): Promise<void> => {
    this.slept.push(ms);
    return new Promise<void>((resolve) => this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve }));
  };

  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const result = work.finally(() => {
      settled = true;
    });
    result.catch(() => undefined);
    while (!settled) {
      await new Promise<void>((r) => setImmediate(r));
      if (settled) break;
      if (this.inFlight > 0 || this.timers.length === 0) {
        await new Promise<void>((r) => setTimeout(r, 1));
        continue;
      }
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
    return result;
  }
}
