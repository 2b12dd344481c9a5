/**
 * The gateway: attached to a live ContactCenterDriver, it publishes every event on the topic tree
 * (topics.ts) with the msg envelope the event nodes send, keeps the connection state and entity
 * names retained (republished after every broker reconnect), and runs the consumers' requests on
 * the driver, answering each on its response topic.
 *
 * Leader or standby: with a LeaderRole (leader-role.ts) only the leader publishes and answers, and
 * its owner (cc-server) runs a driver only while `role` is 'leader' ('role' event). The gateway's
 * last will marks the connection state offline only while it leads, so that a standby that dies
 * cannot overwrite the leader's state. Without a lock the gateway always leads.
 *
 * Back-pressure (docs/mqtt.md): at QoS 1 a driver with flow control is paused while the broker has
 * too many events unacknowledged ('flow' event: `{ paused, inFlight }`), instead of dropping them.
 */
import { EventEmitter } from 'events';
import type { IPublishPacket, MqttClient } from 'mqtt';
import type { ContactCenterDriver, EntityOption } from '../core/driver';
import { CcError } from '../core/errors';
import { ConnectionLifecycle } from '../core/lifecycle';
import type { CcEvent, CcWarning, StateChange } from '../core/types';
import { BrokerLink, type LastWill, type MqttVersion } from './broker-link';
import {
  encode,
  eventEnvelope,
  parseEnvelope,
  wireError,
  type ConnectionEnvelope,
  type EntitiesEnvelope,
  type RequestEnvelope,
  type ResponseEnvelope,
} from './envelope';
import { ConsumerLeases } from './consumer-leases';
import { EventBatcher, type BatchLimits, type EventBatch } from './event-batcher';
import { ConsumerOwners, runRequest, StatisticsError } from './gateway-requests';
import { IgnoredTopics } from './ignored-topics';
import type { LeaderRole, Role } from './leader-role';
import { RetainedState, stateTopic } from './retained-state';
import type { BrokerSettings, EventMessages, TreeSettings } from './settings';
import { TopicTree } from './topics';

export interface GatewayOptions {
  broker: BrokerSettings;
  tree: TreeSettings;
  /** `msg.event.server` of the events (the cc-server's name). */
  serverName: string;
  /** Unique per gateway: its client id on the broker and `gateway` in the connection state. */
  gatewayId: string;
  vendor: string;
  lock?: LeaderRole;
  log: { warn(message: string): void; error(message: string): void };
  /** `each` (default): one message per event on its own topic; `batched`: one message per turn of the event loop. */
  eventMessages?: EventMessages;
  /** Bounds of one batch (event-batcher.ts; tests make them small). */
  batchLimits?: BatchLimits;
  /**
   * Largest number of events in QoS 1 publishes waiting for their PUBACK (default 10,000); events
   * beyond it are dropped (counted, MQTT_DROPPED).
   */
  maxInFlight?: number;
  /**
   * Back-pressure (docs/mqtt.md): a driver with flow control (`pauseEvents`) is paused at this many
   * events in flight (default half of maxInFlight) and resumed at or below `resumeAt` (default half
   * of `pauseAt`), so that a burst waits at the server instead of being dropped.
   */
  pauseAt?: number;
  resumeAt?: number;
  /**
   * Longest pause (default 10 s): a broker that acknowledges nothing for that long does not hold
   * the feed (nor the answers to requests behind it); the feed is read again and the in-flight bound
   * drops, until the broker catches up below `resumeAt`.
   */
  maxPauseMs?: number;
  /** false: never pause the driver (only the in-flight bound; tests of the bound). Default true. */
  flowControl?: boolean;
  /** Largest number of consumer requests running at once; more are refused with LIMIT. */
  maxRequests?: number;
  /** How often leases are checked (default 5 s). */
  leaseCheckMs?: number;
  /** Backoff of the broker reconnects (tests shorten it). */
  backoff?: { initialMs?: number; maxMs?: number };
}

const END_WAIT_MS = 2000;
/** Publish options of events, made once (mqtt.js copies them). */
const EVENT_QOS0 = { qos: 0 } as const;
const EVENT_QOS1 = { qos: 1 } as const;

export class MqttGateway extends EventEmitter {
  private readonly tree: TopicTree;
  private readonly life: ConnectionLifecycle;
  private readonly link: BrokerLink;
  private readonly lockLife: ConnectionLifecycle | undefined;
  private readonly lockLink: BrokerLink | undefined;
  private currentRole: Role;
  private driver: ContactCenterDriver | undefined;
  private readonly detachDriver: Array<() => void> = [];
  private session = '';
  private sessions = 0;
  private readonly owners = new ConsumerOwners();
  private readonly leases = new ConsumerLeases();
  private readonly entities = new Map<string, EntitiesEnvelope>();
  private readonly ignored = new IgnoredTopics();
  /** Retained state of nodes beside the gateway (the cc-board's tables), by topic. */
  private readonly retained = new RetainedState();
  /** Events (not messages) in QoS 1 publishes of the current broker client not yet acknowledged. */
  private inFlight = 0;
  /** Events of publishes that ended without a PUBACK (the client ended), said at the next client. */
  private unacknowledged = 0;
  /** Counts broker clients: a callback of an earlier client's publish does not count back. */
  private generation = 0;
  private dropped = 0;
  /** Why the events of the current streak were dropped. */
  private dropReasons: string[] = [];
  private readonly batcher: EventBatcher | undefined;
  /** The PUBACK of a one-event message (one function per broker client: no closure per event). */
  private ackedOne = this.ackOf(1, 0);
  /** The driver held paused by this gateway (back-pressure), and the bound of that pause. */
  private holding: { driver: ContactCenterDriver; timer: NodeJS.Timeout } | undefined;
  /** The last pause ran out (maxPauseMs): no new pause until the broker is below `resumeAt` again. */
  private pauseSpent = false;
  private running = 0;
  private stopped = false;
  private detachLock: () => void = () => undefined;

  constructor(private readonly options: GatewayOptions) {
    super();
    this.tree = new TopicTree(options.tree.prefix, options.tree.serverId);
    this.currentRole = options.lock ? 'unknown' : 'leader';
    if (options.eventMessages === 'batched') this.batcher = new EventBatcher((batch) => this.publishBatch(batch), options.batchLimits);
    this.life = new ConnectionLifecycle((change) => this.emit('broker', change), options.backoff);
    this.link = new BrokerLink(options.broker, options.gatewayId, () => this.dataWill(), {
      up: (client, version) => this.onUp(client, version),
      down: (detail, authFailed) => this.onDown(this.life, detail, authFailed, () => this.link.connect()),
      message: (topic, body, packet) => this.onMessage(topic, body, packet),
    });
    const lock = options.lock;
    if (lock) {
      this.lockLife = new ConnectionLifecycle(() => undefined, options.backoff);
      this.lockLink = new BrokerLink(options.broker, `${options.gatewayId}-lock`, () => lock.will(), {
        up: (client) => lock.attach(client),
        down: (detail, authFailed) => this.onDown(this.lockLife as ConnectionLifecycle, detail, authFailed, () => this.lockLink?.connect()),
        message: () => undefined,
      });
      const onRole = (): void => this.setRole(lock.role);
      // The lock says what it ignored (a foreign message on its topic...) as 'warning' text.
      const onWarning = (text: unknown): void => options.log.warn(`leader lock: ${String(text)}`);
      lock.on('leader', onRole);
      lock.on('standby', onRole);
      lock.on('warning', onWarning);
      this.detachLock = () => {
        lock.off('leader', onRole);
        lock.off('standby', onRole);
        lock.off('warning', onWarning);
      };
    }
  }

  get role(): Role {
    return this.currentRole;
  }

  /** The gateway's own connection to the broker. */
  get brokerState(): StateChange {
    return this.life.lastState;
  }

  /** The session id consumers see (new for every attached driver). */
  get currentSession(): string {
    return this.session;
  }

  start(): void {
    if (this.stopped || !this.life.start()) return;
    this.life.set({ state: 'connecting', detail: this.options.broker.url });
    this.link.connect();
    this.life.interval(() => {
      for (const consumer of this.leases.expired(Date.now(), this.owners.consumers)) this.releaseConsumer(consumer);
    }, this.options.leaseCheckMs ?? 5000);
    if (this.lockLife && this.lockLink) {
      this.lockLife.start();
      this.lockLink.connect();
    }
  }

  /** Publish this driver's events and state, and run requests on it (from now until detach). */
  attach(driver: ContactCenterDriver): void {
    this.detach();
    this.driver = driver;
    this.session = `${this.options.gatewayId}.${++this.sessions}`;
    const onEvent = (event: CcEvent): void => this.publishEvent(event);
    const onState = (change: StateChange): void => this.publishConnection(change);
    driver.on('event', onEvent);
    driver.on('state', onState);
    this.detachDriver.push(() => {
      driver.off('event', onEvent);
      driver.off('state', onState);
    });
    this.publishConnection(driver.lastState);
  }

  /** The driver stopped (or is stopping): nothing more is published or run on it. */
  detach(): void {
    // The events the driver emitted up to now go out with what came before them.
    this.batcher?.flush();
    this.releaseFeed();
    for (const off of this.detachDriver.splice(0)) off();
    this.driver = undefined;
    this.owners.clear();
  }

  /** Final: the state goes offline (when leading), the lock is released, the clients end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.detach();
    this.detachLock();
    await this.life.close(async () => {
      const client = this.link.live;
      if (client && this.currentRole === 'leader') {
        // Bounded: a broker that does not acknowledge must not hold the deploy.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all([
            this.publish(client, this.tree.connection, encode(this.connectionEnvelope(false, { state: 'stopped', detail: 'gateway stopped' })), true, 1),
            // The boards stop with their gateway: a late reader must not see a board that is gone.
            ...this.retained.live().map((topic) => this.publish(client, topic, '', true, 1)),
          ]),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, END_WAIT_MS))),
        ]);
        clearTimeout(timer);
      }
      await this.link.end(END_WAIT_MS);
    });
    if (this.lockLife && this.lockLink) {
      const lock = this.options.lock;
      const lockLink = this.lockLink;
      await this.lockLife.close(async () => {
        if (lock) await lock.release().catch((err: Error) => this.options.log.warn(`leader lock release failed: ${err.message}`));
        await lockLink.end(END_WAIT_MS);
      });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Broker

  /** The offline state as the will, while leading only (a standby's death must not say "offline"). */
  private dataWill(): LastWill | undefined {
    if (this.currentRole !== 'leader') return undefined;
    return { topic: this.tree.connection, payload: encode(this.connectionEnvelope(false, { state: 'disconnected', detail: 'gateway offline' })), retain: true, qos: 1 };
  }

  private onUp(client: MqttClient, version: MqttVersion): void {
    this.newBrokerClient();
    this.life.connected(`${this.options.broker.url} (MQTT ${version === 5 ? '5' : '3.1.1'})`);
    // Renewals sent while this gateway was away were not heard: every lease starts again.
    this.leases.renewAll(Date.now());
    if (this.currentRole !== 'leader') return;
    client.subscribe([this.tree.requests, this.tree.consumers], { qos: 1 }, (err) => {
      if (err) this.options.log.error(`subscribe on the broker failed: ${err.message}`);
    });
    // A broker that restarted without persistence lost the retained state: publish it again.
    if (this.driver) this.publishConnection(this.driver.lastState);
    for (const env of this.entities.values()) void this.publish(client, this.tree.entities(env.entityKind), encode(env), true, 1);
    for (const [topic, body] of this.retained.entries()) void this.publish(client, topic, body, true, 1);
  }

  private onDown(life: ConnectionLifecycle, detail: string, authFailed: boolean, retry: () => void): void {
    if (life === this.life) this.newBrokerClient();
    if (!life.running) return;
    // One error per streak of failures; the retries show in the state, not as a log line each.
    if (life === this.life && life.attempts === 0) this.options.log.error(detail);
    life.fail(authFailed ? 'auth-failed' : 'disconnected', detail, retry);
  }

  private setRole(role: Role): void {
    if (role === this.currentRole || this.stopped) return;
    this.currentRole = role;
    // Retained state of nodes beside it is old by the time a standby leads again: they publish anew then.
    if (role !== 'leader') this.retained.forgetBodies();
    // The will depends on the role: connect again with the right one.
    if (this.life.running && !this.life.retrying) this.link.connect();
    this.emit('role', role);
  }

  private publish(client: MqttClient, topic: string, body: string, retain: boolean, qos: 0 | 1): Promise<void> {
    return new Promise((resolve) => {
      client.publish(topic, body, { qos, retain }, (err) => {
        if (err && !this.stopped) this.options.log.warn(`publish on ${topic} failed: ${err.message}`);
        resolve();
      });
    });
  }

  // ------------------------------------------------------------------------------------------
  // Publishing

  private connectionEnvelope(online: boolean, state: StateChange): ConnectionEnvelope {
    return { cc: 1, kind: 'connection', online, gateway: this.options.gatewayId, session: this.session, vendor: this.options.vendor, state };
  }

  private publishConnection(change: StateChange): void {
    const client = this.link.live;
    // A driver attached before its start is 'stopped' for an instant: that is no news for consumers.
    if (!client || this.currentRole !== 'leader' || !this.driver || change.state === 'stopped') return;
    const { retryInMs: _retry, attempt: _attempt, ...state } = change;
    void this.publish(client, this.tree.connection, encode(this.connectionEnvelope(true, state)), true, 1);
  }

  private publishEvent(event: CcEvent): void {
    if (this.currentRole !== 'leader') return;
    const client = this.link.live;
    // Not queued while the broker is away: dropped, and said.
    if (!client) return this.drop(1, 'no broker connection');
    if (this.batcher) return this.batcher.add(Buffer.from(encode(eventEnvelope(event, this.options.serverName))));
    // One event per message: a dropped event is not even encoded.
    if (!this.admit(1)) return;
    const body = encode(eventEnvelope(event, this.options.serverName));
    const topic = this.tree.event(event.family, event.type, event.keys);
    if (this.options.tree.qos === 0) {
      client.publish(topic, body, EVENT_QOS0);
      return;
    }
    this.inFlight++;
    client.publish(topic, body, EVENT_QOS1, this.ackedOne);
    this.holdFeedIfFull();
  }

  /** A batch of events (events `batched`); dropped like single events when the broker is away meanwhile. */
  private publishBatch(batch: EventBatch): void {
    if (this.currentRole !== 'leader') return;
    const client = this.link.live;
    if (!client) return this.drop(batch.count, 'no broker connection');
    if (!this.admit(batch.count)) return;
    const topic = this.tree.eventBatches;
    if (this.options.tree.qos === 0) {
      client.publish(topic, batch.body, EVENT_QOS0);
      return;
    }
    this.inFlight += batch.count;
    client.publish(topic, batch.body, EVENT_QOS1, this.ackOf(batch.count, this.generation));
    this.holdFeedIfFull();
  }

  // ------------------------------------------------------------------------------------------
  // In flight and back-pressure

  /**
   * The callback of one QoS 1 publish of `events` events: mqtt.js calls it once, at the PUBACK or
   * with an error (the client ended); a callback of an earlier broker client does not count back.
   */
  private ackOf(events: number, generation: number): (err?: Error) => void {
    return (err) => {
      if (generation !== this.generation) return;
      this.inFlight -= events;
      // The client ended before the PUBACK: the broker may or may not have the events.
      if (err) this.unacknowledged += events;
      if (this.inFlight <= this.resumeAt) {
        this.pauseSpent = false;
        this.releaseFeed();
      }
    };
  }

  /** A new broker client (or none): nothing is in flight on it, and nothing holds the feed for it. */
  private newBrokerClient(): void {
    if (this.unacknowledged > 0 && !this.stopped) {
      const n = this.unacknowledged;
      this.warn({ code: 'MQTT_DROPPED', message: `the broker connection ended with ${n} events not acknowledged: they may be lost (not sent again)`, detail: { unacknowledged: n } });
    }
    this.unacknowledged = 0;
    const generation = ++this.generation;
    this.inFlight = 0;
    this.pauseSpent = false;
    this.ackedOne = this.ackOf(1, generation);
    this.releaseFeed();
  }

  private get pauseAt(): number {
    return this.options.pauseAt ?? Math.max(1, Math.floor(this.maxInFlight / 2));
  }

  private get resumeAt(): number {
    return this.options.resumeAt ?? Math.floor(this.pauseAt / 2);
  }

  private get maxInFlight(): number {
    return this.options.maxInFlight ?? 10_000;
  }

  /** The events in QoS 1 publishes not yet acknowledged (diagnostics, tests). */
  get eventsInFlight(): number {
    return this.inFlight;
  }

  /** Pause the driver's events at the high-water mark (when it has flow control). */
  private holdFeedIfFull(): void {
    const driver = this.driver;
    if (this.holding || this.pauseSpent || this.inFlight < this.pauseAt || !driver?.pauseEvents) return;
    if (this.options.flowControl === false) return;
    const maxPauseMs = this.options.maxPauseMs ?? 10_000;
    const timer = setTimeout(() => {
      this.pauseSpent = true;
      this.warn({
        code: 'MQTT_STALLED',
        message: `the broker did not catch up within ${maxPauseMs} ms: the feed is read again, and events beyond ${this.maxInFlight} in flight are dropped (MQTT_DROPPED)`,
        detail: { inFlight: this.inFlight },
      });
      this.releaseFeed();
    }, maxPauseMs);
    this.holding = { driver, timer };
    driver.pauseEvents(this.options.gatewayId);
    this.emit('flow', { paused: true, inFlight: this.inFlight });
  }

  private releaseFeed(): void {
    const holding = this.holding;
    if (!holding) return;
    this.holding = undefined;
    clearTimeout(holding.timer);
    holding.driver.resumeEvents?.(this.options.gatewayId);
    this.emit('flow', { paused: false, inFlight: this.inFlight });
  }

  /**
   * The in-flight bound, in events: past it a message (one event, or a whole batch) is dropped
   * rather than held in an unbounded queue, with one warning per streak and the count at its end.
   */
  private admit(events: number): boolean {
    if (this.options.tree.qos === 1 && this.inFlight >= this.maxInFlight) {
      this.drop(events, 'the broker does not keep up');
      return false;
    }
    if (this.dropped > 0) {
      this.warn({ code: 'MQTT_DROPPED', message: `${this.dropped} events were dropped (${this.dropReasons.join('; ')})`, detail: { dropped: this.dropped } });
      this.dropped = 0;
      this.dropReasons = [];
    }
    return true;
  }

  /** Drop the events of one message: a warning when a streak of drops starts (or its reason changes). */
  private drop(events: number, why: string): void {
    if (!this.dropReasons.includes(why)) {
      this.dropReasons.push(why);
      this.warn({ code: 'MQTT_DROPPED', message: `${why}: events are dropped` });
    }
    this.dropped += events;
  }

  /** Remember an entity list (retained, so that a late consumer has the names at once). */
  private publishEntities(kind: string, list: EntityOption[]): void {
    const env: EntitiesEnvelope = { cc: 1, kind: 'entities', entityKind: kind, entities: list };
    this.entities.set(kind, env);
    const client = this.link.live;
    if (client) void this.publish(client, this.tree.entities(kind), encode(env), true, 1);
  }

  /**
   * Retained state of a node beside the gateway under `state/<suffix>` (retained-state.ts): kept,
   * published while leading, and again after every broker reconnect and on becoming the leader.
   */
  publishState(suffix: string, body: string): void {
    const topic = stateTopic(this.tree.root, suffix);
    if (!this.retained.set(topic, body)) {
      if (this.ignored.firstTime(topic)) this.options.log.warn(`MQTT: too many retained state topics; ${topic} is not published`);
      return;
    }
    void this.publishRetained(topic, body);
  }

  /** That state is gone: an empty retained payload clears it on the broker (sent again after a reconnect). */
  clearState(suffix: string): Promise<void> {
    const topic = stateTopic(this.tree.root, suffix);
    this.retained.clear(topic);
    return this.publishRetained(topic, '');
  }

  private publishRetained(topic: string, body: string): Promise<void> {
    const client = this.link.live;
    if (!client || this.currentRole !== 'leader' || this.stopped) return Promise.resolve();
    return this.publish(client, topic, body, true, 1);
  }

  private warn(warning: CcWarning): void {
    this.emit('warning', warning);
  }

  // ------------------------------------------------------------------------------------------
  // Consumers

  private onMessage(topic: string, body: Buffer, packet: IPublishPacket): void {
    const presenceOf = this.tree.consumerOf(topic, 'consumers');
    if (presenceOf !== undefined) {
      // An empty retained message clears the presence: the consumer stopped.
      const env = body.length ? parseEnvelope(body) : undefined;
      if (body.length && env?.kind !== 'consumer') return this.ignore(topic);
      if (env?.kind === 'consumer' && env.online) this.leases.seen(presenceOf, Date.now(), env.leaseMs);
      else this.releaseConsumer(presenceOf);
      return;
    }
    const consumer = this.tree.consumerOf(topic, 'request');
    const env = parseEnvelope(body);
    if (consumer === undefined || env?.kind !== 'request') return this.ignore(topic);
    const responseTopic = packet.properties?.responseTopic ?? env.responseTopic;
    if (!responseTopic) return this.ignore(topic);
    this.leases.seen(consumer, Date.now());
    void this.answer(consumer, env, responseTopic, packet.properties?.correlationData);
  }

  private ignore(topic: string): void {
    if (this.ignored.firstTime(topic)) this.options.log.warn(`MQTT: ignored a message on ${topic} that is not a contact-center envelope`);
  }

  private async answer(consumer: string, req: RequestEnvelope, responseTopic: string, correlationData: Buffer | undefined): Promise<void> {
    let response: ResponseEnvelope;
    try {
      const data = await this.run(consumer, req);
      response = { cc: 1, kind: 'response', transaction: req.transaction, status: 'ok', data: data ?? null };
      if (req.op === 'listEntities' && Array.isArray(data) && typeof req.args.kind === 'string') this.publishEntities(req.args.kind, data as EntityOption[]);
    } catch (err) {
      response = { cc: 1, kind: 'response', transaction: req.transaction, status: 'error', error: wireError(err) };
      if (err instanceof StatisticsError) response.data = { filter: err.filter };
    }
    const client = this.link.live;
    if (!client) return; // the consumer's own timeout tells it
    const properties = correlationData && this.link.version === 5 ? { correlationData } : undefined;
    client.publish(responseTopic, encode(response), { qos: this.options.tree.qos, properties }, () => undefined);
  }

  private async run(consumer: string, req: RequestEnvelope): Promise<unknown> {
    const driver = this.driver;
    if (this.currentRole !== 'leader') throw new CcError(`gateway ${this.options.gatewayId} is not the leader`, 'NOT_CONNECTED');
    if (!driver) throw new CcError(`gateway ${this.options.gatewayId} has no connection to the contact center`, 'NOT_CONNECTED');
    if (this.running >= (this.options.maxRequests ?? 1000)) throw new CcError('gateway: too many requests at once', 'LIMIT');
    this.running++;
    try {
      return await runRequest(driver, this.owners, consumer, req.op, req.args);
    } finally {
      this.running--;
    }
  }

  /** A consumer went away (its will, its stop): what its owners held is released at the driver. */
  private releaseConsumer(consumer: string): void {
    this.leases.forget(consumer);
    const driver = this.driver;
    const ids = this.owners.take(consumer);
    if (!driver) return;
    for (const id of ids) driver.releaseOwner(id).catch((err: Error) => this.options.log.warn(`release of ${id} failed: ${err.message}`));
  }
}
