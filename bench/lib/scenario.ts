import type { BenchRow } from './result';

/**
 * Entry point of a scenario child process: parses the JSON argument, runs the scenario, reports its
 * rows to the parent over IPC and exits (a benchmark stops by itself, whatever it left open).
 */
export function scenarioMain<A>(group: string, run: (args: A) => Promise<BenchRow[]>): void {
  const args = JSON.parse(process.argv[2] ?? '{}') as A;
  const report = (rows: BenchRow[]) => {
    if (process.send) process.send({ rows }, () => process.exit(0));
    else {
      console.log(JSON.stringify(rows, null, 2));
      process.exit(0);
    }
  };
  run(args).then(report, (err: unknown) =>
    report([{ group, variant: 'scenario', status: 'error', note: err instanceof Error ? err.message : String(err) }]),
  );
}

/** Resolve after `ms`, or earlier when `until()` becomes true (polled every `pollMs`). */
export function waitUntil(until: () => boolean, ms: number, pollMs = 5): Promise<boolean> {
  return new Promise((resolve) => {
    if (until()) return resolve(true);
    const deadline = Date.now() + ms;
    const t = setInterval(() => {
      if (until()) {
        clearInterval(t);
        resolve(true);
      } else if (Date.now() > deadline) {
        clearInterval(t);
        resolve(false);
      }
    }, pollMs);
  });
}
