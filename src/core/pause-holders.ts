/**
 * The holders of a driver's event pause (driver.ts, `pauseEvents`): paused while at least one
 * holder holds, so that two readers that fall behind at once cannot resume each other. `apply`
 * is called on each change between paused and not paused, never twice in a row with one value.
 */
export class PauseHolders {
  private readonly holders = new Set<string>();

  constructor(private readonly apply: (paused: boolean) => void) {}

  get paused(): boolean {
    return this.holders.size > 0;
  }

  hold(holder: string): void {
    const was = this.paused;
    this.holders.add(holder);
    if (!was) this.apply(true);
  }

  release(holder: string): void {
    if (this.holders.delete(holder) && !this.paused) this.apply(false);
  }

  /** Every holder at once (stop). */
  releaseAll(): void {
    if (!this.paused) return;
    this.holders.clear();
    this.apply(false);
  }
}
