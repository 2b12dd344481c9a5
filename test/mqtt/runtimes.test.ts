/**
 * One contact-center feed shared by several real Node-RED runtimes through a real broker (aedes,
 * MQTT 3.1.1, in this process): a gateway runtime (cc-server "direct + publish to MQTT" over the
 * Mitel simulator) and consumer runtimes (cc-server "via MQTT") with unchanged palette nodes.
 */
import { strict as assert } from 'node:assert';
import mqtt from 'mqtt';
import { MitelSimulator } from '../../src/sim/mitel';
import { adminRequest, deployFlows, type FlowNode } from '../browser/support/admin-api';
import type { DebugMessage } from '../browser/support/comms-client';
import { startAedes, type AedesBroker } from '../helpers/brokers';
import {
  PREFIX,
  SERVER_ID,
  WAIT_MS,
  commandFlow,
  consumerFlow,
  debugOf,
  eventually,
  gatewayFlow,
  placed,
  press,
  retainedConnection,
  startRuntime,
  stopRuntime,
  type Runtime,
} from './support/runtimes';

describe('MQTT: one feed for several real Node-RED runtimes (aedes, 3.1.1)', function () {
  this.timeout(120000);
  let sim: MitelSimulator;
  let broker: AedesBroker;
  let gateway: Runtime | undefined;
  let consumer: Runtime | undefined;
  let late: Runtime | undefined;

  before(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 500 });
    await sim.start();
    broker = await startAedes();
    gateway = await startRuntime(gatewayFlow('gw', broker.url, sim.port));
    consumer = await startRuntime(consumerFlow(broker.url, 'c1'));
    await consumer.comms.waitForStatus('c1-agents', (s) => s.fill === 'green', WAIT_MS);
  });

  after(async () => {
    await stopRuntime(late);
    await stopRuntime(consumer);
    await stopRuntime(gateway);
    await broker?.stop();
    await sim?.stop();
  });

  it('the gateway holds the one connection to the contact center; events reach the consumer in order', async () => {
    assert.equal(sim.clientCount(), 1, 'one feed connection for all runtimes');
    // The consumer's agent-event node subscribed at the gateway: the feed now sends agent events.
    await eventually(() => sim.requests.some((r) => JSON.stringify(r).includes('agent-activity')), 'the subscription reached the simulator');
    const rt = consumer as Runtime;
    for (let n = 0; n < 50; n++) sim.emitEvent({ message: 'ORDER_TEST', 'agent-id': 1001, n });
    await eventually(() => debugOf(rt.comms, 'c1-order').length >= 50, '50 events at the consumer');
    const order = debugOf(rt.comms, 'c1-order').map((m) => (JSON.parse(m.msg) as { n: number }).n);
    assert.deepEqual(order, [...Array(50).keys()]);
  });

  it('a command round trip from the consumer works, and a refusal is the same typed error as on the direct connection', async () => {
    const c = consumer as Runtime;
    const g = gateway as Runtime;
    await press(c, 'c1-inject-ok');
    await c.comms.waitForDebug((m) => m.name === 'c1-answer', WAIT_MS, 'the answer of login at the consumer');
    await press(c, 'c1-inject-bad');
    await press(g, 'gw-inject-bad');
    const viaMqtt = await c.comms.waitForDebug((m) => m.name === 'c1-error', WAIT_MS, 'the refusal at the consumer');
    const direct = await g.comms.waitForDebug((m) => m.name === 'gw-error', WAIT_MS, 'the refusal on the direct connection');
    const codeOf = (m: DebugMessage): string => (JSON.parse(m.msg) as { code?: string }).code ?? '(none)';
    assert.equal(codeOf(viaMqtt), codeOf(direct));
    assert.ok(['REFUSED', 'BAD_PARAMS'].includes(codeOf(direct)), codeOf(direct));
  });

  it('realtime statistics and the board work on the consumer unchanged', async () => {
    const c = consumer as Runtime;
    await c.comms.waitForDebug((m) => m.name === 'c1-stats', WAIT_MS, 'a statistics event at the consumer');
    const board = await c.comms.waitForDebug((m) => m.name === 'c1-board-agents' && m.msg.includes('1001'), WAIT_MS, 'the board with agent 1001');
    assert.ok(Array.isArray(JSON.parse(board.msg)));
  });

  it('a message on the tree that is not an envelope is ignored with one warning per topic', async () => {
    const c = consumer as Runtime;
    const topic = `${PREFIX}/${SERVER_ID}/event/other/FOREIGN/-`;
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    for (let i = 0; i < 3; i++) await client.publishAsync(topic, 'not json', { qos: 1 });
    await client.endAsync();
    await eventually(() => c.red.output.includes('FOREIGN'), 'the warning in the consumer log');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.red.output.split('\n').filter((l) => l.includes('event/other/FOREIGN')).length, 1, c.red.output);
    assert.equal(c.comms.statuses.get('c1-agents')?.fill, 'green', 'still connected');
  });

  it('a consumer that joins late is complete at once from the retained state', async () => {
    const started = Date.now();
    late = await startRuntime(consumerFlow(broker.url, 'c2'));
    await late.comms.waitForStatus('c2-agents', (s) => s.fill === 'green', WAIT_MS);
    assert.ok(Date.now() - started < WAIT_MS);
    const state = await retainedConnection(broker.url);
    assert.equal((state.state as { state: string }).state, 'connected');
    assert.equal(sim.clientCount(), 1, 'still one feed connection');
  });

  it('broker restart that lost every retained message: the gateway publishes its state again, consumers reconnect', async () => {
    const c = consumer as Runtime;
    await broker.restart({ fresh: true });
    await c.comms.waitForStatus('c1-agents', (s) => s.fill !== 'green', WAIT_MS);
    await c.comms.waitForStatus('c1-agents', (s) => s.fill === 'green', 30000);
    const state = await retainedConnection(broker.url);
    assert.equal(state.online, true);
    assert.equal((state.state as { state: string }).state, 'connected');
    // The consumer's subscriptions were sent again: events still arrive.
    const before = debugOf(c.comms, 'c1-order').length;
    sim.emitEvent({ message: 'ORDER_TEST', 'agent-id': 1001, n: 1000 });
    await eventually(() => debugOf(c.comms, 'c1-order').length > before, 'an event after the broker restart');
  });

  it('the gateway redeployed with Event messages "batched": the consumer needs nothing, events arrive in order, in batches', async () => {
    const c = consumer as Runtime;
    const watch = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    let batches = 0;
    let single = 0;
    watch.on('message', (topic) => (topic.endsWith('/events') ? batches++ : single++));
    try {
      await watch.subscribeAsync([`${PREFIX}/${SERVER_ID}/events`, `${PREFIX}/${SERVER_ID}/event/#`], { qos: 1 });
      await deployFlows((gateway as Runtime).red.url, placed(gatewayFlow('gw', broker.url, sim.port, { mqttEventMessages: 'batched' })));
      // The new gateway session gets the consumer's subscriptions again; then the feed flows.
      const before = debugOf(c.comms, 'c1-order').length;
      let probe = 0;
      await eventually(() => {
        sim.emitEvent({ message: 'ORDER_TEST', 'agent-id': 1001, n: 2000 + probe++ });
        return debugOf(c.comms, 'c1-order').length > before;
      }, 'an event through the batched gateway');
      const start = debugOf(c.comms, 'c1-order').length;
      single = 0;
      batches = 0;
      for (let n = 0; n < 200; n++) sim.emitEvent({ message: 'ORDER_TEST', 'agent-id': 1001, n });
      // Probes still under way when the first one arrived may come later: the burst is what is below 2000.
      const burst = (): number[] => debugOf(c.comms, 'c1-order').slice(start).map((m) => (JSON.parse(m.msg) as { n: number }).n).filter((n) => n < 2000);
      await eventually(() => burst().length >= 200, '200 events at the consumer');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(burst(), [...Array(200).keys()], 'in order, none lost or twice');
      assert.equal(single, 0, 'nothing on event/# from a batched gateway');
      assert.ok(batches > 0 && batches < 200, `${batches} messages for 200 events`);
    } finally {
      await watch.endAsync();
    }
  });

  it('credentials stay out of the deployed flow', async () => {
    const flows = await adminRequest<FlowNode[] | { flows: FlowNode[] }>((gateway as Runtime).red.url, 'GET', '/flows');
    const list = Array.isArray(flows) ? flows : flows.flows;
    const server = list.find((n) => n.id === 'gw-server');
    assert.ok(server && !('password' in server) && !('mqttPassword' in server));
  });
});
