/**
 * A leader lock on an MQTT broker: of several gateways for one contact-center server, exactly one
 * (the leader) holds the server connection; the others (standbys) wait and take over when it dies
 * or loses the broker. docs/failover.md explains the rules with a timeline; in short:
 *
 * MQTT has no compare-and-set, so the lock is one retained claim `{holder, epoch, online,
 * timestamp}` on one topic (leader-claim.ts), modelled on Sparkplug B's host STATE: the holder's
 * last will is the same claim with `online: false`, and every reader keeps the claim it saw last
 * and ignores anything older (leader-claim.ts `supersedes`: higher epoch wins; at an equal epoch,
 * the lower candidate id; an offline message ends only the connection that made the claim).
 *
 * - Takeover: a standby claims (epoch = highest seen + 1) only after the claim has been offline or
 *   absent for `takeoverMs` while it watched (no wait after a deliberate release), then waits
 *   `settleMs`: it becomes leader only if its own claim came back from the broker and nothing
 *   outranked it meanwhile. Two standbys that claim together: the lower id wins, the other
 *   withdraws within the settle period. "Together" includes a standby whose own takeover was due
 *   within half a settle period when a higher id's claim arrived: it claims the same epoch at its
 *   due time, so candidates started together always end with the same leader.
 * - Step down: a leader that sees a claim that outranks its own steps down at once. A leader that
 *   hears nothing from the broker for `takeoverMs / 2` (it sends a heartbeat when the link is
 *   quiet) steps down, whether or not its socket has noticed. A standby can take over no earlier
 *   than `takeoverMs + settleMs` after the leader last heard from the broker (the will is
 *   published after the broker lost the leader, the claim gone from a restarted broker is noticed
 *   after the standby reconnected), so the leader is gone first: no moment with two leaders, as
 *   long as a message crosses the broker in less than `settleMs` and timers are not late by more
 *   than `takeoverMs / 4`.
 * - A leader that reconnects before its step-down deadline claims again on the new connection
 *   with the same epoch, which readers take over its own will: a short blip is no failover. With
 *   MQTT v5 the will also carries a will delay (`willDelaySec`), so a blip shorter than that
 *   publishes nothing at all, provided the client keeps its session at least as long
 *   (`sessionExpiryInterval`). The step-down deadline does not count on it.
 * - A candidate that finds its own claim online from a connection it no longer has (it crashed
 *   and came back with the same id, or stepped down while cut off) marks that claim offline.
 *
 * Use: give `will()` to the client's connect options (every connect: it names the connection),
 * call `attach(client)` after every (re)connect, `release()` before ending the client (a clean
 * DISCONNECT discards the will, so a holder that ends without release() keeps the lock forever).
 * The lock publishes only while its client is connected and never keeps a timer after release().
 */
import { EventEmitter } from 'events';
import type { IClientOptions, MqttClient } from 'mqtt';
import { decodeClaim, encodeClaim, LeaderClaim, sameConnection, supersedes } from './leader-claim';

export type LeaderRoleName = 'leader' | 'standby' | 'unknown';

export interface LeaderLockOptions {
  /** The retained claim's topic, e.g. `<prefix>/<server>/leader`. */
  topic: string;
  /** This candidate's id, unique among the candidates; the lower id wins a tie. */
  candidate: string;
  /** How long the claim must be offline or absent before a standby claims (the caller's default: 10 s). */
  takeoverMs: number;
  /** After claiming, how long to wait for a claim that outranks it. Default takeoverMs / 10, 200 ms to 2 s. */
  settleMs?: number;
  /** MQTT v5 will delay, seconds. Default takeoverMs / 4 s rounded down, at most 2. Ignored by 3.1.1. */
  willDelaySec?: number;
  now?: () => number;
}

export type LockWill = NonNullable<IClientOptions['will']>;

/** How long release() waits for the broker to take the offline claim and the unsubscribe. */
const RELEASE_TIMEOUT_MS = 2000;

export class LeaderLock extends EventEmitter {
  private readonly topic: string;
  private readonly candidate: string;
  private readonly takeoverMs: number;
  private readonly settleMs: number;
  private readonly fenceMs: number;
  private readonly heartbeatMs: number;
  private readonly willDelaySec: number;
  private readonly now: () => number;

  private currentRole: LeaderRoleName = 'unknown';
  /** The claim this reader saw last and took (the lock's view of who holds it). */
  private current: LeaderClaim | undefined;
  /** Whether `current` was heard on the present connection (else a broker restart may have lost it). */
  private currentConfirmed = false;
  private highestEpoch = 0;
  /** While leader: the epoch it leads with. */
  private leaderEpoch = 0;
  /**
   * A claim by a higher id that arrived when our own takeover was due within half the settle
   * period: we were both ready together, so we claim too at our due time and win the tie-break.
   */
  private contender: LeaderClaim | undefined;
  /** While settling: the claim it published. */
  private claiming: { claim: LeaderClaim; echoed: boolean } | undefined;

  private client: MqttClient | undefined;
  /** The timestamp naming the present connection (its will's and its claims'). */
  private connection = 0;
  private lastTimestamp = 0;
  private pendingWill: LeaderClaim | undefined;
  private lastHeard = 0;
  private released = false;
  /** The holder as last announced by a 'holder' event. */
  private announcedHolder: string | undefined;
  private readonly warned = new Set<string>();

  private takeoverTimer: NodeJS.Timeout | undefined;
  private takeoverDue = 0;
  private settleTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  private readonly onMessage = (topic: string, payload: Buffer): void => this.receive(topic, payload);
  private readonly onPacket = (): void => {
    this.lastHeard = this.now();
  };
  private readonly onClose = (): void => this.lostConnection();

  constructor(options: LeaderLockOptions) {
    super();
    if (!(options.takeoverMs > 0)) throw new RangeError('takeoverMs must be positive');
    this.topic = options.topic;
    this.candidate = options.candidate;
    this.takeoverMs = options.takeoverMs;
    this.settleMs = options.settleMs ?? Math.min(2000, Math.max(200, Math.round(options.takeoverMs / 10)));
    this.fenceMs = Math.floor(options.takeoverMs / 2);
    this.heartbeatMs = Math.max(20, Math.floor(this.fenceMs / 4));
    this.willDelaySec = options.willDelaySec ?? Math.min(2, Math.floor(options.takeoverMs / 4000));
    this.now = options.now ?? Date.now;
  }

  get role(): LeaderRoleName {
    return this.currentRole;
  }

  get epoch(): number {
    return this.currentRole === 'leader' ? this.leaderEpoch : (this.current?.epoch ?? 0);
  }

  /** The candidate holding the lock as far as this reader knows; undefined while nobody does. */
  get holder(): string | undefined {
    return this.current?.online ? this.current.holder : undefined;
  }

  /** The last will for the next connection: this candidate's claim, offline, naming that connection. */
  will(): LockWill {
    if (!this.pendingWill) {
      this.pendingWill = { holder: this.candidate, epoch: this.epoch, online: false, timestamp: this.nextTimestamp() };
    }
    const will: LockWill = { topic: this.topic, payload: Buffer.from(encodeClaim(this.pendingWill)), qos: 1, retain: true };
    if (this.willDelaySec > 0) will.properties = { willDelayInterval: this.willDelaySec };
    return will;
  }

  /** After every (re)connect of `client`: watch the claim topic, and claim again if leading. */
  attach(client: MqttClient): void {
    if (this.released) throw new Error('LeaderLock: attach() after release()');
    if (client !== this.client) {
      this.detach();
      this.client = client;
      client.on('message', this.onMessage);
      client.on('packetreceive', this.onPacket);
      client.on('close', this.onClose);
    }
    this.connection = this.connectionOf(client);
    // The will for a reconnect of this same client (mqtt.js reads options.will at each connect).
    this.pendingWill = undefined;
    client.options.will = this.will();
    this.lastHeard = this.now();
    this.currentConfirmed = false;
    if (this.currentRole === 'leader') {
      // Claim again on this connection before the retained will of the last one arrives: readers
      // take it over that will (same holder, same epoch, newer connection).
      this.current = this.claimOf(this.leaderEpoch);
      this.currentConfirmed = true;
      this.publishClaim(this.current);
    } else if (this.currentRole === 'unknown') {
      this.setRole('standby');
    }
    client.subscribe(this.topic, { qos: 1 }, (err) => {
      if (err) this.warnOnce('subscribe', `leader lock: cannot subscribe to ${this.topic}: ${err.message}`);
    });
    this.evaluate();
  }

  /** Gives the lock up: offline claim (retained), unsubscribe, no timer left. Final. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const client = this.client;
    const holding = this.currentRole === 'leader' ? this.leaderEpoch : this.claiming?.claim.epoch;
    const wasLeader = this.currentRole === 'leader';
    this.clearTimers();
    this.claiming = undefined;
    this.currentRole = 'unknown';
    this.detach();
    if (wasLeader) this.emit('standby', { holder: undefined, epoch: this.leaderEpoch });
    if (!client?.connected) return;
    if (holding !== undefined) {
      const offline: LeaderClaim = { ...this.claimOf(holding), online: false, released: true };
      await bounded(client.publishAsync(this.topic, encodeClaim(offline), { qos: 1, retain: true }));
    }
    await bounded(client.unsubscribeAsync(this.topic));
  }

  private receive(topic: string, payload: Buffer): void {
    if (topic !== this.topic || this.released) return;
    const claim = decodeClaim(payload);
    if (!claim) {
      this.warnOnce('payload', `leader lock: ignored a message on ${topic} that is not a claim`);
      // It replaced the retained claim: the leader puts its own back.
      if (this.currentRole === 'leader') this.publishClaim(this.claimOf(this.leaderEpoch));
      return;
    }
    this.highestEpoch = Math.max(this.highestEpoch, claim.epoch);
    if (!supersedes(claim, this.current)) {
      // Stale (a late will, a loser's claim): readers ignore it, but it may now be the retained
      // value a late joiner reads, so the leader puts its own claim back.
      if (this.currentRole === 'leader') this.publishClaim(this.claimOf(this.leaderEpoch));
      return;
    }
    const readyTogether =
      this.takeoverTimer !== undefined && claim.online && claim.holder > this.candidate && this.takeoverDue <= this.now() + this.settleMs / 2;
    this.contender = readyTogether ? claim : undefined;
    this.current = claim;
    this.currentConfirmed = true;
    const ours = claim.holder === this.candidate;
    if (this.currentRole === 'leader') {
      if (!(ours && claim.online && claim.epoch === this.leaderEpoch)) this.stepDown();
    } else if (this.claiming) {
      const mine = this.claiming.claim;
      if (sameConnection(claim, mine) && claim.online && claim.epoch === mine.epoch) this.claiming.echoed = true;
      else if (supersedes(claim, mine)) this.abortClaim();
    }
    if (this.currentRole !== 'leader' && !this.claiming && ours && claim.online) {
      // Our claim, but we do not lead: a connection of ours that is gone, or a claim we withdrew.
      this.publishClaim({ ...claim, online: false });
    }
    this.evaluate();
    this.announceHolder();
  }

  /** Starts or stops the takeover clock: it runs while connected, not leading, nobody holding. */
  private evaluate(): void {
    const connected = this.client?.connected === true;
    const nobody = !this.current || !this.current.online || !this.currentConfirmed || this.contender !== undefined;
    if (!connected || this.currentRole === 'leader' || this.claiming || !nobody) {
      this.stopTakeover();
      return;
    }
    const delay = this.current?.released && this.currentConfirmed ? 0 : this.takeoverMs;
    const due = this.now() + delay;
    if (this.takeoverTimer && this.takeoverDue <= due) return;
    this.stopTakeover();
    this.takeoverDue = due;
    this.takeoverTimer = setTimeout(() => {
      this.takeoverTimer = undefined;
      this.startClaim();
    }, delay);
  }

  private startClaim(): void {
    if (this.released || !this.client?.connected) return;
    const contender = this.contender;
    this.contender = undefined;
    const claim = this.claimOf(contender ? contender.epoch : Math.max(this.highestEpoch, this.current?.epoch ?? 0) + 1);
    this.claiming = { claim, echoed: false };
    this.publishClaim(claim);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.settled();
    }, this.settleMs);
  }

  private settled(): void {
    const attempt = this.claiming;
    if (!attempt) return;
    const { claim, echoed } = attempt;
    const current = this.current;
    const stillOurs = current !== undefined && sameConnection(current, claim) && current.online && current.epoch === claim.epoch;
    if (!echoed || !stillOurs || !this.client?.connected) {
      this.abortClaim();
      // Not heard back in time: take it back in case it lands later.
      if (!echoed && this.client?.connected) this.publishClaim({ ...claim, online: false });
      this.evaluate();
      return;
    }
    this.claiming = undefined;
    this.leaderEpoch = claim.epoch;
    this.setRole('leader');
    // Put our claim back as the retained value in case a loser's claim landed after ours.
    this.publishClaim(claim);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.heartbeatMs);
  }

  /** While leading: step down when the broker has been silent too long, else keep the link busy. */
  private heartbeat(): void {
    const silent = this.now() - this.lastHeard;
    if (silent > this.fenceMs) {
      // Our claim is as good as gone (its will is, or soon will be, published): no holder known.
      if (this.current) this.current = { ...this.current, online: false };
      this.stepDown();
      this.evaluate();
      this.announceHolder();
      return;
    }
    if (silent >= this.heartbeatMs && this.client?.connected) this.publishClaim(this.claimOf(this.leaderEpoch));
  }

  private stepDown(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.setRole('standby');
  }

  private abortClaim(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.claiming = undefined;
  }

  private lostConnection(): void {
    // Blind now: no takeover and no claim while the claim topic cannot be watched. A leader keeps
    // leading until its step-down deadline (heartbeat) unless it reconnects before.
    this.stopTakeover();
    this.abortClaim();
    this.currentConfirmed = false;
  }

  private setRole(role: 'leader' | 'standby'): void {
    if (this.currentRole === role) return;
    this.currentRole = role;
    if (role === 'leader') this.emit('leader', { epoch: this.leaderEpoch });
    else this.emit('standby', { holder: this.holder, epoch: this.epoch });
  }

  /**
   * 'holder' (the holder's id, or undefined while nobody holds the lock) whenever it changes, so that
   * a standby can say which gateway leads (its nodes' status) without polling.
   */
  private announceHolder(): void {
    const holder = this.holder;
    if (holder === this.announcedHolder) return;
    this.announcedHolder = holder;
    this.emit('holder', holder);
  }

  private claimOf(epoch: number): LeaderClaim {
    return { holder: this.candidate, epoch, online: true, timestamp: this.connection };
  }

  private publishClaim(claim: LeaderClaim): void {
    const client = this.client;
    // Never queued while offline: a claim sent after a reconnect would speak for a gone connection.
    if (!client?.connected) return;
    client.publish(this.topic, encodeClaim(claim), { qos: 1, retain: true }, (err) => {
      if (err) this.warnOnce('publish', `leader lock: cannot publish the claim on ${this.topic}: ${err.message}`);
    });
  }

  /** The timestamp of the will this client connected with, if it is ours; a new one otherwise. */
  private connectionOf(client: MqttClient): number {
    const will = client.options.will;
    const claim = will && will.topic === this.topic && will.payload !== undefined ? decodeClaim(Buffer.from(will.payload)) : undefined;
    if (claim && claim.holder === this.candidate && !claim.online) return claim.timestamp;
    this.warnOnce('will', `leader lock: the client for ${this.candidate} did not connect with the lock's will; a crash would keep the lock`);
    return this.nextTimestamp();
  }

  private nextTimestamp(): number {
    this.lastTimestamp = Math.max(this.now(), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  private stopTakeover(): void {
    if (this.takeoverTimer) clearTimeout(this.takeoverTimer);
    this.takeoverTimer = undefined;
    this.contender = undefined;
  }

  private clearTimers(): void {
    this.stopTakeover();
    this.abortClaim();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private detach(): void {
    const client = this.client;
    if (!client) return;
    client.off('message', this.onMessage);
    client.off('packetreceive', this.onPacket);
    client.off('close', this.onClose);
    this.client = undefined;
  }

  private warnOnce(kind: string, text: string): void {
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    this.emit('warning', text);
  }
}

/** Waits for `promise` at most RELEASE_TIMEOUT_MS; its failure is not the caller's (the will covers it). */
async function bounded(promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, RELEASE_TIMEOUT_MS);
  });
  try {
    await Promise.race([promise.then(() => undefined, () => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
