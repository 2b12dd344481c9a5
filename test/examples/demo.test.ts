/**
 * `npm start` (scripts/demo.js) as a user runs it: both simulators, Node-RED with every example,
 * the editor URL printed, events arriving at the debug sidebar, and Ctrl-C (SIGINT) ending it all.
 * Run on free ports in a temporary user directory so that a developer's .node-red-demo is untouched.
 */
import { strict as assert } from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { CommsClient } from '../browser/support/comms-client';
import { repoRoot } from '../browser/support/paths';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (scripts/demo.js)', function () {
  this.timeout(60000);
  let demo: ChildProcess | undefined;
  let output = '';
  let userDir: string;
  let comms: CommsClient | undefined;
  const ports = { editor: 0, mitel: 0, openscape: 0 };

  before(async function () {
    const demoScript = path.join(repoRoot, 'scripts', 'demo.js');
    const built = path.join(repoRoot, 'dist', 'src', 'sim', 'cli.js');
    assert.ok(fs.existsSync(built), 'the demo runs the build in dist/: run `npm run build` first');
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-demo-'));
    ports.editor = await freePort();
    ports.mitel = await freePort();
    ports.openscape = await freePort();
    demo = spawn(process.execPath, [demoScript], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DEMO_EDITOR_PORT: String(ports.editor),
        DEMO_MITEL_PORT: String(ports.mitel),
        DEMO_OPENSCAPE_PORT: String(ports.openscape),
        DEMO_USER_DIR: userDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = demo;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no editor URL printed within 40 s:\n${output}`)), 40000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (output.includes(`Node-RED editor: http://127.0.0.1:${ports.editor}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo exited with ${code}:\n${output}`));
      });
    });
  });

  after(async function () {
    comms?.close();
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      const child = demo;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    }
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('deploys every example and shows events in the debug sidebar', async function () {
    const examples = fs.readdirSync(path.join(repoRoot, 'examples')).filter((f) => f.endsWith('.json'));
    assert.match(output, new RegExp(`deployed ${examples.length} example flow`));
    comms = new CommsClient();
    await comms.connect(`http://127.0.0.1:${ports.editor}`);
    // Events of both protocols, unprompted: at least three debug nodes of different examples speak.
    await comms.waitForDebug(() => new Set(comms!.debug.map((m) => m.z)).size >= 3, 30000, 'debug messages from three flows');
    const redStatuses = [...comms.statuses.entries()].filter(([, s]) => s.fill === 'red');
    assert.deepEqual(redStatuses, [], 'nodes in error');
  });

  it('stops everything on Ctrl-C (SIGINT)', async function () {
    const child = demo!;
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exit, 0, output.slice(-2000));
    for (const [name, port] of Object.entries(ports)) {
      assert.equal(await portAcceptsConnections(port), false, `${name} port ${port} still open after Ctrl-C`);
    }
  });
});
