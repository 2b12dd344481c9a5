/**
 * Whether an event matches a filter the gateway's driver made (a statistics query's), with the
 * EventIndex's meanings: every set dimension must match, `*` / `kind:*` match all, a bare id in
 * `keys` matches that id under any kind.
 */
import { isWildcard } from '../core/event-index';
import type { CcEvent } from '../core/types';
import type { WireFilter } from './gateway-requests';

function anyOf(list: readonly string[] | undefined, test: (v: string) => boolean): boolean {
  return !list || list.length === 0 || list.some(isWildcard) || list.some(test);
}

export function matchesFilter(filter: WireFilter, event: CcEvent): boolean {
  return (
    anyOf(filter.families, (f) => f === event.family) &&
    anyOf(filter.types, (t) => t === event.type) &&
    anyOf(filter.keys, (k) => (k.includes(':') ? event.keys.includes(k) : event.keys.some((ek) => ek.slice(ek.indexOf(':') + 1) === k)))
  );
}
