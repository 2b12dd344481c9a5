/**
 * The leader claim of leader-lock.ts and the rules every reader applies to it. Pure functions: no
 * timers, no client. The claim is one retained message on the lock topic, modelled on Sparkplug B's
 * host STATE message: `{holder, epoch, online, timestamp}`.
 *
 * - `holder`: the candidate id that claims (or claimed) the lock.
 * - `epoch`: grows by one on every takeover; a higher epoch always wins.
 * - `online`: true while the holder's connection lives; false in its last will and on release.
 * - `timestamp`: names the holder's MQTT connection (ms since 1970 when its will was made). The
 *   online claim and the will of one connection carry the same timestamp, as Sparkplug's birth and
 *   will do, so an offline message ends exactly the connection that made the claim and no other.
 * - `released` (optional, offline only): the holder gave the lock up on purpose; standbys need not
 *   wait for the takeover time.
 */
export interface LeaderClaim {
  holder: string;
  epoch: number;
  online: boolean;
  timestamp: number;
  released?: true;
}

/** The claim as it travels: compact JSON. */
export function encodeClaim(claim: LeaderClaim): string {
  return JSON.stringify(claim);
}

/** A claim, or undefined for anything that is not one (the lock ignores it, with one warning). */
export function decodeClaim(payload: Buffer | string): LeaderClaim | undefined {
  const text = payload.toString();
  if (text.length === 0 || text.length > 4096) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { holder, epoch, online, timestamp, released } = value as Record<string, unknown>;
  if (typeof holder !== 'string' || holder.length === 0) return undefined;
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) return undefined;
  if (typeof online !== 'boolean' || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return undefined;
  const claim: LeaderClaim = { holder, epoch, online, timestamp };
  if (released === true && !online) claim.released = true;
  return claim;
}

/** Same holder and same connection: an offline message for this claim ends it. */
export function sameConnection(a: LeaderClaim, b: LeaderClaim): boolean {
  return a.holder === b.holder && a.timestamp === b.timestamp;
}

/**
 * Whether a reader whose current claim is `current` takes `next` as the new current claim. A claim
 * that is not taken is stale (older than what the reader saw) and ignored.
 *
 * - Offline: taken when it ends the current claim's connection (its will, its release), whatever
 *   epoch the will was made with; otherwise only with a higher epoch (the reader missed a claim).
 * - Online: a higher epoch wins; at an equal epoch the same holder's newer connection wins (a
 *   leader that reconnected), and between two holders the lower candidate id wins (two standbys
 *   that claimed at the same moment).
 */
export function supersedes(next: LeaderClaim, current: LeaderClaim | undefined): boolean {
  if (!current) return true;
  if (!next.online) return sameConnection(next, current) || next.epoch > current.epoch;
  if (next.epoch !== current.epoch) return next.epoch > current.epoch;
  if (next.holder === current.holder) return next.timestamp >= current.timestamp;
  return next.holder < current.holder;
}
