import type { EventEmitter } from 'events';

type Handler = (...args: never[]) => void;

/**
 * Records every listener one node adds to a shared emitter and removes exactly those on close.
 * Why: the client is shared by every node of a server; `removeAllListeners` would cut off the
 * others, and forgetting one leaks a listener per redeploy (home-assistant-websocket's history).
 * A listener that throws is caught and reported instead of breaking the emitter's other listeners.
 */
export class ListenerTracker {
  private readonly added: Array<{ emitter: EventEmitter; event: string; fn: (...args: unknown[]) => void }> = [];

  constructor(private readonly onError: (err: unknown) => void) {}

  on<F extends Handler>(emitter: EventEmitter, event: string, handler: F): void {
    const fn = (...args: unknown[]): void => {
      try {
        (handler as unknown as (...a: unknown[]) => void)(...args);
      } catch (err) {
        this.onError(err);
      }
    };
    emitter.on(event, fn);
    this.added.push({ emitter, event, fn });
  }

  /** How many listeners this tracker holds. */
  get count(): number {
    return this.added.length;
  }

  removeAll(): void {
    for (const { emitter, event, fn } of this.added.splice(0)) emitter.removeListener(event, fn);
  }
}
