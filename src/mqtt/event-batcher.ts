/**
 * The gateway's `batched` event messages: the events of one turn of the event loop go out as one
 * message. Encoded events (UTF-8) are collected and flushed on setImmediate (after the I/O callbacks of the
 * turn, so a burst read from one socket chunk is one message, with no timer latency), or at once when
 * a batch reaches its bound in events or in bytes, so that no message grows without limit.
 */
import { encodeBatch } from './envelope';

export interface EventBatch {
  /** The message body (envelope.ts, EventBatchEnvelope). */
  body: Buffer;
  /** Events in it (the in-flight bound and the drop count are counted in events). */
  count: number;
}

export interface BatchLimits {
  maxEvents: number;
  /** Bytes of the encoded events (the body is a few bytes more). */
  maxBytes: number;
}

/**
 * 64 KB: a body of several hundred KB is decoded and parsed about four times slower per byte (V8
 * allocates strings past ~128 KB, a two-byte string past 64 KB of text, in its large-object space),
 * and a small bound keeps the delay of a big burst's first events short.
 */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEvents: 500, maxBytes: 64 * 1024 };

export class EventBatcher {
  private parts: Buffer[] = [];
  private bytes = 0;
  private immediate: NodeJS.Immediate | undefined;
  private readonly onImmediate = (): void => {
    this.immediate = undefined;
    this.emitBatch();
  };

  constructor(
    private readonly send: (batch: EventBatch) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  /** Events waiting for the flush. */
  get pending(): number {
    return this.parts.length;
  }

  /** One event envelope, encoded (envelope.ts, encode) as UTF-8. */
  add(encodedEvent: Buffer): void {
    this.parts.push(encodedEvent);
    this.bytes += encodedEvent.length;
    if (this.parts.length >= this.limits.maxEvents || this.bytes >= this.limits.maxBytes) this.emitBatch();
    else if (!this.immediate) this.immediate = setImmediate(this.onImmediate);
  }

  /** Sends what is collected now and cancels the pending flush (detach, stop). */
  flush(): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.emitBatch();
  }

  private emitBatch(): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    const bytes = this.bytes;
    this.parts = [];
    this.bytes = 0;
    this.send({ body: encodeBatch(parts, bytes), count: parts.length });
  }
}
