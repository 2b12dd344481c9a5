/**
 * Redeploys against the OpenScape simulator: every run registers once, and once its stop() has
 * resolved it never talks to the server again. The defect this guards against: a keepalive or a
 * request answered "not registered" after the UnregisterApplication made the old client register
 * again, leaving a registration nobody would ever end (two per deploy).
 */
import { strict as assert } from 'node:assert';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { OpenScapeClient, generateWebhookToken, startDedicatedWebhookServer } from '../../src/openscape';
import type { DedicatedWebhookServer } from '../../src/openscape';
import type { RecordedRequest } from '../../src/sim/openscape';
import { untilState } from './helpers/setup';

describe('openscape client: start/stop cycles against the simulator', function () {
  this.timeout(120000);
  let sim: OpenScapeSimulator;
  let receiver: DedicatedWebhookServer;
  let live: OpenScapeClient | undefined;
  // Every request, also beyond the simulator's own bounded record.
  const requests: RecordedRequest[] = [];

  before(async () => {
    sim = new OpenScapeSimulator({
      port: 0,
      host: '127.0.0.1',
      clientName: 'demo',
      clientToken: 'demo',
      users: [{ agentKey: 3, password: 'p' }],
      realtimeIntervalMs: 20,
    });
    await sim.start();
    sim.on('request', (q: RecordedRequest) => requests.push(q));
    receiver = await startDedicatedWebhookServer({ host: '127.0.0.1', port: 0, token: generateWebhookToken(), onBody: (b) => live?.handleWebhookBody(b) });
  });

  after(async () => {
    await receiver?.close();
    await sim?.stop();
  });

  it('100 runs: exactly one registration while running, none after stop, no request after the unregister', async () => {
    for (let cycle = 0; cycle < 100; cycle++) {
      const client = new OpenScapeClient({
        baseUrl: sim.baseUrl,
        clientName: 'demo',
        clientToken: 'demo',
        agentKey: 3,
        agentPassword: 'p',
        webhookUrl: receiver.url,
        requestTimeoutMs: 2000,
        // Keepalives all the time, so that one is in flight when stop() comes.
        keepAliveMs: 1 + (cycle % 5),
        backoff: { initialMs: 5, maxMs: 20 },
      });
      live = client;
      client.start();
      await untilState(client, 'connected');
      await client.subscribe('n', { type: 'TELEPHONY', entities: ['*'] });
      await client.subscribe('n', { type: 'PRESENCE', entities: ['3'] });
      await client.request('realtime.StartQuery', { queryType: 'QUEUE_REALTIME', keyList: [1] });
      assert.equal(sim.listens().length, 1, `cycle ${cycle}: one registration while running`);
      // Let keepalives race the stop.
      await new Promise((r) => setTimeout(r, cycle % 7));
      await client.stop();
      assert.equal(sim.listens().length, 0, `cycle ${cycle}: no registration after stop`);
      assert.equal(sim.queries().length, 0, `cycle ${cycle}: no query after stop`);
    }
    // Anything still on its way from an old run would arrive now.
    const count = requests.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(requests.length, count, 'a request reached the simulator after the last stop');
    assert.equal(sim.listens().length, 0);
    // Per run (session token): nothing after its UnregisterApplication.
    const unregisteredAt = new Map<string, number>();
    requests.forEach((q, i) => {
      if (q.path === 'v2/main/unregisterApplication' && q.token) unregisteredAt.set(q.token, i);
    });
    const late = requests.filter((q, i) => q.token !== undefined && (unregisteredAt.get(q.token) ?? Infinity) < i);
    assert.deepEqual(late.map((q) => q.path), [], 'requests after their session was unregistered');
    assert.equal(requests.filter((q) => q.path === 'main/registerApplication').length, 100, 'one registration per run');
  });
});
