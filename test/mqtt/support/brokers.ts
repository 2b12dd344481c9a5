/**
 * STAND-IN until test/helpers/brokers.ts (written by the leader-lock work) is merged: the same
 * interface, reduced to what the MQTT tests use. When merging, replace this file's body by
 * `export * from '../../helpers/brokers';`.
 */
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { Aedes } from 'aedes';

const HOST = '127.0.0.1';

export interface AedesBroker {
  readonly url: string;
  readonly port: number;
  readonly broker: Aedes;
  stop(): Promise<void>;
  restart(options?: { fresh?: boolean }): Promise<void>;
}

export interface MosquittoBroker {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, HOST, resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function waitForListener(port: number): Promise<void> {
  const end = Date.now() + 10000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, HOST);
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startAedes(options: { username?: string; password?: string; port?: number } = {}): Promise<AedesBroker> {
  const make = async (): Promise<Aedes> => {
    const b = await Aedes.createBroker();
    if (options.username !== undefined) {
      b.authenticate = (_c, user, pass, done) => {
        if (user === options.username && (pass?.toString() ?? '') === (options.password ?? '')) return done(null, true);
        done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }), null);
      };
    }
    return b;
  };
  let broker = await make();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = async (port: number): Promise<number> => {
    const s = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve) => s.listen(port, HOST, resolve));
    server = s;
    return (s.address() as net.AddressInfo).port;
  };
  const unlisten = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const close = (b: Aedes): Promise<void> => new Promise((resolve) => b.close(() => resolve()));
  const port = await listen(options.port ?? 0);
  return {
    url: `mqtt://${HOST}:${port}`,
    port,
    get broker() {
      return broker;
    },
    async stop() {
      await unlisten();
      if (!broker.closed) await close(broker);
    },
    async restart(o = {}) {
      await unlisten();
      if (o.fresh) {
        await close(broker);
        broker = await make();
      }
      await listen(port);
    },
  };
}

export interface MosquittoOptions {
  /** PEM contents of the server certificate, its key and the CA; the listener then speaks TLS only. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca: string | Buffer };
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-mosq-'));
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  const lines = [`listener ${port} ${HOST}`, 'persistence false', 'allow_anonymous true', 'log_dest none'];
  if (process.getuid?.() === 0) lines.push('user root');
  if (options.tls) {
    for (const [name, pem] of Object.entries(options.tls)) writeFileSync(path.join(dir, `${name}.pem`), pem);
    lines.push(`certfile ${path.join(dir, 'cert.pem')}`, `keyfile ${path.join(dir, 'key.pem')}`, `cafile ${path.join(dir, 'ca.pem')}`);
  }
  writeFileSync(config, lines.join('\n') + '\n');
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('/usr/sbin/mosquitto', ['-c', config], { stdio: 'ignore' });
    await waitForListener(port);
  };
  const end = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://${HOST}:${port}`,
    port,
    async stop() {
      await end();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await end();
      await start();
    },
  };
}
