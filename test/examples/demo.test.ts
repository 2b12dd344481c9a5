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
import { chromiumAvailable, launchChromium } from '../browser/support/editor-page';
import { artifactsDir, chromiumPath, repoRoot } from '../browser/support/paths';
import { generateDirectory } from '../../src/sim/mitel/directory';

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

  it('serves the wallboard at /dashboard: the agents table shows the simulator\'s agents, and states change', async function () {
    if (!chromiumAvailable()) {
      console.log(`    skipped: no chromium at ${chromiumPath} (apt-get install -y chromium; .ci/run installs it)`);
      this.skip();
    }
    this.timeout(90000);
    assert.match(output, new RegExp(`Wallboard \\(Dashboard 2\\.0\\): http://127\\.0\\.0\\.1:${ports.editor}/dashboard`));
    // The demo's Mitel simulator runs with the default seed: its directory is this one.
    const names = generateDirectory(1).agents.map((a) => a.name);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`http://127.0.0.1:${ports.editor}/dashboard/mitel`, { waitUntil: 'load' });
      /** The agents table's rows as [name, state] (the table whose header names "Agent"). */
      const agentStates = (): Promise<string[][]> =>
        page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ innerText: string; querySelectorAll(s: string): ArrayLike<{ innerText: string }> }> } }).document;
          const table = Array.from(doc.querySelectorAll('table')).find((t) => /Agent/.test(Array.from(t.querySelectorAll('thead'))[0]?.innerText ?? ''));
          if (!table) return [];
          return Array.from(table.querySelectorAll('tbody tr')).map((row) => {
            const cells = Array.from((row as unknown as { querySelectorAll(s: string): ArrayLike<{ innerText: string }> }).querySelectorAll('td')).map((c) => c.innerText.trim());
            return [cells[1] ?? '', cells[2] ?? ''];
          });
        });
      const deadline = Date.now() + 30000;
      let first: string[][] = [];
      while (Date.now() < deadline) {
        first = await agentStates();
        if (names.every((n) => first.some(([name]) => name === n))) break;
        await page.waitForTimeout(250);
      }
      assert.deepEqual(first.map(([name]) => name).sort(), [...names].sort(), 'the agents table does not show the simulator\'s agents');
      // The generated day moves agents between states: wait for one row to show another state.
      const stateOf = (rows: string[][]): Map<string, string> => new Map(rows.map(([n, s]) => [n, s]));
      const before = stateOf(first);
      let changed: string | undefined;
      while (!changed && Date.now() < deadline + 30000) {
        await page.waitForTimeout(500);
        const now = stateOf(await agentStates());
        changed = names.find((n) => now.get(n) && now.get(n) !== before.get(n));
      }
      assert.ok(changed, 'no agent changed state on the wallboard within 60 s');
      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'dashboard-wallboard.png'), fullPage: true });
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
    }
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
