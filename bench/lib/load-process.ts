import { fork } from 'child_process';
import * as path from 'path';
import { OUT_ROOT } from './paths';

export interface LoadResult {
  startAt: number;
  endAt: number;
  errors: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

/** Run bench/http-load.js in a child process against `url`; resolves when all requests are answered. */
export function runLoad(
  url: string,
  total: number,
  warmup: number,
  concurrency: number,
  onMeasuredStart?: (at: number) => void,
): Promise<LoadResult> {
  const child = fork(path.join(OUT_ROOT, 'bench', 'http-load.js'), [JSON.stringify({ url, total, warmup, concurrency })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string; at?: number; message?: string } & LoadResult) => {
      if (m.type === 'measured-start' && onMeasuredStart && m.at) onMeasuredStart(m.at);
      else if (m.type === 'done') {
        child.disconnect();
        resolve(m);
      } else if (m.type === 'failed') {
        child.disconnect();
        reject(new Error(m.message));
      }
    });
    child.on('exit', (code) => reject(new Error(`load generator exited (${code})`)));
  });
}

/** Run bench/http-paced.js against `url` (see there); resolves when every request is answered. */
export function runPaced(url: string, ratePerSec: number, total: number, sockets = 8): Promise<{ sent: number; errors: number; statuses: Record<string, number> }> {
  const child = fork(path.join(OUT_ROOT, 'bench', 'http-paced.js'), [JSON.stringify({ url, ratePerSec, total, sockets })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string; sent: number; errors: number; statuses: Record<string, number> }) => {
      if (m.type !== 'done') return;
      child.disconnect();
      resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`paced poster exited (${code})`)));
  });
}
