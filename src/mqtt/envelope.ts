/**
 * The bodies the package publishes on its topic tree (topics.ts). Each is JSON with `cc: 1`, the
 * mark by which a reader tells the package's messages from anything else published under the
 * prefix (those are ignored with one warning per topic), and a `kind`.
 *
 * Requests and answers follow zigbee2mqtt's bridge requests, so that they work on an MQTT 3.1.1
 * broker: the request carries a `transaction` and its `responseTopic` in the body, the answer is
 * `{data, status: "ok"|"error", error: {code, message}, transaction}`. On an MQTT v5 broker the
 * same request also carries the v5 `responseTopic` and `correlationData` properties, which the
 * gateway honours first (what Node-RED's own mqtt nodes pass as msg.responseTopic/correlationData).
 */
import { eventMessage, type EventInfo } from '../core/event-message';
import type { EntityOption } from '../core/driver';
import { CC_ERROR_CODES, CcError, type CcErrorCode } from '../core/errors';
import type { Outcome } from '../core/outcome';
import type { CcEvent, StateChange } from '../core/types';

export const ENVELOPE_VERSION = 1;

/** One event: exactly the msg an event node sends (topic, payload, event), plus its routing keys. */
export interface EventEnvelope {
  cc: 1;
  kind: 'event';
  topic: string;
  payload: unknown;
  event: EventInfo;
  keys: string[];
}

/**
 * The events of one turn of the gateway's event loop (events `batched`), in the order the driver
 * emitted them; every element is an EventEnvelope as published one by one.
 */
export interface EventBatchEnvelope {
  cc: 1;
  kind: 'events';
  /** Checked element by element by the reader (isEventEnvelope): a bad one does not spoil the rest. */
  events: unknown[];
}

/** The gateway's connection to the contact center, retained; its will says `online: false`. */
export interface ConnectionEnvelope {
  cc: 1;
  kind: 'connection';
  /** False when the gateway is gone (its will) or stopped. */
  online: boolean;
  /** The gateway's id (its client id on the broker). */
  gateway: string;
  /** New for every run of a gateway's driver: a consumer that sees a new one restores its subscriptions there. */
  session: string;
  vendor: string;
  state: StateChange;
}

export interface EntitiesEnvelope {
  cc: 1;
  kind: 'entities';
  entityKind: string;
  entities: EntityOption[];
}

/** The lease a consumer asks for unless told otherwise. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * A consumer's presence, published at connect and again every third of its lease; its will (or its
 * stop) says `online: false`. A gateway that hears nothing of a consumer for its lease releases it.
 */
export interface PresenceEnvelope {
  cc: 1;
  kind: 'consumer';
  online: boolean;
  /** How long the gateway keeps the consumer's owners without hearing from it (ms). */
  leaseMs?: number;
}

/** The operations a consumer may ask of the gateway: the driver contract's methods. */
export const GATEWAY_OPERATIONS = [
  'subscribe',
  'unsubscribe',
  'releaseOwner',
  'request',
  'startStatistics',
  'stopStatistics',
  'listEntities',
] as const;
export type GatewayOperation = (typeof GATEWAY_OPERATIONS)[number];

export interface RequestEnvelope {
  cc: 1;
  kind: 'request';
  transaction: string;
  /** Where to answer on a 3.1.1 broker (v5 carries it as a property too). */
  responseTopic: string;
  op: string;
  args: Record<string, unknown>;
}

export interface WireError {
  code: CcErrorCode;
  message: string;
  outcome?: Outcome;
  answer?: unknown;
}

export interface ResponseEnvelope {
  cc: 1;
  kind: 'response';
  transaction: string;
  status: 'ok' | 'error';
  data?: unknown;
  error?: WireError;
}

export type Envelope = EventEnvelope | EventBatchEnvelope | ConnectionEnvelope | EntitiesEnvelope | PresenceEnvelope | RequestEnvelope | ResponseEnvelope;

export function eventEnvelope(event: CcEvent, serverName: string): EventEnvelope {
  return { cc: ENVELOPE_VERSION, kind: 'event', ...eventMessage(event, serverName), keys: event.keys };
}

/** The CcEvent an event envelope carries (what the gateway's driver emitted). */
export function eventOf(envelope: EventEnvelope): CcEvent {
  const info = envelope.event;
  const event: CcEvent = {
    protocol: info.protocol,
    family: info.family,
    type: info.type,
    receivedAt: info.receivedAt,
    payload: envelope.payload,
    keys: envelope.keys,
  };
  if (info.realm !== undefined) event.realm = info.realm;
  if (info.sequence !== undefined) event.sequence = info.sequence;
  return event;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function wellFormed(body: Record<string, unknown>): boolean {
  switch (body.kind) {
    case 'event':
      return isString(body.topic) && isObject(body.event) && isString(body.event.type) && isString(body.event.family) && Array.isArray(body.keys) && body.keys.every(isString);
    case 'events':
      return Array.isArray(body.events);
    case 'connection':
      return typeof body.online === 'boolean' && isString(body.gateway) && isString(body.session) && isObject(body.state) && isString(body.state.state);
    case 'entities':
      return isString(body.entityKind) && Array.isArray(body.entities);
    case 'consumer':
      return typeof body.online === 'boolean';
    case 'request':
      return isString(body.transaction) && isString(body.op) && isObject(body.args) && (body.responseTopic === undefined || isString(body.responseTopic));
    case 'response':
      return isString(body.transaction) && (body.status === 'ok' || (body.status === 'error' && isObject(body.error) && isString(body.error.code)));
    default:
      return false;
  }
}

/** One element of an event batch that is an event envelope (and may be emitted as one). */
export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return isObject(value) && value.cc === ENVELOPE_VERSION && value.kind === 'event' && wellFormed(value);
}

/** The envelope in a message body, or undefined for anything that is not one of the package's. */
export function parseEnvelope(body: Buffer | string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.cc !== ENVELOPE_VERSION || !wellFormed(value)) return undefined;
  return value as unknown as Envelope;
}

export function encode(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

const BATCH_HEAD = Buffer.from(`{"cc":${ENVELOPE_VERSION},"kind":"events","events":[`);
const BATCH_COMMA = Buffer.from(',');
const BATCH_TAIL = Buffer.from(']}');

/**
 * The body of an event batch from event envelopes already encoded one by one (UTF-8 of encode):
 * the bytes JSON.stringify would give for an EventBatchEnvelope, without encoding an event twice
 * and without one long string (which the MQTT client would measure and encode again).
 */
export function encodeBatch(encodedEvents: readonly Buffer[], bytes = encodedEvents.reduce((n, b) => n + b.length, 0)): Buffer {
  const parts: Buffer[] = [BATCH_HEAD];
  encodedEvents.forEach((event, i) => {
    if (i > 0) parts.push(BATCH_COMMA);
    parts.push(event);
  });
  parts.push(BATCH_TAIL);
  const total = BATCH_HEAD.length + bytes + Math.max(0, encodedEvents.length - 1) + BATCH_TAIL.length;
  return Buffer.concat(parts, total);
}

/** An error as it travels in an answer: the code, the words, the server's outcome and answer. */
export function wireError(err: unknown): WireError {
  if (err instanceof CcError) {
    const out: WireError = { code: err.code, message: err.message };
    if (err.outcome) out.outcome = err.outcome;
    if (err.answer !== undefined) out.answer = err.answer;
    return out;
  }
  // Not a driver error (a bug): told as a refusal of the gateway, never as a crash of the consumer.
  return { code: 'REFUSED', message: `gateway: ${(err as Error)?.message ?? String(err)}` };
}

/** The consumer's side: the same CcError the gateway's driver threw. */
export function errorOf(wire: WireError): CcError {
  const code: CcErrorCode = Object.prototype.hasOwnProperty.call(CC_ERROR_CODES, wire.code) ? wire.code : 'REFUSED';
  const err = new CcError(String(wire.message), code, wire.answer);
  if (wire.outcome) err.outcome = wire.outcome;
  return err;
}
