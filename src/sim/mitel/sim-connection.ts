/**
 * One client TCP connection of the simulator: framing in, a per-connection sequence and outbox out,
 * the fault-injecting write modes, and the connection's subscriptions.
 */
import type { Socket } from 'net';
import { serverTime, gmtTime } from './clock';
import { encodeFrame, NulFrameReader } from './nul-framing';
import { MAX_SEQUENCE, PROTOCOL_VERSION, TOPIC } from './protocol-table';
import { SubscriptionSet } from './subscriptions';
import type { SeededRandom } from '../common/rng';

export type WriteMode = 'normal' | 'split' | 'coalesce';

/** Bytes written but not yet taken by the client beyond which the connection is closed. */
const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

export type MitelMessage = Record<string, unknown>;

export class SimConnection {
  readonly reader = new NulFrameReader();
  readonly subscriptions = new SubscriptionSet();
  authenticated = false;
  user: string | undefined;
  /** Next outgoing sequence number ("maintained on a per-connection basis"). */
  nextSequence = 0;
  /** Timers owned by this connection (auth timeout, script steps), cleared on close. */
  readonly timers = new Set<NodeJS.Timeout>();
  private outbox: Buffer[] = [];
  private flushScheduled = false;
  /** Split mode: chunks waiting to be written one per event-loop turn, in order. */
  private splitQueue: Buffer[] = [];
  private splitDraining = false;
  closed = false;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly writeMode: () => WriteMode,
    private readonly rng: SeededRandom,
  ) {}

  /** Takes and increments the sequence, wrapping after 4294967295 to 0. */
  takeSequence(): number {
    const seq = this.nextSequence;
    this.nextSequence = seq >= MAX_SEQUENCE ? 0 : seq + 1;
    return seq;
  }

  /**
   * Sends a message after the header fields the guide puts on messages: version, sequence, and,
   * where the guide's example of that message has them, timestamp and gmt; then topic. Fields the
   * message carries itself win (scripted frames may carry exact values).
   */
  send(message: MitelMessage, stamps: { timestamp?: boolean; gmt?: boolean } = { timestamp: true, gmt: true }): void {
    const now = new Date();
    const header: MitelMessage = { version: PROTOCOL_VERSION, sequence: this.takeSequence() };
    if (stamps.timestamp) header.timestamp = serverTime(now);
    if (stamps.gmt) header.gmt = gmtTime(now);
    header.topic = TOPIC;
    this.sendRaw(encodeFrame({ ...header, ...message }));
  }

  /** Queues bytes as they are; frames queued in the same event-loop turn form one "tick". */
  sendRaw(bytes: Buffer): void {
    if (this.closed) return;
    this.outbox.push(bytes);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes what is queued now rather than at the end of the tick. */
  flushNow(): void {
    this.flush();
  }

  private flush(): void {
    this.flushScheduled = false;
    const frames = this.outbox;
    this.outbox = [];
    if (this.closed || frames.length === 0) return;
    const mode = this.writeMode();
    if (mode === 'split') {
      for (const frame of frames) this.splitQueue.push(...this.cut(frame));
      this.drainSplit();
      return;
    }
    const writes = mode === 'coalesce' ? [Buffer.concat(frames)] : frames;
    if (this.splitDraining) {
      // Chunks of an earlier split write are still going out: queue behind them to keep the order.
      this.splitQueue.push(...writes);
      return;
    }
    for (const bytes of writes) this.write(bytes);
  }

  /** Cuts a frame into small chunks, at least one cut inside a multi-byte UTF-8 character if it has one. */
  private cut(frame: Buffer): Buffer[] {
    const cuts = new Set<number>();
    const multiByteStart = frame.findIndex((b) => b >= 0xc0);
    if (multiByteStart >= 0 && multiByteStart + 1 < frame.length) cuts.add(multiByteStart + 1);
    let pos = 0;
    while (pos < frame.length) {
      pos += this.rng.int(1, Math.max(2, Math.ceil(frame.length / 6)));
      if (pos < frame.length) cuts.add(pos);
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let start = 0;
    for (const c of sorted) {
      chunks.push(frame.subarray(start, c));
      start = c;
    }
    chunks.push(frame.subarray(start));
    return chunks;
  }

  private drainSplit(): void {
    if (this.splitDraining) return;
    this.splitDraining = true;
    const step = (): void => {
      const chunk = this.splitQueue.shift();
      if (!chunk || this.closed) {
        this.splitDraining = false;
        return;
      }
      this.write(chunk);
      setImmediate(step);
    };
    step();
  }

  private write(bytes: Buffer): void {
    if (this.closed || this.socket.destroyed) return;
    // A client that stops reading must not make the simulator buffer without bound.
    if (this.socket.writableLength > MAX_UNREAD_BYTES) {
      this.destroy();
      return;
    }
    this.socket.write(bytes);
  }

  setTimer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Closes the socket after what is queued has been written whole (used after a failed authentication). */
  endGracefully(): void {
    const pending = [...this.splitQueue, ...this.outbox];
    this.outbox = [];
    this.markClosed();
    if (pending.length > 0 && !this.socket.destroyed) this.socket.write(Buffer.concat(pending));
    this.socket.end();
    // A client that never reads must not keep the socket half-open.
    this.closeTimer = setTimeout(() => this.socket.destroy(), 1000);
  }

  /** Called when the socket has closed: nothing of this connection may stay scheduled. */
  released(): void {
    this.markClosed();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  destroy(): void {
    this.markClosed();
    this.socket.destroy();
  }

  markClosed(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.splitQueue = [];
  }
}
