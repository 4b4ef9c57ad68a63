/**
 * The lastUpdateDateTime of every change the emulator makes to an incident or alert (a PATCH, a comment, a live
 * incident raised or changed). A poller reads changes with `$filter=lastUpdateDateTime ge <watermark>` and tells a
 * change it has seen from a new one by (id, lastUpdateDateTime), so no two changes may share a stamp and none may go
 * back in time: each stamp is the clock's time, or one millisecond after the previous stamp when the clock has not
 * moved past it (several changes within one millisecond, or a test clock that stands still). Whole milliseconds keep
 * stamps distinct for a client that parses them into a Date as well as for one that compares the text.
 *
 * Graph writes DateTimeOffset with up to seven fractional digits and drops trailing zeros ("2026-02-25T16:29:33.1Z",
 * "2026-01-22T12:09:23.1433333Z": learn.microsoft.com/graph/api/security-incident-update, response example); the
 * stamps are written the same way, so a client that sorts them as text instead of parsing them is caught here too.
 */
export class UpdateStamps {
  private lastMs: number;

  /** `floor`: the stamps already in the tenant; new ones come after the latest of them. */
  constructor(
    private readonly now: () => Date,
    floor: readonly string[] = [],
  ) {
    this.lastMs = floor.reduce((max, iso) => {
      const ms = Date.parse(iso);
      return Number.isFinite(ms) && ms > max ? ms : max;
    }, Number.NEGATIVE_INFINITY);
  }

  next(): string {
    const nowMs = this.now().getTime();
    this.lastMs = nowMs > this.lastMs ? nowMs : this.lastMs + 1;
    return graphDateTime(this.lastMs);
  }
}

/** An instant as Graph serialises a DateTimeOffset: UTC, fractional seconds without trailing zeros. */
export function graphDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-02-25T16:29:33.100Z
  const [whole, fraction = ''] = iso.slice(0, -1).split('.');
  const digits = fraction.replace(/0+$/, '');
  return digits ? `${whole}.${digits}Z` : `${whole}Z`;
}
