/**
 * OpenScapeClient: one REST SDK session with one OpenScape Contact Center server, as a CcConnection.
 *
 * Session: RegisterApplication (session token) -> main Logon (agentKey/password) -> restore every
 * listen and realtime query -> 'connected', then KeepAlive on a timer. A lost session (errorCode
 * APPLICATION_NOT_REGISTERED, HTTP 401, a failing keepalive) is re-established once for everyone
 * (single flight), and the request that noticed it is retried once.
 * Failures are retried with capped exponential backoff and jitter: 'auth-failed' when credentials
 * are refused (with the server's words), 'disconnected' when the server cannot be reached.
 * Events arrive through the webhook receiver, which calls handleWebhookBody().
 */
import { EventEmitter } from 'node:events';
import type * as http from 'node:http';
import { Backoff } from '../core/backoff';
import type { CcConnection, RequestOptions, SubscriptionResult, SubscriptionSpec } from '../core/connection';
import { SubscriptionRegistry } from '../core/subscriptions';
import { CcError } from '../core/types';
import type { CcWarning, ConnectionState, StateChange } from '../core/types';
import { AUTH_FAILED_CODES, ERROR_CODES, SESSION_LOST_CODES, errorCodeName, isSuccessCode } from './codes';
import { AuthFailure, SessionLost, answerOf, failureOf, isObject, localAnswer, serverWords } from './answers';
import type { OpenScapeAnswer } from './answers';
import { decodeWebhookBody } from './decode';
import { EarlyStatistics } from './early-statistics';
import { HttpError, createAgent, requestJson } from './http';
import type { HttpFailure, JsonResponse, TlsOptions } from './http';
import { findOperation, listenOperation, operationUrlPath } from './operations';
import type { OperationSpec } from './operations';
import { QueryBook } from './queries';
import { validateParams } from './validate';

export interface OpenScapeClientOptions {
  /** e.g. `https://oscc.example:8443`; paths are `/restsdk/webapi/...` below it. */
  baseUrl: string;
  clientName: string;
  busUnitName?: string;
  clientToken: string;
  /** main/logon user; without it the client registers only (admin GetUsers works, most others do not). */
  agentKey?: number;
  agentPassword?: string;
  /** Full URL sent in RegisterApplication (the node layer computes it). */
  webhookUrl: string;
  webhookApiVersion?: 'V2' | 'V1';
  /** KeepAlive period (default 60000 ms). */
  keepAliveMs?: number;
  /** Per-request timeout (default 10000 ms). */
  requestTimeoutMs?: number;
  /** Largest accepted answer (default 16 MiB). */
  maxResponseBytes?: number;
  backoff?: { initialMs: number; maxMs: number };
  tls?: TlsOptions;
}

export type { OpenScapeAnswer };

/** What request('realtime.StartQuery') resolves with: the answer plus the stable local handle. */
export interface StartQueryResult extends OpenScapeAnswer {
  queryId: number;
  handle: string;
}

/** Transport failures that mean "the server is not there", as opposed to one slow answer. */
const UNREACHABLE: ReadonlySet<HttpFailure> = new Set(['REFUSED', 'DNS', 'TLS', 'RESET']);

/** Owner under which listens requested through request() are counted. */
export const REQUEST_OWNER = '__request__';

/** Operations the client performs itself: a flow sending them would break the session. */
const MANAGED = new Set(['main.RegisterApplication', 'main.UnregisterApplication', 'main.UnregisterApplicationV1', 'main.Logon']);

export class OpenScapeClient extends EventEmitter implements CcConnection {
  readonly protocol = 'openscape' as const;
  private current: StateChange = { state: 'stopped' };
  private readonly opts: Required<Pick<OpenScapeClientOptions, 'keepAliveMs' | 'requestTimeoutMs' | 'maxResponseBytes' | 'webhookApiVersion'>> &
    OpenScapeClientOptions;
  private readonly base: URL;
  private readonly pathPrefix: string;
  private readonly agent: http.Agent;
  private readonly backoff: Backoff;
  private readonly registry = new SubscriptionRegistry();
  private readonly queries = new QueryBook();
  private readonly earlyStatistics = new EarlyStatistics(
    (queryId) => this.queries.handleOf(queryId),
    (event) => this.emit('event', event),
  );
  /** Which spelling of a path the server answered, per operation id. */
  private readonly spelling = new Map<string, 'printed' | 'regular'>();
  private readonly urls = new Map<string, URL>();
  private readonly closers = new Set<(e: CcError) => void>();
  private token: string | undefined;
  private running = false;
  private establishing: Promise<void> | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(options: OpenScapeClientOptions) {
    super();
    // Node settings arrive as undefined, '' or NaN when left empty: each falls back to its default.
    const positive = (v: unknown, fallback: number): number => (typeof v === 'number' && v > 0 ? v : fallback);
    this.opts = {
      ...options,
      keepAliveMs: positive(options.keepAliveMs, 60_000),
      requestTimeoutMs: positive(options.requestTimeoutMs, 10_000),
      maxResponseBytes: positive(options.maxResponseBytes, 16 * 1024 * 1024),
      webhookApiVersion: options.webhookApiVersion === 'V1' ? 'V1' : 'V2',
    };
    try {
      this.base = new URL(options.baseUrl);
    } catch {
      throw new CcError(`baseUrl is not a URL: ${JSON.stringify(options.baseUrl)}`, 'BAD_PARAMS');
    }
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new CcError(`baseUrl must be http:// or https://, got ${this.base.protocol}`, 'BAD_PARAMS');
    }
    // A path in baseUrl (a reverse proxy prefix) is kept in front of /restsdk/webapi/.
    this.pathPrefix = this.base.pathname.replace(/\/+$/, '');
    this.agent = createAgent(this.base.protocol, options.tls);
    this.backoff = new Backoff({
      initialMs: positive(options.backoff?.initialMs, 1000),
      maxMs: positive(options.backoff?.maxMs, 60_000),
    });
  }

  // ---------------------------------------------------------------- state

  get state(): ConnectionState {
    return this.current.state;
  }

  get lastState(): StateChange {
    return this.current;
  }

  private setState(change: StateChange): void {
    const prev = this.current;
    this.current = change;
    if (prev.state !== change.state || prev.detail !== change.detail || change.retryInMs !== undefined) {
      this.emit('state', change);
    }
  }

  private warn(w: CcWarning): void {
    this.emit('warning', w);
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setState({ state: 'connecting', detail: this.base.host });
    void this.connectOrRetry();
  }

  async stop(): Promise<void> {
    if (!this.running && this.current.state === 'stopped') return;
    this.running = false;
    this.clearTimers();
    const closed = new CcError('connection closed', 'CLOSED');
    for (const reject of [...this.closers]) reject(closed);
    this.closers.clear();
    const token = this.token;
    this.token = undefined;
    if (token) {
      // Stop our realtime queries explicitly, then unregister (v2, fallback v1): best effort, and
      // bounded so that a Node-RED redeploy never waits long for a server that does not answer.
      const timeoutMs = Math.min(this.opts.requestTimeoutMs, 3000);
      if (this.current.state === 'connected') {
        const stopQuery = this.op('realtime.StopQuery');
        await Promise.all(
          this.queries
            .all()
            .filter((q) => q.running)
            .map((q) => this.exchange(stopQuery, { queryId: q.queryId }, timeoutMs, token).catch(() => undefined)),
        );
      }
      await this.unregister(timeoutMs, token).catch(() => undefined);
    }
    this.queries.markAllStopped();
    this.earlyStatistics.clear();
    this.agent.destroy();
    this.setState({ state: 'stopped' });
  }

  private clearTimers(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.keepAliveTimer = undefined;
    this.retryTimer = undefined;
  }

  private async unregister(timeoutMs: number, token = this.token): Promise<void> {
    const v2 = await this.exchange(this.op('main.UnregisterApplication'), {}, timeoutMs, token);
    if (v2.status !== 404 && v2.status < 300 && isSuccessCode(isObject(v2.body) ? v2.body.errorCode : undefined)) return;
    await this.exchange(this.op('main.UnregisterApplicationV1'), this.registrationBody(), timeoutMs, token);
  }

  /** Establish the session now; on failure enter auth-failed / disconnected and schedule a retry. */
  private async connectOrRetry(): Promise<void> {
    this.retryTimer = undefined;
    try {
      await this.establish();
    } catch (e) {
      const token = this.token;
      if (!this.running && token) {
        // stop() came while registering: do not leave the registration behind on the server.
        this.token = undefined;
        await this.unregister(Math.min(this.opts.requestTimeoutMs, 3000), token).catch(() => undefined);
      }
      this.scheduleRetry(e as Error);
    }
  }

  private scheduleRetry(e: Error): void {
    if (!this.running || this.retryTimer) return;
    this.stopKeepAlive();
    const retryInMs = this.backoff.next();
    const state: ConnectionState = e instanceof AuthFailure ? 'auth-failed' : 'disconnected';
    this.setState({ state, detail: e.message, retryInMs, attempt: this.backoff.attempts });
    this.retryTimer = setTimeout(() => void this.connectOrRetry(), retryInMs);
  }

  /** Single flight: every caller that needs a session waits for the same attempt. */
  private establish(): Promise<void> {
    if (!this.establishing) {
      this.establishing = this.runEstablish().finally(() => {
        this.establishing = undefined;
      });
    }
    return this.establishing;
  }

  private async runEstablish(): Promise<void> {
    this.stopKeepAlive();
    // A token from before a network failure may still be good: then listens and queries are intact.
    if (this.token && (await this.sessionStillValid())) {
      this.connected('session resumed');
      return;
    }
    this.token = undefined;
    this.queries.markAllStopped();
    this.setState({ state: 'authenticating', detail: `RegisterApplication as ${this.opts.clientName}` });
    await this.register();
    this.assertRunning();
    if (this.opts.agentKey !== undefined) {
      try {
        if (!Number.isInteger(this.opts.agentKey)) {
          throw new AuthFailure(`agentKey must be an integer (the user key of main/logon), got ${String(this.opts.agentKey)}`);
        }
        await this.logon();
      } catch (e) {
        // Leave no half-open registration behind: the next attempt registers afresh.
        // (After stop(), stop() itself has unregistered.)
        const token = this.token;
        this.token = undefined;
        if (token && this.running) {
          await this.unregister(Math.min(this.opts.requestTimeoutMs, 3000), token).catch(() => undefined);
        }
        throw e;
      }
    }
    this.assertRunning();
    await this.restore();
    this.assertRunning();
    this.connected();
  }

  private assertRunning(): void {
    if (!this.running) throw new CcError('connection closed', 'CLOSED');
  }

  private connected(detail?: string): void {
    this.backoff.reset();
    this.setState({ state: 'connected', detail: detail ?? this.base.host });
    this.startKeepAlive();
  }

  private async sessionStillValid(): Promise<boolean> {
    const res = await this.exchange(this.op('main.KeepAlive'), {});
    return !this.sessionLostIn(res) && isObject(res.body) && isSuccessCode(res.body.errorCode);
  }

  private registrationBody(): Record<string, unknown> {
    const application: Record<string, unknown> = { name: this.opts.clientName, token: this.opts.clientToken };
    if (this.opts.busUnitName) application.busUnitName = this.opts.busUnitName;
    return { webhookURL: this.opts.webhookUrl, webhookAPIVersion: this.opts.webhookApiVersion, application };
  }

  private async register(): Promise<void> {
    const body = this.registrationBody();
    const res = await this.exchange(this.op('main.RegisterApplication'), body);
    const answer = res.body;
    if (res.status === 401 || res.status === 403) {
      throw new AuthFailure(`RegisterApplication refused with HTTP ${res.status}: ${serverWords(answer)}`, answer);
    }
    if (res.status === 404) {
      const where = this.url(this.op('main.RegisterApplication'), 'printed');
      throw new CcError(`no REST SDK at ${where.origin}${where.pathname} (HTTP 404): check baseUrl`, 'HTTP_ERROR', answer);
    }
    if (res.status >= 300) throw new CcError(`RegisterApplication failed with HTTP ${res.status}: ${serverWords(answer)}`, 'HTTP_ERROR', answer);
    const code = isObject(answer) ? answer.errorCode : undefined;
    if (!isSuccessCode(code)) {
      const name = errorCodeName(code) ?? '';
      const message = `RegisterApplication refused: ${serverWords(answer)}`;
      throw AUTH_FAILED_CODES.has(name) ? new AuthFailure(message, answer) : new CcError(message, 'SERVER_ERROR', answer);
    }
    const token = isObject(answer) ? answer.sessionToken : undefined;
    if (typeof token !== 'string' || token === '') {
      throw new CcError('RegisterApplication answered without a sessionToken', 'SERVER_ERROR', answer);
    }
    this.token = token;
  }

  private async logon(): Promise<void> {
    this.setState({ state: 'authenticating', detail: `Logon as agent ${this.opts.agentKey}` });
    const res = await this.exchange(this.op('main.Logon'), {
      agentKey: this.opts.agentKey,
      password: this.opts.agentPassword ?? '',
    });
    const answer = res.body;
    const ok = res.status < 300 && isSuccessCode(isObject(answer) ? answer.errorCode : undefined);
    if (!ok) {
      const words = res.status >= 300 ? `HTTP ${res.status}: ${serverWords(answer)}` : serverWords(answer);
      throw new AuthFailure(`Logon of agent ${this.opts.agentKey} refused: ${words}`, answer);
    }
  }

  /** After a new session: every listen of the registry and every realtime query, again. */
  private async restore(): Promise<void> {
    for (const spec of this.registry.all()) {
      const entities = spec.entities.length ? spec.entities : [undefined];
      for (const entity of entities) {
        const res = await this.listenExchange('start', spec.type, entity);
        if (this.sessionLostIn(res)) throw new SessionLost(`session lost while restoring ${spec.type} listens`);
        const failure = failureOf(res);
        if (failure) {
          this.warn({
            code: 'LISTEN_RESTORE_FAILED',
            message: `StartListenForEvents ${spec.type}${entity ? ` ${entity}` : ''} refused: ${failure}`,
            detail: { realm: spec.type, resource: entity, answer: res.body },
          });
        }
      }
    }
    for (const q of this.queries.all()) {
      const oldQueryId = q.queryId;
      // Map the new queryId as soon as the answer is read: early statistics are held until then.
      const res = await this.earlyStatistics.around(async () => {
        const answer = await this.exchange(this.op('realtime.StartQuery'), q.params);
        const id = isObject(answer.body) ? Number(answer.body.queryId) : NaN;
        if (!this.sessionLostIn(answer) && !failureOf(answer) && Number.isInteger(id)) this.queries.restarted(q.handle, id);
        return answer;
      });
      if (this.sessionLostIn(res)) throw new SessionLost('session lost while restarting realtime queries');
      const failure = failureOf(res);
      const newQueryId = isObject(res.body) ? Number(res.body.queryId) : NaN;
      if (failure || !Number.isInteger(newQueryId)) {
        this.warn({
          code: 'QUERY_RESTORE_FAILED',
          message: `StartQuery ${String(q.params.queryType)} could not be restarted: ${failure ?? 'no queryId'}`,
          detail: { handle: q.handle, answer: res.body },
        });
        continue;
      }
      this.warn({
        code: 'QUERY_RESTARTED',
        message: `realtime query ${q.handle} restarted: queryId ${oldQueryId} -> ${newQueryId}`,
        detail: { handle: q.handle, oldQueryId, newQueryId },
      });
    }
  }

  // ---------------------------------------------------------------- keepalive

  private startKeepAlive(): void {
    this.stopKeepAlive();
    this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.opts.keepAliveMs);
    this.keepAliveTimer.unref?.();
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  private async keepAlive(): Promise<void> {
    if (!this.running || this.establishing || this.current.state !== 'connected') return;
    try {
      const res = await this.exchange(this.op('main.KeepAlive'), {});
      if (this.sessionLostIn(res) || failureOf(res)) {
        await this.recover(`KeepAlive answered ${res.status >= 300 ? `HTTP ${res.status}` : serverWords(res.body)}`);
      }
    } catch (e) {
      // Server unreachable: disconnected; the retry first tries the same token again.
      this.scheduleRetry(e as Error);
    }
  }

  /** Register and log on again after a lost session; everyone who noticed waits for the same attempt. */
  private async recover(reason: string): Promise<void> {
    if (!this.establishing) {
      this.warn({ code: 'SESSION_LOST', message: `session lost (${reason}); registering again` });
      this.token = undefined;
    }
    try {
      await this.establish();
    } catch (e) {
      this.scheduleRetry(e as Error);
      throw e;
    }
  }

  // ---------------------------------------------------------------- HTTP exchange

  private op(id: string): OperationSpec {
    const found = findOperation(id);
    if ('error' in found) throw new CcError(found.error, 'BAD_PARAMS');
    return found.op;
  }

  private url(op: OperationSpec, spelling: 'printed' | 'regular'): URL {
    const key = `${op.id}|${spelling}`;
    let u = this.urls.get(key);
    if (!u) {
      u = new URL(this.pathPrefix + operationUrlPath(op, spelling), this.base);
      this.urls.set(key, u);
    }
    return u;
  }

  /**
   * One HTTP exchange for one operation: printed path first, the regular spelling after a 404,
   * and the spelling that answered remembered for the next time. Resolves for every HTTP status.
   */
  private async exchange(
    op: OperationSpec,
    params: Record<string, unknown>,
    timeoutMs?: number,
    token: string | undefined = this.token,
  ): Promise<JsonResponse> {
    const first = this.spelling.get(op.id) ?? 'printed';
    const send = (spelling: 'printed' | 'regular'): Promise<JsonResponse> =>
      requestJson({
        method: op.method,
        url: this.url(op, spelling),
        authorization: op.needsSession ? token : undefined,
        body: op.method === 'GET' ? undefined : params,
        timeoutMs: timeoutMs ?? this.opts.requestTimeoutMs,
        maxResponseBytes: this.opts.maxResponseBytes,
        agent: this.agent,
      });
    const res = await send(first);
    if (res.status === 404 && op.regularPath) {
      const other = first === 'printed' ? 'regular' : 'printed';
      const second = await send(other);
      if (second.status !== 404) this.spelling.set(op.id, other);
      return second;
    }
    if (!this.spelling.has(op.id) && res.status < 400) this.spelling.set(op.id, first);
    return res;
  }

  private sessionLostIn(res: JsonResponse): boolean {
    if (res.status === 401) return true;
    if (!isObject(res.body)) return false;
    const code = errorCodeName(res.body.errorCode) ?? '';
    // "Not logged on" is a lost session only for a client that logs on; otherwise it is the answer.
    if (code === 'AUTH_STATEMENT_NOT_VALID') return this.opts.agentKey !== undefined;
    return SESSION_LOST_CODES.has(code);
  }

  /**
   * Send with session care: when the answer says the session is gone, re-establish it and (unless
   * the restore already did the work) send once more.
   */
  private async call(
    op: OperationSpec,
    params: Record<string, unknown>,
    timeoutMs: number | undefined,
    afterRecovery: 'retry' | 'restored',
  ): Promise<JsonResponse> {
    const tokenUsed = this.token;
    let res: JsonResponse;
    try {
      res = await this.exchange(op, params, timeoutMs);
    } catch (e) {
      // The server cannot be reached at all: show it now rather than at the next keepalive.
      if (e instanceof HttpError && UNREACHABLE.has(e.failure) && this.current.state === 'connected') this.scheduleRetry(e);
      throw e;
    }
    if (!this.sessionLostIn(res)) return res;
    // Answers to requests sent with an old token arrive after the new session is up: no second renewal.
    if (this.token === tokenUsed || this.token === undefined) {
      await this.recover(`${op.id} answered ${res.status === 401 ? 'HTTP 401' : serverWords(res.body)}`);
    } else if (this.establishing) {
      await this.establishing;
    }
    if (afterRecovery === 'restored') return { status: 200, body: { errorCode: 'NO_ERROR', errorDetails: 'restored with the new session' } };
    return this.exchange(op, params, timeoutMs);
  }

  /** Wait for a session attempt in progress; refuse when there is no session at all. */
  private async ready(): Promise<void> {
    if (!this.running) throw new CcError('connection is stopped', 'NOT_CONNECTED');
    if (this.establishing) await this.establishing.catch(() => undefined);
    if (this.current.state !== 'connected' || !this.token) {
      throw new CcError(`not connected to ${this.base.host} (${this.current.state}${this.current.detail ? `: ${this.current.detail}` : ''})`, 'NOT_CONNECTED');
    }
  }

  /** Run `work`, rejected with CLOSED if stop() comes first. */
  private guarded<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const closer = (e: CcError): void => reject(e);
      this.closers.add(closer);
      work().then(resolve, reject).finally(() => this.closers.delete(closer));
    });
  }

  // ---------------------------------------------------------------- requests

  request(operation: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<unknown> {
    return this.guarded(() => this.doRequest(operation, params ?? {}, options));
  }

  private async doRequest(operation: string, params: Record<string, unknown>, options: RequestOptions): Promise<unknown> {
    const found = findOperation(operation);
    if ('error' in found) throw new CcError(found.error, 'BAD_PARAMS');
    const op = found.op;
    if (MANAGED.has(op.id)) {
      throw new CcError(`${op.id} is performed by the connection itself (configure it on the server node)`, 'UNSUPPORTED');
    }
    if (op.id === 'realtime.StopQuery') return this.stopQuery(params, options);
    const invalid = validateParams(op, params);
    if (invalid) throw invalid;
    if (op.listen) {
      // A request wants the server's answer now; subscribe() is the way to record one for later.
      await this.ready();
      const entities = op.listen.resource === 'none' ? [] : [String(params.resource).trim()];
      const spec = { type: op.listen.realm, entities };
      const result = op.listen.action === 'start' ? await this.subscribe(REQUEST_OWNER, spec) : await this.unsubscribe(REQUEST_OWNER, spec);
      if (result.result !== 0) throw new CcError(`${op.id} refused: ${result.info ?? ''}`, 'SERVER_ERROR', result.answer);
      return result.answer;
    }
    await this.ready();
    if (op.id === 'realtime.StartQuery') return this.startQuery(op, params, options);
    const res = await this.call(op, params, options.timeoutMs, 'retry');
    return answerOf(op, res);
  }

  private startQuery(op: OperationSpec, params: Record<string, unknown>, options: RequestOptions): Promise<StartQueryResult> {
    return this.earlyStatistics.around(async () => {
      const res = await this.call(op, params, options.timeoutMs, 'retry');
      const answer = answerOf(op, res);
      const queryId = Number(answer.queryId);
      if (!Number.isInteger(queryId) || queryId <= 0) {
        throw new CcError(`${op.id} answered without a valid queryId: ${serverWords(answer)}`, 'SERVER_ERROR', answer);
      }
      const q = this.queries.add(params, queryId);
      return { ...answer, queryId, handle: q.handle };
    });
  }

  /** StopQuery by `queryId` (current or any earlier id of the query) or by `handle`. */
  private async stopQuery(params: Record<string, unknown>, options: RequestOptions): Promise<unknown> {
    const op = this.op('realtime.StopQuery');
    const live = this.queries.find(params);
    const queryId = live ? live.queryId : params.queryId;
    if (live) this.queries.remove(live.handle);
    if (live && !live.running) {
      // Not running on the server (session lost and not yet restarted): forgetting it is enough.
      return { errorCode: 'NO_ERROR', errorDetails: 'query was not running', handle: live.handle };
    }
    const body = { queryId };
    const invalid = validateParams(op, body);
    if (invalid) throw invalid;
    await this.ready();
    const res = await this.call(op, body, options.timeoutMs, live ? 'restored' : 'retry');
    const answer = answerOf(op, res);
    return live ? { ...answer, handle: live.handle } : answer;
  }

  // ---------------------------------------------------------------- subscriptions (listens)

  private realmOf(spec: SubscriptionSpec): { realm: string; start: OperationSpec; entities: string[] } {
    const realm = String(spec.type ?? '').trim().toUpperCase();
    const start = listenOperation(realm, 'start');
    if (!start || !start.listen) {
      const hint = realm === 'REALTIME' || realm === 'STATISTIC' ? ': realtime statistics come from realtime.StartQuery' : '';
      throw new CcError(`no StartListenForEvents for realm "${spec.type}"${hint}`, 'BAD_PARAMS');
    }
    let entities: string[] = [];
    if (start.listen.resource !== 'none') {
      entities = (spec.entities ?? []).map((e) => String(e).trim()).filter((e) => e !== '');
      if (entities.length === 0) entities = ['*'];
      for (const e of entities) {
        const invalid = validateParams(start, { resource: e });
        if (invalid) throw invalid;
      }
    }
    return { realm, start, entities };
  }

  private listenBody(op: OperationSpec, entity: string | undefined): Record<string, unknown> {
    if (!op.listen || op.listen.resource === 'none' || entity === undefined) return {};
    // The guide's examples send presence resources as integers, every other resource as a string.
    const asInteger = op.listen.resourceAs === 'integer' && /^\d+$/.test(entity);
    return { resource: asInteger ? Number(entity) : entity };
  }

  private listenExchange(action: 'start' | 'stop', realm: string, entity: string | undefined): Promise<JsonResponse> {
    const op = listenOperation(realm, action) as OperationSpec;
    return this.exchange(op, this.listenBody(op, entity));
  }

  subscribe(owner: string, spec: SubscriptionSpec): Promise<SubscriptionResult> {
    return this.guarded(async () => {
      const { realm, start, entities } = this.realmOf(spec);
      // Wait for a session attempt in progress so that its restore and this send do not overlap.
      if (this.establishing) await this.establishing.catch(() => undefined);
      const added = this.registry.add(owner, { type: realm, entities });
      const toSend: (string | undefined)[] = start.listen?.resource === 'none' ? (added.length ? [undefined] : []) : added;
      if (toSend.length === 0) return localAnswer('already listening');
      if (this.current.state !== 'connected') return localAnswer(`recorded; sent when connected (${this.current.state})`);
      return this.sendListens(owner, realm, 'start', toSend);
    });
  }

  unsubscribe(owner: string, spec: SubscriptionSpec): Promise<SubscriptionResult> {
    return this.guarded(async () => {
      const { realm, start, entities } = this.realmOf(spec);
      if (this.establishing) await this.establishing.catch(() => undefined);
      const removed = this.registry.remove(owner, { type: realm, entities });
      const toSend: (string | undefined)[] = start.listen?.resource === 'none' ? (removed.length ? [undefined] : []) : removed;
      if (toSend.length === 0) return localAnswer('still wanted by others, or not listening');
      if (this.current.state !== 'connected') return localAnswer('forgotten; nothing to tell the server');
      return this.sendListens(owner, realm, 'stop', toSend);
    });
  }

  private async sendListens(
    owner: string,
    realm: string,
    action: 'start' | 'stop',
    entities: (string | undefined)[],
  ): Promise<SubscriptionResult> {
    const op = listenOperation(realm, action) as OperationSpec;
    const answers: unknown[] = [];
    let failure: { result: number; info: string } | undefined;
    for (const entity of entities) {
      // A lost session is re-established with every listen of the registry: no second send needed.
      const res = await this.call(op, this.listenBody(op, entity), undefined, action === 'start' ? 'restored' : 'retry');
      answers.push(res.body);
      const words = failureOf(res);
      if (words && !failure) {
        const code = isObject(res.body) ? errorCodeName(res.body.errorCode) : undefined;
        failure = { result: (code && ERROR_CODES[code]) || (res.status >= 300 ? res.status : 1), info: `${realm}${entity ? ` ${entity}` : ''}: ${words}` };
      }
      if (words && action === 'start') {
        this.registry.remove(owner, { type: realm, entities: entity === undefined ? [] : [entity] });
      }
    }
    const answer = answers.length === 1 ? answers[0] : answers;
    return failure ? { ...failure, answer } : { result: 0, answer };
  }

  async releaseOwner(owner: string): Promise<void> {
    for (const spec of this.registry.ofOwner(owner)) {
      await this.unsubscribe(owner, spec).catch(() => undefined);
    }
  }

  listSubscriptions(): SubscriptionSpec[] {
    return this.registry.all();
  }

  /** The realtime queries this client keeps alive: handle, current queryId, parameters. */
  listQueries(): { handle: string; queryId: number; running: boolean; params: Record<string, unknown> }[] {
    return this.queries.all().map((q) => ({ handle: q.handle, queryId: q.queryId, running: q.running, params: { ...q.params } }));
  }

  // ---------------------------------------------------------------- events

  /** Called by the webhook receiver with every POSTed body. */
  handleWebhookBody(body: unknown): void {
    // The guide posts one event per request; a batch (a JSON array) is taken apart, not dropped.
    if (Array.isArray(body)) {
      for (const item of body) this.handleWebhookBody(item);
      return;
    }
    const { event, unrecognised } = decodeWebhookBody(body);
    if (unrecognised) {
      this.warn({ code: 'UNRECOGNISED_WEBHOOK_BODY', message: 'webhook body is not an OpenScape event; passed on as type ' + event.type });
    }
    if (event.family === 'statistics' && isObject(event.payload) && event.payload.queryId !== undefined) {
      this.earlyStatistics.offer(event, event.payload.queryId);
      return;
    }
    this.emit('event', event);
  }
}
