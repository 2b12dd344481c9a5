/**
 * A gateway Node-RED in a process of its own (what a user runs on the machine that holds the
 * contact-center connection), for the mqtt-nodered scenario: the package's nodes, embedded as in
 * every bench, driven by its parent over IPC.
 *
 * IPC from the parent: {type:'deploy', flows, credentials} (answered {type:'deployed'}),
 * {type:'cpu'} (answered {type:'cpu', us}: user + system CPU µs so far), {type:'stop'}.
 * Disconnecting the parent ends it too. It sends {type:'ready'} once Node-RED runs, and
 * {type:'dropped', text} for every MQTT_DROPPED warning of its cc-server.
 */
import { startNodeRed, type FlowNode, type NodeRedInstance } from './lib/node-red';

interface ParentMessage {
  type?: string;
  flows?: FlowNode[];
  credentials?: Record<string, Record<string, string>>;
}

let red: NodeRedInstance | undefined;
let ending = false;

const end = (): void => {
  if (ending) return;
  ending = true;
  const hardStop = setTimeout(() => process.exit(0), 5000);
  void (red ? red.stop() : Promise.resolve()).finally(() => {
    clearTimeout(hardStop);
    process.exit(0);
  });
};

process.on('message', (m: ParentMessage) => {
  if (m.type === 'deploy' && red && m.flows) {
    red.deploy(m.flows, m.credentials).then(
      () => process.send?.({ type: 'deployed' }),
      (err: unknown) => process.send?.({ type: 'deployed', error: err instanceof Error ? err.message : String(err) }),
    );
  } else if (m.type === 'cpu') {
    const u = process.cpuUsage();
    process.send?.({ type: 'cpu', us: u.user + u.system });
  } else if (m.type === 'stop') end();
});
process.on('disconnect', end);

// The gateway's in-flight bound at work: events dropped (each drop streak warns once).
const onWarning = (text: string): void => {
  if (text.includes('MQTT_DROPPED')) process.send?.({ type: 'dropped', text });
};

startNodeRed({ withPackage: true, onWarning }).then(
  (r) => {
    red = r;
    process.send?.({ type: 'ready' });
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
