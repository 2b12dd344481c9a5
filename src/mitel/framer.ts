/**
 * Splits a TCP byte stream into NUL-terminated frames (the event feed ends every JSON message with
 * one 0x00 byte, in both directions).
 *
 * - Works over Buffers: text is decoded only from whole frames, so a multi-byte UTF-8 character cut
 *   between two reads is decoded correctly.
 * - Linear in bytes received: every byte is scanned once (indexOf from the start of the NEW chunk);
 *   the pieces of a frame are kept in a list and joined once, when its NUL arrives.
 * - Bounded: a frame longer than `maxFrameBytes` is reported once and discarded up to its NUL; the
 *   next frame is delivered normally.
 * - Empty frames (two NULs in a row) are ignored.
 */

export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
const NUL = 0x00;

export interface FramerSink {
  /** One whole frame, decoded as UTF-8, without its NUL. */
  onFrame(text: string): void;
  /** A frame exceeded the limit; its bytes are being discarded up to the next NUL. */
  onOversize(message: string, limit: number): void;
}

export class NulFramer {
  private pieces: Buffer[] = [];
  private pendingBytes = 0;
  /** True while skipping the rest of an oversized frame. */
  private discarding = false;
  readonly maxFrameBytes: number;

  constructor(
    private readonly sink: FramerSink,
    maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES,
  ) {
    this.maxFrameBytes = maxFrameBytes > 0 ? maxFrameBytes : DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes held for an incomplete frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    let nul = chunk.indexOf(NUL, 0);
    while (nul !== -1) {
      if (this.discarding) {
        this.discarding = false;
      } else {
        this.completeFrame(chunk, start, nul);
      }
      start = nul + 1;
      nul = start < chunk.length ? chunk.indexOf(NUL, start) : -1;
    }
    if (start < chunk.length) this.keepTail(chunk, start);
  }

  /** Forget any partial frame (a new connection starts clean). */
  reset(): void {
    this.pieces = [];
    this.pendingBytes = 0;
    this.discarding = false;
  }

  private completeFrame(chunk: Buffer, start: number, end: number): void {
    const total = this.pendingBytes + (end - start);
    if (total > this.maxFrameBytes) {
      this.pieces = [];
      this.pendingBytes = 0;
      this.reportOversize();
      return;
    }
    let text: string;
    if (this.pieces.length === 0) {
      if (end === start) return; // empty frame
      text = chunk.toString('utf8', start, end);
    } else {
      this.pieces.push(chunk.subarray(start, end));
      text = Buffer.concat(this.pieces, total).toString('utf8');
      this.pieces = [];
      this.pendingBytes = 0;
    }
    this.sink.onFrame(text);
  }

  private keepTail(chunk: Buffer, start: number): void {
    if (this.discarding) return;
    const length = chunk.length - start;
    if (this.pendingBytes + length > this.maxFrameBytes) {
      this.pieces = [];
      this.pendingBytes = 0;
      this.discarding = true;
      this.reportOversize();
      return;
    }
    // A small tail of a big read is copied so that it does not pin the whole read buffer.
    const tail = chunk.subarray(start);
    this.pieces.push(length < chunk.length / 4 ? Buffer.from(tail) : tail);
    this.pendingBytes += length;
  }

  private reportOversize(): void {
    const limit = this.maxFrameBytes;
    this.sink.onOversize(`frame exceeds ${limit} bytes, discarded`, limit);
  }
}
