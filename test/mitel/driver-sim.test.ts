/**
 * MitelClient as a ContactCenterDriver against the MitelSimulator over real sockets: stop is final,
 * outcomes carry the server's code and words, statistics queries, entity lists and names.
 */
import assert from 'assert/strict';
import { MitelSimulator, type MitelSimulatorOptions } from '../../src/sim/mitel';
import { MitelClient, type MitelClientOptions } from '../../src/mitel';
import { mitelVendor } from '../../src/mitel/vendor';
import { CcError } from '../../src/core/errors';
import { EventIndex } from '../../src/core/event-index';
import type { CcEvent, CcWarning, StateChange } from '../../src/core/types';
import { nextEmit } from './helpers/feed-server';

type Msg = Record<string, unknown>;

async function eventually(check: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function handles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
}

describe('MitelClient as a driver, against the MitelSimulator', function () {
  this.timeout(60000);
  let sim: MitelSimulator;
  let client: MitelClient | undefined;

  async function setup(simOptions: Partial<MitelSimulatorOptions> = {}): Promise<void> {
    sim = new MitelSimulator({ port: 0, host: '127.0.0.1', user: 'demo', password: 'demo', generate: false, seed: 3, statsIntervalMs: 50, ...simOptions });
    await sim.start();
  }

  function makeClient(extra: Partial<MitelClientOptions> = {}): MitelClient {
    client = new MitelClient({
      host: '127.0.0.1',
      port: sim.port,
      user: 'demo',
      password: 'demo',
      requestTimeoutMs: 2000,
      backoff: { initialMs: 20, maxMs: 200 },
      idleTimeoutMs: 60000,
      ...extra,
    });
    return client;
  }

  async function connected(c: MitelClient): Promise<void> {
    const up = nextEmit<StateChange>(c, 'state', (s) => s.state === 'connected');
    c.start();
    await up;
  }

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await sim.stop();
  });

  it('100 start/stop cycles: one connection while running, none after each stop, no timer or socket left', async () => {
    await setup();
    const warm = makeClient();
    await connected(warm);
    await warm.stop();
    await eventually(() => sim.clientCount() === 0);
    await new Promise((r) => setTimeout(r, 20));
    const baseline = handles();
    for (let i = 0; i < 100; i++) {
      const c = makeClient();
      await connected(c);
      // A subscription and a pending command: both must end with the stop.
      await c.subscribe('n', { type: 'agent-activity', entities: ['*'] });
      assert.equal(sim.clientCount(), 1, `cycle ${i}: one connection`);
      assert.ok(c.lifecycle.activeTimers > 0, 'the idle timer runs through the lifecycle');
      await c.stop();
      assert.equal(c.lifecycle.activeTimers, 0, `cycle ${i}: no timer of the driver left`);
      assert.equal(c.state, 'stopped');
      await eventually(() => sim.clientCount() === 0, 2000, `cycle ${i}: the simulator holds no connection`);
    }
    client = undefined;
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(handles() <= baseline, `timers and sockets grew: ${baseline} -> ${handles()}`);
  });

  it('stop is final: pending requests reject CLOSED, nothing is written and no state changes after it', async () => {
    await setup();
    const c = makeClient();
    const states: string[] = [];
    c.on('state', (s: StateChange) => states.push(s.state));
    await connected(c);
    await c.subscribe('n', { type: 'agent-activity', entities: ['*'] });
    const before = sim.requests.length;
    const pending = c.request('command.login', { 'agent-id': 1001 });
    const stopping = c.stop();
    await assert.rejects(pending, (e: CcError) => e.code === 'CLOSED');
    await stopping;
    const changes = states.length;
    assert.equal(states.at(-1), 'stopped');
    c.start();
    await c.releaseOwner('n');
    await new Promise((r) => setTimeout(r, 150));
    // The command was written before stop began; nothing else (no unsubscribe, no reconnect) follows it.
    assert.ok(sim.requests.length - before <= 1, 'nothing reached the server after stop');
    assert.equal(sim.clientCount(), 0);
    assert.equal(states.length, changes, 'no state change after stop (start after stop does nothing)');
    assert.equal(c.lifecycle.activeTimers, 0);
    await assert.rejects(c.subscribe('n', { type: 'agent-activity', entities: ['*'] }), (e: CcError) => e.code === 'CLOSED');
    await assert.rejects(c.request('command.resume', { 'agent-id': 1001 }), (e: CcError) => e.code === 'CLOSED');
  });

  it('stop while the retry is scheduled (wrong password) leaves no timer', async () => {
    await setup();
    const c = makeClient({ password: 'wrong', backoff: { initialMs: 5000, maxMs: 5000 } });
    const failed = nextEmit<StateChange>(c, 'state', (s) => s.state === 'auth-failed');
    c.start();
    const s = await failed;
    assert.ok((s.retryInMs ?? 0) >= 3000, 'retry within the backoff, not at once');
    assert.ok(c.lifecycle.retrying);
    await c.stop();
    assert.equal(c.lifecycle.activeTimers, 0);
    assert.equal(c.lifecycle.retrying, false);
  });

  it('subscribe: ok with the code 0; a refusal rejects REFUSED with the outcome and is not recorded', async () => {
    await setup();
    const c = makeClient();
    await connected(c);
    const ok = await c.subscribe('a', { type: 'group-stats', entities: ['1'] });
    assert.equal(ok.status, 'ok');
    assert.equal(ok.code, 0);
    assert.equal((ok.answer as Msg)['message'], 'subscribe-events');
    const err = await c.subscribe('b', { type: 'agent-activity', entities: ['999999'] }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e as CcError,
    );
    assert.ok(err instanceof CcError);
    assert.equal(err.code, 'REFUSED');
    assert.equal(err.outcome?.status, 'refused');
    assert.equal(err.outcome?.code, -1);
    assert.match(err.outcome?.text ?? '', /999999/);
    assert.match(err.message, /refused by the server \(result -1\)/);
    assert.deepEqual(c.listSubscriptions(), [{ type: 'group-stats', entities: ['1'] }]);
  });

  it('a restore partly accepted: each waiting caller gets its own part; missing names what was left out', async () => {
    await setup();
    const c = makeClient();
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    const good = c.subscribe('a', { type: 'group-stats', entities: ['1'] });
    const bad = c.subscribe('b', { type: 'agent-activity', entities: ['999999'] });
    c.start();
    const [g, b] = await Promise.all([good, bad]);
    assert.equal(g.status, 'ok');
    assert.equal(b.status, 'partial');
    assert.equal(b.code, 1);
    assert.deepEqual(b.missing, ['agent-activity:999999']);
    assert.match(b.text ?? '', /999999/);
    const partial = warnings.find((w) => w.code === 'SUBSCRIPTION_PARTIAL');
    assert.ok(partial, 'SUBSCRIPTION_PARTIAL warning');
    assert.deepEqual(partial.detail?.['missing'], ['agent-activity:999999']);
  });

  it('unsubscribe resolves an outcome with the server code', async () => {
    await setup();
    const c = makeClient();
    await connected(c);
    await c.subscribe('a', { type: 'dnis-stats', entities: ['*'] });
    const out = await c.unsubscribe('a', { type: 'dnis-stats', entities: ['*'] });
    assert.equal(out.status, 'ok');
    assert.equal(out.code, 0);
    assert.equal((out.answer as Msg)['message'], 'unsubscribe-events');
    const none = await c.unsubscribe('a', { type: 'dnis-stats', entities: ['*'] });
    assert.equal(none.status, 'ok');
    assert.equal(none.answer, undefined, 'nothing sent for what was not subscribed');
  });

  it('statistics: one query per owner, routed by its filter, replaced, stopped and released', async () => {
    await setup();
    const c = makeClient();
    await connected(c);
    const group = String(sim.entities.groups[0].id);
    const index = new EventIndex();
    const seen: CcEvent[] = [];
    c.on('event', (e: CcEvent) => index.dispatch(e));
    const first = c.startStatistics('rt', mitelVendor.parseStatisticsQuery({ statType: 'group-stats', entities: group }));
    assert.deepEqual(first.filter, { types: ['group-stats'], keys: [group] });
    index.add('rt', first.filter, (e) => seen.push(e));
    assert.equal((await first.started).status, 'ok');
    await eventually(() => seen.length > 0, 3000, 'group statistics of the query');
    assert.ok(seen.every((e) => e.type === 'group-stats' && e.keys.includes(`group:${group}`)));
    assert.deepEqual(c.listSubscriptions(), [{ type: 'group-stats', entities: [group] }]);

    // Starting again replaces the query: the old one is unsubscribed.
    const unsubBefore = sim.requests.filter((r) => r['message'] === 'unsubscribe-events').length;
    const second = c.startStatistics('rt', mitelVendor.parseStatisticsQuery({ statType: 'dnis-stats', entities: ['*'] }));
    assert.deepEqual(second.filter, { types: ['dnis-stats'], keys: [] });
    assert.equal((await second.started).status, 'ok');
    await eventually(() => sim.requests.filter((r) => r['message'] === 'unsubscribe-events').length > unsubBefore);
    assert.deepEqual(c.listSubscriptions(), [{ type: 'dnis-stats', entities: ['*'] }]);

    const stopped = await c.stopStatistics('rt');
    assert.equal(stopped?.status, 'ok');
    assert.equal(await c.stopStatistics('rt'), undefined, 'nothing left to stop');
    assert.deepEqual(c.listSubscriptions(), []);

    // releaseOwner drops the query too; a refused query is not kept.
    await c.startStatistics('rt2', mitelVendor.parseStatisticsQuery({ statType: 'agent-need-help' })).started;
    await c.releaseOwner('rt2');
    assert.deepEqual(c.listSubscriptions(), []);
    await assert.rejects(
      c.startStatistics('rt3', mitelVendor.parseStatisticsQuery({ statType: 'group-stats', entities: '999999' })).started,
      (e: CcError) => e.code === 'REFUSED',
    );
    assert.equal(await c.stopStatistics('rt3'), undefined);
  });

  it('agent-need-help as a statistics query reaches its listener', async () => {
    await setup();
    const c = makeClient();
    await connected(c);
    const { filter, started } = c.startStatistics('help', mitelVendor.parseStatisticsQuery({ statType: 'agent-need-help', entities: '1001' }));
    const index = new EventIndex();
    const seen: CcEvent[] = [];
    index.add('help', filter, (e) => seen.push(e));
    c.on('event', (e: CcEvent) => index.dispatch(e));
    await started;
    sim.emitEvent({ message: 'agent-need-help', 'agent-id': sim.entities.agents[0].id });
    await eventually(() => seen.length === 1, 3000, 'the need-help event');
    assert.equal(seen[0].type, 'agent-need-help');
  });

  it('listEntities: labels "Name (number)"; entityName knows the names afterwards; unknown kinds are UNSUPPORTED', async () => {
    await setup();
    const c = makeClient();
    await connected(c);
    const agent = sim.entities.agents[0];
    assert.equal(c.entityName('agents', String(agent.id)), undefined, 'not known before the snapshot');
    const agents = await c.listEntities('agents');
    assert.equal(agents.length, sim.entities.agents.length);
    assert.ok(agents.some((a) => a.id === String(agent.id) && a.label === `${agent.name} (${agent.number})`));
    assert.equal(c.entityName('agents', String(agent.id)), agent.name);
    assert.equal(c.entityName('agent', String(agent.id)), agent.name, 'the entity kind spelling too');
    const codes = await c.listEntities('release-codes');
    assert.equal(codes.length, sim.entities.releaseCodes.length);
    await assert.rejects(c.listEntities('callers'), (e: CcError) => e.code === 'UNSUPPORTED' && /agents, groups/.test(e.message));
    assert.equal(c.entityName('callers', '1'), undefined);
  });
});
