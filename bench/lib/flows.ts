/**
 * The flows under test, as flow JSON. Property names of the package's nodes follow their editor
 * defaults (nodes/<type>.html); the core nodes' follow Node-RED 4.1's own.
 */
import type { FlowNode } from './node-red';
import { sinkNode } from './node-red';

export const TAB = 'bench-tab';
const tab: FlowNode = { id: TAB, type: 'tab', label: 'bench' };

/**
 * What an integrator builds from core nodes today: `tcp in` (client, stream of Buffers) -> `split` on
 * `\0` (stream mode) -> `json` -> `switch` on the message name (agent / statistics / the rest).
 */
export function mitelCoreFlow(port: number): FlowNode[] {
  return [
    tab,
    {
      id: 'tcp', z: TAB, type: 'tcp in', name: '', server: 'client', host: '127.0.0.1', port: String(port),
      datamode: 'stream', datatype: 'buffer', newline: '', topic: '', trim: false, base64: false, tls: '',
      wires: [['split']],
    },
    {
      id: 'split', z: TAB, type: 'split', name: '', splt: '\\0', spltType: 'str', arraySplt: 1,
      arraySpltType: 'len', stream: true, addname: '', property: 'payload', wires: [['json']],
    },
    { id: 'json', z: TAB, type: 'json', name: '', property: 'payload', action: 'obj', pretty: false, wires: [['switch']] },
    {
      id: 'switch', z: TAB, type: 'switch', name: '', property: 'payload.message', propertyType: 'msg',
      rules: [
        { t: 'regex', v: '^agent-', vt: 'str', case: false },
        { t: 'cont', v: '-stats', vt: 'str' },
        { t: 'else' },
      ],
      checkall: 'false', repair: false, outputs: 3, wires: [['sink'], ['sink'], ['sink']],
    },
    sinkNode('sink', TAB),
  ];
}

export const MITEL_SERVER_ID = 'cc-srv';
export const MITEL_CREDENTIALS = { [MITEL_SERVER_ID]: { user: 'bench', password: 'bench' } };

function mitelServer(port: number): FlowNode {
  return {
    id: MITEL_SERVER_ID, type: 'cc-server', name: 'bench', protocol: 'mitel', host: '127.0.0.1', port: String(port),
    requestTimeout: 10, idleTimeout: 0,
  };
}

/** The subscriptions every Mitel package flow holds (what the burst contains). */
function mitelSubscribe(): FlowNode {
  return {
    id: 'cc-sub', z: TAB, type: 'cc-subscribe', name: '', server: MITEL_SERVER_ID,
    subscriptions: [
      { type: 'agent-activity', entities: '*' },
      { type: 'call-activity', entities: '*' },
      { type: 'group-stats', entities: '*' },
    ],
    wires: [[]],
  };
}

/** The package: `cc-server` (Mitel) with a `cc-subscribe`, and one `cc-event` (no filter) -> sink. */
export function mitelPackageFlow(port: number, withSubscribe: boolean): FlowNode[] {
  return [
    tab,
    mitelServer(port),
    ...(withSubscribe ? [mitelSubscribe()] : []),
    {
      id: 'cc-ev', z: TAB, type: 'cc-event', name: '', server: MITEL_SERVER_ID, filterMode: 'all', types: '', pattern: '',
      includeConnection: false, wires: [['sink']],
    },
    sinkNode('sink', TAB),
  ];
}

/**
 * The board flow: the package flow (cc-event counts every event at the sink) with a cc-board beside
 * it on the same server. The board handles each event in the same dispatch as cc-event, so when the
 * sink has counted the last event the board has applied all of them: the rate is that of both.
 */
export function mitelBoardFlow(port: number, withSubscribe: boolean): FlowNode[] {
  return [
    ...mitelPackageFlow(port, withSubscribe),
    { id: 'cc-board', z: TAB, type: 'cc-board', name: '', server: MITEL_SERVER_ID, interval: 1, wires: [[], [], []] },
  ];
}

/**
 * The fan-out flow: `agents` cc-agent-event nodes, node k filtering agent 1000+k (`agent:<id>`), or
 * with agents = 0 one cc-agent-event without a filter. The burst holds agent events spread evenly
 * over the agents, so both flows deliver exactly one message per event: the difference is the cost
 * of routing each event among many nodes.
 */
export function mitelFanoutFlow(port: number, agents: number, withSubscribe: boolean): FlowNode[] {
  const flow: FlowNode[] = [tab, mitelServer(port), ...(withSubscribe ? [mitelSubscribe()] : []), sinkNode('sink', TAB)];
  const node = (k: number, entities: string): FlowNode => ({
    id: `cc-ag-${k}`, z: TAB, type: 'cc-agent-event', name: '', server: MITEL_SERVER_ID, autoSubscribe: false,
    entities, types: '', addNames: false, wires: [['sink']],
  });
  if (agents === 0) flow.push(node(0, ''));
  for (let k = 0; k < agents; k++) flow.push(node(k, `agent:${1000 + k}`));
  return flow;
}

/** What an integrator builds from core nodes today: `http in` -> `switch` on the realm -> `http response`. */
export function oscCoreFlow(): FlowNode[] {
  return [
    tab,
    {
      id: 'httpin', z: TAB, type: 'http in', name: '', url: '/oscc-events', method: 'post', upload: false,
      swaggerDoc: '', wires: [['switch']],
    },
    {
      id: 'switch', z: TAB, type: 'switch', name: '', property: 'payload.data.realm', propertyType: 'msg',
      rules: [
        { t: 'eq', v: 'TELEPHONY', vt: 'str' },
        { t: 'else' },
      ],
      checkall: 'false', repair: false, outputs: 2, wires: [['resp', 'sink'], ['resp', 'sink']],
    },
    { id: 'resp', z: TAB, type: 'http response', name: '', statusCode: '200', headers: {}, wires: [] },
    sinkNode('sink', TAB),
  ];
}

export const OSC_SERVER_ID = 'cc-osc';

/** cc-server (OpenScape) against the simulator, with the webhook on Node-RED's port or a dedicated one. */
export function oscPackageFlow(
  baseUrl: string,
  webhookMode: 'httpNode' | 'dedicated',
  webhookBaseUrl: string,
  webhookPort: number,
  extra: FlowNode[],
): FlowNode[] {
  return [
    tab,
    {
      id: OSC_SERVER_ID, type: 'cc-server', name: 'bench', protocol: 'openscape', baseUrl, clientName: 'demo',
      busUnitName: '', agentKey: '1', webhookBaseUrl, webhookApiVersion: 'V2', webhookMode,
      webhookPort: webhookPort ? String(webhookPort) : '', requestTimeout: 10, tlsRejectUnauthorized: true, ca: '',
    },
    ...extra,
  ];
}

/** cc-contact-event (subscribing by itself: TELEPHONY and the other contact realms) -> sink. */
export function contactEventNodes(server: string): FlowNode[] {
  return [
    { id: 'cc-contact', z: TAB, type: 'cc-contact-event', name: '', server, autoSubscribe: true, entities: '', types: '', addNames: false, wires: [['sink']] },
    sinkNode('sink', TAB),
  ];
}

/** cc-request for one operation with no parameters -> sink. */
export function requestNodes(server: string, operation: string): FlowNode[] {
  return [
    { id: 'cc-req', z: TAB, type: 'cc-request', name: '', server, operation, paramsFrom: 'node', params: [], wires: [['sink']] },
    sinkNode('sink', TAB),
  ];
}

/** The MQTT tree of the Node-RED MQTT scenarios (gateway and consumer must agree on both). */
export interface MqttTreeOptions {
  brokerUrl: string;
  serverId: string;
}

function mqttFields(tree: MqttTreeOptions): Record<string, unknown> {
  return { mqttBroker: tree.brokerUrl, mqttPrefix: 'bench', mqttServerId: tree.serverId, mqttVersion: 'auto', mqttQos: '1' };
}

/**
 * A gateway Node-RED: only the cc-server (Mitel, `direct + publish to MQTT`), which keeps its
 * connection with no palette node of its own, as a gateway that serves other instances does.
 */
export function mitelGatewayFlow(port: number, tree: MqttTreeOptions, events: 'each' | 'batched'): FlowNode[] {
  return [
    tab,
    { ...mitelServer(port), name: 'bench-gw', connection: 'gateway', ...mqttFields(tree), mqttEventMessages: events, mqttFailover: false },
  ];
}

/**
 * The package flow of a consumer Node-RED: cc-server `via MQTT` with the same cc-subscribe and the
 * same cc-event (no filter) -> sink as mitelPackageFlow; only the cc-server's Connection differs.
 */
export function mitelConsumerFlow(tree: MqttTreeOptions): FlowNode[] {
  return mitelPackageFlow(0, true).map((n) =>
    n.id === MITEL_SERVER_ID ? { ...n, connection: 'consumer', ...mqttFields(tree) } : n,
  );
}
