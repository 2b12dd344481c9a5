import type { EventEmitter } from 'node:events';

/**
 * Resolve with the first `event` whose argument passes `predicate`; reject after `timeoutMs`
 * (a safety net only: tests await events, they never sleep).
 */
export function waitFor<T>(
  emitter: EventEmitter,
  event: string,
  predicate: (arg: T) => boolean = () => true,
  timeoutMs = 4000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${event}"`));
    }, timeoutMs);
    const on = (arg: T): void => {
      if (!predicate(arg)) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve(arg);
    };
    emitter.on(event, on);
  });
}

/** Collect every `event` argument into an array (for counting what was emitted). */
export function collect<T>(emitter: EventEmitter, event: string): T[] {
  const out: T[] = [];
  emitter.on(event, (arg: T) => out.push(arg));
  return out;
}
