/**
 * Real Node-RED runtimes (child processes with this package installed) for the MQTT tests, and the
 * flows they deploy: gateway and consumer cc-servers, an agent command with its catch, ordered events.
 */
import { strict as assert } from 'node:assert';
import mqtt from 'mqtt';
import { deployFlows, type FlowNode } from '../../browser/support/admin-api';
import { CommsClient, type DebugMessage } from '../../browser/support/comms-client';
import { RedProcess } from '../../browser/support/red-process';
import { httpCall } from '../../examples/expectations';

export const PREFIX = 'cc-rt';
export const SERVER_ID = 'sim';
export const WAIT_MS = 20000;

export interface Runtime {
  red: RedProcess;
  comms: CommsClient;
}

export async function startRuntime(flow: FlowNode[]): Promise<Runtime> {
  const red = new RedProcess({ logLevel: 'warn' });
  await red.start();
  const comms = new CommsClient();
  await comms.connect(red.url);
  await deployFlows(red.url, placed(flow));
  return { red, comms };
}

export async function stopRuntime(rt: Runtime | undefined): Promise<void> {
  if (!rt) return;
  rt.comms.close();
  await rt.red.stop();
}

export function mqttServer(id: string, connection: 'gateway' | 'consumer', brokerUrl: string, extra: Record<string, unknown> = {}): FlowNode {
  return {
    id,
    type: 'cc-server',
    name: `${connection} ${id}`,
    protocol: 'mitel',
    connection,
    mqttBroker: brokerUrl,
    mqttPrefix: PREFIX,
    mqttServerId: SERVER_ID,
    mqttVersion: 'auto',
    mqttQos: '1',
    requestTimeout: 3,
    ...extra,
  };
}

/** inject -> agent command (command from msg) -> debug, with a catch node whose errors go to a second debug. */
export function commandFlow(tab: string, server: string, p: string): FlowNode[] {
  return [
    { id: `${p}-inject-ok`, type: 'inject', z: tab, props: [{ p: 'payload' }], payload: '{"command":"login","agent-id":1001}', payloadType: 'json', wires: [[`${p}-cmd`]] },
    { id: `${p}-inject-bad`, type: 'inject', z: tab, props: [{ p: 'payload' }], payload: '{"command":"login","agent-id":999999}', payloadType: 'json', wires: [[`${p}-cmd`]] },
    { id: `${p}-cmd`, type: 'cc-agent-command', z: tab, server, operation: 'msg', paramsFrom: 'msg', params: [], wires: [[`${p}-answer`]] },
    { id: `${p}-answer`, type: 'debug', z: tab, name: `${p}-answer`, active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
    { id: `${p}-catch`, type: 'catch', z: tab, scope: [`${p}-cmd`], uncaught: false, wires: [[`${p}-error`]] },
    { id: `${p}-error`, type: 'debug', z: tab, name: `${p}-error`, active: true, tosidebar: true, complete: 'error', targetType: 'msg', wires: [] },
  ];
}

export function consumerFlow(brokerUrl: string, p: string): FlowNode[] {
  const tab = `${p}-tab`;
  return [
    { id: tab, type: 'tab', label: p },
    mqttServer(`${p}-server`, 'consumer', brokerUrl),
    { id: `${p}-agents`, type: 'cc-agent-event', z: tab, server: `${p}-server`, autoSubscribe: true, entities: '*', types: '', wires: [[]] },
    { id: `${p}-events`, type: 'cc-event', z: tab, server: `${p}-server`, filterMode: 'types', types: 'ORDER_TEST', typesType: 'str', includeConnection: false, wires: [[`${p}-order`]] },
    { id: `${p}-order`, type: 'debug', z: tab, name: `${p}-order`, active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
    { id: `${p}-realtime`, type: 'cc-realtime', z: tab, server: `${p}-server`, statType: 'group-stats', entities: '*', startOnDeploy: true, wires: [[`${p}-stats`]] },
    { id: `${p}-stats`, type: 'debug', z: tab, name: `${p}-stats`, active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
    { id: `${p}-board`, type: 'cc-board', z: tab, server: `${p}-server`, interval: 1, wires: [[`${p}-board-agents`], [], []] },
    { id: `${p}-board-agents`, type: 'debug', z: tab, name: `${p}-board-agents`, active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
    ...commandFlow(tab, `${p}-server`, p),
  ];
}


/** Node-RED takes a node without x and y for a config node: place every flow node. */
export function placed(flow: FlowNode[]): FlowNode[] {
  return flow.map((n, i) => (n.z ? { x: 100 + 10 * i, y: 40 * (i + 1), ...n } : n));
}

export function debugOf(comms: CommsClient, name: string): DebugMessage[] {
  return comms.debug.filter((m) => m.name === name);
}

export async function press(rt: Runtime, id: string): Promise<void> {
  const { status } = await httpCall(`${rt.red.url}/inject/${id}`, 'POST');
  assert.equal(status, 200);
}

export async function eventually(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The retained connection state as a fresh subscriber sees it right after connecting. */
export async function retainedConnection(url: string): Promise<Record<string, unknown>> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    return await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no retained connection state')), 2000);
      client.on('message', (_t, body) => {
        clearTimeout(timer);
        resolve(JSON.parse(body.toString()) as Record<string, unknown>);
      });
      void client.subscribeAsync(`${PREFIX}/${SERVER_ID}/state/connection`);
    });
  } finally {
    await client.endAsync();
  }
}


/** A crash: SIGKILL, no goodbye to the broker (its wills are published), then the user dir is removed. */
export async function killRuntime(rt: Runtime): Promise<void> {
  rt.comms.close();
  // RedProcess stops gracefully only; the child is the one this test started.
  const child = (rt.red as unknown as { child?: import('child_process').ChildProcess }).child;
  if (child && child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
  await rt.red.stop();
}

/** A gateway runtime: the cc-server publishes to the broker, with an agent command of its own. */
export function gatewayFlow(p: string, brokerUrl: string, simPort: number, extra: Record<string, unknown> = {}): FlowNode[] {
  const tab = `${p}-tab`;
  return [
    { id: tab, type: 'tab', label: p },
    mqttServer(`${p}-server`, 'gateway', brokerUrl, { host: '127.0.0.1', port: simPort, credentials: { user: 'demo', password: 'demo' }, ...extra }),
    ...commandFlow(tab, `${p}-server`, p),
  ];
}
