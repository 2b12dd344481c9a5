import assert from 'assert/strict';
import * as net from 'net';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { connections } from '../../nodes/lib/server-lookup';
import { exchange, helper, initHelper, load, nextMessage, serveHttpNode, watchStatus, collect, delay } from './support';

const SERVER = 'oss';

describe('nodes on OpenScape (against the simulator, events through the webhook on httpNode)', function () {
  this.timeout(20000);
  let sim: OpenScapeSimulator;
  let web: { url: string; close(): Promise<void> };
  let extension: string;

  const server = (): Record<string, unknown> => ({
    id: SERVER,
    type: 'cc-server',
    name: 'oscc',
    protocol: 'openscape',
    baseUrl: sim.baseUrl,
    clientName: 'demo',
    agentKey: '1',
    webhookBaseUrl: web.url,
    webhookApiVersion: 'V2',
    requestTimeout: 3,
  });
  const creds = { [SERVER]: { clientToken: 'demo', agentPassword: 'demo' } };
  const node = (id: string, type: string, props: Record<string, unknown> = {}): Record<string, unknown> => ({
    id,
    type,
    server: SERVER,
    wires: [[`${id}-out`]],
    ...props,
  });
  const sink = (id: string): Record<string, unknown> => ({ id, type: 'helper' });

  before(async () => {
    initHelper();
    sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo', realtimeIntervalMs: 50 });
    await sim.start();
    extension = sim.directory.users[0].extension;
    // httpNode only exists once the helper has loaded a flow.
    await load([]);
    web = await serveHttpNode();
    await helper.unload();
  });
  after(async () => {
    await sim.stop();
    await web.close();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('warns once at deploy when certificate verification is switched off for an https server', async () => {
    const https = { ...server(), baseUrl: 'https://127.0.0.1:9', tlsRejectUnauthorized: false };
    await load([https, node('ev', 'cc-event'), sink('ev-out')], creds);
    const spy = (helper as unknown as { log(): unknown }).log() as { args: Array<[{ level: number; msg: unknown }]> };
    const warnings = spy.args.map(([entry]) => String(entry.msg)).filter((m) => m.includes('is not verified'));
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0], /https:\/\/127\.0\.0\.1:9/);
  });

  it('sends KeepAlive at the server\'s interval and so recovers a silently expired session by itself', async () => {
    await load([{ ...server(), keepAlive: 0.2 }, node('ev', 'cc-event'), sink('ev-out')], creds);
    await watchStatus('ev').waitFor((s) => s.fill === 'green');
    const keepAlives = (): number => sim.requests.filter((r) => /(^|\/)main\/keepalive$/i.test(r.path)).length;
    const before = keepAlives();
    await delay(700);
    assert.ok(keepAlives() - before >= 2, `${keepAlives() - before} KeepAlive requests in 700 ms`);
    // No request from the flow: only the KeepAlive can notice that the session is gone.
    const registered = new Promise((resolve) => sim.once('registered', resolve));
    sim.expireSessions();
    await registered;
    await watchStatus('ev').waitFor((s) => s.fill === 'green' && s.text === 'connected');
  });

  it('registers, listens per realm for the typed event nodes, and delivers webhook events', async () => {
    await load(
      [
        server(),
        node('ag', 'cc-agent-event', { entities: '1' }),
        sink('ag-out'),
        node('con', 'cc-contact-event', { entities: `extension:${extension}` }),
        sink('con-out'),
        node('ent', 'cc-entity-event'),
        sink('ent-out'),
        node('ev', 'cc-event', { filterMode: 'pattern', pattern: 'USER_*', includeConnection: false }),
        sink('ev-out'),
      ],
      creds,
    );
    await watchStatus('ag').waitFor((s) => s.fill === 'green', 8000);
    await waitUntil(() => {
      const realms = sim.listens()[0]?.realms ?? {};
      return ['PRESENCE', 'TELEPHONY', 'ROUTING', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA', 'ADMINISTRATION'].every((r) => r in realms);
    });
    const listen = sim.listens()[0];
    assert.deepEqual(listen.realms.PRESENCE, ['1']);
    assert.deepEqual(listen.realms.TELEPHONY, [extension]);
    assert.ok(listen.webhookURL.startsWith(`${web.url}/cc-webhook/`), listen.webhookURL);
    assert.equal(listen.loggedOn, true);

    const presence = nextMessage('ag-out', (m) => m.topic === 'USER_ROUTING_STATE');
    const pattern = nextMessage('ev-out', (m) => m.topic === 'USER_ROUTING_STATE');
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentKey: 1, routingState: 'AVAILABLE', reason: 0 });
    const p = await presence;
    assert.equal((p.payload as { agentKey: number }).agentKey, 1);
    const info = p.event as Record<string, unknown>;
    assert.equal(info.protocol, 'openscape');
    assert.equal(info.realm, 'PRESENCE');
    assert.equal(info.family, 'agent');
    await pattern;

    const call = nextMessage('con-out', (m) => m.topic === 'DELIVERED_EVENT');
    sim.postEvent('TELEPHONY', 'DELIVERED_EVENT', { extension, uniqueCallId: 'c-1', callingDevice: '+4930123456', calledDevice: extension });
    assert.equal(((await call).event as { family: string }).family, 'contact');

    const admin = nextMessage('ent-out', (m) => m.topic === 'QUEUE_UPDATED_EVENT');
    sim.postEvent('ADMINISTRATION', 'QUEUE_UPDATED_EVENT', { queue: { key: 1, name: 'Default Voice Queue' } });
    assert.equal(((await admin).event as { family: string }).family, 'entity');
  });

  it('shows "authentication failed" for a wrong client token, never the token', async () => {
    const token = 'Wr0ng-T0ken-Secret';
    await load([server(), node('ev', 'cc-event'), sink('ev-out')], { [SERVER]: { clientToken: token, agentPassword: 'demo' } });
    const status = watchStatus('ev');
    const seen = collect('ev-out');
    const s = await status.waitFor((x) => x.text === 'authentication failed', 8000);
    assert.equal(s.fill, 'red');
    seen.stop();
    assert.ok(!JSON.stringify([status.all, seen.messages]).includes(token));
  });

  it('receives events on a dedicated webhook port and closes it on undeploy', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    await load(
      [{ ...server(), webhookMode: 'dedicated', webhookPort: free, webhookBaseUrl: '' }, node('ag', 'cc-agent-event'), sink('ag-out')],
      creds,
    );
    await watchStatus('ag').waitFor((s) => s.fill === 'green', 8000);
    await waitUntil(() => 'PRESENCE' in (sim.listens()[0]?.realms ?? {}));
    assert.ok(sim.listens()[0].webhookURL.startsWith(`http://127.0.0.1:${free}/cc-webhook/`), sim.listens()[0].webhookURL);
    const got = nextMessage('ag-out', (m) => m.topic === 'USER_ROUTING_STATE');
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentKey: 2, routingState: 'WORK', reason: 0 });
    await got;
    await helper.unload();
    // The port is free again.
    await new Promise<void>((resolve, reject) => {
      const again = net.createServer().once('error', reject).listen(free, '127.0.0.1', () => again.close(() => resolve()));
    });
  });

  it('sends requests of every operation group, and fails bad parameters precisely', async () => {
    await load(
      [
        server(),
        node('cmd', 'cc-agent-command', { operation: 'msg' }),
        sink('cmd-out'),
        node('tel', 'cc-telephony', { operation: 'msg' }),
        sink('tel-out'),
        node('req', 'cc-request', { operation: 'msg' }),
        sink('req-out'),
      ],
      creds,
    );
    await watchStatus('cmd').waitFor((s) => s.fill === 'green', 8000);
    const ok = async (id: string, payload: Record<string, unknown>): Promise<unknown> => {
      const r = await exchange(id, `${id}-out`, { payload, topic: 'kept' });
      assert.equal(r.error, undefined, `${JSON.stringify(payload)}: ${r.error}`);
      assert.equal(r.msg?.topic, 'kept');
      return r.msg?.payload;
    };
    // main, admin
    await ok('req', { operation: 'main.GetServerState', realm: 'TELEPHONY' });
    const users = await ok('req', { operation: 'admin.GetUsers' });
    assert.ok(users);
    // per-media logon (agent command) and presence
    await ok('cmd', { command: 'telephony.Logon', agentKey: 1, extension });
    await ok('cmd', { command: 'SetRoutingState', agentKey: 1, state: 'AVAILABLE' });
    await ok('cmd', { command: 'webcollaboration.Logon', agentKey: 1 });
    await ok('cmd', { command: 'callback.Logon', agentKey: 1, extension });
    await ok('cmd', { command: 'openmedia.Logon', agentKey: 1, connectorKey: 1 });
    // telephony
    await ok('tel', { operation: 'QueryLine', extension });
    await ok('tel', { operation: 'Dial', from: extension, to: '+4930123456' });
    // callback, openmedia, webcollaboration, routing through cc-request
    await ok('req', { operation: 'callback.QueryNewCallbacks', origin: 'ORIGIN_ALL', fromTime: '2024-01-01T00:00:00Z', toTime: '2030-01-01T00:00:00Z', queueKeys: [1] });
    await ok('req', { operation: 'openmedia.QueryDeferredMessages', agentKey: 1 });
    await ok('req', { operation: 'webcollaboration.Logoff', agentKey: 1 });
    const routing = await exchange('req', 'req-out', { payload: { operation: 'routing.QueryCall', uniqueCallId: 'no-such-call' } });
    assert.ok(routing.msg || /no-such-call|CALL|call/i.test(routing.error ?? ''), JSON.stringify(routing));

    // Bad params: one precise error from the client's table, nothing sent; the next good msg works.
    const before = sim.requests.length;
    const bad = await exchange('tel', 'tel-out', { payload: { operation: 'Dial', from: extension } });
    assert.match(bad.error ?? '', /\bto\b/);
    assert.equal(sim.requests.length, before, 'a request with bad parameters reached the server');
    const notTelephony = await exchange('tel', 'tel-out', { payload: { operation: 'GetUsers' } });
    assert.match(notTelephony.error ?? '', /not an OpenScape telephony request/);
    const notCommand = await exchange('cmd', 'cmd-out', { payload: { command: 'Dial' } });
    assert.match(notCommand.error ?? '', /not an OpenScape agent command/);
    await ok('tel', { operation: 'telephony.QueryLine', extension });
  });

  it('cc-subscribe listens per realm and resource and lists them', async () => {
    await load([server(), node('sub', 'cc-subscribe'), sink('sub-out')], creds);
    await watchStatus('sub').waitFor((s) => s.fill === 'green', 8000);
    const r = await exchange('sub', 'sub-out', { payload: { realm: 'TELEPHONY', resources: [extension] } });
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(sim.listens()[0].realms.TELEPHONY, [extension]);
    const list = await exchange('sub', 'sub-out', { action: 'list' });
    assert.deepEqual(list.msg?.payload, [{ type: 'TELEPHONY', entities: [extension] }]);
    const bad = await exchange('sub', 'sub-out', { payload: { realm: 'WEATHER' } });
    assert.match(bad.error ?? '', /"WEATHER" is not a realm that can be listened to/);
    const un = await exchange('sub', 'sub-out', { action: 'unsubscribe', payload: [{ realm: 'TELEPHONY', resources: [extension] }] });
    assert.equal(un.error, undefined, un.error);
  });

  it('cc-realtime starts its query, keeps its events across expired sessions, stops on close', async () => {
    await load(
      [
        server(),
        node('rt', 'cc-realtime', { queryType: 'QUEUE_REALTIME', keyList: '1' }),
        sink('rt-out'),
        node('rt2', 'cc-realtime', { queryType: 'USER_REALTIME', keyList: '1' }),
        sink('rt2-out'),
        node('req', 'cc-request', { operation: 'admin.GetUsers' }),
        sink('req-out'),
      ],
      creds,
    );
    const first = await nextMessage('rt-out', () => true, 8000);
    assert.equal((first.event as { family: string }).family, 'statistics');
    const mine = collect('rt-out');
    await nextMessage('rt2-out', () => true, 8000);
    await delay(200);
    mine.stop();
    // Only its own query's events: QUEUE_REALTIME data never carries the user query's id.
    const ids = new Set(mine.messages.map((m) => JSON.stringify((m.payload as { queryId?: unknown }).queryId)));
    assert.equal(ids.size, 1, `events of several queries: ${[...ids].join()}`);
    assert.equal(sim.queries().length, 2);

    sim.expireSessions();
    // The client finds the expired session at its next request (or KeepAlive) and registers anew.
    const r = await exchange('req', 'req-out', { payload: null }, 8000);
    assert.equal(r.error, undefined, r.error);
    await waitUntil(() => sim.queries().length === 2, 10000);
    const again = await nextMessage('rt-out', () => true, 10000);
    assert.ok(again);

    // msg.action: stop, then start with new parameters.
    const stop = await exchange('rt', 'rt-out', { action: 'stop' }, 3000).catch((e: Error) => ({ error: e.message }));
    assert.ok(!('msg' in stop && stop.msg), 'stop sends no message');
    await waitUntil(() => sim.queries().length === 1);
    const bad = await exchange('rt', 'rt-out', { action: 'start', payload: { queryType: 'USER_CUMULATIVE', keyList: [1] } });
    assert.match(bad.error ?? '', /needs fromTime/);
    helper.getNode('rt').receive({ action: 'start', payload: { queryType: 'GROUP_REALTIME', keyList: [1] } });
    await waitUntil(() => sim.queries().length === 2);
    await nextMessage('rt-out', () => true, 8000);

    await helper.unload();
    await waitUntil(() => sim.queries().length === 0, 5000);
  });

  it('mounts one webhook route per deploy and removes it on close (20 redeploys)', async function () {
    this.timeout(60000);
    const stackSize = (): number => {
      const app = require('./support').red().httpNode as { _router?: { stack: unknown[] } };
      return app._router?.stack.length ?? 0;
    };
    await load([server(), node('ag', 'cc-agent-event'), sink('ag-out')], creds);
    await watchStatus('ag').waitFor((s) => s.fill === 'green', 8000);
    const routes = stackSize();
    await helper.unload();
    const resources = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
    const start = resources();
    for (let i = 0; i < 20; i++) {
      await load([server(), node('ag', 'cc-agent-event'), sink('ag-out')], creds);
      await watchStatus('ag').waitFor((s) => s.fill === 'green', 8000);
      assert.equal(stackSize(), routes);
      await helper.unload();
    }
    await delay(200);
    assert.ok(resources() <= start + 2, `resources ${start} -> ${resources()}`);
    assert.equal(connections.size, 0);
  });
});

async function waitUntil(test: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
