/**
 * Events per second of one burst of Mitel events, from the generator's first byte to the last event
 * delivered at the end of: the raw client (the limit), the core-node flow, or the package
 * (cc-server -> cc-event). Bounded by a memory cap and a time cap: past either, the row says
 * "did not finish" with what was delivered by then.
 */
import { startGenerator } from '../lib/generator-process';
import { MemoryWatch } from '../lib/memory';
import { runRawClient } from '../lib/mitel-raw-client';
import { startNodeRed } from '../lib/node-red';
import { mitelBoardFlow, mitelCoreFlow, mitelFanoutFlow, mitelPackageFlow, MITEL_CREDENTIALS } from '../lib/flows';
import { loadableNodeTypes } from '../lib/paths';
import type { BenchRow } from '../lib/result';
import { scenarioMain } from '../lib/scenario';
import { round, wallMs } from '../lib/stats';

interface Args {
  group: string;
  variant: 'raw' | 'core-flow' | 'package' | 'board' | 'fanout-1' | 'fanout-1000';
  count: number;
  capMb: number;
  capMs: number;
}

const LABEL: Record<Args['variant'], string> = {
  raw: 'raw Node.js client (NUL split + JSON.parse)',
  'core-flow': 'core nodes: tcp in -> split -> json -> switch',
  package: 'package: cc-server -> cc-event',
  board: 'package: cc-server -> cc-event, with a cc-board beside it',
  'fanout-1': 'package: 1 cc-agent-event (no filter), agent events of 1,000 agents',
  'fanout-1000': 'package: 1,000 cc-agent-event, one agent each, same events',
};
const FANOUT_AGENTS = 1000;

scenarioMain<Args>('mitel', async (a) => {
  const row: BenchRow = { group: a.group, key: a.variant, variant: LABEL[a.variant], status: 'ok', offered: a.count };
  let withSubscribe = false;
  const fanout = a.variant === 'fanout-1' || a.variant === 'fanout-1000';
  if (a.variant === 'package' || a.variant === 'board' || fanout) {
    const { missing } = loadableNodeTypes(['cc-server', fanout ? 'cc-agent-event' : 'cc-event', ...(a.variant === 'board' ? ['cc-board'] : [])]);
    if (missing.length) return [{ ...row, status: 'not available', note: `package nodes missing: ${missing.join(', ')}` }];
    withSubscribe = loadableNodeTypes(['cc-subscribe']).missing.length === 0;
    if (!withSubscribe) row.note = 'cc-subscribe not built: the generator streamed without a subscribe request';
  }
  const mem = new MemoryWatch();
  let capHit = '';
  let stopWaiting: () => void = () => undefined;
  const capped = new Promise<void>((r) => (stopWaiting = r));
  mem.start(50, a.capMb * 1024 * 1024, (rss) => {
    capHit = `memory cap ${a.capMb} MB reached (RSS ${round(rss / 1048576)} MB)`;
    stopWaiting();
  });
  const capTimer = setTimeout(() => {
    capHit = `time cap ${a.capMs / 1000} s reached`;
    stopWaiting();
  }, a.capMs);

  const gen = await startGenerator(a.count, a.variant === 'core-flow' ? 'none' : 'protocol', fanout ? `agents:${FANOUT_AGENTS}` : 'mixed');
  let delivered = (): number => 0;
  let done: Promise<unknown>;
  let endAt = 0;
  if (a.variant === 'raw') {
    let n = 0;
    let resolveDone: () => void = () => undefined;
    done = new Promise<void>((r) => (resolveDone = r));
    runRawClient(gen.port, () => {
      if (++n === a.count) {
        endAt = wallMs();
        resolveDone();
      }
    });
    delivered = () => n;
  } else {
    const nr = await startNodeRed({ withPackage: a.variant !== 'core-flow' });
    delivered = () => nr.sink.count;
    done = nr.sink.whenCount(a.count).then(() => (endAt = nr.sink.lastAt));
    if (a.variant === 'core-flow') await nr.deploy(mitelCoreFlow(gen.port));
    else if (a.variant === 'package') await nr.deploy(mitelPackageFlow(gen.port, withSubscribe), MITEL_CREDENTIALS);
    else if (a.variant === 'board') await nr.deploy(mitelBoardFlow(gen.port, withSubscribe), MITEL_CREDENTIALS);
    else {
      const agents = a.variant === 'fanout-1000' ? FANOUT_AGENTS : 0;
      await nr.deploy(mitelFanoutFlow(gen.port, agents, withSubscribe), MITEL_CREDENTIALS);
    }
  }
  // CPU time of this (consumer) process from here to the last event: robust to other load on the
  // machine, unlike wall-clock time. Includes the handshake, which is negligible beside a burst.
  const cpu0 = process.cpuUsage();
  const startAt = await Promise.race([gen.burstStart, capped.then(() => 0)]);
  if (!startAt) {
    gen.stop();
    return [{ ...row, status: 'error', delivered: delivered(), note: `burst never started (${capHit}): the client did not authenticate and subscribe` }];
  }
  await Promise.race([done, capped]);
  clearTimeout(capTimer);
  mem.stop();
  gen.stop();
  const n = delivered();
  if (n < a.count) {
    const t = wallMs() - startAt;
    return [{
      ...row, status: 'did not finish', delivered: n, durationMs: round(t), eventsPerSec: round((n / t) * 1000),
      peakRssMb: round(mem.peakRssMb()), note: `${capHit}; ${n} of ${a.count} delivered`,
    }];
  }
  const t = endAt - startAt;
  const cpu = process.cpuUsage(cpu0);
  return [{
    ...row, delivered: n, durationMs: round(t), eventsPerSec: round((n / t) * 1000), peakRssMb: round(mem.peakRssMb()),
    extra: { usPerEvent: round((t * 1000) / n, 2), cpuUsPerEvent: round((cpu.user + cpu.system) / n, 2) },
  }];
});
