/**
 * Debian's mosquitto as the broker of a bench scenario: its own process (so its CPU is not the
 * measured process's), a free port on 127.0.0.1, persistence off, a config in a temporary directory.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface BenchBroker {
  url: string;
  /** CPU time (user + system, µs) the broker process has used so far; 0 where /proc is not there. */
  cpuUs(): number;
  stop(): Promise<void>;
}

/** A process's user + system CPU time from /proc/<pid>/stat (clock ticks of 10 ms: fine over a burst). */
function procCpuUs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export async function startMosquitto(): Promise<BenchBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-mosq-'));
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  // max_queued_messages 0: no per-client queue limit, so that a slow consumer is measured, not cut.
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'allow_anonymous true', 'max_queued_messages 0', 'log_dest none'];
  if (process.getuid?.() === 0) lines.push('user root');
  fs.writeFileSync(config, lines.join('\n') + '\n');
  const child = spawn(MOSQUITTO, ['-c', config], { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('mosquitto did not start');
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    cpuUs: () => procCpuUs(child.pid),
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
