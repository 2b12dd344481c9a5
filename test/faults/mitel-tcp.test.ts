/**
 * One TCP fault at a time between a real Node-RED runtime (cc-server, cc-contact-event, cc-event)
 * and the Mitel simulator, through the fault proxy. Each test asserts what the user sees (node
 * status, the `connection` event with its gap report) and that the next good message goes through.
 * Seed of the proxy: CC_FAULT_SEED (printed).
 */
import assert from 'assert/strict';
import { MitelSimulator } from '../../src/sim/mitel';
import type { NodeStatus } from '../../nodes/lib/red';
import { collect, helper, initHelper, watchStatus } from '../nodes/support';
import { FaultProxy } from '../helpers/fault-proxy';
import { callIdOf, connectionEvent, loadMitelFlow, nextGoodEvent, numberedEvent } from './mitel-flow';

const seed = process.env.CC_FAULT_SEED ? Number(process.env.CC_FAULT_SEED) : undefined;

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const green = (s: NodeStatus): boolean => s.fill === 'green';
const red = (s: NodeStatus): boolean => s.fill === 'red';

describe('faults on Mitel: TCP proxy between the nodes and the simulator', function () {
  this.timeout(30000);
  let sim: MitelSimulator;
  let proxy: FaultProxy;

  before(() => initHelper());
  beforeEach(async () => {
    // Statistics every minute only: the numbered call events are the only traffic.
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 60000, seed: 11 });
    await sim.start();
    proxy = new FaultProxy({ host: '127.0.0.1', port: sim.port }, seed);
    await proxy.start();
  });
  afterEach(async () => {
    await helper.unload();
    await proxy.stop();
    await sim.stop();
  });

  async function connectedFlow(options: { idleTimeout?: number } = {}): Promise<ReturnType<typeof watchStatus>> {
    await loadMitelFlow(proxy.port, options);
    const status = watchStatus('calls');
    await status.waitFor(green, 10000);
    await nextGoodEvent(sim, 1_000_000);
    return status;
  }

  /** Emit `count` numbered events and wait until they have all arrived (or the time is up). */
  async function stream(first: number, count: number, ms: number, text = ''): Promise<number[]> {
    const seen = collect('calls-out');
    for (let n = first; n < first + count; n++) sim.emitEvent(numberedEvent(n, text));
    await until(() => seen.messages.filter((m) => (callIdOf(m) ?? -1) >= first).length >= count, ms, `${count} events`).catch(() => undefined);
    seen.stop();
    return seen.messages.map(callIdOf).filter((id): id is number => id !== undefined && id >= first);
  }

  const range = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

  it('slicer: every write cut at every byte boundary, both ways: every event once, in order, no bad frame', async () => {
    proxy.set('up', { slicer: { maxBytes: 1 } });
    proxy.set('down', { slicer: { maxBytes: 1 } });
    const status = await connectedFlow();
    const warnings = collect('ev-out');
    // Multi-byte UTF-8 (2, 3 and 4 bytes): a cut inside a character must not corrupt it.
    const got = await stream(1, 40, 15000, 'Zoë – 東京 🚀');
    assert.deepEqual(got, range(1, 40));
    assert.ok(status.all.every((s) => !red(s)), 'never red');
    assert.deepEqual(warnings.messages.filter((m) => m.topic === 'warning'), []);
  });

  it('latency with jitter (20 ms + 0..30 ms per chunk): every event once, in order', async () => {
    proxy.set('down', { latencyMs: 20, jitterMs: 30 });
    proxy.set('up', { latencyMs: 20, jitterMs: 30 });
    const status = await connectedFlow();
    assert.deepEqual(await stream(1, 60, 15000), range(1, 60));
    assert.ok(status.all.every((s) => !red(s)));
  });

  it('RST in the middle of a frame: no half frame reaches a flow, the disconnect reports the gap, the next event arrives', async () => {
    const status = await connectedFlow();
    const calls = collect('calls-out');
    const lost = connectionEvent('disconnected');
    const reset = proxy.resetInNextChunk('down', 0.5);
    sim.emitEvent(numberedEvent(7));
    await reset;
    const change = await lost;
    assert.match(change.detail ?? '', /connection closed: ECONNRESET/);
    assert.ok(change.gap, 'the disconnect carries a gap report');
    assert.equal(change.gap.replayed, false);
    assert.ok(change.gap.received > 0);
    assert.equal(typeof change.gap.lastSequence, 'number');
    await status.waitFor(red);
    await status.waitFor(green, 10000);
    assert.ok((await nextGoodEvent(sim, 100)) >= 100);
    assert.ok(!calls.messages.some((m) => callIdOf(m) === 7), 'the cut frame is not delivered in part');
    calls.stop();
  });

  it('half-open (the server stops answering, the socket stays): found by the idle timeout, reconnected', async () => {
    const status = await connectedFlow({ idleTimeout: 1 });
    proxy.set('down', { blackhole: true });
    proxy.set('up', { blackhole: true });
    const lost = await connectionEvent('disconnected', 8000);
    assert.match(lost.detail ?? '', /no data received for 1000 ms \(idle timeout\)/);
    assert.equal(lost.gap?.replayed, false);
    await status.waitFor(red);
    proxy.clear();
    await status.waitFor(green, 10000);
    assert.ok((await nextGoodEvent(sim, 100)) >= 100);
  });

  it('slow reader (20 kB/s): the server waits for the client, nothing is lost or reordered, the connection stays', async () => {
    const status = await connectedFlow();
    proxy.set('down', { bytesPerSecond: 20_000 });
    // 200 events of ~200 bytes: about 2 s at 20 kB/s; the proxy's reading backs up onto the server.
    assert.deepEqual(await stream(1, 200, 20000), range(1, 200));
    assert.ok(status.all.every((s) => !red(s)));
    assert.equal(proxy.accepted, 1, 'one connection all along');
  });

  it('down (connects refused): red with the reason and the retry, green again when the server is back', async () => {
    const status = await connectedFlow();
    const refused = connectionEvent('disconnected', 8000, (s) => /ECONNREFUSED/.test(s.detail ?? ''));
    await proxy.down();
    const change = await refused;
    assert.match(change.detail ?? '', /cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
    assert.ok((change.retryInMs ?? 0) > 0);
    await status.waitFor((s) => red(s) && /retry|disconnected/.test(s.text ?? ''));
    await proxy.up();
    await status.waitFor(green, 15000);
    assert.ok((await nextGoodEvent(sim, 100)) >= 100);
  });

  it('limit_data (the connection closes after N bytes): reported with its gap, restored, the next event arrives', async () => {
    const status = await connectedFlow();
    proxy.set('down', { limitBytes: 1500 });
    const lost = connectionEvent('disconnected');
    for (let n = 1; n <= 20; n++) sim.emitEvent(numberedEvent(n));
    const change = await lost;
    assert.match(change.detail ?? '', /connection closed/);
    assert.ok(change.gap && change.gap.received > 0 && typeof change.gap.lastSequence === 'number');
    proxy.clear();
    await status.waitFor(green, 10000);
    assert.ok((await nextGoodEvent(sim, 100)) >= 100);
  });
});
