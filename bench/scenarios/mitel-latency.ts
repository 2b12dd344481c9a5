/**
 * Steady-state latency of Mitel events at a fixed rate (default 1,000 events/s): from the moment
 * the generator writes an event (its `bench-at` stamp, wall-clock ms) to the moment it reaches the
 * end of: the raw client (the floor), or the package's flow (cc-server -> cc-event -> sink).
 * The first seconds (connect, subscribe, JIT warm-up) are not counted.
 */
import { startGenerator } from '../lib/generator-process';
import { MemoryWatch } from '../lib/memory';
import { runRawClient } from '../lib/mitel-raw-client';
import { startNodeRed } from '../lib/node-red';
import { mitelPackageFlow, MITEL_CREDENTIALS } from '../lib/flows';
import { loadableNodeTypes } from '../lib/paths';
import type { BenchRow } from '../lib/result';
import { scenarioMain, waitUntil } from '../lib/scenario';
import { percentile, round, wallMs } from '../lib/stats';

interface Args {
  group: string;
  variant: 'raw' | 'package';
  ratePerSec: number;
  warmupS: number;
  measureS: number;
}

const LABEL: Record<Args['variant'], string> = {
  raw: 'raw Node.js client (NUL split + JSON.parse)',
  package: 'package: cc-server -> cc-event',
};

/** Latencies of the events stamped after the warm-up, in ms. */
class LatencyRecorder {
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

scenarioMain<Args>('mitel-latency', async (a) => {
  const row: BenchRow = { group: a.group, key: a.variant, variant: `${LABEL[a.variant]} at ${a.ratePerSec.toLocaleString('en-US')} events/s`, status: 'ok' };
  if (a.variant === 'package') {
    const { missing } = loadableNodeTypes(['cc-server', 'cc-event', 'cc-subscribe']);
    if (missing.length) return [{ ...row, status: 'not available', note: `package nodes missing: ${missing.join(', ')}` }];
  }
  const total = a.ratePerSec * (a.warmupS + a.measureS);
  row.offered = total;
  const rec = new LatencyRecorder(total, a.warmupS * 1000);
  const mem = new MemoryWatch();
  const gen = await startGenerator(total, 'protocol', 'mixed', { ratePerSec: a.ratePerSec });
  if (a.variant === 'raw') {
    runRawClient(gen.port, (ev) => rec.record(ev['bench-at']));
  } else {
    const nr = await startNodeRed({ withPackage: true });
    nr.sink.observe = (msg) => rec.record((msg.payload as Record<string, unknown> | undefined)?.['bench-at']);
    await nr.deploy(mitelPackageFlow(gen.port, true), MITEL_CREDENTIALS);
  }
  const finished = await waitUntil(() => rec.seen >= total, (a.warmupS + a.measureS + 20) * 1000, 20);
  gen.stop();
  mem.stop();
  const samples = rec.samples.subarray(0, rec.n);
  const result: BenchRow = {
    ...row,
    status: finished ? 'ok' : 'did not finish',
    delivered: rec.seen,
    durationMs: a.measureS * 1000,
    eventsPerSec: a.ratePerSec,
    note: `${rec.n.toLocaleString('en-US')} measured after a ${a.warmupS} s warm-up`,
    p50Ms: round(percentile(samples, 50), 3),
    p99Ms: round(percentile(samples, 99), 3),
    peakRssMb: round(mem.peakRssMb()),
    extra: {
      p999Ms: round(percentile(samples, 99.9), 3),
      maxMs: round(percentile(samples, 100), 3),
    },
  };
  if (!finished) result.note += `; only ${rec.seen} of ${total} events arrived in time`;
  return [result];
});
