import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { OUT_ROOT, REPO_ROOT } from './paths';

/** A flow node as in flow JSON (the Node-RED editor's export format). */
export type FlowNode = Record<string, unknown> & { id: string; type: string };

/** The part of the embedded Node-RED API the benchmarks use (node-red ships no TypeScript types). */
interface NodeRedApi {
  init(server: http.Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  events: { once(event: string, cb: () => void): void };
  httpNode: http.RequestListener;
  httpAdmin: http.RequestListener;
  nodes: { getNode(id: string): { receive(msg: Record<string, unknown>): void } | null };
  runtime: {
    flows: {
      setFlows(opts: { flows: { flows: FlowNode[]; credentials?: Record<string, Record<string, string>> } }): Promise<unknown>;
    };
  };
}

/** Where the delivered messages of a flow are counted (see sinkNode). */
export class CountingSink {
  count = 0;
  /** Wall-clock ms of the last counted message. */
  lastAt = 0;
  private target = Infinity;
  private onTarget: (() => void) | undefined;
  /** Optional per-message observer (latency scenarios). */
  observe: ((msg: Record<string, unknown>) => void) | undefined;

  /** Connection lifecycle and warning messages seen (cc-event passes them on; they are not events). */
  ignored = 0;

  hit(msg: Record<string, unknown>): void {
    if (msg.topic === 'connection' || (msg.event as { family?: string } | undefined)?.family === 'warning') {
      this.ignored++;
      return;
    }
    this.count++;
    this.lastAt = performance.timeOrigin + performance.now();
    if (this.observe) this.observe(msg);
    if (this.count >= this.target) {
      const cb = this.onTarget;
      this.onTarget = undefined;
      this.target = Infinity;
      if (cb) cb();
    }
  }

  /** Start counting afresh (one Node-RED measures several flows in turn, deployed one after another). */
  reset(): void {
    this.count = 0;
    this.lastAt = 0;
    this.ignored = 0;
    this.target = Infinity;
    this.onTarget = undefined;
    this.observe = undefined;
  }

  /** Resolve when `n` messages in total have been counted. */
  whenCount(n: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.count >= n) return resolve();
      this.target = n;
      this.onTarget = resolve;
    });
  }
}

/**
 * The end node of every flow: a one-line custom node (`bench-sink`, written to a temp nodesDir at
 * start) that hands each message to the CountingSink. Cheaper than a function node (no vm call per
 * message), so the flows under test, not the counter, dominate the time. Same in every variant.
 */
export function sinkNode(id: string, z: string): FlowNode {
  return { id, z, type: 'bench-sink', name: 'count', wires: [] };
}

const SINK_JS = `module.exports = function (RED) {
  function BenchSink(config) {
    RED.nodes.createNode(this, config);
    const sink = RED.settings.ccBenchSink;
    this.on('input', function (msg, send, done) { sink.hit(msg); done(); });
  }
  RED.nodes.registerType('bench-sink', BenchSink);
};
`;
const SINK_HTML = `<script type="text/javascript">
RED.nodes.registerType('bench-sink', { category: 'bench', defaults: { name: { value: '' } }, inputs: 1, outputs: 0, label: 'bench sink' });
</script>
`;

export interface NodeRedInstance {
  RED: NodeRedApi;
  /** Node-RED's own HTTP port (httpNode at `/`). */
  port: number;
  sink: CountingSink;
  deploy(flows: FlowNode[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Copy the editor files (.html, locales) next to the compiled nodes when this build is a private
 * output dir (dist-<name>): Node-RED only loads a node whose .html sits beside its .js. `npm run build`
 * does the same for dist/ with scripts/copy-assets.js.
 */
function ensureNodeAssets(): void {
  const out = path.join(OUT_ROOT, 'nodes');
  const src = path.join(REPO_ROOT, 'nodes');
  if (!fs.existsSync(out) || !fs.existsSync(src)) return;
  for (const f of fs.readdirSync(src)) {
    if (f.endsWith('.html') && !fs.existsSync(path.join(out, f))) fs.copyFileSync(path.join(src, f), path.join(out, f));
  }
  if (fs.existsSync(path.join(src, 'locales')) && !fs.existsSync(path.join(out, 'locales'))) {
    fs.cpSync(path.join(src, 'locales'), path.join(out, 'locales'), { recursive: true });
  }
}

/**
 * Start Node-RED embedded in this process, on an ephemeral loopback port, with a throw-away userDir.
 * With `withPackage`, the package's compiled nodes are loaded through settings.nodesDir.
 */
export async function startNodeRed(opts: { withPackage: boolean; onWarning?: (text: string) => void }): Promise<NodeRedInstance> {
  const RED = require('node-red') as NodeRedApi;
  const express = require('express') as () => http.RequestListener & { use(p: string, h: http.RequestListener): void };
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccbench-nr-'));
  const sink = new CountingSink();
  if (opts.withPackage) ensureNodeAssets();
  const settings: Record<string, unknown> = {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'bench-only',
    httpAdminRoot: '/admin',
    httpNodeRoot: '/',
    disableEditor: true,
    logging: {
      console: { level: process.env.NRLOG || 'error', metrics: false, audit: false },
      // Node-RED's custom logger: the nodes' warnings (and errors) to the caller, whatever the console shows.
      ...(opts.onWarning && {
        bench: {
          level: 'warn', metrics: false, audit: false,
          handler: () => (m: { msg?: unknown }) => opts.onWarning?.(String(m.msg)),
        },
      }),
    },
    ccBenchSink: sink,
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
  };
  const sinkDir = path.join(userDir, 'bench-nodes');
  fs.mkdirSync(sinkDir);
  fs.writeFileSync(path.join(sinkDir, 'bench-sink.js'), SINK_JS);
  fs.writeFileSync(path.join(sinkDir, 'bench-sink.html'), SINK_HTML);
  settings.nodesDir = opts.withPackage ? [sinkDir, path.join(OUT_ROOT, 'nodes')] : [sinkDir];
  const app = express();
  const server = http.createServer(app);
  RED.init(server, settings);
  app.use('/admin', RED.httpAdmin);
  app.use('/', RED.httpNode);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // RED.start() resolves before the startup flow load has finished; that load resets the credential
  // cache, so a deploy made before it would lose its credentials. Wait for the first flows:started.
  const initialFlows = new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 5000);
    RED.events.once('flows:started', () => {
      clearTimeout(t);
      resolve();
    });
  });
  await RED.start();
  await initialFlows;
  return {
    RED,
    port,
    sink,
    async deploy(flows, credentials) {
      // Node-RED treats a node without x/y as a config node: place every node that sits on a tab.
      // Credentials go inline, as the editor deploys them: the runtime extracts and keeps them apart.
      const placed = flows.map((n, i) => {
        const out: FlowNode = n.z && n.x === undefined ? { ...n, x: 100 + (i % 10) * 150, y: 40 * (1 + i) } : { ...n };
        if (credentials?.[n.id]) out.credentials = credentials[n.id];
        return out;
      });
      await RED.runtime.flows.setFlows({ flows: { flows: placed } });
    },
    async stop() {
      await RED.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}
