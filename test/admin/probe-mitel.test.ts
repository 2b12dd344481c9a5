import { strict as assert } from 'node:assert';
import net from 'node:net';
import { probeMitel } from '../../src/probe';
import { MitelSimulator } from '../../src/sim/mitel';

/** A port that nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('admin: probeMitel', function () {
  this.timeout(10000);
  let sim: MitelSimulator;
  let port: number;

  beforeEach(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 's3cret-pw' });
    port = await sim.start();
  });
  afterEach(() => sim.stop());

  it('ok with the right credentials, and closes its connection', async () => {
    const result = await probeMitel({ host: '127.0.0.1', port, user: 'demo', password: 's3cret-pw', settleMs: 20 });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.stage, undefined);
    assert.match(result.message, /authenticated as "demo"/);
    const auth = sim.requests.find((r) => r.message === 'authenticate');
    assert.ok(auth, 'the simulator saw the authenticate request');
    assert.notEqual(auth['password'], 's3cret-pw', 'the password travels as its MD5 digest');
  });

  it('credentials when the server closes during authentication, without the password in the words', async () => {
    const result = await probeMitel({ host: '127.0.0.1', port, user: 'demo', password: 'wrong-pw', settleMs: 20 });
    assert.equal(result.ok, false);
    assert.equal(result.stage, 'credentials');
    assert.match(result.message, /user name or password is wrong/);
    assert.doesNotMatch(JSON.stringify(result), /wrong-pw/);
  });

  it('credentials with the server words when it answers a negative result', async () => {
    await sim.stop();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'x', answerAuthFailure: true });
    port = await sim.start();
    const result = await probeMitel({ host: '127.0.0.1', port, user: 'someone', password: 'y', settleMs: 20 });
    assert.equal(result.stage, 'credentials');
    assert.match(result.message, /refused user "someone"/);
    assert.match(result.detail ?? '', /result -1/);
  });

  it('licence when the server closes right after connect (all connections in use)', async () => {
    await sim.stop();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'x', maxClients: 1 });
    port = await sim.start();
    const holder = net.connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => holder.once('connect', resolve));
    try {
      const result = await probeMitel({ host: '127.0.0.1', port, user: 'demo', password: 'x', settleMs: 300 });
      assert.equal(result.stage, 'licence', result.message);
      assert.match(result.message, /licence|50/);
    } finally {
      holder.destroy();
    }
  });

  it('connect when nothing listens on the port, naming where the event feed is enabled', async () => {
    const result = await probeMitel({ host: '127.0.0.1', port: await closedPort(), user: 'demo', password: 'x' });
    assert.equal(result.stage, 'connect');
    assert.match(result.message, /Nothing listens on 127\.0\.0\.1:\d+/);
    assert.match(result.message, /System Parameters > External Interfaces > Event Feeds/);
  });

  it('dns for a name under the reserved .invalid TLD', async () => {
    const result = await probeMitel({ host: 'no-such-server.invalid', port: 31456, user: 'demo', password: 'x', timeoutMs: 3000 });
    assert.equal(result.stage, 'dns');
    assert.match(result.message, /no-such-server\.invalid/);
  });

  it('protocol when the port answers something that is not the event feed', async () => {
    const server = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n\0'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const result = await probeMitel({
        host: '127.0.0.1',
        port: (server.address() as net.AddressInfo).port,
        user: 'demo',
        password: 'x',
        settleMs: 100,
      });
      assert.equal(result.stage, 'protocol', result.message);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('timeout when the server accepts but never answers authenticate', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const result = await probeMitel({
        host: '127.0.0.1',
        port: (server.address() as net.AddressInfo).port,
        user: 'demo',
        password: 'x',
        settleMs: 10,
        timeoutMs: 300,
      });
      assert.equal(result.stage, 'timeout');
      assert.match(result.message, /did not answer the authenticate request/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
