/**
 * MitelClient: one TCP connection to a Mitel (ShoreTel) Connect Contact Center event feed,
 * implementing CcConnection. No Node-RED here.
 *
 * Lifecycle (ConnectionState): connecting -> authenticating -> connected; a refused or unanswered-
 * then-closed authentication is 'auth-failed' ("authentication failed"), any other loss
 * 'disconnected'; both retry with capped, jittered backoff (reset only after a successful
 * authentication, so a server that keeps refusing us is retried ever more slowly). stop() -> 'stopped'.
 *
 * Subscriptions are reference counted per owner. After every (re)connect and authentication, every
 * live subscription is re-sent in ONE subscribe-events request (one record per type), written BEFORE
 * the queued requests and before 'connected' is emitted, so whatever listeners do on 'connected'
 * reaches the server after it. subscribe() calls made while not connected join that restore.
 *
 * The client never emits 'error' (an unhandled 'error' would crash Node-RED): problems that do not
 * stop the connection are 'warning's (BAD_FRAME, FRAME_TOO_LARGE, SEQUENCE_GAP, SUBSCRIPTION_PARTIAL,
 * SUBSCRIPTION_FAILED, UNSUBSCRIBE_FAILED), the rest are state changes or rejected promises.
 */
import { EventEmitter } from 'events';
import net from 'net';
import md5 from 'md5';
import { Backoff } from '../core/backoff';
import type { CcConnection, RequestOptions, SubscriptionResult, SubscriptionSpec } from '../core/connection';
import { SubscriptionRegistry } from '../core/subscriptions';
import { CcError, type CcWarning, type ConnectionState, type StateChange } from '../core/types';
import { EntityCache } from './entity-cache';
import { EntityWaits } from './entity-waits';
import { buildEvent, classify, parseFrame, type Json } from './event-decoder';
import { NulFramer, DEFAULT_MAX_FRAME_BYTES } from './framer';
import {
  ENTITY_KINDS,
  ENTITY_KIND_TABLE,
  MITEL_DEFAULT_PORT,
  MITEL_PROTOCOL_VERSION,
  MITEL_SEQUENCE_MAX,
  MITEL_TOPIC,
  REQUEST_MESSAGES,
  type EntityKind,
} from './names';
import { commandFields, parseOperation } from './operations';
import { RequestTable, type PendingRequest } from './request-table';
import { SequenceTracker } from './sequence-tracker';
import { recordsOf, toRecord, validateSubscription } from './subscription-spec';

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

type Phase = 'idle' | 'connecting' | 'authenticating' | 'connected';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: CcError): void;
  timer: NodeJS.Timeout;
}

export class MitelClient extends EventEmitter implements CcConnection {
  readonly protocol = 'mitel' as const;

  private readonly host: string;
  private readonly port: number;
  private readonly user: string;
  private readonly passwordMd5: string;
  private readonly requestTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly keepAliveMs: number;
  private readonly connectTimeoutMs: number;
  private readonly version: number;

  private current: StateChange = { state: 'stopped' };
  private running = false;
  private stopped = false;
  private phase: Phase = 'idle';
  private socket: net.Socket | undefined;
  /** Why the current socket is being closed by us (becomes the state detail). */
  private dropReason: { state: ConnectionState; detail: string } | undefined;
  private lastSocketError: string | undefined;

  private readonly framer: NulFramer;
  private readonly requests: RequestTable;
  private readonly registry = new SubscriptionRegistry();
  private readonly cache = new EntityCache();
  private readonly incoming = new SequenceTracker();
  private readonly backoff: Backoff;
  private nextRequestId = 1;
  private outSequence = 0;
  /** Set when group-stats is subscribed but daily-group-stats is not (empty-message heuristic). */
  private preferGroupStats = false;

  private retryTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastByteAt = 0;
  /** receivedAt of the frames of the chunk being processed (one Date per read, not per event). */
  private chunkReceivedAt: string | undefined;

  /** subscribe() calls made while not connected: settled by the next restore's answer. */
  private restoreWaiters: Waiter<SubscriptionResult>[] = [];
  private readonly entityWaits = new EntityWaits();

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
    this.backoff = new Backoff({
      initialMs: options.backoff?.initialMs ?? 1000,
      maxMs: options.backoff?.maxMs ?? 60000,
      random: options.backoff?.random,
    });
    this.framer = new NulFramer(
      {
        onFrame: (text) => this.onFrame(text),
        onOversize: (message, limit) => this.warn('FRAME_TOO_LARGE', message, { limit }),
      },
      options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    );
    this.requests = new RequestTable(options.maxQueuedRequests ?? 1000, () => this.describeNotConnected());
  }

  get state(): ConnectionState {
    return this.current.state;
  }

  get lastState(): StateChange {
    return this.current;
  }

  /** The entity cache (read it; it is kept from entity-snapshot / entity-update events). */
  get entities(): EntityCache {
    return this.cache;
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.clearTimers();
    const closed = new CcError('connection closed (stopped)', 'CLOSED');
    this.requests.failAll(closed);
    this.settleRestoreWaiters(undefined, closed);
    this.entityWaits.failAll(closed);
    const socket = this.socket;
    this.socket = undefined;
    this.phase = 'idle';
    if (socket) await destroyAndWait(socket);
    this.setState({ state: 'stopped', detail: 'stopped' });
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (!this.running) return;
    this.phase = 'connecting';
    this.dropReason = undefined;
    this.lastSocketError = undefined;
    this.outSequence = 0;
    this.incoming.reset();
    this.framer.reset();
    this.setState({ state: 'connecting', detail: `${this.host}:${this.port}`, attempt: this.backoff.attempts });

    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    if (this.keepAliveMs > 0) socket.setKeepAlive(true, this.keepAliveMs);
    this.connectTimer = setTimeout(() => {
      this.drop(socket, 'disconnected', `cannot connect to ${this.host}:${this.port}: no answer within ${this.connectTimeoutMs} ms`);
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
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.phase = 'authenticating';
    this.setState({ state: 'authenticating', detail: `${this.host}:${this.port}` });
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
        const result = typeof a['result'] === 'number' ? a['result'] : 0;
        if (result < 0) {
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
        } else if (err.code === 'SERVER_ERROR') {
          this.drop(socket, 'auth-failed', 'authentication failed: the server could not read the request');
        }
      },
    );
  }

  private onAuthenticated(): void {
    this.phase = 'connected';
    this.backoff.reset();
    // Restore first, then what waited in the queue, then tell the listeners: on the wire, every
    // request made on 'connected' comes after both.
    this.restoreSubscriptions();
    for (const request of this.requests.takeQueued()) this.write(request);
    this.setState({ state: 'connected', detail: `${this.host}:${this.port}` });
  }

  private onClosed(): void {
    const phase = this.phase;
    this.socket = undefined;
    this.phase = 'idle';
    clearTimeout(this.connectTimer);
    clearTimeout(this.idleTimer);
    this.connectTimer = this.idleTimer = undefined;
    this.requests.failSent(new CcError('connection lost before the server answered', 'NOT_CONNECTED'));
    if (!this.running) return;
    const why = this.lastSocketError ? `: ${this.lastSocketError}` : '';
    let next = this.dropReason;
    if (!next && phase === 'authenticating') {
      // The guide: wrong credentials make the server close the connection.
      next = { state: 'auth-failed', detail: 'authentication failed' };
    }
    if (!next && phase === 'connecting') {
      next = { state: 'disconnected', detail: `cannot connect to ${this.host}:${this.port}${why}` };
    }
    next ??= { state: 'disconnected', detail: `connection closed${why || ' by the server'}` };
    this.dropReason = undefined;
    const delay = this.backoff.next();
    this.setState({ state: next.state, detail: next.detail, retryInMs: delay, attempt: this.backoff.attempts });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Close the socket ourselves; `state`/`detail` become the next state change. */
  private drop(socket: net.Socket, state: ConnectionState, detail: string): void {
    if (socket !== this.socket) return;
    this.dropReason = { state, detail };
    socket.destroy();
  }

  private armIdleTimer(ms: number): void {
    this.idleTimer = setTimeout(() => {
      const socket = this.socket;
      if (!socket) return;
      const silentFor = Date.now() - this.lastByteAt;
      if (silentFor >= this.idleTimeoutMs) {
        this.drop(socket, 'disconnected', `no data received for ${this.idleTimeoutMs} ms (idle timeout)`);
      } else {
        this.armIdleTimer(this.idleTimeoutMs - silentFor);
      }
    }, ms);
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.idleTimer);
    this.retryTimer = this.connectTimer = this.idleTimer = undefined;
  }

  private setState(change: StateChange): void {
    this.current = change;
    this.emit('state', change);
  }

  private warn(code: string, message: string, detail?: Record<string, unknown>): void {
    const warning: CcWarning = { code, message, detail };
    this.emit('warning', warning);
  }

  private describeNotConnected(): string {
    if (this.stopped) return 'client stopped';
    return `not connected to ${this.host}:${this.port} (state ${this.current.state})`;
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
    if (!socket) return;
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
        this.warn('SEQUENCE_GAP', `sequence gap: expected ${expected}, got ${sequence}`, { expected, got: sequence });
      }
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
      const why = typeof payload['error-msg'] === 'string' && payload['error-msg'] ? `: ${payload['error-msg']}` : '';
      request.reject(
        new CcError(
          `the server could not read the ${request.message} request (answered request-id -1)${why}`,
          'SERVER_ERROR',
          payload,
        ),
      );
      return true;
    }
    const request = this.requests.take(id);
    request?.resolve(payload);
    return request !== undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Subscriptions

  async subscribe(owner: string, spec: SubscriptionSpec): Promise<SubscriptionResult> {
    if (this.stopped) throw new CcError('client stopped', 'CLOSED');
    const canonical = validateSubscription(spec);
    const added = this.registry.add(owner, canonical);
    this.refreshHeuristics();
    if (added.length === 0) return { result: 0, info: 'already subscribed', answer: undefined };
    const entities = added.filter((e) => e !== '');
    if (this.phase !== 'connected') return this.waitForRestore();
    // Not answered (lost connection, timeout) -> rejected, but the registration stays and is
    // restored on reconnect; refused -> the registration is rolled back.
    const answer = await this.send(REQUEST_MESSAGES.subscribe, {
      subscribe: [toRecord({ type: canonical.type, entities })],
    });
    const outcome = this.subscriptionOutcome(answer, `subscribe ${canonical.type} ${JSON.stringify(entities)}`);
    if (outcome instanceof CcError) {
      this.registry.remove(owner, { type: canonical.type, entities: added });
      this.refreshHeuristics();
      throw outcome;
    }
    return outcome;
  }

  /**
   * Unsubscribe records are sent under BOTH "unsubscribe" (the sample exchange) and "subscribe" (the
   * request specification), with identical content: SPEC-NOTES cannot tell which key the server
   * reads, and a server reads its one key and ignores the other.
   */
  async unsubscribe(owner: string, spec: SubscriptionSpec): Promise<SubscriptionResult> {
    const canonical = validateSubscription(spec);
    const removed = this.registry.remove(owner, canonical);
    this.refreshHeuristics();
    const entities = removed.filter((e) => e !== '');
    if (removed.length === 0) {
      return { result: 0, info: 'still wanted by other owners, or not subscribed', answer: undefined };
    }
    if (this.phase !== 'connected') {
      return { result: 0, info: 'not connected: removed from the subscriptions restored on reconnect', answer: undefined };
    }
    const record = [toRecord({ type: canonical.type, entities })];
    const answer = await this.send(REQUEST_MESSAGES.unsubscribe, {
      request: 'Unsubscribe',
      unsubscribe: record,
      subscribe: record,
    });
    const outcome = this.subscriptionOutcome(answer, `unsubscribe ${canonical.type} ${JSON.stringify(entities)}`);
    if (outcome instanceof CcError) throw outcome;
    return outcome;
  }

  async releaseOwner(owner: string): Promise<void> {
    const specs = this.registry.ofOwner(owner);
    await Promise.allSettled(
      specs.map((spec) =>
        this.unsubscribe(owner, spec).catch((err: CcError) => {
          // A closed connection holds no subscriptions any more: nothing was left behind to report.
          if (err.code === 'CLOSED') return;
          this.warn('UNSUBSCRIBE_FAILED', `releasing ${owner}: ${err.message}`, { owner, type: spec.type });
        }),
      ),
    );
  }

  listSubscriptions(): SubscriptionSpec[] {
    return this.registry.all();
  }

  /** Result 0: ok; positive: partial (resolved, and a SUBSCRIPTION_PARTIAL warning); negative: CcError. */
  private subscriptionOutcome(answer: Json, what: string): SubscriptionResult | CcError {
    const result = typeof answer['result'] === 'number' ? answer['result'] : Number(answer['result'] ?? 0);
    const words = [answer['error-msg'], answer['additional-info']].filter((w) => typeof w === 'string' && w !== '');
    const info = words.length ? words.join('; ') : undefined;
    if (result < 0) {
      return new CcError(`${what} refused by the server (result ${result})${info ? `: ${info}` : ''}`, 'SERVER_ERROR', answer);
    }
    if (result > 0) {
      this.warn('SUBSCRIPTION_PARTIAL', `${what}: partly accepted (result ${result})${info ? `: ${info}` : ''}`, {
        result,
        info,
        records: recordsOf(answer),
      });
    }
    return { result, info, answer };
  }

  private waitForRestore(): Promise<SubscriptionResult> {
    return new Promise<SubscriptionResult>((resolve, reject) => {
      const waiter: Waiter<SubscriptionResult> = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.restoreWaiters = this.restoreWaiters.filter((w) => w !== waiter);
          reject(
            new CcError(
              `${this.describeNotConnected()} within ${this.requestTimeoutMs} ms; the subscription is kept and will be sent when connected`,
              'NOT_CONNECTED',
            ),
          );
        }, this.requestTimeoutMs),
      };
      this.restoreWaiters.push(waiter);
    });
  }

  private settleRestoreWaiters(result: SubscriptionResult | undefined, error?: CcError): void {
    const waiters = this.restoreWaiters;
    this.restoreWaiters = [];
    for (const w of waiters) {
      clearTimeout(w.timer);
      if (error) w.reject(error);
      else w.resolve(result ?? { result: 0, answer: undefined });
    }
  }

  /** One subscribe-events request with every live subscription (one record per type). */
  private restoreSubscriptions(): void {
    const specs = this.registry.all();
    if (specs.length === 0) {
      this.settleRestoreWaiters({ result: 0, info: 'nothing to subscribe', answer: undefined });
      return;
    }
    const waiters = this.restoreWaiters;
    this.restoreWaiters = [];
    const { request, answer } = this.createRequest(REQUEST_MESSAGES.subscribe, { subscribe: specs.map(toRecord) });
    this.write(request);
    const settle = (result: SubscriptionResult | undefined, error?: CcError) => {
      for (const w of waiters) {
        clearTimeout(w.timer);
        if (error) w.reject(error);
        else w.resolve(result ?? { result: 0, answer: undefined });
      }
    };
    answer.then(
      (a) => {
        const outcome = this.subscriptionOutcome(a, 'restoring subscriptions');
        if (outcome instanceof CcError) {
          this.warn('SUBSCRIPTION_FAILED', outcome.message, { answer: a });
          settle(undefined, outcome);
        } else {
          settle(outcome);
        }
      },
      (err: CcError) => {
        if (err.code === 'CLOSED') return settle(undefined, err);
        // Lost or unanswered: waiters wait for the next restore (their own timers still run).
        this.restoreWaiters.push(...waiters);
      },
    );
  }

  private refreshHeuristics(): void {
    const types = new Set(this.registry.all().map((s) => s.type));
    this.preferGroupStats = types.has('group-stats') && !types.has('daily-group-stats');
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
    const result = typeof answer['result'] === 'number' ? answer['result'] : Number(answer['result'] ?? 0);
    if (result < 0) {
      const why = typeof answer['error-msg'] === 'string' && answer['error-msg'] ? `: ${answer['error-msg']}` : '';
      throw new CcError(`command "${op.command}" failed (result ${result})${why}`, 'SERVER_ERROR', answer);
    }
    return answer;
  }

  // ------------------------------------------------------------------------------------------
  // Entity cache

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
  private async entityList(entity: EntityKind | 'all', timeoutMs: number): Promise<unknown> {
    const kinds: EntityKind[] = entity === 'all' ? [...ENTITY_KINDS] : [entity];
    const missing = kinds.filter((k) => !this.cache.has(k));
    if (missing.length > 0) {
      const wait = this.entityWaits.wait(missing, timeoutMs);
      const toSubscribe = this.registry.has('entity', '*') ? [] : missing.filter((k) => !this.registry.has('entity', k));
      if (toSubscribe.length) {
        this.subscribe(ENTITY_CACHE_OWNER, { type: 'entity', entities: toSubscribe }).catch((err: CcError) =>
          wait.fail(err),
        );
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

/** Destroy a socket and resolve once it has closed (so no handle is left behind). */
function destroyAndWait(socket: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    if (socket.closed) return resolve();
    socket.once('close', () => resolve());
    socket.destroy();
  });
}
