/**
 * Simulated time of the generated day: waits in simulated milliseconds, divided by `speed` for the
 * real timers. Every timer is tracked so that stop() leaves nothing behind.
 */
import type { SeededRandom } from '../common/rng';

export const SECOND = 1000;

export class DayClock {
  private readonly timers = new Set<NodeJS.Timeout>();
  running = false;

  constructor(
    readonly speed: number,
    private readonly rng: SeededRandom,
  ) {}

  /** Resolves after simMs simulated milliseconds; never resolves once stopped (no timer is left). */
  wait(simMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (!this.running) return;
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.running) resolve();
      }, Math.max(0, Math.round(simMs / this.speed)));
      this.timers.add(t);
    });
  }

  /** A random duration between two numbers of simulated seconds, in simulated ms. */
  between(minSeconds: number, maxSeconds: number): number {
    return this.rng.int(minSeconds * SECOND, maxSeconds * SECOND);
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
