/**
 * The gateway's `batched` event messages: the events of one turn of the event loop go out as one
 * message. Encoded events are collected and flushed on setImmediate (after the I/O callbacks of the
 * turn, so a burst read from one socket chunk is one message, with no timer latency), or at once when
 * a batch reaches its bound in events or in characters, so that no message grows without limit.
 */
import { encodeBatch } from './envelope';

export interface EventBatch {
  /** The message body (envelope.ts, EventBatchEnvelope). */
  body: string;
  /** Events in it (the in-flight bound and the drop count are counted in events). */
  count: number;
}

export interface BatchLimits {
  maxEvents: number;
  /** Characters of the encoded events (the body's size in bytes for ASCII; about it otherwise). */
  maxChars: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEvents: 500, maxChars: 256 * 1024 };

export class EventBatcher {
  private parts: string[] = [];
  private chars = 0;
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

  /** One encoded event envelope (envelope.ts, encode). */
  add(encodedEvent: string): void {
    this.parts.push(encodedEvent);
    this.chars += encodedEvent.length + 1;
    if (this.parts.length >= this.limits.maxEvents || this.chars >= this.limits.maxChars) this.emitBatch();
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
    this.parts = [];
    this.chars = 0;
    this.send({ body: encodeBatch(parts), count: parts.length });
  }
}
