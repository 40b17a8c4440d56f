/**
 * How long this process itself did not run: a periodic timer that fires late means the event
 * loop was blocked (a synchronous wait for a database lock) or the process was suspended
 * (SIGSTOP, a sleeping laptop). Whoever judges others by their silence discounts that time,
 * because messages they sent meanwhile were waiting unread.
 */
export class FreezeClock {
  private last: number;
  private readonly intervalMs: number;
  /** Lateness up to this is ordinary timer jitter, not a freeze. */
  private readonly toleranceMs: number;

  constructor(intervalMs: number, toleranceMs = 250, now: number = Date.now()) {
    this.intervalMs = intervalMs;
    this.toleranceMs = toleranceMs;
    this.last = now;
  }

  /** Call from the periodic timer: the milliseconds this process was frozen since the previous call (0 when on time). */
  observe(now: number = Date.now()): number {
    const late = now - this.last - this.intervalMs;
    this.last = now;
    return late > this.toleranceMs ? late : 0;
  }
}
