import { strict as assert } from 'node:assert';
import type { IncomingMessage, ServerResponse } from 'node:http';
import md5 from 'md5';
import { MitelSimulator } from '../../src/sim/mitel';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { ADMIN_ROOT, NOT_DEPLOYED, registerAdminRoutes } from '../../nodes/lib/admin-routes';
import type { NodeAPI } from '../../nodes/lib/red';
import { connections } from '../../nodes/lib/server-lookup';
import { helper, initHelper, load } from '../nodes/support';

/** The part of supertest that these tests use (it comes with node-red-node-test-helper). */
interface TestResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string>;
}
interface TestRequest extends PromiseLike<TestResponse> {
  send(body: unknown): TestRequest;
  set(name: string, value: string): TestRequest;
}
interface Agent {
  get(path: string): TestRequest;
  post(path: string): TestRequest;
}
const admin = (): Agent => (helper as unknown as { request(): Agent }).request();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require('supertest') as (app: unknown) => Agent;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as () => {
  use(fn: unknown): void;
  get(path: string, ...h: unknown[]): void;
  post(path: string, ...h: unknown[]): void;
};

const SERVER = 'srv';
const creds = { [SERVER]: { user: 'demo', password: 'demo' } };
const mitelServer = (port: number): Record<string, unknown> => ({
  id: SERVER,
  type: 'cc-server',
  name: 'sim',
  protocol: 'mitel',
  host: '127.0.0.1',
  port,
  requestTimeout: 3,
});
const user = (id: string): Record<string, unknown> => ({ id, type: 'cc-event', server: SERVER, wires: [[]] });

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const connected = (): Promise<void> => until(() => connections.get(SERVER)?.state.state === 'connected');

describe('admin routes (node-red-node-test-helper, Mitel simulator)', function () {
  this.timeout(15000);
  let sim: MitelSimulator;
  let port: number;

  before(async () => {
    initHelper();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    port = await sim.start();
  });
  after(() => sim.stop());
  afterEach(() => helper.unload());

  it('GET entities/agents lists the live agents as {id, label}', async () => {
    await load([mitelServer(port), user('ev')], creds);
    await connected();
    const res = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/agents`);
    assert.equal(res.status, 200, res.text);
    const options = res.body as Array<{ id: string; label: string }>;
    assert.equal(options.length, sim.entities.agents.length);
    const first = sim.entities.agents[0];
    const option = options.find((o) => o.id === String(first.id));
    assert.ok(option, `agent ${first.id} listed`);
    assert.match(option.label, new RegExp(first.name));
  });

  it('GET entities of the other Mitel kinds (groups, dnis, release and wrap-up codes)', async () => {
    await load([mitelServer(port), user('ev')], creds);
    await connected();
    for (const [kind, expected] of [
      ['groups', sim.entities.groups.length],
      ['dnis', sim.entities.dnis.length],
      ['release-codes', sim.entities.releaseCodes.length],
      ['wrapup-codes', sim.entities.wrapupCodes.length],
      ['agent-queues', sim.entities.agentQueues.length],
    ] as const) {
      const res = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/${kind}`);
      assert.equal(res.status, 200, `${kind}: ${res.text}`);
      assert.equal((res.body as unknown[]).length, expected, kind);
    }
  });

  it('404 for a kind the protocol does not offer, listing those it does', async () => {
    await load([mitelServer(port), user('ev')], creds);
    await connected();
    const res = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/departments`);
    assert.equal(res.status, 404);
    assert.ok((res.body as { kinds: string[] }).kinds.includes('dnis'));
  });

  it('503 "deploy the server first" for a server that is not deployed', async () => {
    await load([mitelServer(port)], creds);
    const res = await admin().get(`${ADMIN_ROOT}/no-such-server/entities/agents`);
    assert.equal(res.status, 503);
    assert.equal((res.body as { error: string }).error, NOT_DEPLOYED);
  });

  it('503 with the reason when the server is deployed but not connected', async () => {
    await load([mitelServer(port)], creds); // no node uses it: never started
    const res = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/agents`);
    assert.equal(res.status, 503);
    assert.equal((res.body as { error: string }).error, NOT_DEPLOYED);
    assert.match((res.body as { reason: string }).reason, /no node uses this server/);
  });

  it('GET diagnostics: 503 when not deployed, a warning when connected without subscriptions, ok when subscribed', async () => {
    const missing = await admin().get(`${ADMIN_ROOT}/no-such-server/diagnostics`);
    assert.equal(missing.status, 503);
    await load([mitelServer(port), user('ev'), { id: 'ag', type: 'cc-agent-event', server: SERVER, autoSubscribe: false, wires: [[]] }], creds);
    await connected();
    const quiet = await admin().get(`${ADMIN_ROOT}/${SERVER}/diagnostics`);
    assert.equal(quiet.status, 200);
    assert.equal((quiet.body as { verdict: string }).verdict, 'warning');
    assert.match((quiet.body as { message: string }).message, /nothing is subscribed/);
    await helper.unload();
    await load([mitelServer(port), { id: 'ag', type: 'cc-agent-event', server: SERVER, wires: [[]] }], creds);
    await connected();
    await until(() => (connections.get(SERVER)?.listSubscriptions().length ?? 0) > 0);
    const subscribed = await admin().get(`${ADMIN_ROOT}/${SERVER}/diagnostics`);
    assert.equal((subscribed.body as { verdict: string }).verdict, 'ok', subscribed.text);
    assert.equal((subscribed.body as { nodes: number }).nodes, 1);
  });

  it('POST test-connection: ok with the dialog values and the stored password behind __PWRD__', async () => {
    await load([mitelServer(port)], creds);
    const res = await admin()
      .post(`${ADMIN_ROOT}/test-connection`)
      .send({ id: SERVER, protocol: 'mitel', host: '127.0.0.1', port: String(port), user: 'demo', password: '__PWRD__' });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.body as { ok: boolean }).ok, true, res.text);
  });

  it('POST test-connection: credentials failure with a wrong password typed in the dialog', async () => {
    await load([mitelServer(port)], creds);
    const res = await admin()
      .post(`${ADMIN_ROOT}/test-connection`)
      .send({ id: SERVER, protocol: 'mitel', host: '127.0.0.1', port, user: 'demo', password: 'typed-wrong' });
    const body = res.body as { ok: boolean; stage: string };
    assert.equal(body.ok, false);
    assert.equal(body.stage, 'credentials');
    assert.doesNotMatch(res.text, /typed-wrong/);
  });

  it('POST test-connection: the stored password is never sent to another host or port', async () => {
    const other = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    const otherPort = await other.start();
    try {
      await load([mitelServer(port)], creds);
      const res = await admin()
        .post(`${ADMIN_ROOT}/test-connection`)
        .send({ id: SERVER, protocol: 'mitel', host: '127.0.0.1', port: otherPort, user: 'demo', password: '__PWRD__' });
      assert.equal((res.body as { stage: string }).stage, 'credentials', res.text);
      assert.match((res.body as { message: string }).message, /used only with the deployed host and port/);
      const auth = other.requests.find((r) => r.message === 'authenticate');
      assert.ok(auth);
      assert.notEqual(auth['password'], md5('demo'), 'the stored password went to another target');
    } finally {
      await other.stop();
    }
  });
});

describe('admin routes on OpenScape (simulator)', function () {
  this.timeout(15000);
  let sim: OpenScapeSimulator;
  const server = (): Record<string, unknown> => ({
    id: SERVER,
    type: 'cc-server',
    protocol: 'openscape',
    baseUrl: sim.baseUrl,
    clientName: 'demo',
    agentKey: '1',
    webhookBaseUrl: 'http://127.0.0.1:9',
    webhookMode: 'httpNode',
    requestTimeout: 3,
  });
  const oscCreds = { [SERVER]: { clientToken: 'tok', agentPassword: 'demo' } };

  before(async () => {
    initHelper();
    sim = new OpenScapeSimulator({ clientName: 'demo', clientToken: 'tok' });
    await sim.start();
  });
  after(() => sim.stop());
  afterEach(() => helper.unload());

  it('GET entities: users (agents), queues and unavailable reasons (release-codes) from the admin requests', async () => {
    await load([server(), user('ev')], oscCreds);
    await connected();
    const agents = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/agents`);
    assert.equal(agents.status, 200, agents.text);
    const first = sim.directory.users[0];
    const option = (agents.body as Array<{ id: string; label: string }>).find((o) => o.id === String(first.agentKey));
    assert.ok(option);
    assert.match(option.label, new RegExp(first.userName));
    const queues = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/queues`);
    assert.equal((queues.body as unknown[]).length, sim.directory.queues.length);
    const reasons = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/release-codes`);
    assert.equal((reasons.body as unknown[]).length, sim.directory.unavailableReasons.length);
    const dnis = await admin().get(`${ADMIN_ROOT}/${SERVER}/entities/dnis`);
    assert.equal(dnis.status, 404);
  });

  it('POST test-connection: wrong token -> credentials; stored token used behind __PWRD__ for the same target', async () => {
    await load([server()], oscCreds);
    const wrong = await admin()
      .post(`${ADMIN_ROOT}/test-connection`)
      .send({ protocol: 'openscape', baseUrl: sim.baseUrl, clientName: 'demo', clientToken: 'nope-token', agentKey: '1', agentPassword: 'demo' });
    assert.equal((wrong.body as { stage: string }).stage, 'credentials');
    const stored = await admin()
      .post(`${ADMIN_ROOT}/test-connection`)
      .send({ id: SERVER, protocol: 'openscape', baseUrl: sim.baseUrl, clientName: 'demo', clientToken: '__PWRD__', agentKey: '1', agentPassword: '__PWRD__' });
    assert.equal((stored.body as { ok: boolean }).ok, true, stored.text);
  });
});

describe('admin routes: permissions', function () {
  type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

  function fakeRed(app: unknown, needsPermission: (p: string) => Handler): NodeAPI {
    return {
      nodes: { getNode: () => null, createNode: () => undefined, registerType: () => undefined },
      httpAdmin: app,
      auth: { needsPermission },
    } as unknown as NodeAPI;
  }

  it('guards test-connection with cc-server.write and the entity lists (they ask the server) with cc-server.write too', () => {
    const routes: Array<{ method: string; path: string; permission?: string }> = [];
    const tagged = new Map<unknown, string>();
    const app = {
      get: (path: string, ...handlers: unknown[]) => routes.push({ method: 'GET', path, permission: tagged.get(handlers[0]) }),
      post: (path: string, ...handlers: unknown[]) => routes.push({ method: 'POST', path, permission: tagged.get(handlers[0]) }),
    };
    registerAdminRoutes(
      fakeRed(app, (p) => {
        const h: Handler = (_q, _s, next) => next();
        tagged.set(h, p);
        return h;
      }),
    );
    const find = (method: string, suffix: string) => routes.find((r) => r.method === method && r.path.endsWith(suffix));
    assert.equal(find('POST', '/test-connection')?.permission, 'cc-server.write');
    assert.equal(find('GET', '/entities/:kind')?.permission, 'cc-server.write');
    assert.equal(find('GET', '/diagnostics')?.permission, 'cc-server.read');
    assert.equal(find('GET', '/editor.js')?.permission, undefined, 'the static editor script is loaded by a <script> tag without a token');
  });

  it('a refusing permission check stops the request before any probe runs', async () => {
    const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
    const port = await sim.start();
    let connectionsSeen = 0;
    sim.on('connection', () => connectionsSeen++);
    try {
      const app = express();
      registerAdminRoutes(
        fakeRed(app, () => (_req, res) => {
          res.statusCode = 401;
          res.end();
        }),
      );
      const res = await supertest(app).post(`${ADMIN_ROOT}/test-connection`).send({ protocol: 'mitel', host: '127.0.0.1', port, user: 'demo', password: 'demo' });
      assert.equal(res.status, 401);
      const listed = await supertest(app).get(`${ADMIN_ROOT}/srv/entities/agents`);
      assert.equal(listed.status, 401);
      assert.equal(sim.requests.length, 0);
      assert.equal(connectionsSeen, 0);
    } finally {
      await sim.stop();
    }
  });

  it('editor.js is served as JavaScript that parses', async () => {
    const app = express();
    registerAdminRoutes(fakeRed(app, () => (_q, _s, next) => next()));
    const res = await supertest(app).get(`${ADMIN_ROOT}/editor.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /javascript/);
    assert.doesNotThrow(() => new Function(res.text));
  });
});
