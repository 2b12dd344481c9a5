/**
 * The leader lock against real brokers: aedes (MQTT 3.1.1, in process) and mosquitto (MQTT v5 with
 * a will delay). Every candidate's leadership is recorded as a time span; after every test no two
 * spans overlap (the fencing promise: never two leaders at once), besides what each test checks.
 */
import assert from 'assert/strict';
import mqtt, { MqttClient } from 'mqtt';
import { decodeClaim, LeaderClaim, supersedes } from '../../src/mqtt/leader-claim';
import { LeaderLock, LeaderLockOptions } from '../../src/mqtt/leader-lock';
import { startAedes, startMosquitto } from '../helpers/brokers';
import { CutProxy, startCutProxy } from '../helpers/cut-proxy';

const TAKEOVER_MS = 1200;
const SETTLE_MS = 300;
/** Room for timers and the broker on a loaded machine, on top of what the rules allow. */
const MARGIN_MS = 1500;

interface Span {
  id: string;
  from: number;
  to?: number;
}

interface Candidate {
  id: string;
  lock: LeaderLock;
  client: MqttClient;
  /** A crash: the socket closes without DISCONNECT, so the broker publishes the will. */
  kill(): Promise<void>;
  /** A clean stop: release, then DISCONNECT. */
  stop(): Promise<void>;
}

interface BrokerUnderTest {
  name: string;
  protocolVersion: 4 | 5;
  /** The v5 will delay the candidates use; 0 on 3.1.1. */
  willDelaySec: number;
  url(): string;
  port(): number;
  /** The broker goes away for `downMs` and comes back on the same port with nothing retained. */
  bounce(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

async function waitUntil(test: () => boolean, ms: number, what: string): Promise<number> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

for (const kind of ['aedes', 'mosquitto'] as const) {
  describe(`leader lock on ${kind}`, function () {
    this.timeout(30000);
    let broker: BrokerUnderTest;
    let spans: Span[];
    let candidates: Candidate[];
    let topicCount = 0;
    let topic: string;

    before(async () => {
      if (kind === 'aedes') {
        const aedes = await startAedes();
        broker = {
          name: kind,
          protocolVersion: 4,
          willDelaySec: 0,
          url: () => aedes.url,
          port: () => aedes.port,
          async bounce(downMs) {
            await aedes.restart({ fresh: true, downMs });
          },
          stop: () => aedes.stop(),
        };
      } else {
        const mosquitto = await startMosquitto();
        broker = {
          name: kind,
          protocolVersion: 5,
          willDelaySec: 1,
          url: () => mosquitto.url,
          port: () => mosquitto.port,
          async bounce(downMs) {
            await mosquitto.kill();
            await sleep(downMs);
            await mosquitto.restart();
          },
          stop: () => mosquitto.stop(),
        };
      }
    });
    after(async () => broker.stop());

    beforeEach(() => {
      spans = [];
      candidates = [];
      topic = `cc/test-${kind}-${++topicCount}/leader`;
    });

    afterEach(async () => {
      await Promise.all(candidates.map((c) => c.stop()));
      assertNoOverlap(spans);
    });

    function leaders(): string[] {
      return candidates.filter((c) => c.lock.role === 'leader').map((c) => c.id);
    }

    function openSpan(id: string): Span | undefined {
      return spans.find((s) => s.id === id && s.to === undefined);
    }

    function candidate(id: string, options: Partial<LeaderLockOptions> & { url?: string } = {}): Candidate {
      const lock = new LeaderLock({ topic, candidate: id, takeoverMs: TAKEOVER_MS, settleMs: SETTLE_MS, willDelaySec: broker.willDelaySec, ...options });
      lock.on('leader', () => spans.push({ id, from: Date.now() }));
      lock.on('standby', () => {
        const span = openSpan(id);
        if (span) span.to = Date.now();
      });
      const client = mqtt.connect(options.url ?? broker.url(), {
        clientId: `lock-${id}-${topicCount}-${Math.random().toString(16).slice(2, 8)}`,
        protocolVersion: broker.protocolVersion,
        will: lock.will(),
        // The session outlives the connection by more than the will delay, so the delay applies.
        properties: broker.protocolVersion === 5 ? { sessionExpiryInterval: 30 } : undefined,
        reconnectPeriod: 100,
        connectTimeout: 2000,
        // The lock must find a dead link itself, not wait for the client's keepalive.
        keepalive: 60,
      });
      client.on('connect', () => lock.attach(client));
      client.on('error', () => undefined);
      let gone = false;
      const c: Candidate = {
        id,
        lock,
        client,
        async kill() {
          gone = true;
          // The process dies: whatever it led ends now.
          const span = openSpan(id);
          if (span) span.to = Date.now();
          client.end(true);
          await lock.release();
        },
        async stop() {
          if (gone) return;
          gone = true;
          await lock.release();
          await client.endAsync();
        },
      };
      candidates.push(c);
      return c;
    }

    it('one candidate becomes leader after the claim has been absent for takeoverMs', async () => {
      const started = Date.now();
      const a = candidate('a');
      const at = await waitUntil(() => a.lock.role === 'leader', TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'leader');
      assert.ok(at - started >= TAKEOVER_MS + SETTLE_MS - 50, `leader after ${at - started} ms: too early`);
      assert.equal(a.lock.epoch, 1);
      assert.equal(a.lock.holder, 'a');
      // A late joiner sees the retained claim and stays standby.
      const b = candidate('b');
      await waitUntil(() => b.lock.holder === 'a', 3000, 'b sees a');
      await sleep(TAKEOVER_MS + SETTLE_MS);
      assert.deepEqual(leaders(), ['a']);
      assert.equal(b.lock.role, 'standby');
    });

    it('two candidates started together: exactly one leader, always the lower id', async () => {
      for (let round = 0; round < 2; round++) {
        topic = `cc/test-${kind}-${++topicCount}/leader`;
        // Started in either order, the tie-break decides.
        const pair = round % 2 === 0 ? [candidate('x2'), candidate('x1')] : [candidate('x1'), candidate('x2')];
        await waitUntil(() => leaders().length > 0, TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leader');
        await sleep(SETTLE_MS * 2);
        assert.deepEqual(leaders(), ['x1'], `round ${round}`);
        const standby = pair.find((c) => c.id === 'x2') as Candidate;
        await waitUntil(() => standby.lock.holder === 'x1', 2000, 'x2 sees x1');
        await Promise.all(pair.map((c) => c.stop()));
        candidates = [];
      }
    });

    it('the leader is killed (no DISCONNECT): the standby takes over within takeoverMs and a bounded margin', async () => {
      const a = candidate('a');
      await waitUntil(() => a.lock.role === 'leader', TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leads');
      const b = candidate('b');
      await waitUntil(() => b.lock.holder === 'a', 3000, 'b sees a');
      const killed = Date.now();
      await a.kill();
      const bound = broker.willDelaySec * 1000 + TAKEOVER_MS + SETTLE_MS + MARGIN_MS;
      const at = await waitUntil(() => b.lock.role === 'leader', bound, 'b takes over');
      // Not before the will (delayed on v5) and the takeover time.
      assert.ok(at - killed >= broker.willDelaySec * 1000 + TAKEOVER_MS, `took over after ${at - killed} ms: too early`);
      assert.equal(b.lock.epoch, 2);
    });

    it('a leader cut off from the broker (its socket does not notice) steps down before the standby takes over', async () => {
      const proxy: CutProxy = await startCutProxy(broker.port());
      try {
        const a = candidate('a', { url: proxy.url });
        await waitUntil(() => a.lock.role === 'leader', TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leads');
        const b = candidate('b');
        await waitUntil(() => b.lock.holder === 'a', 3000, 'b sees a');
        proxy.cut();
        const bound = broker.willDelaySec * 1000 + TAKEOVER_MS + SETTLE_MS + MARGIN_MS;
        await waitUntil(() => b.lock.role === 'leader', bound, 'b takes over');
        assert.equal(a.client.connected, true, 'the cut is invisible to the client socket');
        assert.equal(a.lock.role, 'standby');
        const aSpan = spans.find((s) => s.id === 'a') as Span;
        const bSpan = spans.find((s) => s.id === 'b') as Span;
        assert.ok(aSpan.to !== undefined && aSpan.to < bSpan.from, `a led until ${aSpan.to}, b from ${bSpan.from}`);
      } finally {
        await Promise.all(candidates.map((c) => c.kill()));
        await proxy.close();
      }
    });

    it('release() hands over promptly: no takeover wait after a deliberate release', async () => {
      const a = candidate('a');
      await waitUntil(() => a.lock.role === 'leader', TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leads');
      const b = candidate('b');
      await waitUntil(() => b.lock.holder === 'a', 3000, 'b sees a');
      const released = Date.now();
      await a.stop();
      const at = await waitUntil(() => b.lock.role === 'leader', SETTLE_MS + MARGIN_MS, 'b takes over');
      assert.ok(at - released < TAKEOVER_MS, `handed over after ${at - released} ms`);
    });

    it('three candidates: one leader at a time through a kill and a release', async () => {
      const trio = [candidate('c3'), candidate('c1'), candidate('c2')];
      await waitUntil(() => leaders().length === 1, TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leader');
      await sleep(SETTLE_MS * 2);
      assert.deepEqual(leaders(), ['c1']);
      await trio[1].kill();
      const bound = broker.willDelaySec * 1000 + TAKEOVER_MS + SETTLE_MS + MARGIN_MS;
      await waitUntil(() => leaders().length === 1, bound, 'a second leader');
      await sleep(SETTLE_MS * 2);
      assert.deepEqual(leaders(), ['c2'], 'both saw the will together: the lower id wins');
      await trio[2].stop();
      await waitUntil(() => leaders().length === 1, SETTLE_MS + MARGIN_MS, 'the last one leads');
      assert.deepEqual(leaders(), ['c3']);
      assert.equal(trio[0].lock.epoch, 3);
    });

    it('a broker restart shorter than the step-down deadline is no failover; a long one ends with one leader', async () => {
      const a = candidate('a');
      await waitUntil(() => a.lock.role === 'leader', TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leads');
      const b = candidate('b');
      await waitUntil(() => b.lock.holder === 'a', 3000, 'b sees a');
      // Back in far less than takeoverMs / 2: a claims again before anyone may take over.
      await broker.bounce(50);
      await waitUntil(() => b.lock.holder === 'a' && b.client.connected && a.client.connected, 5000, 'b sees a again');
      await sleep(TAKEOVER_MS + SETTLE_MS);
      assert.deepEqual(leaders(), ['a']);
      assert.equal(spans.length, 1, 'a never stepped down');
      // Down for longer than takeoverMs: a steps down, and afterwards exactly one leads.
      await broker.bounce(TAKEOVER_MS);
      assert.equal(a.lock.role, 'standby');
      await waitUntil(() => leaders().length === 1, TAKEOVER_MS + SETTLE_MS + MARGIN_MS + 2000, 'a leader again');
      await sleep(SETTLE_MS * 2);
      assert.equal(leaders().length, 1);
    });

    it('leaves no timer behind after release()', async () => {
      await sleep(50);
      const before = timers();
      const a = candidate('a');
      await waitUntil(() => a.lock.role === 'leader', TAKEOVER_MS + SETTLE_MS + MARGIN_MS, 'a leads');
      const b = candidate('b');
      await waitUntil(() => b.lock.holder === 'a', 3000, 'b sees a');
      await Promise.all(candidates.map((c) => c.stop()));
      await sleep(50);
      assert.equal(timers(), before, process.getActiveResourcesInfo().join(', '));
      assert.equal(a.lock.role, 'unknown');
      assert.equal(a.client.listenerCount('packetreceive'), 0);
    });
  });
}

function assertNoOverlap(spans: Span[]): void {
  const sorted = [...spans].sort((x, y) => x.from - y.from);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    assert.ok(prev.to !== undefined && prev.to <= sorted[i].from, `${prev.id} still led when ${sorted[i].id} became leader`);
  }
}

describe('leader claim rules', () => {
  const claim = (holder: string, epoch: number, online: boolean, timestamp = 1): LeaderClaim => ({ holder, epoch, online, timestamp });

  it('a higher epoch wins, a lower one is stale, whatever the holder', () => {
    assert.equal(supersedes(claim('b', 3, true), claim('a', 2, true)), true);
    assert.equal(supersedes(claim('a', 1, true), claim('b', 2, true)), false);
    assert.equal(supersedes(claim('a', 1, false), claim('b', 2, false)), false);
  });

  it('an equal epoch goes to the lower candidate id, and to the same holder\'s newer connection', () => {
    assert.equal(supersedes(claim('a', 2, true), claim('b', 2, true)), true);
    assert.equal(supersedes(claim('b', 2, true), claim('a', 2, true)), false);
    assert.equal(supersedes(claim('a', 2, true, 5), claim('a', 2, false, 4)), true);
    assert.equal(supersedes(claim('a', 2, true, 3), claim('a', 2, true, 4)), false);
  });

  it('an offline message ends the connection that made the claim, and no other', () => {
    // A will made when the holder knew an older epoch still ends its claim.
    assert.equal(supersedes(claim('a', 1, false, 7), claim('a', 4, true, 7)), true);
    // The will of a connection the holder replaced does not.
    assert.equal(supersedes(claim('a', 4, false, 6), claim('a', 4, true, 7)), false);
    assert.equal(supersedes(claim('b', 4, false, 7), claim('a', 4, true, 7)), false);
  });

  it('decodes only well-formed claims', () => {
    assert.deepEqual(decodeClaim('{"holder":"a","epoch":2,"online":true,"timestamp":5}'), claim('a', 2, true, 5));
    for (const bad of ['', 'x', '{}', '{"holder":"","epoch":1,"online":true,"timestamp":1}', '{"holder":"a","epoch":-1,"online":true,"timestamp":1}', '[1]']) {
      assert.equal(decodeClaim(bad), undefined, bad);
    }
  });
});
