/**
 * `npm run bench`: runs every scenario in its own child process, prints one markdown table, the
 * reading of each target, and writes bench/out/results.json. Loopback only; every scenario is bounded
 * in count and time and stops by itself.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execSync } from 'child_process';
import { runScenario } from './lib/child';
import { RESULTS_DIR } from './lib/paths';
import type { BenchRow } from './lib/result';
import { readTargets } from './lib/targets';
import { markdownTable } from './lib/table';

interface Step {
  title: string;
  scenario: string;
  group: string;
  args: Record<string, unknown>;
  timeoutMs: number;
  /**
   * Runs of a single-row step; the best is kept (other load on a shared machine only ever makes a run
   * slower), and every run's value is listed in the row. Repeats run in later rounds, interleaved
   * with the other variants, so that a burst of outside load does not hit one variant only.
   */
  repeat?: number;
  /** What "best" means: most events/s (default) or least consumer CPU per event. */
  best?: 'eventsPerSec' | 'cpu';
  /** Node options of the scenario process (`--expose-gc` for heap readings). */
  execArgv?: string[];
}

const QUICK = process.argv.includes('--quick');
const scale = (n: number) => (QUICK ? Math.max(1, Math.round(n / 10)) : n);

const mitel = (group: string, variant: string, count: number, capMs: number, capMb: number, repeat = 1, best: Step['best'] = 'eventsPerSec'): Step => ({
  title: `${group} ${variant}`,
  scenario: 'mitel-throughput',
  group,
  args: { group, variant, count: scale(count), capMs, capMb },
  timeoutMs: capMs + 30000,
  repeat,
  best,
});
const osc = (variant: string, repeat = 1): Step => ({
  title: `osc-webhook ${variant}`,
  scenario: 'osc-webhook',
  group: 'osc-webhook',
  args: { group: 'osc-webhook', variant, total: scale(10000), warmup: scale(1000), concurrency: 50 },
  timeoutMs: 90000,
  repeat,
});

/** `events`: the gateway's event messages, one per event (`each`, the default) or `batched`. */
const mqtt = (variant: 'direct' | 'gateway' | 'gateway-procs' | 'latency', consumers: number, capMs: number, events: 'each' | 'batched' = 'each'): Step => ({
  title: `mqtt-fanout ${variant}${events === 'batched' ? '-batched' : ''}${variant === 'direct' ? '' : `-${consumers}`}`,
  scenario: 'mqtt-fanout',
  group: 'mqtt-fanout',
  args: { group: 'mqtt-fanout', variant, count: scale(100_000), consumers, capMs, rate: 1000, seconds: QUICK ? 2 : 5, events },
  timeoutMs: capMs + 60000,
});

/**
 * A consumer Node-RED via a gateway Node-RED against a direct cc-event, `rounds` interleaved rounds
 * in one scenario run (the scenario keeps each variant's best and lists every round).
 */
const MQTT_NODERED_ROUNDS = QUICK ? 1 : 3;
const mqttNodeRed = (mode: 'throughput' | 'latency'): Step => ({
  title: `mqtt-nodered ${mode}`,
  scenario: 'mqtt-nodered',
  group: mode === 'latency' ? 'mqtt-nodered-latency' : 'mqtt-nodered',
  args: mode === 'latency'
    ? { group: 'mqtt-nodered-latency', mode, rounds: MQTT_NODERED_ROUNDS, ratePerSec: 1000, warmupS: QUICK ? 2 : 5, measureS: QUICK ? 5 : 15 }
    : { group: 'mqtt-nodered', mode, rounds: MQTT_NODERED_ROUNDS, count: scale(100_000), capMs: 120_000 },
  timeoutMs: mode === 'latency' ? MQTT_NODERED_ROUNDS * 3 * 60_000 : MQTT_NODERED_ROUNDS * 3 * 150_000,
});

/** Steady 1,000 events/s, send-to-output latency (Mitel: `mitel-latency`, OpenScape webhook: `osc-latency`). */
const latency = (scenario: 'mitel-latency' | 'osc-latency', variant: string): Step => ({
  title: `${scenario} ${variant}`,
  scenario,
  group: scenario,
  args: { group: scenario, variant, ratePerSec: 1000, warmupS: QUICK ? 2 : 5, measureS: QUICK ? 5 : 20 },
  timeoutMs: 90000,
});

/** `npm run bench -- soak [--minutes N]`: the soak alone (30 minutes by default). */
const SOAK = process.argv.includes('soak');
const minutesArg = process.argv.indexOf('--minutes');
const SOAK_MINUTES = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 30;
/**
 * V8 grows its young generation (two semi-spaces, 1 MB each at start) towards 16 MB each as the
 * bytes that survive scavenges add up, and its memory reducer gives them back when the process
 * looks idle: over a long run RSS moves by about 30 MB with nothing held by the package (the heap
 * used after a full GC stays flat). The soak pins the young generation at the size V8 grows it to
 * anyway, so that RSS growth after the warm-up measures what the process holds. `--v8-defaults`
 * runs it with V8's own sizing (docs/reliability.md gives both).
 */
const SOAK_V8_DEFAULTS = process.argv.includes('--v8-defaults');
const SOAK_YOUNG_GENERATION = SOAK_V8_DEFAULTS ? [] : ['--min-semi-space-size=16', '--max-semi-space-size=16'];
const SOAK_STEPS: Step[] = [
  {
    title: `soak ${SOAK_MINUTES} min${SOAK_V8_DEFAULTS ? ' (V8 defaults)' : ''}`,
    scenario: 'soak',
    group: 'soak',
    args: { group: 'soak', minutes: SOAK_MINUTES, ratePerSec: 200, dropEveryS: Math.min(60, Math.max(10, Math.round((SOAK_MINUTES * 60) / 10))) },
    timeoutMs: SOAK_MINUTES * 60_000 + 120_000,
    execArgv: ['--expose-gc', ...SOAK_YOUNG_GENERATION],
  },
];

const STEPS: Step[] = [
  mitel('mitel-100k', 'raw', 100_000, 60_000, 2000, 3),
  mitel('mitel-100k', 'core-flow', 100_000, 60_000, 2000, 2),
  mitel('mitel-100k', 'package', 100_000, 60_000, 2000, 3),
  mitel('mitel-100k', 'board', 100_000, 60_000, 2000, 3),
  mitel('mitel-1m', 'package', 1_000_000, 150_000, 1500),
  mitel('mitel-500k-core', 'core-flow', 500_000, 20_000, 1500),
  mitel('mitel-fanout', 'fanout-1', 100_000, 60_000, 2000, 2, 'cpu'),
  mitel('mitel-fanout', 'fanout-1000', 100_000, 60_000, 2000, 2, 'cpu'),
  {
    title: 'framer package', scenario: 'framer', group: 'framer-20mb',
    args: { group: 'framer-20mb', variant: 'package', sizesMb: [1, 5, 10, 20], chunkBytes: 1024, capMs: 15000, repeat: 3 },
    timeoutMs: 60000,
  },
  {
    title: 'framer package default limit', scenario: 'framer', group: 'framer-20mb',
    args: { group: 'framer-20mb', variant: 'package-default-limit', sizesMb: [20], chunkBytes: 1024, capMs: 15000 },
    timeoutMs: 60000,
  },
  {
    title: 'framer naive', scenario: 'framer', group: 'framer-20mb',
    args: { group: 'framer-20mb', variant: 'naive', sizesMb: [1, 2, 20], chunkBytes: 1024, capMs: 10000 },
    timeoutMs: 60000,
  },
  {
    title: 'board memory', scenario: 'board-memory', group: 'board-memory',
    args: { group: 'board-memory', agents: scale(10000), queues: scale(1000) },
    timeoutMs: 60000, execArgv: ['--expose-gc'],
  },
  mqtt('direct', 1, 60_000),
  mqtt('gateway', 1, 120_000),
  mqtt('gateway', 50, 300_000),
  mqtt('gateway-procs', 5, 120_000),
  mqtt('latency', 50, 60_000),
  mqtt('latency', 1, 60_000),
  mqtt('gateway', 1, 120_000, 'batched'),
  mqtt('gateway', 50, 300_000, 'batched'),
  mqtt('gateway-procs', 5, 120_000, 'batched'),
  mqtt('latency', 1, 60_000, 'batched'),
  mqtt('latency', 50, 60_000, 'batched'),
  mqttNodeRed('throughput'),
  mqttNodeRed('latency'),
  osc('raw', 2),
  osc('core-flow'),
  osc('package-httpnode', 2),
  osc('package-dedicated', 2),
  latency('mitel-latency', 'raw'),
  latency('mitel-latency', 'package'),
  latency('osc-latency', 'raw'),
  latency('osc-latency', 'package-dedicated'),
  latency('osc-latency', 'package-httpnode'),
  {
    title: 'osc request round trip', scenario: 'osc-request', group: 'osc-request',
    args: { group: 'osc-request', requests: scale(2000), warmup: scale(200) },
    timeoutMs: 60000,
  },
];

/** The best run of a repeated single-row step, with every run's value listed; multi-row steps as run. */
function bestOf(runs: BenchRow[][], best: 'eventsPerSec' | 'cpu'): BenchRow[] {
  if (runs.length === 1 || runs.some((r) => r.length !== 1)) return runs.flat();
  const rows = runs.map((r) => r[0]);
  const ok = rows.filter((r) => r.status === 'ok');
  if (ok.length === 0) return [rows[rows.length - 1]];
  const cpu = (r: BenchRow) => Number(r.extra?.cpuUsPerEvent ?? r.extra?.cpuUsPerRequest ?? Infinity);
  const score = (r: BenchRow) => (best === 'cpu' ? -cpu(r) : r.eventsPerSec ?? 0);
  const chosen = ok.reduce((a, b) => (score(b) > score(a) ? b : a));
  const values = rows.map((r) => (r.status !== 'ok' ? r.status : best === 'cpu' ? `${cpu(r)} µs` : `${r.eventsPerSec?.toLocaleString('en-US')}/s`));
  return [{ ...chosen, extra: { ...chosen.extra, runs: values.join(' · ') }, note: [chosen.note, `best of ${rows.length} runs`].filter(Boolean).join('; ') }];
}

function machine(): Record<string, string | number> {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    model = execSync("lscpu | sed -n 's/^Model name:[ ]*//p'", { encoding: 'utf8' }).trim() || model;
  } catch {
    /* lscpu missing: keep os.cpus() */
  }
  return {
    nproc: os.availableParallelism(),
    cpu: model,
    memoryGb: Math.round(os.totalmem() / 1e9),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function main(): Promise<void> {
  // `--only=a,b`: the steps whose title contains any of the comma-separated texts.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const onlyAny = only?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
  const started = new Date();
  const load = { atStart: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  if (SOAK && !(SOAK_MINUTES > 0)) throw new Error('--minutes needs a number greater than 0');
  const steps = (SOAK ? SOAK_STEPS : STEPS).filter((s) => onlyAny.length === 0 || onlyAny.some((t) => s.title.includes(t)));
  const runs = new Map<Step, BenchRow[][]>(steps.map((s) => [s, []]));
  const rounds = QUICK ? 1 : Math.max(...steps.map((s) => s.repeat ?? 1));
  for (let round = 0; round < rounds; round++) {
    for (const step of steps) {
      if (round >= (step.repeat ?? 1)) continue;
      process.stderr.write(`bench: ${step.title}${round ? ` (run ${round + 1})` : ''} ...\n`);
      const t0 = Date.now();
      runs.get(step)?.push(await runScenario(step.scenario, step.args, step.timeoutMs, step.group, step.execArgv));
      process.stderr.write(`bench: ${step.title} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  }
  const rows: BenchRow[] = [];
  for (const step of steps) rows.push(...bestOf(runs.get(step) ?? [], step.best ?? 'eventsPerSec'));
  // The soak alone reads only its own target.
  const targets = readTargets(rows).filter((t) => !SOAK || t.target.startsWith('Soak'));
  const result = {
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: machine(),
    loadAverage: { ...load, atEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    quick: QUICK,
    soak: SOAK ? SOAK_MINUTES : null,
    only: only ?? null,
    rows,
    targets,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // A quick or partial run never overwrites the results of a full one.
  const file = path.join(RESULTS_DIR, SOAK ? 'results-soak.json' : QUICK || only ? 'results-partial.json' : 'results.json');
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  const m = result.machine;
  console.log(`Machine: ${m.nproc} CPUs, ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}; ${result.date}; load average ${load.atStart.join(' ')} -> ${result.loadAverage.atEnd.join(' ')}\n`);
  console.log(markdownTable(rows));
  console.log('\n| target | measured | verdict |\n|---|---|---|');
  for (const t of targets) console.log(`| ${t.target} | ${t.measured} | ${t.verdict} |`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)} (${result.durationS} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
