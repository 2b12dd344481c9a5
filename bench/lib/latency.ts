/** Latency of stamped events (`bench-at`, wall-clock ms at the sender) measured where they arrive. */
import type { BenchRow } from './result';
import { percentile, round, wallMs } from './stats';

/** Latencies of the events stamped after the warm-up, in ms. */
export class LatencyRecorder {
  readonly samples: Float64Array;
  n = 0;
  seen = 0;
  private firstStamp = 0;

  constructor(capacity: number, private readonly warmupMs: number) {
    this.samples = new Float64Array(capacity);
  }

  record(stamp: unknown): void {
    const now = wallMs();
    if (typeof stamp !== 'number') return;
    this.seen++;
    if (!this.firstStamp) this.firstStamp = stamp;
    if (stamp - this.firstStamp < this.warmupMs || this.n >= this.samples.length) return;
    this.samples[this.n++] = now - stamp;
  }
}


export interface LatencyRun {
  finished: boolean;
  total: number;
  ratePerSec: number;
  warmupS: number;
  measureS: number;
  peakRssMb: number;
}

/** The row of one latency run: p50/p99 in the table, p99.9 and the maximum beside them. */
export function latencyRow(row: BenchRow, rec: LatencyRecorder, run: LatencyRun): BenchRow {
  const samples = rec.samples.subarray(0, rec.n);
  const result: BenchRow = {
    ...row,
    status: run.finished ? 'ok' : 'did not finish',
    offered: run.total,
    delivered: rec.seen,
    durationMs: run.measureS * 1000,
    eventsPerSec: run.ratePerSec,
    note: `${rec.n.toLocaleString('en-US')} measured after a ${run.warmupS} s warm-up`,
    p50Ms: round(percentile(samples, 50), 3),
    p99Ms: round(percentile(samples, 99), 3),
    peakRssMb: round(run.peakRssMb),
    extra: {
      p999Ms: round(percentile(samples, 99.9), 3),
      maxMs: round(percentile(samples, 100), 3),
    },
  };
  if (!run.finished) result.note += `; only ${rec.seen} of ${run.total} events arrived in time`;
  return result;
}
