/**
 * The MQTT gateway as a user runs it (issue "Beyond one Node-RED", Performance), against a direct
 * cc-event in the same run: the consumer is a real Node-RED (this process) whose flow is the
 * package flow of mitel-throughput's `package` (cc-server + cc-subscribe + cc-event -> sink), and
 * only its cc-server's Connection differs:
 *  - `direct`: the cc-server connects to the generator itself (mitel-throughput's `package`);
 *  - `gateway-each` / `gateway-batched`: the cc-server is `via MQTT`; a gateway Node-RED in a child
 *    process (cc-server `direct + publish to MQTT`, Event messages `each` or `batched`) holds the
 *    connection to the generator and publishes at QoS 1 to mosquitto (a process of its own).
 * The generator (its own process) is the same in all three. Each round measures the three variants
 * one after another (the order turns every round), so that the comparison is made at the same
 * moment of the machine; the rows keep each variant's best round and list every round.
 *
 * `throughput`: the Mitel burst, events/s from the generator's first byte to the last event at the
 * consumer's sink; a loss (or a stall of 10 s) is "did not finish". CPU per event of the consumer
 * (this process), of the gateway process and of mosquitto (/proc) says where the 2 CPUs went.
 * `latency`: a paced stream (default 1,000 events/s), each event stamped at its write
 * (`bench-at`), measured at the consumer's sink after a warm-up; p50/p99 per variant and the
 * added p99 of each gateway variant against the direct one of the same round.
 */
import { startGenerator, type GeneratorHandle } from '../lib/generator-process';
import { startGatewayRed, type GatewayRed } from '../lib/gateway-red';
import { LatencyRecorder, latencyRow } from '../lib/latency';
import { startMosquitto, type BenchBroker } from '../lib/mosquitto';
import { startNodeRed, type FlowNode, type NodeRedInstance } from '../lib/node-red';
import { MITEL_CREDENTIALS, mitelConsumerFlow, mitelGatewayFlow, mitelPackageFlow, type MqttTreeOptions } from '../lib/flows';
import { loadableNodeTypes } from '../lib/paths';
import type { BenchRow } from '../lib/result';
import { scenarioMain, waitUntil } from '../lib/scenario';
import { round, wallMs } from '../lib/stats';

type Variant = 'direct' | 'gateway-each' | 'gateway-batched';
const VARIANTS: Variant[] = ['direct', 'gateway-each', 'gateway-batched'];

interface Args {
  group: string;
  mode: 'throughput' | 'latency';
  rounds: number;
  /** throughput: events in the burst, and the time cap of one burst. */
  count?: number;
  capMs?: number;
  /** latency: events per second, warm-up and measured seconds. */
  ratePerSec?: number;
  warmupS?: number;
  measureS?: number;
  /** Only these variants (profiling one of them); default all three. */
  variants?: Variant[];
}

const LABEL: Record<Variant, string> = {
  direct: 'Node-RED: cc-server (direct) -> cc-event',
  'gateway-each': 'Node-RED: cc-server (via MQTT) -> cc-event; gateway Node-RED, events each, QoS 1, mosquitto',
  'gateway-batched': 'Node-RED: cc-server (via MQTT) -> cc-event; gateway Node-RED, events batched, QoS 1, mosquitto',
};
const STALL_MS = 10000;

/** One variant's measurement set-up: the consumer's flow deployed, the gateway and broker behind it. */
interface Rig {
  generator: GeneratorHandle;
  broker?: BenchBroker;
  teardown(): Promise<void>;
}

let measurement = 0;

/**
 * Deploy one variant against a started generator. The gateway (when there is one) is deployed
 * first; the generator starts only when the consumer's cc-subscribe has reached it through the
 * gateway, so the consumer is on the broker before the first event.
 */
async function deployVariant(nr: NodeRedInstance, gw: GatewayRed, variant: Variant, generator: GeneratorHandle): Promise<Rig> {
  if (variant === 'direct') {
    await nr.deploy(mitelPackageFlow(generator.port, true), MITEL_CREDENTIALS);
    return { generator, teardown: () => clear(nr) };
  }
  const broker = await startMosquitto();
  // A server id of its own per measurement: nothing retained from an earlier one can be read.
  const tree: MqttTreeOptions = { brokerUrl: broker.url, serverId: `m${++measurement}` };
  await gw.deploy(mitelGatewayFlow(generator.port, tree, variant === 'gateway-each' ? 'each' : 'batched'), MITEL_CREDENTIALS);
  await nr.deploy(mitelConsumerFlow(tree));
  return {
    generator,
    broker,
    async teardown() {
      await clear(nr);
      await gw.deploy([]);
      await broker.stop();
    },
  };
}

const EMPTY: FlowNode[] = [];
async function clear(nr: NodeRedInstance): Promise<void> {
  await nr.deploy(EMPTY);
  nr.sink.reset();
}

/** Wait for `count` events at the sink; false at the cap, or when nothing arrived for STALL_MS. */
async function delivered(nr: NodeRedInstance, count: number, capMs: number): Promise<boolean> {
  let last = -1;
  let lastChange = Date.now();
  return waitUntil(() => {
    if (nr.sink.count !== last) {
      last = nr.sink.count;
      lastChange = Date.now();
    }
    return nr.sink.count >= count || Date.now() - lastChange > STALL_MS;
  }, capMs, 20).then((ok) => ok && nr.sink.count >= count);
}

interface BurstRun {
  ok: boolean;
  delivered: number;
  durationMs: number;
  eventsPerSec: number;
  cpuUsPerEvent: number;
  gatewayCpuUsPerEvent?: number;
  brokerCpuUsPerEvent?: number;
  note?: string;
}

async function burst(nr: NodeRedInstance, gw: GatewayRed, variant: Variant, a: Args): Promise<BurstRun> {
  const count = a.count ?? 100_000;
  // The burst waits for the subscribe however long the consumer takes to connect.
  const generator = await startGenerator(count, 'protocol', 'mixed', { startWithoutSubscribeMs: 600_000 });
  nr.sink.reset();
  const gwCpu0 = variant === 'direct' ? 0 : await gw.cpuUs();
  const cpu0 = process.cpuUsage();
  const rig = await deployVariant(nr, gw, variant, generator);
  const brokerCpu0 = rig.broker?.cpuUs() ?? 0;
  const startAt = await Promise.race([generator.burstStart, new Promise<number>((r) => setTimeout(() => r(0), 30000))]);
  const ok = startAt > 0 && (await delivered(nr, count, a.capMs ?? 60000));
  const cpu = process.cpuUsage(cpu0);
  const gwCpu = variant === 'direct' ? 0 : (await gw.cpuUs()) - gwCpu0;
  const brokerCpu = (rig.broker?.cpuUs() ?? 0) - brokerCpu0;
  const n = nr.sink.count;
  const endAt = ok ? nr.sink.lastAt : wallMs();
  generator.stop();
  await rig.teardown();
  const drops = gw.takeDropWarnings();
  const dropNote = drops.length ? `; the gateway warned MQTT_DROPPED (its in-flight bound, 10,000 QoS 1 events, was reached): ${drops.join(' / ')}` : '';
  const t = startAt ? endAt - startAt : 0;
  return {
    ok,
    delivered: n,
    durationMs: round(t),
    eventsPerSec: t > 0 ? round((n / t) * 1000) : 0,
    cpuUsPerEvent: round((cpu.user + cpu.system) / Math.max(1, n), 2),
    gatewayCpuUsPerEvent: variant === 'direct' ? undefined : round(gwCpu / Math.max(1, n), 2),
    brokerCpuUsPerEvent: variant === 'direct' ? undefined : round(brokerCpu / Math.max(1, n), 2),
    note: (ok ? '' : startAt ? `${n} of ${count} at the consumer (nothing more within ${STALL_MS / 1000} s)` : 'the burst never started') + dropNote || undefined,
  };
}

/**
 * `rounds` rounds of every variant, the order turned every round (each variant goes first once in
 * three); the runs of each variant in round order.
 */
async function interleaved<T>(a: Args, measure: (v: Variant) => Promise<T>): Promise<Map<Variant, T[]>> {
  const variants = VARIANTS.filter((v) => !a.variants || a.variants.includes(v));
  const runs = new Map<Variant, T[]>(variants.map((v) => [v, []]));
  for (let r = 0; r < a.rounds; r++) {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(i + r) % variants.length];
      runs.get(v)?.push(await measure(v));
    }
  }
  return runs;
}

async function throughput(a: Args, nr: NodeRedInstance, gw: GatewayRed): Promise<BenchRow[]> {
  const runs = await interleaved(a, (v) => burst(nr, gw, v, a));
  const direct = runs.get('direct') ?? [];
  return [...runs.keys()].map((v) => {
    const all = runs.get(v) ?? [];
    const row: BenchRow = { group: a.group, key: v, variant: LABEL[v], status: 'ok', offered: a.count };
    const ok = all.filter((x) => x.ok);
    const listed = all.map((x) => (x.ok ? `${x.eventsPerSec.toLocaleString('en-US')}/s` : `did not finish (${x.delivered})`)).join(' · ');
    if (ok.length === 0) {
      const last = all[all.length - 1];
      return { ...row, status: 'did not finish', delivered: last?.delivered, durationMs: last?.durationMs, note: last?.note, extra: { runs: listed } };
    }
    const best = ok.reduce((x, y) => (y.eventsPerSec > x.eventsPerSec ? y : x));
    const extra: Record<string, number | string> = { runs: listed, cpuUsPerEvent: best.cpuUsPerEvent };
    if (best.gatewayCpuUsPerEvent !== undefined) extra.gatewayCpuUsPerEvent = best.gatewayCpuUsPerEvent;
    if (best.brokerCpuUsPerEvent !== undefined) extra.brokerCpuUsPerEvent = best.brokerCpuUsPerEvent;
    if (v !== 'direct') {
      // The same round's direct run: the ratio at one moment of the machine.
      extra.ratioPerRound = all
        .map((x, i) => (x.ok && direct[i]?.ok ? String(round(x.eventsPerSec / direct[i].eventsPerSec, 2)) : '-'))
        .join(' · ');
    }
    const lost = all.filter((x) => !x.ok).length;
    return {
      ...row,
      delivered: best.delivered,
      durationMs: best.durationMs,
      eventsPerSec: best.eventsPerSec,
      note: `best of ${all.length} rounds${lost ? `; ${lost} did not finish` : ''}; no loss: ${best.delivered.toLocaleString('en-US')} of ${(a.count ?? 0).toLocaleString('en-US')} at the consumer`,
      extra,
    };
  });
}

async function latencyOnce(nr: NodeRedInstance, gw: GatewayRed, variant: Variant, a: Args): Promise<BenchRow> {
  const rate = a.ratePerSec ?? 1000;
  const warmupS = a.warmupS ?? 3;
  const measureS = a.measureS ?? 10;
  const total = rate * (warmupS + measureS);
  const rec = new LatencyRecorder(total, warmupS * 1000);
  const generator = await startGenerator(total, 'protocol', 'mixed', { ratePerSec: rate });
  nr.sink.reset();
  nr.sink.observe = (msg) => rec.record((msg.payload as Record<string, unknown> | undefined)?.['bench-at']);
  const rig = await deployVariant(nr, gw, variant, generator);
  const finished = await waitUntil(() => rec.seen >= total, (warmupS + measureS + 30) * 1000, 20);
  generator.stop();
  await rig.teardown();
  const row: BenchRow = { group: a.group, key: variant, variant: `${LABEL[variant]}, at ${rate.toLocaleString('en-US')} events/s`, status: 'ok' };
  const result = latencyRow(row, rec, { finished, total, ratePerSec: rate, warmupS, measureS, peakRssMb: NaN });
  const drops = gw.takeDropWarnings();
  if (drops.length) result.note += `; the gateway warned MQTT_DROPPED: ${drops.join(' / ')}`;
  return result;
}

async function latency(a: Args, nr: NodeRedInstance, gw: GatewayRed): Promise<BenchRow[]> {
  const runs = await interleaved(a, (v) => latencyOnce(nr, gw, v, a));
  const direct = runs.get('direct') ?? [];
  return [...runs.keys()].map((v) => {
    const all = runs.get(v) ?? [];
    const ok = all.filter((x) => x.status === 'ok');
    const listed = all.map((x) => (x.status === 'ok' ? `p99 ${x.p99Ms} ms` : x.status)).join(' · ');
    if (ok.length === 0) return { ...all[all.length - 1], extra: { ...all[all.length - 1]?.extra, runs: listed } };
    const best = ok.reduce((x, y) => ((y.p99Ms ?? Infinity) < (x.p99Ms ?? Infinity) ? y : x));
    const extra: Record<string, number | string> = { ...best.extra, runs: listed };
    const failed = all.filter((x) => x.status !== 'ok').map((x) => x.note);
    if (failed.length) extra.notFinished = failed.join(' / ');
    if (v !== 'direct') {
      extra.addedP99PerRound = all
        .map((x, i) => (x.status === 'ok' && direct[i]?.status === 'ok' ? `+${round((x.p99Ms ?? 0) - (direct[i].p99Ms ?? 0), 3)} ms` : '-'))
        .join(' · ');
    }
    return { ...best, peakRssMb: undefined, note: `${best.note}; lowest p99 of ${all.length} rounds`, extra };
  });
}

scenarioMain<Args>('mqtt-nodered', async (a) => {
  const { missing } = loadableNodeTypes(['cc-server', 'cc-event', 'cc-subscribe']);
  if (missing.length) return [{ group: a.group, variant: 'mqtt-nodered', status: 'not available', note: `package nodes missing: ${missing.join(', ')}` }];
  const nr = await startNodeRed({ withPackage: true });
  const gw = await startGatewayRed();
  try {
    return a.mode === 'latency' ? await latency(a, nr, gw) : await throughput(a, nr, gw);
  } finally {
    await gw.stop();
    await nr.stop();
  }
});
