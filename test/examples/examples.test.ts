/**
 * Every example flow, deployed into a real Node-RED (child process, this package installed) against
 * the simulators: it must deploy, every contact-center node must report "connected" (green), and
 * messages must reach its sinks (debug nodes, files, HTTP responses) as its comment promises.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { FlowNode, deployFlows } from '../browser/support/admin-api';
import { CommsClient } from '../browser/support/comms-client';
import { ccNodeIds, listExamples, pointAtSimulators, protocolsOf } from '../browser/support/example-flows';
import { RedProcess } from '../browser/support/red-process';
import { RunningSimulator, startMitelSimulator, startOpenScapeSimulator } from '../browser/support/simulators';
import { EVENT_SOURCE_TYPES, sinksFedBy } from './flow-graph';

const examples = listExamples();
const GREEN_TIMEOUT_MS = 20000;
const MESSAGE_TIMEOUT_MS = 20000;

/** Presses an inject node's button, as the editor does (POST /inject/:id). */
function pressInject(baseUrl: string, id: string): Promise<number> {
  return httpCall(`${baseUrl}/inject/${id}`, 'POST', '');
}

function httpCall(url: string, method: string, body: string, contentType = 'application/json'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Example-local changes a test must make: files written to a temp dir instead of the user's cwd,
 * debug nodes on (a user may import them switched off) and sending to the sidebar.
 */
function forTest(flow: FlowNode[], tmpDir: string): FlowNode[] {
  return flow.map((n) => {
    if (n.type === 'file' && typeof n.filename === 'string') {
      return { ...n, filename: path.join(tmpDir, path.basename(n.filename || 'out.txt')), filenameType: 'str' };
    }
    if (n.type === 'debug') return { ...n, active: true, tosidebar: true };
    return n;
  });
}

describe('examples deploy and work against the simulators', function () {
  this.timeout(120000);
  let red: RedProcess;
  let tmpDir: string;

  before(async function () {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-examples-'));
    red = new RedProcess();
    await red.start();
  });

  after(async function () {
    await red?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('has examples to test', function () {
    assert.ok(examples.length > 0, 'examples/ holds no flow');
  });

  for (const example of examples) {
    describe(example.name, function () {
      const simulators: RunningSimulator[] = [];
      let comms: CommsClient;
      let flow: FlowNode[];

      before(async function () {
        const protocols = protocolsOf(example.flow);
        const mitel = protocols.includes('mitel') ? await startMitelSimulator() : undefined;
        const openscape = protocols.includes('openscape') ? await startOpenScapeSimulator() : undefined;
        for (const s of [mitel, openscape]) if (s) simulators.push(s);
        flow = forTest(
          pointAtSimulators(example.flow, { mitelPort: mitel?.port, openscapePort: openscape?.port, webhookBaseUrl: red.url }),
          tmpDir,
        );
        comms = new CommsClient();
        await comms.connect(red.url);
      });

      after(async function () {
        comms?.close();
        await deployFlows(red.url, []).catch(() => undefined); // stop the example before its simulator
        await Promise.all(simulators.map((s) => s.stop()));
      });

      it('has a comment node and at least one contact-center node', function () {
        assert.ok(example.flow.some((n) => n.type === 'comment'), 'no comment node');
        assert.ok(ccNodeIds(example.flow).length > 0, 'no contact-center node');
      });

      it('deploys and every contact-center node turns green (connected)', async function () {
        await deployFlows(red.url, flow);
        for (const id of ccNodeIds(flow)) {
          await comms.waitForStatus(id, (s) => s.fill === 'green', GREEN_TIMEOUT_MS);
        }
      });

      it('delivers messages to its sinks', async function () {
        // Fire what a user would fire: the inject buttons and the HTTP endpoints of the flow.
        const injects = flow.filter((n) => n.type === 'inject');
        for (const inject of injects) assert.equal(await pressInject(red.url, inject.id), 200, `inject ${inject.id}`);
        const httpIns = flow.filter((n) => n.type === 'http in');
        const responses: number[] = [];
        for (const h of httpIns) {
          const url = `${red.url}${String(h.url).replace(/:[a-zA-Z]+/g, '1001')}`;
          const method = String(h.method || 'get').toUpperCase();
          responses.push(await httpCall(url, method, method === 'GET' ? '' : JSON.stringify({ number: '4711', name: 'Zoë Ødegård', phone: '+4930123456' })));
        }
        for (const status of responses) assert.ok(status > 0 && status < 500, `an http-in endpoint answered ${status}`);

        const sources = flow.filter((n) => EVENT_SOURCE_TYPES.has(n.type) || n.type === 'inject' || n.type === 'http in').map((n) => n.id);
        const debugs = sinksFedBy(flow, sources, ['debug']);
        const files = sinksFedBy(flow, sources, ['file']);
        assert.ok(debugs.length + files.length + httpIns.length > 0, 'the example has no sink fed by a contact-center node');
        for (const d of debugs) {
          await comms.waitForDebug((m) => m.id === d.id, MESSAGE_TIMEOUT_MS, `a message at debug node "${d.name ?? d.id}"`);
        }
        for (const f of files) {
          const file = String(f.filename);
          const deadline = Date.now() + MESSAGE_TIMEOUT_MS;
          while (!(fs.existsSync(file) && fs.statSync(file).size > 0)) {
            assert.ok(Date.now() < deadline, `nothing written to ${path.basename(file)}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      });

      it('shows no error status on any node', function () {
        const red_ = [...comms.statuses.entries()].filter(([id, s]) => s.fill === 'red' && flow.some((n) => n.id === id));
        assert.deepEqual(red_, []);
      });
    });
  }
});
