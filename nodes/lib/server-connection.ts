import { EventEmitter } from 'events';
import type {
  ContactCenterDriver,
  DriverFactory,
  EntityOption,
  Outcome,
  RequestOptions,
  StatisticsQuery,
  StatisticsStart,
  SubscriptionSpec,
  VendorDefinition,
} from '../../src/core/driver';
import { CcError } from '../../src/core/errors';
import { EventIndex } from '../../src/core/event-index';
import type { CcEvent, CcWarning, Protocol, StateChange } from '../../src/core/types';
import { ListenerTracker } from './listeners';

export interface ServerLog {
  warn(message: string): void;
  error(message: string): void;
}

const STOPPED: StateChange = { state: 'stopped' };

/**
 * The state the nodes see: the driver's, or `stopped` while it runs none. A standby MQTT gateway
 * (another gateway of the server holds the leader lock) is `stopped` with `standby` set and the
 * leader's gateway id when the lock knows it, so that its nodes say "standby", not "stopped".
 */
export interface ServerState extends StateChange {
  standby?: true;
  leader?: string;
}

/** The lock's view while this gateway is a standby. */
export interface StandbyView {
  /** The leading gateway's id; undefined while nobody holds the lock. */
  leader?: string;
}

function standbyState(view: StandbyView): ServerState {
  const detail = view.leader ? `standby: gateway ${view.leader} leads` : 'standby: no gateway leads';
  return view.leader ? { state: 'stopped', detail, standby: true, leader: view.leader } : { state: 'stopped', detail, standby: true };
}

/**
 * One cc-server's connection as the palette nodes share it (the MQTT broker node pattern):
 * the vendor's driver is created and started when the first node registers and stopped when the
 * last one leaves. Everything vendor-specific is behind `vendor` (static knowledge) and the driver
 * (the live connection); this class only shares them. Events are routed through an EventIndex so that each event reaches only the nodes that
 * want it; the connection's own lifecycle and warnings are routed the same way (families
 * `connection` and `warning`).
 *
 * Emits 'state' (ServerState) for the nodes' status, and 'client' (the driver, or undefined when it
 * stops) for an MQTT gateway that publishes what the driver receives.
 */
export class ServerConnection extends EventEmitter {
  readonly index = new EventIndex();
  private readonly users = new Set<string>();
  private client: ContactCenterDriver | undefined;
  /** The listeners on the current driver (each driver its own: an old one may still be stopping). */
  private clientListeners: ListenerTracker | undefined;
  private stopping: Promise<void> | undefined;
  private closed = false;
  private startPending = false;
  private countdown: NodeJS.Timeout | undefined;
  private standby: StandbyView | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly vendor: VendorDefinition,
    private readonly factory: DriverFactory,
    private readonly log: ServerLog,
  ) {
    super();
    // Every palette node of this server listens for 'state'; more than ten is normal.
    this.setMaxListeners(0);
  }

  /** The current state (stopped while no node uses the server, standby on a standby gateway). */
  get state(): ServerState {
    if (this.client) return this.client.lastState;
    return this.standby ? standbyState(this.standby) : STOPPED;
  }

  get userCount(): number {
    return this.users.size;
  }

  /** The vendor name (`protocol` of the cc-server), as events carry it. */
  get protocol(): Protocol {
    return this.vendor.vendor as Protocol;
  }

  /** The live driver, for tests and for listenerCount checks. */
  get currentClient(): ContactCenterDriver | undefined {
    return this.client;
  }

  /** A palette node starts using the connection; the first one starts it. */
  register(owner: string): void {
    if (this.closed) return;
    this.users.add(owner);
    if (this.client || this.startPending || this.standby) return;
    // Start once the nodes of this deploy have all registered (and added their listeners), so that
    // every node sees the whole lifecycle from "connecting" on.
    this.startPending = true;
    setImmediate(() => {
      this.startPending = false;
      if (!this.closed && !this.client && !this.standby && this.users.size > 0) this.startClient();
    });
  }

  /**
   * A standby MQTT gateway (another gateway holds the leader lock) runs no driver: stop it now, start
   * it again when the lock makes this one the leader (`undefined`). Meanwhile the nodes show the
   * standby state with the leader the lock knows of, and requests fail at once with STANDBY.
   */
  setStandby(standby: StandbyView | undefined): void {
    if (this.closed) return;
    const was = this.standby;
    if (!was && !standby) return;
    if (was && standby && was.leader === standby.leader) return;
    this.standby = standby ? { ...standby } : undefined;
    if (standby) {
      // A running driver says `stopped` once it has stopped; without one the change is news now.
      if (this.client) void this.stopClient();
      else this.onState(this.state);
    } else if (!this.client && this.users.size > 0 && !this.startPending) {
      this.startClient();
    } else if (!this.client) {
      this.onState(this.state);
    }
  }

  /** A palette node leaves: its subscriptions and listeners go; the last one stops the client. */
  async deregister(owner: string): Promise<void> {
    this.index.remove(owner);
    if (!this.users.delete(owner)) return;
    const client = this.client;
    if (client) {
      try {
        await client.releaseOwner(owner);
      } catch {
        // Closing or disconnected: the client forgets the owner's subscriptions either way.
      }
    }
    if (this.users.size === 0) await this.stopClient();
  }

  /** The cc-server node itself is closed: stop whatever is left, then what the factory holds. */
  async close(): Promise<void> {
    this.closed = true;
    this.users.clear();
    await this.stopClient();
    await this.factory.close();
  }

  subscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    return this.requireClient().subscribe(owner, spec);
  }

  unsubscribe(owner: string, spec: SubscriptionSpec): Promise<Outcome> {
    return this.requireClient().unsubscribe(owner, spec);
  }

  startStatistics(owner: string, query: StatisticsQuery): StatisticsStart {
    return this.requireClient().startStatistics(owner, query);
  }

  async stopStatistics(owner: string): Promise<Outcome | undefined> {
    return this.client ? this.client.stopStatistics(owner) : undefined;
  }

  listEntities(kind: string, options?: RequestOptions): Promise<EntityOption[]> {
    return this.requireClient().listEntities(kind, options);
  }

  entityName(kind: string, id: string): string | undefined {
    return this.client?.entityName(kind, id);
  }

  listSubscriptions(): SubscriptionSpec[] {
    return this.client ? this.client.listSubscriptions() : [];
  }

  request(operation: string, params: Record<string, unknown>, options?: RequestOptions): Promise<unknown> {
    return this.requireClient().request(operation, params, options);
  }

  /** Route one event to the nodes that want it (also used for the webhook's own events). */
  dispatch(event: CcEvent): void {
    this.index.dispatch(event, (err, owner) => this.log.error(`event listener of ${owner} failed: ${(err as Error).message}`));
  }

  private requireClient(): ContactCenterDriver {
    if (this.client) return this.client;
    if (this.standby) {
      const leader = this.standby.leader ? `gateway ${this.standby.leader} leads` : 'no gateway leads at the moment';
      throw new CcError(
        `server "${this.name}": this gateway is standby (${leader}); only the leader runs requests: use a cc-server "via MQTT" for requests on every replica`,
        'STANDBY',
      );
    }
    throw new CcError(`server "${this.name}" is not started`, 'NOT_CONNECTED');
  }

  private startClient(): void {
    let client: ContactCenterDriver;
    try {
      client = this.factory.create();
    } catch (err) {
      // A configuration the client refuses (bad URL, port...): say so once, stay stopped.
      this.log.error((err as Error).message);
      return;
    }
    this.client = client;
    const listeners = new ListenerTracker((err) => this.log.error(`listener failed: ${(err as Error).message}`));
    this.clientListeners = listeners;
    // A driver that is being stopped speaks no more for the server: its last states and events
    // would otherwise land after those of a driver started meanwhile (standby, then leader again).
    const current = (): boolean => this.client === client;
    listeners.on(client, 'event', (event: CcEvent) => current() && this.dispatch(event));
    listeners.on(client, 'state', (change: StateChange) => current() && this.onState(change));
    listeners.on(client, 'warning', (warning: CcWarning) => this.onWarning(warning));
    this.emit('client', client);
    client.start();
    this.onState(client.lastState);
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    if (!client) return this.stopping;
    const listeners = this.clientListeners;
    this.client = undefined;
    this.clientListeners = undefined;
    this.emit('client', undefined);
    this.stopping = (async () => {
      try {
        await client.stop();
      } catch (err) {
        this.log.warn(`stop failed: ${(err as Error).message}`);
      } finally {
        listeners?.removeAll();
        // Unless a new driver started meanwhile (the lock made this gateway leader again).
        if (!this.client) this.onState(this.state);
      }
    })();
    return this.stopping;
  }

  private onState(change: StateChange): void {
    this.stopCountdown();
    this.emit('state', change);
    this.dispatch({
      protocol: this.protocol,
      family: 'connection',
      type: 'connection',
      receivedAt: new Date().toISOString(),
      payload: { ...change },
      keys: [],
    });
    this.startCountdown(change);
  }

  /**
   * While a retry is scheduled, the nodes' "retry in N s" counts down (one timer per server, not
   * per node), so that a long backoff does not look like a node stuck in one state.
   */
  private startCountdown(change: StateChange): void {
    if (change.state !== 'disconnected' || change.retryInMs === undefined || change.retryInMs < 2000) return;
    const until = Date.now() + change.retryInMs;
    this.countdown = setInterval(() => {
      const left = until - Date.now();
      if (left < 1000) return this.stopCountdown();
      this.emit('state', { ...change, retryInMs: left });
    }, 1000);
    this.countdown.unref?.();
  }

  private stopCountdown(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = undefined;
  }

  private onWarning(warning: CcWarning): void {
    this.emit('warning', warning);
    this.dispatch({
      protocol: this.protocol,
      family: 'warning',
      type: 'warning',
      receivedAt: new Date().toISOString(),
      payload: { ...warning },
      keys: [],
    });
  }
}
