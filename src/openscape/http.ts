/**
 * A tiny JSON-over-HTTP(S) request function on node:http / node:https (no HTTP library):
 * per-request timeout, bounded response size, certificate verification on by default, keep-alive
 * agents, and transport errors classified into precise messages (DNS, refused, TLS, timeout...).
 * HTTP statuses are NOT errors here: the caller decides what a 401 or a 404 means.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { CcError } from '../core/types';

export interface TlsOptions {
  /** Extra CA certificate(s), PEM: for a server with a private or self-signed certificate. */
  ca?: string | string[];
  /** false turns certificate verification OFF for this server: an explicit, visible choice. */
  rejectUnauthorized?: boolean;
}

/** What went wrong on the way: the node shows it, the client decides whether to retry. */
export type HttpFailure = 'DNS' | 'REFUSED' | 'TLS' | 'TIMEOUT' | 'RESET' | 'TOO_LARGE' | 'BAD_JSON' | 'NETWORK';

export class HttpError extends CcError {
  constructor(
    message: string,
    public readonly failure: HttpFailure,
    public readonly status?: number,
  ) {
    super(message, failure === 'TIMEOUT' ? 'TIMEOUT' : 'HTTP_ERROR');
    this.name = 'HttpError';
  }
}

export interface JsonResponse {
  status: number;
  /** Parsed JSON body; undefined when the body was empty. */
  body: unknown;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  /** Full URL. */
  url: URL;
  /** Sent bare as `Authorization` (the guide's session token, no "Bearer"). */
  authorization?: string;
  /** JSON body; undefined sends no body. */
  body?: unknown;
  timeoutMs: number;
  maxResponseBytes: number;
  agent: http.Agent | https.Agent;
  /**
   * Aborts the request (the driver's stop): it rejects with CcError CLOSED and is never sent again,
   * also not by the stale-socket retry.
   */
  signal?: AbortSignal;
}

function closedError(): CcError {
  return new CcError('connection closed', 'CLOSED');
}

/** One keep-alive agent per server connection, so that requests reuse sockets (and TLS sessions). */
export function createAgent(protocol: string, tls: TlsOptions = {}): http.Agent | https.Agent {
  // timeout: idle sockets are closed by us before common server idle limits (Node 5 s) close them.
  const common = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 16, maxFreeSockets: 4, timeout: 4_000 };
  if (protocol === 'https:') {
    return new https.Agent({
      ...common,
      ca: tls.ca,
      rejectUnauthorized: tls.rejectUnauthorized !== false,
    });
  }
  return new http.Agent(common);
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Translate a socket error into an HttpError that says what happened and where. */
export function classifyError(err: NodeJS.ErrnoException, url: URL): HttpError {
  const where = `${url.protocol}//${url.host}`;
  const code = err.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new HttpError(`host name not found (DNS ${code}): ${url.hostname}`, 'DNS');
  }
  if (code === 'ECONNREFUSED') return new HttpError(`connection refused by ${where}`, 'REFUSED');
  if (code === 'ETIMEDOUT') return new HttpError(`connection to ${where} timed out`, 'TIMEOUT');
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(err.message)) {
    return new HttpError(`TLS error with ${where}: ${err.message}${code ? ` (${code})` : ''}`, 'TLS');
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
    return new HttpError(`connection to ${where} was reset (${code})`, 'RESET');
  }
  return new HttpError(`network error with ${where}: ${err.message}${code ? ` (${code})` : ''}`, 'NETWORK');
}

/**
 * Send one JSON request. Resolves with the status and the parsed body for EVERY HTTP status;
 * rejects with HttpError for transport failures, timeouts, oversized or non-JSON bodies.
 */
export function requestJson(req: JsonRequest): Promise<JsonResponse> {
  return sendOnce(req).catch((e: unknown) => {
    // A kept-alive socket that the server closed just as it was reused: the request never reached
    // it, so one more try on a fresh socket is safe (Node's documented remedy for this race).
    if (e instanceof StaleSocket && !req.signal?.aborted) return sendOnce(req).catch((again: unknown) => Promise.reject(again instanceof StaleSocket ? again.error : again));
    return Promise.reject(e instanceof StaleSocket ? (req.signal?.aborted ? closedError() : e.error) : e);
  });
}

/** Internal: a reset on a reused socket before any answer arrived. */
class StaleSocket extends Error {
  constructor(readonly error: HttpError) {
    super(error.message);
  }
}

function sendOnce(req: JsonRequest): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(closedError());
      return;
    }
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers['Content-Length'] = payload.length;
    }
    if (req.authorization !== undefined) headers.Authorization = req.authorization;
    const transport = req.url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (e: CcError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    };
    const clientReq = transport.request(
      req.url,
      { method: req.method, headers, agent: req.agent, ...(req.signal ? { signal: req.signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxResponseBytes) {
            fail(new HttpError(`response from ${req.url.host} larger than ${req.maxResponseBytes} bytes`, 'TOO_LARGE', res.statusCode));
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e: NodeJS.ErrnoException) => fail(classifyError(e, req.url)));
        res.on('end', () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString('utf8').trim();
          let body: unknown;
          if (text !== '') {
            try {
              body = JSON.parse(text);
            } catch {
              // A non-JSON error page (a proxy, a servlet container) still has a meaningful status.
              if ((res.statusCode ?? 0) >= 400) body = text.slice(0, 500);
              else {
                fail(new HttpError(`answer from ${req.url.host} is not JSON (HTTP ${res.statusCode})`, 'BAD_JSON', res.statusCode));
                return;
              }
            }
          }
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(new HttpError(`no answer from ${req.url.host} within ${req.timeoutMs} ms (${req.method} ${req.url.pathname})`, 'TIMEOUT'));
      clientReq.destroy();
    }, req.timeoutMs);
    let answered = false;
    clientReq.on('response', () => (answered = true));
    clientReq.on('error', (e: NodeJS.ErrnoException) => {
      if (req.signal?.aborted) return fail(closedError());
      const err = classifyError(e, req.url);
      if (!answered && err.failure === 'RESET' && clientReq.reusedSocket && !settled) {
        settled = true;
        clearTimeout(timer);
        reject(new StaleSocket(err));
        return;
      }
      fail(err);
    });
    clientReq.end(payload);
  });
}
