/**
 * A plain net.Socket client of the event feed, written from the guide for the simulator tests:
 * NUL-terminated JSON both ways, frames decoded only when whole.
 */
import { createHash } from 'crypto';
import * as net from 'net';

export type Frame = Record<string, unknown>;

export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export class FeedClient {
  /** Every frame received, in order: parsed objects, or `{ unparsable: text }`. */
  readonly frames: Frame[] = [];
  /** Number of 'data' events (to see how the bytes were cut). */
  chunks = 0;
  /** Raw chunks as received, for framing tests. */
  readonly rawChunks: Buffer[] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  private pending = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private nextRequestId = 1;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks++;
      this.rawChunks.push(chunk);
      this.pending = Buffer.concat([this.pending, chunk]);
      let nul = this.pending.indexOf(0);
      while (nul !== -1) {
        const text = this.pending.subarray(0, nul).toString('utf8');
        this.pending = this.pending.subarray(nul + 1);
        try {
          this.frames.push(JSON.parse(text) as Frame);
        } catch {
          this.frames.push({ unparsable: text });
        }
        nul = this.pending.indexOf(0);
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number): Promise<FeedClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new FeedClient(socket));
      });
    });
  }

  /** Connects and authenticates; resolves with the client after the answer. */
  static async authenticated(port: number, user = 'demo', password = 'demo'): Promise<FeedClient> {
    const client = await FeedClient.connect(port);
    const answer = await client.request({ message: 'authenticate', user, password: md5(password) });
    if (answer.result !== 0) throw new Error(`authentication answered ${JSON.stringify(answer)}`);
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(message: Frame): void {
    this.socket.write(Buffer.concat([Buffer.from(JSON.stringify(message), 'utf8'), Buffer.from([0])]));
  }

  /** Sends a request with version, topic and a fresh request-id; resolves with the answer of that id. */
  async request(message: Frame): Promise<Frame> {
    const id = this.nextRequestId++;
    this.send({ version: 1, topic: 'contact-center', 'request-id': id, ...message });
    return this.waitFor((f) => f['request-id'] === id);
  }

  /** Resolves with the first frame (received since index `from`) that matches; rejects on timeout or close. */
  waitFor(match: (f: Frame) => boolean, timeoutMs = 3000, from = 0): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching frame within ${timeoutMs} ms (got ${this.frames.length} frames)`));
      }, timeoutMs);
      const cleanup = (): void => clearTimeout(timer);
      const check = (): void => {
        const found = this.frames.slice(from).find(match);
        if (found) {
          cleanup();
          resolve(found);
        } else if (this.isClosed) {
          cleanup();
          reject(new Error('connection closed before a matching frame arrived'));
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  /** Resolves once every predicate has been matched by some frame. */
  async waitForAll(names: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
      await this.waitFor((f) => f.message === name, Math.max(1, deadline - Date.now()));
    }
  }

  messages(): string[] {
    return this.frames.map((f) => String(f.message));
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}
