/**
 * "Test connection" of a cc-server via MQTT: which step failed (broker, credentials, no gateway), and
 * ok with the gateway's state; the broker password never shows in the result.
 */
import { strict as assert } from 'node:assert';
import * as net from 'net';
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttGateway } from '../../src/mqtt/gateway';
import { probeConsumer } from '../../src/mqtt/probe';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { startAedes, type AedesBroker } from '../helpers/brokers';

const quiet = { warn: () => undefined, error: () => undefined };

describe('MQTT Test connection (probe)', function () {
  this.timeout(20000);
  let broker: AedesBroker;
  const tree = { mqttPrefix: 'probe', mqttServerId: 'main', requestTimeout: 1 };
  const creds = { mqttUser: 'u', mqttPassword: 'secret-pw' };

  before(async () => {
    broker = await startAedes({ username: 'u', password: 'secret-pw' });
  });

  after(() => broker.stop());

  it('no broker there: stage connect', async () => {
    // A port that was just free: nothing listens there.
    const s = net.createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const { port } = s.address() as net.AddressInfo;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    const r = await probeConsumer({ ...tree, mqttBroker: `mqtt://127.0.0.1:${port}` }, creds);
    assert.equal(r.ok, false);
    assert.ok(r.stage === 'connect' || r.stage === 'timeout', JSON.stringify(r));
  });

  it('a wrong password: stage credentials, and the password is not in the result', async () => {
    const r = await probeConsumer({ ...tree, mqttBroker: broker.url }, { mqttUser: 'u', mqttPassword: 'wrong-pw-123' });
    assert.equal(r.stage, 'credentials', JSON.stringify(r));
    assert.ok(!JSON.stringify(r).includes('wrong-pw-123'));
  });

  it('no gateway publishes this server: stage protocol, naming the topic', async () => {
    const r = await probeConsumer({ ...tree, mqttBroker: broker.url }, creds);
    assert.equal(r.stage, 'protocol');
    assert.match(r.message, /probe\/main\/state\/connection/);
  });

  it('a connected gateway: ok', async () => {
    const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    const driver = mitelVendor.open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: quiet }).create();
    const settings = { ...tree, mqttBroker: broker.url };
    const gateway = new MqttGateway({ broker: brokerSettings(settings, creds), tree: treeSettings(settings), serverName: 's', gatewayId: 'gw-probe', vendor: 'mitel', log: quiet });
    gateway.attach(driver);
    driver.start();
    gateway.start();
    try {
      const end = Date.now() + 5000;
      let r = await probeConsumer(settings, creds);
      while (!r.ok && Date.now() < end) r = await probeConsumer(settings, creds);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.match(r.message, /gw-probe is connected/);
    } finally {
      await gateway.stop();
      await driver.stop();
      await sim.stop();
    }
  });
});
