import type { SubscriptionSpec } from './driver';

/**
 * Reference counts of what every owner (node) wants, per subscription type and entity.
 * The protocol client asks the server for an entity when its first owner arrives and releases it
 * when its last owner leaves, the way Node-RED's MQTT broker node counts topic users.
 */
export class SubscriptionRegistry {
  /** type -> entity -> owners */
  private readonly wanted = new Map<string, Map<string, Set<string>>>();

  /** Record that `owner` wants `spec`; returns the entities that are new to the server. */
  add(owner: string, spec: SubscriptionSpec): string[] {
    let byEntity = this.wanted.get(spec.type);
    if (!byEntity) {
      byEntity = new Map();
      this.wanted.set(spec.type, byEntity);
    }
    const added: string[] = [];
    const entities = spec.entities.length ? spec.entities : [''];
    for (const e of entities) {
      let owners = byEntity.get(e);
      if (!owners) {
        owners = new Set();
        byEntity.set(e, owners);
        added.push(e);
      }
      owners.add(owner);
    }
    return added.filter((e) => e !== '' || spec.entities.length === 0);
  }

  /** Record that `owner` no longer wants `spec`; returns the entities nobody wants any more. */
  remove(owner: string, spec: SubscriptionSpec): string[] {
    const byEntity = this.wanted.get(spec.type);
    if (!byEntity) return [];
    const removed: string[] = [];
    const entities = spec.entities.length ? spec.entities : [''];
    for (const e of entities) {
      const owners = byEntity.get(e);
      if (!owners || !owners.delete(owner)) continue;
      if (owners.size === 0) {
        byEntity.delete(e);
        removed.push(e);
      }
    }
    if (byEntity.size === 0) this.wanted.delete(spec.type);
    return removed;
  }

  /** Every subscription one owner holds. */
  ofOwner(owner: string): SubscriptionSpec[] {
    const out: SubscriptionSpec[] = [];
    for (const [type, byEntity] of this.wanted) {
      const entities = [...byEntity].filter(([, owners]) => owners.has(owner)).map(([e]) => e);
      if (entities.length) out.push({ type, entities: entities.filter((e) => e !== '') });
    }
    return out;
  }

  /** The union, one spec per type: what the server must have after a reconnect. */
  all(): SubscriptionSpec[] {
    return [...this.wanted].map(([type, byEntity]) => ({
      type,
      entities: [...byEntity.keys()].filter((e) => e !== ''),
    }));
  }

  has(type: string, entity: string): boolean {
    return this.wanted.get(type)?.has(entity) ?? false;
  }

  clear(): void {
    this.wanted.clear();
  }
}
