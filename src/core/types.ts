/**
 * Types shared by both protocol clients and by the Node-RED adapters.
 * Nothing in src/ imports Node-RED: the nodes in nodes/ are thin adapters over these.
 */

export type Protocol = 'mitel' | 'openscape';

/**
 * Which typed event node shows an event. `statistics` goes to cc-realtime, `response` is an answer
 * to a request that arrived without a matching pending request, `connection` is the connection's
 * own lifecycle, `other` is anything the tables do not know (passed on, never dropped).
 */
export type EventFamily =
  | 'agent'
  | 'contact'
  | 'entity'
  | 'statistics'
  | 'response'
  | 'connection'
  | 'warning'
  | 'other';

/** One event as the nodes see it. `payload` is exactly what the server sent (README, "Messages"). */
export interface CcEvent {
  protocol: Protocol;
  family: EventFamily;
  /** The event type as the server names it: `agent-login`, `group-stats`, `DELIVERED_EVENT`. */
  type: string;
  /** OpenScape realm (`TELEPHONY`, `PRESENCE`...). */
  realm?: string;
  /** Mitel per-connection sequence number. */
  sequence?: number;
  /** ISO-8601 time at which the client received the event. */
  receivedAt: string;
  /** Mitel: the whole JSON object; OpenScape: the innermost `data`. */
  payload: unknown;
  /**
   * Entity keys for routing, `kind:id` (e.g. `agent:1001`, `group:5`, `dnis:800`, `call:77`,
   * `query:abc`, `extension:4711`). Used by the event index so that a node filtered on one
   * agent is not called for every other agent's event.
   */
  keys: string[];
}

/** The states of one server connection (an explicit state machine, shown as node status). */
export type ConnectionState =
  | 'stopped' // not started, or closed by the user
  | 'connecting' // TCP connect / first HTTP request under way
  | 'authenticating' // Mitel authenticate / OpenScape register + logon under way
  | 'connected' // ready: requests and events flow
  | 'auth-failed' // credentials refused; retried with backoff, never in a tight loop
  | 'disconnected'; // lost; a retry is scheduled (see retryInMs)

export interface StateChange {
  state: ConnectionState;
  /** Human readable reason, never containing a secret. */
  detail?: string;
  /** When state is disconnected or auth-failed: milliseconds until the next attempt. */
  retryInMs?: number;
  /** Number of consecutive failed attempts. */
  attempt?: number;
  /**
   * Set when events may have been missed: on the `disconnected` that ends a connection which
   * delivered events (Mitel), and on the `connected` of a new session after a lost one (OpenScape).
   * Neither guide offers a replay, so what is missed is reported here, never passed over in silence.
   */
  gap?: GapReport;
}

/** What a `connection` event says about events that may be missing (docs/reliability.md, "Gaps"). */
export interface GapReport {
  /**
   * How many events are known to be missing, when the protocol can tell; absent when it cannot
   * (a Mitel sequence restarts with every connection; OpenScape events carry no number).
   */
  count?: number;
  /** ISO time from which events may be missing (the last event received, or the session's loss). */
  since: string;
  /** Mitel: the last `sequence` received on the connection that ended (absent: none arrived). */
  lastSequence?: number;
  /** Events received on the connection or session that ended. */
  received: number;
  /** Whether the missed events are sent again after recovery: no protocol here can replay them. */
  replayed: false;
  /** Why, in words. */
  reason: string;
}

/** Something that did not stop the connection but that the user should see (dropped, gap, bad frame). */
export interface CcWarning {
  code: string;
  message: string;
  detail?: Record<string, unknown>;
}

/** Errors live in errors.ts; re-exported here for the modules that import them with the types. */
export { CcError, CC_ERROR_CODES, type CcErrorCode } from './errors';
