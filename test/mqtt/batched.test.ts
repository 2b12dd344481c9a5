/**
 * Event messages `batched` (docs/mqtt.md): a gateway sends the events of one turn of its event loop
 * as one message on `<prefix>/<server>/events`. On real brokers: a burst reaches two consumers in
 * order, none lost or twice, in fewer messages than events and none on `event/#`; a consumer reads
 * an `each` and a `batched` gateway alike; a malformed batch costs one warning per topic and its good
 * elements still go through; the in-flight bound drops whole batches and counts events; a broker
 * that refuses the batch topic costs one warning, not the consumer's connection.
 */
import { strict as assert } from 'node:assert';
import mqtt, { type MqttClient } from 'mqtt';
import type { ContactCenterDriver } from '../../src/core/driver';
import type { CcEvent, CcWarning } from '../../src/core/types';
import { MqttConsumerDriver } from '../../src/mqtt/consumer-driver';
import { parseEnvelope, type EventEnvelope } from '../../src/mqtt/envelope';
import { EventBatcher, type EventBatch } from '../../src/mqtt/event-batcher';
import type { GatewayOptions } from '../../src/mqtt/gateway';
import { brokerSettings, eventMessages, treeSettings, type EventMessages } from '../../src/mqtt/settings';
import { startAedes, startMosquitto, type AedesBroker, type MosquittoBroker } from '../helpers/brokers';
import { startGatewayRig, type GatewayRig } from './support/gateway-rig';
import { burst, numbersOf } from './support/numbered-events';
import { eventually } from './support/runtimes';

const TREE = { mqttPrefix: 'bt', mqttServerId: 'main' };
const ROOT = 'bt/main';

function rig(url: string, mode: EventMessages, options: Partial<GatewayOptions> = {}): Promise<GatewayRig> {
  const settings = { ...TREE, mqttEventMessages: mode };
  return startGatewayRig(url, settings, { gatewayId: `gw-${mode}`, eventMessages: eventMessages(settings), ...options });
}

function consumer(url: string): MqttConsumerDriver {
  const settings = { ...TREE, mqttBroker: url };
  return new MqttConsumerDriver({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), vendor: 'mitel', requestTimeoutMs: 2000, backoff: { initialMs: 100, maxMs: 500 } });
}

function connected(driver: ContactCenterDriver): Promise<void> {
  return eventually(() => driver.state === 'connected', `connected (${JSON.stringify(driver.lastState)})`);
}

/** A raw client that counts the messages on the batch topic (events in each) and the agent events on `event/#`. */
async function watcher(url: string, version: 4 | 5): Promise<{ client: MqttClient; batches: number[]; single: number }> {
  const client = await mqtt.connectAsync(url, { protocolVersion: version, reconnectPeriod: 0 });
  const seen = { client, batches: [] as number[], single: 0 };
  client.on('message', (topic, body) => {
    if (topic === `${ROOT}/events`) {
      const env = parseEnvelope(body);
      seen.batches.push(env?.kind === 'events' ? env.events.length : -1);
    } else if (topic.startsWith(`${ROOT}/event/agent/`)) seen.single++;
  });
  await client.subscribeAsync([`${ROOT}/events`, `${ROOT}/event/#`], { qos: 1 });
  return seen;
}

/** Gateway and consumer connected, the consumer asks for every agent event, `count` of them are sent and arrive. */
async function sendBurst(r: GatewayRig, c: MqttConsumerDriver, count: number, arrived: () => number): Promise<void> {
  await Promise.all([connected(r.driver), connected(c)]);
  await c.subscribe('n1', { type: 'agent-activity', entities: ['*'] });
  burst(r.sim, 0, count);
  await eventually(() => arrived() >= count, `${count} events at the consumer`);
}

describe('MQTT event batches: EventBatcher', function () {
  it('flushes after the turn of the event loop, or at once at its bound, keeping the order', async () => {
    const sent: EventBatch[] = [];
    const batcher = new EventBatcher((b) => sent.push(b), { maxEvents: 3, maxBytes: 1000 });
    const part = (n: number) => Buffer.from(JSON.stringify({ cc: 1, kind: 'event', topic: 't', payload: { n, name: 'Anna Müller ✓' }, event: { protocol: 'mitel', family: 'agent', type: 't', receivedAt: 'x', server: 's' }, keys: [] }));
    for (let n = 0; n < 4; n++) batcher.add(part(n));
    assert.equal(sent.length, 1, 'the bound of 3 flushes at once');
    assert.equal(batcher.pending, 1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent.map((b) => b.count), [3, 1]);
    const bodies = sent.map((b) => parseEnvelope(b.body));
    const ns = bodies.flatMap((env) => (env?.kind === 'events' ? env.events.map((e) => ((e as EventEnvelope).payload as { n: number }).n) : []));
    assert.deepEqual(ns, [0, 1, 2, 3]);
    // UTF-8 written as it is: what was encoded is what is read.
    assert.ok(bodies.every((env) => env?.kind === 'events' && env.events.every((e) => ((e as EventEnvelope).payload as { name: string }).name === 'Anna Müller ✓')));
    // The character bound: one long event is a batch of its own.
    const small = new EventBatcher((b) => sent.push(b), { maxEvents: 100, maxBytes: 10 });
    small.add(part(9));
    assert.equal(sent.length, 3);
    assert.equal(small.pending, 0);
  });
});

describe('MQTT event batches on mosquitto (MQTT 5)', function () {
  this.timeout(30000);
  let broker: MosquittoBroker;

  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker?.stop();
  });

  it('a burst reaches two consumers in order, none lost or twice, in fewer messages than events, none on event/#', async () => {
    // Small batches: many of them, so that the order across batches is tested too.
    const r = await rig(broker.url, 'batched', { batchLimits: { maxEvents: 50, maxBytes: 256 * 1024 } });
    const a = consumer(broker.url);
    const b = consumer(broker.url);
    const watch = await watcher(broker.url, 5);
    const atGateway = numbersOf(r.driver);
    const atA = numbersOf(a);
    const atB = numbersOf(b);
    a.start();
    b.start();
    try {
      await Promise.all([connected(r.driver), connected(a), connected(b)]);
      await a.subscribe('n1', { type: 'agent-activity', entities: ['*'] });
      const total = 3000;
      burst(r.sim, 0, total / 2);
      await new Promise((res) => setTimeout(res, 5));
      burst(r.sim, total / 2, total / 2);
      await eventually(() => atA.length >= total && atB.length >= total, `every event at both consumers (${atA.length}, ${atB.length})`);
      const expected = Array.from({ length: total }, (_, n) => n);
      assert.deepEqual(atGateway, expected, 'the gateway driver saw the burst in order');
      assert.deepEqual(atA, expected);
      assert.deepEqual(atB, expected);
      await eventually(() => watch.batches.reduce((s, c) => s + c, 0) >= total, 'every batch at the watcher');
      assert.equal(watch.single, 0, 'a batched gateway publishes nothing on event/#');
      assert.ok(watch.batches.every((c) => c > 0 && c <= 50), `batch sizes within the bound: ${watch.batches.join(',')}`);
      assert.ok(watch.batches.length >= total / 50 && watch.batches.length < total, `${watch.batches.length} messages for ${total} events`);
      // Nothing more arrives later (no duplicate from a late flush).
      await new Promise((res) => setTimeout(res, 200));
      assert.equal(atA.length, total);
      assert.equal(atB.length, total);
    } finally {
      await watch.client.endAsync();
      await Promise.all([a.stop(), b.stop()]);
      await r.stop();
    }
  });

  for (const mode of ['each', 'batched'] as const) {
    it(`a consumer emits exactly the gateway driver's events from a gateway with event messages "${mode}"`, async () => {
      const r = await rig(broker.url, mode);
      const c = consumer(broker.url);
      const atGateway: CcEvent[] = [];
      const atConsumer: CcEvent[] = [];
      r.driver.on('event', (e: CcEvent) => e.family === 'agent' && atGateway.push(e));
      c.on('event', (e: CcEvent) => e.family === 'agent' && atConsumer.push(e));
      const watch = await watcher(broker.url, 5);
      c.start();
      try {
        await sendBurst(r, c, 20, () => atConsumer.length);
        assert.equal(atGateway.length, 20);
        // The same CcEvent, field by field (a JSON round trip: what travels is JSON).
        assert.deepEqual(atConsumer, JSON.parse(JSON.stringify(atGateway)));
        await eventually(() => watch.single + watch.batches.length > 0, 'messages at the watcher');
        if (mode === 'each') assert.deepEqual([watch.single, watch.batches.length], [20, 0]);
        else assert.equal(watch.single, 0);
      } finally {
        await watch.client.endAsync();
        await c.stop();
        await r.stop();
      }
    });
  }
});

describe('MQTT event batches on aedes (MQTT 3.1.1)', function () {
  this.timeout(30000);
  let broker: AedesBroker;

  before(async () => {
    broker = await startAedes();
  });
  after(async () => {
    await broker?.stop();
  });

  it('a malformed batch is one warning per topic; the good elements of a batch still go through, in order', async () => {
    const r = await rig(broker.url, 'batched');
    const c = consumer(broker.url);
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    const events: CcEvent[] = [];
    c.on('event', (e: CcEvent) => events.push(e));
    const raw = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    c.start();
    try {
      await connected(c);
      const good = (n: number): EventEnvelope => ({
        cc: 1,
        kind: 'event',
        topic: 'agent-idle',
        payload: { message: 'agent-idle', 'agent-id': 1001, n },
        event: { protocol: 'mitel', family: 'agent', type: 'agent-idle', receivedAt: '2026-12-06T00:00:00.000Z', server: 'main' },
        keys: ['agent:1001'],
      });
      const publish = (topic: string, body: unknown) => raw.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
      await publish(`${ROOT}/events`, { cc: 1, kind: 'events', events: [good(1), { cc: 1, kind: 'event', topic: 'x' }, 'text', good(2), { ...good(3), cc: 2 }, good(4)] });
      await eventually(() => events.length === 3, 'the good elements');
      assert.deepEqual(events.map((e) => (e.payload as { n: number }).n), [1, 2, 4]);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0].code, 'MQTT_FOREIGN_MESSAGE');
      assert.match(warnings[0].message, /3 of 6 elements of an event batch on bt\/main\/events/);
      // More bad batches on the same topic: no more warnings; on another topic of the tree: one.
      await publish(`${ROOT}/events`, { cc: 1, kind: 'events', events: 'not a list' });
      await publish(`${ROOT}/events`, { cc: 1, kind: 'events', events: [null] });
      await publish(`${ROOT}/events`, 'garbage');
      await publish(`${ROOT}/event/agent/agent-idle/agent%3A1`, { cc: 1, kind: 'events', events: [good(5), 7] });
      await eventually(() => events.length === 4, 'the good element of the last batch');
      assert.equal((events[3].payload as { n: number }).n, 5);
      await eventually(() => warnings.length === 2, 'one warning for the second topic');
      await new Promise((res) => setTimeout(res, 100));
      assert.deepEqual(warnings.map((w) => (w.detail as { topic: string }).topic), [`${ROOT}/events`, `${ROOT}/event/agent/agent-idle/agent%3A1`]);
    } finally {
      await raw.endAsync();
      await c.stop();
      await r.stop();
    }
  });

  it('a broker whose ACL refuses the batch topic: one warning, and the consumer still reads an "each" gateway', async () => {
    const acl = await startAedes();
    acl.broker.authorizeSubscribe = (_client, sub, done) => done(null, sub.topic === `${ROOT}/events` ? null : sub);
    const r = await rig(acl.url, 'each');
    const c = consumer(acl.url);
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    const atConsumer = numbersOf(c);
    c.start();
    try {
      await sendBurst(r, c, 20, () => atConsumer.length);
      assert.deepEqual(atConsumer, Array.from({ length: 20 }, (_, n) => n));
      assert.equal(c.state, 'connected');
      assert.deepEqual(warnings.map((w) => w.code), ['MQTT_BATCHES_REFUSED']);
    } finally {
      await c.stop();
      await r.stop();
      await acl.stop();
    }
  });

  it('the in-flight bound counts events: whole batches are dropped, and delivered + dropped = emitted', async () => {
    // Without flow control (a driver that cannot make its server wait): the bound drops.
    const r = await rig(broker.url, 'batched', { maxInFlight: 1, flowControl: false, batchLimits: { maxEvents: 10, maxBytes: 256 * 1024 } });
    const c = consumer(broker.url);
    const atConsumer = numbersOf(c);
    c.start();
    try {
      await Promise.all([connected(r.driver), connected(c)]);
      await c.subscribe('n1', { type: 'agent-activity', entities: ['*'] });
      const total = 400;
      burst(r.sim, 0, total);
      await eventually(() => r.warnings.length >= 1, 'the first MQTT_DROPPED warning');
      // The count is told when the broker keeps up again: at the next batch that is admitted.
      await new Promise((res) => setTimeout(res, 300));
      burst(r.sim, total, 1);
      await eventually(() => atConsumer.includes(total), 'the event after the burst');
      assert.ok(r.warnings.every((w) => w.code === 'MQTT_DROPPED'), JSON.stringify(r.warnings));
      // Every streak of drops ends with its count (one streak, unless the burst came in slowly).
      const dropped = r.warnings.reduce((sum, w) => sum + ((w.detail as { dropped?: number } | undefined)?.dropped ?? 0), 0);
      assert.ok(dropped > 0 && dropped < total, `dropped ${dropped}`);
      const delivered = atConsumer.filter((n) => n < total);
      assert.equal(delivered.length + dropped, total, `${delivered.length} delivered + ${dropped} dropped`);
      // What was delivered is in order, and whole batches went missing, not single events in between.
      assert.deepEqual(delivered, [...delivered].sort((x, y) => x - y));
    } finally {
      await c.stop();
      await r.stop();
    }
  });
});
