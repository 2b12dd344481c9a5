/**
 * Back-pressure instead of loss (docs/mqtt.md, "Back-pressure"): a gateway whose broker has not
 * acknowledged `pauseAt` events pauses a driver with flow control (the Mitel driver stops reading
 * its socket, TCP holds the rest at the server) and resumes it at `resumeAt`. On a real broker (aedes
 * in this process, its publish authorization held to make it slow), the real Mitel simulator and
 * real sockets: a burst fifty times the high-water mark reaches the consumer complete and in order
 * with no MQTT_DROPPED; the driver stops reading while paused; stopping or detaching releases the
 * pause; a broker restart resets the in-flight count; a pause that outlasts `maxPauseMs` gives way
 * to the in-flight bound, and what is dropped is said.
 */
import { strict as assert } from 'node:assert';
import type { PublishPacket } from 'aedes';
import { MitelClient } from '../../src/mitel/client';
import { MqttConsumerDriver } from '../../src/mqtt/consumer-driver';
import type { GatewayOptions } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { startAedes, type AedesBroker } from '../helpers/brokers';
import { startGatewayRig, type GatewayRig } from './support/gateway-rig';
import { burst, numbersOf } from './support/numbered-events';
import { eventually } from './support/runtimes';

const TREE = { mqttPrefix: 'bp', mqttServerId: 'main' };
const ROOT = 'bp/main';
const WAIT_MS = 8000;

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/** Wait until `count()` has not changed for `quietMs` (the reader stopped taking anything). */
async function settled(count: () => number, quietMs = 300): Promise<number> {
  let last = count();
  let since = Date.now();
  await eventually(() => {
    if (count() !== last) {
      last = count();
      since = Date.now();
    }
    return Date.now() - since >= quietMs;
  }, 'a count that stays put', WAIT_MS);
  return last;
}

/**
 * The broker made slow on purpose: while closed, the first event publish it reads from the gateway
 * waits for its authorization, so aedes reads nothing more from that client and acknowledges nothing.
 */
class AckGate {
  private held: Array<() => void> = [];
  private closed = false;

  constructor(private readonly broker: AedesBroker) {
    this.install();
  }

  /** Again after a fresh restart (a new aedes instance). */
  install(): void {
    this.broker.broker.authorizePublish = (_client, packet: PublishPacket, done) => {
      if (this.closed && packet.topic.startsWith(`${ROOT}/event/`)) this.held.push(() => done(null));
      else done(null);
    };
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const release of this.held.splice(0)) release();
  }
}

describe('MQTT gateway back-pressure (Mitel feed, aedes)', function () {
  this.timeout(20000);
  let broker: AedesBroker;
  let gate: AckGate;
  let r: GatewayRig | undefined;
  let c: MqttConsumerDriver | undefined;
  const flow: Array<{ paused: boolean; inFlight: number }> = [];

  beforeEach(async () => {
    broker = await startAedes();
    gate = new AckGate(broker);
    flow.length = 0;
  });

  afterEach(async () => {
    gate.open();
    await c?.stop();
    await r?.stop();
    await broker.stop();
    c = r = undefined;
  });

  /** Gateway (each, small in-flight bounds) and consumer connected; the consumer reads every agent event. */
  async function start(options: Partial<GatewayOptions> = {}): Promise<{ rig: GatewayRig; consumer: MqttConsumerDriver; atConsumer: number[]; emitted: number[] }> {
    // High-water 100, low-water 50; the bound of 2,000 leaves room for the rest of a read chunk.
    const rig = await startGatewayRig(broker.url, TREE, { maxInFlight: 2000, pauseAt: 100, ...options });
    r = rig;
    rig.gateway.on('flow', (f: { paused: boolean; inFlight: number }) => flow.push(f));
    const settings = { ...TREE, mqttBroker: broker.url };
    const consumer = new MqttConsumerDriver({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), vendor: 'mitel', requestTimeoutMs: 2000, backoff: { initialMs: 100, maxMs: 500 } });
    c = consumer;
    const atConsumer = numbersOf(consumer);
    const emitted = numbersOf(rig.driver);
    consumer.start();
    await eventually(() => rig.driver.state === 'connected' && consumer.state === 'connected', 'gateway driver and consumer connected', WAIT_MS);
    await consumer.subscribe('n1', { type: 'agent-activity', entities: ['*'] });
    return { rig, consumer, atConsumer, emitted };
  }

  it('a burst fifty times the high-water mark reaches the consumer complete and in order, no MQTT_DROPPED; the feed is not read while paused', async () => {
    const { rig, atConsumer, emitted } = await start();
    const total = 5000;
    gate.close();
    burst(rig.sim, 0, total);
    await eventually(() => rig.driver.eventsPaused === true, 'the driver paused', WAIT_MS);
    assert.deepEqual(flow[0], { paused: true, inFlight: 100 }, 'paused at the high-water mark');
    // The simulator wrote the whole burst; the driver stopped at the rest of the chunk it had read.
    const read = await settled(() => emitted.length);
    assert.ok(read < total, `the driver emitted ${read} of ${total} while paused`);
    assert.ok(rig.gateway.eventsInFlight < 2000, `in flight ${rig.gateway.eventsInFlight} within the bound`);
    assert.equal(rig.driver.state, 'connected');

    gate.open();
    await eventually(() => atConsumer.length >= total, `${total} events at the consumer (${atConsumer.length})`, WAIT_MS);
    assert.deepEqual(atConsumer, range(0, total));
    assert.deepEqual(rig.warnings, [], 'nothing dropped');
    await eventually(() => rig.gateway.eventsInFlight === 0 && !rig.driver.eventsPaused, 'everything acknowledged, the feed read again', WAIT_MS);
    assert.ok(flow.some((f) => !f.paused), 'resumed');
    assert.ok(flow.every((f, i) => f.paused === (i % 2 === 0)), 'pauses and resumes alternate');
  });

  it('detaching the driver and stopping the gateway while paused release the feed at once; the driver stops cleanly', async () => {
    const { rig, emitted } = await start();
    gate.close();
    burst(rig.sim, 0, 2000);
    await eventually(() => rig.driver.eventsPaused === true, 'the driver paused', WAIT_MS);
    rig.gateway.detach();
    assert.equal(rig.driver.eventsPaused, false, 'released by detach');
    assert.equal(flow.at(-1)?.paused, false, 'the gateway says it released');
    // Read again: the rest of the burst arrives at the driver (and goes nowhere: detached).
    await eventually(() => emitted.length === 2000, 'the whole burst read after the release', WAIT_MS);

    // Held again by the gateway, then the gateway stops: released before stop() even settles.
    rig.gateway.attach(rig.driver);
    burst(rig.sim, 2000, 2000);
    await eventually(() => rig.driver.eventsPaused === true, 'paused again', WAIT_MS);
    const stopping = rig.gateway.stop();
    assert.equal(rig.driver.eventsPaused, false, 'released by stop');
    gate.open();
    await stopping;
    await rig.driver.stop();
    assert.equal(rig.driver.state, 'stopped');
    await eventually(() => rig.sim.clientCount() === 0, 'the feed connection closed', WAIT_MS);
  });

  it('a broker restart while paused resets the in-flight count: the next burst arrives whole, nothing stays held', async () => {
    const { rig, atConsumer } = await start({ backoff: { initialMs: 50, maxMs: 200 } });
    gate.close();
    burst(rig.sim, 0, 2000);
    await eventually(() => rig.driver.eventsPaused === true, 'the driver paused', WAIT_MS);
    await broker.restart({ fresh: true });
    gate.install();
    gate.open();
    await eventually(() => !rig.driver.eventsPaused, 'released when the broker went away', WAIT_MS);
    await eventually(() => rig.gateway.brokerState.state === 'connected' && c?.state === 'connected', 'both back on the broker', WAIT_MS);
    // The publishes of the old connection never count back: the count starts at 0 on the new one.
    await eventually(() => rig.gateway.eventsInFlight === 0, 'nothing in flight on the new connection', WAIT_MS);
    burst(rig.sim, 10_000, 1000);
    await eventually(() => atConsumer.filter((n) => n >= 10_000).length >= 1000, 'the second burst at the consumer', WAIT_MS);
    assert.deepEqual(atConsumer.filter((n) => n >= 10_000), range(10_000, 1000));
    await eventually(() => rig.gateway.eventsInFlight === 0 && !rig.driver.eventsPaused, 'all acknowledged', WAIT_MS);
    // The publishes the broker held unacknowledged may be lost: said, with their number.
    const unacknowledged = rig.warnings.find((w) => (w.detail as { unacknowledged?: number } | undefined)?.unacknowledged !== undefined);
    assert.ok(((unacknowledged?.detail as { unacknowledged: number } | undefined)?.unacknowledged ?? 0) >= 100, JSON.stringify(rig.warnings));
    // What the driver read while the broker was away is dropped and said; the bound never dropped.
    assert.ok(rig.warnings.every((w) => w.code === 'MQTT_DROPPED' && (w === unacknowledged || /no broker connection/.test(w.message))), JSON.stringify(rig.warnings));
  });

  it('events while the broker is away are not queued: dropped, and the count is said when it is back', async () => {
    const { rig, atConsumer, emitted } = await start({ backoff: { initialMs: 50, maxMs: 200 } });
    const back = broker.restart({ downMs: 1000 });
    await eventually(() => rig.gateway.brokerState.state !== 'connected', 'the gateway lost the broker', WAIT_MS);
    burst(rig.sim, 0, 100);
    await eventually(() => emitted.length === 100, 'the events read from the feed', WAIT_MS);
    assert.deepEqual(rig.warnings.map((w) => w.message), ['no broker connection: events are dropped']);
    await back;
    await eventually(() => rig.gateway.brokerState.state === 'connected' && c?.state === 'connected', 'both back on the broker', WAIT_MS);
    burst(rig.sim, 100, 1);
    await eventually(() => atConsumer.includes(100), 'the event after the outage', WAIT_MS);
    assert.deepEqual(atConsumer, [100]);
    assert.equal(rig.warnings.length, 2);
    assert.deepEqual(rig.warnings[1].detail, { dropped: 100 });
    assert.match(rig.warnings[1].message, /^100 events were dropped \(no broker connection\)$/);
  });

  it('a pause that outlasts maxPauseMs gives way to the in-flight bound: MQTT_STALLED, then what is dropped is counted', async () => {
    const { rig, atConsumer } = await start({ maxPauseMs: 300, maxInFlight: 300 });
    const total = 3000;
    gate.close();
    burst(rig.sim, 0, total);
    await eventually(() => rig.warnings.some((w) => w.code === 'MQTT_STALLED'), 'MQTT_STALLED', WAIT_MS);
    assert.equal(rig.driver.eventsPaused, false, 'the feed is read again');
    await eventually(() => rig.warnings.some((w) => w.code === 'MQTT_DROPPED'), 'the first MQTT_DROPPED', WAIT_MS);
    assert.ok(rig.gateway.eventsInFlight <= 300, 'the bound holds');
    gate.open();
    // The streak's count is told at the next event the bound admits.
    await eventually(() => rig.gateway.eventsInFlight === 0, 'the broker caught up', WAIT_MS);
    burst(rig.sim, total, 1);
    await eventually(() => atConsumer.includes(total), 'the event after the burst', WAIT_MS);
    const dropped = rig.warnings.reduce((sum, w) => sum + ((w.detail as { dropped?: number } | undefined)?.dropped ?? 0), 0);
    const delivered = atConsumer.filter((n) => n < total);
    assert.ok(dropped > 0, 'some dropped');
    assert.equal(delivered.length + dropped, total, `${delivered.length} delivered + ${dropped} dropped`);
    assert.deepEqual(delivered, [...delivered].sort((x, y) => x - y));
  });
});

describe('Mitel driver flow control (pauseEvents / resumeEvents)', function () {
  this.timeout(15000);
  let sim: MitelSimulator;
  let driver: MitelClient;

  beforeEach(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    driver = new MitelClient({ host: '127.0.0.1', port: sim.port, user: 'demo', password: 'demo', idleTimeoutMs: 300, requestTimeoutMs: 2000 });
    driver.start();
    await eventually(() => driver.state === 'connected', 'connected', WAIT_MS);
    await driver.subscribe('n1', { type: 'agent-activity', entities: ['*'] });
  });

  afterEach(async () => {
    await driver.stop();
    await sim.stop();
  });

  it('reads nothing while any holder holds, past the idle timeout, then everything in order', async () => {
    const seen = numbersOf(driver);
    driver.pauseEvents('a');
    driver.pauseEvents('b');
    burst(sim, 0, 1000);
    // Three idle timeouts: the silence is the driver's own, the connection stays.
    await new Promise((res) => setTimeout(res, 900));
    assert.deepEqual(seen, []);
    assert.equal(driver.state, 'connected');
    driver.resumeEvents('a');
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(seen, [], 'still held by b');
    driver.resumeEvents('b');
    await eventually(() => seen.length >= 1000, 'the burst', WAIT_MS);
    assert.deepEqual(seen, range(0, 1000));
    assert.equal(driver.eventsPaused, false);
  });

  it('stop() while paused releases the pause and closes the socket', async () => {
    driver.pauseEvents('a');
    burst(sim, 0, 1000);
    await driver.stop();
    assert.equal(driver.eventsPaused, false);
    assert.equal(driver.state, 'stopped');
    await eventually(() => sim.clientCount() === 0, 'the connection closed at the simulator', WAIT_MS);
  });
});
