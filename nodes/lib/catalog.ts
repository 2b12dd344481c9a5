import * as mitel from '../../src/mitel/names';
import * as openscape from '../../src/openscape/operations';
import { EVENT_TYPES, familyOfRealm } from '../../src/openscape/events';

/**
 * The vendor tables as the editor needs them (operation names and their fields), served by an
 * admin route so that the editor forms follow the one table of each vendor instead of a copy.
 */
export interface Catalog {
  mitel: {
    commands: Record<string, { required: readonly string[]; optional: readonly string[] }>;
    entityLists: string[];
    subscriptionTypes: string[];
    statisticsTypes: string[];
    entityKinds: readonly string[];
    /** Event types by family, for the editor's type filters. */
    eventTypes: Record<string, readonly string[]>;
  };
  openscape: {
    operations: Array<{ id: string; group: string; name: string; fields: Record<string, { required: boolean; types: string[]; values?: readonly string[] }> }>;
    realms: readonly string[];
    listenRealms: readonly string[];
    queryTypes: readonly string[];
    eventTypes: Record<string, readonly string[]>;
  };
}

/** Mitel subscription types that cc-realtime offers (statistics plus agent-need-help). */
export const MITEL_REALTIME_TYPES: readonly string[] = [...mitel.STATISTICS_MESSAGES, 'agent-need-help'];

/** OpenScape event types by the family of their realms (an event of several realms is in each). */
function openScapeEventTypes(): Record<string, string[]> {
  const byFamily: Record<string, string[]> = {};
  for (const [type, realms] of Object.entries(EVENT_TYPES)) {
    for (const family of new Set(realms.map((r) => familyOfRealm(r)))) {
      (byFamily[family] ??= []).push(type);
    }
  }
  return byFamily;
}

let cached: Catalog | undefined;

export function catalog(): Catalog {
  if (cached) return cached;
  cached = {
    mitel: {
      commands: { ...mitel.COMMANDS },
      entityLists: Object.keys(mitel.ENTITY_LIST_OPERATIONS),
      subscriptionTypes: [...mitel.SUBSCRIPTION_TYPE_NAMES],
      statisticsTypes: [...MITEL_REALTIME_TYPES],
      entityKinds: mitel.ENTITY_KINDS,
      eventTypes: {
        agent: mitel.AGENT_EVENT_MESSAGES,
        contact: mitel.CALL_ACTIVITY_MESSAGES,
        entity: mitel.ENTITY_EVENT_MESSAGES,
        statistics: mitel.STATISTICS_MESSAGES,
      },
    },
    openscape: {
      operations: openscape.OPERATIONS.map((op) => ({
        id: op.id,
        group: op.group,
        name: op.name,
        fields: Object.fromEntries(
          Object.entries(op.fields).map(([k, f]) => [k, { required: f.required, types: [...f.types], ...(f.values ? { values: f.values } : {}) }]),
        ),
      })),
      realms: openscape.REALMS,
      listenRealms: openscape.LISTEN_REALMS,
      queryTypes: openscape.REALTIME_QUERY_TYPES,
      eventTypes: openScapeEventTypes(),
    },
  };
  return cached;
}
