/**
 * The seam between the gateway and the leader lock (leader-lock.ts): what the gateway needs of a
 * lock, so that any implementation with this shape can be dropped in. Without a lock a gateway is
 * the leader for as long as it runs (one gateway per server).
 */
import type { EventEmitter } from 'events';
import type { MqttClient } from 'mqtt';

export type Role = 'leader' | 'standby' | 'unknown';

export interface LockWill {
  topic: string;
  payload: string | Buffer;
  retain?: boolean;
  qos?: 0 | 1 | 2;
  properties?: { willDelayInterval?: number };
}

/**
 * A leader lock on the broker. Emits 'leader' ({epoch}) and 'standby' ({holder, epoch}) on every
 * change of role; a leader that loses the broker steps down (emits 'standby') before any standby
 * may take over. May emit 'holder' (id or undefined) when the holder it knows of changes.
 */
export interface LeaderRole extends EventEmitter {
  readonly role: Role;
  readonly epoch: number;
  readonly holder?: string;
  /** The lock's last will (its claim with online:false), for the connect options of its client. */
  will(): LockWill;
  /** Call after every (re)connect of the lock's client. */
  attach(client: MqttClient): void;
  /** Publish the offline claim and unsubscribe. */
  release(): Promise<void>;
}
