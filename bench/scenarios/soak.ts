/**
 * Soak: the package under a steady, realistic Mitel event rate for a long time, with faults (the
 * server cuts the connection at a fixed period, the package reconnects and subscribes again),
 * RSS, heap (after a full GC) and the count of active handles sampled at a fixed period. What
 * matters is growth after the warm-up (the first 5 minutes; the first fifth of a shorter run):
 * a leak shows as steady growth, so each must stay under 5%.
 */
import { startGenerator } from '../lib/generator-process';
import { startNodeRed } from '../lib/node-red';
import { mitelBoardFlow, MITEL_CREDENTIALS } from '../lib/flows';
import { loadableNodeTypes } from '../lib/paths';
import type { BenchRow } from '../lib/result';
import { scenarioMain } from '../lib/scenario';
import { round } from '../lib/stats';

interface Args {
  group: string;
  minutes: number;
  ratePerSec: number;
  dropEveryS: number;
}

interface Sample {
  atS: number;
  rssMb: number;
  heapMb: number;
  /** What V8 holds from the system (heap spaces, code) and memory outside it (Buffers): where RSS goes. */
  heapTotalMb: number;
  externalMb: number;
  handles: number;
  delivered: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Active handles, the least of five readings 200 ms apart (a reconnect timer in flight is not a leak). */
async function handles(): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 5; i++) {
    least = Math.min(least, process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length);
    await sleep(200);
  }
  return least;
}

async function sample(startedAt: number, delivered: number): Promise<Sample> {
  const h = await handles();
  gc?.();
  const mem = process.memoryUsage();
  const mb = (n: number): number => round(n / 1048576, 1);
  return {
    atS: Math.round((Date.now() - startedAt) / 1000),
    rssMb: mb(mem.rss),
    heapMb: mb(mem.heapUsed),
    heapTotalMb: mb(mem.heapTotal),
    externalMb: mb(mem.external),
    handles: h,
    delivered,
  };
}

const growth = (from: number, to: number): number => round(((to - from) / from) * 100, 1);

scenarioMain<Args>('soak', async (a) => {
  const group = a.group;
  const { missing } = loadableNodeTypes(['cc-server', 'cc-event', 'cc-subscribe', 'cc-board']);
  if (missing.length) return [{ group, variant: 'soak', status: 'not available', note: `package nodes missing: ${missing.join(', ')}` }];
  if (!gc) return [{ group, variant: 'soak', status: 'error', note: 'run with --expose-gc (heap after a full GC)' }];
  const durationMs = a.minutes * 60_000;
  // Each minute; a short run still gets ten samples.
  const everyMs = Math.min(60_000, durationMs / 10);
  const warmupMs = a.minutes >= 25 ? 5 * 60_000 : durationMs / 5;
  const gen = await startGenerator(0, 'protocol', 'mixed', { ratePerSec: a.ratePerSec, dropEveryMs: a.dropEveryS * 1000 });
  const nr = await startNodeRed({ withPackage: true });
  await nr.deploy(mitelBoardFlow(gen.port, true), MITEL_CREDENTIALS);
  const startedAt = Date.now();
  const samples: Sample[] = [];
  for (let next = everyMs; next <= durationMs + 1; next += everyMs) {
    await sleep(Math.max(0, startedAt + next - Date.now()));
    samples.push(await sample(startedAt, nr.sink.count));
  }
  gen.stop();
  const rows: BenchRow[] = samples.map((s) => ({
    group,
    key: `t${s.atS}`,
    variant: `at ${s.atS} s`,
    status: 'ok',
    delivered: s.delivered,
    peakRssMb: s.rssMb,
    note: `heap ${s.heapMb} MB (V8 holds ${s.heapTotalMb} MB), external ${s.externalMb} MB, ${s.handles} handles`,
  }));
  const base = samples.find((s) => s.atS * 1000 >= warmupMs) ?? samples[0];
  const last = samples[samples.length - 1];
  rows.push({
    group,
    key: 'growth',
    variant: `growth from ${base.atS} s to ${last.atS} s (${a.ratePerSec} events/s, connection cut every ${a.dropEveryS} s)`,
    status: 'ok',
    delivered: last.delivered,
    eventsPerSec: round(last.delivered / last.atS),
    durationMs: last.atS * 1000,
    peakRssMb: last.rssMb,
    extra: {
      rssGrowthPct: growth(base.rssMb, last.rssMb),
      heapGrowthPct: growth(base.heapMb, last.heapMb),
      handlesGrowthPct: growth(base.handles, last.handles),
      rssMb: `${base.rssMb} -> ${last.rssMb}`,
      heapMb: `${base.heapMb} -> ${last.heapMb}`,
      handles: `${base.handles} -> ${last.handles}`,
      drops: Math.floor(last.atS / a.dropEveryS),
      // How V8 sized its young generation in this run (bench/run.ts pins it unless --v8-defaults).
      youngGeneration: process.execArgv.filter((f) => f.includes('semi-space')).join(' ') || 'V8 defaults',
    },
  });
  return rows;
});
