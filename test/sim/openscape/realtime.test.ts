import assert from 'node:assert/strict';
import { QUERY_TYPES, type OpenScapeSimulator } from '../../../src/sim/openscape';
import { call, registerAndLogon, startSim, startWebhook, type Webhook } from './helpers';

describe('OpenScape simulator: real-time statistics (guide 4.9)', () => {
  let sim: OpenScapeSimulator;
  let hook: Webhook;
  let token: string;

  beforeEach(async () => {
    sim = await startSim({ realtimeIntervalMs: 100 });
    hook = await startWebhook();
    token = await registerAndLogon(sim, hook.url);
  });
  afterEach(async () => {
    await sim.stop();
    await hook.close();
  });

  const start = (body: Record<string, unknown>, as = token) => call(sim, 'POST', 'realtime/startquery', body, as);

  it('starts each of the 13 query types and posts its statistics event carrying the queryId', async () => {
    const keys: Record<string, number[]> = { USER: [1, 2], QUEUE: [1], GROUP: [1], AGGREGATE: [1], CONTACT: [1], CALLBACK: [2] };
    for (const [queryType, info] of Object.entries(QUERY_TYPES)) {
      const keyList = keys[queryType.split('_')[0]];
      const reply = await start({ queryType, keyList, ...(info.cumulative ? { fromTime: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z') } : {}) });
      assert.equal(reply.body.errorCode, 'NO_ERROR', `${queryType}: ${JSON.stringify(reply.body)}`);
      const queryId = reply.body.queryId as number;
      assert.ok(Number.isInteger(queryId) && queryId > 0);
      const event = await hook.waitFor((item) => item.data.realm === 'REALTIME' && (item.data.data as { queryId: number }).queryId === queryId);
      assert.equal(event.data.type, info.event);
      assert.ok(Array.isArray((event.data.data as { elements: unknown[] }).elements));
    }
    assert.equal(sim.queries().length, 13);
  });

  it('reports elements per key, with the guide example’s attribute names', async () => {
    const queue = await start({ queryType: 'QUEUE_REALTIME', keyList: [1, 1, 999] });
    const event = await hook.waitFor((item) => (item.data.data as { queryId: number }).queryId === queue.body.queryId);
    const elements = (event.data.data as { elements: Array<Record<string, unknown>> }).elements;
    assert.equal(elements.length, 1, 'duplicate keys count once, unknown keys are left out');
    for (const name of ['abandonedRate', 'avgAbandonedWaitTime', 'avgAnsweredWaitTime', 'queuedContacts', 'overflowedContacts', 'oldestContactWaitTime', 'estimatedAnsweredWaitTime', 'estimatedServiceLevel', 'serviceLevel', 'queueKey']) {
      assert.ok(name in elements[0], name);
    }
    const cumulative = await start({ queryType: 'USER_CUMULATIVE', keyList: [1], fromTime: '2019-09-02T11:00:00+02:00' });
    const first = await hook.waitFor((item) => (item.data.data as { queryId: number }).queryId === cumulative.body.queryId);
    const intervals = (first.data.data as { elements: Array<{ timeInterval: string }> }).elements.map((element) => element.timeInterval);
    assert.ok(intervals.length > 1, 'the first cumulative event reports past intervals too');
    for (const interval of intervals) assert.match(interval, /^\d{4}-\d{2}-\d{2}T\d{2}:(00|15|30|45):00Z$/);
  });

  it('allows at most 5 queries of a type per application', async () => {
    for (let index = 0; index < 5; index++) assert.equal((await start({ queryType: 'GROUP_REALTIME', keyList: [1] })).body.errorCode, 'NO_ERROR');
    const sixth = await start({ queryType: 'GROUP_REALTIME', keyList: [1] });
    assert.equal(sixth.body.errorCode, 'REALTIME_ERROR');
    assert.equal(sixth.body.queryId, undefined);
    assert.equal((await start({ queryType: 'GROUP_CUMULATIVE', keyList: [1], fromTime: '2019-09-02T11:00:00Z' })).body.errorCode, 'NO_ERROR', 'other types are counted apart');
    const other = await registerAndLogon(sim, hook.url);
    assert.equal((await start({ queryType: 'GROUP_REALTIME', keyList: [1] }, other)).body.errorCode, 'NO_ERROR', 'other applications are counted apart');
  });

  it('takes integer key lists only and needs fromTime (ISO 8601, Z or offset) for cumulative queries', async () => {
    assert.equal((await start({ queryType: 'USER_REALTIME', keyList: ['*'] })).body.errorCode, 'WRONG_API_REQUEST');
    assert.equal((await start({ queryType: 'USER_REALTIME', keyList: '*' })).body.errorCode, 'WRONG_API_REQUEST');
    assert.equal((await start({ queryType: 'USER_REALTIME', keyList: ['3'] })).body.errorCode, 'WRONG_API_REQUEST');
    assert.equal((await start({ queryType: 'USER_REALTIME', keyList: [] })).body.errorCode, 'EMPTY_PARAMETER');
    assert.equal((await start({ queryType: 'USER_REALTIME' })).body.errorCode, 'EMPTY_PARAMETER');
    assert.equal((await start({ queryType: 'USER_EVERYTHING', keyList: [1] })).body.errorCode, 'WRONG_API_REQUEST');
    assert.equal((await start({ queryType: 'QUEUE_CUMULATIVE', keyList: [1] })).body.errorCode, 'EMPTY_PARAMETER');
    for (const fromTime of ['2019-09-02 11:00:00', '2019-09-02T11:00:00.000Z', '2019-13-02T11:00:00Z', '02/09/2019', '2019-09-02T11:00:00+0200']) {
      assert.equal((await start({ queryType: 'QUEUE_CUMULATIVE', keyList: [1], fromTime })).body.errorCode, 'WRONG_DATE_FORMAT', fromTime);
    }
    for (const fromTime of ['2019-09-02T11:00:00Z', '2019-09-02T11:00:00-03:00']) {
      assert.equal((await start({ queryType: 'QUEUE_CUMULATIVE', keyList: [1], fromTime })).body.errorCode, 'NO_ERROR', fromTime);
    }
    assert.equal((await start({ queryType: 'QUEUE_REALTIME', keyList: [1], fromTime: 'ignored for realtime' })).body.errorCode, 'NO_ERROR');
  });

  it('stops a query (and answers the guide’s "not a valid listener" details for foreign or unknown ids)', async () => {
    const started = await start({ queryType: 'AGGREGATE_REALTIME', keyList: [1] });
    const queryId = started.body.queryId as number;
    const other = await registerAndLogon(sim, hook.url);
    const foreign = await call(sim, 'POST', 'realtime/stopquery', { queryId }, other);
    assert.equal(foreign.body.errorCode, 'NO_ERROR');
    assert.equal(foreign.body.errorDetails, `StopRealTimeQuery - Application is not a valid listener for queryId [${queryId}]`);
    assert.equal(sim.queries().length, 1);
    assert.deepEqual((await call(sim, 'POST', 'realtime/stopquery', { queryId }, token)).body, { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' });
    assert.equal(sim.queries().length, 0);
    const restarted = await start({ queryType: 'AGGREGATE_REALTIME', keyList: [1] });
    assert.notEqual(restarted.body.queryId, queryId, 'a new StartQuery returns a new queryId');
  });

  it('ends the queries of an application when it unregisters or its session expires', async () => {
    await start({ queryType: 'USER_REALTIME', keyList: [1] });
    const other = await registerAndLogon(sim, hook.url);
    await start({ queryType: 'USER_REALTIME', keyList: [1] }, other);
    assert.equal(sim.queries().length, 2);
    await call(sim, 'POST', 'v2/main/unregisterApplication', undefined, other);
    assert.deepEqual(sim.queries().map((query) => query.appId), ['app1']);
    sim.expireSessions();
    assert.equal(sim.queries().length, 0);
  });
});
