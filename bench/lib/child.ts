import { fork } from 'child_process';
import * as path from 'path';
import type { BenchRow, ScenarioReport } from './result';
import { SCENARIO_DIR } from './paths';

/**
 * Run one scenario script (dist/bench/scenarios/<name>.js) in its own process, so that its peak RSS
 * is its own, and collect the rows it reports. A scenario that crashes or overruns `timeoutMs` is
 * killed and reported as an error row for `group`, never as a number.
 */
export function runScenario(
  name: string,
  args: Record<string, unknown>,
  timeoutMs: number,
  group: string,
  execArgv: string[] = [],
): Promise<BenchRow[]> {
  return new Promise((resolve) => {
    const child = fork(path.join(SCENARIO_DIR, `${name}.js`), [JSON.stringify(args)], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let rows: BenchRow[] | undefined;
    let settled = false;
    const finish = (r: BenchRow[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish([{ group, variant: name, status: 'error', note: `scenario overran ${timeoutMs} ms and was killed` }]);
    }, timeoutMs);
    child.on('message', (m: ScenarioReport) => {
      if (m && Array.isArray(m.rows)) rows = m.rows;
    });
    child.on('exit', (code, signal) => {
      if (rows) finish(rows);
      else finish([{ group, variant: name, status: 'error', note: `scenario exited (${signal ?? code}) without a result` }]);
    });
  });
}
