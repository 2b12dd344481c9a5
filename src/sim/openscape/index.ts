/**
 * OpenScape Contact Center V11 REST SDK simulator: an HTTP(S) server that answers every request of
 * the guide (spec/openscape-cc-rest-sdk-v11-guide.md) and POSTs events to the webhooks of the
 * registered applications, with an optional generated contact-center day.
 *
 * Behaviour the guide leaves open, as the simulator decides it (see also docs/protocol-notes.md):
 * - Errors are HTTP 200 with an ErrorCode name; unknown URL 404, wrong method 405, body that is
 *   not a JSON object 400.
 * - No or unknown/expired session token: APPLICATION_NOT_REGISTERED (or HTTP 401 with
 *   `expiredAnswer: 'http401'`). A request that needs main/logon first: AUTH_STATEMENT_NOT_VALID.
 *   Everything except main/* and admin/users needs the logon.
 * - Every RegisterApplication makes a new session (several may live side by side); any request
 *   with the token keeps the session alive, as KeepAlive does.
 * - webhookAPIVersion defaults to V2; V1 applications get admin events in the V1 shape.
 * - setDown(true) closes the listener (connections refused) and pauses events; sessions, listens
 *   and queries are kept unless `{ dropSessions: true }`.
 */
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { CommandHandler, SimContext } from './context';
import { DayGenerator, type Step } from './day';
import { buildDirectory, type Directory, type SimUserOption } from './directory';
import { routeTable, type Endpoint, type UrlSpelling } from './endpoints';
import { EventRouter, type EventEnvelope, type EventSpelling } from './event-router';
import { mainAdminHandlers } from './commands-main-admin';
import { callbackHandlers } from './commands-callback';
import { openMediaHandlers } from './commands-openmedia';
import { realtimeHandlers } from './commands-realtime';
import { webCollaborationHandlers } from './commands-webcollaboration';
import { presenceRoutingHandlers } from './commands-presence-routing';
import { telephonyHandlers } from './commands-telephony';
import { learnFromEvent } from './learn';
import { BASE_PATH, type ListenRealm, type Realm } from './names';
import { SeededRandom } from './random';
import { RealtimeEngine, type RealtimeQueryInfo } from './realtime';
import { SessionStore, type AppSession, type SessionEndReason } from './sessions';
import { SimState } from './state';
import { selfSignedCertificate, type KeyAndCert } from './tls';
import { isObject, validateRequest, type JsonObject } from './validate';
import { WebhookDispatcher, type WebhookCounters } from './webhook';

export interface OpenScapeSimulatorOptions {
  /** 0 = ephemeral (default); the CLI uses 8080. */
  port?: number;
  host?: string;
  clientName: string;
  clientToken: string;
  /** When set, RegisterApplication must carry this busUnitName. */
  busUnitName?: string;
  /** Default: a generated directory whose agentKey 1 has password 'demo'. */
  users?: SimUserOption[];
  https?: KeyAndCert | 'self-signed';
  /** 'printed': only the guide's printed URLs; 'regular': only the corrected ones; 'both' (default). */
  urlSpelling?: UrlSpelling;
  /** Play a generated contact-center day (default false; the CLI turns it on). */
  generate?: boolean;
  seed?: number;
  /** Time factor: 2 plays everything twice as fast. */
  speed?: number;
  /** A session expires when no request arrives for this long; 0 = never (default). */
  keepAliveTimeoutMs?: number;
  /** Interval between two steps of the generated day (default 1000 ms, divided by speed). */
  eventIntervalMs?: number;
  /** Interval between two statistics events of a realtime query (default 5000 ms, divided by speed). */
  realtimeIntervalMs?: number;
  /** How an invalid or expired token is answered (default 'errorCode': 200 + APPLICATION_NOT_REGISTERED). */
  expiredAnswer?: 'errorCode' | 'http401';
  /** Events queued per webhook before the oldest is dropped (default 1000). */
  webhookQueueLimit?: number;
  /**
   * Verify https webhooks against this CA (PEM): a certificate it does not sign is refused and the
   * POST counts as failed (the 'webhook' outcome names the TLS error). Default: not verified.
   */
  webhookCa?: string | string[];
  /**
   * Event type names where the guide's EventType list and examples differ: 'examples' (default),
   * 'list' (UNAVAILBLEREASON_UPDATED_EVENT, CALLBACK_DELETEREASON_UPDATED_EVENT, SERVICES_ENABLED_EVENT),
   * or 'mixed' (alternating, so a client must accept both).
   */
  eventSpelling?: EventSpelling;
}

export interface RecordedRequest {
  method: string;
  /** Path below /restsdk/webapi/, URL-decoded. */
  path: string;
  /** The parsed body, with `application.token` and `password` replaced by "(hidden)". */
  body: unknown;
  /** The Authorization header as received (the bare session token). */
  token?: string;
  at: number;
}

export interface ListenInfo {
  appId: string;
  clientName: string;
  webhookURL: string;
  webhookAPIVersion: 'V1' | 'V2';
  loggedOn: boolean;
  /** Realm -> resources ('*' = all). */
  realms: Partial<Record<ListenRealm, string[]>>;
}

export interface DeliveredEvent {
  appId: string;
  webhookURL: string;
  body: EventEnvelope;
}

const MAX_BODY = 1024 * 1024;

/** A copy of a request body for sim.requests with the client token and user passwords hidden. */
function withoutSecrets(body: unknown): unknown {
  if (!isObject(body)) return body;
  const copy: JsonObject = { ...body };
  if (typeof copy.password === 'string') copy.password = '(hidden)';
  if (isObject(copy.application) && 'token' in copy.application) copy.application = { ...copy.application, token: '(hidden)' };
  return copy;
}
const MAX_RECORDED = 5000;

type Answer = { status: number; body: unknown };

export class OpenScapeSimulator extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  /** PEM of the self-signed certificate (its own CA) when `https: 'self-signed'`. */
  caCert?: string;
  private readonly options: Required<Omit<OpenScapeSimulatorOptions, 'busUnitName' | 'users' | 'https' | 'webhookCa'>> &
    Pick<OpenScapeSimulatorOptions, 'busUnitName' | 'users' | 'https' | 'webhookCa'>;
  private readonly routes: Map<string, Endpoint>;
  private readonly handlers: Record<string, CommandHandler>;
  private dispatcher: WebhookDispatcher;
  private readonly sessions: SessionStore;
  private readonly realtime: RealtimeEngine;
  private readonly router: EventRouter;
  private readonly state: SimState;
  private readonly context: SimContext;
  private readonly day: DayGenerator;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private readonly serversDown = new Set<Realm>();
  private server?: http.Server | https.Server;
  private tls?: KeyAndCert;
  private dayTimer?: NodeJS.Timeout;
  private daySteps: Step[] = [];
  private boundPort = 0;
  private down = false;
  private started = false;

  constructor(options: OpenScapeSimulatorOptions) {
    super();
    const speed = options.speed && options.speed > 0 ? options.speed : 1;
    this.options = {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      clientName: options.clientName,
      clientToken: options.clientToken,
      busUnitName: options.busUnitName,
      users: options.users,
      https: options.https,
      urlSpelling: options.urlSpelling ?? 'both',
      generate: options.generate ?? false,
      seed: options.seed ?? 1,
      speed,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 0,
      eventIntervalMs: options.eventIntervalMs ?? 1000,
      realtimeIntervalMs: options.realtimeIntervalMs ?? 5000,
      expiredAnswer: options.expiredAnswer ?? 'errorCode',
      webhookQueueLimit: options.webhookQueueLimit ?? 1000,
      webhookCa: options.webhookCa,
      eventSpelling: options.eventSpelling ?? 'examples',
    };
    this.routes = routeTable(this.options.urlSpelling);
    this.handlers = {
      ...mainAdminHandlers(),
      ...presenceRoutingHandlers(),
      ...telephonyHandlers(),
      ...callbackHandlers(),
      ...webCollaborationHandlers(),
      ...openMediaHandlers(),
      ...realtimeHandlers(),
    };
    this.dispatcher = this.newDispatcher();
    const random = new SeededRandom(this.options.seed);
    this.state = new SimState(buildDirectory(this.options.seed, this.options.users));
    this.sessions = new SessionStore(this.options.keepAliveTimeoutMs, (session, reason) => this.sessionEnded(session, reason));
    this.realtime = new RealtimeEngine({
      state: this.state,
      random,
      intervalMs: Math.max(1, this.options.realtimeIntervalMs / speed),
      deliver: (session, realm, type, data) => this.router.deliver(session, realm, type, data),
    });
    this.router = new EventRouter({
      sessions: this.sessions,
      realtime: this.realtime,
      eventSpelling: this.options.eventSpelling,
      send: (session, envelope) => {
        this.emit('event', { appId: session.id, webhookURL: session.webhookURL, body: envelope } satisfies DeliveredEvent);
        this.dispatcher.send(session.webhookURL, envelope);
      },
    });
    const sim = this;
    this.context = {
      state: this.state,
      directory: this.state.directory,
      sessions: this.sessions,
      realtime: this.realtime,
      credentials: { clientName: this.options.clientName, clientToken: this.options.clientToken, busUnitName: this.options.busUnitName },
      serversDown: this.serversDown,
      emit: (realm, type, data) => this.router.route(realm, type, data),
      deliver: (session, realm, type, data) => this.router.deliver(session, realm, type, data),
      later: (delayMs, fn) => sim.later(delayMs, fn),
      registered: (session) => this.emit('registered', { appId: session.id, clientName: session.clientName, webhookURL: session.webhookURL, webhookAPIVersion: session.apiVersion }),
    };
    this.day = new DayGenerator(this.context, random);
  }

  private newDispatcher(): WebhookDispatcher {
    const dispatcher = new WebhookDispatcher({ maxQueue: this.options.webhookQueueLimit, webhookCa: this.options.webhookCa });
    dispatcher.on('webhook', (outcome) => this.emit('webhook', outcome));
    return dispatcher;
  }

  get port(): number {
    return this.boundPort;
  }

  get baseUrl(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `${this.options.https ? 'https' : 'http'}://${host}:${this.boundPort}`;
  }

  /** The configuration the simulator answers admin queries with (users without passwords are in GetUsers). */
  get directory(): Directory {
    return this.state.directory;
  }

  get webhookPosts(): WebhookCounters {
    return { ...this.dispatcher.counters };
  }

  async start(): Promise<number> {
    if (this.started) return this.boundPort;
    // A stopped simulator may be started again (fresh webhooks; sessions ended at stop).
    if (this.dispatcher.isClosed) this.dispatcher = this.newDispatcher();
    // A restart keeps the certificate and the port of the first start.
    const https = this.options.https;
    if (!this.tls && https === 'self-signed') {
      this.tls = await selfSignedCertificate(this.options.host);
      this.caCert = this.tls.cert;
    } else if (!this.tls && https !== undefined && https !== 'self-signed') {
      this.tls = https;
    }
    await this.listen(this.boundPort || this.options.port);
    this.started = true;
    if (this.options.generate) {
      this.dayTimer = setInterval(() => this.playDay(), Math.max(1, this.options.eventIntervalMs / this.options.speed));
    }
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.down = false;
    this.realtime.paused = false;
    this.router.paused = false;
    if (this.dayTimer) clearInterval(this.dayTimer);
    this.dayTimer = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.sessions.endAll('stopped');
    this.realtime.close();
    this.dispatcher.close();
    await this.closeListener();
    this.started = false;
  }

  /** Every session token is invalid from now on; their listens and queries end. */
  expireSessions(): void {
    this.sessions.endAll('expired');
  }

  /**
   * Sends an event to every application listening on `realm` (and on the event's resource).
   * Contacts it delivers (DELIVERED_EVENT, ENQUEUE_CALL_EVENT, DELIVERED_CALLBACK_EVENT,
   * DELIVERED_WEB_CHAT_EVENT, DELIVERED_OPENMEDIA_EVENT) become known, so requests can act on them.
   */
  postEvent(realm: Realm, type: string, data: unknown): void {
    learnFromEvent(this.state, realm, type, data);
    this.router.route(realm, type, data);
  }

  /**
   * A user renamed by the administrator: the directory changes, then USER_UPDATED_EVENT goes to the
   * ADMINISTRATION listeners (V2 data: the action and the user as GetUsers shows it). False if unknown.
   */
  renameUser(agentKey: number, firstName: string, lastName: string): boolean {
    const user = this.state.directory.users.find((u) => u.agentKey === agentKey);
    if (!user) return false;
    user.firstName = firstName;
    user.lastName = lastName;
    const { password: _p, extension: _e, groupKey: _g, ...shown } = user;
    this.postEvent('ADMINISTRATION', 'USER_UPDATED_EVENT', { eventAction: 'UPDATE', entity: shown });
    return true;
  }

  /** A user deleted by the administrator: gone from the directory, then USER_DELETED_EVENT (its key list). */
  removeUser(agentKey: number): boolean {
    const users = this.state.directory.users;
    const i = users.findIndex((u) => u.agentKey === agentKey);
    if (i < 0) return false;
    users.splice(i, 1);
    this.postEvent('ADMINISTRATION', 'USER_DELETED_EVENT', { keyList: [agentKey] });
    return true;
  }

  /** The simulator's own view of its users' routing states (what a correct board must show). */
  agentView(): Array<{ id: string; routingState: string; reasonKey: number; handling: string[] }> {
    return this.state.directory.users.map((u) => {
      const a = this.state.agent(u.agentKey);
      return {
        id: String(u.agentKey),
        routingState: a?.routingState ?? 'LOGGEDOFF',
        reasonKey: a?.routingStateReasonKey ?? 0,
        handling: a ? [...a.handling.values()].map((h) => h.handlingState) : [],
      };
    });
  }

  listens(): ListenInfo[] {
    return this.sessions.all().map((session) => ({
      appId: session.id,
      clientName: session.clientName,
      webhookURL: session.webhookURL,
      webhookAPIVersion: session.apiVersion,
      loggedOn: session.logonAgentKey !== undefined,
      realms: Object.fromEntries([...session.listens].map(([realm, resources]) => [realm, [...resources].sort()])),
    }));
  }

  queries(): RealtimeQueryInfo[] {
    return this.realtime.list();
  }

  /** Resolves when every queued webhook POST has been answered (or failed). */
  webhooksIdle(): Promise<void> {
    return this.dispatcher.idle();
  }

  /**
   * Simulates an outage: the listener closes (connections are refused, open ones are cut) and no
   * event is sent. Sessions, listens and queries survive unless `dropSessions` is set.
   */
  async setDown(down: boolean, options: { dropSessions?: boolean } = {}): Promise<void> {
    if (down === this.down) {
      if (down && options.dropSessions) this.sessions.endAll('dropped');
      return;
    }
    this.down = down;
    this.realtime.paused = down;
    this.router.paused = down;
    if (down) {
      if (options.dropSessions) this.sessions.endAll('dropped');
      await this.closeListener();
    } else if (this.started) {
      await this.listen(this.boundPort);
    }
  }

  // ---- HTTP ----

  private async listen(port: number): Promise<void> {
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      this.handle(request, response).catch((error: Error) => {
        this.emit('internalError', error);
        if (!response.headersSent) this.write(response, { status: 500, body: { errorCode: 'GENERAL_ERROR', errorDetails: 'Internal simulator error' } });
        else response.destroy();
      });
    };
    const server = this.tls ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, handler) : http.createServer(handler);
    server.keepAliveTimeout = 5000;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.listen(port, this.options.host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : port;
    this.server = server;
  }

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = once(server, 'close');
    server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private async readBody(request: http.IncomingMessage): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const rawPath = (request.url ?? '/').split('?')[0];
    const text = await this.readBody(request);
    if (text === undefined) return this.write(response, { status: 413, body: { errorCode: 'PARAMETER_LENGTH_TOO_LONG', errorDetails: 'Request body too large' } });
    if (!rawPath.startsWith(BASE_PATH)) return this.write(response, { status: 404, body: { errorCode: 'WRONG_API_REQUEST', errorDetails: 'Not found' } });
    let path: string;
    try {
      path = decodeURIComponent(rawPath.slice(BASE_PATH.length));
    } catch {
      return this.write(response, { status: 400, body: { errorCode: 'WRONG_API_REQUEST', errorDetails: 'Malformed URL' } });
    }
    const token = typeof request.headers.authorization === 'string' ? request.headers.authorization.trim() : undefined;
    let body: unknown = {};
    let parseError = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        parseError = true;
        body = text;
      }
    }
    const recorded: RecordedRequest = { method, path, body: withoutSecrets(body), token, at: Date.now() };
    this.requests.push(recorded);
    if (this.requests.length > MAX_RECORDED) this.requests.splice(0, this.requests.length - MAX_RECORDED);
    this.emit('request', recorded);

    const endpoint = this.routes.get(path);
    if (!endpoint) return this.write(response, { status: 404, body: { errorCode: 'WRONG_API_REQUEST', errorDetails: `Unknown URL ${BASE_PATH}${path}` } });
    if (method !== endpoint.method) {
      response.setHeader('Allow', endpoint.method);
      return this.write(response, { status: 405, body: { errorCode: 'WRONG_API_REQUEST', errorDetails: `Use ${endpoint.method}` } });
    }
    if (endpoint.method === 'GET') body = {};
    if (parseError || !isObject(body)) return this.write(response, { status: 400, body: { errorCode: 'WRONG_API_REQUEST', errorDetails: 'The body must be a JSON object' } });
    this.write(response, this.answer(endpoint, body, token));
  }

  private answer(endpoint: Endpoint, body: JsonObject, token: string | undefined): Answer {
    let session: AppSession | undefined;
    if (endpoint.auth !== 'none') {
      session = token ? this.sessions.touch(token) : undefined;
      if (!session) {
        const refusal = { errorCode: 'APPLICATION_NOT_REGISTERED', errorDetails: token ? 'Session token is not valid or has expired' : 'Authorization header with the session token is missing' };
        return { status: this.options.expiredAnswer === 'http401' ? 401 : 200, body: refusal };
      }
      if (endpoint.auth === 'logon' && session.logonAgentKey === undefined) {
        return { status: 200, body: { errorCode: 'AUTH_STATEMENT_NOT_VALID', errorDetails: 'The application must log on (main/logon) first' } };
      }
    }
    const invalid = validateRequest(endpoint.fields, body);
    if (invalid) return { status: 200, body: invalid };
    const handler = this.handlers[endpoint.operation];
    if (!handler) return { status: 501, body: { errorCode: 'GENERAL_ERROR', errorDetails: `${endpoint.operation} is not simulated` } };
    const result = handler({ body, session, sim: this.context });
    return { status: result.status ?? 200, body: result.body };
  }

  private write(response: http.ServerResponse, answer: Answer): void {
    const payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
    response.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    response.end(payload);
  }

  // ---- events ----

  private later(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.runSafely(fn);
    }, Math.max(0, delayMs / this.options.speed));
    this.timers.add(timer);
  }

  private runSafely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.emit('internalError', error);
    }
  }

  private playDay(): void {
    if (this.down) return;
    if (this.daySteps.length === 0) this.daySteps = this.day.next();
    const step = this.daySteps.shift();
    if (step) this.runSafely(step);
  }

  private sessionEnded(session: AppSession, reason: SessionEndReason): void {
    this.realtime.stopAllOf(session);
    this.emit('sessionEnded', { appId: session.id, reason });
  }
}

export type { RealtimeQueryInfo } from './realtime';
export type { WebhookCounters, WebhookOutcome } from './webhook';
export type { Directory, SimUserOption } from './directory';
export type { UrlSpelling } from './endpoints';
export type { Realm } from './names';
export { ENDPOINTS } from './endpoints';
export { EVENT_TYPES, QUERY_TYPES, ERROR_CODES } from './names';
