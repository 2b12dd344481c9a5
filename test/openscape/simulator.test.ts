/**
 * The client against the team's OpenScape simulator (src/sim/openscape), written from the same guide
 * by another engineer: the two tables of URLs must agree, and the client's session care must work
 * against the simulator's own idea of sessions, listens, queries and outages.
 */
import { strict as assert } from 'node:assert';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { routeTable } from '../../src/sim/openscape/endpoints';
import { OPERATIONS } from '../../src/openscape';
import type { CcEvent, CcWarning } from '../../src/core/types';
import { rig, untilState } from './helpers/setup';
import type { Rig } from './helpers/setup';
import { collect, waitFor } from './helpers/wait';

describe('openscape client against the simulator', function () {
  this.timeout(10000);
  let sim: OpenScapeSimulator;
  let r: Rig | undefined;

  async function startSim(extra: Partial<ConstructorParameters<typeof OpenScapeSimulator>[0]> = {}): Promise<void> {
    sim = new OpenScapeSimulator({
      port: 0,
      host: '127.0.0.1',
      clientName: 'demo',
      clientToken: 'demo',
      users: [{ agentKey: 3, password: 'p' }],
      realtimeIntervalMs: 40,
      ...extra,
    });
    await sim.start();
  }

  afterEach(async () => {
    await r?.close();
    r = undefined;
    await sim?.stop();
  });

  it('agrees with the simulator on every printed and regular URL', () => {
    const printed = routeTable('printed');
    const regular = routeTable('regular');
    for (const op of OPERATIONS) {
      assert.equal(printed.get(op.path)?.method, op.method, `printed ${op.id}: ${op.path}`);
      assert.equal(regular.get(op.regularPath ?? op.path)?.method, op.method, `regular ${op.id}: ${op.regularPath ?? op.path}`);
    }
    assert.equal(printed.size, OPERATIONS.length);
  });

  it('connects, listens and receives the events the simulator posts', async () => {
    await startSim();
    r = await rig(sim.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('a', { type: 'TELEPHONY', entities: ['*'] });
    await r.client.subscribe('a', { type: 'PRESENCE', entities: ['3'] });
    await r.client.subscribe('b', { type: 'ADMINISTRATION', entities: [] });
    const [app] = sim.listens();
    assert.equal(app.loggedOn, true);
    assert.deepEqual(app.realms, { TELEPHONY: ['*'], PRESENCE: ['3'], ADMINISTRATION: ['*'] }); // the simulator writes a realm-wide listen as '*'
    const got = waitFor<CcEvent>(r.client, 'event', (e) => e.type === 'USER_ROUTING_STATE');
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentId: '100003', agentKey: 3, routingState: 'AVAILABLE' });
    const ev = await got;
    assert.equal(ev.family, 'agent');
    assert.ok(ev.keys.includes('agent:3'));
    const users = (await r.client.request('admin.GetUsers', {})) as { users: unknown[] };
    assert.ok(Array.isArray(users.users) && users.users.length > 0);
  });

  for (const expiredAnswer of ['errorCode', 'http401'] as const) {
    it(`restores listens and queries after the simulator expires the session (${expiredAnswer})`, async () => {
      await startSim({ expiredAnswer });
      r = await rig(sim.baseUrl);
      const warnings = collect<CcWarning>(r.client, 'warning');
      r.client.start();
      await untilState(r.client, 'connected');
      await r.client.subscribe('a', { type: 'TELEPHONY', entities: ['*'] });
      await r.client.subscribe('a', { type: 'ROUTING', entities: [] });
      const q = (await r.client.request('realtime.StartQuery', { queryType: 'QUEUE_REALTIME', keyList: [1] })) as {
        queryId: number;
        handle: string;
      };
      sim.expireSessions();
      assert.deepEqual(sim.listens(), []);
      await r.client.request('admin.GetQueues', {});
      const [app] = sim.listens();
      assert.deepEqual(app.realms, { TELEPHONY: ['*'], ROUTING: ['*'] });
      const [running] = sim.queries();
      assert.notEqual(running.queryId, q.queryId);
      const restarted = warnings.find((w) => w.code === 'QUERY_RESTARTED');
      assert.deepEqual(restarted?.detail, { handle: q.handle, oldQueryId: q.queryId, newQueryId: running.queryId });
      const stats = await waitFor<CcEvent>(r.client, 'event', (e) => e.family === 'statistics' && e.keys.includes(`query:${running.queryId}`));
      assert.ok(stats.keys.includes(`queryHandle:${q.handle}`));
    });
  }

  it('sends the regular spelling to a simulator that only has it, never the printed one', async () => {
    await startSim({ urlSpelling: 'regular' });
    r = await rig(sim.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('a', { type: 'CALLBACK', entities: ['3'] });
    const res = await r.client.unsubscribe('a', { type: 'CALLBACK', entities: ['3'] });
    assert.equal(res.status, 'ok');
    assert.deepEqual(sim.listens()[0].realms, {});
    await r.client.request('admin.GetOpenMediaConnectors', {});
    const paths = sim.requests.map((q) => q.path);
    assert.ok(paths.includes('callback/stoplistenforevents') && !paths.includes('callback/stoplifenforevents'));
    assert.ok(paths.includes('admin/openmediaconnectors') && !paths.includes('admin/ openmediconnectors'));
  });

  it('falls back to the printed spelling on a simulator that only has it', async () => {
    await startSim({ urlSpelling: 'printed' });
    r = await rig(sim.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('a', { type: 'CALLBACK', entities: ['3'] });
    const res = await r.client.unsubscribe('a', { type: 'CALLBACK', entities: ['3'] });
    assert.equal(res.status, 'ok');
    assert.deepEqual(sim.listens()[0].realms, {});
    const paths = sim.requests.map((q) => q.path);
    assert.deepEqual(paths.slice(-2), ['callback/stoplistenforevents', 'callback/stoplifenforevents']);
  });

  it('goes disconnected while the simulator is down and resumes the same session after', async () => {
    await startSim();
    r = await rig(sim.baseUrl, { keepAliveMs: 30 });
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('a', { type: 'TELEPHONY', entities: ['*'] });
    await sim.setDown(true);
    const down = await untilState(r.client, 'disconnected');
    assert.match(down.detail ?? '', /refused|reset/);
    await sim.setDown(false);
    const up = await untilState(r.client, 'connected');
    assert.equal(up.detail, 'session resumed');
    assert.equal(sim.listens().length, 1);
    assert.equal(sim.requests.filter((q) => q.path === 'main/registerApplication').length, 1);
  });

  it('connects over HTTPS to the simulator self-signed certificate given as ca', async () => {
    await startSim({ https: 'self-signed' });
    r = await rig(sim.baseUrl, { tls: { ca: sim.caCert } });
    r.client.start();
    await untilState(r.client, 'connected');
  });
});
