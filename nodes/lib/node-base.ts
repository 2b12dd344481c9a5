import type { Outcome, SubscriptionSpec } from '../../src/core/driver';
import { isCcError } from '../../src/core/errors';
import { translator, type Translate } from './i18n';
import { CLOSE_LIMITS_MS, closeWithin } from './close-handler';
import { ListenerTracker } from './listeners';
import type { NodeAPI, NodeStatus, RedNode } from './red';
import type { ServerConnection, ServerState } from './server-connection';
import { findServer } from './server-lookup';
import { statusFor } from './status';

/** How long a subscribed node waits for its first event before it says "no events yet". */
const DEFAULT_QUIET_MS = 60_000;

/**
 * What every palette node shares: the server lookup and registration, status from the server's
 * state, the listener bookkeeping, owned subscriptions (made when connected, restored by the
 * client after reconnects) and the close handler.
 */
export class NodeBase {
  readonly _: Translate;
  readonly server: ServerConnection | undefined;
  readonly listeners: ListenerTracker;
  private subscriptions: SubscriptionSpec[] = [];
  private subscribed = false;
  private quietTimer: NodeJS.Timeout | undefined;
  private sawEvent = false;
  private overlay: NodeStatus | undefined;
  private lastChange: ServerState | undefined;
  private readonly closers: Array<() => void | Promise<void>> = [];
  closing = false;

  constructor(
    readonly RED: NodeAPI,
    readonly node: RedNode,
    serverId: string | undefined,
    /** Whether this node waits for events (then it says so when none arrive). */
    private readonly expectsEvents = false,
  ) {
    this._ = translator(node);
    this.listeners = new ListenerTracker((err) => {
      const message = (err as Error)?.message ?? String(err);
      node.error(this._('common.errors.listener-failed', { message }));
      node.status({ fill: 'red', shape: 'dot', text: this._('common.status.failed') });
    });
    this.server = findServer(RED, serverId);
    if (!this.server) {
      node.status({ fill: 'red', shape: 'ring', text: this._('common.status.no-server') });
      node.error(this._('common.errors.no-server'));
    } else {
      this.listeners.on(this.server, 'state', (change: ServerState) => this.onState(change));
      this.server.register(node.id);
      this.onState(this.server.state);
    }
    // Unsubscribing waits for the server's answer; a server that does not answer must not hold
    // the deploy, so the close ends after its limit regardless.
    closeWithin(node, CLOSE_LIMITS_MS.paletteNode, () => this.close());
  }

  get connected(): boolean {
    return this.server?.state.state === 'connected';
  }

  /** Subscriptions this node owns (auto-subscribe, static settings). Made when connected. */
  setSubscriptions(specs: SubscriptionSpec[]): void {
    this.subscriptions = specs;
    this.subscribed = false;
    if (this.connected) this.subscribeOwned();
  }

  /** Run on close before deregistering (stop queries, clear timers). */
  onClose(fn: () => void | Promise<void>): void {
    this.closers.push(fn);
  }

  /** An event arrived for this node: end the "no events yet" hint. */
  noteEvent(): void {
    if (this.sawEvent) return;
    this.sawEvent = true;
    this.clearQuietTimer();
    if (this.overlay?.text === this._('common.status.no-events')) this.setOverlay(undefined);
  }

  /** A status over the connection's (a failure, a partial answer); undefined shows the state again. */
  setOverlay(status: NodeStatus | undefined): void {
    this.overlay = status;
    this.refreshStatus();
  }

  refreshStatus(): void {
    if (!this.server) return;
    if (this.overlay) this.node.status(this.overlay);
    else this.node.status(statusFor(this.lastChange ?? this.server.state, this._));
  }

  private onState(change: ServerState): void {
    if (this.closing) return;
    // The latest change as emitted (the server's countdown updates retryInMs between states).
    this.lastChange = change;
    // A failure shown before a reconnect is stale after it.
    if (change.state !== 'connected' || this.overlay?.fill === 'red') this.overlay = undefined;
    this.refreshStatus();
    if (change.state === 'connected') {
      if (!this.subscribed) this.subscribeOwned();
      this.armQuietTimer();
    } else {
      this.clearQuietTimer();
    }
  }

  private subscribeOwned(): void {
    const server = this.server;
    if (!server || this.subscriptions.length === 0) return;
    this.subscribed = true;
    for (const spec of this.subscriptions) {
      server.subscribe(this.node.id, spec).then(
        (outcome) => this.showOutcome(spec.type, outcome),
        (err: unknown) => {
          if (this.closing) return;
          // Not connected any more: try again at the next connect.
          if (isCcError(err, 'NOT_CONNECTED', 'CLOSED', 'TIMEOUT')) this.subscribed = false;
          if (!isCcError(err, 'CLOSED')) this.node.error(`${spec.type}: ${(err as Error).message}`);
          // Refused by the server or by the table: show it, not a green "no events yet".
          if (!isCcError(err, 'NOT_CONNECTED', 'CLOSED', 'TIMEOUT')) {
            this.setOverlay({ fill: 'red', shape: 'dot', text: this._('common.status.failed') });
          }
        },
      );
    }
  }

  /** ok: nothing to show; partial: yellow, with a warning saying what was left out. */
  showOutcome(what: string, outcome: Outcome): void {
    if (outcome.status !== 'partial' || this.closing) return;
    this.node.warn(`${what}: ${describePartial(outcome)}`);
    this.setOverlay({ fill: 'yellow', shape: 'dot', text: this._('common.status.partial') });
  }

  private armQuietTimer(): void {
    if (!this.expectsEvents || this.sawEvent || this.quietTimer) return;
    const configured = Number(this.RED.settings?.ccNoEventsHintMs);
    const quietMs = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_QUIET_MS;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      if (!this.sawEvent && this.connected && !this.overlay) {
        this.setOverlay({ fill: 'green', shape: 'ring', text: this._('common.status.no-events') });
      }
    }, quietMs);
    this.quietTimer.unref?.();
  }

  private clearQuietTimer(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
  }

  private async close(): Promise<void> {
    this.closing = true;
    this.clearQuietTimer();
    for (const fn of this.closers.splice(0)) {
      try {
        await fn();
      } catch {
        // Best effort on the way out: the server may already be gone.
      }
    }
    this.listeners.removeAll();
    if (this.server) await this.server.deregister(this.node.id);
  }
}

/** What a partial answer left out, in the server's words where it gave any. */
export function describePartial(outcome: Outcome): string {
  const missing = outcome.missing?.length ? `not accepted: ${outcome.missing.join(', ')}` : '';
  return [missing, outcome.text].filter(Boolean).join('; ') || 'partly accepted';
}
