/**
 * The Mitel tables as the editor needs them (operation names, their fields, subscription and event
 * types), served as JSON by the cc-server's catalog route so that the editor forms follow the one
 * table of the vendor instead of a copy.
 */
import type { OperationRole } from '../core/driver';
import * as mitel from './names';
import { MITEL_ROLES, mitelFields } from './roles';
import { MITEL_REALTIME_TYPES } from './statistics';

export interface MitelCatalog {
  commands: Record<string, { required: readonly string[]; optional: readonly string[] }>;
  entityLists: string[];
  subscriptionTypes: string[];
  statisticsTypes: string[];
  entityKinds: readonly string[];
  /** Event types by family, for the editor's type filters. */
  eventTypes: Record<string, readonly string[]>;
  /** The operation names each request node offers. */
  roles: Record<OperationRole, readonly string[]>;
  /** The parameter names of each offered operation, keyed by the name as offered. */
  fields: Record<string, string[]>;
}

let cached: MitelCatalog | undefined;

export function mitelCatalog(): MitelCatalog {
  cached ??= {
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
    roles: { ...MITEL_ROLES },
    fields: mitelFields(),
  };
  return cached;
}
