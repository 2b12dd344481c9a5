import { Backoff, type BackoffOptions } from './backoff';
import { CcError } from './errors';
import type { ConnectionState, GapReport, StateChange } from './types';

/**
 * The connection state machine both drivers share:
 *
 *   stopped --start--> connecting --> authenticating --> connected
 *      ^                   |               |                 |
 *      |                   v               v                 v
 *      +--close---  disconnected / auth-failed  --(retry timer, capped backoff with jitter)--> connecting
 *
 * It owns the state, the backoff, and every timer of the driver (retry, keepalive, idle...), so
 * that close() can promise what the contract asks: once it resolves, no timer of the driver is left
 * and no state change follows. A driver keeps only its protocol: how to connect, what to send.
 */
export class ConnectionLifecycle {
  private current: StateChange = { state: 'stopped' };
  private readonly backoff: Backoff;
  private readonly timers = new Set<NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | undefined;
  private isRunning = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly emitState: (change: StateChange) => void,
    backoff: Partial<BackoffOptions> = {},
  ) {
    const positive = (v: number | undefined, fallback: number): number => (typeof v === 'number' && v > 0 ? v : fallback);
    this.backoff = new Backoff({
      ...backoff,
      initialMs: positive(backoff.initialMs, 1000),
      maxMs: positive(backoff.maxMs, 60_000),
    });
  }

  get state(): ConnectionState {
    return this.current.state;
  }

  get lastState(): StateChange {
    return this.current;
  }

  /** Between start() and close(): the driver may connect, write and schedule. */
  get running(): boolean {
    return this.isRunning;
  }

  /** Consecutive failed attempts since the last successful connect. */
  get attempts(): number {
    return this.backoff.attempts;
  }

  /** Timers alive right now (the close-finality tests read it). */
  get activeTimers(): number {
    return this.timers.size;
  }

  /** Begin: returns false when already running (start is idempotent). */
  start(): boolean {
    if (this.isRunning) return false;
    this.isRunning = true;
    this.closing = undefined;
    return true;
  }

  /** A state change; ignored once closed, so that a late callback cannot revive a closed driver. */
  set(change: StateChange): void {
    if (!this.isRunning && change.state !== 'stopped') return;
    const prev = this.current;
    this.current = change;
    if (prev.state !== change.state || prev.detail !== change.detail || change.retryInMs !== undefined || change.gap !== undefined) this.emitState(change);
  }

  /** Authenticated and ready: the backoff starts again from its first step. */
  connected(detail?: string, gap?: GapReport): void {
    this.backoff.reset();
    this.set({ state: 'connected', detail, ...(gap ? { gap } : {}) });
  }

  /**
   * The attempt failed or the connection was lost: show why and try again after the next backoff
   * step. Never a tight loop, also not for refused credentials. Only one retry is ever scheduled.
   */
  fail(state: 'disconnected' | 'auth-failed', detail: string, retry: () => void, gap?: GapReport): void {
    if (!this.isRunning || this.retryTimer) return;
    const retryInMs = this.backoff.next();
    this.set({ state, detail, retryInMs, attempt: this.backoff.attempts, ...(gap ? { gap } : {}) });
    this.retryTimer = this.timeout(() => {
      this.retryTimer = undefined;
      retry();
    }, retryInMs);
  }

  /** Whether a retry is scheduled (the driver then waits for it instead of acting on its own). */
  get retrying(): boolean {
    return this.retryTimer !== undefined;
  }

  /** A one-shot timer that close() clears. Not armed after close. */
  timeout(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    if (this.isRunning) this.timers.add(timer);
    else clearTimeout(timer);
    return timer;
  }

  /** A repeating timer that close() clears; unref'd so that it never holds the process. */
  interval(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setInterval(fn, ms);
    timer.unref?.();
    if (this.isRunning) this.timers.add(timer);
    else clearInterval(timer);
    return timer;
  }

  /** Clear one timer made here (a no-op for undefined or an already fired one). */
  clear(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
    if (timer === this.retryTimer) this.retryTimer = undefined;
  }

  /** Throw CLOSED when close() has begun: for the steps of a connect that outlives it. */
  assertRunning(): void {
    if (!this.isRunning) throw new CcError('connection closed', 'CLOSED');
  }

  /**
   * Close for good: no new timer, no state change but the final 'stopped'. `release` is the
   * driver's own ending (stop queries, log off, unregister, destroy the socket), run once even
   * when close is called again while it runs.
   */
  close(release: () => Promise<void>): Promise<void> {
    if (this.closing) return this.closing;
    const wasRunning = this.isRunning;
    this.isRunning = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.retryTimer = undefined;
    this.closing = (async () => {
      try {
        if (wasRunning || this.current.state !== 'stopped') await release();
      } finally {
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
        this.set({ state: 'stopped', detail: 'stopped' });
      }
    })();
    return this.closing;
  }
}
