/**
 * What a leak test compares before and after many cycles: the process's live handles and timers
 * by type (process.getActiveResourcesInfo(), as Node's own tests do), an emitter's listener counts
 * by event, and the heap after a full garbage collection.
 */
import type { EventEmitter } from 'events';
import async_hooks from 'async_hooks';
import v8 from 'v8';
import vm from 'vm';

export type Counts = Record<string, number>;

/** Live resources by type: TCPSocketWrap, TCPServerWrap, Timeout, FSReqCallback... */
export function activeResources(): Counts {
  const counts: Counts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/**
 * The fewest of each type seen over `ms`: a baseline for a busy process, whose request and retry
 * timers come and go (a single sample may catch a few in flight, or none).
 */
export async function quietResources(ms = 1000): Promise<Counts> {
  const least = activeResources();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = activeResources();
    for (const key of Object.keys(least)) least[key] = Math.min(least[key], now[key] ?? 0);
  }
  return least;
}

export function listenerCounts(emitter: EventEmitter): Counts {
  const counts: Counts = {};
  for (const name of emitter.eventNames()) counts[String(name)] = emitter.listenerCount(name);
  return counts;
}

/** The entries of `after` above `before` ("Timeout: 3 -> 5"); empty when nothing grew. */
export function growth(before: Counts, after: Counts): string[] {
  return Object.keys(after)
    .filter((key) => after[key] > (before[key] ?? 0))
    .map((key) => `${key}: ${before[key] ?? 0} -> ${after[key]}`);
}

/**
 * Waits (bounded) until no resource count is above `before`: a socket closed a moment ago may
 * still be listed until its close callback ran. Each type is judged by the fewest seen over the
 * window, as `quietResources` takes its baseline: in a busy process the request and retry timers
 * of different parts come and go at different moments, so one sample with every type at its
 * minimum may never come on a loaded machine, while a leaked handle stays above for the whole
 * window. Returns what stayed above after `ms`.
 */
export async function settledGrowth(before: Counts, ms = 3000): Promise<string[]> {
  const deadline = Date.now() + ms;
  const least = activeResources();
  for (;;) {
    const grown = growth(before, least);
    if (grown.length === 0 || Date.now() > deadline) return grown;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = activeResources();
    for (const key of Object.keys(least)) least[key] = Math.min(least[key], now[key] ?? 0);
  }
}

let gc: (() => void) | undefined;

/** global.gc when node runs with --expose-gc; otherwise turned on at run time. */
function collector(): () => void {
  if (gc) return gc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) {
    gc = exposed;
  } else {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  return gc;
}

/** Heap in use after full collections (twice, with a turn of the event loop for finalizers between). */
export async function heapAfterGc(): Promise<number> {
  const collect = collector();
  collect();
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  return process.memoryUsage().heapUsed;
}

export const MB = 1024 * 1024;

/**
 * Where the timers alive now were made: a hook records the stack of every Timeout created while it
 * is on, and `live()` lists those still pending (not fired, not cleared). For the message of a leak
 * test that failed, so that a timer left behind names the code that made it.
 */
export function timerOrigins(): { live(): string[]; stop(): void } {
  const made = new Map<number, { stack: string; timer: { hasRef?: () => boolean; _destroyed?: boolean } }>();
  const hook = async_hooks.createHook({
    init(asyncId, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const stack = (new Error().stack ?? '').split('\n').slice(1).filter((line) => !line.includes('node:internal')).slice(0, 6).join('\n');
      made.set(asyncId, { stack, timer: resource as { _destroyed?: boolean } });
    },
    destroy(asyncId) {
      made.delete(asyncId);
    },
  });
  hook.enable();
  return {
    live: () => [...made.values()].filter((t) => !t.timer._destroyed).map((t) => t.stack),
    stop: () => hook.disable(),
  };
}
