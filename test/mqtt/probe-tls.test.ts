/**
 * "Test connection" of a cc-server via MQTT against a broker on TLS with a CA made for this run, in a
 * real Node-RED with adminAuth: the dialog's Broker TLS (a deployed tls-config node) is used, so the
 * probe succeeds with a tls-config that holds the CA and fails with a clear certificate error
 * without one; a tls-config that is not deployed is named as such; the route keeps its permission
 * (write) and its answers carry no secret of the tls-config.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProbeResult } from '../../src/core/driver';
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { ADMIN_ROOT } from '../../nodes/lib/admin-routes';
import { call, startAuthRuntime, type AuthRuntime } from '../admin/auth-runtime';
import { startMosquitto, type MosquittoBroker } from '../helpers/brokers';
import { makeTestCa, type TestPki } from './support/test-ca';

const quiet = { warn: () => undefined, error: () => undefined };
const TREE = { mqttPrefix: 'probe-tls', mqttServerId: 'main', requestTimeout: 3 };
const PASSPHRASE = 'tls-passphrase-Vq93';

async function eventually(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('MQTT Test connection with the dialog\'s Broker TLS (tls-config, real Node-RED, mosquitto on TLS)', function () {
  this.timeout(60000);
  let dir: string;
  let pki: TestPki | undefined;
  let broker: MosquittoBroker;
  let sim: MitelSimulator;
  let gateway: MqttGateway;
  let driver: ReturnType<ReturnType<typeof mitelVendor.open>['create']>;
  let rt: AuthRuntime;
  const replies: string[] = [];

  const probe = async (token: string | undefined, extra: Record<string, unknown>): Promise<{ status: number; result: ProbeResult }> => {
    const body = { protocol: 'mitel', connection: 'consumer', mqttBroker: broker.url, mqttVersion: 'auto', ...TREE, ...extra };
    const reply = await call(rt.red.url, 'POST', `${ADMIN_ROOT}/test-connection`, token, body);
    replies.push(reply.text);
    return { status: reply.status, result: reply.status === 200 ? (JSON.parse(reply.text) as ProbeResult) : ({} as ProbeResult) };
  };

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-probe-tls-'));
    pki = makeTestCa(dir);
    if (!pki) this.skip();
    broker = await startMosquitto({ tls: { cert: pki.cert, key: pki.key, ca: pki.ca } });
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    driver = mitelVendor.open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: quiet }).create();
    const settings = { ...TREE, mqttBroker: broker.url, mqttTls: { ca: pki.ca } };
    gateway = new MqttGateway({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), serverName: 'main', gatewayId: 'gw-probe-tls', vendor: 'mitel', log: quiet });
    gateway.attach(driver);
    driver.start();
    gateway.start();
    await eventually(() => gateway.brokerState.state === 'connected' && driver.lastState.state === 'connected', 'the gateway on the TLS broker');

    rt = await startAuthRuntime();
    const flow = [
      { id: 'tab', type: 'tab', label: 'probe tls' },
      // The CA only, as the editor stores pasted certificates (credentials).
      { id: 'tls-ca', type: 'tls-config', name: 'broker CA', cert: '', key: '', ca: '', verifyservercert: true, credentials: { cadata: pki.ca } },
      // A client certificate and key with a passphrase as well: none of it may come back in an answer.
      { id: 'tls-client', type: 'tls-config', name: 'client', cert: '', key: '', ca: '', verifyservercert: true,
        credentials: { cadata: pki.ca, certdata: pki.cert, keydata: pki.key, passphrase: PASSPHRASE } },
      { id: 'tls-none', type: 'tls-config', name: 'no CA', cert: '', key: '', ca: '', verifyservercert: true },
      { id: 'srv', type: 'cc-server', name: 'consumer', protocol: 'mitel', connection: 'consumer', mqttBroker: broker.url, mqttTlsConfig: 'tls-ca', ...TREE },
    ];
    const deployed = await call(rt.red.url, 'POST', '/flows', rt.adminToken, flow);
    assert.equal(deployed.status, 204, deployed.text);
    // The flows start after the deploy's answer: wait until the cc-server (and the tls-config it uses) runs.
    const end = Date.now() + 15000;
    while ((await call(rt.red.url, 'GET', `${ADMIN_ROOT}/srv/diagnostics`, rt.adminToken)).status !== 200) {
      if (Date.now() > end) throw new Error(`the flow did not start\n${rt.red.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  after(async () => {
    await rt?.red.stop();
    await gateway?.stop();
    await driver?.stop();
    await sim?.stop();
    await broker?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('with a deployed tls-config that holds the CA: ok, the gateway is connected', async () => {
    const { status, result } = await probe(rt.adminToken, { mqttTlsConfig: 'tls-ca' });
    assert.equal(status, 200);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.match(result.message, /gw-probe-tls is connected/);
  });

  it('without a tls-config, or with one that lacks the CA: a certificate error at stage tls', async () => {
    for (const extra of [{}, { mqttTlsConfig: '_ADD_' }, { mqttTlsConfig: 'tls-none' }]) {
      const { result } = await probe(rt.adminToken, extra);
      assert.equal(result.ok, false, JSON.stringify(result));
      assert.equal(result.stage, 'tls', JSON.stringify(result));
      assert.match(result.message, /TLS certificate is not trusted: .*(certificate|self.signed)/i, result.message);
    }
  });

  it('a tls-config that is not deployed: the result says the test ran without it', async () => {
    const { result } = await probe(rt.adminToken, { mqttTlsConfig: 'tls-new-in-editor' });
    assert.equal(result.ok, false);
    assert.equal(result.stage, 'tls');
    assert.match(result.message, /Broker TLS configuration .* is not deployed/);
  });

  it('TLS options in the request itself are ignored: only a deployed tls-config counts', async () => {
    const { result } = await probe(rt.adminToken, { mqttTls: { ca: pki?.ca, rejectUnauthorized: false } });
    assert.equal(result.stage, 'tls', JSON.stringify(result));
  });

  it('a client certificate with a passphrase works, and no answer carries the key or the passphrase', async () => {
    const { result } = await probe(rt.adminToken, { mqttTlsConfig: 'tls-client' });
    assert.equal(result.ok, true, JSON.stringify(result));
    const keyBody = (pki?.key ?? '').split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    for (const text of replies) {
      assert.ok(!text.includes(PASSPHRASE), 'the passphrase is in an answer');
      assert.ok(!text.replace(/\\n/g, '').includes(keyBody.slice(0, 40)), 'the private key is in an answer');
    }
  });

  it('keeps its permission under adminAuth: no token and a read-only user get 401, nothing is probed', async () => {
    assert.equal((await probe(undefined, { mqttTlsConfig: 'tls-ca' })).status, 401);
    assert.equal((await probe(rt.readerToken, { mqttTlsConfig: 'tls-ca' })).status, 401);
  });
});
