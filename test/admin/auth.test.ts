/**
 * The package's admin endpoints on a real Node-RED with adminAuth on: no token is 401, a read-only
 * user reads (catalog, diagnostics) but runs nothing that connects out (Test connection, a live
 * entity list asked of the server), and no answer carries a secret.
 */
import { strict as assert } from 'node:assert';
import md5 from 'md5';
import { MitelSimulator } from '../../src/sim/mitel';
import { ADMIN_ROOT } from '../../nodes/lib/admin-routes';
import { PASSWORD_PLACEHOLDER } from '../../nodes/lib/admin-probe-input';
import { TEST_SECRET } from '../browser/support/simulators';
import { call, startAuthRuntime, type AuthRuntime, type Reply } from './auth-runtime';

const SERVER = 'auth-srv';

describe('admin endpoints under adminAuth (real Node-RED)', function () {
  this.timeout(60000);
  let sim: MitelSimulator;
  let rt: AuthRuntime;
  let answers: Reply[];

  const secrets = (): string[] => [TEST_SECRET, md5(TEST_SECRET), md5(TEST_SECRET).toUpperCase(), rt.adminToken, rt.readerToken];
  const probeBody = (): Record<string, unknown> => ({ id: SERVER, protocol: 'mitel', host: '127.0.0.1', port: sim.port, user: 'demo', password: PASSWORD_PLACEHOLDER });
  const as = async (token: string | undefined, method: string, path: string, body?: unknown): Promise<Reply> => {
    const reply = await call(rt.red.url, method, path, token, body);
    answers.push(reply);
    return reply;
  };

  before(async () => {
    answers = [];
    sim = new MitelSimulator({ port: 0, host: '127.0.0.1', user: 'demo', password: TEST_SECRET, generate: false });
    await sim.start();
    rt = await startAuthRuntime();
    const flow = [
      { id: 'tab', type: 'tab', label: 'auth' },
      { id: SERVER, type: 'cc-server', name: 'sim', protocol: 'mitel', host: '127.0.0.1', port: sim.port, credentials: { user: 'demo', password: TEST_SECRET } },
      { id: 'ev', type: 'cc-event', z: 'tab', server: SERVER, wires: [[]] },
    ];
    assert.equal((await as(undefined, 'POST', '/flows', flow)).status, 401);
    // Node-RED answers a missing permission 401 too (needsPermission), not 403.
    assert.equal((await as(rt.readerToken, 'POST', '/flows', flow)).status, 401);
    assert.equal((await as(rt.adminToken, 'POST', '/flows', flow)).status, 204);
    const end = Date.now() + 15000;
    for (;;) {
      const d = await call(rt.red.url, 'GET', `${ADMIN_ROOT}/${SERVER}/diagnostics`, rt.adminToken);
      if (d.status === 200 && JSON.parse(d.text).state === 'connected') break;
      if (Date.now() > end) throw new Error(`the server did not connect: ${d.status} ${d.text}\n${rt.red.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    await rt?.red.stop();
    await sim?.stop();
  });

  const ROUTES: Array<[string, string]> = [
    ['GET', `${ADMIN_ROOT}/catalog`],
    ['GET', `${ADMIN_ROOT}/${SERVER}/diagnostics`],
    ['GET', `${ADMIN_ROOT}/${SERVER}/entities/agents`],
    ['POST', `${ADMIN_ROOT}/test-connection`],
  ];

  it('answers 401 to every package endpoint without a token (the static editor script excepted)', async () => {
    for (const [method, path] of ROUTES) {
      const reply = await as(undefined, method, path, method === 'POST' ? probeBody() : undefined);
      assert.equal(reply.status, 401, `${method} ${path}: ${reply.status} ${reply.text}`);
    }
    // Loaded by a <script src> that carries no token (see admin-routes.ts); static code, no secret.
    assert.equal((await as(undefined, 'GET', `${ADMIN_ROOT}/editor.js`)).status, 200);
  });

  it('lets a read-only user read, but not run a probe or a live entity list (nothing connects out)', async () => {
    const connects = (): number => sim.requests.length;
    const before = connects();
    let connections = 0;
    const onConnection = (): void => {
      connections++;
    };
    sim.on('connection', onConnection);
    try {
      assert.equal((await as(rt.readerToken, 'GET', `${ADMIN_ROOT}/catalog`)).status, 200);
      const diagnostics = await as(rt.readerToken, 'GET', `${ADMIN_ROOT}/${SERVER}/diagnostics`);
      assert.equal(diagnostics.status, 200);
      assert.equal(JSON.parse(diagnostics.text).state, 'connected');
      const entities = await as(rt.readerToken, 'GET', `${ADMIN_ROOT}/${SERVER}/entities/agents`);
      assert.equal(entities.status, 401, entities.text);
      const probe = await as(rt.readerToken, 'POST', `${ADMIN_ROOT}/test-connection`, probeBody());
      assert.equal(probe.status, 401, probe.text);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(connections, 0, 'a read-only request opened a connection to the server');
      assert.equal(connects(), before, 'a read-only request reached the server');
    } finally {
      sim.off('connection', onConnection);
    }
  });

  it('lets a user with every permission run both, with the stored password used only server-side', async () => {
    const entities = await as(rt.adminToken, 'GET', `${ADMIN_ROOT}/${SERVER}/entities/agents`);
    assert.equal(entities.status, 200, entities.text);
    assert.ok((JSON.parse(entities.text) as unknown[]).length > 0, entities.text);
    const probe = await as(rt.adminToken, 'POST', `${ADMIN_ROOT}/test-connection`, probeBody());
    assert.equal(probe.status, 200);
    assert.equal(JSON.parse(probe.text).ok, true, probe.text);
    // A wrong password fails as credentials, and the answer does not echo what was typed.
    const wrong = await as(rt.adminToken, 'POST', `${ADMIN_ROOT}/test-connection`, { ...probeBody(), password: `${TEST_SECRET}-wrong` });
    assert.equal(JSON.parse(wrong.text).ok, false);
    assert.ok(!wrong.text.includes(`${TEST_SECRET}-wrong`), wrong.text);
  });

  it('returns no secret from any endpoint, Node-RED\'s flows and credentials included', async () => {
    for (const token of [rt.adminToken, rt.readerToken]) {
      await as(token, 'GET', '/flows');
      await as(token, 'GET', `/credentials/cc-server/${SERVER}`);
    }
    const creds = await call(rt.red.url, 'GET', `/credentials/cc-server/${SERVER}`, rt.readerToken);
    assert.equal(JSON.parse(creds.text).has_password, true, creds.text);
    assert.ok(answers.length >= 15);
    for (const reply of answers) {
      for (const secret of secrets()) assert.ok(!reply.text.includes(secret), `an answer carries a secret: ${reply.text.slice(0, 300)}`);
    }
  });
});
