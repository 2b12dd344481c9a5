/**
 * An HTTP fault-injection reverse proxy for tests: between the OpenScape client and the simulator
 * (REST requests), or between the simulator and the webhook (event POSTs). Per request it forwards,
 * or injects one fault: an answer of its own (5xx, or 401 while the session is in fact still good),
 * a connection reset (RST, no answer), a timeout (the request is held, never answered, the socket
 * kept), or a slow answer (forwarded, then held back for a while). Faults are one-shot rules
 * matched on the path, or random with a seeded PRNG (the chaos run); the seed is printed.
 */
import http from 'node:http';
import type net from 'node:net';
import type { SeededRandom } from '../../src/sim/common/rng';
import { seeded, TimerSet } from './fault-common';

export type HttpFault =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'reset' }
  | { kind: 'timeout' }
  | { kind: 'slow'; ms: number };

/** Probabilities (0..1) of each fault per request in random mode; the rest is forwarded. */
export interface HttpFaultMix {
  status5xx?: number;
  status401?: number;
  reset?: number;
  timeout?: number;
  slow?: { probability: number; maxMs: number };
}

export interface InjectedFault {
  path: string;
  fault: HttpFault;
}

interface Rule {
  match: (path: string) => boolean;
  fault: HttpFault;
  times: number;
}

export class HttpFaultProxy {
  readonly seed: number;
  private readonly rng: SeededRandom;
  private server: http.Server | undefined;
  private boundPort = 0;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly rules: Rule[] = [];
  private mix: HttpFaultMix | undefined;
  private mixMatch: (path: string) => boolean = () => true;
  private readonly held = new Set<http.ServerResponse>();
  private readonly timers = new TimerSet();
  private readonly sockets = new Set<net.Socket>();
  /** Every fault injected, in order. */
  readonly injected: InjectedFault[] = [];
  /** Requests forwarded (whatever their answer). */
  forwarded = 0;

  constructor(
    private readonly target: { host: string; port: number },
    seed?: number,
    log: (line: string) => void = (line) => console.log(line),
  ) {
    ({ seed: this.seed, rng: this.rng } = seeded(`http fault proxy -> ${target.host}:${target.port}`, seed, log));
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<number> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.boundPort = (server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.timers.clear();
    for (const res of this.held) res.destroy();
    this.held.clear();
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` requests whose path matches get `fault`. */
  inject(match: RegExp, fault: HttpFault, times = 1): void {
    this.rules.push({ match: (path) => match.test(path), fault, times });
  }

  /** Random faults on every matching request from now on (undefined: none). */
  randomly(mix: HttpFaultMix | undefined, match: RegExp = /./): void {
    this.mix = mix;
    this.mixMatch = (path) => match.test(path);
  }

  /** Let held (timed-out) requests go: their sockets are destroyed. */
  releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  private chooseFault(path: string): HttpFault | undefined {
    const rule = this.rules.find((r) => r.match(path));
    if (rule) {
      if (--rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
      return rule.fault;
    }
    const mix = this.mix;
    if (!mix || !this.mixMatch(path)) return undefined;
    const roll = this.rng.next();
    let edge = 0;
    const hit = (p: number | undefined): boolean => roll < (edge += p ?? 0);
    if (hit(mix.status5xx)) return { kind: 'status', status: this.rng.pick([500, 502, 503, 504]) };
    if (hit(mix.status401)) return { kind: 'status', status: 401 };
    if (hit(mix.reset)) return { kind: 'reset' };
    if (hit(mix.timeout)) return { kind: 'timeout' };
    if (mix.slow && hit(mix.slow.probability)) return { kind: 'slow', ms: this.rng.int(1, mix.slow.maxMs) };
    return undefined;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = req.url ?? '/';
    const fault = this.chooseFault(path);
    if (fault) this.injected.push({ path, fault });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!fault || fault.kind === 'slow') return this.forward(req, Buffer.concat(chunks), res, fault?.kind === 'slow' ? fault.ms : 0);
      switch (fault.kind) {
        case 'status': {
          const body = JSON.stringify(fault.body ?? { error: `injected HTTP ${fault.status}` });
          res.writeHead(fault.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
          res.end(body);
          return;
        }
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'timeout':
          // Never answered; the socket stays open until the client gives up (or stop()).
          this.held.add(res);
          res.on('close', () => this.held.delete(res));
          return;
      }
    });
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, slowMs: number): void {
    this.forwarded++;
    const headers = { ...req.headers, host: `${this.target.host}:${this.target.port}` };
    const upstream = http.request(
      { host: this.target.host, port: this.target.port, method: req.method, path: req.url, headers, agent: this.agent },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const send = (): void => {
            if (res.destroyed) return;
            const out = Buffer.concat(parts);
            const copy = { ...answer.headers, 'content-length': String(out.length) };
            delete copy['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, copy);
            res.end(out);
          };
          if (slowMs > 0) this.later(send, slowMs);
          else send();
        });
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    upstream.end(body);
  }

  private later(fn: () => void, ms: number): void {
    this.timers.later(fn, ms);
  }
}
