/**
 * NUL-terminated framing over Buffers, as the guide requires in both directions ("A NULL character
 * ('\0' or 0x00) is used to terminate each JSON message"). Bytes are kept as Buffers until a whole
 * frame is present so that a character cut between two TCP reads is decoded correctly.
 */
export class NulFrameReader {
  private pending: Buffer[] = [];
  private pendingLength = 0;

  constructor(private readonly maxFrameBytes = 1024 * 1024) {}

  /** Feeds one read; returns the complete frames it finished, as UTF-8 text (empty frames skipped). */
  push(chunk: Buffer): string[] {
    const frames: string[] = [];
    let start = 0;
    let nul = chunk.indexOf(0, start);
    while (nul !== -1) {
      const tail = chunk.subarray(start, nul);
      const whole = this.pendingLength > 0 ? Buffer.concat([...this.pending, tail]) : tail;
      this.pending = [];
      this.pendingLength = 0;
      if (whole.length > 0) frames.push(whole.toString('utf8'));
      start = nul + 1;
      nul = chunk.indexOf(0, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending.push(rest);
      this.pendingLength += rest.length;
      if (this.pendingLength > this.maxFrameBytes) {
        this.pending = [];
        this.pendingLength = 0;
        throw new Error(`frame longer than ${this.maxFrameBytes} bytes without a NUL terminator`);
      }
    }
    return frames;
  }
}

/** One outgoing frame: the JSON text as UTF-8 followed by the NUL terminator. */
export function encodeFrame(message: unknown): Buffer {
  return Buffer.concat([Buffer.from(JSON.stringify(message), 'utf8'), Buffer.from([0])]);
}
