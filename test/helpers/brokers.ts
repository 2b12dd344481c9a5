/**
 * Real MQTT brokers for tests, on 127.0.0.1 and a free port:
 * - startAedes: aedes 1.2.0 in this process (MQTT 3.1.1 only: it refuses v5 at CONNECT);
 * - startMosquitto: Debian's mosquitto 2 as a child process (MQTT v5 and 3.1.1), configured from a
 *   file in a temporary directory, persistence off, users made with mosquitto_passwd.
 * Both can stop, restart on the same port and (mosquitto) be killed with SIGKILL, so tests can cut
 * the broker the way a crash or a redeploy of the broker would. Every broker started here is
 * stopped when the process exits, even if a test forgets to.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { Aedes } from 'aedes';

const HOST = '127.0.0.1';
const MOSQUITTO = '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';
/** How long a broker may take to accept connections or to exit before the harness gives up. */
const START_TIMEOUT_MS = 10000;
const EXIT_TIMEOUT_MS = 5000;

export interface BrokerCredentials {
  username?: string;
  password?: string;
}

export interface AedesBroker {
  readonly url: string;
  readonly port: number;
  /** The broker instance, for tests that look at its clients or retained messages. */
  readonly broker: Aedes;
  /** Closes the listener, every client connection and the broker. */
  stop(): Promise<void>;
  /**
   * Drops every client connection and the listener, then listens again on the same port. The broker
   * keeps its retained messages (like a broker with persistence) unless `fresh` is set, which starts
   * a new broker with nothing retained (like mosquitto with persistence off). `downMs`: how long
   * nothing listens on the port in between.
   */
  restart(options?: { fresh?: boolean; downMs?: number }): Promise<void>;
}

export interface MosquittoOptions extends BrokerCredentials {
  /** PEM contents of the server certificate, its key and the CA; the listener then speaks TLS only. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca: string | Buffer };
}

export interface MosquittoBroker {
  readonly url: string;
  readonly port: number;
  /** The broker process id, or undefined while it is not running. */
  readonly pid: number | undefined;
  /** SIGTERM and wait for the exit: clients see the connection close. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash, no goodbye to anyone. */
  kill(): Promise<void>;
  /** Stop (if running) and start again on the same port with the same configuration. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A last resort: mocha's --exit ends the process with brokers a failed test did not stop. */
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on the port; rejects after `ms`. */
export async function waitForListener(port: number, ms = START_TIMEOUT_MS, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, HOST);
      socket.setTimeout(500);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (!alive()) throw new Error(`broker on port ${port} exited before it accepted connections`);
    if (Date.now() > deadline) throw new Error(`nothing accepts connections on port ${port} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function checkCredentials(expected: BrokerCredentials) {
  return (
    _client: unknown,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: (Error & { returnCode: number }) | null, success: boolean | null) => void,
  ): void => {
    if (username === expected.username && (password?.toString() ?? '') === (expected.password ?? '')) {
      done(null, true);
      return;
    }
    // 4 = bad user name or password (MQTT 3.1.1 CONNACK return code).
    done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }), null);
  };
}

export async function startAedes(options: BrokerCredentials & { port?: number } = {}): Promise<AedesBroker> {
  const makeBroker = async (): Promise<Aedes> => {
    const broker = await Aedes.createBroker();
    if (options.username !== undefined) broker.authenticate = checkCredentials(options);
    return broker;
  };
  let broker = await makeBroker();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

  const listen = async (port: number): Promise<number> => {
    const s = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, HOST, () => resolve());
    });
    server = s;
    return (s.address() as net.AddressInfo).port;
  };
  const unlisten = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const closeBroker = (b: Aedes): Promise<void> => new Promise((resolve) => b.close(() => resolve()));

  const port = await listen(options.port ?? 0);
  return {
    url: `mqtt://${HOST}:${port}`,
    port,
    get broker() {
      return broker;
    },
    async stop() {
      await unlisten();
      if (!broker.closed) await closeBroker(broker);
    },
    async restart(restartOptions = {}) {
      await unlisten();
      if (restartOptions.fresh) {
        await closeBroker(broker);
        broker = await makeBroker();
      }
      if (restartOptions.downMs) await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs));
      await listen(port);
    },
  };
}

function mosquittoConfig(dir: string, port: number, options: MosquittoOptions): string {
  const lines = [`listener ${port} ${HOST}`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning'];
  // Run as root (CI containers), mosquitto would switch to the user "mosquitto", who cannot read
  // the files in this private temporary directory.
  if (process.getuid?.() === 0) lines.push('user root');
  if (options.username !== undefined) {
    const passwordFile = path.join(dir, 'passwords');
    execFileSync(MOSQUITTO_PASSWD, ['-b', '-c', passwordFile, options.username, options.password ?? '']);
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.tls) {
    for (const [name, pem] of Object.entries(options.tls)) writeFileSync(path.join(dir, `${name}.pem`), pem);
    lines.push(
      `certfile ${path.join(dir, 'cert.pem')}`,
      `keyfile ${path.join(dir, 'key.pem')}`,
      `cafile ${path.join(dir, 'ca.pem')}`,
    );
  }
  const file = path.join(dir, 'mosquitto.conf');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mosquitto ${child.pid} did not exit`)), EXIT_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-mosquitto-'));
  const port = await freePort();
  const config = mosquittoConfig(dir, port, options);
  let child: ChildProcess | undefined;
  let stderr = '';

  const start = async (): Promise<void> => {
    stderr = '';
    const c = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    killOnExit(c);
    // Bounded: only the tail matters when the broker refuses to start.
    c.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    try {
      await waitForListener(port, START_TIMEOUT_MS, () => c.exitCode === null && c.signalCode === null);
    } catch (err) {
      c.kill('SIGKILL');
      throw new Error(`${(err as Error).message}; mosquitto said: ${stderr.trim()}`);
    }
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c) return;
    c.kill(signal);
    await waitForExit(c);
  };

  await start();
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://${HOST}:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGTERM');
      await start();
    },
  };
}
