/**
 * Steady-state latency of OpenScape webhook events at a fixed rate (default 1,000 events/s): from
 * the moment the poster stamps a DELIVERED_EVENT (`bench-at`, wall-clock ms) to the moment it
 * reaches the end of: a raw node:http server (the floor), or the package's flow (webhook ->
 * cc-contact-event -> sink) on its dedicated port or on Node-RED's. First seconds not counted.
 */
import { contactEventNodes } from '../lib/flows';
import { LatencyRecorder, latencyRow } from '../lib/latency';
import { runPaced } from '../lib/load-process';
import { MemoryWatch } from '../lib/memory';
import { CountingSink } from '../lib/node-red';
import { oscPackageSetup } from '../lib/osc-package';
import { startRawServer } from '../lib/osc-raw-server';
import type { BenchRow } from '../lib/result';
import { scenarioMain, waitUntil } from '../lib/scenario';

interface Args {
  group: string;
  variant: 'raw' | 'package-dedicated' | 'package-httpnode';
  ratePerSec: number;
  warmupS: number;
  measureS: number;
}

const LABEL: Record<Args['variant'], string> = {
  raw: 'raw node:http + JSON.parse',
  'package-dedicated': 'package: webhook on dedicated port -> cc-contact-event',
  'package-httpnode': "package: webhook on Node-RED's port -> cc-contact-event",
};

type Obj = Record<string, unknown> | undefined;

/** The stamp wherever the receiver put the event's data (the envelope, or the payload of a message). */
function stampOf(m: Obj): unknown {
  const payload = m?.payload as Obj;
  const data = ((payload ?? m)?.data as Obj)?.data as Obj;
  return payload?.['bench-at'] ?? data?.['bench-at'] ?? ((payload ?? m)?.data as Obj)?.['bench-at'];
}

scenarioMain<Args>('osc-latency', async (a) => {
  const row: BenchRow = { group: a.group, key: a.variant, variant: `${LABEL[a.variant]} at ${a.ratePerSec.toLocaleString('en-US')} events/s`, status: 'ok' };
  const total = a.ratePerSec * (a.warmupS + a.measureS);
  const rec = new LatencyRecorder(total, a.warmupS * 1000);
  const mem = new MemoryWatch();
  let sink: CountingSink;
  let url: string;
  let cleanup: () => Promise<void> | void;
  if (a.variant === 'raw') {
    sink = new CountingSink();
    const s = await startRawServer(sink);
    url = s.url;
    cleanup = s.close;
  } else {
    const setup = await oscPackageSetup(a.variant === 'package-dedicated' ? 'dedicated' : 'httpNode', contactEventNodes, ['cc-contact-event'], 'TELEPHONY');
    if ('unavailable' in setup) return [{ ...row, status: 'not available', note: setup.unavailable }];
    sink = setup.nr.sink;
    url = setup.webhookUrl;
    cleanup = setup.stop;
  }
  sink.observe = (m) => rec.record(stampOf(m));
  const posted = await runPaced(url, a.ratePerSec, total);
  const finished = await waitUntil(() => rec.seen >= total, 10000, 20);
  mem.stop();
  await cleanup();
  const result = latencyRow(row, rec, { finished, total, ratePerSec: a.ratePerSec, warmupS: a.warmupS, measureS: a.measureS, peakRssMb: mem.peakRssMb() });
  if (posted.errors) result.note += `; ${posted.errors} failed posts ${JSON.stringify(posted.statuses)}`;
  return [result];
});
