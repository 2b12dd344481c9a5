/**
 * The contract between the Node-RED nodes and a contact-center vendor. nodes/ talks to nothing
 * else: a vendor is added by implementing `VendorDefinition` (static knowledge: the catalog of
 * operations, how settings and msg records become requests) and `ContactCenterDriver` (one live
 * connection), and by making the driver conformance suite (test/conformance) pass.
 *
 * Meanings that are the same on every vendor:
 *  - every subscribe, listen, statistics query and request ends `ok`, `partial` or `refused`
 *    (Outcome); a refusal rejects with CcError code REFUSED and the outcome attached;
 *  - every error has a code of CC_ERROR_CODES;
 *  - `*` in an entity list means "all entities";
 *  - events are CcEvents with routing keys `kind:id` for every entity the payload names, and an
 *    event of a type nobody knows is passed on (family `other`), never dropped;
 *  - stop() is final: once it resolves, no socket write, HTTP request or timer of the driver remains.
 */
import type { EventEmitter } from 'events';
import type { BoardUpdate } from './board/types';
import type { EventFilter } from './event-index';
import type { Outcome } from './outcome';
import type { CcEvent, CcWarning, ConnectionState, EventFamily, StateChange } from './types';

/**
 * A subscription as the nodes ask for it, whichever the vendor.
 * Mitel: `type` is the subscription type (`group-stats`, `entity`, `agent-activity`...) and
 *        `entities` the entity list (`["*"]`, ids, or entity kinds for `entity`).
 * OpenScape: `type` is the realm (`TELEPHONY`, `PRESENCE`, `ADMINISTRATION`...) and `entities`
 *        the resources listened for (`*` or ids; empty where the realm has none).
 */
export interface SubscriptionSpec {
  type: string;
  entities: string[];
}

export interface RequestOptions {
  /** Per-request timeout in ms (default from the server settings). */
  timeoutMs?: number;
}

/** A statistics query validated by its vendor (`VendorDefinition.parseStatisticsQuery`). */
export interface StatisticsQuery {
  /** For people: `group-stats [1, 2]`, `QUEUE_REALTIME [3]`. */
  readonly label: string;
  /** What the vendor's driver needs to start it (the subscription or the StartQuery body). */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface StatisticsStart {
  /** The events of this query and no other: hand it to the event index before any event arrives. */
  filter: EventFilter;
  /**
   * Settles when the server has answered the first start: ok / partial, or rejects (REFUSED,
   * NOT_CONNECTED while the connection is down: the query stays recorded and starts on connect).
   */
  started: Promise<Outcome>;
}

/** One entry of an entity list, for autocomplete and names: `{id: "1001", label: "Jane Doe (1001)"}`. */
export interface EntityOption {
  id: string;
  label: string;
}

/**
 * One live connection to one contact-center server.
 *
 * Emits (never 'error', which would crash Node-RED):
 *  - 'state'   (StateChange) every transition of the shared ConnectionLifecycle
 *  - 'event'   (CcEvent)     every event from the server, known or unknown type
 *  - 'warning' (CcWarning)   bad frame, dropped data, sequence gap, restore failure...
 *
 * Subscriptions and statistics queries are reference counted / kept per `owner` (a node id): the
 * server is asked for the union of what owners want, and everything is restored after a reconnect
 * or a new session.
 */
export interface ContactCenterDriver extends EventEmitter {
  readonly vendor: string;
  readonly state: ConnectionState;
  /** Last state change, for nodes that attach late. */
  readonly lastState: StateChange;

  /** Connect, and keep reconnecting with capped backoff until stop(). Idempotent. */
  start(): void;
  /**
   * Final: pending requests reject with CLOSED; the server is told goodbye (OpenScape: stop queries,
   * stop listens, log off, unregister); once it resolves no socket write, HTTP request or timer remains.
   */
  stop(): Promise<void>;

  /** Resolves ok / partial; a refusal rejects with CcError REFUSED (and nothing stays recorded). */
  subscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome>;
  unsubscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome>;
  /** Drop every subscription and statistics query of one owner (node closed). */
  releaseOwner(owner: string): Promise<void>;
  /** The union of live subscriptions, as sent to the server. */
  listSubscriptions(): SubscriptionSpec[];

  /**
   * One request by its operation id (from `VendorDefinition.resolveOperation`). Resolves with the
   * server's answer; rejects with a CcError (REFUSED with the outcome when the server said no).
   */
  request(operation: string, params: Record<string, unknown>, options?: RequestOptions): Promise<unknown>;

  /** Start (or replace) the one statistics query of `owner`; restored after reconnects. */
  startStatistics(owner: string, query: StatisticsQuery): StatisticsStart;
  /** Stop the statistics query of `owner`; a failed stop rejects (it is not taken as stopped). */
  stopStatistics(owner: string): Promise<Outcome | undefined>;

  /** An entity list by a kind of `VendorDefinition.entityKinds` (UNSUPPORTED for others). */
  listEntities(kind: string, options?: RequestOptions): Promise<EntityOption[]>;
  /** The name the driver knows for an entity (from its entity cache), without asking the server. */
  entityName(kind: string, id: string): string | undefined;

  /**
   * Flow control of the events (optional: only drivers whose transport can make the server wait).
   * A reader that falls behind (the MQTT gateway waiting for its broker's acknowledgements) calls
   * `pauseEvents(holder)`: the driver stops reading from the server; the events of what it already
   * read are still emitted, and the transport's own flow control (TCP) holds the rest at the server.
   * The driver reads again once every holder has called `resumeEvents(holder)`. Per holder and
   * idempotent; a reconnect stays paused while any holder holds; stop() ends every pause.
   * Answers to requests wait behind a pause as well: a holder keeps its pauses short and bounded.
   * A driver without these methods keeps emitting; its reader bounds what it holds by itself.
   */
  pauseEvents?(holder: string): void;
  resumeEvents?(holder: string): void;
  /** True while a holder holds the events paused (drivers with flow control). */
  readonly eventsPaused?: boolean;
}

/** PEM key and certificate (chain) for a port a driver serves itself (Node-RED's tls-config node). */
export interface ServerTlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
  /** Extra CA certificates of the chain. */
  ca?: string | Buffer | Array<string | Buffer>;
  passphrase?: string;
}

/** What a driver may need from its host (Node-RED): logging, and an HTTP route for webhooks. */
export interface DriverHost {
  log: { warn(message: string): void; error(message: string): void };
  /**
   * Serve https with this key and certificate where the driver listens on a port of its own
   * (the OpenScape webhook "on its own port"); plain http without it.
   */
  serverTls?: ServerTlsOptions;
  /**
   * Mount a request handler on the host's HTTP server at `path` (below `root`); returns the
   * unmount. Absent when the host serves no HTTP routes.
   */
  http?: {
    root: string;
    mount(path: string, handler: (req: import('http').IncomingMessage, res: import('http').ServerResponse) => void): () => void;
  };
}

/** The settings of one server as the cc-server node holds them (strings as typed in the editor). */
export type ServerSettings = Readonly<Record<string, unknown>>;
/** Its secrets, from Node-RED credentials only. */
export type ServerCredentials = Readonly<Record<string, string | undefined>>;

/**
 * What lives as long as one configured server: the long-lived resources (the OpenScape webhook
 * receiver) and the driver of each run. A run starts when the first node needs the server and
 * stops when the last one leaves; close() ends everything.
 */
export interface DriverFactory {
  /** A new driver for one run. */
  create(): ContactCenterDriver;
  /** Release what the factory holds (routes, ports). */
  close(): Promise<void>;
}

/** Which request node offers an operation. */
export type OperationRole = 'agent-command' | 'telephony' | 'request';

/** The typed event node families that subscribe by themselves. */
export type TypedFamily = Extract<EventFamily, 'agent' | 'contact' | 'entity'>;

/** The outcome of one "Test connection". */
export interface ProbeResult {
  ok: boolean;
  stage?: 'dns' | 'connect' | 'tls' | 'credentials' | 'licence' | 'protocol' | 'timeout';
  message: string;
  detail?: string;
  elapsedMs: number;
}

/**
 * What the board node (cc-board) needs of a vendor: what to subscribe for and which statistics to
 * start so that it learns every agent's and queue's state, the entity kinds of its names, and the
 * vendor's one table from events to board records.
 */
export interface BoardSupport {
  subscriptions: readonly SubscriptionSpec[];
  /** Settings of statistics queries (for parseStatisticsQuery), started under the board's owner ids. */
  statistics: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** listEntities kinds of the agents' and the queues' names. */
  names: { agents: string; queues: string };
  /** A fresh mapper per board (it may remember per agent what the next event needs). */
  createMapper(): (event: CcEvent) => BoardUpdate | undefined;
}

/** Everything nodes/ may know about a vendor, without a connection. */
export interface VendorDefinition {
  /** The `protocol` value of cc-server. */
  readonly vendor: string;
  /** For people: "Mitel Connect Contact Center". */
  readonly title: string;
  /** The request a server needs before it sends events (for the "no events" diagnosis). */
  readonly subscribeVerb: string;
  /** Subscription types that bring configuration changes only (the diagnosis does not count them). */
  readonly configurationOnlyTypes: readonly string[];
  /** Entity kinds `listEntities` knows (cross-vendor names first: agents, groups, ...). */
  readonly entityKinds: readonly string[];

  /** A label for a server without a name (`host:port`, the base URL). */
  describe(settings: ServerSettings): string;
  /**
   * The server these settings point at (`host:port`, `baseUrl clientName`): "Test connection" uses
   * a deployed node's stored secrets only for the same target. `targetWords` names those fields.
   */
  target(settings: ServerSettings): string;
  readonly targetWords: string;
  /** What the editor shows and offers (JSON; served to the editor as is). */
  catalog(): unknown;
  /** A user's spelling of an operation for a node role -> the driver's operation id (BAD_PARAMS if none). */
  resolveOperation(role: OperationRole, name: string): string;
  /** cc-subscribe's msg.payload records -> specs (BAD_PARAMS naming the wrong record). */
  parseSubscriptionRecords(payload: unknown): SubscriptionSpec[];
  /** What a typed event node subscribes for, from its entity filter (`*` = all) and kinds setting. */
  familySubscriptions(family: TypedFamily, filter: { entities: string[]; kinds: string[] }): SubscriptionSpec[];
  /** cc-realtime's settings or msg.payload -> a query (BAD_PARAMS with what is wrong). */
  parseStatisticsQuery(source: Readonly<Record<string, unknown>>): StatisticsQuery;
  /** The board's sources on this vendor. */
  readonly board?: BoardSupport;
  /** Names for the numeric codes of an event payload (`msg.names`), where the vendor has code tables. */
  describeCodes?(payload: unknown): Record<string, unknown> | undefined;

  /** The long-lived part of one configured server. Throws BAD_PARAMS for unusable settings. */
  open(settings: ServerSettings, credentials: ServerCredentials, host: DriverHost): DriverFactory;
  /**
   * One "Test connection" attempt with the dialog's settings (credentials already merged with the
   * stored ones); each step waits `probeStepTimeoutMs(settings)`; the result never holds a secret.
   */
  probe(settings: ServerSettings, credentials: ServerCredentials): Promise<ProbeResult>;
}

export type { CcEvent, CcWarning, ConnectionState, EventFilter, Outcome, StateChange };
