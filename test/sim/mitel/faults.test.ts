import { strict as assert } from 'assert';
import * as net from 'net';
import { MitelSimulator, type MitelSimulatorOptions } from '../../../src/sim/mitel';
import { FeedClient } from './feed-client';

describe('Mitel simulator: fault controls, sequence, scripts, limits, cleanup', () => {
  let sim: MitelSimulator;
  const clients: FeedClient[] = [];

  async function startSim(extra: Partial<MitelSimulatorOptions> = {}): Promise<number> {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 60000, ...extra });
    return sim.start();
  }
  async function client(port: number): Promise<FeedClient> {
    const c = await FeedClient.authenticated(port);
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.stop();
  });

  it('split mode cuts frames into several chunks, inside multi-byte characters, and they still decode', async () => {
    const port = await startSim();
    const c = await client(port);
    sim.setWriteMode('split');
    await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'entity', ['agent']]] });
    const snap = await c.waitFor((f) => f.message === 'entity-snapshot');
    assert.ok((snap.agents as Array<{ 'agent-name': string }>).some((a) => a['agent-name'] === 'Zoë Ødegård'));
    const framesSinceSplit = c.frames.length - 1;
    const chunksSinceSplit = c.chunks - 1;
    assert.ok(chunksSinceSplit > framesSinceSplit * 3, `${chunksSinceSplit} chunks for ${framesSinceSplit} frames`);
    // At least one chunk boundary falls inside a UTF-8 sequence: a chunk starts with a continuation byte.
    const cutInside = c.rawChunks.slice(1).some((chunk) => (chunk[0] & 0xc0) === 0x80);
    assert.ok(cutInside, 'a chunk ends inside a multi-byte character');
    assert.ok(!c.frames.some((f) => 'unparsable' in f));
  });

  it('switching from split to normal while chunks are still going out keeps the byte order', async () => {
    const port = await startSim();
    const c = await client(port);
    sim.setWriteMode('split');
    for (let i = 0; i < 5; i++) sim.emitEvent({ message: 'marker', n: i, text: 'Zoë Ødegård 日本 太郎' });
    await new Promise((resolve) => setImmediate(resolve)); // the split chunks start going out
    sim.setWriteMode('normal');
    for (let i = 5; i < 10; i++) sim.emitEvent({ message: 'marker', n: i, text: 'Jürgen Müller' });
    await c.waitFor((f) => f.message === 'marker' && f.n === 9);
    assert.ok(!c.frames.some((f) => 'unparsable' in f));
    assert.deepEqual(
      c.frames.filter((f) => f.message === 'marker').map((f) => f.n),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it('coalesce mode writes the frames of one tick together', async () => {
    const port = await startSim();
    const c = await client(port);
    sim.setWriteMode('coalesce');
    await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'entity', ['*']]] });
    await c.waitFor((f) => f.filter === 'wrapup-code');
    // The answer and the seven snapshots are one write: some chunk holds several NUL terminators.
    const most = Math.max(...c.rawChunks.map((chunk) => chunk.filter((b) => b === 0).length));
    assert.ok(most >= 8, `most frames in one chunk: ${most}`);
  });

  it('sendGarbage sends a non-JSON NUL-terminated frame to authenticated clients only; sendRaw sends bytes as they are', async () => {
    const port = await startSim();
    const c = await client(port);
    const unauthenticated = await FeedClient.connect(port);
    clients.push(unauthenticated);
    sim.sendGarbage();
    const garbage = await c.waitFor((f) => 'unparsable' in f);
    assert.throws(() => JSON.parse(String(garbage.unparsable)));
    sim.sendRaw(Buffer.from('{"message":"raw-one"}\0{"message":"raw-', 'utf8'));
    sim.sendRaw('two"}\0');
    await c.waitFor((f) => f.message === 'raw-two');
    assert.ok(c.messages().includes('raw-one'));
    await unauthenticated.waitFor((f) => f.message === 'raw-two');
    assert.ok(!unauthenticated.frames.some((f) => 'unparsable' in f));
  });

  it('dropConnections closes every client and keeps listening', async () => {
    const port = await startSim();
    const a = await client(port);
    const b = await client(port);
    assert.equal(sim.clientCount(), 2);
    sim.dropConnections();
    await Promise.all([a.closed, b.closed]);
    const again = await client(port);
    assert.equal((await again.request({ message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']]] })).result, 0);
  });

  it('restart(downMs) closes everything, refuses connections while down, then listens on the same port', async () => {
    const port = await startSim();
    const a = await client(port);
    const restarted = sim.restart(150);
    await a.closed;
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve();
        });
        s.once('error', reject);
      }),
      /ECONNREFUSED/,
    );
    await restarted;
    assert.equal(sim.port, port);
    const b = await client(port);
    assert.equal(b.frames[0].sequence, 0);
  });

  it('stop() during the down time of a restart ends the restart without listening again', async () => {
    const port = await startSim();
    const restarted = sim.restart(60000);
    await sim.stop();
    await restarted;
    await assert.rejects(FeedClient.connect(port), /ECONNREFUSED/);
  });

  it('start() rejects when the port is taken, and stop() is still clean', async () => {
    const port = await startSim();
    const second = new MitelSimulator({ port, user: 'demo', password: 'demo' });
    await assert.rejects(second.start(), /EADDRINUSE/);
    await second.stop();
  });

  it('setNextSequence: the sequence wraps after 4294967295 to 0, per connection', async () => {
    const port = await startSim();
    const c = await client(port);
    sim.setNextSequence(4294967294);
    for (let i = 0; i < 3; i++) sim.emitEvent({ message: 'marker', n: i });
    await c.waitFor((f) => f.message === 'marker' && f.n === 2);
    assert.deepEqual(
      c.frames.filter((f) => f.message === 'marker').map((f) => f.sequence),
      [4294967294, 4294967295, 0],
    );
    const other = await client(port);
    assert.equal(other.frames[0].sequence, 0);
  });

  it('plays a script after authentication: frames, raw bytes, garbage, then drop', async () => {
    const port = await startSim({
      script: [
        { atMs: 10, frame: { message: 'agent-idle', 'agent-id': 1001, cause: 0 } },
        { atMs: 20, raw: '{"message":"scripted-raw"}\0' },
        { atMs: 30, action: 'garbage' },
        { atMs: 40, frame: '{"message":"scripted-text"}' },
        { atMs: 60, action: 'drop' },
      ],
    });
    const c = await client(port);
    await c.closed;
    assert.deepEqual(
      c.frames.map((f) => ('unparsable' in f ? 'garbage' : f.message)),
      ['authenticate', 'agent-idle', 'scripted-raw', 'garbage', 'scripted-text'],
    );
    assert.equal(c.frames[1].sequence, 1);
  });

  it('closes connections beyond maxClients at once', async () => {
    const port = await startSim({ maxClients: 2 });
    await client(port);
    await client(port);
    const third = await FeedClient.connect(port);
    clients.push(third);
    await third.closed;
    assert.equal(sim.clientCount(), 2);
  });

  it('emits connection, authenticated and request events', async () => {
    const port = await startSim();
    const seen: string[] = [];
    sim.on('connection', () => seen.push('connection'));
    sim.on('authenticated', () => seen.push('authenticated'));
    sim.on('request', (r: { message: string; connectionId: number }) => seen.push(`request:${r.message}:${r.connectionId}`));
    await client(port);
    assert.deepEqual(seen, ['connection', 'request:authenticate:1', 'authenticated']);
  });

  it('stop() leaves no timers, sockets or listeners behind, even with the day running and clients connected', async () => {
    const before = await leftovers();
    const port = await startSim({ generate: true, speed: 50, statsIntervalMs: 20 });
    const c = await FeedClient.authenticated(port);
    await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']], ['ecc', 'group-stats', ['*']]] });
    sim.setWriteMode('split');
    await c.waitFor((f) => f.message === 'queued', 5000);
    await sim.stop();
    await c.closed;
    // Growth only: a socket of an earlier test that closed meanwhile is not this test's business.
    const after = await leftovers();
    assert.deepEqual(
      Object.keys(after).filter((type) => after[type] > (before[type] ?? 0)).map((type) => `${type}: ${before[type] ?? 0} -> ${after[type]}`),
      [],
    );
  });
});

/**
 * Timers and TCP handles keeping the process alive (stdio and the like left out). Counted after an
 * await, so that mocha's own test timer (set once the test function has returned) is in both counts.
 */
async function leftovers(): Promise<Record<string, number>> {
  await new Promise((resolve) => setImmediate(resolve));
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (r !== 'Timeout' && !r.startsWith('TCP')) continue;
    counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}
