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
}

const QUICK = process.argv.includes('--quick');
const scale = (n: number) => (QUICK ? Math.max(1, Math.round(n / 10)) : n);

const mitel = (group: string, variant: string, count: number, capMs: number, capMb: number): Step => ({
  title: `${group} ${variant}`,
  scenario: 'mitel-throughput',
  group,
  args: { group, variant, count: scale(count), capMs, capMb },
  timeoutMs: capMs + 30000,
});
const osc = (variant: string): Step => ({
  title: `osc-webhook ${variant}`,
  scenario: 'osc-webhook',
  group: 'osc-webhook',
  args: { group: 'osc-webhook', variant, total: scale(10000), warmup: scale(1000), concurrency: 50 },
  timeoutMs: 90000,
});

const STEPS: Step[] = [
  mitel('mitel-100k', 'raw', 100_000, 60_000, 2000),
  mitel('mitel-100k', 'core-flow', 100_000, 60_000, 2000),
  mitel('mitel-100k', 'package', 100_000, 60_000, 2000),
  mitel('mitel-1m', 'package', 1_000_000, 150_000, 1500),
  mitel('mitel-500k-core', 'core-flow', 500_000, 30_000, 1500),
  mitel('mitel-fanout', 'fanout-1', 100_000, 60_000, 2000),
  mitel('mitel-fanout', 'fanout-1000', 100_000, 60_000, 2000),
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
    args: { group: 'framer-20mb', variant: 'naive', sizesMb: [1, 2, 20], chunkBytes: 1024, capMs: 15000 },
    timeoutMs: 60000,
  },
  osc('raw'),
  osc('core-flow'),
  osc('package-httpnode'),
  osc('package-dedicated'),
  {
    title: 'osc request round trip', scenario: 'osc-request', group: 'osc-request',
    args: { group: 'osc-request', requests: scale(2000), warmup: scale(200) },
    timeoutMs: 60000,
  },
];

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
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const started = new Date();
  const load = { atStart: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  const rows: BenchRow[] = [];
  for (const step of STEPS) {
    if (only && !step.title.includes(only)) continue;
    process.stderr.write(`bench: ${step.title} ...\n`);
    const t0 = Date.now();
    const got = await runScenario(step.scenario, step.args, step.timeoutMs, step.group);
    rows.push(...got);
    process.stderr.write(`bench: ${step.title} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const targets = readTargets(rows);
  const result = {
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: machine(),
    loadAverage: { ...load, atEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    quick: QUICK,
    rows,
    targets,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'results.json'), JSON.stringify(result, null, 2) + '\n');
  const m = result.machine;
  console.log(`Machine: ${m.nproc} CPUs, ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}; ${result.date}; load average ${load.atStart.join(' ')} -> ${result.loadAverage.atEnd.join(' ')}\n`);
  console.log(markdownTable(rows));
  console.log('\n| target | measured | verdict |\n|---|---|---|');
  for (const t of targets) console.log(`| ${t.target} | ${t.measured} | ${t.verdict} |`);
  console.log(`\nWrote ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'results.json'))} (${result.durationS} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
