/**
 * A TCP fault-injection proxy for tests, with the meanings of Shopify's toxiproxy (which cannot be
 * installed here): latency with jitter, slicer (writes cut into small chunks, down to one byte),
 * bandwidth (a slow reader: the proxy takes the server's bytes at a limited rate, so the server's
 * writes back up), timeout/blackhole (half-open: bytes stop, the sockets stay open), reset_peer
 * (a real RST, also in the middle of a frame), limit_data (close after N bytes) and down (connects
 * refused). Each toxic applies to one direction: `down` = server to client, `up` = client to server.
 *
 * Random choices (jitter, slice sizes) come from a seeded PRNG; the seed is printed so that a run
 * can be repeated.
 */
import net from 'node:net';
import type { SeededRandom } from '../../src/sim/common/rng';
import { seeded, TimerSet } from './fault-common';

export type Direction = 'up' | 'down';

export interface Toxics {
  /** Added to every chunk, in ms, plus a random 0..jitterMs. Order is kept. */
  latencyMs?: number;
  jitterMs?: number;
  /** Writes cut into pieces of 1..maxBytes bytes (1 = at every byte boundary), delayMs apart. */
  slicer?: { maxBytes: number; delayMs?: number };
  /** Bytes per second let through (a slow reader on the other side). */
  bytesPerSecond?: number;
  /** Half-open: bytes in this direction are swallowed; the sockets stay open and nothing is closed. */
  blackhole?: boolean;
  /** Close (FIN) both sides once this many bytes went through in this direction since it was set. */
  limitBytes?: number;
}

/** Bytes waiting in one direction beyond which the proxy stops reading (backpressure to the sender). */
const HIGH_WATER_BYTES = 64 * 1024;

interface Pipe {
  from: net.Socket;
  to: net.Socket;
  queue: Buffer[];
  queued: number;
  pumping: boolean;
  passed: number;
}

class Link {
  readonly pipes: Record<Direction, Pipe>;
  closed = false;

  constructor(
    readonly client: net.Socket,
    readonly server: net.Socket,
  ) {
    const pipe = (from: net.Socket, to: net.Socket): Pipe => ({ from, to, queue: [], queued: 0, pumping: false, passed: 0 });
    this.pipes = { up: pipe(client, server), down: pipe(server, client) };
  }
}

export class FaultProxy {
  readonly seed: number;
  private readonly rng: SeededRandom;
  private listener: net.Server | undefined;
  private boundPort = 0;
  private readonly links = new Set<Link>();
  private readonly toxics: Record<Direction, Toxics> = { up: {}, down: {} };
  private resetPlan: { direction: Direction; fraction: number; done: () => void } | undefined;
  private readonly timers = new TimerSet();
  /** Sockets closed with a FIN, destroyed after a grace period or at stop(). */
  private readonly ending = new Set<net.Socket>();
  /** Connections accepted since start (each is one client connection through the proxy). */
  accepted = 0;

  constructor(
    private readonly target: { host: string; port: number },
    seed?: number,
    log: (line: string) => void = (line) => console.log(line),
  ) {
    ({ seed: this.seed, rng: this.rng } = seeded(`fault proxy -> ${target.host}:${target.port}`, seed, log));
  }

  get port(): number {
    return this.boundPort;
  }

  /** Open client connections through the proxy. */
  get linkCount(): number {
    return this.links.size;
  }

  async start(): Promise<number> {
    await this.listen(this.boundPort);
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.timers.clear();
    this.resetPlan = undefined;
    this.cutAll('destroy');
    for (const socket of this.ending) socket.destroy();
    this.ending.clear();
    await this.closeListener();
  }

  /** Replace the toxics of one direction (an empty object removes them). */
  set(direction: Direction, toxics: Toxics): void {
    this.toxics[direction] = { ...toxics };
    for (const link of this.links) {
      link.pipes[direction].passed = 0;
      this.pump(link, link.pipes[direction]);
    }
  }

  clear(): void {
    this.set('up', {});
    this.set('down', {});
  }

  /** toxiproxy "down": the listener closes (connects are refused) and open connections are cut. */
  async down(): Promise<void> {
    this.cutAll('destroy');
    await this.closeListener();
  }

  async up(): Promise<void> {
    if (!this.listener) await this.listen(this.boundPort);
  }

  /** reset_peer now: RST on both sides of every connection. */
  resetAll(): void {
    this.cutAll('reset');
  }

  /**
   * RST in the middle of a frame: the next chunk in `direction` is forwarded only up to `fraction`
   * of its length, then both sides get an RST. Resolves once the reset is done.
   */
  resetInNextChunk(direction: Direction, fraction = 0.5): Promise<void> {
    return new Promise((resolve) => {
      this.resetPlan = { direction, fraction, done: resolve };
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((client) => this.accept(client));
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        this.listener = server;
        this.boundPort = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private closeListener(): Promise<void> {
    const server = this.listener;
    this.listener = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    const server = net.connect({ host: this.target.host, port: this.target.port });
    const link = new Link(client, server);
    this.links.add(link);
    client.setNoDelay(true);
    server.setNoDelay(true);
    const end = (): void => this.close(link, 'destroy');
    for (const socket of [client, server]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    // A FIN from one side is passed on as a FIN once what is queued has gone (half-close kept).
    client.on('end', () => this.endAfterQueue(link, link.pipes.up));
    server.on('end', () => this.endAfterQueue(link, link.pipes.down));
    for (const direction of ['up', 'down'] as const) {
      const pipe = link.pipes[direction];
      pipe.from.on('data', (chunk: Buffer) => this.onData(link, direction, chunk));
    }
  }

  private onData(link: Link, direction: Direction, chunk: Buffer): void {
    if (link.closed) return;
    const toxics = this.toxics[direction];
    if (toxics.blackhole) return;
    const plan = this.resetPlan;
    if (plan && plan.direction === direction) {
      this.resetPlan = undefined;
      const cut = Math.max(1, Math.min(chunk.length - 1, Math.floor(chunk.length * plan.fraction)));
      // The RST a moment after the half frame has left: reset at once after a write, Node closes
      // with a FIN instead (the peer would see a clean close, not a reset).
      link.pipes[direction].to.write(chunk.subarray(0, cut), () =>
        this.later(() => {
          this.close(link, 'reset');
          plan.done();
        }, 20),
      );
      return;
    }
    const pipe = link.pipes[direction];
    pipe.queue.push(chunk);
    pipe.queued += chunk.length;
    if (pipe.queued > HIGH_WATER_BYTES) pipe.from.pause();
    this.pump(link, pipe);
  }

  /** Sends what is queued in one direction, applying that direction's toxics, one piece at a time. */
  private pump(link: Link, pipe: Pipe): void {
    if (pipe.pumping || link.closed) return;
    const direction: Direction = pipe === link.pipes.up ? 'up' : 'down';
    const toxics = this.toxics[direction];
    const chunk = pipe.queue.shift();
    if (!chunk) {
      pipe.from.resume();
      return;
    }
    if (toxics.blackhole) {
      // Swallowed: the peer "stops answering" but the sockets stay.
      pipe.queue.length = 0;
      pipe.queued = 0;
      pipe.from.resume();
      return;
    }
    let piece = chunk;
    if (toxics.slicer) {
      const size = this.rng.int(1, Math.max(1, toxics.slicer.maxBytes));
      if (size < chunk.length) {
        piece = chunk.subarray(0, size);
        pipe.queue.unshift(chunk.subarray(size));
      }
    }
    if (toxics.limitBytes !== undefined && pipe.passed + piece.length > toxics.limitBytes) {
      const allowed = toxics.limitBytes - pipe.passed;
      if (allowed > 0) pipe.to.write(piece.subarray(0, allowed));
      this.close(link, 'end');
      return;
    }
    pipe.queued -= piece.length;
    let waitMs = (toxics.latencyMs ?? 0) + (toxics.jitterMs ? this.rng.next() * toxics.jitterMs : 0);
    if (toxics.slicer) waitMs += toxics.slicer.delayMs ?? 0;
    if (toxics.bytesPerSecond) waitMs += (piece.length / toxics.bytesPerSecond) * 1000;
    pipe.pumping = true;
    const send = (): void => {
      pipe.pumping = false;
      if (link.closed) return;
      if (this.toxics[direction].blackhole) {
        pipe.queue.length = 0;
        pipe.queued = 0;
        return;
      }
      pipe.passed += piece.length;
      pipe.to.write(piece);
      if (pipe.queued <= HIGH_WATER_BYTES) pipe.from.resume();
      this.pump(link, pipe);
    };
    // Never synchronously: a sliced chunk would recurse once per piece, and separate turns make
    // separate writes (and so separate reads on the other side).
    if (waitMs <= 0) setImmediate(send);
    else this.later(send, waitMs);
  }

  private endAfterQueue(link: Link, pipe: Pipe): void {
    const check = (): void => {
      if (link.closed) return;
      if (pipe.queue.length === 0 && !pipe.pumping) pipe.to.end();
      else this.later(check, 5);
    };
    check();
  }

  private later(fn: () => void, ms: number): void {
    this.timers.later(fn, ms);
  }

  private cutAll(how: 'reset' | 'destroy'): void {
    for (const link of [...this.links]) this.close(link, how);
  }

  private close(link: Link, how: 'reset' | 'destroy' | 'end'): void {
    if (link.closed) return;
    link.closed = true;
    this.links.delete(link);
    for (const socket of [link.client, link.server]) {
      if (how === 'end') {
        socket.end();
        // The peer may not answer the FIN: do not keep the socket for ever.
        this.ending.add(socket);
        socket.once('close', () => this.ending.delete(socket));
        this.later(() => socket.destroy(), 1000);
      } else if (how === 'reset' && !socket.destroyed && !socket.connecting) {
        socket.resetAndDestroy();
      } else {
        socket.destroy();
      }
    }
  }
}
