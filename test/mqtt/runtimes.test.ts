/**
 * One contact-center feed shared by several real Node-RED runtimes through a real broker (aedes,
 * MQTT 3.1.1, in this process): a gateway runtime (cc-server "direct + publish to MQTT" over the
 * Mitel simulator) and consumer runtimes (cc-server "via MQTT") with unchanged palette nodes.
 */
import { strict as assert } from 'node:assert';
import mqtt from 'mqtt';
import { MitelSimulator } from '../../src/sim/mitel';
import { adminRequest, deployFlows, type FlowNode } from '../browser/support/admin-api';
import { CommsClient, type DebugMessage } from '../browser/support/comms-client';
import { RedProcess } from '../browser/support/red-process';
import { httpCall } from '../examples/expectations';
import { startAedes, type AedesBroker } from './support/brokers';

const PREFIX = 'cc-rt';
const SERVER_ID = 'sim';
const WAIT_MS = 20000;

interface Runtime {
  red: RedProcess;
  comms: CommsClient;
}

async function startRuntime(flow: FlowNode[]): Promise<Runtime> {
  const red = new RedProcess({ logLevel: 'warn' });
  await red.start();
  const comms = new CommsClient();
  await comms.connect(red.url);
  await deployFlows(red.url, placed(flow));
  return { red, comms };
}

async function stopRuntime(rt: Runtime | undefined): Promise<void> {
  if (!rt) return;
  rt.comms.close();
  await rt.red.stop();
}

function mqttServer(id: string, connection: 'gateway' | 'consumer', brokerUrl: string, extra: Record<string, unknown> = {}): FlowNode {
  return {
    id,
    type: 'cc-server',
    name: `${connection} ${id}`,
    protocol: 'mitel',
    connection,
    mqttBroker: brokerUrl,
    mqttPrefix: PREFIX,
    mqttServerId: SERVER_ID,
    mqttVersion: 'auto',
    mqttQos: '1',
    requestTimeout: 3,
    ...extra,
  };
}

/** inject -> agent command (command from msg) -> debug, with a catch node whose errors go to a second debug. */
function commandFlow(tab: string, server: string, p: string): FlowNode[] {
  return [
    { id: `${p}-inject-ok`, type: 'inject', z: tab, props: [{ p: 'payload' }], payload: '{"command":"login","agent-id":1001}', payloadType: 'json', wires: [[`${p}-cmd`]] },
    { id: `${p}-inject-bad`, type: 'inject', z: tab, props: [{ p: 'payload' }], payload: '{"command":"login","agent-id":999999}', payloadType: 'json', wires: [[`${p}-cmd`]] },
    { id: `${p}-cmd`, type: 'cc-agent-command', z: tab, server, operation: 'msg', paramsFrom: 'msg', params: [], wires: [[`${p}-answer`]] },
    { id: `${p}-answer`, type: 'debug', z: tab, name: `${p}-answer`, active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
    { id: `${p}-catch`, type: 'catch', z: tab, scope: [`${p}-cmd`], uncaught: false, wires: [[`${p}-error`]] },
    { id: `${p}-error`, type: 'debug', z: tab, name: `${p}-error`, active: true, tosidebar: true, complete: 'error', targetType: 'msg', wires: [] },
  ];
}

function consumerFlow(brokerUrl: string, p: string): FlowNode[] {
  const tab = `${p}-tab`;
  return [
    { id: tab, type: 'tab', label: p },
    mqttServer(`${p}-server`, 'consumer', brokerUrl),
    { id: `${p}-agents`, type: 'cc-agent-event', z: tab, server: `${p}-server`, autoSubscribe: true, entities: '*', types: '', wires: [[]] },
    { id: `${p}-events`, type: 'cc-event', z: tab, server: `${p}-server`, filterMode: 'types', types: 'ORDER_TEST', typesType: 'str', includeConnection: false, wires: [[`${p}-order`]] },
    { id: `${p}-order`, type: 'debug', z: tab, name: `${p}-order`, active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
    ...commandFlow(tab, `${p}-server`, p),
  ];
}

function gatewayFlow(brokerUrl: string, simPort: number): FlowNode[] {
  const tab = 'gw-tab';
  return [
    { id: tab, type: 'tab', label: 'gateway' },
    mqttServer('gw-server', 'gateway', brokerUrl, { host: '127.0.0.1', port: simPort, credentials: { user: 'demo', password: 'demo' } }),
    ...commandFlow(tab, 'gw-server', 'gw'),
  ];
}

/** Node-RED takes a node without x and y for a config node: place every flow node. */
function placed(flow: FlowNode[]): FlowNode[] {
  return flow.map((n, i) => (n.z ? { x: 100 + 10 * i, y: 40 * (i + 1), ...n } : n));
}

function debugOf(comms: CommsClient, name: string): DebugMessage[] {
  return comms.debug.filter((m) => m.name === name);
}

async function press(rt: Runtime, id: string): Promise<void> {
  const { status } = await httpCall(`${rt.red.url}/inject/${id}`, 'POST');
  assert.equal(status, 200);
}

async function eventually(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The retained connection state as a fresh subscriber sees it right after connecting. */
async function retainedConnection(url: string): Promise<Record<string, unknown>> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    return await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no retained connection state')), 2000);
      client.on('message', (_t, body) => {
        clearTimeout(timer);
        resolve(JSON.parse(body.toString()) as Record<string, unknown>);
      });
      void client.subscribeAsync(`${PREFIX}/${SERVER_ID}/state/connection`);
    });
  } finally {
    await client.endAsync();
  }
}

describe('MQTT: one feed for several real Node-RED runtimes (aedes, 3.1.1)', function () {
  this.timeout(120000);
  let sim: MitelSimulator;
  let broker: AedesBroker;
  let gateway: Runtime | undefined;
  let consumer: Runtime | undefined;
  let late: Runtime | undefined;

  before(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    broker = await startAedes();
    gateway = await startRuntime(gatewayFlow(broker.url, sim.port));
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

  it.skip('a standby gateway takes over when the leader dies, with every subscription restored (needs src/mqtt/leader-lock.ts)', () => undefined);

  it('credentials stay out of the deployed flow', async () => {
    const flows = await adminRequest<FlowNode[] | { flows: FlowNode[] }>((gateway as Runtime).red.url, 'GET', '/flows');
    const list = Array.isArray(flows) ? flows : flows.flows;
    const server = list.find((n) => n.id === 'gw-server');
    assert.ok(server && !('password' in server) && !('mqttPassword' in server));
  });
});
