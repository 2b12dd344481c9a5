import assert from 'assert/strict';
import { createHash } from 'crypto';
import { MitelClient, SUBSCRIPTION_TYPES, type MitelClientOptions } from '../../src/mitel';
import type { CcEvent, CcWarning, StateChange } from '../../src/core/types';
import { CcError } from '../../src/core/types';
import { FeedServer, nextEmit, type Msg } from './helpers/feed-server';
import { activeResources, settledGrowth } from '../helpers/resources';

const md5hex = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

describe('MitelClient against a scripted feed server', function () {
  this.timeout(10000);
  let server: FeedServer;
  let client: MitelClient | undefined;

  function makeClient(extra: Partial<MitelClientOptions> = {}): MitelClient {
    client = new MitelClient({
      host: '127.0.0.1',
      port: server.port,
      user: 'demo',
      password: 'secret',
      requestTimeoutMs: 2000,
      backoff: { initialMs: 20, maxMs: 200 },
      ...extra,
    });
    return client;
  }

  async function connected(c: MitelClient): Promise<void> {
    const up = c.state === 'connected' ? Promise.resolve() : nextEmit<StateChange>(c, 'state', (s) => s.state === 'connected');
    c.start();
    await up;
  }

  beforeEach(async () => {
    server = new FeedServer({ user: 'demo', password: 'secret' });
    await server.start();
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await server.stop();
  });

  it('authenticates with the lowercase MD5 hex of the password and goes connecting -> authenticating -> connected', async () => {
    const c = makeClient({ password: 'Pässwort' });
    const states: string[] = [];
    c.on('state', (s: StateChange) => states.push(s.state));
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'authenticate') return false;
      conn.authenticated = true;
      conn.answer({ version: 1, topic: 'contact-center', 'request-id': req['request-id'], message: 'authenticate', result: 0 });
      return true;
    };
    await connected(c);
    const auth = server.requests[0];
    assert.equal(auth['message'], 'authenticate');
    assert.equal(auth['user'], 'demo');
    assert.equal(auth['password'], md5hex('Pässwort'));
    assert.match(String(auth['password']), /^[0-9a-f]{32}$/);
    assert.equal(auth['version'], 1);
    assert.equal(auth['topic'], 'contact-center');
    assert.equal(auth['sequence'], 0);
    assert.equal(typeof auth['request-id'], 'number');
    assert.deepEqual(states, ['connecting', 'authenticating', 'connected']);
    assert.equal(JSON.stringify(c.lastState).includes('Pässwort'), false);
  });

  it('wrong password: auth-failed "authentication failed" and retries with backoff, not in a tight loop', async () => {
    const c = makeClient({ password: 'wrong', backoff: { initialMs: 50, maxMs: 400, random: () => 0.5 } });
    const failures: StateChange[] = [];
    c.on('state', (s: StateChange) => {
      if (s.state === 'auth-failed') failures.push(s);
    });
    const started = Date.now();
    c.start();
    await new Promise((r) => setTimeout(r, 700));
    const attempts = server.requests.filter((r) => r['message'] === 'authenticate').length;
    // delays 50, 100, 200, 400: at most 4-5 attempts in 700 ms
    assert.ok(attempts >= 2 && attempts <= 5, `attempts: ${attempts} in ${Date.now() - started} ms`);
    assert.ok(failures.length >= 2);
    for (const f of failures) {
      assert.equal(f.detail, 'authentication failed');
      assert.doesNotMatch(f.detail ?? '', /connection closed/);
      assert.ok((f.retryInMs ?? 0) > 0);
    }
    assert.ok((failures[1].retryInMs ?? 0) > (failures[0].retryInMs ?? 0), 'backoff grows');
    assert.equal(c.state === 'connected', false);
  });

  it('a negative authenticate answer is auth-failed with the server words', async () => {
    await server.stop();
    server = new FeedServer({ user: 'demo', password: 'secret', answerAuthFailure: true });
    await server.start();
    const c = makeClient({ password: 'nope' });
    const failed = nextEmit<StateChange>(c, 'state', (s) => s.state === 'auth-failed');
    c.start();
    const s = await failed;
    assert.equal(s.detail, 'authentication failed: invalid credentials');
  });

  it('matches answers to requests by request-id, out of order', async () => {
    const c = makeClient();
    await connected(c);
    const held: { req: Msg; answer: () => void }[] = [];
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'command') return false;
      held.push({
        req,
        answer: () =>
          conn.answer({ version: 1, topic: 'contact-center', message: 'command', 'request-id': req['request-id'], command: req['sub-request-type'], result: 0 }),
      });
      if (held.length === 2) {
        held[1].answer();
        held[0].answer();
      }
      return true;
    };
    const [a, b] = await Promise.all([
      c.request('command.resume', { 'agent-id': 1001 }),
      c.request('release', { agentId: 1002, releaseCode: 3 }),
    ]);
    assert.equal((a as Msg)['command'], 'resume');
    assert.equal((b as Msg)['command'], 'release');
    assert.equal(held[1].req['agent-id'], 1002);
    assert.equal(held[1].req['release-code'], 3);
    assert.equal(held[1].req['sub-request-type'], 'release');
    assert.ok((held[1].req['sequence'] as number) > (held[0].req['sequence'] as number));
  });

  it('an answer with request-id -1 rejects the oldest pending request of that kind', async () => {
    const c = makeClient();
    await connected(c);
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'command') return false;
      if (req['sub-request-type'] === 'hangup') {
        conn.answer({ version: 1, topic: 'contact-center', message: 'command', 'request-id': -1, result: -1, 'error-msg': 'bad json' });
      }
      return true;
    };
    const first = c.request('command.answer', { 'agent-id': 1, 'call-id': 7 });
    const second = c.request('command.hangup', { 'agent-id': 1, 'call-id': 7 }, { timeoutMs: 300 });
    await assert.rejects(first, (e: CcError) => e.code === 'REFUSED' && /request-id -1/.test(e.message) && /bad json/.test(e.message) && e.outcome?.status === 'refused' && e.outcome.text === 'bad json');
    await assert.rejects(second, (e: CcError) => e.code === 'TIMEOUT');
  });

  it('tolerates an answer without request-id (the oldest request of its message), and delivers late answers as response events', async () => {
    const c = makeClient();
    server.onRequest = (req, conn) => {
      if (req['message'] === 'authenticate') {
        conn.authenticated = true;
        conn.answer({ version: 1, topic: 'contact-center', message: 'authenticate', result: 0 });
        return true;
      }
      return false;
    };
    await connected(c);
    const late = nextEmit<CcEvent>(c, 'event');
    server.authenticated()[0].answer({ version: 1, topic: 'contact-center', message: 'command', 'request-id': 999, result: 0 });
    const e = await late;
    assert.equal(e.family, 'response');
    assert.equal(e.type, 'command');
  });

  it('rejects an unanswered request with TIMEOUT', async () => {
    const c = makeClient();
    await connected(c);
    server.onRequest = (req) => req['message'] === 'command';
    await assert.rejects(c.request('command.resume', { 'agent-id': 1 }, { timeoutMs: 100 }), (e: CcError) => {
      return e instanceof CcError && e.code === 'TIMEOUT' && /no answer to command/.test(e.message);
    });
  });

  it('validates commands and reports negative command results', async () => {
    const c = makeClient();
    await connected(c);
    await assert.rejects(c.request('command.hangup', { 'agent-id': 1 }), (e: CcError) => e.code === 'BAD_PARAMS' && /"call-id"/.test(e.message));
    await assert.rejects(c.request('command.fly', {}), (e: CcError) => e.code === 'UNSUPPORTED' && /command\.login/.test(e.message));
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'command') return false;
      conn.answer({ version: 1, topic: 'contact-center', message: 'command', 'request-id': req['request-id'], command: 'login', result: -3, 'error-msg': 'no such agent' });
      return true;
    };
    await assert.rejects(c.request('login', { 'agent-id': 9 }), (e: CcError) => {
      return e.code === 'REFUSED' && /no such agent/.test(e.message) && (e.answer as Msg)['result'] === -3 && e.outcome?.code === -3 && e.outcome.text === 'no such agent';
    });
    const login = server.requests.filter((r) => r['sub-request-type'] === 'login').pop()!;
    assert.equal(login['group-id'], 0, 'login without group goes to the primary groups');
  });

  it('subscribes for every subscription type of both tables with ["ecc", type, entities] records', async () => {
    const c = makeClient();
    await connected(c);
    for (const [type, info] of Object.entries(SUBSCRIPTION_TYPES)) {
      const entities =
        info.entityList === 'entity-kinds' ? ['agent', 'group'] : info.entityList === 'none' ? [] : info.entityList === 'ids' ? ['*', '5'] : ['*'];
      const from = server.requests.length;
      const res = await c.subscribe('node1', { type, entities });
      assert.equal(res.status, 'ok', type);
      assert.equal(res.code, 0, type);
      const req = await server.waitForRequest((r) => r['message'] === 'subscribe-events', from);
      assert.deepEqual(req['subscribe'], [['ecc', type, entities]], type);
    }
    assert.equal(c.listSubscriptions().length, Object.keys(SUBSCRIPTION_TYPES).length);
  });

  it('refuses invalid subscriptions before sending', async () => {
    const c = makeClient();
    await connected(c);
    const before = server.requests.length;
    await assert.rejects(c.subscribe('n', { type: 'agent-need-help', entities: ['1001'] }), (e: CcError) => e.code === 'BAD_PARAMS' && /\["\*"\]/.test(e.message));
    await assert.rejects(c.subscribe('n', { type: 'entity', entities: ['agent', 'bogus'] }), (e: CcError) => e.code === 'BAD_PARAMS' && /"bogus"/.test(e.message));
    await assert.rejects(c.subscribe('n', { type: 'group-statz', entities: ['*'] }), (e: CcError) => e.code === 'BAD_PARAMS' && /group-stats/.test(e.message));
    await assert.rejects(c.subscribe('n', { type: 'group-stats', entities: [] }), (e: CcError) => e.code === 'BAD_PARAMS');
    assert.equal(server.requests.length, before);
    assert.deepEqual(c.listSubscriptions(), []);
    // aliases of the guide are accepted and sent canonically
    await c.subscribe('n', { type: 'entity', entities: ['email agent queue', 'agent- queue'] });
    assert.deepEqual(server.requests.at(-1)!['subscribe'], [['ecc', 'entity', ['email-agent-queue', 'agent-queue']]]);
  });

  it('partial and negative subscribe results', async () => {
    const c = makeClient();
    await connected(c);
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'subscribe-events') return false;
      const type = (req['subscribe'] as unknown[][])[0][1];
      const base = { version: 1, topic: 'contact-center', message: 'subscribe-events', 'request-id': req['request-id'] };
      if (type === 'group-stats') conn.answer({ ...base, result: 1, 'additional-info': 'group 99 does not exist', subscribe: req['subscribe'] });
      else conn.answer({ ...base, result: -2, 'error-msg': 'no such dnis' });
      return true;
    };
    const partial = await c.subscribe('n', { type: 'group-stats', entities: ['1', '99'] });
    assert.equal(partial.status, 'partial');
    assert.equal(partial.code, 1);
    assert.equal(partial.text, 'group 99 does not exist');
    assert.equal(partial.missing, undefined, 'the answer echoes every record: it does not say what was left out');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].code, 'SUBSCRIPTION_PARTIAL');
    assert.match(warnings[0].message, /group 99 does not exist/);
    await assert.rejects(c.subscribe('n', { type: 'dnis-stats', entities: ['42'] }), (e: CcError) => e.code === 'REFUSED' && /no such dnis/.test(e.message) && e.outcome?.code === -2);
    assert.deepEqual(c.listSubscriptions(), [{ type: 'group-stats', entities: ['1', '99'] }], 'refused subscription rolled back');
  });

  it('reference counts subscriptions; unsubscribe sends records under both keys once nobody wants them', async () => {
    const c = makeClient();
    await connected(c);
    await c.subscribe('a', { type: 'group-stats', entities: ['1'] });
    const count = () => server.requests.filter((r) => r['message'] === 'subscribe-events').length;
    assert.equal(count(), 1);
    const again = await c.subscribe('b', { type: 'group-stats', entities: ['1'] });
    assert.equal(again.status, 'ok');
    assert.equal(count(), 1, 'second owner does not resubscribe');
    await c.unsubscribe('a', { type: 'group-stats', entities: ['1'] });
    assert.equal(server.requests.filter((r) => r['message'] === 'unsubscribe-events').length, 0);
    await c.releaseOwner('b');
    const unsub = server.requests.filter((r) => r['message'] === 'unsubscribe-events');
    assert.equal(unsub.length, 1);
    assert.deepEqual(unsub[0]['unsubscribe'], [['ecc', 'group-stats', ['1']]]);
    assert.deepEqual(unsub[0]['subscribe'], [['ecc', 'group-stats', ['1']]]);
    assert.deepEqual(c.listSubscriptions(), []);
  });

  it('a refused stop of a statistics query rejects REFUSED and the query stays', async () => {
    const c = makeClient();
    await connected(c);
    const { started } = c.startStatistics('rt', { label: 'group-stats [1]', params: { type: 'group-stats', entities: ['1'] } });
    assert.equal((await started).status, 'ok');
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'unsubscribe-events') return false;
      conn.answer({ version: 1, topic: 'contact-center', message: 'unsubscribe-events', 'request-id': req['request-id'], result: -1, 'error-msg': 'busy' });
      return true;
    };
    await assert.rejects(c.stopStatistics('rt'), (e: CcError) => e.code === 'REFUSED' && e.outcome?.text === 'busy');
    assert.deepEqual(c.listSubscriptions(), [{ type: 'group-stats', entities: ['1'] }]);
    server.onRequest = undefined;
    assert.equal((await c.stopStatistics('rt'))?.status, 'ok');
    assert.deepEqual(c.listSubscriptions(), []);
  });

  it('server restart mid-stream: reconnects and re-subscribes every live subscription', async () => {
    const c = makeClient();
    await connected(c);
    await c.subscribe('a', { type: 'agent-activity', entities: ['*'] });
    await c.subscribe('b', { type: 'entity', entities: ['agent'] });
    const events: CcEvent[] = [];
    c.on('event', (e: CcEvent) => events.push(e));
    server.broadcast({ message: 'agent-login', 'agent-id': 1001 });
    await nextEmit(c, 'event');
    const lost = nextEmit<StateChange>(c, 'state', (s) => s.state === 'disconnected');
    const back = nextEmit<StateChange>(c, 'state', (s) => s.state === 'connected');
    const firstConn = server.authenticated()[0].id;
    await server.restart(50);
    const s = await lost;
    assert.ok((s.retryInMs ?? 0) > 0);
    await back;
    const restore = await server.waitForRequest((r) => r['message'] === 'subscribe-events' && (r as { connectionId: number }).connectionId !== firstConn);
    assert.deepEqual(restore['subscribe'], [
      ['ecc', 'agent-activity', ['*']],
      ['ecc', 'entity', ['agent']],
    ]);
    assert.equal(restore['sequence'], 1, 'outgoing sequence counted per connection');
    const ev = nextEmit<CcEvent>(c, 'event');
    server.broadcast({ message: 'agent-idle', 'agent-id': 1001 });
    assert.equal((await ev).type, 'agent-idle');
  });

  it('subscriptions made while disconnected are sent with the restore once connected', async () => {
    const c = makeClient();
    const pending = c.subscribe('x', { type: 'call-activity', entities: ['*'] });
    c.start();
    const res = await pending;
    assert.equal(res.status, 'ok');
    const subs = server.requests.filter((r) => r['message'] === 'subscribe-events');
    assert.equal(subs.length, 1, 'no duplicate subscribe');
    assert.deepEqual(subs[0]['subscribe'], [['ecc', 'call-activity', ['*']]]);
  });

  it('tracks sequence: the wrap 4294967295 -> 0 is not a gap, a jump is', async () => {
    const c = makeClient();
    await connected(c);
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    const conn = server.authenticated()[0];
    conn.setNextSequence(4294967294);
    const seqs: (number | undefined)[] = [];
    c.on('event', (e: CcEvent) => seqs.push(e.sequence));
    for (let i = 0; i < 4; i++) conn.event({ message: 'agent-idle', 'agent-id': i });
    conn.setNextSequence(10);
    conn.event({ message: 'agent-idle', 'agent-id': 9 });
    conn.event({ message: 'agent-idle', 'agent-id': 9 });
    await new Promise<void>((resolve) => {
      const check = () => (seqs.length === 6 ? resolve() : setImmediate(check));
      check();
    });
    assert.deepEqual(seqs, [4294967294, 4294967295, 0, 1, 10, 11]);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].code, 'SEQUENCE_GAP');
    assert.deepEqual(warnings[0].detail, { expected: 2, got: 10, count: 8 });
  });

  it('a malformed frame gives one BAD_FRAME warning, then the next frame is delivered', async () => {
    const c = makeClient();
    await connected(c);
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    const ev = nextEmit<CcEvent>(c, 'event');
    const conn = server.authenticated()[0];
    conn.stampSequence = false;
    conn.sendRaw('{"message":"agent-login",, oops\0');
    conn.event({ message: 'agent-login', 'agent-id': 5 });
    const e = await ev;
    assert.equal(e.type, 'agent-login');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].code, 'BAD_FRAME');
    assert.match(warnings[0].message, /oops/);
  });

  it('an oversized frame gives one FRAME_TOO_LARGE warning and the next frame is delivered', async () => {
    const c = makeClient({ maxFrameBytes: 200 });
    await connected(c);
    const warnings: CcWarning[] = [];
    c.on('warning', (w: CcWarning) => warnings.push(w));
    const ev = nextEmit<CcEvent>(c, 'event');
    const conn = server.authenticated()[0];
    conn.event({ message: 'agent-login', 'agent-id': 1, padding: 'x'.repeat(1000) });
    conn.event({ message: 'agent-login', 'agent-id': 2 });
    const e = await ev;
    assert.deepEqual(e.keys, ['agent:2']);
    assert.deepEqual(warnings.map((w) => [w.code, w.message]), [['FRAME_TOO_LARGE', 'frame exceeds 200 bytes, discarded']]);
    assert.equal(c.state, 'connected');
  });

  it('normalises guide spellings, keeps unknown types, builds keys; frames split byte by byte', async () => {
    const c = makeClient();
    await connected(c);
    const conn = server.authenticated()[0];
    const events: CcEvent[] = [];
    c.on('event', (e: CcEvent) => events.push(e));
    const frames = [
      { message: 'agent- idle ', 'agent-id': 1001, cause: 0 },
      { message: 'agent-gueue-stats', 'agent-id': 1002, state: 1 },
      { message: 'brand-new-event', 'agent-id': 7 },
      { message: 'agent-login', 'agent-id': 1003, 'agent-ext': 'Müller 日本', groups: [{ type: 4, id: 5 }, { type: 23, id: 1003 }] },
      { message: 'delivered', 'call-id': 77, 'call-table': [{ media: 1, group: { type: 4, id: 6 } }] },
    ];
    const wire = Buffer.from(frames.map((f) => JSON.stringify({ version: 1, sequence: 0, ...f }) + '\0').join(''), 'utf8');
    for (let i = 0; i < wire.length; i++) conn.sendRaw(wire.subarray(i, i + 1));
    await new Promise<void>((resolve) => {
      const check = () => (events.length === frames.length ? resolve() : setTimeout(check, 5));
      check();
    });
    assert.deepEqual(
      events.map((e) => [e.type, e.family]),
      [
        ['agent-idle', 'agent'],
        ['agent-queue-stats', 'statistics'],
        ['brand-new-event', 'other'],
        ['agent-login', 'agent'],
        ['delivered', 'contact'],
      ],
    );
    assert.equal((events[0].payload as Msg)['message'], 'agent- idle ', 'payload kept as received');
    assert.deepEqual(events[1].keys, ['agent:1002', 'agent-queue:1002']);
    // A group of type 23 ("Agent Queue" in the guide's device types) is the agent's queue.
    assert.deepEqual(events[3].keys, ['agent:1003', 'group:5', 'agent-queue:1003']);
    assert.equal((events[3].payload as Msg)['agent-ext'], 'Müller 日本');
    assert.deepEqual(events[4].keys, ['call:77', 'group:6']);
    assert.equal(events[4].protocol, 'mitel');
    assert.ok(!Number.isNaN(Date.parse(events[4].receivedAt)));
  });

  it('queues requests while disconnected, bounded, and sends them once connected', async () => {
    const c = makeClient({ maxQueuedRequests: 2 });
    const sub = c.subscribe('n', { type: 'agent-activity', entities: ['*'] });
    const a = c.request('command.resume', { 'agent-id': 1 });
    const b = c.request('command.resume', { 'agent-id': 2 });
    await assert.rejects(c.request('command.resume', { 'agent-id': 3 }), (e: CcError) => e.code === 'NOT_CONNECTED' && /queue full/.test(e.message));
    let onConnected: Promise<unknown> | undefined;
    c.on('state', (s: StateChange) => {
      if (s.state === 'connected') onConnected = c.request('command.resume', { 'agent-id': 4 });
    });
    c.start();
    assert.equal(((await a) as Msg)['result'], 0);
    assert.equal(((await b) as Msg)['result'], 0);
    assert.equal((await sub).status, 'ok');
    await onConnected;
    // restore, then the queue, then what listeners sent on 'connected'
    assert.deepEqual(
      server.requests.map((r) => [r['message'], r['agent-id'], r['sequence']]),
      [
        ['authenticate', undefined, 0],
        ['subscribe-events', undefined, 1],
        ['command', 1, 2],
        ['command', 2, 3],
        ['command', 4, 4],
      ],
    );
  });

  it('a queued request that never gets a connection is rejected NOT_CONNECTED after its timeout', async () => {
    const port = server.port;
    await server.stop();
    const c = makeClient({ port });
    c.start();
    await assert.rejects(c.request('command.resume', { 'agent-id': 1 }, { timeoutMs: 150 }), (e: CcError) => e.code === 'NOT_CONNECTED' && /not connected/.test(e.message));
    assert.equal(c.state === 'connected', false);
    await server.start(port);
  });

  it('connection refused is "disconnected" with a retry, and connects once the server is up', async () => {
    const port = server.port;
    await server.stop();
    const c = makeClient({ port });
    const down = nextEmit<StateChange>(c, 'state', (s) => s.state === 'disconnected');
    c.start();
    const s = await down;
    assert.match(s.detail ?? '', /cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
    const up = nextEmit<StateChange>(c, 'state', (st) => st.state === 'connected');
    await server.start(port);
    await up;
  });

  it('idle timeout: a silent server is dropped and reconnected', async () => {
    const c = makeClient({ idleTimeoutMs: 150 });
    await connected(c);
    const down = await nextEmit<StateChange>(c, 'state', (s) => s.state === 'disconnected');
    assert.match(down.detail ?? '', /idle timeout/);
    await nextEmit<StateChange>(c, 'state', (s) => s.state === 'connected');
  });

  it('entities.agents subscribes to the entity kind itself and answers from the snapshot; updates apply', async () => {
    const c = makeClient();
    await connected(c);
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'subscribe-events') return false;
      conn.answer({ version: 1, topic: 'contact-center', message: 'subscribe-events', 'request-id': req['request-id'], result: 0, subscriptions: req['subscribe'] });
      // the guide's sample, with its non-JSON records
      conn.sendRaw('{"version":1,"sequence":1,"topic":"contact-center","message":"entity-snapshot","sub-topic":"entity","filter":"agent","agents":[ {"1001", "john doe"},{"1002", "jane doe"}]}\0');
      return true;
    };
    const agents = (await c.request('entities.agents', {})) as Msg[];
    assert.deepEqual(agents, [
      { id: '1001', name: 'john doe' },
      { id: '1002', name: 'jane doe' },
    ]);
    assert.deepEqual(c.listSubscriptions(), [{ type: 'entity', entities: ['agent'] }]);
    const conn = server.authenticated()[0];
    const ev = nextEmit<CcEvent>(c, 'event', (e) => e.type === 'entity-update');
    conn.sendRaw('{"message":"entity-update","sub-topic":"entity","filter":"agent","update-type":"add","agents":[ {"1003", "joe smith"}]}\0');
    assert.equal((await ev).family, 'entity');
    assert.equal(((await c.request('entities:agents', {})) as Msg[]).length, 3);
    assert.equal(server.requests.filter((r) => r['message'] === 'subscribe-events').length, 1, 'served from the cache');
  });

  it('entities.all resolves from a combined snapshot', async () => {
    const c = makeClient({ requestTimeoutMs: 300 });
    await connected(c);
    server.onRequest = (req, conn) => {
      if (req['message'] !== 'subscribe-events') return false;
      conn.answer({ version: 1, topic: 'contact-center', message: 'subscribe-events', 'request-id': req['request-id'], result: 0 });
      conn.event({
        message: 'entity-snapshot',
        'sub-topic': '',
        groups: [{ 'group-id': '5', 'group-name': 'Sales' }],
        'agent-queues': [],
        agents: [{ 'agent-id': 1001, 'agent-name': 'Jürgen Müller' }],
        dnis: [{ 'dnis-id': 800, 'dnis-name': 'Hotline' }],
        'release-codes': [{ 'release-code-id': 1, 'release-code-name': 'Lunch' }],
        'wrapup-codes': [{ 'wrapup-id': 2, 'wrapup-name': 'Done' }],
      });
      return true;
    };
    const all = (await c.request('entities.all', {})) as Record<string, Msg[]>;
    assert.deepEqual(all['groups'], [{ 'group-id': '5', 'group-name': 'Sales' }]);
    assert.equal(all['agents'][0]['agent-name'], 'Jürgen Müller');
    assert.deepEqual(all['agent-queues'], []);
    assert.equal(all['email-agent-queues'], undefined);
  });

  it('stop() rejects pending requests with CLOSED and leaves no handles', async () => {
    await new Promise((r) => setImmediate(r)); // mocha arms its test timer after the first await
    const before = activeResources();
    const c = makeClient({ idleTimeoutMs: 5000 });
    await connected(c);
    server.onRequest = (req) => req['message'] === 'command';
    const pending = assert.rejects(c.request('command.resume', { 'agent-id': 1 }), (e: CcError) => e.code === 'CLOSED');
    const queued = makeClient();
    client = c;
    const neverStarted = assert.rejects(queued.request('command.resume', { 'agent-id': 2 }), (e: CcError) => e.code === 'CLOSED');
    const stopped = nextEmit<StateChange>(c, 'state', (s) => s.state === 'stopped');
    await c.stop();
    await queued.stop();
    await stopped;
    await pending;
    await neverStarted;
    await assert.rejects(c.request('command.resume', { 'agent-id': 1 }), (e: CcError) => e.code === 'CLOSED');
    assert.equal(c.state, 'stopped');
    while (server.connections.size > 0) await new Promise((r) => setTimeout(r, 5));
    // Growth only, settled: a handle of an earlier test that closed meanwhile is not this one's.
    assert.deepEqual(await settledGrowth(before), [], 'handles left after stop');
    assert.equal(c.listenerCount('state'), 0);
  });
});
