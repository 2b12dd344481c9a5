import * as net from 'net';
import { startNodeRed, type FlowNode, type NodeRedInstance } from './node-red';
import { builtPart, loadableNodeTypes } from './paths';
import { waitUntil } from './scenario';
import { OSC_SERVER_ID, oscPackageFlow } from './flows';
import type { OpenScapeSimulator } from '../../src/sim/openscape';

export type OscSetup =
  | { unavailable: string }
  | { nr: NodeRedInstance; sim: OpenScapeSimulator; webhookUrl: string; stop(): Promise<void> };

/** A free loopback port for the dedicated webhook server (cc-server needs a concrete port). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The package against the OpenScape simulator: Node-RED with a cc-server (OpenScape, webhook on
 * Node-RED's port or on a dedicated one) and `extra` nodes (cc-contact-event -> sink, or a
 * cc-request). Resolves once the simulator has the application registered, logged on and (when a
 * contact-event node is deployed) listening, with the webhook URL the server gave the simulator.
 */
export async function oscPackageSetup(
  mode: 'httpNode' | 'dedicated',
  extra: (server: string) => FlowNode[],
  nodeTypes: string[],
  waitForRealm?: string,
): Promise<OscSetup> {
  const { missing } = loadableNodeTypes(['cc-server', ...nodeTypes]);
  if (missing.length) return { unavailable: `package nodes missing: ${missing.join(', ')}` };
  const simPath = builtPart('src/sim/openscape/index.js');
  if (!simPath) return { unavailable: 'OpenScape simulator (src/sim/openscape) not built' };
  const { OpenScapeSimulator } = require(simPath) as typeof import('../../src/sim/openscape');
  const sim = new OpenScapeSimulator({ port: 0, host: '127.0.0.1', clientName: 'demo', clientToken: 'demo', generate: false });
  await sim.start();
  const nr = await startNodeRed({ withPackage: true });
  const webhookPort = mode === 'dedicated' ? await freePort() : 0;
  const webhookBaseUrl = mode === 'dedicated' ? `http://127.0.0.1:${webhookPort}` : `http://127.0.0.1:${nr.port}`;
  await nr.deploy(oscPackageFlow(sim.baseUrl, mode, webhookBaseUrl, webhookPort, extra(OSC_SERVER_ID)), {
    [OSC_SERVER_ID]: { clientToken: 'demo', agentPassword: 'demo' },
  });
  const ready = await waitUntil(() => {
    const l = sim.listens()[0];
    return !!l && l.loggedOn && (!waitForRealm || !!l.realms[waitForRealm as keyof typeof l.realms]);
  }, 15000, 20);
  const stop = async () => {
    await nr.stop();
    await sim.stop();
  };
  if (!ready) {
    await stop();
    return { unavailable: `cc-server did not register, log on${waitForRealm ? ` and listen on ${waitForRealm}` : ''} within 15 s` };
  }
  return { nr, sim, webhookUrl: sim.listens()[0].webhookURL, stop };
}

