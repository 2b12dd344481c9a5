/**
 * THE table of OpenScape REST SDK event types (guide section 5 "EventType" plus the types that only
 * the examples and the realtime chapter name), their realms, the spelling variants of SPEC-NOTES.md,
 * the realm -> family mapping the event nodes use, and the routing keys of one event.
 * Unknown types and realms are never dropped: they get family 'other' and whatever keys can be read.
 */
import type { EventFamily } from '../core/types';

/** Event type -> the realm(s) that send it (SERVER_(DIS)CONNECTED_EVENT comes from every realm). */
export const EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  // Presence
  USER_HANDLING_STATE: ['PRESENCE'],
  USER_ROUTING_STATE: ['PRESENCE'],
  USER_MEDIA_NOTREADY: ['PRESENCE'],
  USER_MEDIA_READY: ['PRESENCE'],
  USER_MEDIA_STATE: ['PRESENCE'],
  // Telephony
  DELIVERED_EVENT: ['TELEPHONY'],
  DISCONNECTED_EVENT: ['TELEPHONY'],
  HOLD_EVENT: ['TELEPHONY'],
  CONSULT_EVENT: ['TELEPHONY'],
  QUEUED_EVENT: ['TELEPHONY'],
  ESTABLISHED_EVENT: ['TELEPHONY'],
  DIVERTED_EVENT: ['TELEPHONY'],
  HELD_EVENT: ['TELEPHONY'],
  RETRIEVED_EVENT: ['TELEPHONY'],
  CONFERENCED_EVENT: ['TELEPHONY'],
  FAILED_EVENT: ['TELEPHONY'],
  ORIGINATED_EVENT: ['TELEPHONY'],
  SERVICE_INITIATED_EVENT: ['TELEPHONY'],
  TRANSFERRED_EVENT: ['TELEPHONY'],
  PROCESS_TRANSFERRING_EVENT: ['TELEPHONY'],
  PROCESS_TRANSFERRED_EVENT: ['TELEPHONY'],
  NETWORKREACHED_EVENT: ['TELEPHONY'],
  SERVICES_ENABLED_EVENT: ['TELEPHONY'],
  // Every realm
  SERVER_CONNECTED_EVENT: ['ADMINISTRATION', 'PRESENCE', 'ROUTING', 'TELEPHONY', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA', 'REALTIME'],
  SERVER_DISCONNECTED_EVENT: ['ADMINISTRATION', 'PRESENCE', 'ROUTING', 'TELEPHONY', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA', 'REALTIME'],
  // Admin
  AGGREGATE_UPDATED_EVENT: ['ADMINISTRATION'],
  DEPARTMENT_UPDATED_EVENT: ['ADMINISTRATION'],
  GROUP_UPDATED_EVENT: ['ADMINISTRATION'],
  POSTPROCESSINGREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  QUEUE_UPDATED_EVENT: ['ADMINISTRATION'],
  UNAVAILBLEREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  WORKREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  WRAPUPREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  USER_UPDATED_EVENT: ['ADMINISTRATION'],
  AGGREGATE_DELETED_EVENT: ['ADMINISTRATION'],
  DEPARTMENT_DELETED_EVENT: ['ADMINISTRATION'],
  GROUP_DELETED_EVENT: ['ADMINISTRATION'],
  POSTPROCESSINGREASON_DELETED_EVENT: ['ADMINISTRATION'],
  QUEUE_DELETED_EVENT: ['ADMINISTRATION'],
  UNAVAILBLEREASON_DELETED_EVENT: ['ADMINISTRATION'],
  WORKREASON_DELETED_EVENT: ['ADMINISTRATION'],
  WRAPUPREASON_DELETED_EVENT: ['ADMINISTRATION'],
  USER_DELETED_EVENT: ['ADMINISTRATION'],
  // Routing
  ASSIGN_CALL_EVENT: ['ROUTING'],
  UNASSIGN_CALL_EVENT: ['ROUTING'],
  ENQUEUE_CALL_EVENT: ['ROUTING'],
  DEQUEUE_CALL_EVENT: ['ROUTING'],
  ROUTING_INFORMATION_UPDATED_EVENT: ['ROUTING'],
  TIMEOUT_CALL_EVENT: ['ROUTING'],
  // Callback
  DELIVERED_CALLBACK_EVENT: ['CALLBACK'],
  MAKECALLFAILED_CALLBACK_EVENT: ['CALLBACK'],
  DIVERTED_CALLBACK_EVENT: ['CALLBACK'],
  NEW_CALLBACKS_LIST_EVENT: ['CALLBACK'],
  // Callback / Admin (sent in realm ADMINISTRATION in the examples)
  CALLBACK_RETRYREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  CALLBACK_RETRYREASON_DELETED_EVENT: ['ADMINISTRATION'],
  CALLBACK_DELETEREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  CALLBACK_DELETEREASON_DELETED_EVENT: ['ADMINISTRATION'],
  // Web interaction
  DIVERTED_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  DELIVERED_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  ESTABLISHED_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  CONFERENCED_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  DISCONNECTED_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  CONTENT_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  CALL_ME_ANSWER_WEB_CHAT_EVENT: ['WEB_INTERACTION'],
  // OpenMedia / Admin
  OPENMEDIA_DISCARDREASON_UPDATED_EVENT: ['ADMINISTRATION'],
  OPENMEDIA_DISCARDREASON_DELETED_EVENT: ['ADMINISTRATION'],
  // OpenMedia
  DELIVERED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  DISCONNECTED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  DIVERTED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  ESTABLISHED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  DEFERRED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  RESUMED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  TRANSFERRED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  CONTENT_ADDED_OPENMEDIA_EVENT: ['OPENMEDIA'],
  STREAM_RESPONSE_OPENMEDIA_EVENT: ['OPENMEDIA'],
  // Real-time statistics (section 4.9.2; not in the EventType list)
  USER_REALTIME_EVENT: ['REALTIME'],
  QUEUE_REALTIME_EVENT: ['REALTIME'],
  GROUP_REALTIME_EVENT: ['REALTIME'],
  AGGREGATE_REALTIME_EVENT: ['REALTIME'],
  CONTACT_REALTIME_EVENT: ['REALTIME'],
  CALLBACK_REALTIME_EVENT: ['REALTIME'],
  USER_CUMULATIVE_EVENT: ['REALTIME'],
  QUEUE_CUMULATIVE_EVENT: ['REALTIME'],
  GROUP_CUMULATIVE_EVENT: ['REALTIME'],
  AGGREGATE_CUMULATIVE_EVENT: ['REALTIME'],
  USER_WRAPUPREASON_CUMULATIVE_EVENT: ['REALTIME'],
  QUEUE_WRAPUPREASON_CUMULATIVE_EVENT: ['REALTIME'],
  AGGREGATE_WRAPUPREASON_CUMULATIVE_EVENT: ['REALTIME'],
};

/**
 * Spellings that the guide's examples use for a type of the EventType list (SPEC-NOTES.md).
 * Events are passed on with the type exactly as received; this table lets filters match either.
 */
export const EVENT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  UNAVAILABLEREASON_UPDATED_EVENT: 'UNAVAILBLEREASON_UPDATED_EVENT',
  UNAVAILABLEREASON_DELETED_EVENT: 'UNAVAILBLEREASON_DELETED_EVENT',
  CALLBACK_DELETE_REASON_UPDATED_EVENT: 'CALLBACK_DELETEREASON_UPDATED_EVENT',
  CALLBACK_DELETE_REASON_DELETED_EVENT: 'CALLBACK_DELETEREASON_DELETED_EVENT',
  SERVICE_ENABLED_EVENT: 'SERVICES_ENABLED_EVENT',
};

/** The EventType-list spelling of a type (the alias resolved), or the type itself. */
export function canonicalEventType(type: string): string {
  const t = type.trim();
  return EVENT_TYPE_ALIASES[t] ?? t;
}

/** Every spelling of one type (canonical first), for filters that must match all of them. */
export function eventTypeSpellings(type: string): string[] {
  const canonical = canonicalEventType(type);
  return [canonical, ...Object.keys(EVENT_TYPE_ALIASES).filter((a) => EVENT_TYPE_ALIASES[a] === canonical)];
}

/** Realm -> the family of typed event node that shows it (CONTRACT.md, palette nodes). */
export const REALM_FAMILY: Readonly<Record<string, EventFamily>> = {
  PRESENCE: 'agent',
  TELEPHONY: 'contact',
  ROUTING: 'contact',
  CALLBACK: 'contact',
  WEB_INTERACTION: 'contact',
  OPENMEDIA: 'contact',
  ADMINISTRATION: 'entity',
  REALTIME: 'statistics',
  STATISTIC: 'statistics',
};

export function familyOfRealm(realm: string | undefined): EventFamily {
  if (!realm) return 'other';
  return REALM_FAMILY[realm.trim().toUpperCase()] ?? 'other';
}

/** Admin event type prefix -> key kind of the entity it updates or deletes. */
const ADMIN_ENTITY_KIND: ReadonlyArray<[string, string]> = [
  ['USER_', 'agent'],
  ['QUEUE_', 'queue'],
  ['GROUP_', 'group'],
  ['DEPARTMENT_', 'department'],
  ['AGGREGATE_', 'aggregate'],
  ['POSTPROCESSINGREASON_', 'postProcessingReason'],
  ['UNAVAILBLEREASON_', 'unavailableReason'],
  ['UNAVAILABLEREASON_', 'unavailableReason'],
  ['WORKREASON_', 'workReason'],
  ['WRAPUPREASON_', 'wrapUpReason'],
  ['CALLBACK_RETRYREASON_', 'callbackRetryReason'],
  ['CALLBACK_DELETEREASON_', 'callbackDeleteReason'],
  ['CALLBACK_DELETE_REASON_', 'callbackDeleteReason'],
  ['OPENMEDIA_DISCARDREASON_', 'openMediaDiscardReason'],
];

function adminKind(type: string): string | undefined {
  return ADMIN_ENTITY_KIND.find(([prefix]) => type.startsWith(prefix))?.[1];
}

/**
 * Field name -> key kind, for fields that name one entity wherever they appear in an event's data.
 * (`resource` is not here: its meaning depends on the realm.)
 */
const FIELD_KIND: Readonly<Record<string, string>> = {
  agentKey: 'agent',
  userKey: 'agent',
  agentId: 'agentId',
  extension: 'extension',
  agentExtension: 'extension',
  uniqueCallId: 'call',
  queueKey: 'queue',
  associatedQueueKey: 'queue',
  groupKey: 'group',
  aggregateKey: 'aggregate',
  connectorKey: 'connector',
  queryId: 'query',
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A key id worth routing on: non-empty strings, integers >= 0 (the guide uses -1 and 0 for "none" keys). */
function keyValue(kind: string, v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (v < 0) return undefined;
    if (v === 0 && kind !== 'query') return undefined;
    return String(v);
  }
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

function addFieldKeys(obj: Json, out: Set<string>): void {
  for (const [field, kind] of Object.entries(FIELD_KIND)) {
    const id = keyValue(kind, obj[field]);
    if (id !== undefined) out.add(`${kind}:${id}`);
  }
}

/**
 * Routing keys of one event, `kind:id` (agent, agentId, extension, call, queue, group, aggregate,
 * connector, query, department...). Reads the top level of `data`, the realtime `elements`, the
 * telephony parties, the admin `entity` / `keyList`, and `resource` by its realm's meaning.
 */
export function extractEventKeys(realm: string | undefined, type: string, data: unknown): string[] {
  const keys = new Set<string>();
  if (!isObject(data)) return [];
  const r = (realm ?? '').trim().toUpperCase();
  addFieldKeys(data, keys);

  // `resource` is the extension in TELEPHONY and the user key in CALLBACK, WEB_INTERACTION, OPENMEDIA.
  const resource = keyValue('resource', data.resource);
  if (resource !== undefined) {
    if (r === 'TELEPHONY') keys.add(`extension:${resource}`);
    else if (r === 'CALLBACK' || r === 'WEB_INTERACTION' || r === 'OPENMEDIA' || r === 'PRESENCE') {
      keys.add(`agent:${resource}`);
    }
  }

  // Telephony parties: the agents and devices involved in the call.
  for (const party of ['deliveredToParty', 'fromParty', 'toParty', 'heldParty', 'redirectParty']) {
    const p = data[party];
    if (!isObject(p)) continue;
    const agent = keyValue('agent', p.agentKey);
    if (agent !== undefined) keys.add(`agent:${agent}`);
    const device = keyValue('extension', p.device);
    if (device !== undefined) keys.add(`extension:${device}`);
  }

  // Realtime statistics: every monitored element names its user, queue, group, aggregate or call.
  if (Array.isArray(data.elements)) {
    for (const el of data.elements) if (isObject(el)) addFieldKeys(el, keys);
  }

  // Presence handling states carry the calls the agent handles.
  if (Array.isArray(data.handlingStates)) {
    for (const hs of data.handlingStates) if (isObject(hs)) addFieldKeys(hs, keys);
  }

  // Admin: an updated entity, or the keys of deleted ones.
  if (r === 'ADMINISTRATION') {
    const kind = adminKind(type.trim());
    const entity = data.entity;
    if (isObject(entity)) {
      addFieldKeys(entity, keys);
      const id = keyValue(kind ?? 'entity', entity.key);
      if (kind && id !== undefined) keys.add(`${kind}:${id}`);
    }
    if (kind && Array.isArray(data.keyList)) {
      for (const k of data.keyList) {
        const id = keyValue(kind, k);
        if (id !== undefined) keys.add(`${kind}:${id}`);
      }
    }
  }
  return [...keys];
}
