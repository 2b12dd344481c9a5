/**
 * Posts events to the applications' webhooks (section 3.1) with node:http / node:https.
 * One bounded FIFO queue per webhook URL, one POST in flight per URL so that events arrive in
 * order; a webhook that is down, slow or answers non-2xx costs a `failed` count and never an
 * exception; when a queue is full the oldest event is dropped (and counted).
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';

export interface WebhookCounters {
  /** POSTs answered 2xx. */
  delivered: number;
  /** POSTs that failed: connection refused, time-out, non-2xx answer. */
  failed: number;
  /** Events dropped because a webhook's queue was full. */
  dropped: number;
}

export interface WebhookOutcome {
  url: string;
  body: unknown;
  ok: boolean;
  status?: number;
  error?: string;
}

interface Pending {
  url: URL;
  items: Array<{ body: unknown; text: string }>;
  busy: boolean;
}

export interface WebhookDispatcherOptions {
  maxQueue?: number;
  timeoutMs?: number;
  /**
   * CA certificate(s) an https webhook's certificate must chain to, as a real server is given its
   * trust store: a certificate they do not sign is refused (the POST fails, the event is counted
   * failed). Without it https webhooks are not verified (test set-ups with self-signed certificates).
   */
  webhookCa?: string | string[];
}

export class WebhookDispatcher extends EventEmitter {
  readonly counters: WebhookCounters = { delivered: 0, failed: 0, dropped: 0 };
  private readonly queues = new Map<string, Pending>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly httpsAgent: https.Agent;
  private closed = false;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;

  constructor(options: WebhookDispatcherOptions = {}) {
    super();
    this.maxQueue = options.maxQueue ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    const ca = options.webhookCa;
    this.httpsAgent = new https.Agent(
      ca !== undefined && ca.length > 0
        ? { keepAlive: true, maxSockets: 4, ca, rejectUnauthorized: true }
        : { keepAlive: true, maxSockets: 4, rejectUnauthorized: false },
    );
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues one event for a webhook URL. Invalid URLs count as failed. */
  send(webhookURL: string, body: unknown): void {
    if (this.closed) return;
    let pending = this.queues.get(webhookURL);
    if (!pending) {
      let url: URL;
      try {
        url = new URL(/^https?:\/\//i.test(webhookURL) ? webhookURL : `http://${webhookURL}`);
      } catch {
        this.counters.failed++;
        this.emit('webhook', { url: webhookURL, body, ok: false, error: 'invalid webhook URL' } satisfies WebhookOutcome);
        return;
      }
      pending = { url, items: [], busy: false };
      this.queues.set(webhookURL, pending);
    }
    if (pending.items.length >= this.maxQueue) {
      pending.items.shift();
      this.counters.dropped++;
    }
    pending.items.push({ body, text: JSON.stringify(body) });
    this.pump(webhookURL, pending);
  }

  /** Resolves when every queue is empty and nothing is in flight. */
  async idle(): Promise<void> {
    while (!this.closed && [...this.queues.values()].some((pending) => pending.busy || pending.items.length > 0)) {
      await new Promise<void>((resolve) => this.once('settled', resolve));
    }
  }

  close(): void {
    this.closed = true;
    this.queues.clear();
    for (const request of this.inFlight) request.destroy();
    this.inFlight.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.emit('settled');
  }

  private pump(key: string, pending: Pending): void {
    if (pending.busy || this.closed) return;
    const item = pending.items.shift();
    if (!item) {
      this.emit('settled');
      return;
    }
    pending.busy = true;
    const isHttps = pending.url.protocol === 'https:';
    const payload = Buffer.from(item.text, 'utf8');
    let settled = false;
    const finish = (outcome: Omit<WebhookOutcome, 'url' | 'body'>): void => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(request);
      if (outcome.ok) this.counters.delivered++;
      else this.counters.failed++;
      pending.busy = false;
      if (this.closed) return;
      this.emit('webhook', { url: key, body: item.body, ...outcome } satisfies WebhookOutcome);
      this.pump(key, pending);
    };
    const request = (isHttps ? https : http).request(
      pending.url,
      {
        method: 'POST',
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length },
        timeout: this.timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          finish({ ok: status >= 200 && status < 300, status });
        });
        response.on('error', (error) => finish({ ok: false, error: error.message }));
      },
    );
    this.inFlight.add(request);
    request.on('timeout', () => request.destroy(new Error('webhook time-out')));
    request.on('error', (error) => finish({ ok: false, error: error.message }));
    request.end(payload);
  }
}
