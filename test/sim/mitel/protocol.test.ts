import { strict as assert } from 'assert';
import { MitelSimulator, type MitelSimulatorOptions } from '../../../src/sim/mitel';
import { FeedClient, md5, type Frame } from './feed-client';

describe('Mitel simulator: authentication, subscriptions, snapshots', () => {
  let sim: MitelSimulator;
  const clients: FeedClient[] = [];

  async function startSim(extra: Partial<MitelSimulatorOptions> = {}): Promise<number> {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', ...extra });
    return sim.start();
  }
  async function client(port: number, authenticate = true): Promise<FeedClient> {
    const c = authenticate ? await FeedClient.authenticated(port) : await FeedClient.connect(port);
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.stop();
  });

  describe('authenticate', () => {
    it('answers a correct authenticate with result 0, the request-id and sequence 0', async () => {
      const port = await startSim();
      const c = await client(port, false);
      const answer = await c.request({ message: 'authenticate', user: 'demo', password: md5('demo') });
      assert.equal(answer.result, 0);
      assert.equal(answer.message, 'authenticate');
      assert.equal(answer.sequence, 0);
      assert.equal(answer.topic, 'contact-center');
      assert.equal(sim.requests[0].connectionId, 1);
      assert.equal(sim.requests[0].message, 'authenticate');
    });

    it('closes the connection on a wrong password, without an answer, and says why', async () => {
      const port = await startSim();
      const failed = new Promise<{ reason?: string }>((resolve) => sim.once('auth-failed', resolve));
      const c = await client(port, false);
      c.send({ version: 1, topic: 'contact-center', 'request-id': 1, message: 'authenticate', user: 'demo', password: md5('wrong') });
      await c.closed;
      assert.equal(c.frames.length, 0);
      assert.match((await failed).reason ?? '', /wrong user or password/);
    });

    it('refuses the clear-text password (the guide asks for its MD5 digest)', async () => {
      const port = await startSim();
      const c = await client(port, false);
      c.send({ version: 1, topic: 'contact-center', 'request-id': 1, message: 'authenticate', user: 'demo', password: 'demo' });
      await c.closed;
      assert.equal(c.frames.length, 0);
    });

    it('closes the connection when the first request is not authenticate', async () => {
      const port = await startSim();
      const c = await client(port, false);
      c.send({ version: 1, topic: 'contact-center', 'request-id': 1, message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']]] });
      await c.closed;
      assert.equal(c.frames.length, 0);
      assert.equal(sim.clientCount(), 0);
    });

    it('answers a failed authenticate with a negative result first when answerAuthFailure is set', async () => {
      const port = await startSim({ answerAuthFailure: true });
      const c = await client(port, false);
      c.send({ version: 1, topic: 'contact-center', 'request-id': 9, message: 'authenticate', user: 'x', password: md5('demo') });
      await c.closed;
      assert.equal(c.frames.length, 1);
      assert.equal(c.frames[0]['request-id'], 9);
      assert.ok((c.frames[0].result as number) < 0);
      assert.equal(typeof c.frames[0]['error-msg'], 'string');
    });

    it('closes a connection that never authenticates after authTimeoutMs', async () => {
      const port = await startSim({ authTimeoutMs: 50 });
      const c = await client(port, false);
      await c.closed;
      assert.equal(c.frames.length, 0);
    });
  });

  describe('subscribe-events', () => {
    it('accepts valid records: result 0, records echoed under "subscriptions" as in the sample exchange', async () => {
      const port = await startSim();
      const c = await client(port);
      const records = [
        ['ecc', 'group-stats', ['*']],
        ['ecc', 'agent-activity', ['1001', 1002]],
        ['ecc', 'agent-need-help', ['*']],
        ['ecc', 'call-activity', ['*']],
        ['ecc', 'daily-group-stats', ['1']],
        ['ecc', 'agent-login-logout'],
      ];
      const answer = await c.request({ message: 'subscribe-events', subscribe: records });
      assert.equal(answer.result, 0);
      assert.equal(answer.message, 'subscribe-events');
      assert.deepEqual(answer.subscriptions, records);
      assert.equal(typeof answer.timestamp, 'string');
      assert.equal(answer.request, undefined);
    });

    it('answers as specified ("request":"Subscribe", records under "subscribe") with subscribeAnswerKey "subscribe"', async () => {
      const port = await startSim({ subscribeAnswerKey: 'subscribe' });
      const c = await client(port);
      const answer = await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']]] });
      assert.equal(answer.result, 0);
      assert.equal(answer.request, 'Subscribe');
      assert.deepEqual(answer.subscribe, [['ecc', 'call-activity', ['*']]]);
      assert.equal(answer.subscriptions, undefined);
    });

    it('answers a partly valid request with a positive result and names the rejected records', async () => {
      const port = await startSim();
      const c = await client(port);
      const answer = await c.request({
        message: 'subscribe-events',
        subscribe: [
          ['ecc', 'group-stats', ['1']],
          ['ecc', 'group-stats', ['999']],
          ['ecc', 'agent-need-help', ['1001']],
        ],
      });
      assert.ok((answer.result as number) > 0);
      assert.deepEqual(answer.subscriptions, [['ecc', 'group-stats', ['1']]]);
      assert.match(String(answer['additional-info']), /999/);
      assert.match(String(answer['additional-info']), /agent-need-help/);
    });

    it('answers an invalid request with a negative result and an error-msg', async () => {
      const port = await startSim();
      const c = await client(port);
      const answer = await c.request({
        message: 'subscribe-events',
        subscribe: [['ecc', 'no-such-type', ['*']], ['xyz', 'group-stats', ['*']], ['ecc', 'entity', ['phones']], 'junk'],
      });
      assert.ok((answer.result as number) < 0);
      assert.match(String(answer['error-msg']), /unknown subscription type/);
      assert.match(String(answer['error-msg']), /phones/);
      assert.deepEqual(answer.subscriptions, []);
    });

    it('echoes request-id -1 when the request has none', async () => {
      const port = await startSim();
      const c = await client(port);
      c.send({ version: 1, topic: 'contact-center', message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']]] });
      const answer = await c.waitFor((f) => f.message === 'subscribe-events');
      assert.equal(answer['request-id'], -1);
    });

    it('sends statistics of a new statistics subscription at once, only for the subscribed ids', async () => {
      const port = await startSim({ statsIntervalMs: 60000 });
      const c = await client(port);
      await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'group-stats', ['2']], ['ecc', 'dnis-stats', ['*']]] });
      const stats = await c.waitFor((f) => f.message === 'group-stats');
      assert.equal(stats['group-id'], 2);
      await c.waitFor((f) => f.message === 'dnis-stats' && f['dnis-id'] === sim.entities.dnis.length);
      assert.deepEqual([...new Set(c.frames.filter((f) => f.message === 'group-stats').map((f) => f['group-id']))], [2]);
    });
  });

  describe('entity snapshots', () => {
    it('sends one entity-snapshot per kind (sample exchange) by default, with the directory', async () => {
      const port = await startSim();
      const c = await client(port);
      await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'entity', ['agent', 'group', 'release-code']]] });
      const agents = await c.waitFor((f) => f.message === 'entity-snapshot' && f.filter === 'agent');
      const groups = await c.waitFor((f) => f.message === 'entity-snapshot' && f.filter === 'group');
      const codes = await c.waitFor((f) => f.message === 'entity-snapshot' && f.filter === 'release-code');
      const list = agents.agents as Frame[];
      assert.equal(list.length, sim.entities.agents.length);
      assert.deepEqual(list[0], {
        'agent-id': sim.entities.agents[0].id,
        'agent-number': sim.entities.agents[0].number,
        'agent-name': 'Jürgen Müller',
      });
      assert.ok(list.some((a) => a['agent-name'] === '日本 太郎'));
      assert.equal((groups.groups as Frame[]).length, sim.entities.groups.length);
      assert.equal((codes['release-codes'] as Frame[])[0]['release-code-short-name'], sim.entities.releaseCodes[0].shortName);
      assert.equal(c.frames.filter((f) => f.message === 'entity-snapshot').length, 3);
    });

    it('sends one combined entity-snapshot with every list in combined mode; "*" means every kind', async () => {
      const port = await startSim({ snapshotMode: 'combined' });
      const c = await client(port);
      await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'entity', ['*']]] });
      const snap = await c.waitFor((f) => f.message === 'entity-snapshot');
      for (const list of ['groups', 'agent-queues', 'email-agent-queues', 'agents', 'dnis', 'release-codes', 'wrapup-codes']) {
        assert.ok(Array.isArray(snap[list]) && (snap[list] as unknown[]).length > 0, list);
      }
      assert.equal((snap['wrapup-codes'] as Frame[]).length, sim.entities.wrapupCodes.length);
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(c.frames.filter((f) => f.message === 'entity-snapshot').length, 1);
    });

    it('accepts the guide spellings of entity kinds ("agent- queue", "email agent queue")', async () => {
      const port = await startSim();
      const c = await client(port);
      const answer = await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'entity', ['agent- queue', 'email agent queue']]] });
      assert.equal(answer.result, 0);
      await c.waitFor((f) => f.filter === 'agent-queue');
      await c.waitFor((f) => f.filter === 'email-agent-queue');
    });
  });

  describe('routing of events and unsubscribe-events', () => {
    it('emitEvent reaches only covered clients, stamped with their own sequence, gmt and topic', async () => {
      const port = await startSim();
      const a = await client(port);
      const b = await client(port);
      await a.request({ message: 'subscribe-events', subscribe: [['ecc', 'agent-activity', ['1001']]] });
      await b.request({ message: 'subscribe-events', subscribe: [['ecc', 'agent-activity', ['1002']]] });
      sim.emitEvent({ message: 'agent-release', 'sub-topic': '', 'agent-id': 1001, cause: 0, 'release-code': 1, sequence: 77 });
      const got = await a.waitFor((f) => f.message === 'agent-release');
      assert.equal(got.sequence, 2); // 0 authenticate, 1 subscribe answer
      assert.equal(got.topic, 'contact-center');
      assert.equal(typeof got.gmt, 'string');
      sim.emitEvent({ message: 'agent-release', 'agent-id': 1002, cause: 0, 'release-code': 2 });
      await b.waitFor((f) => f.message === 'agent-release');
      assert.equal(b.frames.filter((f) => f.message === 'agent-release').length, 1);
      assert.equal(a.frames.filter((f) => f.message === 'agent-release').length, 1);
    });

    it('call-activity by call id, and the list-less types of Table 1 (agent-login-logout)', async () => {
      const port = await startSim();
      const byCall = await client(port);
      const logins = await client(port);
      await byCall.request({ message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['70001']]] });
      assert.equal((await logins.request({ message: 'subscribe-events', subscribe: [['ecc', 'agent-login-logout', []]] })).result, 0);
      sim.emitEvent({ message: 'queued', 'call-id': 70002 });
      sim.emitEvent({ message: 'queued', 'call-id': 70001 });
      sim.emitEvent({ message: 'agent-release', 'agent-id': 1001 });
      sim.emitEvent({ message: 'agent-login', 'agent-id': 1001 });
      const queued = await byCall.waitFor((f) => f.message === 'queued');
      assert.equal(queued['call-id'], 70001);
      await logins.waitFor((f) => f.message === 'agent-login');
      sim.emitEvent({ message: 'marker' });
      await byCall.waitFor((f) => f.message === 'marker');
      await logins.waitFor((f) => f.message === 'marker');
      assert.equal(byCall.frames.filter((f) => f.message === 'queued').length, 1);
      assert.ok(!logins.messages().includes('agent-release'));
      assert.ok(!logins.messages().includes('queued'));
    });

    it('sends events of unknown types to every authenticated client', async () => {
      const port = await startSim();
      const a = await client(port);
      sim.emitEvent({ message: 'brand-new-event', x: 1 });
      const got = await a.waitFor((f) => f.message === 'brand-new-event');
      assert.equal(got.x, 1);
    });

    it('unsubscribes records given under "unsubscribe" (sample) or "subscribe" (specified)', async () => {
      const port = await startSim();
      const c = await client(port);
      await c.request({ message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']], ['ecc', 'agent-activity', ['*']]] });
      const one = await c.request({ request: 'Unsubscribe', message: 'unsubscribe-events', unsubscribe: [['ecc', 'call-activity', ['*']]] });
      assert.equal(one.result, 0);
      const two = await c.request({ message: 'unsubscribe-events', subscribe: [['ecc', 'agent-activity', ['*']]] });
      assert.equal(two.result, 0);
      sim.emitEvent({ message: 'queued', 'call-id': 5 });
      sim.emitEvent({ message: 'agent-idle', 'agent-id': 1001 });
      sim.emitEvent({ message: 'marker' });
      await c.waitFor((f) => f.message === 'marker');
      assert.ok(!c.messages().includes('queued'));
      assert.ok(!c.messages().includes('agent-idle'));
    });

    it('answers an unknown message with a negative result and error-msg', async () => {
      const port = await startSim();
      const c = await client(port);
      const answer = await c.request({ message: 'get-everything' });
      assert.equal(answer.message, 'get-everything');
      assert.ok((answer.result as number) < 0);
      assert.match(String(answer['error-msg']), /unknown message/);
    });

    it('answers an unreadable request after authentication with request-id -1', async () => {
      const port = await startSim();
      const c = await client(port);
      c.socket.write(Buffer.from('{"message": nope\0', 'utf8'));
      const answer = await c.waitFor((f) => f['request-id'] === -1);
      assert.ok((answer.result as number) < 0);
    });
  });
});
