import * as fs from 'fs';
import * as path from 'path';
import type { FlowNode } from './admin-api';
import { examplesDir } from './paths';
import { DEMO_PASSWORD, DEMO_USER, SIM_AGENT_PASSWORD } from './simulators';

export interface Example {
  /** File name without .json, e.g. `mitel-agent-state-board`. */
  name: string;
  file: string;
  flow: FlowNode[];
}

export function listExamples(): Example[] {
  if (!fs.existsSync(examplesDir)) return [];
  return fs
    .readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join(examplesDir, f);
      return { name: f.replace(/\.json$/, ''), file, flow: JSON.parse(fs.readFileSync(file, 'utf8')) as FlowNode[] };
    });
}

/** Protocols used by the cc-server nodes of a flow. */
export function protocolsOf(flow: FlowNode[]): string[] {
  return [...new Set(flow.filter((n) => n.type === 'cc-server').map((n) => String(n.protocol ?? 'mitel')))];
}

export interface SimulatorEndpoints {
  mitelPort?: number;
  openscapePort?: number;
  /** Where the OpenScape simulator can POST events: the Node-RED under test (httpNode at /). */
  webhookBaseUrl?: string;
}

/**
 * A copy of an example flow whose cc-server nodes point at the simulators, with the demo credentials
 * the examples' comments tell the user to enter (credentials are never stored in example JSON).
 */
export function pointAtSimulators(flow: FlowNode[], sims: SimulatorEndpoints): FlowNode[] {
  return flow.map((node) => {
    if (node.type !== 'cc-server') return { ...node };
    const n: FlowNode = { ...node };
    if ((n.protocol ?? 'mitel') === 'mitel') {
      n.host = '127.0.0.1';
      if (sims.mitelPort) n.port = sims.mitelPort;
      n.credentials = { user: DEMO_USER, password: DEMO_PASSWORD };
    } else {
      if (sims.openscapePort) n.baseUrl = `http://127.0.0.1:${sims.openscapePort}`;
      n.clientName = DEMO_USER;
      n.agentKey = n.agentKey || '1';
      if (sims.webhookBaseUrl) n.webhookBaseUrl = sims.webhookBaseUrl;
      n.credentials = { clientToken: DEMO_PASSWORD, agentPassword: SIM_AGENT_PASSWORD };
    }
    return n;
  });
}

/** Node ids of the nodes of this package in a flow (config node excluded). */
export function ccNodeIds(flow: FlowNode[]): string[] {
  return flow.filter((n) => n.type.startsWith('cc-') && n.type !== 'cc-server').map((n) => n.id);
}
