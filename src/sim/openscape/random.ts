import { SeededRandom as SharedRandom } from '../common/rng';

/**
 * The simulators' seeded generator (src/sim/common/rng.ts) with the two draws only the OpenScape
 * simulator needs. Seed 0 is mapped to a fixed non-zero seed, as this simulator always did, so that
 * a given seed keeps producing the same directory and the same contact-center day.
 */
export class SeededRandom extends SharedRandom {
  constructor(seed: number) {
    super(seed >>> 0 || 0x9e3779b9);
  }

  /** Float with one decimal in [min, max]. */
  decimal(min: number, max: number): number {
    return Math.round((min + this.next() * (max - min)) * 10) / 10;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
