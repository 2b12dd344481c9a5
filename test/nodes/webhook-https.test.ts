import assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import type { WebhookOutcome } from '../../src/sim/openscape';
import { helper, initHelper, NODES, nextMessage, watchStatus } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tlsConfigNode = require('@node-red/nodes/core/network/05-tls.js') as unknown;

interface TestPki {
  /** The CA that signed the webhook's certificate. */
  ca: string;
  /** Another CA, which did not. */
  otherCa: string;
  key: string;
  cert: string;
}

/** A CA, a certificate for 127.0.0.1 signed by it, and an unrelated CA: openssl, this run only. */
function makePki(): TestPki | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-webhook-tls-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore', timeout: 20000 });
  };
  const newCa = (name: string): void =>
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '1',
      '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign',
      '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`));
  try {
    newCa('test-ca');
    newCa('other-ca');
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1',
      '-keyout', file('leaf.key'), '-out', file('leaf.csr'));
    fs.writeFileSync(file('leaf.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('test-ca.pem'), '-CAkey', file('test-ca.key'), '-CAcreateserial',
      '-days', '1', '-sha256', '-extfile', file('leaf.ext'), '-out', file('leaf.pem'));
    const read = (name: string): string => fs.readFileSync(file(name), 'utf8');
    return { ca: read('test-ca.pem'), otherCa: read('other-ca.pem'), key: read('leaf.key'), cert: read('leaf.pem') };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
}

async function waitUntil(test: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function warnings(): string[] {
  const spy = (helper as unknown as { log(): unknown }).log() as { args: Array<[{ level: number; msg: unknown }]> };
  return spy.args.map(([entry]) => String(entry.msg));
}

describe('cc-server: https on the dedicated webhook port (tls-config node, OpenScape simulator verifying)', function () {
  this.timeout(20000);
  let pki: TestPki | undefined;
  let sim: OpenScapeSimulator | undefined;

  before(function () {
    pki = makePki();
    if (!pki) this.skip(); // no openssl on this machine
    initHelper();
  });
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  /** A flow: cc-server with its webhook on `port` over the tls-config node, and an agent event node. */
  async function deploy(port: number, tls: { certdata?: string; keydata?: string }): Promise<void> {
    const flow = [
      {
        id: 'oss',
        type: 'cc-server',
        protocol: 'openscape',
        baseUrl: sim!.baseUrl,
        clientName: 'demo',
        agentKey: '1',
        webhookMode: 'dedicated',
        webhookPort: port,
        webhookBaseUrl: '',
        webhookTls: 'tls',
        requestTimeout: 3,
      },
      { id: 'tls', type: 'tls-config', cert: '', key: '', ca: '', verifyservercert: true },
      { id: 'ag', type: 'cc-agent-event', server: 'oss', wires: [['ag-out']] },
      { id: 'ag-out', type: 'helper' },
    ];
    await helper.load([...NODES, tlsConfigNode], flow, { oss: { clientToken: 'demo', agentPassword: 'demo' }, tls });
  }

  it('registers an https webhook URL and receives events the simulator posts after verifying the certificate', async () => {
    sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo', webhookCa: pki!.ca });
    await sim.start();
    const port = await freePort();
    await deploy(port, { certdata: pki!.cert, keydata: pki!.key });
    await watchStatus('ag').waitFor((s) => s.fill === 'green', 8000);
    await waitUntil(() => 'PRESENCE' in (sim!.listens()[0]?.realms ?? {}), 'the PRESENCE listen');
    assert.ok(sim.listens()[0].webhookURL.startsWith(`https://127.0.0.1:${port}/cc-webhook/`), sim.listens()[0].webhookURL);
    const outcomes: WebhookOutcome[] = [];
    sim.on('webhook', (o: WebhookOutcome) => outcomes.push(o));
    const got = nextMessage('ag-out', (m) => m.topic === 'USER_ROUTING_STATE');
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentKey: 2, routingState: 'WORK', reason: 0 });
    await got;
    assert.deepEqual(outcomes.map((o) => o.ok), [true]);
  });

  it('the simulator refuses a certificate its CA did not sign: seen in its outcome and in the package log', async () => {
    sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo', webhookCa: pki!.otherCa });
    await sim.start();
    const outcomes: WebhookOutcome[] = [];
    sim.on('webhook', (o: WebhookOutcome) => outcomes.push(o));
    const port = await freePort();
    await deploy(port, { certdata: pki!.cert, keydata: pki!.key });
    await watchStatus('ag').waitFor((s) => s.fill === 'green', 8000);
    await waitUntil(() => 'PRESENCE' in (sim!.listens()[0]?.realms ?? {}), 'the PRESENCE listen');
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentKey: 2, routingState: 'WORK', reason: 0 });
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentKey: 3, routingState: 'WORK', reason: 0 });
    await waitUntil(() => outcomes.length === 2, 'two webhook outcomes');
    assert.deepEqual(outcomes.map((o) => o.ok), [false, false]);
    assert.match(String(outcomes[0].error), /certificate/i);
    await waitUntil(() => warnings().some((m) => m.includes('TLS handshake failed')), 'the handshake warning');
    // Once per minute, however many POSTs failed.
    assert.equal(warnings().filter((m) => m.includes('TLS handshake failed')).length, 1, JSON.stringify(warnings()));
  });

  it('stays red, and opens no plain-http port, when the TLS configuration has no certificate and key', async () => {
    sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo' });
    await sim.start();
    const port = await freePort();
    await deploy(port, {});
    await waitUntil(() => warnings().some((m) => m.includes('no certificate and private key')), 'the error');
    assert.equal(sim.listens().length, 0);
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer().once('error', reject).listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });
});
