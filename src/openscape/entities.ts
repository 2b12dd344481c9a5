/**
 * Entity lists of OpenScape (the admin Get* requests) as `{id, label}` options, and the small cache
 * of names the driver answers entityName() from. The cross-vendor kinds (`agents`, `groups`,
 * `release-codes`, `wrapup-codes`) map to what OpenScape calls them, so that a dialog can ask for
 * "agents" whatever the server is; the other kinds are OpenScape's own words.
 */
import type { EntityOption } from '../core/driver';
import { isObject, type JsonObject } from '../core/json';

/** Entity kind -> the admin operation that lists it. */
export const ENTITY_OPERATIONS: Readonly<Record<string, string>> = {
  agents: 'admin.GetUsers',
  groups: 'admin.GetGroups',
  'agent-queues': 'admin.GetQueues',
  'release-codes': 'admin.GetUnavailableReasons',
  'wrapup-codes': 'admin.GetWrapUpReasons',
  users: 'admin.GetUsers',
  queues: 'admin.GetQueues',
  departments: 'admin.GetDepartments',
  aggregates: 'admin.GetAggregates',
  'unavailable-reasons': 'admin.GetUnavailableReasons',
  'wrapup-reasons': 'admin.GetWrapUpReasons',
  'work-reasons': 'admin.GetWorkReasons',
  'post-processing-reasons': 'admin.GetPostProcessingReasons',
  'callback-retry-reasons': 'admin.GetCallbackRetryReasons',
  'callback-delete-reasons': 'admin.GetCallbackDeleteReasons',
  'openmedia-connectors': 'admin.GetOpenMediaConnectors',
  'openmedia-discard-reasons': 'admin.GetOpenMediaDiscardReasons',
};

/** The kinds listEntities knows, cross-vendor names first. */
export const ENTITY_KINDS: readonly string[] = Object.keys(ENTITY_OPERATIONS);

/**
 * The entity kind whose keys a realtime query type monitors ("The monitored resource is the
 * userKey / queueKey / groupKey / aggregateKey" in each realtime event's section).
 */
export function queryKeyKind(queryType: string): string {
  if (queryType.startsWith('USER_')) return 'agents';
  if (queryType.startsWith('GROUP_')) return 'groups';
  if (queryType.startsWith('AGGREGATE_')) return 'aggregates';
  return 'queues';
}

export function entityOperation(kind: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(ENTITY_OPERATIONS, kind) ? ENTITY_OPERATIONS[kind] : undefined;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** Key fields (User agentKey, Queue/Group key, Reason reasonKey, Connector connectorKey). */
const ID_FIELDS = ['agentKey', 'key', 'reasonKey', 'connectorKey', 'id'];
/** Both spellings of the guide (`username` in the table, `userName` in the example). */
const NAME_FIELDS = ['userName', 'username', 'name', 'connectorName', 'description'];

function option(entry: JsonObject): EntityOption | undefined {
  const id = ID_FIELDS.map((f) => text(entry[f])).find((v) => v !== undefined);
  if (id === undefined) return undefined;
  const name = NAME_FIELDS.map((f) => text(entry[f])).find((v) => v !== undefined);
  const person = [text(entry.firstName), text(entry.lastName)].filter(Boolean).join(' ');
  const label = [name, person && person !== name ? `(${person})` : ''].filter(Boolean).join(' ');
  return { id, label: label || id };
}

/** The server's answer as `{id, label}` options, sorted by label, duplicates dropped. */
export function toEntityOptions(answer: unknown): EntityOption[] {
  let entries: unknown[] = [];
  if (Array.isArray(answer)) entries = answer;
  else if (isObject(answer)) {
    // The lists come under `users`, `queues`, `reasons`...: the answer's one array.
    const list = Object.values(answer).find((v) => Array.isArray(v));
    if (Array.isArray(list)) entries = list;
  }
  const seen = new Set<string>();
  const options: EntityOption[] = [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const o = option(entry);
    if (o && !seen.has(o.id)) {
      seen.add(o.id);
      options.push(o);
    }
  }
  return options.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}

/** The names of the last list loaded per operation (kinds that share one, like agents/users, share it). */
export class EntityNames {
  private readonly byOperation = new Map<string, Map<string, string>>();

  remember(kind: string, options: EntityOption[]): void {
    const op = entityOperation(kind);
    if (op) this.byOperation.set(op, new Map(options.map((o) => [o.id, o.label])));
  }

  name(kind: string, id: string): string | undefined {
    const op = entityOperation(kind);
    return op ? this.byOperation.get(op)?.get(id) : undefined;
  }
}
