/**
 * Callers of `entities.<list>` waiting for the snapshot of entity kinds not in the cache yet.
 * Each wait has its own timer (CcError TIMEOUT) and can be failed early (subscription refused, stop).
 */
import { CcError } from '../core/types';
import { ENTITY_KIND_TABLE, type EntityKind } from './names';
import { PLAIN_TIMERS, type TimerHost } from './timers';

export interface EntityWait {
  readonly done: Promise<void>;
  fail(error: CcError): void;
}

interface Waiter {
  missing: Set<EntityKind>;
  resolve(): void;
  reject(error: CcError): void;
  timer: NodeJS.Timeout;
}

export class EntityWaits {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly timers: TimerHost = PLAIN_TIMERS) {}

  get size(): number {
    return this.waiters.size;
  }

  wait(kinds: EntityKind[], timeoutMs: number): EntityWait {
    let waiter!: Waiter;
    const done = new Promise<void>((resolve, reject) => {
      waiter = {
        missing: new Set(kinds),
        resolve,
        reject,
        timer: this.timers.timeout(() => {
          const lists = [...waiter.missing].map((k) => ENTITY_KIND_TABLE[k].list).join(', ');
          this.finish(waiter, new CcError(`no entity snapshot of ${lists} within ${timeoutMs} ms`, 'TIMEOUT'));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
    return { done, fail: (error) => this.finish(waiter, error) };
  }

  /** Snapshots of these kinds arrived: settle the waits that have everything now. */
  arrived(kinds: EntityKind[]): void {
    if (kinds.length === 0 || this.waiters.size === 0) return;
    for (const w of [...this.waiters]) {
      for (const k of kinds) w.missing.delete(k);
      if (w.missing.size === 0) this.finish(w);
    }
  }

  failAll(error: CcError): void {
    for (const w of [...this.waiters]) this.finish(w, error);
  }

  private finish(waiter: Waiter, error?: CcError): void {
    if (!this.waiters.delete(waiter)) return;
    this.timers.clear(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}
