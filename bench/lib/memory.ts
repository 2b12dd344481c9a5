/**
 * Peak memory of the current process. `resourceUsage().maxRSS` is the kernel's high-water mark
 * (in KiB); a sampler also watches RSS so that a scenario can stop itself at a memory cap.
 */
export class MemoryWatch {
  private timer: NodeJS.Timeout | undefined;
  private peakSampled = 0;

  /** Sample every `everyMs`; call `onCap` once if RSS exceeds `capBytes`. */
  start(everyMs = 50, capBytes = Infinity, onCap?: (rss: number) => void): void {
    // Without a cap the kernel's high-water mark is enough: no sampling cost in the measured process.
    if (!onCap) return;
    let capped = false;
    this.timer = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > this.peakSampled) this.peakSampled = rss;
      if (!capped && rss > capBytes && onCap) {
        capped = true;
        onCap(rss);
      }
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Peak RSS in MB: the larger of the kernel high-water mark and the sampled peak. */
  peakRssMb(): number {
    const kernel = process.resourceUsage().maxRSS * 1024;
    return Math.max(kernel, this.peakSampled) / (1024 * 1024);
  }
}
