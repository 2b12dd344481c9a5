import { EventEmitter } from 'events';
import type { CcEvent, CcWarning, ConnectionState, Protocol, StateChange } from './types';

/**
 * A subscription as the nodes ask for it, whichever the protocol.
 * Mitel: `type` is the subscription type (`group-stats`, `entity`, `call-activity`...) and `entities`
 *        the entity list (`["*"]`, group ids, or entity kinds for `entity`).
 * OpenScape: `type` is the realm (`TELEPHONY`, `PRESENCE`, `ADMINISTRATION`...) and `entities`
 *        the resources listened for (telephony extensions or `*`; empty where the realm has none).
 */
export interface SubscriptionSpec {
  type: string;
  entities: string[];
}

/** The server's verdict on one subscribe/unsubscribe call. */
export interface SubscriptionResult {
  /** 0 success, negative failure, positive partial (Mitel); 0 / non-zero for OpenScape. */
  result: number;
  /** The server's words: Mitel `error-msg` / `additional-info`, OpenScape `errorDetails`. */
  info?: string;
  /** The whole answer as received. */
  answer: unknown;
}

export interface RequestOptions {
  /** Per-request timeout in ms (default from the server config). */
  timeoutMs?: number;
}

/**
 * What a cc-server config node holds: one connection to one contact-center server.
 *
 * Events (all emitted from the client, never from Node-RED):
 *  - 'state'   (StateChange)  every state transition
 *  - 'event'   (CcEvent)      every event from the server, known or unknown type
 *  - 'warning' (CcWarning)    bad frame, dropped data, sequence gap, partial subscription...
 *
 * Subscriptions are reference counted by `owner` (a node id): the server is asked for the union of
 * what owners want, and every live subscription is restored after a reconnect or re-registration.
 */
export interface CcConnection extends EventEmitter {
  readonly protocol: Protocol;
  readonly state: ConnectionState;
  /** Last state change, for nodes that attach late. */
  readonly lastState: StateChange;

  /** Connect (and keep reconnecting) until stop(). Idempotent. */
  start(): void;
  /** Close for good: pending requests are rejected with CcError CLOSED; timers and sockets released. */
  stop(): Promise<void>;

  subscribe(owner: string, spec: SubscriptionSpec): Promise<SubscriptionResult>;
  unsubscribe(owner: string, spec: SubscriptionSpec): Promise<SubscriptionResult>;
  /** Drop every subscription of one owner (node closed). */
  releaseOwner(owner: string): Promise<void>;
  /** The union of live subscriptions, as sent to the server. */
  listSubscriptions(): SubscriptionSpec[];

  /**
   * Send one request by its operation name from the vendor table
   * (Mitel: `command:login`, `entities:agents`...; OpenScape: `telephony.makeCall`...).
   * Resolves with the server's answer; rejects with a CcError.
   */
  request(operation: string, params: Record<string, unknown>, options?: RequestOptions): Promise<unknown>;
}

export type { CcEvent, CcWarning, ConnectionState, Protocol, StateChange };
