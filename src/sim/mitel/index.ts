/**
 * MitelSimulator: a Mitel Connect Contact Center Event Feed server faithful to the Mitel
 * Connect Contact Center Event Feed guide, with fault controls for client tests and an optional
 * generated contact-center day. `./DECISIONS.md` lists what the guide left open and what the
 * simulator does there.
 */
import { createHash } from 'crypto';
import { EventEmitter } from 'events';
import * as net from 'net';
import { SeededRandom } from '../common/rng';
import { evaluateCommand } from './commands';
import { ContactCenter } from './contact-center';
import { MitelDay } from './day';
import { deleteAgent, renameAgent } from './entity-changes';
import { generateDirectory, type SimDirectory } from './directory';
import { DEFAULT_PORT, ENTITY_EVENT, MAX_CONNECTIONS, REQUEST, STATS_EVENTS } from './protocol-table';
import { SimConnection, type MitelMessage, type WriteMode } from './sim-connection';
import { statisticsMessages } from './statistics-feed';
import { handleSubscribe, handleUnsubscribe, requestIdOf, type SubscriptionRequestContext } from './subscription-requests';
import { covers, routeOf, type EventRoute } from './subscriptions';

export type { WriteMode, MitelMessage } from './sim-connection';
export type { SimDirectory, SimAgent, SimGroup, SimAgentQueue, SimDnis, SimReleaseCode, SimWrapupCode } from './directory';

/** One step of scripted mode, played on each connection `atMs` (real) milliseconds after its authentication. */
export type ScriptStep =
  | { atMs: number; frame: MitelMessage | string }
  | { atMs: number; raw: Buffer | string }
  | { atMs: number; action: 'drop' | 'garbage' };

export interface MitelSimulatorOptions {
  /** 0 = ephemeral; default 31456. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  user: string;
  /** Clear text; clients send its lowercase MD5 hex digest. */
  password: string;
  /** Play the generated day (default false; the CLI turns it on). */
  generate?: boolean;
  /** Seed of the deterministic RNG (directory, day, split points). Default 1. */
  seed?: number;
  /** Time multiplier of the generated day: 1 = realistic, 20 = twenty times faster. */
  speed?: number;
  /** Real milliseconds between statistics messages; default 5000 / speed. */
  statsIntervalMs?: number;
  script?: ScriptStep[];
  /** Default 50, the guide's limit; connections beyond it are closed at once. */
  maxClients?: number;
  /** Key of the records in the subscribe answer: "subscriptions" (sample exchange, default) or "subscribe" (as specified, with "request":"Subscribe"). */
  subscribeAnswerKey?: 'subscriptions' | 'subscribe';
  /** Entity snapshot: one message per entity kind as in the sample (default), or one message with every list as in the schema. */
  snapshotMode?: 'per-kind' | 'combined';
  /** Send the guide's misspellings (`agent- idle `, `agent-gueue-stats`, empty daily-group-stats message...). */
  guideSpellings?: boolean;
  /** Answer a failed authentication with a negative result before closing (default false: just close, as the guide says). */
  answerAuthFailure?: boolean;
  /** Close connections that have not authenticated after this many ms (default 30000). */
  authTimeoutMs?: number;
  /** One line per connection / authentication / notable event; never given the password. */
  log?: (line: string) => void;
}

/** An event as the simulator sent it on one connection (its 'sent' event), before the header stamps. */
export interface SentEvent {
  connectionId: number;
  sequence: number;
  message: MitelMessage;
}

/** A parsed request as received, with the id of the connection it came on. */
export type SimRequest = MitelMessage & { connectionId: number };

export interface ConnectionInfo {
  id: number;
  remoteAddress?: string;
  remotePort?: number;
}

export interface AuthInfo {
  id: number;
  user?: string;
  reason?: string;
}

const MAX_RECORDED_REQUESTS = 10000;

const md5hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');


export class MitelSimulator extends EventEmitter {
  readonly entities: SimDirectory;
  readonly requests: SimRequest[] = [];
  private readonly options: Required<Omit<MitelSimulatorOptions, 'script' | 'log' | 'statsIntervalMs'>> & {
    script: ScriptStep[];
    statsIntervalMs: number;
  };
  private readonly log: (line: string) => void;
  private readonly cc: ContactCenter;
  private readonly rng: SeededRandom;
  private readonly day: MitelDay | undefined;
  private server: net.Server | undefined;
  private readonly connections = new Map<number, SimConnection>();
  private nextConnectionId = 1;
  private writeMode: WriteMode = 'normal';
  private boundPort: number | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Ends a restart's down time early (stop() during a restart). */
  private endDownTime: (() => void) | undefined;
  private running = false;
  private readonly subscriptionContext: SubscriptionRequestContext;

  constructor(options: MitelSimulatorOptions) {
    super();
    const speed = options.speed && options.speed > 0 ? options.speed : 1;
    this.options = {
      port: options.port ?? DEFAULT_PORT,
      host: options.host ?? '127.0.0.1',
      user: options.user,
      password: options.password,
      generate: options.generate ?? false,
      seed: options.seed ?? 1,
      speed,
      statsIntervalMs: options.statsIntervalMs ?? Math.max(10, Math.round(5000 / speed)),
      script: options.script ?? [],
      maxClients: Math.min(options.maxClients ?? MAX_CONNECTIONS, MAX_CONNECTIONS),
      subscribeAnswerKey: options.subscribeAnswerKey ?? 'subscriptions',
      snapshotMode: options.snapshotMode ?? 'per-kind',
      guideSpellings: options.guideSpellings ?? false,
      answerAuthFailure: options.answerAuthFailure ?? false,
      authTimeoutMs: options.authTimeoutMs ?? 30000,
    };
    this.log = options.log ?? (() => undefined);
    this.rng = new SeededRandom(this.options.seed);
    this.entities = generateDirectory(this.options.seed);
    this.cc = new ContactCenter(
      this.entities,
      { guideSpellings: this.options.guideSpellings, seed: this.options.seed, speed },
      (message, route) => this.publish(message, route),
    );
    this.day = this.options.generate ? new MitelDay(this.cc, speed) : undefined;
    this.subscriptionContext = {
      entities: this.entities,
      subscribeAnswerKey: this.options.subscribeAnswerKey,
      snapshotMode: this.options.snapshotMode,
      sendStatistics: (conn) => this.sendStatistics(conn),
    };
  }

  /** The bound port (after start). */
  get port(): number {
    return this.boundPort ?? this.options.port;
  }

  async start(): Promise<number> {
    if (this.running) return this.port;
    this.running = true;
    try {
      await this.listen(this.options.port);
    } catch (err) {
      this.running = false;
      throw err;
    }
    this.statsTimer = setInterval(() => this.sendStatistics(), this.options.statsIntervalMs);
    this.day?.start();
    return this.port;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.statsTimer = undefined;
    this.restartTimer = undefined;
    this.endDownTime?.();
    this.day?.stop();
    this.dropConnections();
    await this.closeListener();
  }

  // ----- fault controls -----

  setWriteMode(mode: WriteMode): void {
    this.writeMode = mode;
  }

  /** A non-JSON NUL-terminated frame to every authenticated client. */
  sendGarbage(): void {
    for (const conn of this.authenticatedConnections()) conn.sendRaw(garbageFrame());
  }

  /** Bytes as they are (no NUL added) to every connected client. */
  sendRaw(bytes: Buffer | string): void {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (const conn of this.connections.values()) conn.sendRaw(buf);
  }

  /** Closes every client connection (also those closing after a failed authentication); the listener stays. */
  dropConnections(): void {
    for (const conn of [...this.connections.values()]) conn.destroy();
    this.connections.clear();
  }

  /** Closes all sockets and the listener, and listens again on the same port after downMs. */
  async restart(downMs: number): Promise<void> {
    const port = this.port;
    this.dropConnections();
    await this.closeListener();
    if (!this.running) return; // stopped meanwhile
    await new Promise<void>((resolve) => {
      this.endDownTime = () => {
        this.endDownTime = undefined;
        resolve();
      };
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.endDownTime?.();
      }, downMs);
    });
    if (this.running) await this.listen(port);
  }

  /**
   * Sends an event to the clients whose subscriptions cover it (unknown types: every authenticated
   * client), stamped with version, the connection's sequence, timestamp, gmt and topic. Header fields
   * given in the event are kept, except `sequence`, which is always the connection's own.
   */
  emitEvent(event: MitelMessage): void {
    const { sequence: _ignored, ...body } = event;
    this.publish(body, routeOf(body), { timestamp: true, gmt: true });
  }

  /** The next outgoing sequence number of every current connection (for wrap tests). */
  setNextSequence(n: number): void {
    for (const conn of this.connections.values()) conn.nextSequence = n;
  }

  // ----- configuration changes (as Contact Center Director makes them) -----

  /** Renames an agent and announces it (entity-update "update"); false for an unknown agent. */
  renameAgent(id: number, name: string): boolean {
    const a = this.cc.agent(id);
    if (!a) return false;
    renameAgent(this.cc, a, name);
    return true;
  }

  /** Deletes an agent (logged out first) and announces it (entity-update "delete"). */
  removeAgent(id: number): boolean {
    const a = this.cc.agent(id);
    if (!a) return false;
    deleteAgent(this.cc, a);
    return true;
  }

  /** The simulator's own view of its agents (what a correct board must show). */
  agentView(): Array<{ id: string; name: string; state: number; groups: string[] }> {
    return [...this.cc.agents.values()].map((a) => ({
      id: String(a.agent.id),
      name: a.agent.name,
      state: a.state,
      groups: a.loggedInGroups.map(String),
    }));
  }

  /** Open client connections (a connection closing after a failed authentication no longer counts). */
  clientCount(): number {
    return [...this.connections.values()].filter((c) => !c.closed).length;
  }

  // ----- listener and connections -----

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.log(`mitel sim: listener error ${err.message}`));
        this.server = server;
        const address = server.address();
        this.boundPort = typeof address === 'object' && address ? address.port : port;
        resolve();
      });
    });
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    if (this.clientCount() >= this.options.maxClients) {
      this.log(`mitel sim: connection from ${socket.remoteAddress}:${socket.remotePort} refused (max ${this.options.maxClients})`);
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const conn = new SimConnection(this.nextConnectionId++, socket, () => this.writeMode, this.rng);
    this.connections.set(conn.id, conn);
    const info: ConnectionInfo = { id: conn.id, remoteAddress: socket.remoteAddress, remotePort: socket.remotePort };
    this.log(`mitel sim: connection ${conn.id} from ${info.remoteAddress}:${info.remotePort}`);
    this.emit('connection', info);
    conn.setTimer(() => {
      if (!conn.authenticated) this.rejectAuth(conn, undefined, -1, 'no authenticate request in time');
    }, this.options.authTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', () => undefined); // a reset by the client is an ordinary end here
    socket.on('close', () => {
      conn.released();
      this.connections.delete(conn.id);
      this.log(`mitel sim: connection ${conn.id} closed`);
    });
  }

  private onData(conn: SimConnection, chunk: Buffer): void {
    let frames: string[];
    try {
      frames = conn.reader.push(chunk);
    } catch (err) {
      this.log(`mitel sim: connection ${conn.id}: ${(err as Error).message}`);
      conn.destroy();
      return;
    }
    for (const text of frames) {
      if (conn.closed) return;
      this.onFrame(conn, text);
    }
  }

  private onFrame(conn: SimConnection, text: string): void {
    let req: MitelMessage;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      req = parsed as MitelMessage;
    } catch {
      if (!conn.authenticated) {
        this.rejectAuth(conn, undefined, -1, 'first request is not valid JSON');
        return;
      }
      // Simulator decision: an unreadable request is answered with request-id -1 and a negative result.
      conn.send({ message: 'error', 'request-id': -1, result: -1, 'error-msg': 'request is not a JSON object' }, { timestamp: true });
      return;
    }
    const recorded: SimRequest = { ...req, connectionId: conn.id };
    this.requests.push(recorded);
    // A long CLI run must not grow without bound: keep the most recent requests.
    if (this.requests.length > MAX_RECORDED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_RECORDED_REQUESTS);
    this.emit('request', recorded);

    if (req.message === REQUEST.authenticate) {
      this.authenticate(conn, req);
      return;
    }
    if (!conn.authenticated) {
      this.rejectAuth(conn, req, requestIdOf(req), 'the first request must be authenticate');
      return;
    }
    switch (req.message) {
      case REQUEST.subscribe:
        this.subscribe(conn, req);
        break;
      case REQUEST.unsubscribe:
        this.unsubscribe(conn, req);
        break;
      case REQUEST.command:
        this.command(conn, req);
        break;
      default:
        // Simulator decision: the guide does not say; unknown requests get a negative result.
        conn.send(
          {
            message: typeof req.message === 'string' ? req.message : '',
            'request-id': requestIdOf(req),
            result: -1,
            'error-msg': `unknown message ${JSON.stringify(req.message ?? null)}`,
          },
          { timestamp: true },
        );
    }
  }

  private authenticate(conn: SimConnection, req: MitelMessage): void {
    const user = typeof req.user === 'string' ? req.user : undefined;
    const ok = user === this.options.user && req.password === md5hex(this.options.password);
    if (!ok) {
      this.rejectAuth(conn, req, requestIdOf(req), 'wrong user or password');
      return;
    }
    const first = !conn.authenticated;
    conn.authenticated = true;
    conn.user = user;
    conn.send({ 'request-id': requestIdOf(req), message: REQUEST.authenticate, result: 0 }, {});
    if (!first) return;
    for (const t of [...conn.timers]) clearTimeout(t); // the auth timeout
    conn.timers.clear();
    this.log(`mitel sim: connection ${conn.id} authenticated as ${user}`);
    this.emit('authenticated', { id: conn.id, user } satisfies AuthInfo);
    this.playScript(conn);
  }

  private rejectAuth(conn: SimConnection, req: MitelMessage | undefined, requestId: number | string, reason: string): void {
    const user = req && typeof req.user === 'string' ? req.user : undefined;
    this.log(`mitel sim: connection ${conn.id} authentication failed: ${reason}`);
    this.emit('auth-failed', { id: conn.id, user, reason } satisfies AuthInfo);
    if (this.options.answerAuthFailure) {
      conn.send({ 'request-id': requestId, message: REQUEST.authenticate, result: -1, 'error-msg': reason }, {});
    }
    // It stays in `connections` until its socket has closed, so that stop() can end it.
    conn.endGracefully();
  }

  private playScript(conn: SimConnection): void {
    for (const step of this.options.script) {
      conn.setTimer(() => {
        if ('frame' in step) {
          if (typeof step.frame === 'string') conn.sendRaw(Buffer.concat([Buffer.from(step.frame, 'utf8'), Buffer.from([0])]));
          else conn.send(step.frame);
        } else if ('raw' in step) {
          conn.sendRaw(typeof step.raw === 'string' ? Buffer.from(step.raw, 'utf8') : step.raw);
        } else if (step.action === 'drop') {
          // Steps due together (a busy event loop) still reach the client in order before the drop.
          conn.flushNow();
          conn.destroy();
        } else {
          conn.sendRaw(garbageFrame());
        }
      }, step.atMs);
    }
  }

  // ----- subscriptions -----

  private subscribe(conn: SimConnection, req: MitelMessage): void {
    handleSubscribe(this.subscriptionContext, conn, req);
  }

  private unsubscribe(conn: SimConnection, req: MitelMessage): void {
    handleUnsubscribe(this.entities, conn, req);
  }

  // ----- commands -----

  private command(conn: SimConnection, req: MitelMessage): void {
    const verdict = evaluateCommand(this.cc, req);
    const answer: MitelMessage = { message: REQUEST.command, 'request-id': requestIdOf(req), command: verdict.command, result: verdict.result };
    // Simulator decision: the guide's Command Response has no error text; a failed one carries error-msg.
    if ('error' in verdict) answer['error-msg'] = verdict.error;
    conn.send(answer, {});
    if ('apply' in verdict) verdict.apply();
  }

  // ----- events out -----

  private authenticatedConnections(): SimConnection[] {
    return [...this.connections.values()].filter((c) => c.authenticated && !c.closed);
  }

  private publish(message: MitelMessage, route: EventRoute, stamps = stampsFor(route.event)): void {
    for (const conn of this.authenticatedConnections()) {
      if (covers(conn.subscriptions, route)) this.sendTo(conn, message, stamps);
    }
  }

  /** One event to one connection; 'sent' tells listeners (the ledger of a conservation check) what went where. */
  private sendTo(conn: SimConnection, message: MitelMessage, stamps: { timestamp?: boolean; gmt?: boolean }): void {
    const sequence = conn.nextSequence;
    conn.send(message, stamps);
    if (this.listenerCount('sent') > 0) this.emit('sent', { connectionId: conn.id, sequence, message } satisfies SentEvent);
  }

  /** Statistics to every subscribed connection, or to one (after it subscribed). */
  private sendStatistics(only?: SimConnection): void {
    const targets = only ? [only] : this.authenticatedConnections();
    const interested = targets.filter((c) => STATS_EVENTS.some((t) => c.subscriptions.ids(t).length > 0));
    if (interested.length === 0) return;
    for (const { message, route } of statisticsMessages(this.cc)) {
      for (const conn of interested) if (covers(conn.subscriptions, route)) this.sendTo(conn, message, { timestamp: true });
    }
  }
}

function garbageFrame(): Buffer {
  return Buffer.concat([Buffer.from('{"version":1,"message":garbage!!', 'utf8'), Buffer.from([0])]);
}

/** Which header stamps an event carries, as in the guide's examples of that event. */
function stampsFor(event: string): { timestamp?: boolean; gmt?: boolean } {
  if (event === ENTITY_EVENT.snapshot || event === ENTITY_EVENT.update) return { timestamp: true };
  if ((STATS_EVENTS as readonly string[]).includes(event)) return { timestamp: true };
  return { timestamp: true, gmt: true };
}
