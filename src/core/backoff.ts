/**
 * Capped exponential backoff with full jitter.
 * Why capped: an uncapped doubling reached a day by the fourth retry in NodeJS-AsteriskManager.
 * Why jitter: many Node-RED instances restarting together must not reconnect in lockstep.
 */
export interface BackoffOptions {
  /** First delay in ms. */
  initialMs: number;
  /** Largest delay in ms. */
  maxMs: number;
  /** Multiplier per attempt. */
  factor?: number;
  /** 0..1: share of the delay that is randomised. */
  jitter?: number;
  /** Random source, injectable for tests. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  constructor(private readonly opts: BackoffOptions) {}

  /** Delay before the next attempt; each call counts one more failure. */
  next(): number {
    const { initialMs, maxMs } = this.opts;
    const factor = this.opts.factor ?? 2;
    const jitter = this.opts.jitter ?? 0.3;
    const random = this.opts.random ?? Math.random;
    const base = Math.min(maxMs, initialMs * Math.pow(factor, this.attempt));
    this.attempt++;
    const spread = base * jitter;
    const delay = base - spread + random() * spread * 2;
    return Math.round(Math.min(maxMs, Math.max(0, delay)));
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
