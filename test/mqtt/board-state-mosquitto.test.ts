/**
 * The board's retained tables on Mosquitto (MQTT 5 for the gateway, persistence off as
 * test/helpers/brokers.ts starts it): a broker restart loses every retained message, and the
 * gateway publishes the same tables again once it is back; closing the flow clears them. Against a
 * quiet Mitel simulator (no statistics for minutes), so that what comes back is the gateway's
 * re-publish and not a new message of the board.
 */
import { strict as assert } from 'node:assert';
import type { MqttClient } from 'mqtt';
import { MitelSimulator } from '../../src/sim/mitel';
import { startMosquitto, type MosquittoBroker } from '../helpers/brokers';
import { helper, initHelper, load, watchStatus } from '../nodes/support';
import { gatewayServer, joiner, joinUntilRetained, lastOf, settled } from './support/board-readers';

describe('cc-board tables retained on mosquitto', function () {
  this.timeout(40000);
  let broker: MosquittoBroker;
  let sim: MitelSimulator;
  const clients: MqttClient[] = [];
  const join = joiner(() => broker.url, clients);

  before(async () => {
    initHelper();
    broker = await startMosquitto();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 600_000, seed: 3 });
    await sim.start();
  });
  after(async () => {
    await helper.unload();
    await Promise.all(clients.splice(0).map((c) => c.endAsync()));
    await sim.stop();
    await broker.stop();
  });

  it('a restart without persistence: the same tables are retained again; closing the flow clears them', async () => {
    await load(
      [gatewayServer('gw', broker.url, sim.port), { id: 'board', type: 'cc-board', name: 'floor', server: 'gw', interval: 0.3, wires: [[], [], []] }],
      { gw: { user: 'demo', password: 'demo' } },
    );
    await watchStatus('board').waitFor((s) => s.fill === 'green' && /snapshot/.test(s.text ?? ''), 15000);
    const first = await join();
    await settled(first);

    await Promise.all(clients.splice(0).map((c) => c.endAsync()));
    await broker.restart();
    const again = await joinUntilRetained(join);
    assert.equal(lastOf(again, 'agents')?.body?.at, lastOf(first, 'agents')?.body?.at);
    assert.deepEqual(lastOf(again, 'queues')?.body, lastOf(first, 'queues')?.body);

    await helper.unload();
    const late = await join();
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(late, []);
  });
});
