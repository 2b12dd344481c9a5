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
import { LatencyRecorder, latencyRow } from '../lib/latency';

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

scenarioMain<Args>('mitel-latency', async (a) => {
  const row: BenchRow = { group: a.group, key: a.variant, variant: `${LABEL[a.variant]} at ${a.ratePerSec.toLocaleString('en-US')} events/s`, status: 'ok' };
  if (a.variant === 'package') {
    const { missing } = loadableNodeTypes(['cc-server', 'cc-event', 'cc-subscribe']);
    if (missing.length) return [{ ...row, status: 'not available', note: `package nodes missing: ${missing.join(', ')}` }];
  }
  const total = a.ratePerSec * (a.warmupS + a.measureS);
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
  const result = latencyRow(row, rec, { finished, total, ratePerSec: a.ratePerSec, warmupS: a.warmupS, measureS: a.measureS, peakRssMb: mem.peakRssMb() });
  return [result];
});
