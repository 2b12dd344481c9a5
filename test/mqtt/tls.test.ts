/**
 * The broker over TLS (mosquitto with a certificate made by openssl for this run): gateway and
 * consumer with the CA connect and work; a consumer without it is refused and retries; and a
 * cc-server takes the CA from a standard tls-config node.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StateChange } from '../../src/core/types';
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttConsumerDriver } from '../../src/mqtt/consumer-driver';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { connections } from '../../nodes/lib/server-lookup';
import { helper, initHelper, NODES } from '../nodes/support';
import { startMosquitto, type MosquittoBroker } from '../helpers/brokers';

/** A self-signed certificate for 127.0.0.1 (its own CA), or undefined without openssl. */
function selfSigned(dir: string): { key: string; cert: string } | undefined {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  }
}

const quiet = { warn: () => undefined, error: () => undefined };
const TREE = { mqttPrefix: 'tls', mqttServerId: 'main', requestTimeout: 2 };

async function eventually(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('MQTT over TLS (mosquitto)', function () {
  this.timeout(30000);
  let dir: string;
  let tls: { key: string; cert: string } | undefined;
  let broker: MosquittoBroker;
  let sim: MitelSimulator;
  let gateway: MqttGateway;
  let driver: ReturnType<ReturnType<typeof mitelVendor.open>['create']>;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-mqtt-tls-'));
    tls = selfSigned(dir);
    if (!tls) this.skip();
    broker = await startMosquitto({ tls: { cert: tls.cert, key: tls.key, ca: tls.cert } });
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    driver = mitelVendor.open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: quiet }).create();
    const settings = { ...TREE, mqttBroker: broker.url, mqttTls: { ca: tls.cert } };
    gateway = new MqttGateway({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), serverName: 'main', gatewayId: 'gw-tls', vendor: 'mitel', log: quiet });
    gateway.attach(driver);
    driver.start();
    gateway.start();
    await eventually(() => gateway.brokerState.state === 'connected', 'the gateway on the TLS broker');
  });

  after(async () => {
    await gateway?.stop();
    await driver?.stop();
    await sim?.stop();
    await broker?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function consumer(extra: Record<string, unknown>): MqttConsumerDriver {
    const settings = { ...TREE, mqttBroker: broker.url, ...extra };
    return new MqttConsumerDriver({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), vendor: 'mitel', requestTimeoutMs: 2000 });
  }

  it('a consumer with the CA connects over mqtts:// and its requests work', async () => {
    const c = consumer({ mqttTls: { ca: tls?.cert } });
    c.start();
    try {
      await eventually(() => c.state === 'connected', 'the consumer connected');
      const agents = await c.listEntities('agents');
      assert.ok(agents.length > 0);
    } finally {
      await c.stop();
    }
  });

  it('a consumer without the CA is refused by certificate check and retries, never connected', async () => {
    const c = consumer({});
    const states: StateChange[] = [];
    c.on('state', (s: StateChange) => states.push(s));
    c.start();
    try {
      await eventually(() => states.some((s) => s.state === 'disconnected' && (s.retryInMs ?? 0) > 0), 'a refused attempt with a retry');
      assert.ok(!states.some((s) => s.state === 'authenticating' || s.state === 'connected'));
      assert.match(states.find((s) => s.state === 'disconnected')?.detail ?? '', /certificate|self.signed/i);
    } finally {
      await c.stop();
    }
  });

  it('a cc-server via MQTT takes the CA from a tls-config node', async () => {
    initHelper();
    const tlsNode = require(path.join(path.dirname(require.resolve('@node-red/nodes/package.json')), 'core', 'network', '05-tls.js')) as unknown;
    fs.writeFileSync(path.join(dir, 'ca.pem'), tls?.cert ?? '');
    const flow = [
      { id: 'tab', type: 'tab' },
      { id: 'tls', type: 'tls-config', cert: '', key: '', ca: path.join(dir, 'ca.pem'), verifyservercert: true },
      { id: 'srv', type: 'cc-server', protocol: 'mitel', connection: 'consumer', mqttBroker: broker.url, mqttTlsConfig: 'tls', ...TREE },
      { id: 'agents', type: 'cc-agent-event', z: 'tab', server: 'srv', autoSubscribe: true, entities: '*', wires: [[]] },
    ];
    await helper.load([tlsNode, ...NODES], flow, {});
    try {
      await eventually(() => connections.get('srv')?.state.state === 'connected', 'the cc-server connected through the tls-config CA');
    } finally {
      await helper.unload();
    }
  });
});
