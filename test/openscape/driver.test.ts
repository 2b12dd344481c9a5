/**
 * The OpenScape client on the driver contract, against the fake server: listen outcomes (ok,
 * partial, refused), realtime statistics by owner (handle known before the answer, the guide's
 * limit of five per type, a failed StopQuery), entity lists and names, and the ordered goodbye.
 */
import { strict as assert } from 'node:assert';
import type { CcEvent } from '../../src/core/types';
import { CcError } from '../../src/core/errors';
import { FakeOscc } from './helpers/fake-server';
import { rig, untilState } from './helpers/setup';
import type { Rig } from './helpers/setup';
import { waitFor } from './helpers/wait';

const QUERY = { label: 'QUEUE_REALTIME [1]', params: { queryType: 'QUEUE_REALTIME', keyList: [1] } };

describe('openscape client on the driver contract', function () {
  this.timeout(8000);
  let fake: FakeOscc;
  let r: Rig | undefined;

  beforeEach(async () => {
    fake = new FakeOscc();
    await fake.start();
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
  });

  afterEach(async () => {
    await r?.close();
    r = undefined;
    await fake.stop();
  });

  /** PRESENCE listens refuse agent 999 with the server's code and words. */
  function refuseAgent999(): void {
    const normal = fake.overrides.get('presence/startlistenforevents');
    fake.overrides.set('presence/startlistenforevents', (req) => {
      if ((req.body as { resource?: unknown }).resource === 999) return { body: { errorCode: 'PRESENCE_INVALID_AGENT', errorDetails: 'Unknown agent 999' } };
      fake.listens.add(`PRESENCE:${String((req.body as { resource?: unknown }).resource)}`);
      return normal ? normal(req) : { body: { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' } };
    });
  }

  it('subscribe: some resources refused -> partial with the refused ones missing', async () => {
    refuseAgent999();
    const outcome = await r!.client.subscribe('n', { type: 'PRESENCE', entities: ['3', '999'] });
    assert.equal(outcome.status, 'partial');
    assert.deepEqual(outcome.missing, ['999']);
    assert.equal(outcome.code, 'PRESENCE_INVALID_AGENT');
    assert.equal(outcome.text, 'Unknown agent 999');
    assert.deepEqual(r!.client.listSubscriptions(), [{ type: 'PRESENCE', entities: ['3'] }]);
  });

  it('subscribe: every resource refused -> REFUSED with the outcome, nothing kept', async () => {
    refuseAgent999();
    await assert.rejects(r!.client.subscribe('n', { type: 'PRESENCE', entities: ['999'] }), (e: CcError) => {
      assert.equal(e.code, 'REFUSED');
      assert.match(e.message, /PRESENCE_INVALID_AGENT: Unknown agent 999/);
      assert.equal(e.outcome?.status, 'refused');
      assert.deepEqual(e.outcome?.missing, ['999']);
      return true;
    });
    assert.deepEqual(r!.client.listSubscriptions(), []);
  });

  it('startStatistics: the filter is known before the answer and routes the query events', async () => {
    const { filter, started } = r!.client.startStatistics('rt-node', QUERY);
    assert.equal(filter.keys?.length, 1);
    const key = filter.keys![0];
    assert.match(key, /^queryHandle:/);
    const outcome = await started;
    assert.equal(outcome.status, 'ok');
    const queryId = (outcome.answer as { queryId: number }).queryId;
    const got = waitFor<CcEvent>(r!.client, 'event', (e) => e.keys.includes(key));
    await fake.postEvent('REALTIME', 'QUEUE_REALTIME_EVENT', { queryId, elements: [{ queueKey: 1 }] });
    await got;
    const stopped = await r!.client.stopStatistics('rt-node');
    assert.equal(stopped?.status, 'ok');
    assert.equal(fake.queries.size, 0);
  });

  it('startStatistics: a sixth query of one type is LIMIT before any request', async () => {
    for (let i = 0; i < 5; i++) await r!.client.startStatistics(`n${i}`, QUERY).started;
    const before = fake.requests.length;
    await assert.rejects(r!.client.startStatistics('n5', QUERY).started, { code: 'LIMIT', message: /at most 5 realtime queries of type QUEUE_REALTIME/ });
    await assert.rejects(r!.client.request('realtime.StartQuery', QUERY.params), { code: 'LIMIT' });
    assert.equal(fake.requests.length, before);
    // Replacing the query of an owner that holds one is no sixth.
    assert.equal((await r!.client.startStatistics('n0', QUERY).started).status, 'ok');
  });

  it('stopStatistics: NO_ERROR with words of failure is REFUSED and the query is kept', async () => {
    await r!.client.startStatistics('rt-node', QUERY).started;
    fake.overrides.set('realtime/stopquery', () => ({ body: { errorCode: 'NO_ERROR', errorDetails: 'StopRealTimeQuery - Application is not a valid listener for queryId [26]' } }));
    await assert.rejects(r!.client.stopStatistics('rt-node'), (e: CcError) => {
      assert.equal(e.code, 'REFUSED');
      assert.match(e.message, /not a valid listener/);
      return true;
    });
    assert.equal(r!.client.listQueries().length, 1);
    await assert.rejects(r!.client.request('realtime.StopQuery', { queryId: 26 }), { code: 'REFUSED' });
  });

  it('startStatistics: a refused StartQuery rejects REFUSED and keeps nothing', async () => {
    fake.overrides.set('realtime/startquery', () => ({ body: { errorCode: 'REALTIME_INVALID_KEY', errorDetails: 'No queue 1' } }));
    await assert.rejects(r!.client.startStatistics('rt-node', QUERY).started, (e: CcError) => e.code === 'REFUSED' && e.outcome?.code === 'REALTIME_INVALID_KEY');
    assert.deepEqual(r!.client.listQueries(), []);
  });

  it('listEntities: options with labels, entityName from them, UNSUPPORTED for other kinds', async () => {
    assert.equal(r!.client.entityName('agents', '3'), undefined);
    assert.deepEqual(await r!.client.listEntities('agents'), [{ id: '3', label: 'UserA' }]);
    assert.equal(r!.client.entityName('agents', '3'), 'UserA');
    assert.equal(r!.client.entityName('users', '3'), 'UserA', 'the same list under its OpenScape name');
    await assert.rejects(r!.client.listEntities('dnis'), { code: 'UNSUPPORTED' });
  });

  it('stop: queries, then listens, then unregister; then nothing, no timer', async () => {
    await r!.client.subscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    await r!.client.subscribe('n', { type: 'ROUTING', entities: [] });
    await r!.client.startStatistics('rt-node', QUERY).started;
    const from = fake.requests.length;
    await r!.client.stop();
    const goodbye = fake.paths().slice(from);
    assert.equal(goodbye[0], 'realtime/stopquery');
    // The listens are stopped side by side (the printed TELEPHONY path after the 404 of the regular one).
    assert.deepEqual(goodbye.slice(1, -1).sort(), ['routing/stoplistenforevents', 'telephony/stoplistenforevents', 'telephony/stoplisterforevents']);
    assert.equal(goodbye[goodbye.length - 1], 'v2/main/unregisterApplication');
    assert.equal(r!.client.activeTimers, 0);
    assert.equal(fake.sessions.size, 0);
    await assert.rejects(r!.client.subscribe('n', { type: 'ROUTING', entities: [] }), { code: 'CLOSED' });
    r!.client.start();
    assert.equal(r!.client.state, 'stopped', 'stop is final');
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(fake.requests.length, from + goodbye.length);
  });
});
