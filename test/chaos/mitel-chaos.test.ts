/**
 * Chaos on Mitel: the simulator emits a numbered stream of call events (100 a second) to a real
 * Node-RED runtime through the TCP fault proxy, which injects random faults for CC_CHAOS_MS
 * (default 60 s) from the seed CC_CHAOS_SEED (printed). Then the conservation check: against the
 * simulator's ledger ('sent': connection, sequence, event), every event sent on a connection arrived
 * exactly once and in order, or was sent after the last one received on a connection whose end a
 * `connection` event reported (gap with the last sequence); every event generated while no
 * subscription existed lies inside such a reported gap. No silent loss, no duplicate.
 */
import assert from 'assert/strict';
import { MitelSimulator, type SentEvent } from '../../src/sim/mitel';
import { SeededRandom } from '../../src/sim/common/rng';
import type { NodeMessage } from '../../nodes/lib/red';
import type { StateChange } from '../../src/core/types';
import { helper, initHelper, watchStatus } from '../nodes/support';
import { FaultProxy } from '../helpers/fault-proxy';
import { callIdOf, connectionEvent, loadMitelFlow, nextGoodEvent, numberedEvent } from '../faults/mitel-flow';
import { chaosSettings, inWindows, reportedWindows, settledStream, sleep, tally, waitFor, type ConnectionNote } from './chaos-settings';
import { checkConservation, conservationTable, type Arrival } from './conservation';

/** Numbers of the chaos stream start here (below: the probes of the set-up). */
const FIRST = 1;
const EVENTS_PER_TICK = 1;
const TICK_MS = 10;

describe('chaos: Mitel through the TCP fault proxy, with a conservation check', function () {
  const { seed, ms } = chaosSettings('mitel');
  this.timeout(ms + 150_000);
  let sim: MitelSimulator;
  let proxy: FaultProxy;

  before(() => initHelper());
  after(async () => {
    await helper.unload();
    await proxy?.stop();
    await sim?.stop();
  });

  it(`every event exactly once and in order, or inside a reported gap (seed ${seed})`, async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 600_000, seed: 5 });
    await sim.start();
    proxy = new FaultProxy({ host: '127.0.0.1', port: sim.port }, seed);
    await proxy.start();
    await loadMitelFlow(proxy.port, { idleTimeout: 1, requestTimeout: 2 });
    const status = watchStatus('calls');
    await status.waitFor((s) => s.fill === 'green', 10000);
    await nextGoodEvent(sim, 1_000_000_000);

    // The ledger: what the simulator sent on which connection; and what the flow received.
    const ledger = new Map<number, { conn: number; seq: number }[]>();
    /** When the simulator sent a numbered event (ascending): the ends of the windows without a connection. */
    const sentTimes: number[] = [];
    sim.on('sent', (sent: SentEvent) => {
      const n = sent.message['call-id'];
      if (sent.message.message !== 'call-cleared' || typeof n !== 'number' || n >= 1_000_000_000) return;
      sentTimes.push(Date.now());
      ledger.set(n, [...(ledger.get(n) ?? []), { conn: sent.connectionId, seq: sent.sequence }]);
    });
    const arrivals: Arrival[] = [];
    helper.getNode('calls-out').on('input', ((msg: NodeMessage) => {
      const n = callIdOf(msg);
      if (n !== undefined && n < 1_000_000_000) arrivals.push({ n, at: Date.now() });
    }) as (...args: never[]) => void);
    const notes: ConnectionNote[] = [];
    const warnings: Array<{ at: number; text: string }> = [];
    let connected = true;
    /** When the client's next attempt is due: the faults may leave it waiting out a backoff. */
    let nextRetryAt = 0;
    helper.getNode('ev-out').on('input', ((msg: NodeMessage) => {
      if (msg.topic === 'warning') {
        const w = msg.payload as { code?: string; message?: string };
        warnings.push({ at: Date.now(), text: `${w.code}: ${w.message}` });
        return;
      }
      if (msg.topic !== 'connection') return;
      const change = msg.payload as StateChange;
      connected = change.state === 'connected';
      notes.push({ at: Date.now(), state: change.state, gap: change.gap });
      if (change.retryInMs !== undefined) nextRetryAt = Date.now() + change.retryInMs;
    }) as (...args: never[]) => void);

    const generated = new Map<number, number>();
    let next = FIRST;
    const emitter = setInterval(() => {
      for (let i = 0; i < EVENTS_PER_TICK; i++) {
        generated.set(next, Date.now());
        sim.emitEvent(numberedEvent(next++));
      }
    }, TICK_MS);

    // Random faults from the seed until the time is up; after one that breaks the connection,
    // wait for the reconnect so that every kind gets its turn.
    const rng = new SeededRandom(seed);
    const faults = new Map<string, number>();
    const end = Date.now() + ms;
    const reconnected = (): Promise<boolean> => waitFor(() => connected, 15000);
    try {
      while (Date.now() < end) {
        const kind = rng.pick(['reset-mid-frame', 'reset', 'half-open', 'down', 'limit-data', 'slicer', 'latency', 'slow-reader'] as const);
        tally(faults, kind);
        switch (kind) {
          case 'reset-mid-frame':
            await Promise.race([proxy.resetInNextChunk('down', rng.next()), sleep(2000)]);
            await reconnected();
            break;
          case 'reset':
            proxy.resetAll();
            await reconnected();
            break;
          case 'half-open':
            proxy.set('down', { blackhole: true });
            proxy.set('up', { blackhole: true });
            await waitFor(() => !connected, 5000);
            proxy.clear();
            await reconnected();
            break;
          case 'down':
            await proxy.down();
            await sleep(rng.int(200, 1500));
            await proxy.up();
            await reconnected();
            break;
          case 'limit-data':
            proxy.set('down', { limitBytes: rng.int(100, 20000) });
            await waitFor(() => !connected, 3000);
            proxy.clear();
            await reconnected();
            break;
          case 'slicer':
            proxy.set('down', { slicer: { maxBytes: rng.int(1, 64) } });
            proxy.set('up', { slicer: { maxBytes: rng.int(1, 8) } });
            await sleep(rng.int(500, 2000));
            proxy.clear();
            break;
          case 'latency':
            proxy.set('down', { latencyMs: rng.int(0, 50), jitterMs: rng.int(0, 100) });
            await sleep(rng.int(500, 2000));
            proxy.clear();
            break;
          case 'slow-reader':
            proxy.set('down', { bytesPerSecond: rng.int(30_000, 80_000) });
            await sleep(rng.int(500, 2000));
            proxy.clear();
            break;
        }
        await sleep(rng.int(200, 1000));
      }
    } finally {
      proxy.clear();
      await proxy.up();
    }
    // Recovery: connected, quiet for a second and the stream flowing (a connection a last fault hit
    // may still be ending: its gap report must be in before the check); then stop it and let the
    // last one arrive.
    const settled = await settledStream({
      notes,
      connectedNow: () => connected && status.all[status.all.length - 1]?.fill === 'green',
      nextNumber: () => next,
      arrived: (n) => arrivals.some((a) => a.n >= n),
      ms: Math.max(0, nextRetryAt - Date.now()) + 20_000,
    });
    assert.ok(settled, `the client did not settle into a flowing connection after the faults; last notes ${JSON.stringify(notes.slice(-3))}`);
    clearInterval(emitter);
    const last = next - 1;
    await waitFor(() => arrivals.some((a) => a.n === last), 10000);

    const finalConn = Math.max(...[...ledger.values()].flat().map((e) => e.conn));
    const lastArrivedSeq = new Map<number, number>();
    for (const { n } of arrivals) {
      for (const entry of ledger.get(n) ?? []) lastArrivedSeq.set(entry.conn, Math.max(lastArrivedSeq.get(entry.conn) ?? -1, entry.seq));
    }
    // Each connection that ended after delivering must be matched, in order, by one reported gap
    // whose last sequence lies between what arrived and what did not.
    const gaps = notes.filter((n) => n.state === 'disconnected' && n.gap).map((n) => n.gap?.lastSequence ?? -1);
    const reportedConn = new Set<number>();
    let g = 0;
    const conns = [...new Set([...ledger.values()].flat().map((e) => e.conn))].sort((a, b) => a - b);
    for (const conn of conns) {
      if (conn === finalConn) continue;
      const arrivedUpTo = lastArrivedSeq.get(conn) ?? -1;
      const firstMissing = Math.min(
        ...[...ledger.entries()].flatMap(([n, es]) => es.filter((e) => e.conn === conn && e.seq > arrivedUpTo && !arrivals.some((a) => a.n === n)).map((e) => e.seq)),
      );
      while (g < gaps.length && !(gaps[g] >= arrivedUpTo && gaps[g] < firstMissing)) g++;
      if (g < gaps.length) {
        reportedConn.add(conn);
        g++;
      }
    }
    // A reported gap covers what the simulator could not send: from its last send before the report
    // (the connection was already gone then, however late the client noticed) to its first send after
    // the next `connected` (subscriptions restored), both read from the simulator's own ledger.
    const lastSentBefore = (t: number): number | undefined => {
      let found: number | undefined;
      for (const at of sentTimes) if (at <= t) found = at;
      return found;
    };
    const firstSentAfter = (t: number): number => sentTimes.find((at) => at >= t) ?? Infinity;
    const windows = reportedWindows(notes, (note) => (note.state === 'disconnected' && note.gap ? (lastSentBefore(note.at) ?? note.at - 300) : undefined), 0).map(
      ([from, to]): [number, number] => [from, to === Infinity ? Infinity : firstSentAfter(to)],
    );
    // Inside a connection, a frame the faults garbled is a BAD_FRAME and the sequence jump after it a
    // SEQUENCE_GAP warning with its count: those events are reported (sequences restart per
    // connection, so the warning must come within a few seconds of the event).
    const sequenceGaps = warnings.flatMap((w) => {
      const m = /^SEQUENCE_GAP: sequence gap: expected (\d+), got (\d+)/.exec(w.text);
      return m ? [{ at: w.at, from: Number(m[1]), to: Number(m[2]) }] : [];
    });
    const inSequenceGap = (n: number, seq: number): boolean =>
      sequenceGaps.some((g) => seq >= g.from && seq < g.to && Math.abs(g.at - (generated.get(n) ?? 0)) < 3000);
    const result = checkConservation({
      generated,
      sentCount: new Map([...ledger].map(([n, es]) => [n, es.length])),
      arrivals,
      lostIsReported: (n) =>
        (ledger.get(n) ?? []).every(
          (e) => (e.conn !== finalConn && reportedConn.has(e.conn) && e.seq > (lastArrivedSeq.get(e.conn) ?? -1)) || inSequenceGap(n, e.seq),
        ),
      unsentIsReported: (n) => inWindows(generated.get(n) ?? 0, windows),
    });
    console.log(conservationTable(`chaos mitel, seed ${seed}, ${ms} ms, ${conns.length} connections, ${gaps.length} gap reports`, faults, result));
    // On a failure, what the next engineer needs: each silent loss with its ledger and the nearby notes.
    const explain = (n: number): string => {
      const at = generated.get(n) ?? 0;
      const near = notes.filter((x) => Math.abs(x.at - at) < 3000).map((x) => `${x.state}@${x.at - at}ms${x.gap ? ` gap(last ${x.gap.lastSequence})` : ''}`);
      const warned = warnings.filter((w) => Math.abs(w.at - at) < 3000).map((w) => `${w.text}@${w.at - at}ms`);
      return `${n}: sent ${JSON.stringify(ledger.get(n) ?? [])}, notes ${near.join(' ')}; warnings ${warned.join(' ')}`;
    };
    assert.equal(result.lostSilent, 0, `silent losses:\n${result.silentNumbers.map(explain).join('\n')}`);
    assert.equal(result.duplicated, 0, 'duplicates');
    assert.equal(result.unexpected, 0, 'unexpected');
    assert.equal(result.outOfOrder, 0, 'out of order');
    assert.ok(result.delivered > 0.2 * result.generated, 'the stream flowed between the faults');
  });
});
