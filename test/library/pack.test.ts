/**
 * The package as a library: `npm pack`, install the tarball into an empty folder as a user would,
 * require it by name and talk to a simulator through the exported API only (no path into dist/).
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..', '..');

/** What a user writes: the simulator and a driver from the package's main entry. */
const USER_SCRIPT = `
const cc = require('@ccflows/node-red-contact-center');
(async () => {
  const sim = new cc.MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
  await sim.start();
  const factory = cc.vendorOf('mitel').open({ host: '127.0.0.1', port: sim.port }, { user: 'demo', password: 'demo' }, { log: console });
  const driver = factory.create();
  const connected = new Promise((resolve) => driver.on('state', (s) => s.state === 'connected' && resolve()));
  driver.start();
  await connected;
  const agents = await driver.listEntities('agents');
  let refused = '';
  try { await driver.subscribe('me', { type: 'agent-activity', entities: ['999999'] }); } catch (e) { refused = e.code; }
  await driver.stop();
  await factory.close();
  await sim.stop();
  console.log(JSON.stringify({ agents: agents.length, refused, codes: Object.keys(cc.CC_ERROR_CODES), vendors: Object.keys(cc.VENDORS), hasClients: typeof cc.MitelClient === 'function' && typeof cc.OpenScapeClient === 'function' }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('library entry (npm pack, install, require)', function () {
  this.timeout(180000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-pack-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('installs from the packed tarball and serves a driver, the simulators and the error codes', async () => {
    // --ignore-scripts: `prepare` would build again; npm test has just built dist/.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT });
    const tarball = path.join(dir, stdout.trim().split('\n').pop() as string);
    assert.ok(fs.existsSync(tarball), tarball);
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app });
    fs.writeFileSync(path.join(app, 'use.js'), USER_SCRIPT);
    const out = await run(process.execPath, ['use.js'], { cwd: app, timeout: 30000 });
    const result = JSON.parse(out.stdout.trim().split('\n').pop() as string) as {
      agents: number;
      refused: string;
      codes: string[];
      vendors: string[];
      hasClients: boolean;
    };
    assert.ok(result.agents > 0, 'agents listed');
    assert.equal(result.refused, 'REFUSED');
    assert.ok(result.codes.includes('NOT_CONNECTED') && result.codes.includes('REFUSED'));
    assert.deepEqual(result.vendors.sort(), ['mitel', 'openscape']);
    assert.equal(result.hasClients, true);
  });
});
