/**
 * One gateway, N consumers (issue "Beyond one Node-RED", Performance): the Mitel 100k burst from the
 * generator reaches a Mitel driver, the MQTT gateway publishes it at QoS 1 to mosquitto (its own
 * process), and N consumer drivers in this process receive it. Rows:
 *  - `direct`: the same burst into the Mitel driver alone (the connection a cc-event node uses);
 *  - `gateway-<N>`: events/s per consumer (every consumer must get every event: a loss is "did not
 *    finish"), from the generator's first byte to the last event at the slowest consumer;
 *  - `latency-<N>`: the MQTT hop's added latency at 1,000 events/s (the simulator emitting paced
 *    events): each event's arrival at a consumer minus its arrival at the gateway's driver, both
 *    timed in this process, p50 / p99 over every consumer's events.
 * Library level (no Node-RED runtime): the gateway and consumers are the classes the cc-server uses.
 * `events`: the gateway's event messages, `each` (one per event, the default) or `batched` (one per
 * turn of its event loop); rows of a batched gateway have `-batched` in their key.
 */
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttConsumerDriver } from '../../src/mqtt/consumer-driver';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings, type EventMessages } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import type { ContactCenterDriver } from '../../src/core/driver';
import type { CcEvent } from '../../src/core/types';
import { fork } from 'child_process';
import * as path from 'path';
import { startGenerator } from '../lib/generator-process';
import { OUT_ROOT } from '../lib/paths';
import { startMosquitto, type BenchBroker } from '../lib/mosquitto';
import type { BenchRow } from '../lib/result';
import { scenarioMain, waitUntil } from '../lib/scenario';
import { percentile, round, wallMs } from '../lib/stats';

interface Args {
  group: string;
  /** gateway: consumers in this process; gateway-procs: one process per consumer (as Node-RED instances are). */
  variant: 'direct' | 'gateway' | 'gateway-procs' | 'latency';
  count: number;
  consumers: number;
  capMs: number;
  /** latency: events per second and seconds of paced events. */
  rate?: number;
  seconds?: number;
  /** QoS of events (default 1, what the issue measures). */
  qos?: 0 | 1;
  /** The gateway's event messages (default `each`). */
  events?: EventMessages;
}

const quiet = { warn: () => undefined, error: () => undefined };
const TREE = { mqttPrefix: 'bench', mqttServerId: 'mitel', mqttQos: '1', requestTimeout: 10 };

function connected(driver: ContactCenterDriver, ms: number): Promise<boolean> {
  return waitUntil(() => driver.state === 'connected', ms, 10);
}

interface Fanout {
  driver: ContactCenterDriver;
  gateway: MqttGateway;
  consumers: MqttConsumerDriver[];
  stop(): Promise<void>;
}

interface FanoutOptions {
  qos?: 0 | 1;
  events?: EventMessages;
}

async function fanout(broker: BenchBroker, settings: Record<string, unknown>, credentials: Record<string, string>, n: number, options: FanoutOptions = {}): Promise<Fanout> {
  const qos = options.qos ?? 1;
  const driver = mitelVendor.open(settings, credentials, { log: quiet }).create();
  const mqttSettings = { ...TREE, mqttQos: String(qos), mqttBroker: broker.url };
  const gateway = new MqttGateway({
    broker: brokerSettings(mqttSettings, {}),
    tree: treeSettings(mqttSettings),
    serverName: 'bench',
    gatewayId: 'gw-bench',
    vendor: 'mitel',
    eventMessages: options.events ?? 'each',
    log: quiet,
    // The defaults of a cc-server gateway (in-flight bound, back-pressure on the feed): the rows say
    // what a user's gateway does, not what one with an unbounded queue would.
  });
  gateway.attach(driver);
  gateway.start();
  const consumers: MqttConsumerDriver[] = [];
  for (let i = 0; i < n; i++) {
    const c = new MqttConsumerDriver({ broker: brokerSettings(mqttSettings, {}), tree: treeSettings(mqttSettings), vendor: 'mitel', requestTimeoutMs: 10000, idBase: `c${i}` });
    c.start();
    consumers.push(c);
  }
  return {
    driver,
    gateway,
    consumers,
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await gateway.stop();
      await driver.stop();
    },
  };
}

async function throughput(a: Args, row: BenchRow): Promise<BenchRow[]> {
  const gen = await startGenerator(a.count, 'protocol', 'mixed');
  const settings = { host: '127.0.0.1', port: gen.port, requestTimeout: 10 };
  const credentials = { user: 'bench', password: 'bench' };
  const broker = a.variant === 'gateway' ? await startMosquitto() : undefined;
  const counts = new Array<number>(a.variant === 'gateway' ? Math.max(1, a.consumers) : 1).fill(0);
  let lastAt = 0;
  let rig: Fanout | undefined;
  let driver: ContactCenterDriver;
  if (broker) {
    rig = await fanout(broker, settings, credentials, a.consumers, a);
    driver = rig.driver;
    rig.consumers.forEach((c, i) =>
      c.on('event', () => {
        if (++counts[i] === a.count) lastAt = Math.max(lastAt, wallMs());
      }),
    );
  } else {
    driver = mitelVendor.open(settings, credentials, { log: quiet }).create();
    driver.on('event', () => {
      if (++counts[0] === a.count) lastAt = wallMs();
    });
  }
  driver.start();
  const cpu0 = process.cpuUsage();
  if (rig) {
    await Promise.all(rig.consumers.map((c) => connected(c, 20000)));
    // One consumer asks for the feed; the gateway's driver subscribes, and the generator starts.
    await rig.consumers[0].subscribe('bench', { type: 'agent-activity', entities: ['*'] });
  } else {
    await connected(driver, 20000);
    await driver.subscribe('bench', { type: 'agent-activity', entities: ['*'] });
  }
  const startAt = await Promise.race([gen.burstStart, new Promise<number>((r) => setTimeout(() => r(0), 20000))]);
  const finished = startAt ? await waitUntil(() => counts.every((c) => c >= a.count), a.capMs, 20) : false;
  const cpu = process.cpuUsage(cpu0);
  gen.stop();
  await rig?.stop();
  if (!rig) await driver.stop();
  await broker?.stop();
  const slowest = Math.min(...counts);
  // Events some consumer did not get, and extra copies (a QoS 1 redelivery) over all consumers.
  const loss = counts.reduce((sum, c) => sum + Math.max(0, a.count - c), 0);
  const duplicates = counts.reduce((sum, c) => sum + Math.max(0, c - a.count), 0);
  const n = counts.length;
  if (!finished) {
    const t = wallMs() - startAt;
    return [{
      ...row, status: 'did not finish', delivered: slowest, durationMs: round(t),
      note: `${slowest} of ${a.count} at the slowest consumer within ${a.capMs / 1000} s; ${counts.filter((c) => c >= a.count).length} of ${n} consumers had every event`,
      extra: { consumers: n, loss, duplicates },
    }];
  }
  const t = lastAt - startAt;
  return [{
    ...row, delivered: slowest, durationMs: round(t), eventsPerSec: round((a.count / t) * 1000),
    note: rig && `delivered and events/s per consumer: each of the ${n} consumer connection${n === 1 ? '' : 's'} had all ${a.count.toLocaleString('en-US')} events (loss ${loss})`,
    extra: { consumers: n, loss, duplicates, cpuUsPerEvent: round((cpu.user + cpu.system) / a.count, 2) },
  }];
}

async function latency(a: Args, row: BenchRow): Promise<BenchRow[]> {
  const sim = new MitelSimulator({ port: 0, user: 'bench', password: 'bench' });
  await sim.start();
  const broker = await startMosquitto();
  const rig = await fanout(broker, { host: '127.0.0.1', port: sim.port, requestTimeout: 10 }, { user: 'bench', password: 'bench' }, a.consumers, a);
  const seenAtGateway = new Map<number, number>();
  const added: number[] = [];
  rig.driver.on('event', (e: CcEvent) => {
    const n = (e.payload as { n?: number }).n;
    if (typeof n === 'number') seenAtGateway.set(n, performance.now());
  });
  for (const c of rig.consumers) {
    c.on('event', (e: CcEvent) => {
      const n = (e.payload as { n?: number }).n;
      const at = typeof n === 'number' ? seenAtGateway.get(n) : undefined;
      if (at !== undefined) added.push(performance.now() - at);
    });
  }
  rig.driver.start();
  await Promise.all(rig.consumers.map((c) => connected(c, 20000)));
  await rig.consumers[0].subscribe('bench', { type: 'agent-activity', entities: ['*'] });
  const rate = a.rate ?? 1000;
  const total = rate * (a.seconds ?? 5);
  // Paced in 10 ms steps: 10 events per step at 1,000/s.
  const perStep = Math.max(1, Math.round(rate / 100));
  const began = performance.now();
  for (let n = 0; n < total; n += perStep) {
    for (let k = n; k < Math.min(total, n + perStep); k++) sim.emitEvent({ message: 'agent-idle', 'agent-id': 1001, n: k });
    const due = began + ((n + perStep) / rate) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  await waitUntil(() => added.length >= total * a.consumers, 10000, 20);
  await rig.stop();
  await broker.stop();
  await sim.stop();
  const expected = total * a.consumers;
  return [{
    ...row,
    status: added.length >= expected ? 'ok' : 'did not finish',
    offered: total,
    delivered: Math.floor(added.length / a.consumers),
    p50Ms: round(percentile(added, 50), 2),
    p99Ms: round(percentile(added, 99), 2),
    note: `${rate} events/s for ${a.seconds ?? 5} s to ${a.consumers} consumers; added latency = consumer arrival - gateway driver arrival`,
    extra: { consumers: a.consumers, samples: added.length },
  }];
}

/** Consumers as processes of their own: each reports ready, then the time it had every event. */
async function throughputInProcesses(a: Args, row: BenchRow): Promise<BenchRow[]> {
  const gen = await startGenerator(a.count, 'protocol', 'mixed');
  const broker = await startMosquitto();
  const rig = await fanout(broker, { host: '127.0.0.1', port: gen.port, requestTimeout: 10 }, { user: 'bench', password: 'bench' }, 0, a);
  const mqttSettings = { ...TREE, mqttQos: String(a.qos ?? 1), mqttBroker: broker.url };
  const children = Array.from({ length: a.consumers }, (_, i) =>
    fork(path.join(OUT_ROOT, 'bench', 'mqtt-consumer.js'), [JSON.stringify({ settings: mqttSettings, count: a.count, id: `p${i}` })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  let ready = 0;
  const doneAt: number[] = [];
  for (const child of children) {
    child.on('message', (m: { type: string; at?: number }) => {
      if (m.type === 'ready') ready++;
      else if (m.type === 'done' && m.at) doneAt.push(m.at);
    });
  }
  rig.driver.start();
  await connected(rig.driver, 20000);
  const allReady = await waitUntil(() => ready === a.consumers, 60000, 20);
  let startAt = 0;
  if (allReady) {
    await rig.driver.subscribe('bench', { type: 'agent-activity', entities: ['*'] });
    startAt = await Promise.race([gen.burstStart, new Promise<number>((r) => setTimeout(() => r(0), 20000))]);
  }
  const finished = startAt ? await waitUntil(() => doneAt.length === a.consumers, a.capMs, 20) : false;
  for (const child of children) if (child.connected) child.send({ type: 'stop' });
  await Promise.all(children.map((c) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('exit', () => r())))));
  gen.stop();
  await rig.stop();
  await broker.stop();
  if (!finished) {
    return [{ ...row, status: 'did not finish', delivered: doneAt.length, note: `${doneAt.length} of ${a.consumers} consumers had every event within ${a.capMs / 1000} s${allReady ? '' : ' (not all consumers connected)'}` }];
  }
  const t = Math.max(...doneAt) - startAt;
  return [{ ...row, delivered: a.count, durationMs: round(t), eventsPerSec: round((a.count / t) * 1000), extra: { consumers: a.consumers, processes: a.consumers } }];
}

scenarioMain<Args>('mqtt-fanout', async (a) => {
  const batched = a.events === 'batched';
  const gw = `gateway${batched ? ' (events batched)' : ''}`;
  const labels: Record<Args['variant'], string> = {
    direct: 'Mitel driver alone (what cc-event uses)',
    gateway: `${gw} -> mosquitto (QoS ${a.qos ?? 1}) -> ${a.consumers} consumers in one process, per consumer`,
    'gateway-procs': `${gw} -> mosquitto (QoS ${a.qos ?? 1}) -> ${a.consumers} consumer processes, per consumer`,
    latency: `added latency of the MQTT hop, ${gw}, ${a.consumers} consumers`,
  };
  const key = a.variant === 'direct' ? 'direct' : `${a.variant}${batched ? '-batched' : ''}-${a.consumers}`;
  const row: BenchRow = { group: a.group, key, variant: labels[a.variant], status: 'ok', offered: a.count };
  if (a.variant === 'latency') return latency(a, row);
  return a.variant === 'gateway-procs' ? throughputInProcesses(a, row) : throughput(a, row);
});

