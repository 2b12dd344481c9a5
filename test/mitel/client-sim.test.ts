import assert from 'assert/strict';
import { MitelSimulator, type MitelSimulatorOptions } from '../../src/sim/mitel';
import { CALL_ACTIVITY_MESSAGES, MitelClient, type MitelClientOptions } from '../../src/mitel';
import { CcError, type CcEvent, type CcWarning, type StateChange } from '../../src/core/types';
import { nextEmit } from './helpers/feed-server';

type Msg = Record<string, unknown>;

describe('MitelClient against the MitelSimulator', function () {
  this.timeout(15000);
  let sim: MitelSimulator | undefined;
  let client: MitelClient | undefined;

  async function setup(simOptions: Partial<MitelSimulatorOptions> = {}, clientOptions: Partial<MitelClientOptions> = {}) {
    sim = new MitelSimulator({ port: 0, host: '127.0.0.1', user: 'demo', password: 'demo', generate: false, seed: 7, ...simOptions });
    const port = await sim.start();
    client = new MitelClient({
      host: '127.0.0.1',
      port,
      user: 'demo',
      password: 'demo',
      requestTimeoutMs: 3000,
      backoff: { initialMs: 20, maxMs: 200 },
      ...clientOptions,
    });
    const warnings: CcWarning[] = [];
    client.on('warning', (w: CcWarning) => warnings.push(w));
    return { sim, client, warnings };
  }

  async function connect(c: MitelClient): Promise<void> {
    const up = nextEmit<StateChange>(c, 'state', (s) => s.state === 'connected');
    c.start();
    await up;
  }

  afterEach(async () => {
    await client?.stop();
    await sim?.stop();
    client = undefined;
    sim = undefined;
  });

  it('wrong password -> auth-failed "authentication failed"', async () => {
    const { client: c } = await setup({}, { password: 'wrong' });
    const failed = nextEmit<StateChange>(c, 'state', (s) => s.state === 'auth-failed');
    c.start();
    const s = await failed;
    assert.match(s.detail ?? '', /^authentication failed/);
  });

  it('a generated day with the guide spellings and split writes arrives canonical, in sequence, every type known', async () => {
    const { sim: s, client: c, warnings } = await setup({ generate: true, speed: 200, guideSpellings: true, statsIntervalMs: 50 });
    s.setWriteMode('split');
    const types = new Map<string, string>();
    const raw = new Set<string>();
    c.on('event', (e: CcEvent) => {
      types.set(e.type, e.family);
      raw.add(String((e.payload as Msg)['message']));
    });
    await connect(c);
    await Promise.all(
      [
        { type: 'agent-activity', entities: ['*'] },
        { type: 'call-activity', entities: ['*'] },
        { type: 'agent-need-help', entities: ['*'] },
        { type: 'agent-queue-stats', entities: ['*'] },
        { type: 'daily-group-stats', entities: ['*'] },
        { type: 'dnis-stats', entities: ['*'] },
      ].map((spec) => c.subscribe('n', spec)),
    );
    const deadline = Date.now() + 6000;
    while (Date.now() < deadline && !(types.has('agent-idle') && types.has('agent-queue-stats') && types.has('daily-group-stats') && types.size >= 12)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(types.has('agent-idle'), 'agent- idle  arrives as agent-idle');
    assert.ok(raw.has('agent- idle '), 'the simulator did send the guide spelling');
    assert.equal(types.get('agent-queue-stats'), 'statistics');
    assert.equal(types.get('daily-group-stats'), 'statistics', 'empty message inferred');
    assert.ok(!types.has('agent- idle ') && !types.has('agent-gueue-stats') && !types.has(''));
    for (const [type, family] of types) assert.notEqual(family, 'other', `${type} is known`);
    assert.ok([...types.keys()].some((t) => (CALL_ACTIVITY_MESSAGES as readonly string[]).includes(t)), 'call activity seen');
    assert.deepEqual(warnings.filter((w) => w.code === 'BAD_FRAME' || w.code === 'SEQUENCE_GAP'), []);
  });

  it('simulator restart: reconnects and the simulator receives the subscriptions again', async () => {
    const { sim: s, client: c } = await setup();
    await connect(c);
    await c.subscribe('a', { type: 'group-stats', entities: ['*'] });
    await c.subscribe('b', { type: 'agent-activity', entities: ['*'] });
    const before = s.requests.length;
    const back = nextEmit<StateChange>(c, 'state', (st) => st.state === 'connected');
    await s.restart(100);
    await back;
    const deadline = Date.now() + 3000;
    while (!s.requests.slice(before).some((r) => r['message'] === 'subscribe-events') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const restore = s.requests.slice(before).find((r) => r['message'] === 'subscribe-events');
    assert.ok(restore, 'restore request received');
    assert.deepEqual(restore['subscribe'], [
      ['ecc', 'group-stats', ['*']],
      ['ecc', 'agent-activity', ['*']],
    ]);
    const ev = nextEmit<CcEvent>(c, 'event', (e) => e.type === 'agent-login');
    s.emitEvent({ message: 'agent-login', 'agent-id': s.entities.agents[0].id, cause: 12, groups: [] });
    assert.equal((await ev).keys[0], `agent:${s.entities.agents[0].id}`);
  });

  it('garbage frame -> BAD_FRAME, sequence wrap -> no gap, and events continue', async () => {
    const { sim: s, client: c, warnings } = await setup();
    await connect(c);
    await c.subscribe('a', { type: 'agent-activity', entities: ['*'] });
    const agentId = s.entities.agents[0].id;
    const seen: CcEvent[] = [];
    c.on('event', (e: CcEvent) => seen.push(e));
    s.sendGarbage();
    s.setNextSequence(4294967295);
    s.emitEvent({ message: 'agent-release', 'agent-id': agentId, cause: 0, 'release-code': 1 });
    s.emitEvent({ message: 'agent-idle', 'agent-id': agentId, cause: 11 });
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(seen.map((e) => e.sequence), [4294967295, 0]);
    // the jump to 4294967295 is a gap (set by the test); the wrap to 0 is not
    assert.deepEqual(warnings.map((w) => w.code), ['BAD_FRAME', 'SEQUENCE_GAP']);
    assert.equal(warnings[1].detail?.['got'], 4294967295);
  });

  for (const snapshotMode of ['per-kind', 'combined'] as const) {
    it(`entity lists from the ${snapshotMode} snapshot match the simulator's directory`, async () => {
      const { sim: s, client: c } = await setup({ snapshotMode, subscribeAnswerKey: 'subscribe' });
      await connect(c);
      const agents = (await c.request('entities.agents', {})) as Msg[];
      assert.deepEqual(agents.map((a) => String(a['agent-id'])).sort(), s.entities.agents.map((a) => String(a.id)).sort());
      const all = (await c.request('entities.all', {})) as Record<string, Msg[]>;
      assert.equal(all['groups'].length, s.entities.groups.length);
      assert.equal(all['dnis'].length, s.entities.dnis.length);
      assert.equal(all['wrapup-codes'].length, s.entities.wrapupCodes.length);
      assert.equal(all['release-codes'].length, s.entities.releaseCodes.length);
      assert.equal(all['email-agent-queues'].length, s.entities.emailAgentQueues.length);
    });
  }

  it('commands: login answered and followed by the agent event; an unknown agent is REFUSED', async () => {
    const { sim: s, client: c } = await setup();
    await connect(c);
    await c.subscribe('a', { type: 'agent-activity', entities: ['*'] });
    const agent = s.entities.agents[1];
    const login = nextEmit<CcEvent>(c, 'event', (e) => e.type === 'agent-login');
    const answer = (await c.request('command.login', { 'agent-id': agent.id })) as Msg;
    assert.equal(answer['result'], 0);
    assert.equal(answer['command'], 'login');
    assert.ok((await login).keys.includes(`agent:${agent.id}`));
    await assert.rejects(c.request('command.resume', { 'agent-id': 987654 }), (e: CcError) => e.code === 'REFUSED' && e.outcome?.status === 'refused');
  });

  it('every subscription type of the guide is accepted by the simulator', async () => {
    const { sim: s, client: c, warnings } = await setup();
    await connect(c);
    const specs = [
      { type: 'entity', entities: ['*'] },
      { type: 'group-stats', entities: [String(s.entities.groups[0].id)] },
      { type: 'daily-group-stats', entities: ['*'] },
      { type: 'agent-queue-stats', entities: ['*'] },
      { type: 'email-agent-queue-stats', entities: ['*'] },
      { type: 'daily-agent-stats', entities: ['*'] },
      { type: 'group-agent-stats', entities: ['*'] },
      { type: 'dnis-stats', entities: ['*'] },
      { type: 'daily-dnis-stats', entities: ['*'] },
      { type: 'agent-need-help', entities: ['*'] },
      { type: 'agent-activity', entities: ['*'] },
      { type: 'call-activity', entities: ['*'] },
      { type: 'agent-login-logout', entities: [] },
      { type: 'agent-status', entities: [] },
      { type: 'call-routing', entities: [] },
      { type: 'call-establishment', entities: [] },
      { type: 'call-statistics', entities: [] },
    ];
    for (const spec of specs) {
      const res = await c.subscribe('n', spec);
      assert.equal(res.status, 'ok', `${spec.type}: ${res.text ?? ''}`);
    }
    for (const spec of specs) {
      const res = await c.unsubscribe('n', spec);
      assert.notEqual(res.status, 'refused', spec.type);
    }
    assert.deepEqual(c.listSubscriptions(), []);
    assert.deepEqual(warnings.filter((w) => w.code !== 'SUBSCRIPTION_PARTIAL'), []);
  });
});
