/**
 * "Test connection" of a cc-server via MQTT as a user presses it in the editor (real browser, real
 * Node-RED, mosquitto on TLS with a CA made for this run): the dialog sends its Broker TLS choice, so
 * the test succeeds with the deployed tls-config that holds the CA, and names a certificate failure
 * when the dialog's Broker TLS is set to none.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings } from '../../src/mqtt/settings';
import { MitelSimulator } from '../../src/sim/mitel';
import { deployFlows } from '../browser/support/admin-api';
import { chromiumAvailable, launchChromium, openEditor, screenshot } from '../browser/support/editor-page';
import { RedProcess } from '../browser/support/red-process';
import { startMosquitto, type MosquittoBroker } from '../helpers/brokers';
import { placed } from './support/runtimes';
import { makeTestCa } from './support/test-ca';

const quiet = { warn: () => undefined, error: () => undefined };
const TREE = { mqttPrefix: 'editor-tls', mqttServerId: 'main', requestTimeout: 3 };
const SERVER = 'tlssrv0000000001';
const AGENTS = 'tlsagt0000000001';

describe('editor: Test connection via MQTT with the Broker TLS of the dialog (real browser, mosquitto on TLS)', function () {
  this.timeout(90000);
  let dir: string;
  let broker: MosquittoBroker;
  let sim: MitelSimulator;
  let gateway: MqttGateway;
  let driver: ReturnType<ReturnType<typeof mitelVendor.open>['create']>;
  let red: RedProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-editor-tls-'));
    const pki = makeTestCa(dir);
    if (!pki || !chromiumAvailable()) this.skip();
    broker = await startMosquitto({ tls: { cert: pki.cert, key: pki.key, ca: pki.ca } });
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    driver = mitelVendor.open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: quiet }).create();
    const settings = { ...TREE, mqttBroker: broker.url, mqttTls: { ca: pki.ca } };
    gateway = new MqttGateway({ broker: brokerSettings(settings, {}), tree: treeSettings(settings), serverName: 'main', gatewayId: 'gw-editor-tls', vendor: 'mitel', log: quiet });
    gateway.attach(driver);
    driver.start();
    gateway.start();
    red = new RedProcess({ logLevel: 'warn' });
    await red.start();
    await deployFlows(
      red.url,
      placed([
        { id: 'tlstab', type: 'tab', label: 'tls' },
        { id: 'tlsca', type: 'tls-config', name: 'broker CA', cert: '', key: '', ca: '', verifyservercert: true, credentials: { cadata: pki.ca } },
        { id: SERVER, type: 'cc-server', name: 'via MQTT', protocol: 'mitel', connection: 'consumer', mqttBroker: broker.url, mqttTlsConfig: 'tlsca', mqttVersion: 'auto', mqttQos: '1', ...TREE },
        { id: AGENTS, type: 'cc-agent-event', z: 'tlstab', name: 'agents', server: SERVER, autoSubscribe: false, wires: [[]] },
      ]),
    );
    browser = await launchChromium();
    ({ page, pageErrors } = await openEditor(browser, red.url));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await gateway?.stop();
    await driver?.stop();
    await sim?.stop();
    await broker?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `probe-tls-editor-FAILED-${this.currentTest.title}`).catch(() => undefined);
  });

  async function testResult(): Promise<string> {
    await page.click('#cc-server-test-connection');
    const result = page.locator('#cc-server-test-result.cc-test-ok, #cc-server-test-result.cc-test-failed');
    await result.waitFor({ state: 'visible', timeout: 20000 });
    return (await result.innerText()).replace(/\s+/g, ' ').trim();
  }

  it('succeeds with the deployed tls-config that holds the CA, and names the certificate without one', async () => {
    await page.dblclick(`[id="${AGENTS}"]`);
    await page.locator('#node-input-server').waitFor({ state: 'attached' });
    await page.click('#node-input-btn-server-edit');
    await page.locator('#cc-server-test-connection').waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('#node-config-input-mqttTlsConfig'), 'tlsca');

    const ok = await testResult();
    assert.match(ok, /gateway gw-editor-tls is connected/);
    assert.equal(await page.locator('#cc-server-test-result.cc-test-ok').count(), 1);
    await screenshot(page, 'editor-test-connection-mqtt-tls-ok');

    await page.selectOption('#node-config-input-mqttTlsConfig', '_ADD_');
    const failed = await testResult();
    // The stage label from the cc-server catalogue ("TLS certificate"), the words from the probe.
    assert.match(failed, /TLS certificate: the broker's TLS certificate is not trusted/);
    assert.equal(await page.locator('#cc-server-test-result.cc-test-failed').count(), 1);
    assert.deepEqual(pageErrors, []);
  });
});
