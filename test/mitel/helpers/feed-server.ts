/**
 * A tiny scripted Mitel event-feed server for client tests, written from the GUIDE (not from the
 * client): NUL-terminated JSON both ways, authenticate first (MD5 hex password, wrong -> close),
 * subscribe-events / unsubscribe-events / command answered with result 0 unless a test handles the
 * request itself (`onRequest` returning true).
 */
import { createHash } from 'crypto';
import { EventEmitter } from 'events';
import net from 'net';

export type Msg = Record<string, unknown>;

export class FeedConnection {
  readonly requests: Msg[] = [];
  authenticated = false;
  private buffered = Buffer.alloc(0);
  private sequence = 0;
  /** Stamp outgoing events with a per-connection sequence (like the server). */
  stampSequence = true;

  constructor(
    readonly socket: net.Socket,
    readonly id: number,
  ) {}

  /** Independent, simple splitter (tests only: concatenation is fine for small frames). */
  feed(chunk: Buffer, onMessage: (text: string) => void): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    let nul: number;
    while ((nul = this.buffered.indexOf(0)) !== -1) {
      const text = this.buffered.subarray(0, nul).toString('utf8');
      this.buffered = this.buffered.subarray(nul + 1);
      if (text.length) onMessage(text);
    }
  }

  /** Send an answer exactly as given. */
  answer(msg: Msg): void {
    this.sendRaw(JSON.stringify(msg) + '\0');
  }

  /** Send an event, stamped with version/sequence/topic like the server does. */
  event(msg: Msg): void {
    const stamped = this.stampSequence ? { version: 1, sequence: this.sequence, topic: 'contact-center', ...msg } : msg;
    if (this.stampSequence) this.sequence = this.sequence >= 4294967295 ? 0 : this.sequence + 1;
    this.answer(stamped);
  }

  setNextSequence(n: number): void {
    this.sequence = n;
  }

  sendRaw(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface FeedServerOptions {
  user?: string;
  password?: string;
  /** Answer a wrong password with result -1 before closing (default: just close, as the guide says). */
  answerAuthFailure?: boolean;
}

export class FeedServer extends EventEmitter {
  private server: net.Server | undefined;
  readonly connections = new Set<FeedConnection>();
  readonly requests: (Msg & { connectionId: number })[] = [];
  port = 0;
  private nextId = 1;
  /** Return true to take over a request (no default answer). */
  onRequest: ((req: Msg, conn: FeedConnection) => boolean | void) | undefined;
  readonly user: string;
  readonly password: string;

  constructor(private readonly options: FeedServerOptions = {}) {
    super();
    this.user = options.user ?? 'demo';
    this.password = options.password ?? 'secret';
  }

  async start(port = 0): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Close every socket and the listener. */
  async stop(): Promise<void> {
    for (const c of this.connections) c.close();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stop, wait `downMs`, listen again on the same port. */
  async restart(downMs: number): Promise<void> {
    const port = this.port;
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.start(port);
  }

  authenticated(): FeedConnection[] {
    return [...this.connections].filter((c) => c.authenticated);
  }

  /** Send an event to every authenticated connection. */
  broadcast(msg: Msg): void {
    for (const c of this.authenticated()) c.event(msg);
  }

  /** Resolve with the next request matching `pred` (or one already received, from index `from`). */
  waitForRequest(pred: (r: Msg) => boolean, from = 0): Promise<Msg & { connectionId: number }> {
    const seen = this.requests.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const on = (r: Msg & { connectionId: number }) => {
        if (!pred(r)) return;
        this.off('request', on);
        resolve(r);
      };
      this.on('request', on);
    });
  }

  private accept(socket: net.Socket): void {
    const conn = new FeedConnection(socket, this.nextId++);
    this.connections.add(conn);
    this.emit('connection', conn);
    socket.on('error', () => undefined);
    socket.on('close', () => this.connections.delete(conn));
    socket.on('data', (chunk) =>
      conn.feed(chunk, (text) => {
        let req: Msg;
        try {
          req = JSON.parse(text) as Msg;
        } catch {
          return;
        }
        conn.requests.push(req);
        const recorded = { ...req, connectionId: conn.id };
        this.requests.push(recorded);
        this.emit('request', recorded, conn);
        this.handle(req, conn);
      }),
    );
  }

  private handle(req: Msg, conn: FeedConnection): void {
    if (this.onRequest?.(req, conn)) return;
    const base = { version: 1, topic: 'contact-center', 'request-id': req['request-id'], message: req['message'] };
    if (!conn.authenticated) {
      const ok =
        req['message'] === 'authenticate' &&
        req['user'] === this.user &&
        req['password'] === createHash('md5').update(this.password, 'utf8').digest('hex');
      if (!ok) {
        if (this.options.answerAuthFailure) conn.answer({ ...base, result: -1, 'error-msg': 'invalid credentials' });
        conn.close();
        return;
      }
      conn.authenticated = true;
      conn.answer({ ...base, result: 0 });
      this.emit('authenticated', conn);
      return;
    }
    switch (req['message']) {
      case 'subscribe-events':
        conn.answer({ ...base, result: 0, subscriptions: req['subscribe'] });
        return;
      case 'unsubscribe-events':
        conn.answer({ ...base, result: 0 });
        return;
      case 'command':
        conn.answer({ ...base, command: req['sub-request-type'], result: 0 });
        return;
      default:
        conn.answer({ ...base, result: -1, 'error-msg': 'unknown message' });
    }
  }
}

/** The next emission of `event` on `emitter` whose first argument satisfies `pred`. */
export function nextEmit<T>(emitter: EventEmitter, event: string, pred: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (v: T) => {
      if (!pred(v)) return;
      emitter.off(event, on);
      resolve(v);
    };
    emitter.on(event, on);
  });
}
