/**
 * What the editor shows and offers for OpenScape: the operation table with its fields, the realms,
 * the query types, the event types by family, and the operation names each request node offers
 * (the same lists resolveOperation accepts). Served to the editor as JSON.
 */
import { EVENT_TYPES, familyOfRealm } from './events';
import { LISTEN_REALMS, OPERATIONS, REALMS, REALTIME_QUERY_TYPES } from './operations';
import { OPENSCAPE_AGENT_COMMANDS, OPENSCAPE_REQUEST_OPERATIONS, OPENSCAPE_TELEPHONY_OPERATIONS } from './roles';

export interface OpenScapeCatalog {
  operations: Array<{ id: string; group: string; name: string; fields: Record<string, { required: boolean; types: string[]; values?: readonly string[] }> }>;
  realms: readonly string[];
  listenRealms: readonly string[];
  queryTypes: readonly string[];
  eventTypes: Record<string, readonly string[]>;
  /** The operation names each request node offers. */
  roles: { 'agent-command': string[]; telephony: string[]; request: string[] };
  /** The parameter names of each offered operation, by the name as offered. */
  fields: Record<string, string[]>;
}

/** Event types by the family of their realms (an event of several realms is in each). */
function eventTypesByFamily(): Record<string, string[]> {
  const byFamily: Record<string, string[]> = {};
  for (const [type, realms] of Object.entries(EVENT_TYPES)) {
    for (const family of new Set(realms.map((r) => familyOfRealm(r)))) {
      (byFamily[family] ??= []).push(type);
    }
  }
  return byFamily;
}

let cached: OpenScapeCatalog | undefined;

export function openscapeCatalog(): OpenScapeCatalog {
  if (cached) return cached;
  cached = {
    operations: OPERATIONS.map((op) => ({
      id: op.id,
      group: op.group,
      name: op.name,
      fields: Object.fromEntries(
        Object.entries(op.fields).map(([k, f]) => [k, { required: f.required, types: [...f.types], ...(f.values ? { values: f.values } : {}) }]),
      ),
    })),
    realms: REALMS,
    listenRealms: LISTEN_REALMS,
    queryTypes: REALTIME_QUERY_TYPES,
    eventTypes: eventTypesByFamily(),
    roles: {
      'agent-command': [...OPENSCAPE_AGENT_COMMANDS],
      telephony: [...OPENSCAPE_TELEPHONY_OPERATIONS],
      request: [...OPENSCAPE_REQUEST_OPERATIONS],
    },
    fields: Object.fromEntries(OPERATIONS.map((op) => [op.id, Object.keys(op.fields)])),
  };
  return cached;
}
