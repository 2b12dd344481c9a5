/**
 * Failover settings of a gateway: with "standby gateways" on, every gateway of a server competes
 * for the leader lock on `<prefix>/<server>/lock`, and only the leader holds the contact-center
 * connection (README, "Many Node-RED instances", failover rules).
 */
import type { ServerSettings } from '../core/driver';
import { LeaderLock } from './leader-lock';
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

/** The lock of one gateway, or undefined without failover (the gateway then always leads). */
export function createLeaderLock(failover: FailoverSettings | undefined): LeaderRole | undefined {
  return failover ? new LeaderLock(failover) : undefined;
}
