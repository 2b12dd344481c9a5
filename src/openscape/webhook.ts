/**
 * The webhook receiver: the OpenScape server POSTs every event to the URL given in RegisterApplication.
 * The guide defines no authentication of those calls, so the URL carries a long random token
 * (`/cc-webhook/<token>`), compared in constant time; any other path is a plain 404.
 *
 * The handler is Node-RED-free: it works on an express app (RED.httpNode, where a body parser may
 * already have filled `req.body`) and on a dedicated `http.createServer`.
 * It answers 2xx BEFORE the body is processed, so that a slow flow never makes the server time out.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerTlsOptions } from '../core/driver';
import { isObject } from '../core/json';

export const WEBHOOK_PATH_PREFIX = '/cc-webhook/';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookHandlerOptions {
  /** The secret last path segment. */
  token: string;
  /** Largest accepted body (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Every accepted body, parsed; called after the 2xx answer was sent. */
  onBody(body: unknown): void;
  /** A refused POST to the right URL (bad JSON, too large, wrong content type). */
  onBadRequest?(reason: string, status: number): void;
  /**
   * Whether a body can be taken now (a live connection to hand it to). When it says no, the POST
   * is answered 503, so that the server counts the event as not delivered instead of it being
   * dropped in silence, and `onUnavailable` is told (never with the body).
   */
  accept?(): boolean;
  onUnavailable?(): void;
  /**
   * An event envelope that came without a JSON content type (the guide never names the type its
   * server sends): it is taken, and this is told once per handler, so that it is seen, not fatal.
   */
  onUnusualContentType?(contentType: string): void;
  /**
   * A request to another path or with a wrong token (answered 404). Given the path with any token
   * replaced by `<token>` (a stale or guessed token is a secret too), never the body.
   */
  onNotFound?(maskedPath: string): void;
}

/** express adds these; a bare node request has neither. */
type MaybeExpressRequest = http.IncomingMessage & { body?: unknown; originalUrl?: string };

export type WebhookHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** 32 random bytes, base64url: the secret of one webhook URL. */
export function generateWebhookToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function digest(s: string): Buffer {
  return crypto.createHash('sha256').update(s).digest();
}

/**
 * Constant-time comparison of two tokens. Both are hashed first so that the comparison takes the
 * same time whatever their lengths (timingSafeEqual itself needs equal lengths).
 */
export function tokensEqual(a: string, b: string): boolean {
  return crypto.timingSafeEqual(digest(a), digest(b)) && a === b;
}

/**
 * Does the request path name this token (given as its bytes)? A prefix (httpNodeRoot) is allowed.
 * Runs on every request, so it compares the bytes in constant time directly instead of hashing
 * both sides first: only the token's length can leak, and that is public (32 random bytes are
 * always 43 base64url characters); the content is still never compared early-out.
 */
function pathHasToken(rawUrl: string, token: Buffer): boolean {
  const q = rawUrl.indexOf('?');
  let end = q >= 0 ? q : rawUrl.length;
  while (end > 1 && rawUrl.charCodeAt(end - 1) === 0x2f /* '/' */) end--;
  const i = rawUrl.lastIndexOf(WEBHOOK_PATH_PREFIX, end - WEBHOOK_PATH_PREFIX.length);
  if (i < 0) return false;
  let candidate = rawUrl.slice(i + WEBHOOK_PATH_PREFIX.length, end);
  if (candidate.includes('%')) {
    try {
      candidate = decodeURIComponent(candidate);
    } catch {
      return false;
    }
  }
  const bytes = Buffer.from(candidate, 'utf8');
  return bytes.length === token.length && crypto.timingSafeEqual(bytes, token);
}

/** The path of a request for a log line: no query, and no token after the webhook prefix. */
export function maskedPath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  const path = (q >= 0 ? rawUrl.slice(0, q) : rawUrl).slice(0, 200);
  const i = path.indexOf(WEBHOOK_PATH_PREFIX);
  return i < 0 ? path : path.slice(0, i + WEBHOOK_PATH_PREFIX.length) + '<token>';
}

function isJsonContentType(ct: string | undefined): boolean {
  if (!ct) return false;
  const mime = ct.split(';')[0].trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json');
}

function answer(res: http.ServerResponse, status: number, text?: string, extra?: http.OutgoingHttpHeaders): void {
  if (res.headersSent) return;
  if (text === undefined) {
    res.writeHead(status, extra);
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(text);
}

export function createWebhookHandler(opts: WebhookHandlerOptions): WebhookHandler {
  if (!opts.token) throw new Error('webhook token must not be empty');
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tokenBytes = Buffer.from(opts.token, 'utf8');
  let warnedLabel = false;
  const refuse = (res: http.ServerResponse, status: number, reason: string): void => {
    // After a 413 the rest of the body is not read (see drain): the connection cannot be reused.
    answer(res, status, reason + '\n', status === 413 ? { Connection: 'close' } : undefined);
    try {
      opts.onBadRequest?.(reason, status);
    } catch {
      // The receiver must keep working whatever the callback does.
    }
  };
  const deliver = (res: http.ServerResponse, body: unknown): void => {
    if (opts.accept && !opts.accept()) {
      answer(res, 503, 'no live connection for this webhook\n');
      try {
        opts.onUnavailable?.();
      } catch {
        // A failing log must not break the answer.
      }
      return;
    }
    answer(res, 204);
    // Processing happens after the answer, on the next tick, and never breaks the receiver.
    setImmediate(() => {
      try {
        opts.onBody(body);
      } catch {
        // Errors of the consumer are the consumer's; the server only needs its 2xx.
      }
    });
  };

  return (req, res) => {
    const r = req as MaybeExpressRequest;
    const rawUrl = r.originalUrl ?? r.url ?? '';
    if (!pathHasToken(rawUrl, tokenBytes)) {
      req.resume();
      answer(res, 404, 'Not Found\n');
      try {
        opts.onNotFound?.(maskedPath(rawUrl));
      } catch {
        // A failing log must not break the receiver.
      }
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      answer(res, 405, 'Method Not Allowed\n', { Allow: 'POST' });
      return;
    }
    // Any content type is read: an envelope is taken whatever its label (see parseAndDeliver).
    const jsonLabelled = isJsonContentType(req.headers['content-type']);
    const contentType = req.headers['content-type'] ?? 'no content type';

    // express body parser already ran: take what it parsed.
    if (r.body !== undefined && !(req.readable && !req.readableEnded && isEmptyParsedBody(r.body))) {
      const pre = r.body;
      if (Buffer.isBuffer(pre) || typeof pre === 'string') {
        const text = pre.toString();
        if (Buffer.byteLength(text) > maxBody) return refuse(res, 413, `webhook body larger than ${maxBody} bytes`);
        return parseAndDeliver(text, res, jsonLabelled, contentType);
      }
      if (!jsonLabelled && !isEnvelope(pre)) return refuseLabel(res, contentType);
      if (!jsonLabelled) noteLabel(contentType);
      return deliver(res, pre);
    }

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) {
      refuse(res, 413, `webhook body larger than ${maxBody} bytes`);
      drain(req, maxBody);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBody) {
        tooLarge = true;
        chunks.length = 0;
        refuse(res, 413, `webhook body larger than ${maxBody} bytes`);
        drain(req, maxBody);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      parseAndDeliver(Buffer.concat(chunks).toString('utf8'), res, jsonLabelled, contentType);
    });
    req.on('error', () => {
      // Client went away mid-body: nothing to deliver, nothing to answer.
    });
  };

  function parseAndDeliver(text: string, res: http.ServerResponse, jsonLabelled: boolean, contentType: string): void {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      refuse(res, 400, `webhook body is not valid JSON (${contentType}): ${(e as Error).message}`);
      return;
    }
    if (!jsonLabelled) {
      if (!isEnvelope(body)) return refuseLabel(res, contentType);
      noteLabel(contentType);
    }
    deliver(res, body);
  }

  function refuseLabel(res: http.ServerResponse, contentType: string): void {
    refuse(res, 415, `webhook body is JSON but no event envelope, and not labelled application/json (${contentType})`);
  }

  function noteLabel(contentType: string): void {
    if (warnedLabel) return;
    warnedLabel = true;
    try {
      opts.onUnusualContentType?.(contentType);
    } catch {
      // A failing log must not break the receiver.
    }
  }
}

/** `{"type": ..., "data": {...}}` as the guide's events are posted, or a list of them. */
function isEnvelope(body: unknown): boolean {
  if (Array.isArray(body)) return body.length > 0 && body.every(isEnvelope);
  return isObject(body) && typeof body.type === 'string' && isObject(body.data);
}

/** express's json parser leaves `{}` when it did not parse (e.g. unknown type); then read the stream. */
function isEmptyParsedBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && Object.keys(body).length === 0;
}

/** Read and discard the rest of a refused body, up to a bound, then drop the connection. */
function drain(req: http.IncomingMessage, maxBody: number): void {
  let discarded = 0;
  const limit = Math.max(maxBody * 16, 16 * 1024 * 1024);
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limit) req.destroy();
  });
  req.resume();
}

/** PEM key and certificate (chain) of an https webhook port, as a tls-config node gives them. */
export type WebhookTlsOptions = ServerTlsOptions;

export interface DedicatedWebhookServerOptions extends WebhookHandlerOptions {
  /** Interface to listen on (default all: the contact-center server must reach it). */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Serve https with this key and certificate instead of plain http. */
  tls?: WebhookTlsOptions;
  /**
   * A TLS handshake that failed (the contact-center server does not trust the certificate, or
   * speaks plain http to the https port): the events of that POST never arrive, so it is told.
   */
  onTlsError?(message: string): void;
}

export interface DedicatedWebhookServer {
  server: http.Server;
  port: number;
  /** `http(s)://<host>:<port>/cc-webhook/<token>` as seen locally (the node computes the public URL). */
  url: string;
  close(): Promise<void>;
}

/** A webhook receiver on its own HTTP(S) port, for when Node-RED's own port is not reachable. */
export function startDedicatedWebhookServer(opts: DedicatedWebhookServerOptions): Promise<DedicatedWebhookServer> {
  const handler = createWebhookHandler(opts);
  const tls = opts.tls;
  const server: http.Server = tls
    ? https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, passphrase: tls.passphrase }, handler)
    : http.createServer(handler);
  if (tls) {
    server.on('tlsClientError', (err: Error) => {
      try {
        opts.onTlsError?.(err.message);
      } catch {
        // A failing log must not break the receiver.
      }
    });
  }
  // Events are small; a stalled client must not hold a socket for the default 5 minutes.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
      const hostInUrl = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port,
        url: `${tls ? 'https' : 'http'}://${hostInUrl}:${port}${WEBHOOK_PATH_PREFIX}${encodeURIComponent(opts.token)}`,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            server.closeAllConnections();
          }),
      });
    });
  });
}
