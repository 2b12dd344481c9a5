import { strict as assert } from 'node:assert';
import type { CcEvent, CcWarning, StateChange } from '../../src/core/types';
import { CcError } from '../../src/core/types';
import { OpenScapeClient, OpenScapeServerError } from '../../src/openscape';
import { FakeOscc } from './helpers/fake-server';
import { rig, untilState } from './helpers/setup';
import type { Rig } from './helpers/setup';
import { collect, waitFor } from './helpers/wait';

describe('openscape client against a fake server', function () {
  this.timeout(8000);
  let fake: FakeOscc;
  let r: Rig | undefined;

  beforeEach(async () => {
    fake = new FakeOscc();
    await fake.start();
  });

  afterEach(async () => {
    await r?.close();
    r = undefined;
    await fake.stop();
  });

  it('registers, logs on, reaches connected and keeps the session alive', async () => {
    r = await rig(fake.baseUrl, { keepAliveMs: 30 });
    const states = collect<StateChange>(r.client, 'state');
    r.client.start();
    await untilState(r.client, 'connected');
    assert.deepEqual(states.map((s) => s.state), ['connecting', 'authenticating', 'authenticating', 'connected']);
    const [register, logon] = fake.requests;
    assert.equal(register.path, 'main/registerApplication');
    assert.equal(register.authorization, undefined);
    assert.deepEqual(register.body, {
      webhookURL: r.receiver.url,
      webhookAPIVersion: 'V2',
      application: { name: 'demo', token: 'demo' },
    });
    assert.equal(logon.path, 'main/logon');
    assert.deepEqual(logon.body, { agentKey: 3, password: 'p' });
    const token = [...fake.sessions][0];
    assert.equal(logon.authorization, token, 'session token bare in Authorization, no Bearer');
    // The keepalive answer has errorCode 0 (a number): still success, still connected.
    const ka = await fake.nextRequest('main/keepalive');
    assert.equal(ka.authorization, token);
    await fake.nextRequest('main/keepalive');
    assert.equal(r.client.state, 'connected');
  });

  it('registers with webhookAPIVersion V1 and the business unit when configured, and runs without logon', async () => {
    r = await rig(fake.baseUrl, { webhookApiVersion: 'V1', busUnitName: 'Company1', agentKey: undefined });
    r.client.start();
    await untilState(r.client, 'connected');
    assert.deepEqual(fake.requests[0].body, {
      webhookURL: r.receiver.url,
      webhookAPIVersion: 'V1',
      application: { name: 'demo', token: 'demo', busUnitName: 'Company1' },
    });
    assert.equal(fake.count('main/logon'), 0);
    const users = await r.client.request('admin.GetUsers', {});
    assert.ok(users);
  });

  it('says auth-failed with the server words for a wrong client token and backs off', async () => {
    r = await rig(fake.baseUrl, { clientToken: 'wrong', backoff: { initialMs: 40, maxMs: 80 } });
    const failures: StateChange[] = [];
    r.client.on('state', (s: StateChange) => s.state === 'auth-failed' && failures.push(s));
    r.client.start();
    const first = await untilState(r.client, 'auth-failed');
    assert.match(first.detail ?? '', /CLIENT_TOKEN_NOT_FOUND: Client token not found/);
    assert.doesNotMatch(first.detail ?? '', /wrong/, 'the token itself is never shown');
    assert.ok((first.retryInMs ?? 0) > 0);
    const started = Date.now();
    await waitFor<StateChange>(r.client, 'state', (s) => s.state === 'auth-failed' && (s.attempt ?? 0) >= 3);
    // Three attempts took at least the two backoff delays between them (>= 40*0.7 + 80*0.7 ms).
    assert.ok(Date.now() - started >= 60, `retried too fast: ${Date.now() - started} ms`);
    assert.ok(fake.count('main/registerApplication') <= 4, 'no tight loop');
    assert.ok(failures.every((f) => (f.retryInMs ?? 0) <= 80));
  });

  it('says auth-failed when the logon is refused and leaves no registration behind', async () => {
    r = await rig(fake.baseUrl, { agentPassword: 'bad' });
    r.client.start();
    const s = await untilState(r.client, 'auth-failed');
    assert.match(s.detail ?? '', /Logon of agent 3 refused: ADMIN_INVALID_CREDENTIALS_TO_LOGON/);
    assert.doesNotMatch(s.detail ?? '', /bad/);
    assert.ok(fake.paths().includes('v2/main/unregisterApplication'));
  });

  it('says auth-failed for an agentKey that is not an integer, without sending it', async () => {
    r = await rig(fake.baseUrl, { agentKey: Number('three') });
    r.client.start();
    const s = await untilState(r.client, 'auth-failed');
    assert.equal(s.detail, 'agentKey must be an integer (the user key of main/logon), got NaN');
    assert.equal(fake.count('main/logon'), 0);
  });

  it('says disconnected with retryInMs while the server is down, then connects', async () => {
    fake.setDown(true);
    r = await rig(fake.baseUrl);
    r.client.start();
    const s = await untilState(r.client, 'disconnected');
    assert.ok((s.retryInMs ?? 0) > 0);
    assert.match(s.detail ?? '', /reset|refused|network/);
    fake.setDown(false);
    await untilState(r.client, 'connected');
  });

  it('goes disconnected at once when a request finds the server gone, and resumes the session', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    fake.setDown(true);
    await assert.rejects(r.client.request('telephony.Dial', { from: '1', to: '2' }), { code: 'HTTP_ERROR', message: /reset/ });
    assert.equal(r.client.state, 'disconnected');
    fake.setDown(false);
    const up = await untilState(r.client, 'connected');
    assert.equal(up.detail, 'session resumed');
    assert.equal(fake.count('main/registerApplication'), 1);
  });

  it('says disconnected with "connection refused" when nothing listens', async () => {
    const port = fake.port;
    await fake.stop();
    r = await rig(`http://127.0.0.1:${port}`);
    r.client.start();
    const s = await untilState(r.client, 'disconnected');
    assert.match(s.detail ?? '', /connection refused by http:\/\/127\.0\.0\.1/);
    fake = new FakeOscc();
    await fake.start();
  });

  it('says where it looked when the base URL has no REST SDK', async () => {
    r = await rig(`${fake.baseUrl}/wrong`);
    r.client.start();
    const s = await untilState(r.client, 'disconnected');
    assert.equal(s.detail, `no REST SDK at ${fake.baseUrl}/wrong/restsdk/webapi/main/registerApplication (HTTP 404): check baseUrl`);
  });

  it('listens through subscribe and delivers events POSTed to the webhook', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    const res = await r.client.subscribe('node1', { type: 'TELEPHONY', entities: ['554181015002'] });
    assert.equal(res.status, 'ok');
    assert.equal(res.code, 'NO_ERROR');
    await r.client.subscribe('node1', { type: 'PRESENCE', entities: ['3'] });
    await r.client.subscribe('node2', { type: 'ADMINISTRATION', entities: [] });
    assert.deepEqual([...fake.listens].sort(), ['ADMINISTRATION:', 'PRESENCE:3', 'TELEPHONY:554181015002']);
    const presence = fake.requests.find((q) => q.path === 'presence/startlistenforevents');
    assert.deepEqual(presence?.body, { resource: 3 }, 'presence resource as an integer, as in the guide');

    const got = waitFor<CcEvent>(r.client, 'event');
    const data = { resource: '554181015002', uniqueCallId: '1501535040072742', lcsType: 'ALERTING' };
    assert.equal(await fake.postEvent('TELEPHONY', 'DELIVERED_EVENT', data), 204);
    const ev = await got;
    assert.equal(ev.protocol, 'openscape');
    assert.equal(ev.family, 'contact');
    assert.equal(ev.type, 'DELIVERED_EVENT');
    assert.equal(ev.realm, 'TELEPHONY');
    assert.deepEqual(ev.payload, data);
    assert.ok(ev.keys.includes('extension:554181015002') && ev.keys.includes('call:1501535040072742'));
  });

  it('sends subscriptions made before start once connected, and restores listens requested by name', async () => {
    r = await rig(fake.baseUrl);
    const early = await r.client.subscribe('node1', { type: 'presence', entities: [] });
    assert.equal(early.status, 'ok');
    assert.match(early.text ?? '', /sent when connected/);
    r.client.start();
    await untilState(r.client, 'connected');
    assert.deepEqual([...fake.listens], ['PRESENCE:*']);
    await r.client.request('callback.StartListenForEvents', { resource: '3' });
    assert.deepEqual(r.client.listSubscriptions(), [
      { type: 'PRESENCE', entities: ['*'] },
      { type: 'CALLBACK', entities: ['3'] },
    ]);
    fake.expireSessions();
    await r.client.request('admin.GetUsers', {});
    assert.deepEqual([...fake.listens].sort(), ['CALLBACK:3', 'PRESENCE:*']);
    await r.client.request('callback.StopListenForEvents', { resource: '3' });
    assert.equal(fake.paths().pop(), 'callback/stoplifenforevents');
    assert.deepEqual([...fake.listens], ['PRESENCE:*']);
  });

  it('takes a batch body apart and passes unknown bodies on with a warning', () => {
    const client = new OpenScapeClient({ baseUrl: fake.baseUrl, clientName: 'demo', clientToken: 'demo', webhookUrl: 'http://127.0.0.1:1/x' });
    const events = collect<CcEvent>(client, 'event');
    const warnings = collect<CcWarning>(client, 'warning');
    client.handleWebhookBody([
      { type: 'EVENT', data: { realm: 'ROUTING', type: 'ENQUEUE_CALL_EVENT', data: { uniqueCallId: 'c1', queueKey: 1 } } },
      { type: 'EVENT', data: { realm: 'CALLBACK', type: 'NEW_CALLBACKS_LIST_EVENT', data: {} } },
    ]);
    client.handleWebhookBody('hello');
    assert.deepEqual(events.map((e) => [e.family, e.type]), [
      ['contact', 'ENQUEUE_CALL_EVENT'],
      ['contact', 'NEW_CALLBACKS_LIST_EVENT'],
      ['other', 'UNKNOWN'],
    ]);
    assert.deepEqual(events[0].keys.sort(), ['call:c1', 'queue:1']);
    assert.deepEqual(warnings.map((w) => w.code), ['UNRECOGNISED_WEBHOOK_BODY']);
  });

  it('counts subscribers and stops listening when the last one leaves', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('a', { type: 'TELEPHONY', entities: ['4711'] });
    await r.client.subscribe('b', { type: 'TELEPHONY', entities: ['4711'] });
    assert.equal(fake.count('telephony/startlistenforevents'), 1);
    await r.client.unsubscribe('a', { type: 'TELEPHONY', entities: ['4711'] });
    assert.equal(fake.listens.has('TELEPHONY:4711'), true);
    await r.client.releaseOwner('b');
    assert.equal(fake.listens.has('TELEPHONY:4711'), false);
    assert.deepEqual(r.client.listSubscriptions(), []);
  });

  it('after a lost session registers again, restores listens and queries, maps the new queryId, retries the request', async () => {
    r = await rig(fake.baseUrl);
    const warnings = collect<CcWarning>(r.client, 'warning');
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('n', { type: 'TELEPHONY', entities: ['*'] });
    await r.client.subscribe('n', { type: 'PRESENCE', entities: ['3'] });
    const started = (await r.client.request('realtime.StartQuery', { queryType: 'USER_REALTIME', keyList: [3] })) as {
      queryId: number;
      handle: string;
    };
    assert.equal(started.queryId, 26);
    assert.equal(typeof started.handle, 'string');

    fake.expireSessions();
    const answer = await r.client.request('telephony.Dial', { from: '4711', to: '4712' });
    assert.deepEqual(answer, { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' });
    assert.equal(r.client.state, 'connected');
    assert.equal(fake.count('main/registerApplication'), 2);
    assert.equal(fake.count('main/logon'), 2);
    assert.deepEqual([...fake.listens].sort(), ['PRESENCE:3', 'TELEPHONY:*']);
    assert.deepEqual([...fake.queries.keys()], [27]);
    assert.equal(fake.count('telephony/dial'), 2, 'the failed request was sent once more');
    const restarted = warnings.find((w) => w.code === 'QUERY_RESTARTED');
    assert.deepEqual(restarted?.detail, { handle: started.handle, oldQueryId: 26, newQueryId: 27 });

    // Statistics of the new query carry both the new queryId and the stable handle.
    const got = waitFor<CcEvent>(r.client, 'event');
    await fake.postEvent('REALTIME', 'USER_REALTIME_EVENT', { queryId: 27, elements: [{ userKey: 3 }] });
    const ev = await got;
    assert.equal(ev.family, 'statistics');
    assert.ok(ev.keys.includes('query:27'));
    assert.ok(ev.keys.includes(`queryHandle:${started.handle}`));

    // Stopping by handle stops the current queryId.
    await r.client.request('realtime.StopQuery', { handle: started.handle });
    assert.deepEqual((fake.requests.filter((q) => q.path === 'realtime/stopquery').pop() ?? {}).body, { queryId: 27 });
    assert.equal(fake.queries.size, 0);
  });

  it('renews a lost session once for many requests that noticed it together', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    fake.expireSessions();
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => r!.client.request('telephony.Dial', { from: String(i), to: '1' })),
    );
    assert.equal(answers.length, 5);
    assert.equal(fake.count('main/registerApplication'), 2);
    assert.equal(fake.sessions.size, 1);
  });

  it('holds statistics that arrive before the StartQuery answer until the caller knows its handle', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    fake.overrides.set('realtime/startquery', async () => {
      // The first cumulative statistics reach the webhook before the answer reaches the client.
      await fake.postEvent('REALTIME', 'USER_CUMULATIVE_EVENT', { queryId: 99, elements: [{ userKey: 3 }] });
      await new Promise((resolve) => setImmediate(resolve));
      return { body: { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR', queryId: 99 } };
    });
    const client = r.client;
    // As cc-realtime does: the filter on the handle is installed when the answer is in.
    const received = await client
      .request('realtime.StartQuery', { queryType: 'USER_CUMULATIVE', keyList: [3], fromTime: '2019-09-02T11:00:00Z' })
      .then((answer) => {
        const handle = (answer as { handle: string }).handle;
        return waitFor<CcEvent>(client, 'event', (e) => e.keys.includes(`queryHandle:${handle}`), 1000);
      });
    assert.equal(received.type, 'USER_CUMULATIVE_EVENT');
    assert.ok(received.keys.includes('query:99'));
  });

  it('treats HTTP 401 as a lost session too', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    let once = true;
    fake.overrides.set('admin/users', () => {
      if (!once) return { body: { errorCode: 'NO_ERROR', users: [] } };
      once = false;
      return { status: 401, body: undefined };
    });
    const answer = await r.client.request('admin.GetUsers', {});
    assert.deepEqual(answer, { errorCode: 'NO_ERROR', users: [] });
    assert.equal(fake.count('main/registerApplication'), 2);
  });

  it('re-registers when the keepalive says the session is gone', async () => {
    r = await rig(fake.baseUrl, { keepAliveMs: 30 });
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('n', { type: 'ROUTING', entities: [] });
    fake.expireSessions();
    await waitFor<CcWarning>(r.client, 'warning', (w) => w.code === 'SESSION_LOST');
    await untilState(r.client, 'connected');
    await waitFor(fake, 'request', () => fake.listens.has('ROUTING:'));
    assert.equal(fake.count('main/registerApplication'), 2);
  });

  it('tries the printed spelling after a 404 of the regular one and remembers it', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.subscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    await r.client.unsubscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    assert.deepEqual(fake.paths().slice(-2), ['telephony/stoplistenforevents', 'telephony/stoplisterforevents']);
    assert.equal(fake.listens.size, 0);
    await r.client.subscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    await r.client.unsubscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    assert.equal(fake.paths().pop(), 'telephony/stoplisterforevents', 'the regular path is not tried again');
    assert.equal(fake.count('telephony/stoplistenforevents'), 1);
    const reasons = await r.client.request('admin.GetCallbackRetryReasons', {});
    assert.deepEqual(reasons, { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR', reasons: [] });
    assert.deepEqual(fake.paths().slice(-2), ['admin/callbackretryreasons', 'admin/ callbackretryreasons']);
  });

  it('sends the regular spelling first, so that a 401 of the printed path is never read as a lost session', async () => {
    await fake.stop();
    fake = new FakeOscc({ urlSpelling: 'regular' });
    await fake.start();
    // A server that answers an unknown (printed) path with 401, as an authentication filter in front would.
    fake.overrides.set('admin/ callbackretryreasons', () => ({ status: 401, body: undefined }));
    fake.overrides.set('telephony/stoplisterforevents', () => ({ status: 401, body: undefined }));
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.request('admin.GetCallbackRetryReasons', {});
    await r.client.subscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    await r.client.unsubscribe('n', { type: 'TELEPHONY', entities: ['4711'] });
    assert.equal(fake.count('admin/ callbackretryreasons'), 0);
    assert.equal(fake.count('telephony/stoplisterforevents'), 0);
    assert.equal(fake.count('main/registerApplication'), 1, 'no session renewal');
  });

  it('resolves with the answer on success and rejects with the errorCode otherwise', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    const presence = await r.client.request('presence.SetRoutingState', { state: 'AVAILABLE', agentKey: 3 });
    assert.deepEqual(presence, { errorCode: 'PRESENCE_ACTION_SUCCEED', errorDetails: '' });
    fake.overrides.set('telephony/dial', () => ({ body: { errorCode: 'TELEPHONY_INVALID_EXTENSION', errorDetails: 'Invalid extension 99' } }));
    await assert.rejects(r.client.request('Dial', { from: '99', to: '1' }), (e: OpenScapeServerError) => {
      assert.ok(e instanceof CcError);
      assert.equal(e.code, 'REFUSED');
      assert.deepEqual(e.outcome, {
        status: 'refused',
        code: 'TELEPHONY_INVALID_EXTENSION',
        text: 'Invalid extension 99',
        answer: { errorCode: 'TELEPHONY_INVALID_EXTENSION', errorDetails: 'Invalid extension 99' },
      });
      assert.equal(e.errorCode, 'TELEPHONY_INVALID_EXTENSION');
      assert.equal(e.errorDetails, 'Invalid extension 99');
      assert.equal(e.message, 'telephony.Dial refused: TELEPHONY_INVALID_EXTENSION: Invalid extension 99');
      assert.deepEqual(e.answer, { errorCode: 'TELEPHONY_INVALID_EXTENSION', errorDetails: 'Invalid extension 99' });
      return true;
    });
    fake.overrides.set('telephony/dial', () => ({ status: 500, body: undefined }));
    await assert.rejects(r.client.request('telephony.Dial', { from: '99', to: '1' }), { code: 'HTTP_ERROR', message: 'telephony.Dial failed with HTTP 500' });
  });

  it('refuses bad parameters before sending anything', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    const before = fake.requests.length;
    await assert.rejects(r.client.request('telephony.Logon', { agentKey: '3', extension: '4711' }), {
      code: 'BAD_PARAMS',
      message: 'telephony.Logon: "agentKey" must be an integer, got the string "3"',
    });
    await assert.rejects(r.client.request('Logon', {}), { code: 'BAD_PARAMS', message: /ambiguous/ });
    await assert.rejects(r.client.request('main.RegisterApplication', {}), { code: 'UNSUPPORTED' });
    await assert.rejects(r.client.subscribe('n', { type: 'REALTIME', entities: [] }), { code: 'BAD_PARAMS', message: /realtime.StartQuery/ });
    assert.equal(fake.requests.length, before);
  });

  it('refuses a base URL that is not http(s) and takes defaults for empty settings', async () => {
    const base = { clientName: 'demo', clientToken: 'demo', webhookUrl: 'http://127.0.0.1:1/cc-webhook/x' };
    assert.throws(() => new OpenScapeClient({ ...base, baseUrl: 'ftp://oscc' }), { code: 'BAD_PARAMS', message: /http:\/\/ or https:\/\// });
    assert.throws(() => new OpenScapeClient({ ...base, baseUrl: 'oscc:8443' }), { code: 'BAD_PARAMS' });
    r = await rig(`${fake.baseUrl}/`, { requestTimeoutMs: undefined, keepAliveMs: Number.NaN, backoff: undefined });
    r.client.start();
    await untilState(r.client, 'connected');
  });

  it('refuses requests while not connected', async () => {
    r = await rig(fake.baseUrl, { clientToken: 'wrong' });
    await assert.rejects(r.client.request('telephony.Dial', { from: '1', to: '2' }), { code: 'NOT_CONNECTED' });
    r.client.start();
    await untilState(r.client, 'auth-failed');
    await assert.rejects(r.client.request('telephony.Dial', { from: '1', to: '2' }), { code: 'NOT_CONNECTED', message: /auth-failed/ });
    await assert.rejects(r.client.request('telephony.StartListenForEvents', { resource: '*' }), { code: 'NOT_CONNECTED' });
    assert.deepEqual(r.client.listSubscriptions(), []);
  });

  it('stop() during the logon leaves no registration behind', async () => {
    fake.overrides.set('main/logon', () => ({ hang: true, body: undefined }));
    r = await rig(fake.baseUrl);
    const logon = fake.nextRequest('main/logon');
    r.client.start();
    await logon;
    assert.equal(fake.sessions.size, 1);
    await r.client.stop();
    assert.equal(fake.sessions.size, 0);
    assert.equal(r.client.state, 'stopped');
    assert.equal(fake.count('v2/main/unregisterApplication'), 1);
  });

  it('stop() stops queries, unregisters, rejects pending requests with CLOSED', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    await untilState(r.client, 'connected');
    await r.client.request('realtime.StartQuery', { queryType: 'QUEUE_REALTIME', keyList: [1, 2] });
    fake.overrides.set('telephony/dial', () => ({ hang: true, body: undefined }));
    const pending = r.client.request('telephony.Dial', { from: '1', to: '2' });
    await fake.nextRequest('telephony/dial');
    const stopping = r.client.stop();
    await assert.rejects(pending, { code: 'CLOSED' });
    await stopping;
    assert.equal(r.client.state, 'stopped');
    assert.equal(fake.queries.size, 0);
    assert.ok(fake.paths().includes('realtime/stopquery'));
    assert.equal(fake.paths().pop(), 'v2/main/unregisterApplication');
    assert.equal(fake.sessions.size, 0);
  });
});
