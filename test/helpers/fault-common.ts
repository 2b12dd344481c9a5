/**
 * What both fault proxies share: the seeded PRNG (the seed printed, so that a run can be repeated)
 * and the timers they own (all cleared by stop()).
 */
import { SeededRandom } from '../../src/sim/common/rng';

export function seeded(label: string, seed: number | undefined, log: (line: string) => void): { seed: number; rng: SeededRandom } {
  const chosen = seed ?? (Date.now() ^ process.pid) >>> 0;
  log(`      ${label}, seed ${chosen}`);
  return { seed: chosen, rng: new SeededRandom(chosen) };
}

export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
