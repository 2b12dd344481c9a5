/**
 * A small OpenScape REST SDK server for the client tests, written from the guide (not from the
 * client's tables): the URL paths below are typed in again from the guide, in its printed or its
 * regular spelling, so that a wrong table entry in the client makes a test fail.
 * Failure injection: expireSessions(), setDown(), refuse logon/register, per-path overrides.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

export interface FakeAnswer {
  status?: number;
  body: unknown;
  /** Never answer (the socket stays open until the client gives up or the server stops). */
  hang?: boolean;
}

type Handler = (req: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeOptions {
  clientName?: string;
  clientToken?: string;
  users?: { agentKey: number; password: string }[];
  urlSpelling?: 'printed' | 'regular';
  https?: { key: string; cert: string };
  /** errorCode written as number 0 in every success (the KeepAlive example's form). */
  numericSuccess?: boolean;
}

const OK = { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' };

export class FakeOscc extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly sessions = new Set<string>();
  readonly loggedOn = new Set<string>();
  /** `${realm}:${resource}` for every active listen. */
  readonly listens = new Set<string>();
  readonly queries = new Map<number, Record<string, unknown>>();
  /** Answers that replace the normal handling of one path (below /restsdk/webapi/). */
  readonly overrides = new Map<string, Handler>();
  webhookUrl: string | undefined;
  private server: http.Server | undefined;
  private nextQueryId = 26;
  private nextToken = 1;
  private down = false;
  private readonly routes = new Map<string, Handler>();

  constructor(private readonly opts: FakeOptions = {}) {
    super();
    this.buildRoutes();
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `${this.opts.https ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<number> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => this.handle(req, res);
    this.server = this.opts.https ? https.createServer(this.opts.https, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  /** Down: every request's socket is destroyed without an answer, as a crashed service would. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** The server forgets every session (and with them listens and queries), as after a restart. */
  expireSessions(): void {
    this.sessions.clear();
    this.loggedOn.clear();
    this.listens.clear();
    this.queries.clear();
  }

  paths(): string[] {
    return this.requests.map((r) => r.path);
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  /** POST one event to the registered webhook in the guide's envelope. */
  postEvent(realm: string, type: string, data: unknown): Promise<number> {
    if (!this.webhookUrl) throw new Error('no webhook registered');
    const body = JSON.stringify({ type: 'EVENT', data: { realm, type, data } });
    return new Promise((resolve, reject) => {
      const req = http.request(
        this.webhookUrl as string,
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private ok(extra: Record<string, unknown> = {}): FakeAnswer {
    return { body: { ...OK, ...(this.opts.numericSuccess ? { errorCode: 0, errorDetails: 'NO ERROR' } : {}), ...extra } };
  }

  private fail(errorCode: string, errorDetails: string): FakeAnswer {
    return { body: { errorCode, errorDetails } };
  }

  private session(req: RecordedRequest): string | undefined {
    return req.authorization && this.sessions.has(req.authorization) ? req.authorization : undefined;
  }

  private needSession(next: (token: string, req: RecordedRequest) => FakeAnswer, logon = true): Handler {
    return (req) => {
      const token = this.session(req);
      if (!token) return this.fail('APPLICATION_NOT_REGISTERED', 'Application is not registered');
      if (logon && !this.loggedOn.has(token)) return this.fail('GENERAL_ERROR', 'Application is not logged on');
      return next(token, req);
    };
  }

  private buildRoutes(): void {
    const printed = (this.opts.urlSpelling ?? 'printed') === 'printed';
    const r = this.routes;
    r.set('main/registerApplication', (req) => {
      const body = req.body as { webhookURL?: string; application?: { name?: string; token?: string } };
      if (body.application?.name !== (this.opts.clientName ?? 'demo')) return this.fail('CLIENT_NAME_NOT_FOUND', 'Client name not found');
      if (body.application?.token !== (this.opts.clientToken ?? 'demo')) return this.fail('CLIENT_TOKEN_NOT_FOUND', 'Client token not found');
      const token = `tok${this.nextToken++}`.padEnd(64, '0');
      this.sessions.add(token);
      this.webhookUrl = body.webhookURL;
      return this.ok({ sessionToken: token });
    });
    r.set(
      'main/logon',
      this.needSession((token, req) => {
        const { agentKey, password } = req.body as { agentKey?: number; password?: string };
        const users = this.opts.users ?? [{ agentKey: 3, password: 'p' }];
        if (!users.some((u) => u.agentKey === agentKey && u.password === password)) {
          return this.fail('ADMIN_INVALID_CREDENTIALS_TO_LOGON', 'Invalid credentials');
        }
        this.loggedOn.add(token);
        return this.ok();
      }, false),
    );
    r.set(
      'main/keepalive',
      this.needSession(() => ({ body: { type: 'keepAlive', errorCode: 0, errorDetails: '' } }), false),
    );
    r.set(
      'v2/main/unregisterApplication',
      this.needSession((token) => {
        this.sessions.delete(token);
        this.loggedOn.delete(token);
        return this.ok();
      }, false),
    );
    r.set('admin/users', this.needSession(() => this.ok({ users: [{ agentKey: 3, userName: 'UserA' }] }), false));
    r.set(printed ? 'admin/ callbackretryreasons' : 'admin/callbackretryreasons', this.needSession(() => this.ok({ reasons: [] })));
    r.set('telephony/dial', this.needSession(() => this.ok()));
    r.set('presence/setroutingstate', this.needSession(() => ({ body: { errorCode: 'PRESENCE_ACTION_SUCCEED', errorDetails: '' } })));
    const listen = (realm: string, start: boolean): Handler =>
      this.needSession((_t, req) => {
        const resource = (req.body as { resource?: unknown } | undefined)?.resource;
        const key = `${realm}:${resource === undefined ? '' : String(resource)}`;
        if (start) this.listens.add(key);
        else this.listens.delete(key);
        return this.ok();
      });
    for (const [area, realm] of [
      ['admin', 'ADMINISTRATION'],
      ['presence', 'PRESENCE'],
      ['routing', 'ROUTING'],
      ['telephony', 'TELEPHONY'],
      ['callback', 'CALLBACK'],
    ] as const) {
      r.set(`${area}/startlistenforevents`, listen(realm, true));
    }
    r.set('admin/stoplistenforevents', listen('ADMINISTRATION', false));
    r.set('presence/stoplistenforevents', listen('PRESENCE', false));
    r.set('routing/stoplistenforevents', listen('ROUTING', false));
    r.set(printed ? 'telephony/stoplisterforevents' : 'telephony/stoplistenforevents', listen('TELEPHONY', false));
    r.set(printed ? 'callback/stoplifenforevents' : 'callback/stoplistenforevents', listen('CALLBACK', false));
    r.set(
      'realtime/startquery',
      this.needSession((_t, req) => {
        const id = this.nextQueryId++;
        this.queries.set(id, req.body as Record<string, unknown>);
        return this.ok({ queryId: id });
      }),
    );
    r.set(
      'realtime/stopquery',
      this.needSession((_t, req) => {
        const id = (req.body as { queryId: number }).queryId;
        if (!this.queries.delete(id)) {
          return this.ok({ errorDetails: `StopRealTimeQuery - Application is not a valid listener for queryId [${id}]` });
        }
        return this.ok();
      }),
    );
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void this.answer(req, res, chunks));
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse, chunks: Buffer[]): Promise<void> {
    {
      if (this.down) {
        req.socket.destroy();
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const base = '/restsdk/webapi/';
      const path = decodeURIComponent(url.pathname).startsWith(base) ? decodeURIComponent(url.pathname).slice(base.length) : '';
      const auth = req.headers.authorization;
      const recorded: RecordedRequest = { method: req.method ?? '', path, authorization: auth, body };
      this.requests.push(recorded);
      this.emit('request', recorded);
      const handler = this.overrides.get(path) ?? this.routes.get(path);
      const answer: FakeAnswer = handler ? await handler(recorded) : { status: 404, body: undefined };
      if (answer.hang) return;
      const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, payload ? { 'Content-Type': 'application/json' } : {});
      res.end(payload);
    }
  }

  /** Resolves with the next request to `path` (already received ones do not count). */
  nextRequest(path: string): Promise<RecordedRequest> {
    return new Promise((resolve) => {
      const on = (r: RecordedRequest): void => {
        if (r.path !== path) return;
        this.off('request', on);
        resolve(r);
      };
      this.on('request', on);
    });
  }
}
