/**
 * Statistics events that arrive before their StartQuery answer.
 *
 * The server may post the first statistics of a query (for cumulative queries: every past interval
 * since fromTime) before the HTTP answer that tells us its queryId has been read. Such an event has
 * no `queryHandle:` key yet, and a cc-realtime node that filters on its handle would miss it.
 * While a StartQuery is in flight, events of unknown queryIds are held; they are released with
 * their handle once the answer is in (after the caller's own continuation has run, so that the
 * node's filter is in place), or as they are after a short bound.
 */
import type { CcEvent } from '../core/types';

/** Where the hold timer comes from: the driver's lifecycle, so that stop() clears it with the rest. */
export interface HoldTimers {
  timeout(fn: () => void, ms: number): NodeJS.Timeout;
  clear(timer: NodeJS.Timeout | undefined): void;
}

const PLAIN_TIMERS: HoldTimers = { timeout: (fn, ms) => setTimeout(fn, ms), clear: (t) => t && clearTimeout(t) };

export class EarlyStatistics {
  private inFlight = 0;
  private held: { event: CcEvent; queryId: unknown }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly handleOf: (queryId: unknown) => string | undefined,
    private readonly deliver: (event: CcEvent) => void,
    private readonly maxHoldMs = 2000,
    private readonly maxHeld = 1000,
    private readonly timers: HoldTimers = PLAIN_TIMERS,
  ) {}

  /** Run one StartQuery exchange; events of unknown queries are held meanwhile. */
  async around<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      // setImmediate: after the promise continuations of the caller (which install its filter).
      setImmediate(() => this.flush(false));
    }
  }

  /** Deliver one statistics event now, with its handle key, or hold it until its query is known. */
  offer(event: CcEvent, queryId: unknown): void {
    const sameQueryHeld = this.held.some((h) => h.queryId === queryId);
    const handle = this.handleOf(queryId);
    if (!sameQueryHeld && (handle !== undefined || this.inFlight === 0 || this.held.length >= this.maxHeld)) {
      this.send(event, handle);
      return;
    }
    this.held.push({ event, queryId });
    if (!this.timer) this.timer = this.timers.timeout(() => {
      this.timer = undefined;
      this.flush(true);
    }, this.maxHoldMs);
  }

  private send(event: CcEvent, handle: string | undefined): void {
    if (handle !== undefined) event.keys.push(`queryHandle:${handle}`);
    this.deliver(event);
  }

  /** Release what can be released (everything when `all` or when no StartQuery is in flight). */
  flush(all: boolean): void {
    const keep: { event: CcEvent; queryId: unknown }[] = [];
    const blocked = new Set<unknown>();
    for (const h of this.held) {
      const handle = this.handleOf(h.queryId);
      if (!blocked.has(h.queryId) && (handle !== undefined || all || this.inFlight === 0)) this.send(h.event, handle);
      else {
        blocked.add(h.queryId); // keep the order of one query's events
        keep.push(h);
      }
    }
    this.held = keep;
    if (this.held.length === 0 && this.timer) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
  }

  clear(): void {
    this.held = [];
    this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
