/**
 * Every example flow, deployed into a real Node-RED (child process, this package installed) against
 * the simulators: it must deploy, every contact-center node must report "connected" (green),
 * messages must reach its sinks (debug nodes, files, HTTP responses) as its comment promises
 * (expectations.ts holds the example-specific promises), the credentials must stay out of the flow,
 * and the secret must never show in debug output, status or log.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FlowNode, adminRequest, deployFlows } from '../browser/support/admin-api';
import { CommsClient } from '../browser/support/comms-client';
import { ccNodeIds, listExamples, pointAtSimulators, protocolsOf } from '../browser/support/example-flows';
import { examplesDir } from '../browser/support/paths';
import { RedProcess } from '../browser/support/red-process';
import { RunningSimulator, TEST_SECRET, startMitelSimulator, startOpenScapeSimulator } from '../browser/support/simulators';
import { EXPECTATIONS, FILE_FORMATS, REFUSALS, fileLines, httpCall, routeUrl } from './expectations';
import { EVENT_SOURCE_TYPES, sinksFedBy } from './flow-graph';

const examples = listExamples();
const GREEN_TIMEOUT_MS = 20000;
const MESSAGE_TIMEOUT_MS = 20000;

/** Presses an inject node's button, as the editor does (POST /inject/:id). */
async function pressInject(baseUrl: string, id: string): Promise<number> {
  return (await httpCall(`${baseUrl}/inject/${id}`, 'POST')).status;
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

  it('are offered by Node-RED under Import > Examples, as they are in examples/', async function () {
    const base = `/library/examples/flows/${encodeURIComponent('@ccflows')}/node-red-contact-center`;
    // Files are `{fn}` entries, folders plain strings.
    const listed = await adminRequest<Array<{ fn?: string } | string>>(red.url, 'GET', `${base}/`);
    assert.deepEqual(listed.flatMap((e) => (typeof e === 'string' ? [] : [e.fn])).sort(), examples.map((e) => e.name).sort());
    // The MQTT examples (one gateway, two consumers: three Node-RED instances) are a folder of their own.
    const folders = fs.readdirSync(examplesDir).filter((f) => fs.statSync(path.join(examplesDir, f)).isDirectory());
    assert.deepEqual(listed.filter((e): e is string => typeof e === 'string').sort(), folders.sort());
    for (const folder of folders) {
      const inside = await adminRequest<Array<{ fn?: string }>>(red.url, 'GET', `${base}/${folder}/`);
      const files = fs.readdirSync(path.join(examplesDir, folder)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
      assert.deepEqual(inside.map((e) => e.fn).sort(), files.sort());
    }
    const first = examples[0];
    assert.deepEqual(await adminRequest<FlowNode[]>(red.url, 'GET', `${base}/${first.name}`), first.flow);
  });

  it('has no example-specific check left over from a renamed or removed example', function () {
    const names = new Set(examples.map((e) => e.name));
    const stale = [...Object.keys(EXPECTATIONS), ...Object.keys(REFUSALS), ...Object.keys(FILE_FORMATS)].filter((k) => !names.has(k));
    assert.deepEqual(stale, []);
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

      it('keeps the credentials out of the deployed flow and gives the editor only has_<secret>', async function () {
        const deployed = await adminRequest<FlowNode[] | { flows: FlowNode[] }>(red.url, 'GET', '/flows');
        const nodes = Array.isArray(deployed) ? deployed : deployed.flows;
        for (const server of nodes.filter((n) => n.type === 'cc-server')) {
          for (const secret of ['credentials', 'password', 'clientToken', 'agentPassword']) {
            assert.ok(!(secret in server), `deployed cc-server ${server.id} holds "${secret}"`);
          }
          const creds = await adminRequest<Record<string, unknown>>(red.url, 'GET', `/credentials/cc-server/${server.id}`);
          const secrets = server.protocol === 'openscape' ? ['clientToken', 'agentPassword'] : ['password'];
          for (const secret of secrets) {
            assert.equal(creds[`has_${secret}`], true, `the editor is not told that ${secret} is set`);
            assert.ok(!(secret in creds), `the editor API hands out ${secret}`);
          }
        }
      });

      it('does what its comment says: messages reach its sinks', async function () {
        // Fire what a user would fire: the inject buttons and the HTTP endpoints of the flow.
        const injects = flow.filter((n) => n.type === 'inject');
        for (const inject of injects) assert.equal(await pressInject(red.url, inject.id), 200, `inject ${inject.id}`);
        const httpIns = flow.filter((n) => n.type === 'http in');
        const expectation = EXPECTATIONS[example.name];
        if (expectation) await expectation({ baseUrl: red.url, comms, flow });
        else for (const h of httpIns) {
          const method = String(h.method || 'get').toUpperCase();
          const body = method === 'GET' ? '' : JSON.stringify({ number: '+4930123456', name: 'Zoë Ødegård', phone: '+4930123456' });
          const answer = await httpCall(`${red.url}${routeUrl(String(h.url))}`, method, body);
          assert.equal(answer.status, 200, `${method} ${String(h.url)} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
        }

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
          // A file node writes without an event to await: poll its size.
          while (!(fs.existsSync(file) && fs.statSync(file).size > 0)) {
            assert.ok(Date.now() < deadline, `nothing written to ${path.basename(file)}`);
            await new Promise((r) => setTimeout(r, 100));
          }
          FILE_FORMATS[example.name]?.(fileLines(file));
        }
      });

      it('shows no error status on any node', function () {
        const red_ = [...comms.statuses.entries()].filter(([id, s]) => s.fill === 'red' && flow.some((n) => n.id === id));
        assert.deepEqual(red_, []);
      });

      it('never shows a secret (or its MD5 digest) in debug output, status or log', function () {
        const secrets = [TEST_SECRET, createHash('md5').update(TEST_SECRET, 'utf8').digest('hex')];
        const seen = [
          ...comms.debug.map((m) => `debug ${m.name ?? m.id}: ${m.msg}`),
          ...[...comms.statuses.entries()].map(([id, st]) => `status ${id}: ${st.text ?? ''}`),
          `log: ${red.output}`,
        ];
        const leaks = seen.filter((text) => secrets.some((secret) => text.includes(secret)));
        assert.deepEqual(leaks, []);
      });

      const refusal = REFUSALS[example.name];
      if (refusal) {
        it('answers a refused request as its comment says', async function () {
          await refusal({ baseUrl: red.url, comms, flow });
        });
      }
    });
  }
});
