/**
 * The MQTT settings of a cc-server (gateway or "via MQTT"), from the editor's strings. Secrets come
 * from the credentials only (`mqttUser`, `mqttPassword`); TLS options from Node-RED's tls-config node,
 * handed in by cc-server as `mqttTls`.
 */
import type { ServerCredentials, ServerSettings } from '../core/driver';
import { CcError } from '../core/errors';
import { validPrefix } from './topics';

/** The cc-server's "Connection" choice. */
export type ConnectionMode = 'direct' | 'gateway' | 'consumer';

/** What Node-RED's tls-config node adds (addTLSOptions), PEM text or Buffers. */
export interface BrokerTls {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface BrokerSettings {
  url: string;
  version: 'auto' | 4 | 5;
  username?: string;
  password?: string;
  tls: BrokerTls;
  connectTimeoutMs: number;
  keepaliveSeconds: number;
}

export interface TreeSettings {
  prefix: string;
  serverId: string;
  /** QoS of events and answers (0 or 1); retained state is always QoS 1. */
  qos: 0 | 1;
}

export const DEFAULT_PREFIX = 'cc';

/**
 * How a gateway publishes events: `each` = one message per event on its own topic (plain `mqtt in`
 * nodes can subscribe per agent or queue), `batched` = the events of one turn of the event loop in
 * one message on the batch topic (far fewer packets: the throughput and latency choice). Consumers
 * read both and need no setting.
 */
export type EventMessages = 'each' | 'batched';

/** The gateway's "Event messages" setting; anything but `batched` is the default, `each`. */
export function eventMessages(settings: ServerSettings): EventMessages {
  return text(settings.mqttEventMessages) === 'batched' ? 'batched' : 'each';
}

export function connectionMode(settings: ServerSettings): ConnectionMode {
  const mode = settings.connection;
  return mode === 'gateway' || mode === 'consumer' ? mode : 'direct';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

export function brokerSettings(settings: ServerSettings, credentials: ServerCredentials): BrokerSettings {
  const url = text(settings.mqttBroker);
  if (!/^(mqtts?|wss?|tcp|tls):\/\/[^/]+/.test(url)) {
    throw new CcError(`MQTT broker "${url}" is not a broker URL (mqtt://host:1883, mqtts://host:8883)`, 'BAD_PARAMS');
  }
  const v = text(settings.mqttVersion);
  const tls = (typeof settings.mqttTls === 'object' && settings.mqttTls !== null ? settings.mqttTls : {}) as BrokerTls;
  return {
    url,
    version: v === '4' || v === '3.1.1' ? 4 : v === '5' ? 5 : 'auto',
    username: credentials.mqttUser || undefined,
    password: credentials.mqttPassword || undefined,
    tls,
    connectTimeoutMs: 10_000,
    keepaliveSeconds: 30,
  };
}

export function treeSettings(settings: ServerSettings): TreeSettings {
  const prefix = text(settings.mqttPrefix) || DEFAULT_PREFIX;
  if (!validPrefix(prefix)) throw new CcError(`MQTT topic prefix "${prefix}" may hold no wildcard (+ #) and no empty level`, 'BAD_PARAMS');
  const serverId = text(settings.mqttServerId);
  if (!serverId) throw new CcError('MQTT server id is empty: gateway and consumers must name the same server', 'BAD_PARAMS');
  return { prefix, serverId, qos: text(settings.mqttQos) === '0' ? 0 : 1 };
}

/** The per-request timeout of the server settings (seconds in the editor), in ms. */
export function requestTimeoutMs(settings: ServerSettings): number {
  const s = Number(settings.requestTimeout);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 10_000;
}
