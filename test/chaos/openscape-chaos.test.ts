/**
 * Chaos on OpenScape: the simulator posts a numbered stream of HELD_EVENTs (50 a second) to a
 * real Node-RED runtime while random faults hit the client's REST requests (5xx, 401 with the
 * session still good, resets, requests never answered, slow answers), the webhook POSTs are slowed,
 * and the server expires the session now and then; for CC_CHAOS_MS (default 60 s) from the seed
 * CC_CHAOS_SEED (printed). Then the conservation check against the simulator's ledger (its
 * 'webhook' outcomes): every event POSTed to the package arrived exactly once and in order; every
 * event generated while no session listened lies inside a gap that a `connected` event reported.
 */
import assert from 'assert/strict';
import { SeededRandom } from '../../src/sim/common/rng';
import type { WebhookOutcome } from '../../src/sim/openscape';
import type { NodeMessage } from '../../nodes/lib/red';
import type { StateChange } from '../../src/core/types';
import { helper, initHelper, watchStatus } from '../nodes/support';
import { loadOpenScapeFlow, nextGoodEvent, numberOf, postNumbered, startRig, type OpenScapeRig } from '../faults/openscape-flow';
import { chaosSettings, inWindows, settledStream, sleep, tally, waitFor, type ConnectionNote } from './chaos-settings';
import { checkConservation, conservationTable, type Arrival } from './conservation';

const PROBES = 1_000_000_000;

function numberInBody(body: unknown): number | undefined {
  const data = (body as { data?: { type?: string; data?: { uniqueCallId?: unknown } } } | undefined)?.data;
  const id = data?.type === 'HELD_EVENT' ? data.data?.uniqueCallId : undefined;
  return typeof id === 'string' && /^n\d+$/.test(id) ? Number(id.slice(1)) : undefined;
}

describe('chaos: OpenScape through the HTTP fault proxies, with a conservation check', function () {
  const { seed, ms } = chaosSettings('openscape');
  this.timeout(ms + 150_000);
  let rig: OpenScapeRig | undefined;

  before(() => initHelper());
  after(async () => {
    await helper.unload();
    await rig?.close();
  });

  it(`every event exactly once and in order, or inside a reported gap (seed ${seed})`, async () => {
    // A session no request keeps alive ends after 3 s, as a real server's would.
    rig = await startRig(seed, { keepAliveTimeoutMs: 3000 });
    const r = rig;
    await loadOpenScapeFlow(r, { keepAlive: 0.3, requestTimeout: 1 });
    const status = watchStatus('calls');
    await status.waitFor((s) => s.fill === 'green', 10000);
    await nextGoodEvent(r, PROBES);

    const sentCount = new Map<number, number>();
    const failedPosts: number[] = [];
    r.sim.on('webhook', (outcome: WebhookOutcome) => {
      const n = numberInBody(outcome.body);
      if (n === undefined || n >= PROBES) return;
      if (outcome.ok) sentCount.set(n, (sentCount.get(n) ?? 0) + 1);
      else failedPosts.push(n);
    });
    const arrivals: Arrival[] = [];
    helper.getNode('calls-out').on('input', ((msg: NodeMessage) => {
      const n = numberOf(msg);
      if (n !== undefined && n < PROBES) arrivals.push({ n, at: Date.now() });
    }) as (...args: never[]) => void);
    const notes: ConnectionNote[] = [];
    /** When the client's next attempt is due: the faults may leave it waiting out a long backoff. */
    let nextRetryAt = 0;
    helper.getNode('ev-out').on('input', ((msg: NodeMessage) => {
      if (process.env.CC_CHAOS_DEBUG) console.log(Date.now(), msg.topic, JSON.stringify(msg.payload));
      if (msg.topic !== 'connection') return;
      const change = msg.payload as StateChange;
      notes.push({ at: Date.now(), state: change.state, gap: change.gap });
      if (change.retryInMs !== undefined) nextRetryAt = Date.now() + change.retryInMs;
    }) as (...args: never[]) => void);

    const generated = new Map<number, number>();
    let next = 1;
    const emitter = setInterval(() => {
      generated.set(next, Date.now());
      postNumbered(r, next++);
    }, 20);

    const rng = new SeededRandom(seed);
    const faults = new Map<string, number>();
    r.rest.randomly({ status5xx: 0.03, status401: 0.02, reset: 0.02, timeout: 0.02, slow: { probability: 0.1, maxMs: 300 } });
    r.hook.randomly({ slow: { probability: 0.2, maxMs: 50 } });
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await sleep(rng.int(2000, 6000));
      if (Date.now() >= end) break;
      tally(faults, 'session expired');
      r.sim.expireSessions();
    }
    r.rest.randomly(undefined);
    r.hook.randomly(undefined);
    r.rest.releaseHeld();
    for (const { fault } of [...r.rest.injected, ...r.hook.injected]) {
      tally(faults, fault.kind === 'status' ? `HTTP ${fault.status}` : fault.kind);
    }

    const lastStatus = (): string | undefined => status.all[status.all.length - 1]?.fill;
    const settled = await settledStream({
      notes,
      connectedNow: () => lastStatus() === 'green',
      nextNumber: () => next,
      arrived: (n) => arrivals.some((a) => a.n >= n),
      // The backoff the faults left (up to its one-minute cap), then time for one good attempt.
      ms: Math.max(0, nextRetryAt - Date.now()) + 20_000,
    });
    assert.ok(settled, `the client did not settle into a flowing session after the faults; last notes ${JSON.stringify(notes.slice(-3))}`);
    clearInterval(emitter);
    const last = next - 1;
    await r.sim.webhooksIdle();
    await waitFor(() => arrivals.some((a) => a.n === last), 5000);

    // A new session reports the time from which events may be missing, up to its 'connected'
    // (and a moment for the last listen to take effect at the server).
    const windows: Array<[number, number]> = notes
      .filter((n) => n.state === 'connected' && n.gap)
      .map((n) => [Date.parse(n.gap?.since ?? '') - 50, n.at + 500]);
    const result = checkConservation({
      generated,
      sentCount,
      arrivals,
      lostIsReported: () => false,
      unsentIsReported: (n) => inWindows(generated.get(n) ?? 0, windows),
    });
    console.log(
      conservationTable(
        `chaos openscape, seed ${seed}, ${ms} ms, ${windows.length} new sessions reported, ${failedPosts.length} webhook POSTs failed`,
        faults,
        result,
      ),
    );
    if (process.env.CC_CHAOS_DEBUG) console.log('silent', result.silentNumbers.map((n) => `${n}@${generated.get(n)}`).join(' '));
    assert.equal(failedPosts.length, 0, 'no webhook POST failed');
    assert.equal(result.lostSilent, 0, `silent losses: ${result.silentNumbers.join(', ')}`);
    // On a failure, each event that arrived twice: how often the simulator posted it, and the notes near it.
    const explainDuplicates = (): string => {
      const counts = new Map<number, number>();
      for (const { n } of arrivals) counts.set(n, (counts.get(n) ?? 0) + 1);
      return [...counts]
        .filter(([, c]) => c > 1)
        .slice(0, 10)
        .map(([n, c]) => {
          const at = generated.get(n) ?? 0;
          const near = notes.filter((x) => Math.abs(x.at - at) < 5000).map((x) => `${x.state}@${x.at - at}ms`);
          return `${n}: arrived ${c}x, posted ${sentCount.get(n) ?? 0}x; notes ${near.join(' ')}`;
        })
        .join('\n');
    };
    assert.equal(result.duplicated, 0, `duplicates:\n${explainDuplicates()}`);
    assert.equal(result.unexpected, 0, 'unexpected');
    assert.equal(result.outOfOrder, 0, 'out of order');
    assert.ok(result.delivered > 0.2 * result.generated, 'the stream flowed between the faults');
  });
});
