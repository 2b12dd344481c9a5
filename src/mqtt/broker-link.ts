/**
 * One attempt at a time to reach the MQTT broker: a fresh mqtt.js client per attempt, with the
 * client's own reconnect switched off, so that the caller's ConnectionLifecycle decides when to try
 * again (capped, jittered backoff, the same as a contact-center connection) and so that nothing of a
 * failed attempt survives it. A broker that refuses MQTT v5 (aedes 1.x) is asked again at once in
 * 3.1.1 when the version is `auto`.
 */
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { BrokerSettings } from './settings';

export type MqttVersion = 4 | 5;

/** What a link tells its owner. */
export interface BrokerLinkHandlers {
  /** Connected (CONNACK accepted): subscribe and publish the retained state from here. */
  up(client: MqttClient, version: MqttVersion): void;
  /** The attempt failed or the connection ended; `authFailed` when the broker refused the credentials. */
  down(detail: string, authFailed: boolean): void;
  message(topic: string, body: Buffer, packet: IPublishPacket): void;
}

export interface LastWill {
  topic: string;
  payload: string | Buffer;
  retain?: boolean;
  qos?: 0 | 1 | 2;
  /** MQTT v5 will properties (the leader lock's will delay); not sent on 3.1.1. */
  properties?: { willDelayInterval?: number };
}

/** CONNACK return codes (3.1.1) and reason codes (v5) that mean "your credentials". */
const AUTH_CODES = new Set([4, 5, 134, 135]);
/** "Unacceptable protocol version" (3.1.1) and "Unsupported Protocol Version" (v5). */
const VERSION_CODES = new Set([1, 132]);

export class BrokerLink {
  private client: MqttClient | undefined;
  private connectedVersion: MqttVersion | undefined;
  /** `auto` starts with v5 and stays with 3.1.1 once the broker refused v5. */
  private tryVersion: MqttVersion;

  constructor(
    private readonly settings: BrokerSettings,
    private readonly clientId: string,
    private readonly will: (version: MqttVersion) => LastWill | undefined,
    private readonly handlers: BrokerLinkHandlers,
  ) {
    this.tryVersion = settings.version === 4 ? 4 : 5;
  }

  get live(): MqttClient | undefined {
    return this.connectedVersion ? this.client : undefined;
  }

  get version(): MqttVersion | undefined {
    return this.connectedVersion;
  }

  /** One attempt; the handlers say how it went. A previous client is ended first. */
  connect(): void {
    this.drop();
    const version = this.tryVersion;
    const will = this.will(version);
    const options: IClientOptions = {
      clientId: this.clientId,
      protocolVersion: version,
      reconnectPeriod: 0,
      connectTimeout: this.settings.connectTimeoutMs,
      keepalive: this.settings.keepaliveSeconds,
      clean: true,
      resubscribe: false,
      queueQoSZero: false,
      ...this.settings.tls,
    };
    if (will) {
      options.will = { topic: will.topic, payload: Buffer.from(will.payload), retain: will.retain ?? false, qos: will.qos ?? 1 };
      if (version === 5 && will.properties) options.will.properties = will.properties;
    }
    if (this.settings.username) options.username = this.settings.username;
    if (this.settings.password) options.password = this.settings.password;
    const client = mqtt.connect(this.settings.url, options);
    this.client = client;
    let lastError: (Error & { code?: unknown }) | undefined;
    let reported = false;
    const report = (detail: string, authFailed: boolean): void => {
      if (reported || this.client !== client) return;
      reported = true;
      this.drop();
      this.handlers.down(detail, authFailed);
    };
    client.on('connect', () => {
      if (this.client !== client) return;
      this.connectedVersion = version;
      this.handlers.up(client, version);
    });
    client.on('message', (topic, body, packet) => {
      if (this.client === client) this.handlers.message(topic, body, packet);
    });
    client.on('error', (err: Error & { code?: unknown }) => {
      lastError = err;
      const code = typeof err.code === 'number' ? err.code : undefined;
      if (code !== undefined && VERSION_CODES.has(code) && this.settings.version === 'auto' && version === 5) {
        // aedes 1.x speaks 3.1.1 only: ask again in 3.1.1 at once, and from now on.
        this.tryVersion = 4;
        reported = true;
        this.drop();
        this.connect();
        return;
      }
      if (code !== undefined && AUTH_CODES.has(code)) report(`broker refused the credentials: ${err.message}`, true);
    });
    client.on('close', () => {
      const why = lastError ? lastError.message : this.connectedVersion ? 'connection to the broker lost' : 'broker not reachable';
      report(`${this.settings.url}: ${why}`, false);
    });
  }

  /**
   * Final for this client: sends DISCONNECT after the queued publishes (so the broker does not
   * publish the will), waits at most `ms`, then cuts.
   */
  async end(ms: number): Promise<void> {
    const client = this.detach();
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => client.end(true, {}, () => resolve()), ms);
      client.end(false, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Cut the current client at once (no DISCONNECT: the broker publishes its will). */
  private drop(): void {
    this.detach()?.end(true);
  }

  /** Forget the current client: none of its events reaches the handlers any more. */
  private detach(): MqttClient | undefined {
    const client = this.client;
    this.client = undefined;
    this.connectedVersion = undefined;
    if (!client) return undefined;
    for (const name of ['connect', 'message', 'close', 'error'] as const) client.removeAllListeners(name);
    // A late socket error of an ending client must not become an uncaught 'error'.
    client.on('error', () => undefined);
    return client;
  }
}
