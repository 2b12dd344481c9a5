/**
 * `npm start -- --mqtt` as a user runs it: broker, simulator, a gateway and two consumer runtimes
 * running the three flows of examples/mqtt/;
 * events reach both consumers' debug sidebars, and Ctrl-C (SIGINT) ends every process.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { CommsClient } from '../browser/support/comms-client';
import { repoRoot } from '../browser/support/paths';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port with the two next ones free too (the demo's editors are base, base+1, base+2). */
async function threeFreePorts(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    if ((await portFree(base)) && (await portFree(base + 1)) && (await portFree(base + 2))) return base;
  }
  throw new Error('no three free ports in a row');
}

describe('npm start -- --mqtt (scripts/demo.js)', function () {
  this.timeout(90000);
  let demo: ChildProcess | undefined;
  let output = '';
  let userDir = '';
  const comms: CommsClient[] = [];

  after(async () => {
    for (const c of comms) c.close();
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      demo.kill('SIGKILL');
    }
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('starts a gateway and two consumers on one feed; events reach both consumers; SIGINT ends it all', async () => {
    const base = await threeFreePorts();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-demo-mqtt-'));
    const env = {
      ...process.env,
      DEMO_EDITOR_PORT: String(base),
      DEMO_MQTT_PORT: String(await threeFreePorts()),
      DEMO_MITEL_PORT: String(await threeFreePorts()),
      DEMO_USER_DIR: userDir,
    };
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'demo.js'), '--mqtt'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    demo = child;
    child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
    child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
    const end = Date.now() + 60000;
    while (!output.includes('Ctrl-C stops everything')) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`the demo did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const port of [base + 1, base + 2]) {
      const c = new CommsClient();
      await c.connect(`http://127.0.0.1:${port}`);
      comms.push(c);
    }
    await comms[0].waitForDebug((m) => m.name === 'agent events (consumer A)', 30000, 'an agent event at consumer A');
    await comms[1].waitForDebug((m) => m.name === 'all events (consumer B)' && !m.msg.includes('"state"'), 30000, 'an event at consumer B');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 0, output.slice(-2000));
    for (const port of [base, base + 1, base + 2]) assert.ok(await portFree(port), `port ${port} still in use`);
  });
});
