/**
 * When the gateway last heard of each consumer, and for how long it keeps the consumer's owners
 * without hearing of it: the safety net for a consumer whose will the gateway missed (it died
 * while the gateway itself was away from the broker). Bounded by the consumers that hold owners.
 */
import { DEFAULT_LEASE_MS } from './envelope';

/** Leases shorter than this are raised to it (a consumer cannot make the gateway sweep constantly). */
const MIN_LEASE_MS = 100;

export class ConsumerLeases {
  private readonly lastSeen = new Map<string, { at: number; leaseMs: number }>();

  seen(consumer: string, now: number, leaseMs?: number): void {
    const known = this.lastSeen.get(consumer);
    const lease = typeof leaseMs === 'number' && leaseMs > 0 ? Math.max(MIN_LEASE_MS, leaseMs) : (known?.leaseMs ?? DEFAULT_LEASE_MS);
    this.lastSeen.set(consumer, { at: now, leaseMs: lease });
  }

  renewAll(now: number): void {
    for (const entry of this.lastSeen.values()) entry.at = now;
  }

  forget(consumer: string): void {
    this.lastSeen.delete(consumer);
  }

  /** Consumers among `holders` not heard of within their lease; one never heard of gets a lease from now. */
  expired(now: number, holders: readonly string[]): string[] {
    const out: string[] = [];
    const holding = new Set(holders);
    for (const consumer of holding) {
      const entry = this.lastSeen.get(consumer);
      if (!entry) this.seen(consumer, now);
      else if (now - entry.at > entry.leaseMs) out.push(consumer);
    }
    // A consumer that holds nothing and is not heard of any more is forgotten (the map stays bounded).
    for (const [consumer, entry] of this.lastSeen) if (!holding.has(consumer) && now - entry.at > entry.leaseMs) this.lastSeen.delete(consumer);
    return out;
  }
}
