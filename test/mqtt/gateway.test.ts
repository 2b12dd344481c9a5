/**
 * The gateway's request protocol on real brokers: MQTT v5 response topic and correlation data
 * (mosquitto), the 3.1.1 transaction in the body (aedes), refusals with the direct connection's
 * error codes, consumers that vanish, and a consumer whose broker or gateway is away.
 */
import { strict as assert } from 'node:assert';
import mqtt, { type MqttClient } from 'mqtt';
import type { Client } from 'aedes';
import type { ContactCenterDriver, StateChange } from '../../src/core/driver';
import { CcError } from '../../src/core/errors';
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttConsumerDriver } from '../../src/mqtt/consumer-driver';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { startAedes, startMosquitto, type AedesBroker, type MosquittoBroker } from '../helpers/brokers';
import { startGatewayRig, type GatewayRig } from './support/gateway-rig';

const TREE = { mqttPrefix: 'gwt', mqttServerId: 'main' };
const ROOT = 'gwt/main';

async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rig(url: string): Promise<GatewayRig> {
  return startGatewayRig(url, TREE, { leaseCheckMs: 50 });
}

function consumer(url: string, requestTimeout = 2): MqttConsumerDriver {
  const settings = { ...TREE, mqttBroker: url, requestTimeout };
  return new MqttConsumerDriver({
    broker: brokerSettings(settings, {}),
    tree: treeSettings(settings),
    vendor: 'mitel',
    requestTimeoutMs: requestTimeout * 1000,
    backoff: { initialMs: 100, maxMs: 500 },
  });
}

function connected(driver: ContactCenterDriver, ms = 5000): Promise<void> {
  if (driver.state === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected: ${JSON.stringify(driver.lastState)}`)), ms);
    const on = (s: StateChange): void => {
      if (s.state !== 'connected') return;
      clearTimeout(timer);
      driver.off('state', on);
      resolve();
    };
    driver.on('state', on);
  });
}

/** One raw request, answered on `responseTopic`; resolves with the answer body and its packet properties. */
async function rawRequest(
  client: MqttClient,
  body: Record<string, unknown>,
  options: { responseTopic: string; properties?: Record<string, unknown> },
): Promise<{ body: Record<string, unknown>; correlation?: string }> {
  await client.subscribeAsync(options.responseTopic, { qos: 1 });
  const answer = new Promise<{ body: Record<string, unknown>; correlation?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer')), 5000);
    client.on('message', (topic, payload, packet) => {
      if (topic !== options.responseTopic) return;
      clearTimeout(timer);
      resolve({ body: JSON.parse(payload.toString()) as Record<string, unknown>, correlation: packet.properties?.correlationData?.toString() });
    });
  });
  await client.publishAsync(`${ROOT}/request/raw`, JSON.stringify(body), { qos: 1, properties: options.properties });
  return answer;
}

describe('MQTT gateway on mosquitto (MQTT v5)', function () {
  this.timeout(30000);
  let broker: MosquittoBroker;
  let r: GatewayRig;

  before(async () => {
    broker = await startMosquitto();
    r = await rig(broker.url);
    await connected(r.driver);
  });

  after(async () => {
    await r?.stop();
    await broker?.stop();
  });

  it('answers a v5 request on its response topic with its correlation data (nothing of the kind in the body)', async () => {
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    try {
      const { body, correlation } = await rawRequest(
        client,
        { cc: 1, kind: 'request', transaction: 't-v5', op: 'listEntities', args: { kind: 'agents' } },
        { responseTopic: 'elsewhere/answers', properties: { responseTopic: 'elsewhere/answers', correlationData: Buffer.from('corr-42') } },
      );
      assert.equal(correlation, 'corr-42');
      assert.equal(body.status, 'ok');
      assert.equal(body.transaction, 't-v5');
      assert.ok(Array.isArray(body.data) && body.data.length > 0);
    } finally {
      await client.endAsync();
    }
  });

  it('a consumer speaks MQTT 5 with mosquitto: subscribe and request round trips', async () => {
    const c = consumer(broker.url);
    const details: string[] = [];
    c.on('state', (s: StateChange) => details.push(s.detail ?? ''));
    c.start();
    try {
      await connected(c);
      assert.match(c.lastState.detail ?? '', /gw-1/);
      assert.ok(details.some((d) => d.includes('MQTT 5')), details.join(' | '));
      const outcome = await c.subscribe('node-1', { type: 'agent-activity', entities: ['*'] });
      assert.equal(outcome.status, 'ok');
      const answer = await c.request('command.login', { 'agent-id': 1001 });
      assert.ok(answer && typeof answer === 'object');
    } finally {
      await c.stop();
    }
  });
});

describe('MQTT gateway on aedes (MQTT 3.1.1)', function () {
  this.timeout(30000);
  let broker: AedesBroker;
  let r: GatewayRig;
  const clients = new Map<string, Client>();

  beforeEach(async () => {
    broker = await startAedes();
    broker.broker.on('client', (c: Client) => clients.set(c.id, c));
    r = await rig(broker.url);
    await connected(r.driver);
  });

  afterEach(async () => {
    await r.stop();
    await broker.stop();
  });

  it('refuses an unknown operation and bad parameters with BAD_PARAMS, a detached driver with NOT_CONNECTED', async () => {
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    try {
      const ask = (transaction: string, op: string, args: Record<string, unknown>) =>
        rawRequest(client, { cc: 1, kind: 'request', transaction, responseTopic: `${ROOT}/response/raw`, op, args }, { responseTopic: `${ROOT}/response/raw` });
      const unknown = await ask('t1', 'rebootTheServer', {});
      assert.equal(unknown.body.status, 'error');
      assert.equal((unknown.body.error as { code: string }).code, 'BAD_PARAMS');
      client.removeAllListeners('message');
      const bad = await ask('t2', 'subscribe', { owner: 'x', spec: { type: 'agent-activity' } });
      assert.equal((bad.body.error as { code: string }).code, 'BAD_PARAMS');
      client.removeAllListeners('message');
      // What the driver itself says to an operation it does not have, the consumer hears the same.
      const direct = await r.driver.request('command.no-such', {}).then(
        () => assert.fail('resolved'),
        (e: CcError) => e.code,
      );
      const badOperation = await ask('t3', 'request', { operation: 'command.no-such', params: {} });
      assert.equal((badOperation.body.error as { code: string }).code, direct);
      client.removeAllListeners('message');
      r.gateway.detach();
      const away = await ask('t4', 'listEntities', { kind: 'agents' });
      assert.equal((away.body.error as { code: string }).code, 'NOT_CONNECTED');
      assert.equal(away.body.transaction, 't4');
    } finally {
      await client.endAsync();
    }
  });

  it('a request that is not an envelope is ignored with one warning per topic', async () => {
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    for (let i = 0; i < 3; i++) await client.publishAsync(`${ROOT}/request/someone`, '{"hello":1}', { qos: 1 });
    await client.publishAsync(`${ROOT}/request/other`, 'garbage', { qos: 1 });
    await client.endAsync();
    await eventually(() => r.logged.filter((w) => w.includes('request/other')).length === 1, 'the second topic warned');
    assert.equal(r.logged.filter((w) => w.includes('request/someone')).length, 1, r.logged.join('\n'));
  });

  it('a consumer that vanishes (its will) has its owners released at the driver', async () => {
    const c = consumer(broker.url);
    c.start();
    try {
      await connected(c);
      await c.subscribe('node-1', { type: 'agent-activity', entities: ['1001'] });
      assert.deepEqual(r.driver.listSubscriptions(), [{ type: 'agent-activity', entities: ['1001'] }]);
      // The broker drops the consumer without a DISCONNECT: its will says offline.
      clients.get(c.consumerId)?.close();
      await eventually(() => r.driver.listSubscriptions().length === 0, 'the owners released');
      // It comes back and sends its subscriptions again.
      await eventually(() => r.driver.listSubscriptions().length === 1, 'the subscription restored after the reconnect');
    } finally {
      await c.stop();
    }
    await eventually(() => r.driver.listSubscriptions().length === 0, 'released at stop');
  });

  it('the gateway goes away: consumers see it offline and get NOT_CONNECTED, then connected again', async () => {
    const c = consumer(broker.url);
    c.start();
    try {
      await connected(c);
      const offline = new Promise<StateChange>((resolve) => c.on('state', (s: StateChange) => s.state === 'disconnected' && resolve(s)));
      clients.get('gw-1')?.close();
      assert.match((await offline).detail ?? '', /gw-1.*offline/);
      await assert.rejects(c.request('command.login', { 'agent-id': 1001 }), (e: unknown) => e instanceof CcError && e.code === 'NOT_CONNECTED');
      await connected(c); // the gateway reconnects (backoff) and publishes its state again
      await c.request('command.login', { 'agent-id': 1001 });
    } finally {
      await c.stop();
    }
  });

  it('a broker that is down: the consumer is disconnected with a retry, requests fail NOT_CONNECTED, and it reaches the broker when it is back', async () => {
    const c = consumer(broker.url);
    const port = broker.port;
    await r.gateway.stop();
    await broker.stop();
    c.start();
    try {
      const failed = await new Promise<StateChange>((resolve) => c.on('state', (s: StateChange) => s.state === 'disconnected' && resolve(s)));
      assert.ok((failed.retryInMs ?? 0) > 0);
      await assert.rejects(c.request('command.login', {}), (e: unknown) => e instanceof CcError && e.code === 'NOT_CONNECTED');
      broker = await startAedes({ port });
      // On the broker, without a gateway yet: waiting for it.
      await eventually(() => c.state === 'authenticating', 'the consumer on the broker again');
    } finally {
      await c.stop();
    }
  });
});

describe('MQTT gateway: consumer leases', function () {
  this.timeout(20000);

  it('releases the owners of a consumer it no longer hears of, even without a will', async () => {
    const broker = await startAedes();
    const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    const driver = mitelVendor.open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: { warn: () => undefined, error: () => undefined } }).create();
    const settings = { ...TREE, mqttBroker: broker.url };
    const gateway = new MqttGateway({
      broker: brokerSettings(settings, {}),
      tree: treeSettings(settings),
      serverName: 'main',
      gatewayId: 'gw-lease',
      vendor: 'mitel',
      log: { warn: () => undefined, error: () => undefined },
      leaseCheckMs: 50,
    });
    gateway.attach(driver);
    driver.start();
    gateway.start();
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    try {
      await connected(driver);
      // A consumer with a 300 ms lease subscribes, then leaves with a clean DISCONNECT: no will, no goodbye.
      const answer = await rawRequest(
        client,
        { cc: 1, kind: 'request', transaction: 'l1', responseTopic: `${ROOT}/response/raw`, op: 'subscribe', args: { owner: 'n1', spec: { type: 'agent-activity', entities: ['1001'] } } },
        { responseTopic: `${ROOT}/response/raw` },
      );
      assert.equal(answer.body.status, 'ok');
      assert.equal(driver.listSubscriptions().length, 1);
      // The gateway answered, so it reads this consumer's topics: now its presence with the lease.
      await client.publishAsync(`${ROOT}/consumers/raw`, JSON.stringify({ cc: 1, kind: 'consumer', online: true, leaseMs: 300 }), { qos: 1 });
      await client.endAsync();
      const leftAt = Date.now();
      await eventually(() => driver.listSubscriptions().length === 0, 'the lease expired');
      assert.ok(Date.now() - leftAt >= 200, 'released before the lease ran out');
    } finally {
      await gateway.stop();
      await driver.stop();
      await sim.stop();
      await broker.stop();
    }
  });

  it('a live consumer keeps its owners past its lease by renewing it', async () => {
    const broker = await startAedes();
    const r = await rig(broker.url);
    const settings = { ...TREE, mqttBroker: broker.url, requestTimeout: 2 };
    const c = new MqttConsumerDriver({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), vendor: 'mitel', requestTimeoutMs: 2000, leaseMs: 300 });
    c.start();
    try {
      await connected(c);
      await c.subscribe('n1', { type: 'agent-activity', entities: ['1001'] });
      await new Promise((res) => setTimeout(res, 1200));
      assert.equal(r.driver.listSubscriptions().length, 1, 'a renewed lease was taken as expired');
    } finally {
      await c.stop();
      await r.stop();
      await broker.stop();
    }
  });
});
