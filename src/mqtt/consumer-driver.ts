/**
 * The third implementation of the driver contract: a ContactCenterDriver that talks to an MQTT
 * broker instead of the contact center. Events come from a gateway's topic tree, every method is a
 * request the gateway runs on its own driver, and `state` follows the gateway's retained connection
 * state. The palette nodes cannot tell it from a direct connection: same outcomes, same CcError
 * codes, same timeouts (the gateway's answer is awaited a margin longer than the request's own
 * timeout, so that the gateway's TIMEOUT arrives first).
 *
 *   stopped -> connecting (broker) -> authenticating (waiting for the gateway) -> connected
 *   broker lost / refused: disconnected / auth-failed, retried with the shared capped backoff
 *   gateway not connected: its state, with "gateway: " before its detail (the gateway retries)
 *
 * Events arrive one per message or in batches, whichever the gateway publishes (its "Event
 * messages" setting): the consumer reads both and needs no setting of its own.
 *
 * What the consumer's owners hold is recorded here and sent again to every new gateway session
 * (a gateway restart or a failover) and after every broker reconnect (the consumer's will has made
 * the gateway release it meanwhile).
 */
import { randomBytes } from 'crypto';
import { EventEmitter } from 'events';
import type { IPublishPacket, MqttClient } from 'mqtt';
import type {
  ContactCenterDriver,
  EntityOption,
  Outcome,
  RequestOptions,
  StatisticsQuery,
  StatisticsStart,
  SubscriptionSpec,
} from '../core/driver';
import { CcError } from '../core/errors';
import { ConnectionLifecycle } from '../core/lifecycle';
import { SubscriptionRegistry } from '../core/subscriptions';
import type { CcWarning, ConnectionState, StateChange } from '../core/types';
import { BrokerLink, type MqttVersion } from './broker-link';
import { PendingCalls, unwrap } from './consumer-calls';
import { DEFAULT_LEASE_MS, encode, eventOf, isEventEnvelope, parseEnvelope, type ConnectionEnvelope, type GatewayOperation, type PresenceEnvelope, type RequestEnvelope, type ResponseEnvelope } from './envelope';
import { matchesFilter } from './filter-match';
import type { WireFilter } from './gateway-requests';
import { IgnoredTopics } from './ignored-topics';
import type { BrokerSettings, TreeSettings } from './settings';
import { TopicTree } from './topics';
import { WritePerTurn } from './write-turn';

export interface ConsumerOptions {
  broker: BrokerSettings;
  tree: TreeSettings;
  /** The remote vendor (`protocol` of the cc-server): what `vendor` says. */
  vendor: string;
  /** Default per-request timeout (the cc-server's request timeout). */
  requestTimeoutMs: number;
  /** Base of the consumer id; a random part makes every run unique on the broker. */
  idBase?: string;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Largest number of requests waiting for the gateway. */
  maxPending?: number;
  /** The lease the gateway grants this consumer's owners (default 60 s); presence is renewed every third. */
  leaseMs?: number;
}


/** How much longer than the request's own timeout the consumer waits for the gateway's answer. */
const GATEWAY_MARGIN_MS = 1000;
const END_WAIT_MS = 2000;

interface RunningStatistics {
  query: StatisticsQuery;
  /** The gateway's filter of the query, once it answered. */
  remote?: WireFilter;
}

export class MqttConsumerDriver extends EventEmitter implements ContactCenterDriver {
  readonly vendor: string;
  readonly consumerId: string;
  private readonly tree: TopicTree;
  private readonly life: ConnectionLifecycle;
  private readonly link: BrokerLink;
  private readonly calls: PendingCalls;
  private readonly registry = new SubscriptionRegistry();
  private readonly subscribers = new Set<string>();
  private readonly statistics = new Map<string, RunningStatistics>();
  private readonly names = new Map<string, Map<string, string>>();
  private readonly ignored = new IgnoredTopics();
  /** The gateway's last connection state, while the broker connection lasts. */
  private gateway: ConnectionEnvelope | undefined;
  /** The broker refused the batch topic (warned once). */
  private batchesRefused = false;
  /** The PUBACKs of a burst's messages (QoS 1) in one write per turn. */
  private readonly acks = new WritePerTurn();
  /** The gateway session this consumer's owners were last sent to. */
  private syncedSession: string | undefined;

  constructor(private readonly options: ConsumerOptions) {
    super();
    this.vendor = options.vendor;
    this.consumerId = `${options.idBase ?? 'cc'}-${randomBytes(6).toString('hex')}`;
    this.tree = new TopicTree(options.tree.prefix, options.tree.serverId);
    this.life = new ConnectionLifecycle((change) => this.emit('state', change), options.backoff);
    this.calls = new PendingCalls(this.consumerId, options.maxPending ?? 1000);
    const offline: PresenceEnvelope = { cc: 1, kind: 'consumer', online: false };
    this.link = new BrokerLink(options.broker, this.consumerId, () => ({ topic: this.tree.consumer(this.consumerId), payload: encode(offline), qos: 1 }), {
      up: (client, version) => this.onUp(client, version),
      down: (detail, authFailed) => this.onDown(detail, authFailed),
      message: (topic, body, packet) => this.onMessage(topic, body, packet),
    });
  }

  get state(): ConnectionState {
    return this.life.state;
  }

  get lastState(): StateChange {
    return this.life.lastState;
  }

  start(): void {
    if (!this.life.start()) return;
    this.life.set({ state: 'connecting', detail: this.options.broker.url });
    this.link.connect();
    // Renew the lease while on the broker (a timer of the lifecycle: stop() clears it).
    this.life.interval(() => {
      const client = this.link.live;
      if (client) this.announce(client);
    }, this.leaseMs / 3);
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private announce(client: MqttClient): void {
    const online: PresenceEnvelope = { cc: 1, kind: 'consumer', online: true, leaseMs: this.leaseMs };
    client.publish(this.tree.consumer(this.consumerId), encode(online), { qos: 1 });
  }

  stop(): Promise<void> {
    return this.life.close(async () => {
      this.calls.failAll(() => new CcError('connection closed', 'CLOSED'));
      const client = this.link.live;
      if (client) {
        // The gateway releases everything this consumer's owners held.
        const offline: PresenceEnvelope = { cc: 1, kind: 'consumer', online: false };
        client.publish(this.tree.consumer(this.consumerId), encode(offline), { qos: 1 });
      }
      await this.link.end(END_WAIT_MS);
      this.gateway = undefined;
    });
  }

  // ------------------------------------------------------------------------------------------
  // The contract

  async subscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    this.assertRunning();
    this.registry.add(owner, spec);
    this.subscribers.add(owner);
    try {
      return (await this.call('subscribe', { owner, spec })) as Outcome;
    } catch (err) {
      // Refused: nothing stays recorded. Not sent (no gateway): kept, sent to the next session.
      if (!(err instanceof CcError) || err.code !== 'NOT_CONNECTED') this.registry.remove(owner, spec);
      throw err;
    }
  }

  async unsubscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    this.assertRunning();
    this.registry.remove(owner, spec);
    if (!this.ready) return { status: 'ok', text: 'not subscribed at a gateway', answer: undefined };
    return (await this.call('unsubscribe', { owner, spec })) as Outcome;
  }

  async releaseOwner(owner: string): Promise<void> {
    for (const spec of this.registry.ofOwner(owner)) this.registry.remove(owner, spec);
    this.subscribers.delete(owner);
    this.statistics.delete(owner);
    if (!this.ready) return;
    await this.call('releaseOwner', { owner });
  }

  listSubscriptions(): SubscriptionSpec[] {
    return this.registry.all();
  }

  async request(operation: string, params: Record<string, unknown>, options?: RequestOptions): Promise<unknown> {
    this.assertRunning();
    const timeoutMs = options?.timeoutMs ?? this.options.requestTimeoutMs;
    return this.call('request', { operation, params, timeoutMs }, timeoutMs);
  }

  startStatistics(owner: string, query: StatisticsQuery): StatisticsStart {
    const running: RunningStatistics = { query };
    // The gateway's driver makes the filter; until its answer arrives no event matches.
    const filter = { predicate: (e: Parameters<typeof matchesFilter>[1]) => (running.remote ? matchesFilter(running.remote, e) : false) };
    if (this.life.running) this.statistics.set(owner, running);
    const started = this.startRemote(owner, running);
    started.catch(() => undefined);
    return { filter, started };
  }

  async stopStatistics(owner: string): Promise<Outcome | undefined> {
    if (!this.statistics.delete(owner) || !this.ready) return undefined;
    return ((await this.call('stopStatistics', { owner })) as Outcome | null) ?? undefined;
  }

  async listEntities(kind: string, options?: RequestOptions): Promise<EntityOption[]> {
    this.assertRunning();
    const timeoutMs = options?.timeoutMs ?? this.options.requestTimeoutMs;
    const list = (await this.call('listEntities', { kind, timeoutMs }, timeoutMs)) as EntityOption[];
    this.remember(kind, list);
    return list;
  }

  entityName(kind: string, id: string): string | undefined {
    return this.names.get(kind)?.get(id);
  }

  // ------------------------------------------------------------------------------------------
  // Requests

  /** Connected to the broker and a gateway is online: requests can be sent. */
  private get ready(): boolean {
    return this.link.live !== undefined && this.gateway?.online === true;
  }

  private assertRunning(): void {
    if (!this.life.running) throw new CcError('connection closed', 'CLOSED');
  }

  private async startRemote(owner: string, running: RunningStatistics): Promise<Outcome> {
    try {
      this.assertRunning();
      const response = await this.exchange('startStatistics', { owner, query: running.query });
      // The gateway's driver made the query's filter; it comes with a refusal too (kept queries).
      const data = response.data as { filter?: WireFilter; outcome?: Outcome } | null | undefined;
      if (data?.filter) running.remote = data.filter;
      unwrap(response);
      return data?.outcome as Outcome;
    } catch (err) {
      // Refused: nothing stays recorded. Not connected: kept, started at the next session.
      if (!(err instanceof CcError && err.code === 'NOT_CONNECTED') && this.statistics.get(owner) === running) this.statistics.delete(owner);
      throw err;
    }
  }

  private async call(op: GatewayOperation, args: Record<string, unknown>, timeoutMs = this.options.requestTimeoutMs): Promise<unknown> {
    return unwrap(await this.exchange(op, args, timeoutMs));
  }

  /** One request to the gateway and its answer envelope (ok or error); NOT_CONNECTED / TIMEOUT / CLOSED here. */
  private async exchange(op: GatewayOperation, args: Record<string, unknown>, timeoutMs = this.options.requestTimeoutMs): Promise<ResponseEnvelope> {
    const client = this.link.live;
    if (!client || !this.gateway?.online) {
      const why = !client ? 'not connected to the MQTT broker' : 'no gateway of this server is online';
      throw new CcError(`${why}; the request was not sent`, 'NOT_CONNECTED');
    }
    const { transaction, answer } = this.calls.open(timeoutMs + GATEWAY_MARGIN_MS, op);
    const responseTopic = this.tree.response(this.consumerId);
    const body: RequestEnvelope = { cc: 1, kind: 'request', transaction, responseTopic, op, args };
    const properties = this.link.version === 5 ? { responseTopic, correlationData: Buffer.from(transaction) } : undefined;
    client.publish(this.tree.request(this.consumerId), encode(body), { qos: 1, properties }, (err) => {
      if (err) this.calls.fail(transaction, new CcError(`${op} not sent: ${err.message}`, 'NOT_CONNECTED'));
    });
    return answer;
  }

  // ------------------------------------------------------------------------------------------
  // Broker

  private onUp(client: MqttClient, version: MqttVersion): void {
    this.life.set({ state: 'authenticating', detail: `waiting for the gateway on ${this.options.broker.url} (MQTT ${version === 5 ? '5' : '3.1.1'})` });
    this.announce(client);
    // Every event (the gateway merged what every owner asked for; the nodes' EventIndex picks), the
    // connection state and entity names, and this consumer's answers; not the board tables (state/board/).
    const qos = this.options.tree.qos;
    client.subscribe([this.tree.events, ...this.tree.consumerState, this.tree.response(this.consumerId)], { qos }, (err) => {
      if (err) this.onDown(`subscribe on the broker failed: ${err.message}`, false);
    });
    // Batches (a gateway's "Event messages" `batched`) in a subscription of their own: a broker whose
    // ACL predates them refuses it, and the consumer still reads a gateway that sends each event.
    client.subscribe(this.tree.eventBatches, { qos }, (err) => {
      if (err && this.link.live === client && !this.batchesRefused) {
        this.batchesRefused = true;
        this.warn({ code: 'MQTT_BATCHES_REFUSED', message: `the broker refused the subscription to ${this.tree.eventBatches} (${err.message}): events of a gateway that batches them do not arrive`, detail: { topic: this.tree.eventBatches } });
      }
    });
  }

  private onDown(detail: string, authFailed: boolean): void {
    this.gateway = undefined;
    this.syncedSession = undefined;
    this.calls.failAll(() => new CcError(`${detail}; the answer is lost`, 'NOT_CONNECTED'));
    this.life.fail(authFailed ? 'auth-failed' : 'disconnected', detail, () => this.link.connect());
  }

  private onMessage(topic: string, body: Buffer, packet: IPublishPacket): void {
    // An empty retained message clears a topic (a gateway that was removed): not a foreign message.
    if (body.length === 0) return;
    const client = this.link.live;
    if (packet.qos === 1 && client) this.acks.hold(client);
    const env = parseEnvelope(body);
    switch (env?.kind) {
      case 'event':
        this.emit('event', eventOf(env));
        return;
      case 'events':
        return this.onBatch(topic, env.events);
      case 'connection':
        if (topic === this.tree.connection) return this.onGateway(env);
        break;
      case 'entities':
        if (this.tree.entityKindOf(topic) !== undefined) return this.remember(env.entityKind, env.entities);
        break;
      case 'response': {
        const correlation = packet.properties?.correlationData?.toString();
        if (correlation === undefined || correlation === env.transaction) this.calls.settle(env);
        return;
      }
    }
    this.foreign(topic, `ignored a message on ${topic} that is not a contact-center envelope`);
  }

  /** The events of a batch in order, each as from a message of its own; elements that are not events are skipped. */
  private onBatch(topic: string, events: unknown[]): void {
    let skipped = 0;
    for (const element of events) {
      if (isEventEnvelope(element)) this.emit('event', eventOf(element));
      else skipped++;
    }
    if (skipped > 0) this.foreign(topic, `ignored ${skipped} of ${events.length} elements of an event batch on ${topic} that are not event envelopes`);
  }

  /** Not the package's envelope: one warning per topic (a flood costs one line, not one per message). */
  private foreign(topic: string, message: string): void {
    if (this.ignored.firstTime(topic)) this.warn({ code: 'MQTT_FOREIGN_MESSAGE', message, detail: { topic } });
  }

  private onGateway(env: ConnectionEnvelope): void {
    const previous = this.gateway;
    // An offline will of a gateway that no longer leads says nothing about the one that does.
    if (!env.online && previous?.online && previous.gateway !== env.gateway) return;
    this.gateway = env;
    if (!env.online) {
      this.life.set({ state: 'disconnected', detail: `gateway ${env.gateway}: ${env.state.detail ?? 'offline'}` });
      return;
    }
    if (env.session !== this.syncedSession) {
      this.syncedSession = env.session;
      void this.restore();
    }
    const detail = `via MQTT gateway ${env.gateway}${env.state.detail ? `: ${env.state.detail}` : ''}`;
    const gatewayState = env.state.state;
    if (gatewayState === 'connected') return this.life.connected(detail);
    // Once down, the gateway's way back up (a takeover: connecting, authenticating) is one change
    // for the nodes, to connected, not a flurry of states they would each show and log.
    if (this.life.state === 'disconnected' && (gatewayState === 'connecting' || gatewayState === 'authenticating')) return;
    this.life.set({ state: gatewayState === 'stopped' ? 'disconnected' : gatewayState, detail: `gateway: ${env.state.detail ?? gatewayState}` });
  }

  /** Send what the owners hold to a new gateway session; failures are warnings, as a driver's restore. */
  private async restore(): Promise<void> {
    const jobs: Array<Promise<unknown>> = [];
    for (const owner of this.subscribers) {
      for (const spec of this.registry.ofOwner(owner)) {
        jobs.push(this.call('subscribe', { owner, spec }).catch((err: CcError) => this.restoreFailed('subscribe', owner, err)));
      }
    }
    for (const [owner, running] of this.statistics) {
      jobs.push(this.startRemote(owner, running).catch((err: CcError) => this.restoreFailed('startStatistics', owner, err)));
    }
    await Promise.all(jobs);
  }

  private restoreFailed(what: string, owner: string, err: CcError): void {
    if (err.code === 'CLOSED' || !this.life.running) return;
    this.warn({ code: 'MQTT_RESTORE_FAILED', message: `${what} of ${owner} at the gateway failed: ${err.message}`, detail: { owner, code: err.code } });
  }

  private remember(kind: string, list: EntityOption[]): void {
    const byId = new Map<string, string>();
    for (const e of list) if (e && typeof e.id === 'string') byId.set(e.id, typeof e.label === 'string' ? e.label : e.id);
    this.names.set(kind, byId);
  }

  private warn(warning: CcWarning): void {
    this.emit('warning', warning);
  }
}
