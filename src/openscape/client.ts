/**
 * OpenScapeClient: one REST SDK session with one OpenScape Contact Center server, as a
 * ContactCenterDriver.
 *
 * Session: RegisterApplication (session token) -> main Logon (agentKey/password) -> restore every
 * listen and realtime query -> 'connected', then KeepAlive on a timer. A lost session (errorCode
 * APPLICATION_NOT_REGISTERED, HTTP 401, a failing keepalive) is re-established once for everyone
 * (single flight), and the request that noticed it is retried once.
 * State, backoff and every timer live in the shared ConnectionLifecycle: 'auth-failed' when
 * credentials are refused (with the server's words), 'disconnected' when the server cannot be
 * reached, each retried after the next backoff step.
 * stop() is final: no session attempt starts once it began, the server is told goodbye (stop
 * queries, stop listens, unregister), and every request still in flight is aborted.
 * Events arrive through the webhook receiver, which calls handleWebhookBody().
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import type * as http from 'node:http';
import type {
  ContactCenterDriver,
  EntityOption,
  RequestOptions,
  StatisticsQuery,
  StatisticsStart,
  SubscriptionSpec,
} from '../core/driver';
import { CcError, refusal } from '../core/errors';
import { isObject } from '../core/json';
import { ConnectionLifecycle } from '../core/lifecycle';
import type { Outcome } from '../core/outcome';
import { SubscriptionRegistry } from '../core/subscriptions';
import type { CcWarning, ConnectionState, GapReport, StateChange } from '../core/types';
import { AUTH_FAILED_CODES, SESSION_LOST_CODES, errorCodeName, isSuccessCode } from './codes';
import {
  AuthFailure,
  SessionLost,
  answerOf,
  failureOf,
  isSuccessText,
  localOutcome,
  okOutcome,
  refusedOutcome,
  serverWords,
} from './answers';
import type { OpenScapeAnswer } from './answers';
import { decodeWebhookBody } from './decode';
import { EarlyStatistics } from './early-statistics';
import { EntityNames, entityOperation, queryKeyKind, toEntityOptions } from './entities';
import { HttpError, createAgent, requestJson } from './http';
import type { HttpFailure, JsonResponse, TlsOptions } from './http';
import { findOperation, listenOperation, operationUrlPath } from './operations';
import type { OperationSpec } from './operations';
import { MAX_QUERIES_PER_TYPE, QueryBook } from './queries';
import type { LiveQuery } from './queries';
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
  /** Full URL sent in RegisterApplication (the vendor's receiver computes it). */
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

/** The goodbye of stop() never waits longer than this per request (a redeploy must not hang). */
const GOODBYE_TIMEOUT_MS = 3000;

interface ExchangeOptions {
  timeoutMs?: number;
  token?: string;
  /** Sent by stop() itself: allowed after stop began (and only then). */
  goodbye?: boolean;
}

function closed(): CcError {
  return new CcError('connection closed', 'CLOSED');
}

export class OpenScapeClient extends EventEmitter implements ContactCenterDriver {
  readonly vendor = 'openscape' as const;
  private readonly opts: Required<Pick<OpenScapeClientOptions, 'keepAliveMs' | 'requestTimeoutMs' | 'maxResponseBytes' | 'webhookApiVersion'>> &
    OpenScapeClientOptions;
  private readonly base: URL;
  private readonly pathPrefix: string;
  private readonly agent: http.Agent;
  private readonly life: ConnectionLifecycle;
  private readonly registry = new SubscriptionRegistry();
  private readonly queries = new QueryBook();
  private readonly earlyStatistics: EarlyStatistics;
  private readonly names = new EntityNames();
  /** Which spelling of a path the server answered, per operation id. */
  private readonly spelling = new Map<string, 'printed' | 'regular'>();
  private readonly urls = new Map<string, URL>();
  private readonly closers = new Set<(e: CcError) => void>();
  /** Aborts every request still in flight at the end of stop(). */
  private readonly inFlight = new AbortController();
  private token: string | undefined;
  private loggedOn = false;
  private stopBegun = false;
  private finished = false;
  private establishing: Promise<void> | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  /** A KeepAlive is on its way: the timer does not send a second one beside it. */
  private keepAliveAsking = false;
  /**
   * A token given up for a new session while the server may still hold it (a 401 from a proxy, a
   * lost answer): unregistered before registering again, so that the server does not post every
   * event twice, to the old session and to the new one.
   */
  private abandonedToken: string | undefined;
  /** When a session was last known good (connected, KeepAlive answered): the `since` of a gap. */
  private lastGoodAt: number | undefined;
  /** Events received since the current session began (the `received` of a gap). */
  private sessionEvents = 0;
  /** The gap of a new session, said by the 'connected' that ends its restore (which may take retries). */
  private pendingGap: GapReport | undefined;
  /** Listens started in the current session (`realm|resource`): a restore cut short goes on from there. */
  private readonly restoredListens = new Set<string>();
  /** Whether the current session's restore has finished; a session resumed before that is restored on. */
  private restoreDone = false;

  constructor(options: OpenScapeClientOptions) {
    super();
    // Every request in flight listens on this one signal until it ends (node:http removes the
    // listener then): a board's snapshot alone sends a dozen at once, which is not a leak.
    setMaxListeners(1000, this.inFlight.signal);
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
    this.life = new ConnectionLifecycle((change) => this.emit('state', change), options.backoff ?? {});
    this.earlyStatistics = new EarlyStatistics(
      (queryId) => this.queries.handleOf(queryId),
      (event) => this.emit('event', event),
      2000,
      1000,
      { timeout: (fn, ms) => this.life.timeout(fn, ms), clear: (t) => this.life.clear(t) },
    );
  }

  // ---------------------------------------------------------------- state

  get state(): ConnectionState {
    return this.life.state;
  }

  get lastState(): StateChange {
    return this.life.lastState;
  }

  /** Timers of this driver alive right now (tests of stop finality read it). */
  get activeTimers(): number {
    return this.life.activeTimers;
  }

  /** False once stop() began: the webhook receiver answers 503 instead of handing bodies on. */
  get acceptsEvents(): boolean {
    return !this.stopBegun;
  }

  private warn(w: CcWarning): void {
    this.emit('warning', w);
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    // stop() is final: a stopped driver is not started again (the factory makes a new one).
    if (this.stopBegun || !this.life.start()) return;
    this.life.set({ state: 'connecting', detail: this.base.host });
    void this.connectOrRetry();
  }

  stop(): Promise<void> {
    this.stopBegun = true;
    return this.life.close(() => this.release());
  }

  /**
   * The ordered goodbye: wait for a session attempt in flight (it stops at its next step), stop the
   * realtime queries, stop the listens, unregister; then abort whatever is still in flight.
   * (The guide has no main Logoff: UnregisterApplication ends the application's logon with it.)
   */
  private async release(): Promise<void> {
    const reason = closed();
    for (const reject of [...this.closers]) reject(reason);
    this.closers.clear();
    this.keepAliveTimer = undefined;
    try {
      if (this.establishing) await this.boundedWait(this.establishing);
      const token = this.token;
      this.token = undefined;
      if (token) {
        const timeoutMs = Math.min(this.opts.requestTimeoutMs, GOODBYE_TIMEOUT_MS);
        const say = { timeoutMs, token, goodbye: true };
        if (this.life.lastState.state === 'connected' || this.loggedOn) await this.stopEverything(say);
        await this.unregister(say).catch(() => undefined);
      }
      const abandoned = this.abandonedToken;
      this.abandonedToken = undefined;
      if (abandoned) await this.unregister({ timeoutMs: Math.min(this.opts.requestTimeoutMs, GOODBYE_TIMEOUT_MS), token: abandoned, goodbye: true }).catch(() => undefined);
    } finally {
      this.finished = true;
      this.queries.markAllStopped();
      this.earlyStatistics.clear();
      this.inFlight.abort();
      this.agent.destroy();
    }
  }

  /** Wait for a promise at most one goodbye timeout (a hanging server must not hold a redeploy). */
  private async boundedWait(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(this.opts.requestTimeoutMs, GOODBYE_TIMEOUT_MS))));
    await Promise.race([work.then(() => undefined, () => undefined), limit]);
    clearTimeout(timer);
  }

  /** StopQuery for every running query, then StopListenForEvents for every live listen. */
  private async stopEverything(say: ExchangeOptions): Promise<void> {
    const stopQuery = this.op('realtime.StopQuery');
    await Promise.all(
      this.queries
        .all()
        .filter((q) => q.running && q.queryId !== undefined)
        .map((q) => this.exchange(stopQuery, { queryId: q.queryId }, say).catch(() => undefined)),
    );
    const listens: Promise<unknown>[] = [];
    for (const spec of this.registry.all()) {
      const op = listenOperation(spec.type, 'stop');
      if (!op) continue;
      const entities: (string | undefined)[] = op.listen?.resource === 'none' || spec.entities.length === 0 ? [undefined] : spec.entities;
      for (const entity of entities) listens.push(this.exchange(op, this.listenBody(op, entity), say).catch(() => undefined));
    }
    await Promise.all(listens);
  }

  private async unregister(say: ExchangeOptions): Promise<void> {
    const v2 = await this.exchange(this.op('main.UnregisterApplication'), {}, say);
    if (v2.status !== 404 && v2.status < 300 && isSuccessCode(isObject(v2.body) ? v2.body.errorCode : undefined)) return;
    await this.exchange(this.op('main.UnregisterApplicationV1'), this.registrationBody(), say);
  }

  /** Establish the session now; on failure enter auth-failed / disconnected and schedule a retry. */
  private async connectOrRetry(): Promise<void> {
    try {
      await this.establish();
    } catch (e) {
      this.failed(e as Error);
    }
  }

  private failed(e: Error): void {
    if (!this.life.running) return;
    this.stopKeepAlive();
    this.life.fail(e instanceof AuthFailure ? 'auth-failed' : 'disconnected', e.message, () => void this.connectOrRetry());
  }

  /** Single flight: every caller that needs a session waits for the same attempt. Never after stop(). */
  private establish(): Promise<void> {
    if (this.stopBegun || !this.life.running) return Promise.reject(closed());
    if (!this.establishing) {
      this.establishing = this.runEstablish().finally(() => {
        this.establishing = undefined;
      });
    }
    return this.establishing;
  }

  private async runEstablish(): Promise<void> {
    this.life.assertRunning();
    this.stopKeepAlive();
    // A token from before a network failure may still be good: then listens and queries are intact.
    // When the session was last proven good (see keepAlive): the asking, not the answer.
    const askedAt = Date.now();
    if (this.token && (await this.sessionStillValid())) {
      this.life.assertRunning();
      if (!this.restoreDone) await this.restore();
      this.life.assertRunning();
      this.connected('session resumed', this.takePendingGap(), askedAt);
      return;
    }
    this.life.assertRunning();
    if (this.token) this.abandonedToken = this.token;
    this.token = undefined;
    this.loggedOn = false;
    await this.unregisterAbandoned();
    this.life.assertRunning();
    // From here on there is no session: what the server sends meanwhile is not for us.
    if (this.lastGoodAt !== undefined) this.pendingGap ??= this.sessionGap();
    this.restoredListens.clear();
    this.restoreDone = false;
    this.queries.markAllStopped();
    this.life.set({ state: 'authenticating', detail: `RegisterApplication as ${this.opts.clientName}` });
    await this.register();
    this.life.assertRunning();
    if (this.opts.agentKey !== undefined) {
      try {
        if (!Number.isInteger(this.opts.agentKey)) {
          throw new AuthFailure(`agentKey must be an integer (the user key of main/logon), got ${String(this.opts.agentKey)}`);
        }
        await this.logon();
      } catch (e) {
        // Leave no half-open registration behind: the next attempt registers afresh. After stop()
        // began, its goodbye unregisters this token (it waits for this attempt).
        if (this.life.running) {
          const token = this.token;
          this.token = undefined;
          if (token) await this.unregister({ timeoutMs: Math.min(this.opts.requestTimeoutMs, GOODBYE_TIMEOUT_MS), token }).catch(() => undefined);
        }
        throw e;
      }
    }
    this.life.assertRunning();
    const restoreAskedAt = Date.now();
    await this.restore();
    this.life.assertRunning();
    this.connected(undefined, this.takePendingGap(), restoreAskedAt);
  }

  private takePendingGap(): GapReport | undefined {
    const gap = this.pendingGap;
    this.pendingGap = undefined;
    return gap;
  }

  /** `provenAt`: when the request that proved the session good was sent (the `since` of a later gap). */
  private connected(detail: string | undefined, gap: GapReport | undefined, provenAt: number): void {
    this.lastGoodAt = provenAt;
    if (gap) this.sessionEvents = 0;
    this.life.connected(detail ?? this.base.host, gap);
    this.startKeepAlive();
  }

  /**
   * A new session after an earlier one: the guide has no replay, and between the old session's
   * end and the new listens the server sent us nothing, so events of that time are missing. How
   * many cannot be known (OpenScape events carry no number): said in the `connected` event.
   */
  private sessionGap(): GapReport {
    return {
      since: new Date(this.lastGoodAt ?? Date.now()).toISOString(),
      received: this.sessionEvents,
      replayed: false,
      reason: 'new session: events the server had between the end of the last session and the new listens are not sent again (the REST SDK has no replay)',
    };
  }

  /**
   * Unregister the token given up, before a new registration. A server that no longer knows it
   * answers so, and that is fine; no answer, or an HTTP 5xx, fails this attempt (retried with
   * backoff): registering anyway could leave two sessions that both receive every event.
   */
  private async unregisterAbandoned(): Promise<void> {
    const token = this.abandonedToken;
    if (!token) return;
    const say = { timeoutMs: Math.min(this.opts.requestTimeoutMs, GOODBYE_TIMEOUT_MS), token };
    let answer = await this.exchange(this.op('main.UnregisterApplication'), {}, say);
    if (answer.status >= 500) throw new CcError(`UnregisterApplication of the old session answered HTTP ${answer.status}`, 'HTTP_ERROR');
    if (answer.status === 404) {
      // A server with only the old path ("Main Commands (old versions)").
      answer = await this.exchange(this.op('main.UnregisterApplicationV1'), this.registrationBody(), say);
      if (answer.status >= 500) throw new CcError(`UnregisterApplication of the old session answered HTTP ${answer.status}`, 'HTTP_ERROR');
    }
    // Anything but a plain success (an HTTP 401 or 403 from a proxy in between, an error code) does
    // not prove the old session gone: a KeepAlive with its token must then not succeed. A session
    // still alive beside the new one would have every event posted twice.
    if (!succeeded(answer)) {
      const check = await this.exchange(this.op('main.KeepAlive'), {}, say);
      if (check.status >= 500) throw new CcError(`KeepAlive of the old session answered HTTP ${check.status}`, 'HTTP_ERROR');
      if (succeeded(check)) {
        throw new CcError(
          `the old session still answers KeepAlive after UnregisterApplication answered ${answer.status >= 300 ? `HTTP ${answer.status}` : serverWords(answer.body)}: not registering a second one`,
          'HTTP_ERROR',
        );
      }
    }
    this.abandonedToken = undefined;
  }

  /**
   * Whether the token still holds its session. An HTTP 5xx says that the server (or a proxy) is in
   * trouble, not that the session ended: thrown as a failure, so that the retry asks again with
   * the same token instead of registering a second application beside the first.
   */
  private async sessionStillValid(): Promise<boolean> {
    const res = await this.exchange(this.op('main.KeepAlive'), {});
    if (res.status >= 500) throw new CcError(`KeepAlive answered HTTP ${res.status}`, 'HTTP_ERROR');
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
      throw AUTH_FAILED_CODES.has(name) ? new AuthFailure(message, answer) : refusal(message, refusedOutcome(res));
    }
    const token = isObject(answer) ? answer.sessionToken : undefined;
    if (typeof token !== 'string' || token === '') {
      throw refusal('RegisterApplication answered without a sessionToken', refusedOutcome(res));
    }
    this.token = token;
  }

  private async logon(): Promise<void> {
    this.life.set({ state: 'authenticating', detail: `Logon as agent ${this.opts.agentKey}` });
    const res = await this.exchange(this.op('main.Logon'), {
      agentKey: this.opts.agentKey,
      password: this.opts.agentPassword ?? '',
    });
    const answer = res.body;
    // An HTTP 5xx is the server (or a proxy) in trouble, not refused credentials: retried as such.
    if (res.status >= 500) throw new CcError(`Logon of agent ${this.opts.agentKey} failed: HTTP ${res.status}`, 'HTTP_ERROR', answer);
    const ok = res.status < 300 && isSuccessCode(isObject(answer) ? answer.errorCode : undefined);
    if (!ok) {
      const words = res.status >= 300 ? `HTTP ${res.status}: ${serverWords(answer)}` : serverWords(answer);
      throw new AuthFailure(`Logon of agent ${this.opts.agentKey} refused: ${words}`, answer);
    }
    this.loggedOn = true;
  }

  /**
   * After a new session: every listen of the registry and every realtime query, again. A restore
   * cut short (no answer, HTTP 5xx: the attempt fails and is retried) goes on where it stopped
   * when the same session is resumed, so that no listen is left out and none is sent twice.
   */
  private async restore(): Promise<void> {
    for (const spec of this.registry.all()) {
      const entities = spec.entities.length ? spec.entities : [undefined];
      for (const entity of entities) {
        const key = `${spec.type}|${entity ?? ''}`;
        if (this.restoredListens.has(key)) continue;
        this.life.assertRunning();
        const res = await this.listenExchange('start', spec.type, entity);
        if (this.sessionLostIn(res)) throw new SessionLost(`session lost while restoring ${spec.type} listens`);
        if (res.status >= 500) throw new CcError(`StartListenForEvents ${spec.type} answered HTTP ${res.status}`, 'HTTP_ERROR');
        this.restoredListens.add(key);
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
      if (q.stopping || q.running) continue;
      this.life.assertRunning();
      const oldQueryId = q.queryId;
      // Map the new queryId as soon as the answer is read: early statistics are held until then.
      const res = await this.earlyStatistics.around(async () => {
        const answer = await this.exchange(this.op('realtime.StartQuery'), q.params);
        const id = isObject(answer.body) ? Number(answer.body.queryId) : NaN;
        if (!this.sessionLostIn(answer) && !failureOf(answer) && Number.isInteger(id) && id > 0) this.queries.started(q.handle, id);
        return answer;
      });
      if (this.sessionLostIn(res)) throw new SessionLost('session lost while restarting realtime queries');
      if (res.status >= 500) throw new CcError(`StartQuery ${String(q.params.queryType)} answered HTTP ${res.status}`, 'HTTP_ERROR');
      const failure = failureOf(res);
      const newQueryId = isObject(res.body) ? Number(res.body.queryId) : NaN;
      if (failure || !Number.isInteger(newQueryId) || newQueryId <= 0) {
        q.lastOutcome = refusedOutcome(res);
        this.warn({
          code: 'QUERY_RESTORE_FAILED',
          message: `StartQuery ${String(q.params.queryType)} could not be restarted: ${failure ?? 'no queryId'}`,
          detail: { handle: q.handle, answer: res.body },
        });
        continue;
      }
      q.lastOutcome = okOutcome(res);
      if (oldQueryId === undefined) continue;
      this.warn({
        code: 'QUERY_RESTARTED',
        message: `realtime query ${q.handle} restarted: queryId ${oldQueryId} -> ${newQueryId}`,
        detail: { handle: q.handle, oldQueryId, newQueryId },
      });
    }
    this.restoreDone = true;
  }

  // ---------------------------------------------------------------- keepalive

  private startKeepAlive(): void {
    this.stopKeepAlive();
    this.keepAliveTimer = this.life.interval(() => void this.keepAlive(), this.opts.keepAliveMs);
  }

  private stopKeepAlive(): void {
    this.life.clear(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  private async keepAlive(): Promise<void> {
    if (!this.life.running || this.establishing || this.keepAliveAsking || this.life.state !== 'connected') return;
    // The answer says the session was good when the server read the request, not when the answer
    // arrived (a slow answer may arrive after the session ended): a later gap starts at the asking.
    const askedAt = Date.now();
    const token = this.token;
    this.keepAliveAsking = true;
    try {
      const res = await this.exchange(this.op('main.KeepAlive'), {});
      // Said of a session that is no longer the current one (a new session was opened meanwhile, or
      // is being opened): nothing to act on. Acting would drop or register again a good session.
      if (this.token !== token || this.establishing) return;
      if (res.status >= 500) {
        // The server or a proxy in trouble: not a lost session (see sessionStillValid).
        this.failed(new CcError(`KeepAlive answered HTTP ${res.status}`, 'HTTP_ERROR'));
      } else if (this.sessionLostIn(res) || failureOf(res)) {
        await this.recover(`KeepAlive answered ${res.status >= 300 ? `HTTP ${res.status}` : serverWords(res.body)}`);
      } else {
        this.lastGoodAt = askedAt;
      }
    } catch (e) {
      // Server unreachable: disconnected; the retry first tries the same token again.
      if (this.token === token && !this.establishing) this.failed(e as Error);
    } finally {
      this.keepAliveAsking = false;
    }
  }

  /** Register and log on again after a lost session; everyone who noticed waits for the same attempt. */
  private async recover(reason: string): Promise<void> {
    if (this.stopBegun || !this.life.running) throw closed();
    if (!this.establishing) {
      this.warn({ code: 'SESSION_LOST', message: `session lost (${reason}); registering again` });
      // The server may still hold it (a 401 from a proxy): unregistered before the new registration.
      if (this.token) this.abandonedToken = this.token;
      this.token = undefined;
    }
    try {
      await this.establish();
    } catch (e) {
      this.failed(e as Error);
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
   * One HTTP exchange for one operation. Where the guide printed a misspelled path, the regular
   * spelling goes first (a server without the printed path may answer it with a 401 that is no
   * lost session), the printed one only after a 404; the spelling that answered is remembered.
   * Resolves for every HTTP status. Refused once stop() began, except for stop()'s own goodbye.
   */
  private async exchange(op: OperationSpec, params: Record<string, unknown>, options: ExchangeOptions = {}): Promise<JsonResponse> {
    const token = 'token' in options ? options.token : this.token;
    const first = this.spelling.get(op.id) ?? (op.regularPath ? 'regular' : 'printed');
    const send = (spelling: 'printed' | 'regular'): Promise<JsonResponse> => {
      if (this.finished || (this.stopBegun && !options.goodbye)) return Promise.reject(closed());
      return requestJson({
        method: op.method,
        url: this.url(op, spelling),
        authorization: op.needsSession ? token : undefined,
        body: op.method === 'GET' ? undefined : params,
        timeoutMs: options.timeoutMs ?? this.opts.requestTimeoutMs,
        maxResponseBytes: this.opts.maxResponseBytes,
        agent: this.agent,
        signal: this.inFlight.signal,
      });
    };
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
  ): Promise<{ res: JsonResponse; recovered: boolean }> {
    const tokenUsed = this.token;
    let res: JsonResponse;
    try {
      res = await this.exchange(op, params, { timeoutMs });
    } catch (e) {
      // The server cannot be reached at all: show it now rather than at the next keepalive.
      if (e instanceof HttpError && UNREACHABLE.has(e.failure) && this.life.state === 'connected') this.failed(e);
      throw e;
    }
    if (!this.sessionLostIn(res)) return { res, recovered: false };
    // Answers to requests sent with an old token arrive after the new session is up: no second renewal.
    if (this.token === tokenUsed || this.token === undefined) {
      await this.recover(`${op.id} answered ${res.status === 401 ? 'HTTP 401' : serverWords(res.body)}`);
    } else if (this.establishing) {
      await this.establishing;
    }
    if (afterRecovery === 'restored') {
      return { res: { status: 200, body: { errorCode: 'NO_ERROR', errorDetails: 'restored with the new session' } }, recovered: true };
    }
    return { res: await this.exchange(op, params, { timeoutMs }), recovered: true };
  }

  /** Wait for a session attempt in progress; refuse when there is no session at all. */
  private async ready(): Promise<void> {
    if (this.stopBegun) throw closed();
    if (!this.life.running) throw new CcError('connection is stopped', 'NOT_CONNECTED');
    if (this.establishing) await this.establishing.catch(() => undefined);
    if (this.life.state !== 'connected' || !this.token) {
      const s = this.life.lastState;
      throw new CcError(`not connected to ${this.base.host} (${s.state}${s.detail ? `: ${s.detail}` : ''})`, 'NOT_CONNECTED');
    }
  }

  /** Run `work`, rejected with CLOSED if stop() comes first. */
  private guarded<T>(work: () => Promise<T>): Promise<T> {
    if (this.stopBegun) return Promise.reject(closed());
    return new Promise<T>((resolve, reject) => {
      const closer = (e: CcError): void => reject(e);
      this.closers.add(closer);
      work()
        .then(resolve, reject)
        .finally(() => this.closers.delete(closer));
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
    if (op.id === 'realtime.StopQuery') return this.stopQueryRequest(params, options);
    const invalid = validateParams(op, params);
    if (invalid) throw invalid;
    if (op.id === 'realtime.StartQuery') this.checkQueryLimit(params.queryType);
    if (op.listen) {
      // A request wants the server's answer now; subscribe() is the way to record one for later.
      await this.ready();
      const entities = op.listen.resource === 'none' ? [] : [String(params.resource).trim()];
      const spec = { type: op.listen.realm, entities };
      const outcome = op.listen.action === 'start' ? await this.subscribe(REQUEST_OWNER, spec) : await this.unsubscribe(REQUEST_OWNER, spec);
      return outcome.answer;
    }
    await this.ready();
    if (op.id === 'realtime.StartQuery') {
      const q = this.queries.reserve(params);
      const outcome = await this.startQuery(q, options.timeoutMs);
      const answer = isObject(outcome.answer) ? outcome.answer : {};
      return { ...answer, queryId: q.queryId, handle: q.handle } as StartQueryResult;
    }
    const { res } = await this.call(op, params, options.timeoutMs, 'retry');
    return answerOf(op, res);
  }

  // ---------------------------------------------------------------- realtime statistics

  /** The guide allows five queries of each type per application: refuse the sixth before sending. */
  private checkQueryLimit(queryType: unknown, replacing?: LiveQuery): void {
    const count = this.queries.countOfType(queryType) - (replacing && replacing.params.queryType === queryType ? 1 : 0);
    if (count >= MAX_QUERIES_PER_TYPE) {
      throw new CcError(
        `at most ${MAX_QUERIES_PER_TYPE} realtime queries of type ${String(queryType)} can run per application (the guide's limit); ` +
          `${count} are kept already: stop one first`,
        'LIMIT',
      );
    }
  }

  /**
   * Send the StartQuery of a reserved query; ok with the answer, or reject REFUSED (and forget the
   * query). A session lost on the way restarts it with the restore: that answer counts.
   */
  private async startQuery(q: LiveQuery, timeoutMs?: number): Promise<Outcome> {
    const op = this.op('realtime.StartQuery');
    let outcome: Outcome;
    try {
      outcome = await this.earlyStatistics.around(async () => {
        const { res, recovered } = await this.call(op, q.params, timeoutMs, 'restored');
        if (recovered) return q.running ? (q.lastOutcome ?? okOutcome(res)) : (q.lastOutcome ?? refusedOutcome(res));
        const failure = failureOf(res);
        const queryId = isObject(res.body) ? Number(res.body.queryId) : NaN;
        if (failure) return refusedOutcome(res);
        if (!Number.isInteger(queryId) || queryId <= 0) return { ...refusedOutcome(res), text: 'answered without a valid queryId' };
        this.queries.started(q.handle, queryId);
        return okOutcome(res);
      });
    } catch (e) {
      this.queries.remove(q.handle);
      throw e;
    }
    q.lastOutcome = outcome;
    if (outcome.status === 'refused') {
      this.queries.remove(q.handle);
      throw refusal(`${op.id} ${String(q.params.queryType)} refused: ${serverWords(outcome.answer)}`, outcome);
    }
    return outcome;
  }

  startStatistics(owner: string, query: StatisticsQuery): StatisticsStart {
    const p = query.params;
    const params: Record<string, unknown> = { queryType: p.queryType, keyList: p.keyList };
    if (p.fromTime !== undefined) params.fromTime = p.fromTime;
    // keyList `*`: checked with a stand-in key now, filled with every key of its kind at the start.
    const allKeys = p.allKeys === true;
    if (allKeys) params.keyList = [1];
    const previous = this.queries.ofOwner(owner);
    let q: LiveQuery | undefined;
    let refusedNow: CcError | undefined;
    try {
      if (this.stopBegun) throw closed();
      const invalid = validateParams(this.op('realtime.StartQuery'), params);
      if (invalid) throw invalid;
      this.checkQueryLimit(params.queryType, previous);
      q = this.queries.reserve(params, owner);
    } catch (e) {
      refusedNow = e as CcError;
    }
    const handle = q ? q.handle : `${owner}-refused`;
    const filter = { keys: [`queryHandle:${handle}`] };
    if (refusedNow || !q) return { filter, started: Promise.reject(refusedNow) };
    const reserved = q;
    const started = this.guarded(async () => {
      // A restore under way first: it may be starting `previous` on the new session right now, and a
      // query forgotten mid-restore would run on the server with nobody to stop it.
      if (this.establishing) await this.establishing.catch(() => undefined);
      if (previous) await this.stopOne(previous).catch((e: Error) => this.warn({ code: 'QUERY_STOP_FAILED', message: e.message, detail: { handle: previous.handle } }));
      if (reserved.running && reserved.lastOutcome) return reserved.lastOutcome; // the restore started it
      if (this.life.state !== 'connected' || !this.token) {
        // Kept: the restore of the next session starts it.
        throw new CcError(`not connected to ${this.base.host}: ${query.label} starts when connected`, 'NOT_CONNECTED');
      }
      if (allKeys) reserved.params.keyList = await this.allKeysOf(String(params.queryType));
      return this.startQuery(reserved);
    });
    return { filter, started };
  }

  /** Every key a query type can monitor, from the admin list of its kind (refused when there is none). */
  private async allKeysOf(queryType: string): Promise<number[]> {
    const kind = queryKeyKind(queryType);
    const keys = (await this.listEntities(kind)).map((e) => Number(e.id)).filter((k) => Number.isInteger(k));
    if (keys.length === 0) throw new CcError(`keyList *: the server lists no ${kind} for ${queryType}`, 'BAD_PARAMS');
    return keys;
  }

  async stopStatistics(owner: string): Promise<Outcome | undefined> {
    const q = this.queries.ofOwner(owner);
    if (!q) return undefined;
    return this.guarded(() => this.stopOne(q));
  }

  /**
   * StopQuery of one kept query. A query the server does not run is only forgotten. A failed stop
   * (an error code, or NO_ERROR with words that say it failed) rejects REFUSED and keeps the query.
   */
  private async stopOne(q: LiveQuery, timeoutMs?: number): Promise<Outcome> {
    if (!q.running || q.queryId === undefined || this.life.state !== 'connected') {
      // Not running on the server (not started yet, or the session is gone): forgetting it is enough.
      this.queries.remove(q.handle);
      return localOutcome('query was not running');
    }
    const op = this.op('realtime.StopQuery');
    q.stopping = true;
    let res: JsonResponse;
    let recovered: boolean;
    try {
      ({ res, recovered } = await this.call(op, { queryId: q.queryId }, timeoutMs, 'restored'));
    } catch (e) {
      q.stopping = false;
      throw e;
    }
    q.stopping = false;
    // A new session started without it (the restore skips a stopping query): it is gone.
    if (recovered || this.stopSucceeded(res)) {
      this.queries.remove(q.handle);
      return okOutcome(res);
    }
    throw refusal(`${op.id} ${q.queryId} refused: ${serverWords(res.body)}`, refusedOutcome(res));
  }

  private stopSucceeded(res: JsonResponse): boolean {
    if (res.status >= 300 || !isObject(res.body)) return res.status < 300;
    return isSuccessCode(res.body.errorCode) && isSuccessText(res.body.errorDetails);
  }

  /** request('realtime.StopQuery') by `queryId` (current or any earlier id of the query) or by `handle`. */
  private async stopQueryRequest(params: Record<string, unknown>, options: RequestOptions): Promise<unknown> {
    const op = this.op('realtime.StopQuery');
    const live = this.queries.find(params);
    if (live) {
      const outcome = await this.stopOne(live, options.timeoutMs);
      return { ...(isObject(outcome.answer) ? outcome.answer : {}), handle: live.handle };
    }
    const body = { queryId: params.queryId };
    const invalid = validateParams(op, body);
    if (invalid) throw invalid;
    await this.ready();
    const { res } = await this.call(op, body, options.timeoutMs, 'retry');
    const answer = answerOf(op, res);
    if (!this.stopSucceeded(res)) throw refusal(`${op.id} ${String(body.queryId)} refused: ${serverWords(answer)}`, refusedOutcome(res));
    return answer;
  }

  /** The realtime queries this client keeps alive: handle, current queryId, parameters. */
  listQueries(): { handle: string; owner?: string; queryId?: number; running: boolean; params: Record<string, unknown> }[] {
    return this.queries.all().map((q) => ({ handle: q.handle, owner: q.owner, queryId: q.queryId, running: q.running, params: { ...q.params } }));
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

  subscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    return this.guarded(async () => {
      const { realm, start, entities } = this.realmOf(spec);
      // Wait for a session attempt in progress so that its restore and this send do not overlap.
      if (this.establishing) await this.establishing.catch(() => undefined);
      const added = this.registry.add(owner, { type: realm, entities });
      const toSend: (string | undefined)[] = start.listen?.resource === 'none' ? (added.length ? [undefined] : []) : added;
      if (toSend.length === 0) return localOutcome('already listening');
      if (this.life.state !== 'connected') return localOutcome(`recorded; sent when connected (${this.life.state})`);
      return this.sendListens(owner, realm, 'start', toSend);
    });
  }

  unsubscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    return this.guarded(async () => {
      const { realm, start, entities } = this.realmOf(spec);
      if (this.establishing) await this.establishing.catch(() => undefined);
      const removed = this.registry.remove(owner, { type: realm, entities });
      const toSend: (string | undefined)[] = start.listen?.resource === 'none' ? (removed.length ? [undefined] : []) : removed;
      if (toSend.length === 0) return localOutcome('still wanted by others, or not listening');
      if (this.life.state !== 'connected') return localOutcome('forgotten; nothing to tell the server');
      return this.sendListens(owner, realm, 'stop', toSend);
    });
  }

  /**
   * One Start/StopListenForEvents per resource: all accepted -> ok; some refused -> partial with
   * the refused resources as `missing`; all refused -> reject REFUSED. A refused start is not kept.
   */
  private async sendListens(owner: string, realm: string, action: 'start' | 'stop', entities: (string | undefined)[]): Promise<Outcome> {
    const op = listenOperation(realm, action) as OperationSpec;
    const answers: unknown[] = [];
    const refused: { entity: string | undefined; res: JsonResponse; words: string }[] = [];
    let lastOk: JsonResponse | undefined;
    for (const entity of entities) {
      // A lost session is re-established with every listen of the registry: no second send needed.
      const { res } = await this.call(op, this.listenBody(op, entity), undefined, action === 'start' ? 'restored' : 'retry');
      answers.push(res.body);
      const words = failureOf(res);
      if (!words) {
        lastOk = res;
        continue;
      }
      refused.push({ entity, res, words });
      if (action === 'start') this.registry.remove(owner, { type: realm, entities: entity === undefined ? [] : [entity] });
    }
    const answer = answers.length === 1 ? answers[0] : answers;
    const verb = action === 'start' ? 'StartListenForEvents' : 'StopListenForEvents';
    if (refused.length === 0) return { ...okOutcome(lastOk ?? { status: 200, body: answer }), answer };
    const first = refused[0];
    const missing = refused.map((r) => r.entity ?? realm);
    const outcome = { ...refusedOutcome(first.res, missing), answer };
    const words = refused.map((r) => `${realm}${r.entity !== undefined ? ` ${r.entity}` : ''}: ${r.words}`).join('; ');
    if (refused.length === entities.length) throw refusal(`${verb} refused: ${words}`, outcome);
    return { ...outcome, status: 'partial' };
  }

  async releaseOwner(owner: string): Promise<void> {
    const q = this.queries.ofOwner(owner);
    if (q) await this.stopOne(q).catch(() => this.queries.remove(q.handle));
    for (const spec of this.registry.ofOwner(owner)) {
      await this.unsubscribe(owner, spec).catch(() => undefined);
    }
  }

  listSubscriptions(): SubscriptionSpec[] {
    return this.registry.all();
  }

  // ---------------------------------------------------------------- entities

  async listEntities(kind: string, options: RequestOptions = {}): Promise<EntityOption[]> {
    const operation = entityOperation(kind);
    if (!operation) throw new CcError(`OpenScape has no entity list "${kind}"`, 'UNSUPPORTED');
    const answer = await this.request(operation, {}, options);
    const list = toEntityOptions(answer);
    this.names.remember(kind, list);
    return list;
  }

  entityName(kind: string, id: string): string | undefined {
    return this.names.name(kind, id);
  }

  // ---------------------------------------------------------------- events

  /** Called by the webhook receiver with every POSTed body. */
  handleWebhookBody(body: unknown): void {
    // The guide posts one event per request; a batch (a JSON array) is taken apart, not dropped.
    if (Array.isArray(body)) {
      for (const item of body) this.handleWebhookBody(item);
      return;
    }
    this.sessionEvents++;
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

/** A 2xx answer with a success code: the server did what was asked. */
function succeeded(res: JsonResponse): boolean {
  return res.status < 300 && isObject(res.body) && isSuccessCode(res.body.errorCode);
}
