/**
 * Failover settings of a gateway: with "standby gateways" on, every gateway of a server competes
 * for the leader lock on `<prefix>/<server>/lock`, and only the leader holds the contact-center
 * connection (README, "Many Node-RED instances", failover rules).
 */
import type { ServerSettings } from '../core/driver';
import { CcError } from '../core/errors';
import type { LeaderRole } from './leader-role';

export const DEFAULT_TAKEOVER_MS = 10_000;

export interface FailoverSettings {
  /** Lock topic (TopicTree.lock). */
  topic: string;
  /** This gateway's name in the claims. */
  candidate: string;
  /** How long a standby waits for a silent leader before it takes over. */
  takeoverMs: number;
}

export function failoverEnabled(settings: ServerSettings): boolean {
  return settings.mqttFailover === true || settings.mqttFailover === 'true';
}

export function takeoverMs(settings: ServerSettings): number {
  const s = Number(settings.mqttTakeover);
  return Number.isFinite(s) && s > 0 ? s * 1000 : DEFAULT_TAKEOVER_MS;
}

/**
 * The lock of one gateway, or undefined without failover (the gateway then always leads).
 * MERGE SEAM: src/mqtt/leader-lock.ts is written by the leader-lock work; once it is merged this
 * body becomes `return new LeaderLock(failover)` (import { LeaderLock } from './leader-lock').
 * Until then a gateway with standbys is refused at deploy, never run without its lock.
 */
export function createLeaderLock(failover: FailoverSettings | undefined): LeaderRole | undefined {
  if (!failover) return undefined;
  throw new CcError('standby gateways need the leader lock (src/mqtt/leader-lock.ts), which this build does not have', 'UNSUPPORTED');
}
