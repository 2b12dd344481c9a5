/**
 * The webhook receiver of one configured OpenScape server: it lives as long as the cc-server node
 * (across runs of the driver), on the host's HTTP server (Node-RED's port) or on a port of its own,
 * and hands every event body to the driver of the current run. A body that arrives while no driver
 * runs (before the first, between two, after stop) is answered 503 and reported, never dropped in
 * silence; the report is rate-limited and never shows the body.
 */
import type { DriverHost } from '../core/driver';
import { RateLimitedReport } from '../core/rate-limited';
import type { OpenScapeClient } from './client';
import { createWebhookHandler, generateWebhookToken, startDedicatedWebhookServer, WEBHOOK_PATH_PREFIX } from './webhook';
import type { DedicatedWebhookServer } from './webhook';

export interface ReceiverSettings {
  /** 'httpNode': on the host's HTTP server; 'dedicated': on `port`. */
  mode: 'httpNode' | 'dedicated';
  port: number;
  /** The public base URL the contact-center server reaches us by ('' = this host). */
  baseUrl: string;
  /** Names the server in log lines. */
  label: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Join the public base URL, the host's HTTP root and the route path without doubled slashes. */
export function joinUrl(base: string, root: string | false | undefined, path: string): string {
  const parts = [base.replace(/\/+$/, ''), typeof root === 'string' ? root.replace(/^\/+|\/+$/g, '') : '', path.replace(/^\/+/, '')];
  return parts.filter((p) => p !== '').join('/');
}

export class WebhookReceiver {
  private live: OpenScapeClient | undefined;
  private readonly routePath: string;
  private scheme: 'http' | 'https' = 'http';
  private readonly fixedUrl: string | undefined;
  private dedicated: DedicatedWebhookServer | undefined;
  private listening: Promise<unknown> = Promise.resolve();
  private readonly closers: Array<() => Promise<void>> = [];
  /** At most one line a minute of each kind (a busy server posts many events), with the count. */
  private readonly unavailable: RateLimitedReport;
  private readonly notFound: RateLimitedReport;
  private readonly tlsFailed: RateLimitedReport;

  constructor(
    private readonly settings: ReceiverSettings,
    private readonly host: DriverHost,
  ) {
    // A fresh random path per deploy: the guide defines no webhook authentication, so an
    // unguessable path is what keeps strangers from posting events.
    const token = generateWebhookToken();
    const since = (count: number): string => (count > 1 ? ` (${count} since the last message)` : '');
    this.unavailable = new RateLimitedReport((m, n) => host.log.warn(m + (n > 1 ? ` (${n} events since the last message)` : '')));
    this.notFound = new RateLimitedReport((m, n) => host.log.warn(m + since(n)));
    this.tlsFailed = new RateLimitedReport((m, n) => host.log.warn(m + since(n)));
    this.routePath = `${WEBHOOK_PATH_PREFIX}${token}`;
    const handlerOptions = {
      token,
      maxBodyBytes: MAX_BODY_BYTES,
      onBody: (body: unknown) => this.deliver(body),
      onBadRequest: (reason: string) => host.log.warn(`webhook: ${reason}`),
      accept: () => this.live?.acceptsEvents === true,
      onUnavailable: () => this.report('answered 503'),
      // Never the body, and never the token of the path (a stale one is a secret too).
      onNotFound: (path: string) => this.notFound.note(`webhook of ${settings.label}: answered 404 to a request for ${path} (wrong path or token)`),
      onUnusualContentType: (type: string) =>
        host.log.warn(`webhook: events arrive labelled "${type}", not application/json; they are taken (said once)`),
    };
    if (settings.mode === 'dedicated') {
      // Its own port, for when the host's is not reachable by the contact-center server. The public
      // URL is the configured base (which names that port) or this host at the port.
      const tls = host.serverTls;
      const listening = startDedicatedWebhookServer({
        ...handlerOptions,
        port: settings.port,
        tls,
        onTlsError: (message) =>
          this.tlsFailed.note(
            `webhook port ${settings.port} (https): a TLS handshake failed, no event of that request arrived: ${message}` +
              ' (does the contact-center server trust this certificate?)',
          ),
      });
      this.scheme = tls ? 'https' : 'http';
      if (tls && /^http:/i.test(settings.baseUrl)) {
        host.log.warn(`webhook base URL ${settings.baseUrl} starts with http:// but the webhook port serves https`);
      }
      this.listening = listening.then(
        (server) => (this.dedicated = server),
        (err: Error) => host.log.warn(`webhook port ${settings.port}: ${err.message}`),
      );
      this.closers.push(async () => {
        const server = await listening.catch(() => undefined);
        await server?.close();
      });
      this.fixedUrl = settings.baseUrl ? joinUrl(settings.baseUrl, '', this.routePath) : undefined;
    } else if (!host.http) {
      host.log.warn('Node-RED serves no HTTP node routes (httpNodeRoot is false): choose the webhook "on its own port"');
      this.fixedUrl = joinUrl(settings.baseUrl || 'http://127.0.0.1:1880', '', this.routePath);
    } else {
      const unmount = host.http.mount(this.routePath, createWebhookHandler(handlerOptions));
      this.closers.push(async () => unmount());
      this.fixedUrl = joinUrl(settings.baseUrl || 'http://127.0.0.1:1880', host.http.root, this.routePath);
    }
  }

  /** The URL given to RegisterApplication (no secret in it but the random path). */
  get url(): string {
    if (this.fixedUrl) return this.fixedUrl;
    // Dedicated without a base URL: this host at the port (the bound one once listening, for port 0).
    return joinUrl(`${this.scheme}://127.0.0.1:${this.dedicated?.port ?? this.settings.port}`, '', this.routePath);
  }

  /** Resolves when a dedicated port listens (at once on the host's server). */
  async ready(): Promise<void> {
    await this.listening;
  }

  /** The driver of the current run takes the events from now on. */
  attach(client: OpenScapeClient): void {
    this.live = client;
  }

  private deliver(body: unknown): void {
    const client = this.live;
    // Accepted (2xx) while a run was live, but it stopped before the body was handed on.
    if (!client || !client.acceptsEvents) return this.report('dropped after the answer');
    client.handleWebhookBody(body);
  }

  private report(what: string): void {
    this.unavailable.note(`webhook: an event of ${this.settings.label} was ${what}: no connection to it is running`);
  }

  async close(): Promise<void> {
    this.live = undefined;
    const closers = this.closers.splice(0);
    await Promise.all(closers.map((c) => c().catch(() => undefined)));
  }
}
