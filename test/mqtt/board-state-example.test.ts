/**
 * examples/mqtt/mqtt-board-wallboard.json as a user's second Node-RED runs it: Node-RED's own
 * `mqtt in` and `change` nodes, no contact-center node, read the board that a cc-board on the gateway
 * keeps retained. The Dashboard tables are replaced by helper nodes (same ids); the broker is aedes,
 * the gateway a cc-server in the same runtime against the Mitel simulator.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { MitelSimulator } from '../../src/sim/mitel';
import type { NodeMessage } from '../../nodes/lib/red';
import { examplesDir } from '../browser/support/paths';
import { startAedes, type AedesBroker } from '../helpers/brokers';
import { helper, initHelper, NODES } from '../nodes/support';

type FlowNode = Record<string, unknown> & { id: string; type: string };

// Node-RED's core nodes, as the example uses them.
const coreDir = path.dirname(require.resolve('@node-red/nodes/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mqttNodes = require(path.join(coreDir, 'core/network/10-mqtt.js')) as unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const changeNode = require(path.join(coreDir, 'core/function/15-change.js')) as unknown;

const TABLES = ['mb-agents-table', 'mb-queues-table'];

/** The example, with its Dashboard nodes, comment and debug taken out (the tables become helper nodes) and its broker on `port`. */
function exampleForTest(brokerPort: number): FlowNode[] {
  const flow = JSON.parse(fs.readFileSync(path.join(examplesDir, 'mqtt', 'mqtt-board-wallboard.json'), 'utf8')) as FlowNode[];
  return flow
    .filter((n) => !n.type.startsWith('ui-') || TABLES.includes(n.id))
    // Comments and debug nodes are not loaded here; nothing depends on them.
    .filter((n) => n.type !== 'debug' && n.type !== 'comment')
    .map((n) => {
      if (TABLES.includes(n.id)) return { id: n.id, z: n.z, type: 'helper' };
      if (n.type === 'mqtt-broker') return { ...n, port: String(brokerPort) };
      if (Array.isArray(n.wires)) return { ...n, wires: (n.wires as string[][]).map((w) => w.filter((id) => id !== 'mb-agents-debug')) };
      return n;
    });
}

function waitForRows(id: string, accept: (rows: Array<Record<string, unknown>>) => boolean, ms: number): Promise<Array<Record<string, unknown>>> {
  const node = helper.getNode(id);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id}: no matching rows within ${ms} ms`)), ms);
    node.on('input', ((msg: NodeMessage) => {
      const rows = msg.payload as Array<Record<string, unknown>>;
      if (!Array.isArray(rows) || !accept(rows)) return;
      clearTimeout(timer);
      resolve(rows);
    }) as (...args: never[]) => void);
  });
}

describe('example mqtt-board-wallboard: plain mqtt in nodes read the gateway board', function () {
  this.timeout(30000);
  let broker: AedesBroker;
  let sim: MitelSimulator;

  before(async () => {
    initHelper();
    broker = await startAedes();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 200, seed: 3 });
    await sim.start();
  });
  after(async () => {
    await helper.unload();
    await sim.stop();
    await broker.stop();
  });

  it('fills the agents and queues tables from the retained board', async () => {
    const gateway: FlowNode[] = [
      {
        id: 'gw',
        type: 'cc-server',
        name: 'sim',
        protocol: 'mitel',
        host: '127.0.0.1',
        port: sim.port,
        requestTimeout: 3,
        connection: 'gateway',
        mqttBroker: broker.url,
        // What the example subscribes to: cc/mitel-demo/state/board/+/...
        mqttPrefix: 'cc',
        mqttServerId: 'mitel-demo',
        mqttVersion: 'auto',
        mqttQos: '1',
      },
      { id: 'board', type: 'cc-board', name: 'Floor 1', server: 'gw', interval: 0.3, wires: [[], [], []] },
    ];
    await helper.load([...NODES, mqttNodes, changeNode], [...exampleForTest(broker.port), ...gateway], { gw: { user: 'demo', password: 'demo' } });
    const names = sim.entities.agents.map((a) => a.name).sort();
    const agents = await waitForRows('mb-agents-table', (rows) => rows.length === names.length && rows.every((r) => r.state !== 'unknown'), 20000);
    assert.deepEqual(agents.map((r) => r.name).sort(), names);
    assert.ok(agents.every((r) => typeof r.colour === 'string' && typeof r.timeInState === 'string'));
    const queues = await waitForRows('mb-queues-table', (rows) => rows.length > 0, 10000);
    assert.ok(queues.every((q) => typeof q.name === 'string' && typeof q.offered === 'number'));
  });
});
