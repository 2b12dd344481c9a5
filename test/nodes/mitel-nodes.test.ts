import assert from 'assert/strict';
import * as net from 'net';
import { MitelSimulator } from '../../src/sim/mitel';
import { SUBSCRIPTION_TYPES, SUBSCRIPTION_TYPE_NAMES } from '../../src/mitel/names';
import type { NodeMessage } from '../../nodes/lib/red';
import { connections } from '../../nodes/lib/server-lookup';
import { collect, exchange, helper, initHelper, load, nextMessage, watchStatus } from './support';

const SERVER = 'srv';

function server(port: number): Record<string, unknown> {
  return { id: SERVER, type: 'cc-server', name: 'sim', protocol: 'mitel', host: '127.0.0.1', port, requestTimeout: 3 };
}
const creds = { [SERVER]: { user: 'demo', password: 'demo' } };

function node(id: string, type: string, props: Record<string, unknown> = {}, out = `${id}-out`): Record<string, unknown> {
  return { id, type, server: SERVER, wires: [[out]], ...props };
}
function sink(id: string): Record<string, unknown> {
  return { id, type: 'helper' };
}

describe('nodes on Mitel (against the simulator)', function () {
  this.timeout(15000);
  let sim: MitelSimulator;
  let port: number;

  before(async () => {
    initHelper();
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 40, seed: 7 });
    port = await sim.start();
  });
  after(async () => {
    await sim.stop();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('cc-event passes the connection lifecycle (topic connection) and shows green when connected', async () => {
    await load([server(port), node('ev', 'cc-event'), sink('ev-out')], creds);
    const status = watchStatus('ev');
    const msg = await nextMessage('ev-out', (m) => m.topic === 'connection' && (m.payload as { state: string }).state === 'connected');
    assert.equal((msg.event as { family: string }).family, 'connection');
    assert.equal((msg.event as { server: string }).server, 'sim');
    await status.waitFor((s) => s.fill === 'green');
  });

  it('shows "authentication failed" on wrong credentials, never the password', async () => {
    const secret = 'Sup3r-Secret!';
    await load([server(port), node('ev', 'cc-event'), sink('ev-out')], { [SERVER]: { user: 'demo', password: secret } });
    const status = watchStatus('ev');
    const seen = collect('ev-out');
    const s = await status.waitFor((x) => x.text === 'authentication failed', 8000);
    assert.equal(s.fill, 'red');
    assert.equal(s.shape, 'ring');
    await delay(50);
    seen.stop();
    const shown = JSON.stringify([status.all, seen.messages]);
    assert.ok(!shown.includes(secret), 'the password appeared in a status or message');
    assert.ok(seen.messages.some((m) => (m.payload as { state?: string }).state === 'auth-failed'));
  });

  it('cc-event added beside a running connection reports where it stands at once', async () => {
    const flow = [server(port), node('ag', 'cc-agent-event'), sink('ag-out'), sink('ev-out')];
    await load(flow, creds);
    await watchStatus('ag').waitFor((s) => s.fill === 'green');
    const seen = collect('ev-out');
    await (helper as unknown as { setFlows(f: unknown[], type: string, c: unknown): Promise<void> })
      .setFlows([...flow, node('ev', 'cc-event')], 'nodes', creds)
      .catch(() => undefined);
    await waitUntil(() => seen.messages.length > 0, 3000);
    seen.stop();
    const conn = seen.messages.filter((m) => m.topic === 'connection');
    assert.equal(conn.length, 1, JSON.stringify(seen.messages.map((m) => m.topic)));
    seen.messages.splice(0, seen.messages.length, ...conn);
    assert.equal((seen.messages[0].payload as { state: string }).state, 'connected');
  });

  it('says "no events yet" when connected and nothing arrives', async () => {
    // Agent 1003 exists (the simulator refuses unknown ids, shown in red) and, with no generated day,
    // does nothing unless commanded.
    await load([server(port), node('ag', 'cc-agent-event', { entities: '1003' }), sink('ag-out')], creds);
    const status = watchStatus('ag');
    const s = await status.waitFor((x) => x.text === 'no events yet', 3000);
    assert.equal(s.fill, 'green');
    assert.equal(s.shape, 'ring');
  });

  it('shows an agent the server does not know in red ("failed"), not as "no events yet"', async () => {
    await load([server(port), node('ag', 'cc-agent-event', { entities: '1999' }), sink('ag-out')], creds);
    const status = watchStatus('ag');
    const s = await status.waitFor((x) => x.fill === 'red', 3000);
    assert.equal(s.text, 'failed');
  });

  it('cc-agent-event subscribes by itself, filters by agent and adds code names', async () => {
    await load(
      [
        server(port),
        node('a1', 'cc-agent-event', { entities: '1001', addNames: true }),
        node('a2', 'cc-agent-event', { entities: '1002' }),
        sink('a1-out'),
        sink('a2-out'),
      ],
      creds,
    );
    const other = collect('a2-out');
    await watchStatus('a1').waitFor((s) => s.fill === 'green');
    // Wait until the subscription is live on the server, then let it publish an event.
    await waitUntil(() => connections.get(SERVER)?.listSubscriptions().some((s) => s.type === 'agent-activity') ?? false);
    await waitUntil(() => (connections.get(SERVER)?.currentClient?.state ?? '') === 'connected');
    const got = nextMessage('a1-out', (m) => m.topic === 'agent-login');
    await delay(100);
    sim.emitEvent({ version: 1, topic: 'contact-center', message: 'agent-login', 'sub-topic': '', 'agent-id': 1001, cause: 0, 'agent-number': 5001, 'agent-ext': 2101, groups: [{ type: 4, id: 1 }] });
    const msg = await got;
    assert.equal((msg.payload as Record<string, unknown>)['agent-id'], 1001);
    const info = msg.event as Record<string, unknown>;
    assert.equal(info.protocol, 'mitel');
    assert.equal(info.family, 'agent');
    assert.equal(info.type, 'agent-login');
    assert.equal(typeof info.sequence, 'number');
    assert.ok(msg.names && typeof msg.names === 'object', 'msg.names was not added');
    await delay(100);
    assert.equal(other.messages.filter((m) => m.topic === 'agent-login').length, 0, 'agent 1002 node saw agent 1001');
    other.stop();
  });

  it('cc-agent-command runs all nine commands and cc-telephony answer/hangup; bad params fail precisely', async () => {
    await load(
      [
        server(port),
        node('cmd', 'cc-agent-command', { operation: 'msg' }),
        sink('cmd-out'),
        node('tel', 'cc-telephony', { operation: 'msg' }),
        sink('tel-out'),
      ],
      creds,
    );
    await watchStatus('cmd').waitFor((s) => s.fill === 'green');
    const agent = 1003;
    const steps: Array<Record<string, unknown>> = [
      { command: 'login', agentId: agent },
      { command: 'release', 'agent-id': agent, 'release-code': 1 },
      { command: 'resume', 'agent-id': agent },
      { command: 'wrapup-code', 'agent-id': agent, 'wrapup-code-id': 1, 'call-id': 900 },
      { command: 'manual-wrapup', 'agent-id': agent, 'call-id': 900 },
      { command: 'end-wrapup', 'agent-id': agent, 'call-id': 900 },
      { command: 'answer', 'agent-id': agent, 'call-id': 901 },
      { command: 'hangup', 'agent-id': agent, 'call-id': 901 },
      { command: 'logout', 'agent-id': agent },
    ];
    for (const payload of steps) {
      const r = await exchange('cmd', 'cmd-out', { payload, topic: 'keep' });
      assert.equal(r.error, undefined, `${String(payload.command)}: ${r.error}`);
      assert.equal(r.msg?.topic, 'keep', 'the input msg properties are kept');
      assert.equal((r.msg?.payload as Record<string, unknown>).result, 0);
    }
    // Missing field: one precise error from the client's table, then the next good msg works.
    const bad = await exchange('cmd', 'cmd-out', { payload: { command: 'release' } });
    assert.match(bad.error ?? '', /release.*agent-id/);
    const unknown = await exchange('cmd', 'cmd-out', { payload: { command: 'dance', agentId: agent } });
    assert.match(unknown.error ?? '', /"dance" is not a Mitel agent command/);
    const refused = await exchange('cmd', 'cmd-out', { payload: { command: 'resume', agentId: agent } });
    assert.match(refused.error ?? '', /not logged in/);
    const good = await exchange('cmd', 'cmd-out', { payload: { command: 'login', agentId: agent } });
    assert.equal((good.msg?.payload as Record<string, unknown>).result, 0);

    const answer = await exchange('tel', 'tel-out', { payload: { operation: 'answer', agentId: agent, callId: 902 } });
    assert.equal(answer.error, undefined);
    const hangup = await exchange('tel', 'tel-out', { payload: { operation: 'hangup', agentId: agent, callId: 902 } });
    assert.equal(hangup.error, undefined);
    const dial = await exchange('tel', 'tel-out', { payload: { operation: 'Dial', from: '2101', to: '4711' } });
    assert.equal(dial.error, '"Dial" is not offered by the Mitel event feed; it offers answer and hangup');
    await exchange('cmd', 'cmd-out', { payload: { command: 'logout', agentId: agent } });
  });

  it('cc-agent-command takes its command and parameters from the node settings (typedInputs)', async () => {
    await load(
      [
        server(port),
        node('cmd', 'cc-agent-command', {
          operation: 'login',
          paramsFrom: 'node',
          params: [{ name: 'agent-id', type: 'msg', value: 'agent' }],
        }),
        sink('cmd-out'),
      ],
      creds,
    );
    await watchStatus('cmd').waitFor((s) => s.fill === 'green');
    const r = await exchange('cmd', 'cmd-out', { agent: 1004, payload: 'go' });
    assert.equal(r.error, undefined);
    assert.equal((r.msg?.payload as Record<string, unknown>).result, 0);
    assert.equal(r.msg?.agent, 1004);
  });

  it('cc-request gets every entity list', async () => {
    await load([server(port), node('req', 'cc-request', { operation: 'msg' }), sink('req-out')], creds);
    await watchStatus('req').waitFor((s) => s.fill === 'green');
    for (const list of ['agents', 'groups', 'agent-queues', 'email-agent-queues', 'dnis', 'release-codes', 'wrapup-codes', 'all']) {
      const r = await exchange('req', 'req-out', { payload: { operation: `entities.${list}` } });
      assert.equal(r.error, undefined, `${list}: ${r.error}`);
      assert.ok(r.msg?.payload !== undefined && r.msg.payload !== null, `${list}: empty answer`);
    }
    const bad = await exchange('req', 'req-out', { payload: { operation: 'entities.cats' } });
    assert.match(bad.error ?? '', /not a Mitel operation/);
    const none = await exchange('req', 'req-out', { payload: 'x' });
    assert.match(none.error ?? '', /No operation given/);
  });

  it('cc-entity-event receives the entity snapshots it subscribed for', async () => {
    await load([server(port), node('ent', 'cc-entity-event', { kinds: 'agent, group' }), sink('ent-out')], creds);
    const msg = await nextMessage('ent-out', (m) => m.topic === 'entity-snapshot');
    assert.equal((msg.event as { family: string }).family, 'entity');
  });

  it('cc-contact-event receives call activity', async () => {
    await load([server(port), node('con', 'cc-contact-event'), sink('con-out')], creds);
    await waitUntil(() => connections.get(SERVER)?.listSubscriptions().some((s) => s.type === 'call-activity') ?? false);
    await watchStatus('con').waitFor((s) => s.fill === 'green');
    await delay(100);
    const got = nextMessage('con-out', (m) => m.topic === 'delivered');
    sim.emitEvent({ version: 1, topic: 'contact-center', message: 'delivered', 'call-id': 77, 'agent-id': 1001 });
    const msg = await got;
    assert.equal((msg.event as { family: string }).family, 'contact');
  });

  it('cc-realtime emits only its own statistics type, for all nine types', async () => {
    const types = [
      'group-stats',
      'daily-group-stats',
      'agent-queue-stats',
      'email-agent-queue-stats',
      'group-agent-stats',
      'dnis-stats',
      'daily-dnis-stats',
      'daily-agent-stats',
      'agent-need-help',
    ];
    const flow: Array<Record<string, unknown>> = [server(port)];
    types.forEach((t, i) => flow.push(node(`rt${i}`, 'cc-realtime', { statType: t, entities: '*' }), sink(`rt${i}-out`)));
    await load(flow, creds);
    await Promise.all(
      types.map(async (t, i) => {
        const msg = await nextMessage(`rt${i}-out`, () => true, 8000);
        assert.equal(msg.topic, t, `rt${i} (${t}) got ${String(msg.topic)}`);
      }),
    );
  });

  it('cc-realtime filters by entity and restarts on msg.action', async () => {
    await load([server(port), node('rt', 'cc-realtime', { statType: 'group-stats', entities: '1' }), sink('rt-out')], creds);
    const first = await nextMessage('rt-out', () => true, 5000);
    assert.equal(first.topic, 'group-stats');
    const seen = collect('rt-out');
    await delay(200);
    seen.stop();
    assert.ok(seen.messages.every((m) => m.topic === 'group-stats'));
    const r = await exchange('rt', 'rt-out', { action: 'start', payload: { type: 'dnis-stats', entities: ['*'] } }).catch(() => ({}));
    void r; // start answers with done() only; the next events are dnis-stats
    const next = await nextMessage('rt-out', (m) => m.topic === 'dnis-stats', 5000);
    assert.equal(next.topic, 'dnis-stats');
    const bad = await exchange('rt', 'rt-out', { action: 'start', payload: { type: 'weather' } });
    assert.match(bad.error ?? '', /not a Mitel statistics type/);
    const badAction = await exchange('rt', 'rt-out', { action: 'pause' });
    assert.match(badAction.error ?? '', /msg.action must be one of start, stop/);
  });

  it('cc-subscribe holds static and dynamic subscriptions and answers with the server result', async () => {
    await load(
      [
        server(port),
        node('sub', 'cc-subscribe', { subscriptions: [{ type: 'group-stats', entities: '*' }] }),
        sink('sub-out'),
        node('ev', 'cc-event', { filterMode: 'types', types: 'dnis-stats', includeConnection: false }),
        sink('ev-out'),
      ],
      creds,
    );
    await watchStatus('sub').waitFor((s) => s.fill === 'green');
    await waitUntil(() => connections.get(SERVER)?.listSubscriptions().some((s) => s.type === 'group-stats') ?? false);
    const r = await exchange('sub', 'sub-out', { action: 'subscribe', payload: ['ecc', 'dnis-stats', ['*']] });
    assert.equal(r.error, undefined, r.error);
    const outcomes = r.msg?.payload as Array<{ type: string; result: number }>;
    assert.equal(outcomes[0].type, 'dnis-stats');
    assert.equal(outcomes[0].result, 0);
    const ev = await nextMessage('ev-out', () => true, 5000);
    assert.equal(ev.topic, 'dnis-stats');
    const list = await exchange('sub', 'sub-out', { action: 'list' });
    const types = (list.msg?.payload as Array<{ type: string }>).map((s) => s.type).sort();
    assert.ok(types.includes('dnis-stats') && types.includes('group-stats'), JSON.stringify(types));
    const un = await exchange('sub', 'sub-out', { action: 'unsubscribe', payload: { type: 'dnis-stats', entities: ['*'] } });
    assert.equal(un.error, undefined);
    const bad = await exchange('sub', 'sub-out', { action: 'subscribe', payload: { type: 'weather', entities: ['*'] } });
    assert.match(bad.error ?? '', /"weather" is not a Mitel subscription type/);
    const badAction = await exchange('sub', 'sub-out', { action: 'getSubscriptions' });
    assert.match(badAction.error ?? '', /msg.action must be one of subscribe, unsubscribe, list/);
    const ok = await exchange('sub', 'sub-out', { action: 'subscribe', payload: { type: 'dnis-stats', entities: '*' } });
    assert.equal(ok.error, undefined);
  });

  it('cc-subscribe takes every subscription type of both guide tables', async () => {
    await load([server(port), node('sub', 'cc-subscribe'), sink('sub-out')], creds);
    await watchStatus('sub').waitFor((s) => s.fill === 'green');
    const records = SUBSCRIPTION_TYPE_NAMES.map((type) => {
      const list = SUBSCRIPTION_TYPES[type].entityList;
      return { type, entities: list === 'entity-kinds' ? ['agent'] : list === 'none' ? [] : ['*'] };
    });
    const r = await exchange('sub', 'sub-out', { payload: records });
    assert.equal(r.error, undefined, r.error);
    const outcomes = r.msg?.payload as Array<{ type: string; result: number }>;
    assert.deepEqual(outcomes.map((o) => o.type), [...SUBSCRIPTION_TYPE_NAMES]);
    assert.ok(outcomes.every((o) => o.result >= 0));
  });

  it('cc-event passes unknown event types (family other) and warnings (bad frames)', async () => {
    await load([server(port), node('ev', 'cc-event'), sink('ev-out')], creds);
    await watchStatus('ev').waitFor((s) => s.fill === 'green');
    const other = nextMessage('ev-out', (m) => m.topic === 'brand-new-event');
    sim.emitEvent({ version: 1, topic: 'contact-center', message: 'brand-new-event', answer: 42 });
    const o = await other;
    assert.equal((o.event as { family: string }).family, 'other');
    assert.equal((o.payload as { answer: number }).answer, 42);
    const warning = nextMessage('ev-out', (m) => m.topic === 'warning');
    sim.sendGarbage();
    const w = await warning;
    assert.equal((w.event as { family: string }).family, 'warning');
    assert.equal(typeof (w.payload as { code: string }).code, 'string');
  });

  it('discards a message over the server\'s "Largest message" with one warning, then delivers the next', async () => {
    await load([{ ...server(port), maxFrameMB: 0.01 }, node('ev', 'cc-event'), sink('ev-out')], creds);
    await watchStatus('ev').waitFor((s) => s.fill === 'green');
    const seen = collect('ev-out');
    const big = { version: 1, topic: 'contact-center', message: 'too-big-event', filler: 'x'.repeat(20000) };
    sim.sendRaw(Buffer.from(JSON.stringify(big) + '\0'));
    const after = nextMessage('ev-out', (m) => m.topic === 'small-event');
    sim.emitEvent({ version: 1, topic: 'contact-center', message: 'small-event' });
    await after;
    seen.stop();
    const warnings = seen.messages.filter((m) => m.topic === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(warnings.map((m) => m.payload)));
    assert.equal((warnings[0].payload as { code: string }).code, 'FRAME_TOO_LARGE');
    assert.ok(!seen.messages.some((m) => m.topic === 'too-big-event'));
  });

  it('shows "retry in N s" while the server is down and gets its events again after it returns', async () => {
    await load([server(port), node('rt', 'cc-realtime', { statType: 'group-stats', entities: '*' }), sink('rt-out')], creds);
    const status = watchStatus('rt');
    await nextMessage('rt-out', () => true, 5000);
    const restart = sim.restart(400);
    const down = await status.waitFor((s) => s.fill === 'red' && /^retry in \d+ s$/.test(s.text ?? ''), 5000);
    assert.equal(down.shape, 'ring');
    await restart;
    await status.waitFor((s) => s.fill === 'green' && s.text === 'connected', 10000);
    const again = await nextMessage('rt-out', (m) => m.topic === 'group-stats', 8000);
    assert.ok(again);
  });

  it('counts "retry in N s" down while the server stays unreachable', async function () {
    this.timeout(20000);
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    await load([server(closed), node('ev', 'cc-event'), sink('ev-out')], creds);
    const status = watchStatus('ev');
    // The backoff doubles from 1 s; wait for a delay long enough to count, then for the count.
    const first = await status.waitFor((s) => /^retry in ([3-9]|\d\d+) s$/.test(s.text ?? ''), 15000);
    const n = Number(/\d+/.exec(first.text ?? '')?.[0]);
    const next = await status.waitFor((s) => s.text === `retry in ${n - 1} s`, 2500);
    assert.equal(next.fill, 'red');
  });

  it('survives 50 redeploys without leaking sockets, timers or listeners', async function () {
    this.timeout(60000);
    const flow = [
      server(port),
      node('ev', 'cc-event'),
      sink('ev-out'),
      node('ag', 'cc-agent-event'),
      sink('ag-out'),
      node('rt', 'cc-realtime', { statType: 'group-stats', entities: '*' }),
      sink('rt-out'),
      node('cmd', 'cc-agent-command', { operation: 'msg' }),
      sink('cmd-out'),
    ];
    const resources = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
      return counts;
    };
    const cycle = async (): Promise<void> => {
      await load(flow, creds);
      await watchStatus('rt').waitFor((s) => s.fill === 'green');
      await nextMessage('rt-out', (m) => m.topic === 'group-stats', 5000);
      const client = connections.get(SERVER)?.currentClient;
      assert.ok(client);
      // One listener per event of the shared client: the server's own, never one per node.
      for (const e of ['event', 'state', 'warning']) assert.equal(client.listenerCount(e), 1, `${e} listeners`);
      await helper.unload();
      assert.equal(client.listenerCount('event'), 0, 'listeners left on the stopped client');
    };
    await cycle();
    await delay(100);
    const before = resources();
    for (let i = 0; i < 49; i++) await cycle();
    await waitUntil(() => sim.clientCount() === 0, 3000);
    await delay(100);
    const after = resources();
    for (const kind of ['TCPSocketWrap', 'Timeout', 'TCPServerWrap']) {
      assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0) + 1, `${kind}: ${before[kind] ?? 0} before, ${after[kind] ?? 0} after`);
    }
    assert.equal(connections.size, 0);
    await load([server(port)], creds); // afterEach unloads
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(test: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(20);
  }
}

export type { NodeMessage };
