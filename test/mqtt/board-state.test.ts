/**
 * A cc-board on a gateway cc-server keeps its agents and queues retained on the topic tree: a late
 * MQTT client has them at once and they are the rows the board outputs; a change updates them; a
 * broker that restarted without its retained messages gets them again; closing the flow clears
 * them; a standby gateway publishes none; a consumer does not take them for foreign messages. The
 * gateway's own part: a gateway that stops clears them, a clear made while the broker is away is
 * sent after the reconnect.
 * Real parts: aedes on 127.0.0.1, the Mitel simulator, Node-RED's runtime (node-red-node-test-helper).
 */
import { strict as assert } from 'node:assert';
import mqtt, { type MqttClient } from 'mqtt';
import type { AedesPublishPacket, Client } from 'aedes';
import type { CcWarning, StateChange } from '../../src/core/types';
import { BoardKeys, boardStateSuffix, type BoardStateEnvelope } from '../../src/mqtt/board-state';
import { MqttConsumerDriver } from '../../src/mqtt/consumer-driver';
import { MqttGateway } from '../../src/mqtt/gateway';
import { RetainedState, stateTopic } from '../../src/mqtt/retained-state';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { connections } from '../../nodes/lib/server-lookup';
import type { NodeMessage } from '../../nodes/lib/red';
import { startAedes, type AedesBroker } from '../helpers/brokers';
import { collect, helper, initHelper, load, watchStatus } from '../nodes/support';
import { eventually, gatewayServer, joiner, joinUntilRetained, lastOf, settled, ROOT, PREFIX, SERVER_ID, type Received } from './support/board-readers';

const BOARD_NAME = 'Floor 1/A';
const BOARD_SEGMENT = 'Floor 1%2FA';

interface AgentRow {
  id: string;
  state: string;
}

const agentsOf = (msg: NodeMessage): AgentRow[] => msg.payload as AgentRow[];

describe('cc-board tables retained on the gateway topic tree', function () {
  this.timeout(40000);
  let broker: AedesBroker;
  let sim: MitelSimulator;
  let port: number;
  const readers: MqttClient[] = [];
  const join = joiner(() => broker.url, readers);

  before(async () => {
    initHelper();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 200, seed: 3 });
    port = await sim.start();
  });
  after(() => sim.stop());
  beforeEach(async () => {
    broker = await startAedes();
  });
  afterEach(async () => {
    await helper.unload();
    await Promise.all(readers.splice(0).map((c) => c.endAsync()));
    await broker.stop();
  });

  async function deployBoard(simPort = port, everyState = true): Promise<{ agents: NodeMessage[]; queues: NodeMessage[] }> {
    await load(
      [
        gatewayServer('gw', broker.url, simPort),
        { id: 'board', type: 'cc-board', name: BOARD_NAME, server: 'gw', interval: 0.3, wires: [['agents'], ['queues'], []] },
        { id: 'agents', type: 'helper' },
        { id: 'queues', type: 'helper' },
      ],
      { gw: { user: 'demo', password: 'demo' } },
    );
    const agents = collect('agents').messages;
    const queues = collect('queues').messages;
    await watchStatus('board').waitFor((s) => s.fill === 'green' && /snapshot/.test(s.text ?? ''), 15000);
    // The statistics carry the states: wait until the board knows every agent's.
    if (everyState) await eventually(() => agents.some((m) => agentsOf(m).length > 0 && agentsOf(m).every((r) => r.state !== 'unknown')), 'every agent state known');
    return { agents, queues };
  }

  it('a late client has the agents and queues at once, the rows the board sent; a change updates them', async () => {
    const out = await deployBoard();
    const got = await join();
    await eventually(() => !!lastOf(got, 'agents') && !!lastOf(got, 'queues'), 'retained agents and queues', 3000);
    const agents = got.find((r) => r.topic.endsWith('/agents')) as Received;
    const queues = got.find((r) => r.topic.endsWith('/queues')) as Received;
    assert.equal(agents.topic, `${ROOT}/state/board/${BOARD_SEGMENT}/agents`);
    assert.equal(queues.topic, `${ROOT}/state/board/${BOARD_SEGMENT}/queues`);
    for (const [r, table] of [[agents, 'agents'], [queues, 'queues']] as const) {
      assert.equal(r.retain, true, `${table} not retained`);
      assert.equal(r.body?.cc, 1);
      assert.equal(r.body?.kind, 'board');
      assert.equal(r.body?.table, table);
      assert.equal(r.body?.board, BOARD_NAME);
      assert.ok(!Number.isNaN(Date.parse(r.body?.at ?? '')), `at: ${r.body?.at}`);
    }
    // Exactly the rows of one of the board's messages (it sent it when it published them).
    assert.ok(out.agents.some((m) => JSON.stringify(m.payload) === JSON.stringify(agents.body?.rows)), 'retained agents are no rows the board sent');
    assert.ok(out.queues.some((m) => JSON.stringify(m.payload) === JSON.stringify(queues.body?.rows)), 'retained queues are no rows the board sent');
    assert.ok((queues.body?.rows.length ?? 0) > 0);

    // A change: the logged-out agent logs in; the board's next rows are published.
    const last = String(sim.entities.agents[sim.entities.agents.length - 1].id);
    const stateOf = (r: Received | undefined): string | undefined => (r?.body?.rows as AgentRow[] | undefined)?.find((a) => a.id === last)?.state;
    assert.equal(stateOf(agents), 'logged-out');
    await connections.get('gw')?.request('command.login', { 'agent-id': Number(last) });
    await eventually(() => stateOf(lastOf(got, 'agents')) === 'available', 'the change published', 5000);
    // ...and retained: a client joining now has it at once.
    const later = await join();
    await eventually(() => stateOf(lastOf(later, 'agents')) === 'available', 'the change retained', 3000);
    assert.equal(lastOf(later, 'agents')?.retain, true);
    await connections.get('gw')?.request('command.logout', { 'agent-id': Number(last) });
  });

  it('publishes them again after a broker restart that lost every retained message', async () => {
    // A quiet contact center (no statistics for minutes): the board has no reason to publish again
    // by itself, so what comes back after the restart is the gateway's re-publish of the same bodies.
    const quiet = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 600_000, seed: 3 });
    const quietPort = await quiet.start();
    try {
      await deployBoard(quietPort, false);
      const first = await join();
      await settled(first);
      await Promise.all(readers.splice(0).map((c) => c.endAsync()));
      await broker.restart({ fresh: true, downMs: 100 });
      // The restarted broker holds nothing until the gateway is back.
      const got = await joinUntilRetained(join);
      // The same bodies as before the restart: re-published by the gateway, not new rows of the board.
      assert.equal(lastOf(got, 'agents')?.body?.at, lastOf(first, 'agents')?.body?.at);
      assert.deepEqual(lastOf(got, 'queues')?.body, lastOf(first, 'queues')?.body);
    } finally {
      await quiet.stop();
    }
  });

  it('closing the flow clears both topics: a client joining afterwards gets no board', async () => {
    await deployBoard();
    const live = await join();
    await eventually(() => !!lastOf(live, 'agents') && !!lastOf(live, 'queues'), 'retained tables');
    await helper.unload();
    // The live reader sees the clears (empty payloads) on both topics.
    await eventually(() => lastOf(live, 'agents')?.body === undefined && lastOf(live, 'queues')?.body === undefined, 'both cleared', 5000);
    const late = await join();
    // Retained messages come with the subscription: anything retained would be here by now.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(late, []);
  });

  it('a consumer on the same tree takes them for neither events nor foreign messages', async () => {
    await deployBoard();
    // A foreign retained message on a topic the consumer reads (it no longer reads all of state/#):
    // the consumer must warn about that one, and only it.
    const other = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    readers.push(other);
    await other.publishAsync(`${ROOT}/state/entities/not-ours`, 'hello', { qos: 1, retain: true });
    const settings = { mqttBroker: broker.url, mqttPrefix: PREFIX, mqttServerId: SERVER_ID, requestTimeout: 3 };
    const consumer = new MqttConsumerDriver({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), vendor: 'mitel', requestTimeoutMs: 3000 });
    const warnings: CcWarning[] = [];
    const events: string[] = [];
    consumer.on('warning', (w: CcWarning) => warnings.push(w));
    consumer.on('event', (e: { type: string }) => events.push(e.type));
    consumer.start();
    try {
      await eventually(() => (consumer.lastState as StateChange).state === 'connected', 'consumer connected');
      await eventually(() => warnings.length > 0, 'the foreign message reported', 3000);
      // The board's tables are published again at every change (the simulator's statistics change
      // them every 200 ms), at most once per board interval (0.3 s): give them a few intervals.
      let published = 0;
      const count = (packet: AedesPublishPacket): void => {
        if (packet.topic === `${ROOT}/state/board/${BOARD_SEGMENT}/agents`) published++;
      };
      broker.broker.on('publish', count);
      await new Promise((r) => setTimeout(r, 1200));
      broker.broker.off('publish', count);
      assert.ok(published >= 2 && published <= 5, `${published} agents tables in 1.2 s at a 0.3 s interval`);
      const topics = warnings.map((w) => (w.detail as { topic?: string } | undefined)?.topic);
      assert.deepEqual(topics, [`${ROOT}/state/entities/not-ours`]);
    } finally {
      await consumer.stop();
      await other.publishAsync(`${ROOT}/state/entities/not-ours`, '', { qos: 1, retain: true });
    }
  });

  it('only the leader of two gateways publishes them; the standby publishes nothing, not even on close', async () => {
    const publishers = new Map<string, Set<string>>();
    broker.broker.on('publish', (packet: AedesPublishPacket, client: Client | null) => {
      if (!client || !packet.topic.startsWith(`${ROOT}/state/board/`)) return;
      const set = publishers.get(client.id) ?? new Set<string>();
      set.add(packet.payload.length ? 'rows' : 'clear');
      publishers.set(client.id, set);
    });
    const failover = { mqttFailover: true, mqttTakeover: 1 };
    await load(
      [
        gatewayServer('gwa', broker.url, port, failover),
        gatewayServer('gwb', broker.url, port, failover),
        { id: 'board-a', type: 'cc-board', name: 'floor', server: 'gwa', interval: 0.3, wires: [[], [], []] },
        { id: 'board-b', type: 'cc-board', name: 'floor', server: 'gwb', interval: 0.3, wires: [[], [], []] },
      ],
      { gwa: { user: 'demo', password: 'demo' }, gwb: { user: 'demo', password: 'demo' } },
    );
    const got = await join();
    await eventually(() => !!lastOf(got, 'agents') && !!lastOf(got, 'queues'), 'a leader publishes the board', 20000);
    assert.equal(lastOf(got, 'agents')?.topic, `${ROOT}/state/board/floor/agents`);
    assert.equal(publishers.size, 1, `publishers: ${[...publishers.keys()].join(', ')}`);
    const [leader] = [...publishers.keys()];
    assert.match(leader, /^gw-gw[ab]-/);
    // The standby holds no contact-center connection.
    const standby = leader.startsWith('gw-gwa-') ? 'gwb' : 'gwa';
    assert.equal(connections.get(standby)?.state.state, 'stopped');
    await helper.unload();
    await eventually(() => lastOf(got, 'agents')?.body === undefined, 'the leader cleared the board', 5000);
    assert.deepEqual([...publishers.keys()], [leader]);
    assert.deepEqual([...(publishers.get(leader) ?? [])].sort(), ['clear', 'rows']);
  });

  it('two boards of one name on one server: the second publishes under its node id (no topic shared by two boards)', async () => {
    await load(
      [
        gatewayServer('gw', broker.url, port),
        { id: 'board-1', type: 'cc-board', name: 'floor', server: 'gw', interval: 0.3, wires: [[], [], []] },
        { id: 'board-2', type: 'cc-board', name: 'floor', server: 'gw', interval: 0.3, wires: [[], [], []] },
      ],
      { gw: { user: 'demo', password: 'demo' } },
    );
    const got = await join();
    const topics = (): string[] => [...new Set(got.filter((r) => r.topic.endsWith('/agents')).map((r) => r.topic))].sort();
    await eventually(() => topics().length === 2, 'both boards retained', 15000);
    assert.deepEqual(topics(), [`${ROOT}/state/board/board-2/agents`, `${ROOT}/state/board/floor/agents`]);
    const boards = new Set(got.map((r) => r.body?.board));
    assert.deepEqual([...boards].sort(), ['board-2', 'floor']);
  });

  it('a gateway that leads again publishes its board anew, never the tables it held before it stood down', async () => {
    const times: Array<{ receivedAt: number; at: number }> = [];
    broker.broker.on('publish', (packet: AedesPublishPacket, client: Client | null) => {
      if (!client?.id.startsWith('gw-gw-') || packet.topic !== `${ROOT}/state/board/floor/agents` || !packet.payload.length) return;
      times.push({ receivedAt: Date.now(), at: Date.parse((JSON.parse(packet.payload.toString()) as BoardStateEnvelope).at) });
    });
    await load(
      [
        gatewayServer('gw', broker.url, port, { mqttFailover: true, mqttTakeover: 1 }),
        { id: 'board', type: 'cc-board', name: 'floor', server: 'gw', interval: 0.3, wires: [[], [], []] },
      ],
      { gw: { user: 'demo', password: 'demo' } },
    );
    await eventually(() => times.length > 0, 'the leader publishes the board', 20000);
    // Another gateway's claim with a higher epoch (a real message on the lock topic): this one stands down.
    const rival = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    readers.push(rival);
    const claim = { holder: 'gw-rival', epoch: 1000, online: true, timestamp: Date.now() };
    await rival.publishAsync(`${ROOT}/lock`, JSON.stringify(claim), { qos: 1, retain: true });
    await eventually(() => connections.get('gw')?.state.state === 'stopped', 'standing down', 5000);
    const stoodDown = Date.now();
    // The rival lets go: this gateway leads again, connects, and its board loads a new snapshot.
    await rival.publishAsync(`${ROOT}/lock`, JSON.stringify({ ...claim, online: false, released: true }), { qos: 1, retain: true });
    await eventually(() => times.some((t) => t.receivedAt > stoodDown), 'the board published again', 15000);
    const first = times.find((t) => t.receivedAt > stoodDown);
    assert.ok(first && first.at > stoodDown, `the first tables after leading again were taken ${stoodDown - (first?.at ?? 0)} ms before it stood down`);
  });
});

describe('gateway retained state of nodes beside it (no driver needed)', function () {
  this.timeout(20000);
  let broker: AedesBroker;
  let gateway: MqttGateway;
  const clients: MqttClient[] = [];
  const settings = (url: string) => ({ mqttBroker: url, mqttPrefix: PREFIX, mqttServerId: SERVER_ID });
  /** What a client joining now finds retained under state/board/ (half a second to deliver). */
  const join = joiner(() => broker.url, clients);
  const retainedNow = async (): Promise<Received[]> => {
    const got = await join();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return got;
  };

  beforeEach(async () => {
    broker = await startAedes();
    gateway = new MqttGateway({
      broker: brokerSettings(settings(broker.url), {}),
      tree: treeSettings(settings(broker.url)),
      serverName: 'main',
      gatewayId: 'gw-parts',
      vendor: 'mitel',
      log: { warn: () => undefined, error: () => undefined },
      backoff: { initialMs: 100, maxMs: 300 },
    });
    gateway.start();
    await eventually(() => gateway.brokerState.state === 'connected', 'gateway on the broker', 5000);
  });
  afterEach(async () => {
    await gateway.stop();
    await Promise.all(clients.splice(0).map((c) => c.endAsync()));
    await broker.stop();
  });

  const body = JSON.stringify({ cc: 1, kind: 'board', table: 'agents', board: 'x', rows: [{ id: '1' }], at: new Date(0).toISOString() });

  it('a gateway that stops clears what it kept retained (a board whose own clear did not come)', async () => {
    gateway.publishState(boardStateSuffix('x', 'agents'), body);
    assert.equal((await retainedNow()).length, 1);
    await gateway.stop();
    assert.deepEqual(await retainedNow(), []);
  });

  it('a clear made while the broker is away is sent after the reconnect (a broker that kept the old copy)', async () => {
    gateway.publishState(boardStateSuffix('x', 'agents'), body);
    assert.equal((await retainedNow()).length, 1);
    await Promise.all(clients.splice(0).map((c) => c.endAsync()));
    // aedes keeps its retained messages across this restart, as a broker with persistence does.
    const restarted = broker.restart({ downMs: 500 });
    await eventually(() => gateway.brokerState.state !== 'connected', 'gateway cut off', 5000);
    await gateway.clearState(boardStateSuffix('x', 'agents'));
    await restarted;
    await eventually(() => gateway.brokerState.state === 'connected', 'gateway back', 5000);
    assert.deepEqual(await retainedNow(), []);
  });
});

describe('board state parts', () => {
  it('escapes the board name into one level and keeps nodes off the gateway\'s own state topics', () => {
    assert.equal(boardStateSuffix('Floor 1/A', 'agents'), 'board/Floor 1%2FA/agents');
    assert.equal(boardStateSuffix('#', 'queues'), 'board/%23/queues');
    assert.equal(stateTopic('cc/main', 'board/x/agents'), 'cc/main/state/board/x/agents');
    for (const bad of ['connection', 'entities/agents', 'board/+/agents', 'board//agents', '', 'board/#']) {
      assert.throws(() => stateTopic('cc/main', bad), (err: Error & { code?: string }) => err.code === 'BAD_PARAMS', bad);
    }
  });

  it('keeps the latest body per topic, re-sends clears, forgets cleared topics first when full, and bodies on standby', () => {
    const state = new RetainedState(2);
    assert.equal(state.set('a', '1'), true);
    assert.equal(state.set('a', '2'), true);
    state.clear('a');
    assert.deepEqual(state.entries(), [['a', '']]);
    assert.deepEqual(state.live(), []);
    assert.equal(state.set('b', '3'), true);
    assert.equal(state.set('c', '4'), true); // 'a' (cleared) makes room
    assert.deepEqual(state.entries(), [['b', '3'], ['c', '4']]);
    assert.equal(state.set('d', '5'), false); // full of live topics
    assert.deepEqual(state.live(), ['b', 'c']);
    state.clear('b');
    state.forgetBodies(); // a standby: the clears stay, the bodies go
    assert.deepEqual(state.entries(), [['b', '']]);
  });

  it('gives a board name to one board; a second board of that name publishes under its node id', () => {
    const keys = new BoardKeys();
    assert.equal(keys.claim('floor', 'n1'), 'floor');
    assert.equal(keys.claim('floor', 'n2'), 'n2');
    assert.equal(keys.claim('', 'n3'), 'n3');
    keys.release('floor', 'n1');
    assert.equal(keys.claim('floor', 'n4'), 'floor');
  });
});
