/**
 * Driver conformance: the contract of src/core/driver.ts, checked the same way against every
 * vendor's driver and its simulator over real sockets. A new vendor is done when this passes.
 */
import { strict as assert } from 'node:assert';
import type { ContactCenterDriver, DriverFactory, StateChange } from '../../src/core/driver';
import { CC_ERROR_CODES, CcError } from '../../src/core/errors';
import { EventIndex } from '../../src/core/event-index';
import type { CcEvent } from '../../src/core/types';
import { TARGETS, type ConformanceTarget } from './targets';

function until<T>(emitter: ContactCenterDriver, name: string, test: (value: T) => boolean, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, on);
      reject(new Error(`no matching '${name}' within ${ms} ms`));
    }, ms);
    const on = (value: T): void => {
      if (!test(value)) return;
      clearTimeout(timer);
      emitter.off(name, on);
      resolve(value);
    };
    emitter.on(name, on);
  });
}

function connected(driver: ContactCenterDriver, ms = 5000): Promise<StateChange> {
  if (driver.state === 'connected') return Promise.resolve(driver.lastState);
  return until<StateChange>(driver, 'state', (s) => s.state === 'connected', ms);
}

async function eventually(check: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function timersAndSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
}

function assertTypedError(err: unknown, code: keyof typeof CC_ERROR_CODES): CcError {
  assert.ok(err instanceof CcError, `expected a CcError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.ok(err.code in CC_ERROR_CODES);
  return err;
}

for (const makeTarget of TARGETS) {
  describe(`driver conformance: ${makeTarget().name}`, function () {
    this.timeout(30000);
    let target: ConformanceTarget;
    let factory: DriverFactory;
    let driver: ContactCenterDriver;

    beforeEach(async () => {
      target = makeTarget();
      await target.start();
      factory = target.vendor.open(target.settings(), target.credentials(), target.host);
      driver = factory.create();
    });

    afterEach(async () => {
      await driver.stop();
      await factory.close();
      await target.stop();
    });

    it('connects through connecting and authenticating; stop is final', async () => {
      const states: string[] = [];
      driver.on('state', (s: StateChange) => states.push(s.state));
      driver.start();
      await connected(driver);
      assert.ok(states.includes('connecting'), states.join());
      assert.equal(target.live(), 1);
      await driver.stop();
      assert.equal(driver.state, 'stopped');
      await eventually(() => target.live() === 0, 2000, 'the server holds no connection');
      const requests = target.requestCount();
      const changes = states.length;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(target.requestCount(), requests, 'a request reached the server after stop');
      assert.equal(states.length, changes, 'a state change after stop');
      await assert.rejects(driver.request(target.agentRequest.operation, target.agentRequest.params), (e) => !!assertTypedError(e, e instanceof CcError && e.code === 'CLOSED' ? 'CLOSED' : 'NOT_CONNECTED'));
    });

    it('leaves no timer or socket after 20 start/stop cycles and holds exactly one connection while running', async () => {
      driver.start();
      await connected(driver);
      await driver.stop();
      await eventually(() => target.live() === 0);
      const baseline = timersAndSockets();
      for (let i = 0; i < 20; i++) {
        const d = factory.create();
        d.start();
        await connected(d);
        assert.equal(target.live(), 1, `cycle ${i}`);
        await d.stop();
        await eventually(() => target.live() === 0, 2000, `cycle ${i}: no connection left`);
      }
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(timersAndSockets() <= baseline, `timers and sockets grew: ${baseline} -> ${timersAndSockets()}`);
    });

    it('refused credentials: auth-failed with a retry scheduled, never a tight loop', async () => {
      await driver.stop();
      await factory.close();
      factory = target.vendor.open(target.settings(), target.wrongCredentials(), target.host);
      driver = factory.create();
      driver.start();
      const failed = await until<StateChange>(driver, 'state', (s) => s.state === 'auth-failed');
      assert.ok((failed.retryInMs ?? 0) >= 500, `retry in ${failed.retryInMs} ms`);
      const requests = target.requestCount();
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(target.requestCount() - requests <= 2, 'it keeps trying within the backoff');
    });

    it('subscribe: ok with the server code and answer; a refusal rejects REFUSED with the outcome', async () => {
      driver.start();
      await connected(driver);
      const ok = await driver.subscribe('node-a', target.allAgents);
      assert.equal(ok.status, 'ok');
      assert.ok(ok.answer !== undefined, 'the raw answer is kept');
      const err = await driver.subscribe('node-b', target.refused).then(
        () => assert.fail('a refused subscription resolved'),
        (e: unknown) => assertTypedError(e, 'REFUSED'),
      );
      assert.equal(err.outcome?.status, 'refused');
      assert.ok(err.outcome?.answer !== undefined);
      assert.deepEqual(
        driver.listSubscriptions().map((s) => s.type),
        [target.allAgents.type],
        'nothing of the refusal stays recorded',
      );
    });

    it('`*` means all: an agent event reaches a listener subscribed to `*` with a `kind:id` key', async () => {
      driver.start();
      await connected(driver);
      await driver.subscribe('node-a', target.allAgents);
      const index = new EventIndex();
      const seen: CcEvent[] = [];
      index.add('node-a', { families: ['agent'], keys: ['*'] }, (e) => seen.push(e));
      index.add('node-b', { families: ['agent'], keys: [`agent:${target.agentId}`] }, (e) => seen.push(e));
      driver.on('event', (e: CcEvent) => index.dispatch(e));
      await driver.request(target.agentRequest.operation, target.agentRequest.params);
      await eventually(() => seen.length >= 2, 3000, 'agent event delivered to both listeners');
      const event = seen[0];
      assert.equal(event.family, 'agent');
      assert.ok(event.keys.includes(`agent:${target.agentId}`), event.keys.join());
      assert.ok(event.keys.every((k) => /^[a-zA-Z-]+:[^*]+$/.test(k)), `keys are kind:id: ${event.keys.join()}`);
    });

    it('an event of an unknown type is passed on (family other), not dropped', async () => {
      driver.start();
      await connected(driver);
      await driver.subscribe('node-a', target.allAgents);
      const got = until<CcEvent>(driver, 'event', (e) => e.type === 'BRAND_NEW_TYPE_EVENT');
      target.emitUnknown('BRAND_NEW_TYPE_EVENT');
      const event = await got;
      assert.equal(event.family, 'other');
      assert.ok(event.payload !== undefined);
    });

    it('flow control, where the driver offers it: held events wait until the holder resumes, then come in order', async function () {
      // Optional part of the contract (pauseEvents): drivers without it are not asked.
      if (!driver.pauseEvents || !driver.resumeEvents) return this.skip();
      driver.start();
      await connected(driver);
      await driver.subscribe('node-a', target.allAgents);
      const seen: string[] = [];
      driver.on('event', (e: CcEvent) => {
        if (e.type.startsWith('HELD_')) seen.push(e.type);
      });
      driver.pauseEvents('reader-a');
      assert.equal(driver.eventsPaused, true);
      const types = Array.from({ length: 20 }, (_, i) => `HELD_${i}`);
      for (const type of types) target.emitUnknown(type);
      // What arrives while held would arrive within milliseconds on loopback.
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(seen, []);
      driver.resumeEvents('reader-a');
      assert.equal(driver.eventsPaused, false);
      await eventually(() => seen.length >= types.length, 3000, 'the held events');
      assert.deepEqual(seen, types);
    });

    it('restores subscriptions after the server restarts', async () => {
      driver.start();
      await connected(driver);
      await driver.subscribe('node-a', target.allAgents);
      const lost = until<StateChange>(driver, 'state', (s) => s.state !== 'connected', 5000);
      await target.restart();
      await lost;
      await connected(driver, 15000);
      assert.equal(target.live(), 1);
      const got = until<CcEvent>(driver, 'event', (e) => e.family === 'agent', 5000);
      await driver.request(target.agentRequest.operation, target.agentRequest.params);
      await got;
    });

    it('statistics: started ok, each event routed by the query filter, stopped on request', async () => {
      driver.start();
      await connected(driver);
      const query = target.vendor.parseStatisticsQuery(target.statistics);
      const { filter, started } = driver.startStatistics('node-s', query);
      const index = new EventIndex();
      const seen: CcEvent[] = [];
      index.add('node-s', filter, (e) => seen.push(e));
      driver.on('event', (e: CcEvent) => index.dispatch(e));
      const outcome = await started;
      assert.equal(outcome.status, 'ok');
      await eventually(() => seen.length > 0, 5000, 'a statistics event of the query');
      assert.ok(seen.every((e) => e.family === 'statistics'));
      await driver.stopStatistics('node-s');
    });

    it('statistics: a wrong query is a BAD_PARAMS error before anything is sent, or a refusal', async () => {
      driver.start();
      await connected(driver);
      const before = target.requestCount();
      let err: unknown;
      try {
        const q = target.vendor.parseStatisticsQuery(target.badStatistics);
        await driver.startStatistics('node-s', q).started;
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof CcError, 'refused');
      if (err.code === 'BAD_PARAMS') assert.equal(target.requestCount(), before, 'sent although invalid');
      else assert.equal(err.code, 'REFUSED');
    });

    it('typed errors: an unknown operation is BAD_PARAMS, a request while stopped NOT_CONNECTED or CLOSED', async () => {
      assert.throws(() => target.vendor.resolveOperation('request', 'no-such-operation'), (e) => !!assertTypedError(e, 'BAD_PARAMS'));
      await assert.rejects(driver.request(target.agentRequest.operation, target.agentRequest.params), (e: unknown) =>
        e instanceof CcError && (e.code === 'NOT_CONNECTED' || e.code === 'CLOSED'),
      );
    });

    it('entity names: the agents list has labels, and entityName knows them afterwards', async () => {
      driver.start();
      await connected(driver);
      const agents = await driver.listEntities('agents');
      assert.ok(agents.length > 0);
      const agent = agents.find((a) => a.id === target.agentId) ?? agents[0];
      assert.ok(agent.label.length > 0);
      assert.ok(driver.entityName('agents', agent.id), 'entityName after listEntities');
      await assert.rejects(driver.listEntities('no-such-kind'), (e: unknown) => !!assertTypedError(e, 'UNSUPPORTED'));
    });
  });
}
