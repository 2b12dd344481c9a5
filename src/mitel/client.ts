/**
 * MitelClient: one TCP connection to a Mitel (ShoreTel) Connect Contact Center event feed, the
 * Mitel ContactCenterDriver. No Node-RED here.
 *
 * Lifecycle: the shared ConnectionLifecycle holds the state, the backoff and every timer (retry,
 * connect timeout, idle timeout, request and wait timers): connecting -> authenticating -> connected;
 * a refused or unanswered-then-closed authentication is 'auth-failed' ("authentication failed"), any
 * other loss 'disconnected'; both retry with capped, jittered backoff (reset only after a successful
 * authentication, so a server that keeps refusing us is retried ever more slowly). stop() is final.
 *
 * Subscriptions are reference counted per owner. After every (re)connect and authentication, every
 * live subscription is re-sent in ONE subscribe-events request (one record per type), written BEFORE
 * the queued requests and before 'connected' is emitted, so whatever listeners do on 'connected'
 * reaches the server after it. subscribe() calls made while not connected join that restore.
 * A statistics query is a subscription owned by its node (one per node).
 *
 * The client never emits 'error' (an unhandled 'error' would crash Node-RED): problems that do not
 * stop the connection are 'warning's (BAD_FRAME, FRAME_TOO_LARGE, SEQUENCE_GAP, SUBSCRIPTION_PARTIAL,
 * SUBSCRIPTION_FAILED, UNSUBSCRIBE_FAILED), the rest are state changes or rejected promises.
 */
import { EventEmitter } from 'events';
import net from 'net';
import md5 from 'md5';
import type {
  ContactCenterDriver,
  EntityOption,
  RequestOptions,
  StatisticsQuery,
  StatisticsStart,
  SubscriptionSpec,
} from '../core/driver';
import { CcError, refusal } from '../core/errors';
import { ConnectionLifecycle } from '../core/lifecycle';
import { PauseHolders } from '../core/pause-holders';
import type { Outcome } from '../core/outcome';
import { SubscriptionRegistry } from '../core/subscriptions';
import type { CcWarning, ConnectionState, GapReport, StateChange } from '../core/types';
import { EntityCache, type EntityRecord } from './entity-cache';
import { entityKindOf, entityOption, entityOptions } from './entity-options';
import { EntityWaits } from './entity-waits';
import { buildEvent, classify, parseFrame, type Json } from './event-decoder';
import { NulFramer, DEFAULT_MAX_FRAME_BYTES } from './framer';
import { ENTITY_KINDS, MITEL_DEFAULT_PORT, MITEL_PROTOCOL_VERSION, MITEL_SEQUENCE_MAX, MITEL_TOPIC, REQUEST_MESSAGES, type EntityKind } from './names';
import { commandFields, parseOperation } from './operations';
import { commandOutcome, resultOf, subscriptionOutcome, wordsOf } from './outcomes';
import { RequestTable, type PendingRequest } from './request-table';
import { RestoreWaiters } from './restore-waiters';
import { SequenceTracker } from './sequence-tracker';
import { statisticsFilter, statisticsSpec } from './statistics';
import { recordsOf, toRecord, validateSubscription } from './subscription-spec';
import type { TimerHost } from './timers';

export interface MitelClientOptions {
  host: string;
  /** Default 31456. */
  port?: number;
  user: string;
  /** Plain password; sent only as its lowercase MD5 hex digest. */
  password: string;
  /** Per-request timeout (default 10000 ms). */
  requestTimeoutMs?: number;
  /** Largest frame accepted (default 16 MiB). */
  maxFrameBytes?: number;
  /** No byte received for this long -> the connection is considered dead and reconnected. 0 = off (default). */
  idleTimeoutMs?: number;
  /** TCP keepalive initial delay; 0 = off. Default 30000 ms. */
  keepAliveMs?: number;
  backoff?: { initialMs?: number; maxMs?: number; random?: () => number };
  /** TCP connect timeout (default 10000 ms). */
  connectTimeoutMs?: number;
  /** `version` sent in requests (default 1). */
  version?: number;
  /** Requests that may wait for the connection (default 1000). */
  maxQueuedRequests?: number;
}

const REQUEST_MESSAGE_SET: ReadonlySet<string> = new Set(Object.values(REQUEST_MESSAGES));

/** Owner used for the entity subscriptions the entity cache makes by itself. */
export const ENTITY_CACHE_OWNER = '__cache';

/** The registry owner of a node's statistics query (apart from the node's own subscriptions). */
function statisticsOwner(owner: string): string {
  return `statistics:${owner}`;
}

type Phase = 'idle' | 'connecting' | 'authenticating' | 'connected';

export class MitelClient extends EventEmitter implements ContactCenterDriver {
  readonly vendor = 'mitel' as const;

  private readonly host: string;
  private readonly port: number;
  private readonly user: string;
  private readonly passwordMd5: string;
  private readonly requestTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly keepAliveMs: number;
  private readonly connectTimeoutMs: number;
  private readonly version: number;

  /** State, backoff and every timer; closed for good by stop(). */
  readonly lifecycle: ConnectionLifecycle;
  /** Timers of requests and waits: the lifecycle's while running (stop clears them), plain before start. */
  private readonly timers: TimerHost;
  /** Set once stop() begins: nothing is written or started after it. */
  private stopped = false;
  private phase: Phase = 'idle';
  private socket: net.Socket | undefined;
  /** Why the current socket is being closed by us (becomes the state detail). */
  private dropReason: { state: 'disconnected' | 'auth-failed'; detail: string } | undefined;
  private lastSocketError: string | undefined;

  private readonly framer: NulFramer;
  private readonly requests: RequestTable;
  private readonly registry = new SubscriptionRegistry();
  private readonly cache = new EntityCache();
  private readonly incoming = new SequenceTracker();
  /** Where the current connection's stream stands: the `gap` of the disconnect that ends it. */
  private stream: { lastSequence?: number; received: number; lastAt?: number; connectedAt?: number } = { received: 0 };
  private nextRequestId = 1;
  private outSequence = 0;
  /** Set when group-stats is subscribed but daily-group-stats is not (empty-message heuristic). */
  private preferGroupStats = false;

  private connectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastByteAt = 0;
  /** receivedAt of the frames of the chunk being processed (one Date per read, not per event). */
  private chunkReceivedAt: string | undefined;

  private readonly restoreWaiters: RestoreWaiters;
  private readonly entityWaits: EntityWaits;
  /** The statistics query (a subscription) of each owner. */
  private readonly statistics = new Map<string, SubscriptionSpec>();
  /** Who holds the events paused (driver.ts, `pauseEvents`): the socket is not read meanwhile. */
  private readonly eventPause = new PauseHolders((paused) => this.applyPause(paused));

  constructor(options: MitelClientOptions) {
    super();
    this.host = options.host;
    this.port = options.port ?? MITEL_DEFAULT_PORT;
    this.user = options.user;
    this.passwordMd5 = md5(options.password ?? '').toLowerCase();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 0;
    this.keepAliveMs = options.keepAliveMs ?? 30000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10000;
    this.version = options.version ?? MITEL_PROTOCOL_VERSION;
    this.lifecycle = new ConnectionLifecycle((change) => this.emit('state', change), {
      initialMs: options.backoff?.initialMs ?? 1000,
      maxMs: options.backoff?.maxMs ?? 60000,
      random: options.backoff?.random,
    });
    const lifecycle = this.lifecycle;
    this.timers = {
      // Before start() the lifecycle arms nothing; requests and waits made then still time out.
      timeout: (fn, ms) => (lifecycle.running ? lifecycle.timeout(fn, ms) : setTimeout(fn, ms)),
      clear: (timer) => lifecycle.clear(timer),
    };
    this.framer = new NulFramer(
      {
        onFrame: (text) => this.onFrame(text),
        onOversize: (message, limit) => this.warn('FRAME_TOO_LARGE', message, { limit }),
      },
      options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    );
    this.requests = new RequestTable(options.maxQueuedRequests ?? 1000, () => this.describeNotConnected(), this.timers);
    this.restoreWaiters = new RestoreWaiters(this.timers);
    this.entityWaits = new EntityWaits(this.timers);
  }

  get state(): ConnectionState {
    return this.lifecycle.state;
  }

  get lastState(): StateChange {
    return this.lifecycle.lastState;
  }

  /** The entity cache (read it; it is kept from entity-snapshot / entity-update events). */
  get entities(): EntityCache {
    return this.cache;
  }

  private get where(): string {
    return `${this.host}:${this.port}`;
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle

  start(): void {
    if (this.stopped || !this.lifecycle.start()) return;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A paused socket would not see the server's FIN: read (and ignore) what is left so it closes.
    this.eventPause.releaseAll();
    const closed = new CcError('connection closed (stopped)', 'CLOSED');
    this.requests.failAll(closed);
    this.restoreWaiters.failAll(closed);
    this.entityWaits.failAll(closed);
    const socket = this.socket;
    this.socket = undefined;
    this.phase = 'idle';
    await this.lifecycle.close(async () => {
      if (socket) await closeAndWait(socket);
    });
  }

  private connect(): void {
    if (this.stopped || !this.lifecycle.running) return;
    this.phase = 'connecting';
    this.dropReason = undefined;
    this.lastSocketError = undefined;
    this.outSequence = 0;
    this.incoming.reset();
    this.stream = { received: 0 };
    this.framer.reset();
    this.lifecycle.set({ state: 'connecting', detail: this.where, attempt: this.lifecycle.attempts });

    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    if (this.keepAliveMs > 0) socket.setKeepAlive(true, this.keepAliveMs);
    this.connectTimer = this.lifecycle.timeout(() => {
      this.drop(socket, 'disconnected', `cannot connect to ${this.where}: no answer within ${this.connectTimeoutMs} ms`);
    }, this.connectTimeoutMs);

    socket.on('connect', () => {
      if (socket === this.socket) this.onConnected(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      if (socket !== this.socket) return;
      if (this.idleTimeoutMs > 0) this.lastByteAt = Date.now();
      this.chunkReceivedAt = undefined;
      this.framer.push(chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (socket === this.socket) this.lastSocketError = err.code ?? err.message;
    });
    socket.on('close', () => {
      if (socket === this.socket) this.onClosed();
    });
  }

  private onConnected(socket: net.Socket): void {
    this.lifecycle.clear(this.connectTimer);
    this.connectTimer = undefined;
    this.phase = 'authenticating';
    this.lifecycle.set({ state: 'authenticating', detail: this.where });
    if (this.idleTimeoutMs > 0) {
      this.lastByteAt = Date.now();
      this.armIdleTimer(this.idleTimeoutMs);
    }
    const { request, answer } = this.createRequest(REQUEST_MESSAGES.authenticate, {
      user: this.user,
      password: this.passwordMd5,
    });
    this.write(request);
    answer.then(
      (a) => {
        if (socket !== this.socket) return;
        if (resultOf(a) < 0) {
          const why = typeof a['error-msg'] === 'string' && a['error-msg'] ? `: ${a['error-msg']}` : '';
          this.drop(socket, 'auth-failed', `authentication failed${why}`);
        } else {
          this.onAuthenticated();
        }
      },
      (err: CcError) => {
        if (socket !== this.socket) return;
        if (err.code === 'TIMEOUT') {
          this.drop(socket, 'disconnected', `no answer to authenticate within ${this.requestTimeoutMs} ms`);
        } else if (err.code === 'REFUSED') {
          this.drop(socket, 'auth-failed', 'authentication failed: the server could not read the request');
        }
      },
    );
  }

  private onAuthenticated(): void {
    this.phase = 'connected';
    // Restore first, then what waited in the queue, then tell the listeners: on the wire, every
    // request made on 'connected' comes after both.
    this.restoreSubscriptions();
    for (const request of this.requests.takeQueued()) this.write(request);
    this.stream.connectedAt = Date.now();
    // A reader that still holds the events paused holds the new connection's too.
    if (this.eventPause.paused) this.applyPause(true);
    this.lifecycle.connected(this.where);
  }

  private onClosed(): void {
    const phase = this.phase;
    this.socket = undefined;
    this.phase = 'idle';
    this.lifecycle.clear(this.connectTimer);
    this.lifecycle.clear(this.idleTimer);
    this.connectTimer = this.idleTimer = undefined;
    this.requests.failSent(new CcError('connection lost before the server answered', 'NOT_CONNECTED'));
    if (this.stopped || !this.lifecycle.running) return;
    const why = this.lastSocketError ? `: ${this.lastSocketError}` : '';
    let next = this.dropReason;
    if (!next && phase === 'authenticating') {
      // The guide: wrong credentials make the server close the connection.
      next = { state: 'auth-failed', detail: 'authentication failed' };
    }
    if (!next && phase === 'connecting') {
      next = { state: 'disconnected', detail: `cannot connect to ${this.where}${why}` };
    }
    next ??= { state: 'disconnected', detail: `connection closed${why || ' by the server'}` };
    this.dropReason = undefined;
    this.lifecycle.fail(next.state, next.detail, () => this.connect(), phase === 'connected' ? this.endOfStream() : undefined);
  }

  /**
   * The gap a lost connection leaves: the guide's sequence is "maintained on a per-connection
   * basis" and there is no replay, so what the server sent after the last sequence received is
   * lost, and how much of it cannot be known on this side (docs/reliability.md, "Gaps").
   */
  private endOfStream(): GapReport {
    const { lastSequence, received, lastAt, connectedAt } = this.stream;
    const after = lastSequence === undefined ? 'since the connection was made' : `after sequence ${lastSequence}`;
    return {
      since: new Date(lastAt ?? connectedAt ?? Date.now()).toISOString(),
      ...(lastSequence === undefined ? {} : { lastSequence }),
      received,
      replayed: false,
      reason: `events the server sent ${after} on the lost connection are not sent again (the event feed has no replay; subscriptions are restored on reconnect)`,
    };
  }

  /** Close the socket ourselves; `state`/`detail` become the next state change. */
  private drop(socket: net.Socket, state: 'disconnected' | 'auth-failed', detail: string): void {
    if (socket !== this.socket) return;
    this.dropReason = { state, detail };
    socket.destroy();
  }

  private armIdleTimer(ms: number): void {
    this.idleTimer = this.lifecycle.timeout(() => {
      this.idleTimer = undefined;
      const socket = this.socket;
      if (!socket) return;
      const silentFor = Date.now() - this.lastByteAt;
      // Not reading is our own doing while paused: the server is not idle.
      if (this.eventPause.paused) {
        this.armIdleTimer(this.idleTimeoutMs);
      } else if (silentFor >= this.idleTimeoutMs) {
        this.drop(socket, 'disconnected', `no data received for ${this.idleTimeoutMs} ms (idle timeout)`);
      } else {
        this.armIdleTimer(this.idleTimeoutMs - silentFor);
      }
    }, ms);
  }

  // ------------------------------------------------------------------------------------------
  // Flow control (driver.ts, `pauseEvents`)

  pauseEvents(holder: string): void {
    if (!this.stopped) this.eventPause.hold(holder);
  }

  resumeEvents(holder: string): void {
    this.eventPause.release(holder);
  }

  get eventsPaused(): boolean {
    return this.eventPause.paused;
  }

  /**
   * Stop or start reading the socket. Paused once authenticated only (the handshake must be read);
   * the rest of a chunk being decoded is still emitted, TCP holds what follows at the server.
   */
  private applyPause(paused: boolean): void {
    const socket = this.socket;
    if (!socket) return;
    if (!paused) {
      // The silence while paused was ours: the idle timeout counts from now.
      this.lastByteAt = Date.now();
      socket.resume();
    } else if (this.phase === 'connected') socket.pause();
  }

  private warn(code: string, message: string, detail?: Record<string, unknown>): void {
    const warning: CcWarning = { code, message, detail };
    this.emit('warning', warning);
  }

  private describeNotConnected(): string {
    if (this.stopped) return 'client stopped';
    return `not connected to ${this.where} (state ${this.lifecycle.state})`;
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  private createRequest(message: string, fields: Json, timeoutMs = this.requestTimeoutMs) {
    const id = this.nextRequestId++;
    const body: Json = { version: this.version, topic: MITEL_TOPIC, 'request-id': id, message, ...fields };
    return this.requests.create(id, message, body, timeoutMs);
  }

  private write(request: PendingRequest): void {
    const socket = this.socket;
    if (!socket || this.stopped) return;
    const sequence = this.outSequence;
    this.outSequence = sequence >= MITEL_SEQUENCE_MAX ? 0 : sequence + 1;
    const frame = { version: request.body['version'], sequence, ...request.body };
    request.sent = true;
    socket.write(JSON.stringify(frame) + '\0');
  }

  /** Write now when connected, else queue (bounded) until connected. */
  private send(message: string, fields: Json, timeoutMs?: number): Promise<Json> {
    if (this.stopped) return Promise.reject(new CcError('client stopped', 'CLOSED'));
    const { request, answer } = this.createRequest(message, fields, timeoutMs);
    if (this.phase === 'connected') this.write(request);
    else this.requests.enqueue(request);
    return answer;
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  private onFrame(text: string): void {
    const payload = parseFrame(text);
    if (!payload) {
      const excerpt = text.length > 80 ? `${text.slice(0, 80)}…` : text;
      this.warn('BAD_FRAME', `malformed frame ignored: ${excerpt}`, { length: text.length, excerpt });
      return;
    }
    const sequence = payload['sequence'];
    if (typeof sequence === 'number') {
      const expected = this.incoming.check(sequence);
      if (expected !== undefined) {
        // Ahead of the expected number: that many frames are missing (a repeat or jump back: none).
        const missing = (sequence - expected + MITEL_SEQUENCE_MAX + 1) % (MITEL_SEQUENCE_MAX + 1);
        const count = missing > 0 && missing < 0x80000000 ? missing : 0;
        this.warn('SEQUENCE_GAP', `sequence gap: expected ${expected}, got ${sequence}${count ? ` (${count} missing)` : ''}`, { expected, got: sequence, count });
      }
      this.stream.lastSequence = sequence;
      this.stream.received++;
      this.stream.lastAt = Date.now();
    }
    if (this.requests.size > 0 && this.takeAnswer(payload)) return;
    const info = classify(payload, this.preferGroupStats);
    const receivedAt = (this.chunkReceivedAt ??= new Date().toISOString());
    if (info.family === 'entity') this.updateEntityCache(payload, info.type);
    this.emit('event', buildEvent(payload, info, receivedAt));
  }

  /**
   * Settle the request this frame answers, if any: by `request-id`; -1 (the server could not read
   * a request) rejects the oldest written request of the same `message` (else the oldest written);
   * an answer without any request-id (tolerated) settles the oldest request of its `message`.
   */
  private takeAnswer(payload: Json): boolean {
    const requestId = payload['request-id'];
    const message = payload['message'];
    if (requestId === undefined || requestId === null || requestId === '') {
      if (typeof message !== 'string' || !REQUEST_MESSAGE_SET.has(message)) return false;
      const request = this.requests.takeOldestSent(message, true);
      request?.resolve(payload);
      return request !== undefined;
    }
    const id = typeof requestId === 'number' ? requestId : Number(requestId);
    if (id === -1) {
      const request = this.requests.takeOldestSent(message);
      if (!request) return false;
      const words = wordsOf(payload);
      const outcome: Outcome = { status: 'refused', code: resultOf(payload) || -1, ...(words ? { text: words } : {}), answer: payload };
      request.reject(refusal(`the server could not read the ${request.message} request (answered request-id -1)${words ? `: ${words}` : ''}`, outcome));
      return true;
    }
    const request = this.requests.take(id);
    request?.resolve(payload);
    return request !== undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Subscriptions

  async subscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    if (this.stopped) throw new CcError('client stopped', 'CLOSED');
    const canonical = validateSubscription(spec);
    const added = this.registry.add(owner, canonical);
    this.refreshHeuristics();
    if (added.length === 0) return { status: 'ok', text: 'already subscribed', answer: undefined };
    const mine: SubscriptionSpec = { type: canonical.type, entities: added.filter((e) => e !== '') };
    if (this.phase !== 'connected') {
      return this.restoreWaiters.wait(owner, mine, this.requestTimeoutMs, () =>
        new CcError(
          `${this.describeNotConnected()} within ${this.requestTimeoutMs} ms; the subscription is kept and will be sent when connected`,
          'NOT_CONNECTED',
        ),
      );
    }
    // Not answered (lost connection, timeout) -> rejected, but the registration stays and is
    // restored on reconnect; refused -> the registration is rolled back.
    const answer = await this.send(REQUEST_MESSAGES.subscribe, { subscribe: [toRecord(mine)] });
    const outcome = subscriptionOutcome(answer, [mine]);
    const what = `subscribe ${mine.type} ${JSON.stringify(mine.entities)}`;
    if (outcome.status === 'refused') {
      this.registry.remove(owner, { type: canonical.type, entities: added });
      this.refreshHeuristics();
      throw refusal(refusedMessage(what, answer), outcome);
    }
    if (outcome.status === 'partial') this.warnPartial(what, answer, outcome);
    return outcome;
  }

  /**
   * Unsubscribe records are sent under BOTH "unsubscribe" (the sample exchange) and "subscribe" (the
   * request specification), with identical content: the guide's section 'Unsubscribe Events' does
   * not tell which key the server reads, and a server reads its one key and ignores the other.
   */
  async unsubscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    const canonical = validateSubscription(spec);
    const removed = this.registry.remove(owner, canonical);
    this.refreshHeuristics();
    if (removed.length === 0) {
      return { status: 'ok', text: 'still wanted by other owners, or not subscribed', answer: undefined };
    }
    if (this.phase !== 'connected') {
      return { status: 'ok', text: 'not connected: removed from the subscriptions restored on reconnect', answer: undefined };
    }
    const mine: SubscriptionSpec = { type: canonical.type, entities: removed.filter((e) => e !== '') };
    const record = [toRecord(mine)];
    const answer = await this.send(REQUEST_MESSAGES.unsubscribe, {
      request: 'Unsubscribe',
      unsubscribe: record,
      subscribe: record,
    });
    const outcome = subscriptionOutcome(answer, [mine]);
    const what = `unsubscribe ${mine.type} ${JSON.stringify(mine.entities)}`;
    if (outcome.status === 'refused') throw refusal(refusedMessage(what, answer), outcome);
    if (outcome.status === 'partial') this.warnPartial(what, answer, outcome);
    return outcome;
  }

  async releaseOwner(owner: string): Promise<void> {
    this.statistics.delete(owner);
    const held = [owner, statisticsOwner(owner)].flatMap((o) => this.registry.ofOwner(o).map((spec) => ({ o, spec })));
    await Promise.allSettled(held.map(({ o, spec }) => this.unsubscribe(o, spec).catch((err: CcError) => this.releaseFailed(owner, spec, err))));
  }

  listSubscriptions(): SubscriptionSpec[] {
    return this.registry.all();
  }

  private releaseFailed(owner: string, spec: SubscriptionSpec, err: CcError): void {
    // A closed connection holds no subscriptions any more: nothing was left behind to report.
    if (err.code === 'CLOSED') return;
    this.warn('UNSUBSCRIBE_FAILED', `releasing ${owner}: ${err.message}`, { owner, type: spec.type });
  }

  private warnPartial(what: string, answer: Json, outcome: Outcome): void {
    const info = wordsOf(answer);
    this.warn('SUBSCRIPTION_PARTIAL', `${what}: partly accepted (result ${outcome.code})${info ? `: ${info}` : ''}`, {
      result: outcome.code,
      info,
      records: recordsOf(answer),
      ...(outcome.missing ? { missing: outcome.missing } : {}),
    });
  }

  /** One subscribe-events request with every live subscription (one record per type). */
  private restoreSubscriptions(): void {
    const specs = this.registry.all();
    const waiters = this.restoreWaiters.take();
    if (specs.length === 0) {
      this.restoreWaiters.settle(waiters, { status: 'ok', text: 'nothing to subscribe', answer: undefined });
      return;
    }
    const { request, answer } = this.createRequest(REQUEST_MESSAGES.subscribe, { subscribe: specs.map(toRecord) });
    this.write(request);
    answer.then(
      (a) => {
        const outcome = subscriptionOutcome(a, specs);
        if (outcome.status === 'refused') {
          const err = refusal(refusedMessage('restoring subscriptions', a), outcome);
          this.warn('SUBSCRIPTION_FAILED', err.message, { answer: a });
          // What the callers waiting for this restore asked for is refused: not kept.
          for (const w of waiters) this.registry.remove(w.owner, w.spec);
          this.refreshHeuristics();
          this.restoreWaiters.settle(waiters, undefined, err);
          return;
        }
        if (outcome.status === 'partial') this.warnPartial('restoring subscriptions', a, outcome);
        this.restoreWaiters.settle(waiters, outcome);
      },
      (err: CcError) => {
        if (err.code === 'CLOSED') return this.restoreWaiters.settle(waiters, undefined, err);
        // Lost or unanswered: waiters wait for the next restore (their own timers still run).
        this.restoreWaiters.putBack(waiters);
      },
    );
  }

  private refreshHeuristics(): void {
    const types = new Set(this.registry.all().map((s) => s.type));
    this.preferGroupStats = types.has('group-stats') && !types.has('daily-group-stats');
  }

  // ------------------------------------------------------------------------------------------
  // Statistics: on Mitel a statistics query is a subscription of its owner

  startStatistics(owner: string, query: StatisticsQuery): StatisticsStart {
    const spec = validateSubscription(statisticsSpec(query));
    const filter = statisticsFilter(spec);
    const statsOwner = statisticsOwner(owner);
    const previous = this.statistics.get(owner);
    if (previous) {
      // Removed from the registry at once (before the new one is added), answered in the background.
      this.unsubscribe(statsOwner, previous).catch((err: CcError) => this.releaseFailed(owner, previous, err));
    }
    if (!this.stopped) this.statistics.set(owner, spec);
    const started = this.subscribe(statsOwner, spec);
    started.catch((err: CcError) => {
      // Refused: nothing stays recorded. Not connected: kept, it starts on connect.
      if (err.code !== 'NOT_CONNECTED' && this.statistics.get(owner) === spec) this.statistics.delete(owner);
    });
    return { filter, started };
  }

  async stopStatistics(owner: string): Promise<Outcome | undefined> {
    const spec = this.statistics.get(owner);
    if (!spec) return undefined;
    this.statistics.delete(owner);
    try {
      return await this.unsubscribe(statisticsOwner(owner), spec);
    } catch (err) {
      // Refused: the server still sends it, so it is not taken as stopped (and is restored as before).
      if (err instanceof CcError && err.code === 'REFUSED' && !this.statistics.has(owner)) {
        this.registry.add(statisticsOwner(owner), spec);
        this.refreshHeuristics();
        this.statistics.set(owner, spec);
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Requests

  async request(operation: string, params: Record<string, unknown>, options?: RequestOptions): Promise<unknown> {
    if (this.stopped) throw new CcError('client stopped', 'CLOSED');
    const op = parseOperation(operation);
    const timeoutMs = options?.timeoutMs ?? this.requestTimeoutMs;
    if (op.kind === 'entities') return this.entityList(op.entity, timeoutMs);
    const fields = commandFields(op.command, params ?? {});
    const answer = await this.send(REQUEST_MESSAGES.command, fields, timeoutMs);
    const outcome = commandOutcome(answer);
    if (outcome.status === 'refused') {
      const why = typeof answer['error-msg'] === 'string' && answer['error-msg'] ? `: ${answer['error-msg']}` : '';
      throw refusal(`command "${op.command}" failed (result ${outcome.code})${why}`, outcome);
    }
    return answer;
  }

  // ------------------------------------------------------------------------------------------
  // Entity cache

  async listEntities(kind: string, options?: RequestOptions): Promise<EntityOption[]> {
    const entityKind = entityKindOf(kind);
    if (this.stopped) throw new CcError('client stopped', 'CLOSED');
    const records = await this.entityList(entityKind, options?.timeoutMs ?? this.requestTimeoutMs);
    return entityOptions(entityKind, Array.isArray(records) ? records : []);
  }

  entityName(kind: string, id: string): string | undefined {
    let entityKind: EntityKind;
    try {
      entityKind = entityKindOf(kind);
    } catch {
      return undefined;
    }
    const record = this.cache.get(entityKind, String(id));
    const option = record ? entityOption(entityKind, record) : undefined;
    return option?.name ?? option?.label;
  }

  private updateEntityCache(payload: Json, type: string): void {
    const kinds = type === 'entity-snapshot' ? this.cache.applySnapshot(payload) : this.cache.applyUpdate(payload);
    if (type === 'entity-snapshot') this.entityWaits.arrived(kinds);
  }

  /**
   * `entities.<list>`: served from the cache. When a kind has not arrived yet, the client subscribes
   * to `entity` for it (owner '__cache', kept so that updates keep the cache fresh) and waits for
   * its snapshot. `entities.all` resolves with whatever lists arrived by the timeout (the guide's
   * combined snapshot has no email-agent-queues list), and rejects only when none did.
   */
  private async entityList(entity: EntityKind | 'all', timeoutMs: number): Promise<EntityRecord[] | Record<string, EntityRecord[]>> {
    const kinds: EntityKind[] = entity === 'all' ? [...ENTITY_KINDS] : [entity];
    const missing = kinds.filter((k) => !this.cache.has(k));
    if (missing.length > 0) {
      const wait = this.entityWaits.wait(missing, timeoutMs);
      const toSubscribe = this.registry.has('entity', '*') ? [] : missing.filter((k) => !this.registry.has('entity', k));
      if (toSubscribe.length) {
        this.subscribe(ENTITY_CACHE_OWNER, { type: 'entity', entities: toSubscribe }).catch((err: CcError) => wait.fail(err));
      }
      try {
        await wait.done;
      } catch (err) {
        const anyArrived = kinds.some((k) => this.cache.has(k));
        if (!(entity === 'all' && anyArrived && (err as CcError).code === 'TIMEOUT')) throw err;
      }
    }
    return entity === 'all' ? this.cache.all() : this.cache.list(entity);
  }
}

function refusedMessage(what: string, answer: Json): string {
  const info = wordsOf(answer);
  return `${what} refused by the server (result ${resultOf(answer)})${info ? `: ${info}` : ''}`;
}

/** How long stop() lets the server answer our FIN with its own before the socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

/**
 * Close a socket and resolve once it has closed (so no handle is left behind). A connected socket
 * is ended and closes when the server has closed its side too, so that once stop() resolves the
 * server no longer counts the connection (its 50 event feed connections are a licensed resource);
 * a server that does not answer within CLOSE_GRACE_MS, or a socket still connecting, is destroyed.
 */
function closeAndWait(socket: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    if (socket.closed) return resolve();
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (socket.connecting || socket.destroyed) socket.destroy();
    else socket.end();
  });
}
