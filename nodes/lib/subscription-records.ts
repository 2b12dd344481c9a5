import type { SubscriptionSpec } from '../../src/core/driver';
import { isPlainObject, splitList } from './params';

/** The static list of the editor (`[{type, entities: "1, 2"}]`). msg records are parsed by the vendor. */
export function staticRecords(list: unknown): SubscriptionSpec[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((r): r is { type: string; entities?: string } => isPlainObject(r) && typeof r.type === 'string' && r.type !== '')
    .map((r) => ({ type: r.type, entities: splitList(r.entities) }));
}
