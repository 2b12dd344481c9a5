/**
 * The shared connection of a standby gateway (ServerConnection.setStandby) against a real Mitel
 * simulator: no driver while standby, the state names the leader and follows it, requests fail
 * with STANDBY at once, the leader's turn starts the driver, and a quick standby-then-leader flip
 * never leaves the nodes on a stale "stopped". The status texts in en-US and de.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCcError } from '../../src/core/errors';
import { mitelVendor } from '../../src/mitel/vendor';
import { MitelSimulator } from '../../src/sim/mitel';
import { translator } from '../../nodes/lib/i18n';
import type { RedNode } from '../../nodes/lib/red';
import { ServerConnection, type ServerState } from '../../nodes/lib/server-connection';
import { gatewayStatus, statusFor } from '../../nodes/lib/status';

const quiet = { warn: () => undefined, error: () => undefined };

async function eventually(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A translator over one of the package's catalogues, as Node-RED would give a node. */
function catalogue(locale: string): ReturnType<typeof translator> {
  const file = path.resolve(__dirname, '..', '..', '..', 'nodes', 'locales', locale, 'cc-agent-command.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const _ = (key: string, subs?: Record<string, unknown>): string => {
    const found = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], json);
    return typeof found === 'string' ? found.replace(/\{\{(\w+)\}\}/g, (m, n: string) => (subs && n in subs ? String(subs[n]) : m)) : key;
  };
  return translator({ _ } as unknown as RedNode);
}

describe('standby gateway: the shared connection and its status', function () {
  this.timeout(20000);
  let sim: MitelSimulator;
  let connection: ServerConnection;
  let states: ServerState[];

  beforeEach(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    connection = new ServerConnection('srv', 'main', mitelVendor, mitelVendor.open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: quiet }), quiet);
    states = [];
    connection.on('state', (s: ServerState) => states.push(s));
  });

  afterEach(async () => {
    await connection.close();
    await sim.stop();
  });

  it('runs no driver while standby, names the leader as it changes, and refuses requests with STANDBY', async () => {
    connection.setStandby({ leader: 'gw-a' });
    connection.register('node-1');
    await new Promise((r) => setImmediate(r));
    assert.equal(connection.currentClient, undefined);
    assert.deepEqual(connection.state, { state: 'stopped', standby: true, leader: 'gw-a', detail: 'standby: gateway gw-a leads' });
    connection.setStandby({ leader: 'gw-c' });
    assert.equal(states.at(-1)?.leader, 'gw-c');
    connection.setStandby({});
    assert.equal(states.at(-1)?.standby, true);
    assert.equal(states.at(-1)?.leader, undefined);
    connection.setStandby({ leader: 'gw-c' });
    const err = await Promise.resolve()
      .then(() => connection.request('command.login', { 'agent-id': 1001 }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isCcError(err, 'STANDBY'), String(err));
    assert.match((err as Error).message, /standby \(gateway gw-c leads\).*via MQTT/);
    assert.equal(sim.clientCount(), 0);
  });

  it('starts the driver when it becomes leader, stops it when standby again, and a quick flip ends connected', async () => {
    connection.setStandby({});
    connection.register('node-1');
    connection.setStandby(undefined);
    await eventually(() => connection.state.state === 'connected', 'connected as leader');
    connection.setStandby({ leader: 'gw-b' });
    await eventually(() => states.at(-1)?.standby === true && sim.clientCount() === 0, 'standby with the driver stopped');
    // Standby and leader again before the driver's stop has finished: the nodes must not end on "stopped".
    connection.setStandby(undefined);
    await eventually(() => connection.state.state === 'connected', 'connected again');
    connection.setStandby({ leader: 'gw-b' });
    connection.setStandby(undefined);
    await eventually(() => states.at(-1)?.state === 'connected', 'the last state the nodes saw is connected');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(states.at(-1)?.state, 'connected', JSON.stringify(states.slice(-4)));
    assert.equal(sim.clientCount(), 1);
  });

  it('shows a yellow standby in en-US and de, and the cc-server its broker state while the broker is away', () => {
    const en = catalogue('en-US');
    const de = catalogue('de');
    const standby: ServerState = { state: 'stopped', standby: true, leader: 'gw-a-1' };
    assert.deepEqual(statusFor(standby, en), { fill: 'yellow', shape: 'ring', text: 'standby: leader is gw-a-1' });
    assert.deepEqual(statusFor(standby, de), { fill: 'yellow', shape: 'ring', text: 'Standby: Leader ist gw-a-1' });
    assert.equal(statusFor({ state: 'stopped', standby: true }, en).text, 'standby: no leader');
    assert.equal(statusFor({ state: 'stopped', standby: true }, de).text, 'Standby: kein Leader');
    assert.equal(statusFor({ state: 'stopped' }, en).text, 'stopped');
    assert.deepEqual(gatewayStatus({ state: 'connected', detail: 'mqtt://b' }, { leader: 'gw-a-1' }, en), statusFor(standby, en));
    assert.deepEqual(gatewayStatus({ state: 'connected', detail: 'mqtt://b' }, undefined, en), { fill: 'green', shape: 'dot', text: 'MQTT connected: mqtt://b' });
    assert.equal(gatewayStatus({ state: 'disconnected', detail: 'refused' }, { leader: 'gw-a-1' }, en).fill, 'red');
  });
});
