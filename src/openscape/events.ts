/**
 * THE table of OpenScape REST SDK event types (guide section 5 "EventType" plus the types that only
 * the examples and the realtime chapter name), their realms, the spelling variants the guide prints
 * (docs/protocol-notes.md), the realm -> family mapping the event nodes use, and the routing keys of one event.
 * Unknown types and realms are never dropped: they get family 'other' and whatever keys can be read.
 */
import { isObject, type JsonObject } from '../core/json';
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
 * Spellings that the guide's examples use for a type of the EventType list (docs/protocol-notes.md).
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

/** Realm -> the family of typed event node that shows it (the typed event nodes of the palette). */
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
 * Field name -> key kind, for fields that name one entity wherever they appear in an event's data
 * (top level, realtime elements, handling states, parties, admin entities).
 * (`resource` and `reasonKey` are not here: their meaning depends on the realm and the type.
 * `routingStateReasonKey` / `handlingStateReasonKey` name an unavailable OR a work reason: no kind.)
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
  departmentKey: 'department',
  connectorKey: 'connector',
  queryId: 'query',
  wrapUpReasonKey: 'wrapUpReason',
  discardReasonKey: 'openMediaDiscardReason',
};

/** `invitingAgentKey`, `refusingAgentKey`, `joinedAgentKey`, `toAgentKey`...: an agent, whatever the role. */
const AGENT_KEY_SUFFIX = 'AgentKey';

type Json = JsonObject;

/** A key id worth routing on: non-empty strings, integers >= 0 (the guide uses -1 and 0 for "none" keys). */
function keyValue(kind: string, v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (v < 0) return undefined;
    if (v === 0 && kind !== 'query') return undefined;
    return String(v);
  }
  if (typeof v === 'string') {
    const t = v.trim();
    // `*` is "all" in a filter (core/event-index): never a key.
    if (t !== '' && t !== '*') return t;
  }
  return undefined;
}

function addKey(out: Set<string>, kind: string, v: unknown): void {
  const id = keyValue(kind, v);
  if (id !== undefined) out.add(`${kind}:${id}`);
}

function addFieldKeys(obj: Json, out: Set<string>): void {
  for (const field in obj) {
    const kind = FIELD_KIND[field];
    if (kind !== undefined) addKey(out, kind, obj[field]);
    else if (field.endsWith(AGENT_KEY_SUFFIX)) addKey(out, 'agent', obj[field]);
  }
}

/** A telephony party `{agentKey, device, type}`: the agent and the device it names. */
function addParty(p: unknown, out: Set<string>): void {
  if (!isObject(p)) return;
  addKey(out, 'agent', p.agentKey);
  addKey(out, 'extension', p.device);
}

/** Arrays of records whose fields name entities (realtime `elements`, presence `handlingStates`, realtime `contacts`). */
const RECORD_LISTS = ['elements', 'handlingStates', 'contacts'] as const;

function addRecordKeys(obj: Json, out: Set<string>, depth: number): void {
  for (const list of RECORD_LISTS) {
    const records = obj[list];
    if (!Array.isArray(records)) continue;
    for (const r of records) {
      if (!isObject(r)) continue;
      addFieldKeys(r, out);
      // A user element lists its contacts: one level further, no more.
      if (depth === 0) addRecordKeys(r, out, 1);
    }
  }
}

/**
 * Admin events name their entity in three shapes (see docs/protocol-notes.md, "V1 and V2 admin
 * events"): V2 `{eventAction, entity:{key|reasonKey|agentKey...}}` and `{keyList:[7]}`; V1 the entity
 * itself as `data` (`{key:1,...}`, `{reasonKey:1,...}`, `{agentKey:1,...}`) and a delete list of
 * plain strings as `data` (`["7"]`). The kind comes from the event type.
 */
function addAdminKeys(type: string, data: unknown, out: Set<string>): void {
  const kind = adminKind(type);
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.keyList) ? data.keyList : undefined;
  if (list !== undefined) {
    if (kind !== undefined) for (const k of list) addKey(out, kind, k);
    return;
  }
  if (!isObject(data)) return;
  const entity = isObject(data.entity) ? data.entity : data;
  if (entity !== data) addFieldKeys(entity, out);
  if (kind !== undefined) {
    addKey(out, kind, entity.key);
    addKey(out, kind, entity.reasonKey);
  }
}

/**
 * Routing keys of one event, `kind:id` (agent, agentId, extension, call, queue, group, aggregate,
 * department, connector, query, the reason kinds...). Reads the fields of `data` by name, the realtime
 * `elements` (and their `contacts`), the presence `handlingStates`, every telephony `...Party` /
 * `...Parties`, the admin entity or key list in both webhook API versions, and `resource` by its
 * realm's meaning. Never a literal `*`.
 */
export function extractEventKeys(realm: string | undefined, type: string, data: unknown): string[] {
  const keys = new Set<string>();
  const r = (realm ?? '').trim().toUpperCase();
  const t = canonicalEventType(type);
  if (r === 'ADMINISTRATION') addAdminKeys(t, data, keys);
  if (!isObject(data)) return [...keys];
  addFieldKeys(data, keys);

  // `resource` is the extension in TELEPHONY and the user key in CALLBACK, WEB_INTERACTION, OPENMEDIA.
  if (data.resource !== undefined) {
    if (r === 'TELEPHONY') addKey(keys, 'extension', data.resource);
    else if (r === 'CALLBACK' || r === 'WEB_INTERACTION' || r === 'OPENMEDIA' || r === 'PRESENCE') {
      addKey(keys, 'agent', data.resource);
    }
  }

  // Telephony parties (`deliveredToParty`, `queuedParty`, `conferenceParties`...): agents and devices.
  for (const field in data) {
    const v = data[field];
    if (field.endsWith('Party')) addParty(v, keys);
    else if (field.endsWith('Parties') && Array.isArray(v)) for (const p of v) addParty(p, keys);
  }

  addRecordKeys(data, keys, 0);
  return [...keys];
}
