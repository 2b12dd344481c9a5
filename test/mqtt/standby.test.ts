/**
 * A standby gateway's own nodes, in two real Node-RED runtimes on mosquitto: both gateways of one
 * server with standby gateways on; the second one is standby. Its palette nodes and its cc-server say
 * "standby" and name the leading gateway (not a plain "stopped"), a request sent to its command node
 * fails at once with STANDBY (nothing waits for a timeout), and when the leader is killed the
 * standby's nodes go to connected.
 */
import { strict as assert } from 'node:assert';
import { MitelSimulator } from '../../src/sim/mitel';
import { startMosquitto, type MosquittoBroker } from '../helpers/brokers';
import type { FlowNode } from '../browser/support/admin-api';
import type { DebugMessage, NodeStatus } from '../browser/support/comms-client';
import { httpCall } from '../examples/expectations';
import { WAIT_MS, eventually, gatewayFlow, killRuntime, press, retainedConnection, startRuntime, stopRuntime, type Runtime } from './support/runtimes';

/** A gateway runtime (command, catch) with an event node of its own. */
function standbyGatewayFlow(p: string, brokerUrl: string, simPort: number): FlowNode[] {
  return [
    ...gatewayFlow(p, brokerUrl, simPort, { mqttFailover: true, mqttTakeover: 2 }),
    { id: `${p}-agents`, type: 'cc-agent-event', z: `${p}-tab`, server: `${p}-server`, autoSubscribe: true, entities: '*', types: '', wires: [[]] },
  ];
}

const isStandbyOf = (leader: string) => (s: NodeStatus): boolean => s.fill === 'yellow' && s.shape === 'ring' && s.text === `standby: leader is ${leader}`;

describe('MQTT standby gateway: its nodes say standby, its requests fail at once (2 runtimes, mosquitto)', function () {
  this.timeout(120000);
  let sim: MitelSimulator;
  let broker: MosquittoBroker;
  let leader: Runtime | undefined;
  let standby: Runtime | undefined;

  before(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    await sim.start();
    broker = await startMosquitto();
    leader = await startRuntime(standbyGatewayFlow('gwa', broker.url, sim.port));
    await eventually(() => sim.clientCount() === 1, 'the first gateway leads and connects');
    standby = await startRuntime(standbyGatewayFlow('gwb', broker.url, sim.port));
  });

  after(async () => {
    await stopRuntime(standby);
    await stopRuntime(leader);
    await broker?.stop();
    await sim?.stop();
  });

  it('the standby names the leader on its nodes and its cc-server, and a request there fails at once with STANDBY', async () => {
    const b = standby as Runtime;
    const leaderId = String((await retainedConnection(broker.url)).gateway);
    assert.match(leaderId, /^gw-gwa-server-/);
    await b.comms.waitForStatus('gwb-agents', isStandbyOf(leaderId), WAIT_MS);
    await b.comms.waitForStatus('gwb-cmd', isStandbyOf(leaderId), WAIT_MS);
    await b.comms.waitForStatus('gwb-server', isStandbyOf(leaderId), WAIT_MS);
    // The editor's diagnosis of the deployed connection says the same.
    const diagnosis = await httpCall(`${b.red.url}/cc-contact-center/gwb-server/diagnostics`, 'GET');
    assert.equal(diagnosis.status, 200, diagnosis.body);
    assert.match((JSON.parse(diagnosis.body) as { message: string }).message, new RegExp(`standby gateway: gateway ${leaderId} holds the leader lock`, 'i'));
    // The leader's own nodes are unaffected.
    await (leader as Runtime).comms.waitForStatus('gwa-cmd', (s) => s.fill === 'green', WAIT_MS);

    const sent = Date.now();
    await press(b, 'gwb-inject-ok');
    const failure: DebugMessage = await b.comms.waitForDebug((m) => m.name === 'gwb-error', WAIT_MS, 'the STANDBY error at the standby');
    const elapsed = Date.now() - sent;
    const error = JSON.parse(failure.msg) as { code?: string; message?: string };
    assert.equal(error.code, 'STANDBY', failure.msg);
    assert.match(error.message ?? '', /standby/);
    assert.match(error.message ?? '', new RegExp(leaderId));
    assert.match(error.message ?? '', /via MQTT/);
    // At once: the server's request timeout is 3 s; the error came well before it.
    assert.ok(elapsed < 2000, `the error took ${elapsed} ms`);
    assert.equal(sim.clientCount(), 1, 'the standby connected to the contact center');
  });

  it('when the leader is killed, the standby takes over and its nodes go to connected', async () => {
    const b = standby as Runtime;
    await killRuntime(leader as Runtime);
    leader = undefined;
    await b.comms.waitForStatus('gwb-cmd', (s) => s.fill === 'green' && s.text === 'connected', WAIT_MS);
    await b.comms.waitForStatus('gwb-agents', (s) => s.fill === 'green', WAIT_MS);
    await b.comms.waitForStatus('gwb-server', (s) => s.fill === 'green' && /^MQTT connected/.test(s.text ?? ''), WAIT_MS);
    assert.match(String((await retainedConnection(broker.url)).gateway), /^gw-gwb-server-/);
    // Requests run there now.
    await press(b, 'gwb-inject-ok');
    await b.comms.waitForDebug((m) => m.name === 'gwb-answer', WAIT_MS, 'the answer of login at the new leader');
  });
});
