/**
 * The Node-RED set-up the OpenScape fault tests and the chaos run share: the simulator, an HTTP
 * fault proxy in front of its REST API, Node-RED's httpNode (the webhook) behind a second proxy, and
 * a flow with a cc-contact-event node on one extension (numbered HELD_EVENTs, "OnHeldEvent",
 * numbered by `uniqueCallId`), a cc-event node for the `connection` events and a cc-request node.
 */
import { OpenScapeSimulator, type OpenScapeSimulatorOptions } from '../../src/sim/openscape';
import type { NodeMessage } from '../../nodes/lib/red';
import { HttpFaultProxy } from '../helpers/fault-proxy-http';
import { helper, load, serveHttpNode } from '../nodes/support';
import { firstArrival } from './first-arrival';

export const SERVER = 'oss';

export interface OpenScapeRig {
  sim: OpenScapeSimulator;
  /** Between the client and the simulator's REST API. */
  rest: HttpFaultProxy;
  /** Between the simulator's webhook POSTs and Node-RED. */
  hook: HttpFaultProxy;
  extension: string;
  close(): Promise<void>;
}

export async function startRig(seed: number | undefined, simOptions: Partial<OpenScapeSimulatorOptions> = {}): Promise<OpenScapeRig> {
  const sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo', ...simOptions });
  await sim.start();
  // httpNode exists once the helper has loaded a flow.
  await load([]);
  const web = await serveHttpNode();
  await helper.unload();
  const rest = new HttpFaultProxy({ host: '127.0.0.1', port: sim.port }, seed);
  await rest.start();
  const hook = new HttpFaultProxy({ host: '127.0.0.1', port: Number(new URL(web.url).port) }, seed === undefined ? undefined : seed + 1);
  await hook.start();
  return {
    sim,
    rest,
    hook,
    extension: sim.directory.users[0].extension,
    async close() {
      await rest.stop();
      await hook.stop();
      await sim.stop();
      await web.close();
    },
  };
}

export interface OpenScapeFlowOptions {
  /** cc-server KeepAlive period in seconds. */
  keepAlive?: number;
  requestTimeout?: number;
}

export async function loadOpenScapeFlow(rig: OpenScapeRig, options: OpenScapeFlowOptions = {}): Promise<void> {
  await load(
    [
      {
        id: SERVER,
        type: 'cc-server',
        name: 'faulty',
        protocol: 'openscape',
        baseUrl: rig.rest.url,
        clientName: 'demo',
        agentKey: '1',
        webhookBaseUrl: rig.hook.url,
        webhookApiVersion: 'V2',
        requestTimeout: options.requestTimeout ?? 1,
        keepAlive: options.keepAlive ?? 0.3,
      },
      { id: 'calls', type: 'cc-contact-event', server: SERVER, entities: `extension:${rig.extension}`, wires: [['calls-out']] },
      { id: 'ev', type: 'cc-event', server: SERVER, filterMode: 'types', types: 'connection', wires: [['ev-out']] },
      { id: 'req', type: 'cc-request', server: SERVER, operation: 'admin.GetUsers', wires: [['req-out']] },
      { id: 'calls-out', type: 'helper' },
      { id: 'ev-out', type: 'helper' },
      { id: 'req-out', type: 'helper' },
    ],
    { [SERVER]: { clientToken: 'demo', agentPassword: 'demo' } },
  );
}

/** The guide's OnHeldEvent on the flow's extension, numbered by its uniqueCallId. */
export function postNumbered(rig: OpenScapeRig, n: number): void {
  rig.sim.postEvent('TELEPHONY', 'HELD_EVENT', {
    mediaType: 'VOICE',
    resource: rig.extension,
    uniqueCallId: `n${n}`,
    sequenceNumber: 0,
    lcsType: 'HOLD',
    contactType: 'ROUTED_VOICE',
    heldParty: { agentKey: 1, device: rig.extension },
  });
}

export function numberOf(msg: NodeMessage): number | undefined {
  const id = (msg.payload as Record<string, unknown> | undefined)?.uniqueCallId;
  return typeof id === 'string' && /^n\d+$/.test(id) ? Number(id.slice(1)) : undefined;
}

/** Post numbered events until one arrives (listens may still be on their way); resolves with it. */
export function nextGoodEvent(rig: OpenScapeRig, from: number, ms = 10000): Promise<number> {
  return firstArrival('calls-out', (n) => postNumbered(rig, n), numberOf, from, ms);
}
