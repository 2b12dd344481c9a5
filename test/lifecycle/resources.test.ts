/**
 * 100 server restarts per vendor: the simulator is stopped and started again on the same port and
 * the driver (with the board's subscriptions and statistics queries) reconnects and restores each
 * time. Then the same through Node-RED (a cc-server, an event node and a cc-board): 100 restarts
 * on OpenScape, 20 on Mitel, whose node-level retry waits its first backoff step (about a second)
 * after every drop, so that 100 would not fit in the time budget. Afterwards nothing has grown: live sockets and timers (process.getActiveResourcesInfo()),
 * the driver's listeners, its subscriptions, the heap after a full collection, and what the
 * simulator itself holds (Mitel: open connections; OpenScape: registered applications and
 * realtime queries). Once the driver stopped, the simulator holds nothing and the process is back
 * to where it was before the driver existed. The redeploy half (100 deploys through Node-RED) is
 * in test/nodes/redeploy.test.ts.
 */
import assert from 'assert/strict';
import type { ContactCenterDriver, VendorDefinition } from '../../src/core/driver';
import type { StateChange } from '../../src/core/types';
import { MitelClient } from '../../src/mitel';
import { mitelVendor } from '../../src/mitel/vendor';
import { openscapeVendor } from '../../src/openscape/vendor';
import { MitelSimulator } from '../../src/sim/mitel';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { freePort } from '../helpers/brokers';
import { activeResources, Counts, growth, heapAfterGc, listenerCounts, MB, quietResources, settledGrowth, timerOrigins } from '../helpers/resources';
import { rig } from '../openscape/helpers/setup';
import { connections } from '../../nodes/lib/server-lookup';
import { helper, initHelper, load } from '../nodes/support';

const RESTARTS = Number(process.env.CC_RESTARTS ?? 100);
const NODE_RESTARTS = { mitel: 20, openscape: 100 };
const WARMUP = 5;
/** Heap growth allowed over all restarts after the warm-up (a leak of one object graph per cycle shows well above). */
const HEAP_BOUND = 3 * MB;
/** Retries quickly so that 100 restarts fit in seconds; the backoff itself is tested elsewhere. */
const FAST_BACKOFF = { initialMs: 10, maxMs: 50 };
/**
 * How long live resources may take to settle: longer than an idle keep-alive socket lives (the
 * OpenScape client's agent closes its idle sockets after 4 s, the simulator's server after 5 s),
 * so that a socket of the last requests is not taken for a leak.
 */
const SETTLE_MS = 6000;

interface ServerUnderTest {
  vendor: VendorDefinition;
  driver: ContactCenterDriver;
  /** What the server holds for us: Mitel open connections, OpenScape registrations. */
  held(): number;
  /** Server-side state of one connection that restore must rebuild (OpenScape: realms and queries). */
  restored(): boolean;
  restartServer(): Promise<void>;
  /** Empties the simulator's record of requests (bounded, but it would count as heap growth here). */
  forgetRequests(): void;
  /** Stops the driver (and what belongs to it); the server stays up. */
  stopDriver(): Promise<void>;
  stopServer(): Promise<void>;
}

async function mitel(): Promise<ServerUnderTest> {
  const port = await freePort();
  const sim = new MitelSimulator({ port, host: '127.0.0.1', user: 'demo', password: 'demo', seed: 3 });
  await sim.start();
  const driver = new MitelClient({ host: '127.0.0.1', port, user: 'demo', password: 'demo', requestTimeoutMs: 3000, backoff: FAST_BACKOFF });
  return {
    vendor: mitelVendor,
    driver,
    held: () => sim.clientCount(),
    restored: () => sim.clientCount() === 1,
    async restartServer() {
      await sim.stop();
      await sim.start();
    },
    forgetRequests: () => void sim.requests.splice(0),
    stopDriver: () => driver.stop(),
    stopServer: () => sim.stop(),
  };
}

async function openscape(): Promise<ServerUnderTest> {
  const sim = new OpenScapeSimulator({
    port: 0,
    host: '127.0.0.1',
    clientName: 'demo',
    clientToken: 'demo',
    users: [{ agentKey: 3, password: 'p' }],
    realtimeIntervalMs: 200,
  });
  await sim.start();
  // A keepalive every 50 ms notices the restart at once (the default is a minute).
  const r = await rig(sim.baseUrl, { keepAliveMs: 50, backoff: FAST_BACKOFF });
  return {
    vendor: openscapeVendor,
    driver: r.client,
    held: () => sim.listens().length,
    restored: () => {
      const listens = sim.listens();
      return listens.length === 1 && Object.keys(listens[0].realms).length > 0 && sim.queries().length === (openscapeVendor.board?.statistics.length ?? 0);
    },
    async restartServer() {
      await sim.stop();
      await sim.start();
    },
    forgetRequests: () => void sim.requests.splice(0),
    stopDriver: () => r.close(),
    stopServer: () => sim.stop(),
  };
}

async function waitUntil(test: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

for (const [name, make] of [['Mitel', mitel], ['OpenScape', openscape]] as const) {
  describe(`${name}: ${RESTARTS} server restarts leave nothing behind`, function () {
    this.timeout(90000);

    it('sockets, timers, listeners, subscriptions, heap and what the server holds stay flat', async () => {
      // Mocha arms the test's own timeout timer after the first await: count it in.
      await new Promise((resolve) => setImmediate(resolve));
      const beforeDriver = activeResources();
      const server = await make();
      // Stopped whatever happens: a failure must not leave its simulator and sockets to the tests after it.
      try {
        await restartsLeaveNothing(server);
      } finally {
        await server.stopDriver().catch(() => undefined);
        await server.stopServer().catch(() => undefined);
      }
      assert.deepEqual(await settledGrowth(beforeDriver, SETTLE_MS), [], 'resources left after stop');
    });

    async function restartsLeaveNothing(server: ServerUnderTest): Promise<void> {
      const { driver, vendor } = server;
      let connects = 0;
      driver.on('state', (s: StateChange) => {
        if (s.state === 'connected') connects++;
      });
      driver.start();
      const board = vendor.board;
      assert.ok(board, `${name} has board sources`);
      for (const spec of board.subscriptions) void driver.subscribe('resources-test', spec).catch(() => undefined);
      board.statistics.forEach((source, i) => {
        void driver.startStatistics(`resources-test-${i}`, vendor.parseStatisticsQuery(source)).started.catch(() => undefined);
      });

      const restart = async (i: number): Promise<void> => {
        const seen = connects;
        await server.restartServer();
        await waitUntil(() => connects > seen && driver.state === 'connected' && server.restored(), 5000, `restart ${i}: reconnected and restored`);
        assert.equal(server.held(), 1, `restart ${i}: what the server holds`);
      };

      await waitUntil(() => driver.state === 'connected' && server.restored(), 5000, 'first connect');
      for (let i = 0; i < WARMUP; i++) await restart(i);
      const subscriptions = driver.listSubscriptions().length;
      const listeners = listenerCounts(driver);
      server.forgetRequests();
      const heapBefore = await heapAfterGc();
      // The fewest over a second, and after the run the fewest over SETTLE_MS: how many sockets an
      // HTTP keep-alive pool holds at one moment depends on how many requests overlapped lately.
      const resources: Counts = await quietResources();

      const started = Date.now();
      for (let i = 0; i < RESTARTS; i++) await restart(i);
      const elapsed = Date.now() - started;

      assert.deepEqual(await settledGrowth(resources, SETTLE_MS), [], 'live resources grew');
      assert.deepEqual(growth(listeners, listenerCounts(driver)), [], 'driver listeners grew');
      assert.equal(driver.listSubscriptions().length, subscriptions, 'subscriptions');
      server.forgetRequests();
      const heapGrowth = (await heapAfterGc()) - heapBefore;
      console.log(
        `      ${name}: ${RESTARTS} restarts in ${(elapsed / 1000).toFixed(1)} s, heap ${heapGrowth >= 0 ? '+' : ''}${(heapGrowth / MB).toFixed(2)} MB, ` +
          `resources ${JSON.stringify(resources)}`,
      );
      assert.ok(heapGrowth < HEAP_BOUND, `heap grew by ${(heapGrowth / MB).toFixed(1)} MB`);

      await server.stopDriver();
      assert.equal(server.held(), 0, 'the server still holds something of a stopped driver');
    }
  });
}

describe('through Node-RED: server restarts leave nothing behind', function () {
  this.timeout(90000);
  before(() => initHelper());
  afterEach(() => helper.unload());

  const SERVER = 'srv';
  const flow = (server: Record<string, unknown>): unknown[] => [
    { id: SERVER, type: 'cc-server', name: 'sim', requestTimeout: 3, ...server },
    { id: 'ag', type: 'cc-agent-event', server: SERVER, wires: [['out']] },
    { id: 'board', type: 'cc-board', server: SERVER, interval: 0.2, wires: [['out'], ['out'], ['out']] },
    { id: 'out', type: 'helper' },
  ];

  async function restarts(
    name: string,
    count: number,
    held: () => boolean,
    restartServer: () => Promise<void>,
    serverSide: () => unknown = () => undefined,
  ): Promise<void> {
    const connection = connections.get(SERVER);
    assert.ok(connection, 'the cc-server is deployed');
    let connects = 0;
    connection.on('state', (s: StateChange) => {
      if (s.state === 'connected') connects++;
    });
    const restart = async (i: number): Promise<void> => {
      const seen = connects;
      await restartServer();
      await waitUntil(() => connects > seen && connection.state.state === 'connected' && held(), 8000, `restart ${i}: reconnected`).catch((err: Error) => {
        throw new Error(`${err.message}; the server holds ${JSON.stringify(serverSide())}`);
      });
    };
    await waitUntil(() => connection.state.state === 'connected' && held(), 8000, 'first connect');
    await restart(-1);
    const driver = connection.currentClient as ContactCenterDriver;
    const resources = await quietResources();
    const driverListeners = listenerCounts(driver);
    const connectionListeners = listenerCounts(connection);
    const subscriptions = connection.listSubscriptions().length;
    const started = Date.now();
    // Only the timers of the last restarts: a leak shows there as well, and the hook stays cheap.
    let origins: ReturnType<typeof timerOrigins> | undefined;
    for (let i = 0; i < count; i++) {
      if (i === count - 10) origins = timerOrigins();
      await restart(i);
    }
    assert.equal(connection.currentClient, driver, 'one driver for the whole run');
    // Longer than the request timeout (3 s in the flow): a request still in flight keeps its timer
    // that long; a timer left behind stays.
    const grown = await settledGrowth(resources, 5000);
    origins?.stop();
    if (grown.length) console.log(`      timers made in the last 10 restarts and still pending:\n${(origins?.live() ?? []).join('\n      --\n')}`);
    assert.deepEqual(grown, [], 'live resources grew');
    assert.deepEqual(growth(driverListeners, listenerCounts(driver)), [], 'driver listeners grew');
    assert.deepEqual(growth(connectionListeners, listenerCounts(connection)), [], 'cc-server connection listeners grew');
    assert.equal(connection.listSubscriptions().length, subscriptions, 'subscriptions');
    console.log(`      ${name}: ${count} restarts through Node-RED in ${((Date.now() - started) / 1000).toFixed(1)} s, resources ${JSON.stringify(resources)}`);
  }

  it(`Mitel, ${NODE_RESTARTS.mitel} restarts: one connection on the simulator after each, none after the flow is gone`, async () => {
    const port = await freePort();
    const sim = new MitelSimulator({ port, host: '127.0.0.1', user: 'demo', password: 'demo' });
    await sim.start();
    try {
      await load(flow({ protocol: 'mitel', host: '127.0.0.1', port }), { [SERVER]: { user: 'demo', password: 'demo' } });
      await restarts('Mitel', NODE_RESTARTS.mitel, () => sim.clientCount() === 1, async () => {
        await sim.stop();
        await sim.start();
      });
      await helper.unload();
      assert.equal(sim.clientCount(), 0);
    } finally {
      await sim.stop();
    }
  });

  // Each restart must leave the new registration with exactly the board's realtime queries: an
  // earlier defect left doubles behind (never stopped, their timers growing on the simulator).
  it(`OpenScape, ${NODE_RESTARTS.openscape} restarts: one registration on the simulator after each, none after the flow is gone`, async () => {
    const sim = new OpenScapeSimulator({ port: 0, host: '127.0.0.1', clientName: 'demo', clientToken: 'demo', realtimeIntervalMs: 200 });
    await sim.start();
    const receiverPort = await freePort();
    try {
      // A keepalive every 100 ms notices the restart at once (the default is a minute).
      const server = {
        protocol: 'openscape',
        baseUrl: sim.baseUrl,
        clientName: 'demo',
        agentKey: '1',
        keepAlive: 0.1,
        webhookMode: 'dedicated',
        webhookPort: receiverPort,
        webhookBaseUrl: `http://127.0.0.1:${receiverPort}`,
      };
      await load(flow(server), { [SERVER]: { clientToken: 'demo', agentPassword: 'demo' } });
      const boardQueries = openscapeVendor.board?.statistics.length ?? 0;
      const held = (): boolean => sim.listens().length === 1 && sim.queries().length === boardQueries;
      await restarts(
        'OpenScape',
        NODE_RESTARTS.openscape,
        held,
        async () => {
          await sim.stop();
          await sim.start();
        },
        () => ({ listens: sim.listens().map((l) => l.appId), queries: sim.queries() }),
      );
      // The board's realtime queries: as many as it runs, all of the live registration.
      const appId = sim.listens()[0].appId;
      assert.deepEqual(
        sim.queries().map((q) => q.appId),
        Array.from({ length: boardQueries }, () => appId),
        'realtime queries on the simulator',
      );
      await helper.unload();
      assert.equal(sim.listens().length, 0);
    } finally {
      await sim.stop();
    }
  });
});
