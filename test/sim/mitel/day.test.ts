import { strict as assert } from 'assert';
import { MitelSimulator } from '../../../src/sim/mitel';
import { FeedClient, type Frame } from './feed-client';

/** The 25 "Call Activity ... Event" sections of the guide, by their `message` string. */
const CALL_ACTIVITY = [
  'type-change', 'agent-reinsert', 'call-cleared', 'conferenced', 'conn-cleared', 'delivered', 'dequeued',
  'diverted', 'established', 'held', 'initiated', 'interflowed', 'ivr-app-started', 'ivr-app-ended',
  'to-no-agent-dest', 'no-wrap', 'overflowed', 'queued', 'retrieved', 'routed', 'route-request',
  'state-change', 'transferred', 'wrap-ended', 'wrap-code',
];
const STATISTICS = [
  'group-stats', 'daily-group-stats', 'group-agent-stats', 'agent-queue-stats', 'email-agent-queue-stats',
  'dnis-stats', 'daily-dnis-stats', 'agent-need-help', 'daily-agent-stats',
];
const AGENT_EVENTS = ['agent-login', 'agent-release', 'agent-idle', 'agent-wrap', 'agent-reserved', 'agent-on-call'];

/** Each event's own fields, copied from its section of the guide (the test's own table). */
const dev = (prefix: string): string[] => [`${prefix}-id`, `${prefix}-type`, prefix];
const threeCalls = ['secondary-call-id', 'secondary-pbx-call-id', 'secondary-guid', 'resultant-call-id', 'resultant-pbx-call-id', 'resultant-guid'];
const GUIDE_FIELDS: Record<string, string[]> = {
  'type-change': ['old-type', 'new-type'],
  'agent-reinsert': ['agent-id'],
  'call-cleared': ['abandoned-call', 'requested-callback', 'abandoned-callback', 'abandoned-dev-id', 'abandoned-dev-type', 'abandoned-dev'],
  conferenced: [...threeCalls, ...dev('conferencing-device'), ...dev('conferenced-device'), ...dev('conference-to-device')],
  'conn-cleared': ['device-out-id', 'device-out-type', 'device-out'],
  delivered: [...dev('alerting-device'), ...dev('calling-device'), 'agent-chat-url'],
  dequeued: ['queued-group-internal-id', 'queued-group-type'],
  diverted: ['divert-to-group-id', 'divert-to-group-type', ...dev('divert-to-device'), ...dev('divert-from-device')],
  established: [...dev('joining-device'), ...dev('calling-device')],
  held: ['device-id', 'device-type', 'device'],
  initiated: ['group-id', 'group-type', 'device-id', 'device-type', 'device'],
  interflowed: ['destination-internal-id', 'destination-type', 'destination-device'],
  'ivr-app-started': ['ivr-app-id'],
  'ivr-app-ended': ['ivr-app-id'],
  'to-no-agent-dest': ['destination-internal-id', 'destination-type', 'destination-device'],
  'no-wrap': ['agent-id', 'wrapup-code-id', 'wrapup-id-list'],
  overflowed: ['overflow-destination-group-internal-id', 'overflow-destination-group-type'],
  queued: ['queued-group-internal-id', 'queued-group-type'],
  retrieved: ['device-id', 'device-type', 'device'],
  routed: ['destination-internal-id', 'destination-type', 'destination-device'],
  'route-request': ['irn-id', 'irn-device'],
  'state-change': [...dev('monitoring-device'), ...dev('monitored-device')],
  transferred: [...threeCalls, ...dev('transferring-device'), ...dev('transferred-device'), ...dev('transfer-to-device')],
  'wrap-ended': ['agent-id', 'wrapup-code-id', 'wrapup-id-list'],
  'wrap-code': ['agent-id', 'wrapup-code-id'],
  'agent-login': ['sub-topic', 'agent-id', 'cause', 'agent-number', 'agent-ext', 'groups'],
  'agent-release': ['sub-topic', 'agent-id', 'cause', 'release-code'],
  'agent-idle': ['sub-topic', 'agent-id', 'cause'],
  'agent-wrap': ['sub-topic', 'agent-id', 'cause', 'media-type', 'call-id', 'tapi-call-id', 'guid', 'wrapup-code'],
  'agent-reserved': ['sub-topic', 'agent-id', 'cause', 'groups', 'guid'],
  'agent-on-call': ['sub-topic', 'agent-id', 'cause', 'call-type', 'call-id', 'pbx-call-id', 'guid'],
  'daily-group-stats': ['group-id', 'group-name', 'start-time', 'interval-length', 'queued-calls', 'queued-calls-above-tasa', 'agents-logged-in', 'answered-calls', 'email-longest-talk-time'],
  'group-agent-stats': ['group-id', 'group-name', 'agents'],
  'agent-queue-stats': ['agent-id', 'agent-name', 'agent-number', 'agent-extension', 'state', 'rph', 'asa', 'acd-answered', 'oacd-average-talk-time', 'total-previously-answered-queue-time'],
  'email-agent-queue-stats': ['agent-id', 'agent-name', 'state'],
  'dnis-stats': ['dnis-id', 'dnis-number', 'dnis-name', 'calls-in-queue', 'calls-in-queue-above-tasa', 'longest-queue-call-start-time', 'tsf', 'tasa', 'max-wait-time-of-abandoned-chats'],
  'daily-dnis-stats': ['dnis-id', 'dnis-number', 'dnis-name', 'average-queue-time', 'calls-answered', 'chats-abandoned', 'max-wait-time-of-abandoned-chats'],
  'agent-need-help': ['agent'],
  'daily-agent-stats': ['agent-id', 'agent-name', 'state', 'state-start-time', 'release-code', 'active-acd', 'non-acd-handled', 'current-group-id', 'current-dnis', 'current-ani'],
};

const EVERYTHING = [...STATISTICS, 'agent-activity', 'call-activity', 'entity'].map((t) => ['ecc', t, ['*']]);

describe('Mitel simulator: the generated day', function () {
  this.timeout(15000);
  let sim: MitelSimulator;
  let c: FeedClient | undefined;

  afterEach(async () => {
    await c?.close();
    c = undefined;
    await sim.stop();
  });

  it('plays every call-activity, agent and statistics message within a few seconds at high speed', async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', generate: true, seed: 3, speed: 200, statsIntervalMs: 100 });
    const port = await sim.start();
    c = await FeedClient.authenticated(port);
    assert.equal((await c.request({ message: 'subscribe-events', subscribe: EVERYTHING })).result, 0);
    await c.waitForAll([...CALL_ACTIVITY, ...STATISTICS, ...AGENT_EVENTS, 'entity-update'], 8000);

    const frames = c.frames;
    // Every call-activity event has the guide's common fields and a call-table of calls.
    for (const f of frames.filter((x) => CALL_ACTIVITY.includes(String(x.message)))) {
      for (const key of ['version', 'sequence', 'timestamp', 'gmt', 'topic', 'sub-topic', 'call-id', 'pbx-call-id', 'guid', 'acd-call', 'cause']) {
        assert.ok(key in f, `${String(f.message)} lacks ${key}`);
      }
      const table = f['call-table'] as Frame[];
      assert.ok(Array.isArray(table) && table.length >= 1, `${String(f.message)} call-table`);
      for (const call of table) {
        for (const key of ['media', 'call-type', 'dnis', 'group', 'call-profile', 'connections']) assert.ok(key in call, `call lacks ${key}`);
      }
    }
    // Every event carries its own fields as its section of the guide lists them.
    for (const [message, fields] of Object.entries(GUIDE_FIELDS)) {
      const f = frames.find((x) => x.message === message) as Frame;
      for (const key of fields) assert.ok(key in f, `${message} lacks ${key}`);
    }
    const transferred = frames.find((f) => f.message === 'transferred') as Frame;
    assert.equal((transferred['call-table'] as Frame[]).length, 2);
    assert.ok('secondary-call-id' in transferred && 'transfer-to-device' in transferred);
    const abandoned = frames.find((f) => f.message === 'call-cleared' && f['abandoned-call'] === true);
    assert.ok(abandoned, 'an abandoned call');
    // Sequence numbers count up by one per frame on this connection.
    frames.forEach((f, i) => assert.equal(f.sequence, i));
    // Statistics carry the fields of their examples.
    const group = frames.find((f) => f.message === 'group-stats') as Frame;
    for (const key of ['group-id', 'group-name', 'queued-calls', 'queued-calls-above-tasa', 'agents-idle', 'tsf', 'email-longest-talk-time']) {
      assert.ok(key in group, `group-stats lacks ${key}`);
    }
    const gas = frames.find((f) => f.message === 'group-agent-stats' && (f.agents as Frame[]).length > 0) as Frame;
    assert.ok('agent-state' in (gas.agents as Frame[])[0]);
    const help = frames.find((f) => f.message === 'agent-need-help' && (f.agent as Frame[]).length > 0);
    assert.ok(help, 'an agent asked for help');

    // Counters follow the calls, and durations are simulated seconds (talk time 10 s or more per call).
    const busy = await c.waitFor(
      (f) => f.message === 'group-stats' && (f['answered-calls'] as number) > 0 && (f['avg-acd-talk-time'] as number) >= 10,
      5000,
    );
    assert.ok((busy['acd-in-calls'] as number) >= (busy['answered-calls'] as number));

    // Configuration changes: entity-update add / update / delete, and code changes as complete snapshots.
    const added = await c.waitFor((f) => f.message === 'entity-update' && f['update-type'] === 'add', 5000);
    assert.equal(added['sub-topic'], 'dnis-update');
    const deleted = await c.waitFor((f) => f.message === 'entity-update' && f['update-type'] === 'delete', 5000);
    assert.equal(deleted['dnis-id'], added['dnis-id']);
    await c.waitFor((f) => f.message === 'entity-update' && f['sub-topic'] === 'group-update', 5000);
    const first = frames.find((f) => f.filter === 'release-code');
    const codes = await c.waitFor((f) => f.message === 'entity-snapshot' && f.filter === 'release-code' && f !== first, 5000);
    assert.equal((codes['release-codes'] as Frame[]).length, sim.entities.releaseCodes.length);
  });

  it('is deterministic for a seed: the same directory and the same first call', async () => {
    const first = new MitelSimulator({ port: 0, user: 'u', password: 'p', seed: 42 });
    const second = new MitelSimulator({ port: 0, user: 'u', password: 'p', seed: 42 });
    const other = new MitelSimulator({ port: 0, user: 'u', password: 'p', seed: 43 });
    assert.deepEqual(first.entities, second.entities);
    assert.notDeepEqual(
      first.entities.agents.map((a) => [a.name, a.groupIds]),
      other.entities.agents.map((a) => [a.name, a.groupIds]),
    );
    const names = first.entities.agents.map((a) => a.name);
    for (const name of ['Jürgen Müller', 'Zoë Ødegård', 'José Núñez', '日本 太郎']) assert.ok(names.includes(name), name);

    // The first call (call-id 70001) is queued after its IVR, at least 4 simulated seconds into the
    // day (400 ms at speed 10): late enough for the client to have subscribed even on a busy machine.
    const firstQueued = async (): Promise<Frame> => {
      sim = new MitelSimulator({ port: 0, user: 'u', password: 'p', generate: true, seed: 42, speed: 10 });
      const port = await sim.start();
      const client = await FeedClient.authenticated(port, 'u', 'p');
      await client.request({ message: 'subscribe-events', subscribe: [['ecc', 'call-activity', ['*']]] });
      const queued = await client.waitFor((f) => f.message === 'queued' && f['call-id'] === 70001, 5000);
      await client.close();
      await sim.stop();
      // Without the per-connection and per-run fields (sequence, times).
      const { sequence: _s, timestamp: _t, gmt: _g, 'call-table': table, ...rest } = queued;
      return { ...rest, table: (table as Frame[]).map(({ 'call-profile': _p, ...call }) => call) };
    };
    const a = await firstQueued();
    const b = await firstQueued();
    assert.equal(typeof a.guid, 'string');
    assert.deepEqual(a, b);
  });

  it('sends the guide spellings with guideSpellings: agent- idle, agent-gueue-stats, empty daily group message, quid', async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', generate: true, seed: 5, speed: 200, statsIntervalMs: 100, guideSpellings: true });
    const port = await sim.start();
    c = await FeedClient.authenticated(port);
    await c.request({ message: 'subscribe-events', subscribe: EVERYTHING });
    await c.waitForAll(['agent- idle ', 'agent-gueue-stats', 'interflowed'], 8000);
    const daily = await c.waitFor((f) => f.message === '' && 'group-id' in f);
    assert.equal(daily['sub-topic'], '');
    const interval = await c.waitFor((f) => f.message === 'group-stats');
    assert.ok('queued-calls=above-tasa' in interval);
    const interflowed = await c.waitFor((f) => f.message === 'interflowed');
    assert.ok('quid' in interflowed && !('guid' in interflowed));
    assert.ok(!c.messages().includes('agent-idle'));
  });
});
