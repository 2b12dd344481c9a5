/**
 * At most one flush per interval, whatever the event rate, and none while nothing is pending.
 * The first change after a quiet period is flushed at once (a board reacts without delay); later
 * ones wait for the end of the interval.
 */
export class Coalescer {
  private timer: NodeJS.Timeout | undefined;
  private pending = false;
  private lastFlush = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something changed: flush now or at the end of the current interval. */
  touch(): void {
    this.pending = true;
    if (this.timer) return;
    const wait = this.lastFlush + this.intervalMs - this.now();
    if (wait <= 0) return this.run();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  private run(): void {
    if (!this.pending) return;
    this.pending = false;
    this.lastFlush = this.now();
    this.flush();
  }

  /** Stop for good: nothing pending is flushed. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
  }
}
