/**
 * subscribe() calls made while the connection is not up: their records join the next restore (one
 * subscribe-events with every live subscription) and they are settled by its answer, each with the
 * part of the outcome that concerns its own records. Each has its own timer (NOT_CONNECTED).
 */
import type { SubscriptionSpec } from '../core/driver';
import type { CcError } from '../core/errors';
import type { Outcome } from '../core/outcome';
import { narrowOutcome } from './outcomes';
import type { TimerHost } from './timers';

export interface RestoreWaiter {
  owner: string;
  /** The records this caller added (what the restore answers for it). */
  spec: SubscriptionSpec;
  resolve(outcome: Outcome): void;
  reject(error: CcError): void;
  timer: NodeJS.Timeout;
}

export class RestoreWaiters {
  private waiters: RestoreWaiter[] = [];

  constructor(private readonly timers: TimerHost) {}

  get size(): number {
    return this.waiters.length;
  }

  /** Wait for the next restore; `onTimeout` makes the error after `ms`. */
  wait(owner: string, spec: SubscriptionSpec, ms: number, onTimeout: () => CcError): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const waiter: RestoreWaiter = {
        owner,
        spec,
        resolve,
        reject,
        timer: this.timers.timeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(onTimeout());
        }, ms),
      };
      this.waiters.push(waiter);
    });
  }

  /** Take every waiter (they are settled by the restore just sent). */
  take(): RestoreWaiter[] {
    const out = this.waiters;
    this.waiters = [];
    return out;
  }

  /** Put waiters back: their restore got no answer; they wait for the next one (timers still run). */
  putBack(waiters: RestoreWaiter[]): void {
    this.waiters.push(...waiters);
  }

  /** Settle waiters with the restore's outcome (narrowed to each one's records) or an error. */
  settle(waiters: RestoreWaiter[], outcome: Outcome | undefined, error?: CcError): void {
    for (const w of waiters) {
      this.timers.clear(w.timer);
      if (error) w.reject(error);
      else w.resolve(outcome ? narrowOutcome(outcome, w.spec) : { status: 'ok', answer: undefined });
    }
  }

  failAll(error: CcError): void {
    this.settle(this.take(), undefined, error);
  }
}
