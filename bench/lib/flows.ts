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
    requestTimeout: 10000, idleTimeout: 0,
  };
}

/** The subscriptions every Mitel package flow holds (what the burst contains). */
function mitelSubscribe(): FlowNode {
  return {
    id: 'cc-sub', z: TAB, type: 'cc-subscribe', name: '', server: MITEL_SERVER_ID,
    subscriptions: [
      { type: 'agent-activity', entities: ['*'] },
      { type: 'call-activity', entities: ['*'] },
      { type: 'group-stats', entities: ['*'] },
    ],
    wires: [[]],
  };
}

/** The package: `cc-server` (Mitel) with a `cc-subscribe`, and one `cc-event` (no filter) -> sink. */
export function mitelPackageFlow(port: number): FlowNode[] {
  return [
    tab,
    mitelServer(port),
    mitelSubscribe(),
    { id: 'cc-ev', z: TAB, type: 'cc-event', name: '', server: MITEL_SERVER_ID, filterType: 'all', types: '', pattern: '', wires: [['sink']] },
    sinkNode('sink', TAB),
  ];
}

/**
 * The fan-out flow: `nodes` cc-event nodes each filtering ONE distinct agent event type/agent pair.
 * With nodes = 1 the single node wants everything the burst carries, so both runs deliver one message
 * per event and the difference is the cost of routing among many nodes.
 */
export function mitelFanoutFlow(port: number, filters: string[]): FlowNode[] {
  const flow: FlowNode[] = [tab, mitelServer(port), mitelSubscribe(), sinkNode('sink', TAB)];
  filters.forEach((types, k) => {
    flow.push({
      id: `cc-ev-${k}`, z: TAB, type: 'cc-event', name: '', server: MITEL_SERVER_ID, filterType: 'types', types,
      pattern: '', wires: [['sink']],
    });
  });
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
