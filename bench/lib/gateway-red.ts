/** The parent's handle on a gateway Node-RED child process (bench/mqtt-gateway-red.ts). */
import { fork, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { FlowNode } from './node-red';
import { OUT_ROOT } from './paths';

interface ChildMessage {
  type: string;
  us?: number;
  error?: string;
}

const ANSWER_MS = 30000;

export interface GatewayRed {
  /** Replace the child's flows (an empty list stops its cc-server). */
  deploy(flows: FlowNode[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  /** CPU time (user + system, µs) the child has used so far. */
  cpuUs(): Promise<number>;
  /** The MQTT_DROPPED warnings of the gateway since the last call (the in-flight bound dropped events). */
  takeDropWarnings(): string[];
  stop(): Promise<void>;
}

function answer(child: ChildProcess, type: string): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`gateway Node-RED: no '${type}' within ${ANSWER_MS / 1000} s`));
    }, ANSWER_MS);
    const onMessage = (m: ChildMessage): void => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      if (m.error) reject(new Error(`gateway Node-RED: ${m.error}`));
      else resolve(m);
    };
    child.on('message', onMessage);
  });
}

export async function startGatewayRed(): Promise<GatewayRed> {
  const child = fork(path.join(OUT_ROOT, 'bench', 'mqtt-gateway-red.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  process.once('exit', () => child.kill('SIGKILL'));
  let drops: string[] = [];
  child.on('message', (m: ChildMessage & { text?: string }) => {
    if (m.type === 'dropped' && drops.length < 100) drops.push(m.text ?? '');
  });
  await answer(child, 'ready');
  return {
    takeDropWarnings() {
      const taken = drops;
      drops = [];
      return taken;
    },
    async deploy(flows, credentials) {
      const done = answer(child, 'deployed');
      child.send({ type: 'deploy', flows, credentials });
      await done;
    },
    async cpuUs() {
      const reply = answer(child, 'cpu');
      child.send({ type: 'cpu' });
      return (await reply).us ?? 0;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      if (child.connected) child.send({ type: 'stop' });
      const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(kill);
    },
  };
}
