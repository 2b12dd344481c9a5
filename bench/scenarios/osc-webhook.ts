/**
 * OpenScape webhook ingest: 50 concurrent keep-alive connections POST DELIVERED_EVENT bodies.
 * Variants: raw node:http parsing the bodies (the limit), the core-node flow `http in -> switch ->
 * http response` on Node-RED's port, and the package's receiver (cc-server -> cc-contact-event) on
 * Node-RED's port or on its dedicated port. Throughput is counted at the end node, from the first
 * measured request to the last delivered event; latency is the HTTP round trip seen by the poster.
 */
import { runLoad, LoadResult } from '../lib/load-process';
import { MemoryWatch } from '../lib/memory';
import { CountingSink, startNodeRed, NodeRedInstance } from '../lib/node-red';
import { contactEventNodes, oscCoreFlow } from '../lib/flows';
import { oscPackageSetup } from '../lib/osc-package';
import { startRawServer } from '../lib/osc-raw-server';
import type { BenchRow } from '../lib/result';
import { scenarioMain } from '../lib/scenario';
import { round } from '../lib/stats';

export type OscVariant = 'raw' | 'core-flow' | 'package-httpnode' | 'package-dedicated';

interface Args {
  group: string;
  variant: OscVariant;
  total: number;
  warmup: number;
  concurrency: number;
}

const LABEL: Record<OscVariant, string> = {
  raw: 'raw node:http + JSON.parse',
  'core-flow': "core nodes: http in -> switch -> http response (Node-RED's port)",
  'package-httpnode': "package: webhook on Node-RED's port -> cc-contact-event",
  'package-dedicated': 'package: webhook on dedicated port -> cc-contact-event',
};

scenarioMain<Args>('osc', async (a) => {
  const row: BenchRow = { group: a.group, key: a.variant, variant: LABEL[a.variant], status: 'ok', offered: a.total };
  const mem = new MemoryWatch();
  mem.start(50);
  let sink: CountingSink;
  let url: string;
  let cleanup: () => Promise<void> | void;
  let nr: NodeRedInstance | undefined;
  if (a.variant === 'raw') {
    sink = new CountingSink();
    const s = await startRawServer(sink);
    url = s.url;
    cleanup = s.close;
  } else if (a.variant === 'core-flow') {
    nr = await startNodeRed({ withPackage: false });
    sink = nr.sink;
    await nr.deploy(oscCoreFlow());
    url = `http://127.0.0.1:${nr.port}/oscc-events`;
    cleanup = nr.stop;
  } else {
    const setup = await oscPackageSetup(
      a.variant === 'package-dedicated' ? 'dedicated' : 'httpNode',
      contactEventNodes,
      ['cc-contact-event'],
      'TELEPHONY',
    );
    if ('unavailable' in setup) return [{ ...row, status: 'not available', note: setup.unavailable }];
    nr = setup.nr;
    sink = nr.sink;
    url = setup.webhookUrl;
    cleanup = setup.stop;
  }
  let measuredStart = 0;
  const cpu0 = process.cpuUsage();
  let load: LoadResult;
  try {
    load = await runLoad(url, a.total, a.warmup, a.concurrency, (at) => (measuredStart = at));
  } catch (err) {
    await cleanup();
    return [{ ...row, status: 'error', note: String(err) }];
  }
  // Deliveries may trail the answers (the package answers before processing): wait, bounded.
  const all = a.total + a.warmup;
  const delivered = await Promise.race([
    sink.whenCount(all).then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 10000)),
  ]);
  mem.stop();
  const cpu = process.cpuUsage(cpu0);
  const endAt = delivered ? sink.lastAt : load.endAt;
  const t = endAt - (load.startAt || measuredStart);
  await cleanup();
  const out: BenchRow = {
    ...row,
    delivered: sink.count - a.warmup,
    durationMs: round(t),
    eventsPerSec: round((a.total / t) * 1000),
    p50Ms: round(load.p50Ms, 2),
    p99Ms: round(load.p99Ms, 2),
    peakRssMb: round(mem.peakRssMb()),
    // Receiver-process CPU per request (warm-up included), robust to other load on the machine.
    extra: { cpuUsPerRequest: round((cpu.user + cpu.system) / all, 1) },
  };
  if (load.errors) out.note = `${load.errors} failed requests; statuses ${JSON.stringify(load.statuses)}`;
  if (!delivered) {
    out.status = 'error';
    out.note = `${out.note ?? ''} only ${sink.count} of ${all} delivered at the end node`.trim();
  }
  return [out];
});
