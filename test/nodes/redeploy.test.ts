/**
 * Close is final, seen from the server: 100 redeploys of a flow against each simulator leave it
 * holding exactly the live connection or registration while deployed and none once the flow is
 * gone, and (OpenScape) no request of a session arrives after that session's UnregisterApplication.
 * Seen from the process: after the last redeploy no more sockets, timers or RED.events listeners
 * are alive than after the warm-up, and the heap (after a full collection) has not grown. (Server
 * restarts: test/lifecycle/resources.test.ts.)
 */
import assert from 'assert/strict';
import { connections } from '../../nodes/lib/server-lookup';
import { MitelSimulator } from '../../src/sim/mitel';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import type { EventEmitter } from 'events';
import { activeResources, Counts, growth, heapAfterGc, listenerCounts, MB, settledGrowth } from '../helpers/resources';
import { delay, helper, initHelper, load, red, serveHttpNode, watchStatus } from './support';

const SERVER = 'srv';
const REDEPLOYS = 100;
/** Deploys before the footprint is taken (module caches, JIT, Node-RED's first-deploy state). */
const WARMUP = 5;
/** Node-RED keeps bounded per-deploy state (and the simulators a bounded request record). */
const HEAP_BOUND = 8 * MB;

interface Footprint {
  resources: Counts;
  listeners: Counts;
  heap: number;
}

function runtimeEvents(): EventEmitter {
  return (red() as unknown as { events: EventEmitter }).events;
}

async function footprint(): Promise<Footprint> {
  return { resources: activeResources(), listeners: listenerCounts(runtimeEvents()), heap: await heapAfterGc() };
}

/** Nothing alive beyond the warm-up's footprint: sockets, timers, RED.events listeners, heap. */
async function assertNoGrowth(name: string, before: Footprint): Promise<void> {
  assert.deepEqual(await settledGrowth(before.resources), [], 'live resources grew');
  assert.deepEqual(growth(before.listeners, listenerCounts(runtimeEvents())), [], 'RED.events listeners grew');
  const heap = (await heapAfterGc()) - before.heap;
  console.log(`      ${name}: ${REDEPLOYS - WARMUP} redeploys after the warm-up, heap ${heap >= 0 ? '+' : ''}${(heap / MB).toFixed(2)} MB, resources ${JSON.stringify(before.resources)}`);
  assert.ok(heap < HEAP_BOUND, `heap grew by ${(heap / MB).toFixed(1)} MB`);
}

async function waitUntil(test: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what}: not met in time`);
    await delay(10);
  }
}

function flow(server: Record<string, unknown>): unknown[] {
  return [
    { id: SERVER, type: 'cc-server', name: 'sim', requestTimeout: 3, ...server },
    { id: 'ag', type: 'cc-agent-event', server: SERVER, wires: [['ag-out']] },
    { id: 'ag-out', type: 'helper' },
  ];
}

describe(`close is final: ${REDEPLOYS} redeploys leave no orphan on the server`, function () {
  this.timeout(180000);
  before(() => initHelper());
  afterEach(() => helper.unload());

  it('Mitel: one connection while deployed, none after', async () => {
    const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    const port = await sim.start();
    let before: Footprint | undefined;
    try {
      for (let i = 0; i < REDEPLOYS; i++) {
        await load(flow({ protocol: 'mitel', host: '127.0.0.1', port }), { [SERVER]: { user: 'demo', password: 'demo' } });
        await watchStatus('ag').waitFor((s) => s.fill === 'green', 5000);
        assert.equal(sim.clientCount(), 1, `deploy ${i}: connections`);
        await helper.unload();
        // The close handler has finished: the connection is gone now, not later.
        assert.equal(sim.clientCount(), 0, `deploy ${i}: a connection outlived its flow`);
        if (i === WARMUP - 1) before = await footprint();
      }
      assert.equal(connections.size, 0);
      await assertNoGrowth('Mitel', before as Footprint);
    } finally {
      await sim.stop();
    }
  });

  it('OpenScape: one registration while deployed, none after, nothing sent after unregistering', async () => {
    const sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo' });
    await sim.start();
    await load([]);
    const web = await serveHttpNode();
    await helper.unload();
    const server = {
      protocol: 'openscape',
      baseUrl: sim.baseUrl,
      clientName: 'demo',
      agentKey: '1',
      webhookBaseUrl: web.url,
    };
    let before: Footprint | undefined;
    try {
      for (let i = 0; i < REDEPLOYS; i++) {
        await load(flow(server), { [SERVER]: { clientToken: 'demo', agentPassword: 'demo' } });
        await watchStatus('ag').waitFor((s) => s.fill === 'green', 5000);
        assert.equal(sim.listens().length, 1, `deploy ${i}: registrations`);
        await helper.unload();
        assert.equal(sim.listens().length, 0, `deploy ${i}: a registration outlived its flow`);
        if (i === WARMUP - 1) before = await footprint();
      }
      // A little later still nothing: no retry, keepalive or late registration of an old client.
      await delay(300);
      assert.equal(sim.listens().length, 0);
      await assertNoGrowth('OpenScape', before as Footprint);
      // In the order the simulator received them: once a token is unregistered, it is never seen again.
      const unregistered = new Set<string>();
      const late: typeof sim.requests = [];
      for (const r of sim.requests) {
        if (r.token && unregistered.has(r.token)) late.push(r);
        if (/unregisterapplication$/i.test(r.path) && r.token) unregistered.add(r.token);
      }
      assert.ok(unregistered.size >= REDEPLOYS, `${unregistered.size} sessions unregistered`);
      assert.deepEqual(late.map((r) => r.path), [], 'requests after UnregisterApplication');
      const registrations = sim.requests.filter((r) => /(^|\/)registerapplication$/i.test(r.path) && !/unregister/i.test(r.path)).length;
      assert.equal(registrations, REDEPLOYS, 'one registration per deploy');
      assert.equal(connections.size, 0);
    } finally {
      await web.close();
      await sim.stop();
    }
  });
});
