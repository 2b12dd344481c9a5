/**
 * A message that may happen often (every webhook POST of a busy server) said at most once per
 * period: the first at once, the rest counted and named in the next one.
 */
export class RateLimitedReport {
  private last = -Infinity;
  private unreported = 0;

  constructor(
    private readonly say: (message: string, countSinceLast: number) => void,
    private readonly periodMs = 60_000,
  ) {}

  /** Count one occurrence; say `message` when the period since the last one has passed. */
  note(message: string): void {
    this.unreported++;
    const now = Date.now();
    if (now - this.last < this.periodMs) return;
    const count = this.unreported;
    this.unreported = 0;
    this.last = now;
    try {
      this.say(message, count);
    } catch {
      // A failing log must not break the caller (a request handler).
    }
  }
}
