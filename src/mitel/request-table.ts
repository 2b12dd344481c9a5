/**
 * Requests waiting for their answer (matched by `request-id`) and requests waiting to be sent while
 * the connection is down (a bounded queue). Every request has one timer from the moment it is made:
 * unanswered -> CcError TIMEOUT; never sent -> CcError NOT_CONNECTED.
 */
import { CcError } from '../core/types';
import { PLAIN_TIMERS, type TimerHost } from './timers';

export type Json = Record<string, unknown>;

export interface PendingRequest {
  readonly id: number;
  /** The request's `message` (authenticate, subscribe-events, command...). */
  readonly message: string;
  /** The request as it will be written (without `sequence`, stamped at write time). */
  readonly body: Json;
  sent: boolean;
  readonly timeoutMs: number;
  resolve(answer: Json): void;
  reject(error: CcError): void;
}

interface Entry extends PendingRequest {
  timer: NodeJS.Timeout;
}

export class RequestTable {
  /** Every live request by id, oldest first (Map keeps insertion order). */
  private readonly byId = new Map<number, Entry>();
  /** Requests not yet written, oldest first. */
  private queue: Entry[] = [];

  constructor(
    private readonly maxQueued: number,
    /** Words for a NOT_CONNECTED rejection (e.g. "not connected to host:port (state disconnected)"). */
    private readonly describeNotConnected: () => string,
    private readonly timers: TimerHost = PLAIN_TIMERS,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Register a request; it starts its timer now. */
  create(id: number, message: string, body: Json, timeoutMs: number): { request: PendingRequest; answer: Promise<Json> } {
    let resolve!: (answer: Json) => void;
    let reject!: (error: CcError) => void;
    const answer = new Promise<Json>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Entry = {
      id,
      message,
      body,
      sent: false,
      timeoutMs,
      resolve,
      reject,
      timer: this.timers.timeout(() => this.expire(id), timeoutMs),
    };
    this.byId.set(id, entry);
    return { request: entry, answer };
  }

  /** Put a created request in the send queue; false (and rejected) when the queue is full. */
  enqueue(request: PendingRequest): boolean {
    const entry = this.byId.get(request.id);
    if (!entry) return false;
    if (this.queue.length >= this.maxQueued) {
      this.remove(entry);
      entry.reject(
        new CcError(
          `request queue full: ${this.maxQueued} requests already wait for the connection (${this.describeNotConnected()})`,
          'NOT_CONNECTED',
        ),
      );
      return false;
    }
    this.queue.push(entry);
    return true;
  }

  /** Take every queued request, oldest first, for writing. */
  takeQueued(): PendingRequest[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  /** The request answered by `id`, removed from the table. */
  take(id: number): PendingRequest | undefined {
    const entry = this.byId.get(id);
    if (!entry || !entry.sent) return undefined;
    this.remove(entry);
    return entry;
  }

  /**
   * For an answer with request-id -1: the oldest written request of that kind, else (unless
   * `sameKindOnly`) the oldest written request.
   */
  takeOldestSent(message: unknown, sameKindOnly = false): PendingRequest | undefined {
    let oldest: Entry | undefined;
    for (const entry of this.byId.values()) {
      if (!entry.sent) continue;
      if (entry.message === message) {
        this.remove(entry);
        return entry;
      }
      oldest ??= entry;
    }
    if (sameKindOnly || !oldest) return undefined;
    this.remove(oldest);
    return oldest;
  }

  /** Reject every written request (the connection carrying them is gone); queued ones stay. */
  failSent(error: CcError): void {
    for (const entry of [...this.byId.values()]) {
      if (!entry.sent) continue;
      this.remove(entry);
      entry.reject(error);
    }
  }

  /** Reject everything (stop). */
  failAll(error: CcError): void {
    const entries = [...this.byId.values()];
    this.byId.clear();
    this.queue = [];
    for (const entry of entries) {
      this.timers.clear(entry.timer);
      entry.reject(error);
    }
  }

  /** Drop one request (e.g. its write failed) and reject it. */
  fail(request: PendingRequest, error: CcError): void {
    const entry = this.byId.get(request.id);
    if (!entry) return;
    this.remove(entry);
    entry.reject(error);
  }

  private expire(id: number): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.remove(entry);
    if (entry.sent) {
      entry.reject(
        new CcError(`no answer to ${entry.message} (request-id ${entry.id}) within ${entry.timeoutMs} ms`, 'TIMEOUT'),
      );
    } else {
      entry.reject(new CcError(`${this.describeNotConnected()}; ${entry.message} not sent within ${entry.timeoutMs} ms`, 'NOT_CONNECTED'));
    }
  }

  private remove(entry: Entry): void {
    this.timers.clear(entry.timer);
    this.byId.delete(entry.id);
    if (!entry.sent) {
      const i = this.queue.indexOf(entry);
      if (i !== -1) this.queue.splice(i, 1);
    }
  }
}
