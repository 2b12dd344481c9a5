/**
 * Where the request table and the waits of the client arm their timers: the client hands in its
 * ConnectionLifecycle (so that stop() leaves none behind); tests and standalone use get plain timers.
 */
export interface TimerHost {
  timeout(fn: () => void, ms: number): NodeJS.Timeout;
  clear(timer: NodeJS.Timeout | undefined): void;
}

export const PLAIN_TIMERS: TimerHost = {
  timeout: (fn, ms) => setTimeout(fn, ms),
  clear: (timer) => clearTimeout(timer),
};
