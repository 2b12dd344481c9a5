/**
 * Turns one received frame into a CcEvent: JSON parse (with a repair for the guide's non-JSON entity
 * sample), canonical type through the aliases of ./names, family, and entity keys for routing.
 * Hot path: one JSON.parse, one Map lookup and a fixed list of property reads per event.
 * What the guide prints and what is tolerated: docs/protocol-notes.md.
 */
import { isObject, type JsonObject } from '../core/json';
import type { CcEvent } from '../core/types';
import { canonicalMessage, ENTITY_KIND_TABLE, type EntityKind, type MessageInfo } from './names';

export type Json = JsonObject;

/** Fields whose value names one entity of a fixed kind, and the key prefix for it. */
const KEY_FIELDS: readonly (readonly [string, string])[] = [
  ['agent-id', 'agent'],
  ['agent-queue-id', 'agent-queue'],
  ['dnis-id', 'dnis'],
  ['call-id', 'call'],
  ['secondary-call-id', 'call'],
  ['resultant-call-id', 'call'],
  ['current-group-id', 'group'],
];

/**
 * Fields that name a group or a device whose kind is given by a sibling `<prefix>-type` field (the
 * guide's "Device Type" table; group types are numbered in the same table). Read as pairs
 * `[id field, type field, kind when the type is absent or not a known one]`.
 */
const TYPED_FIELDS: readonly (readonly [string, string, string | undefined])[] = [
  ['group-id', 'group-type', 'group'],
  ['queued-group-internal-id', 'queued-group-type', 'group'],
  ['overflow-destination-group-internal-id', 'overflow-destination-group-type', 'group'],
  ['divert-to-group-id', 'divert-to-group-type', 'group'],
  ['divert-to-device-id', 'divert-to-device-type', undefined],
  ['divert-from-device-id', 'divert-from-device-type', undefined],
  ['destination-internal-id', 'destination-type', undefined],
  ['device-id', 'device-type', undefined],
  ['device-out-id', 'device-out-type', undefined],
  ['alerting-device-id', 'alerting-device-type', undefined],
  ['calling-device-id', 'calling-device-type', undefined],
  ['joining-device-id', 'joining-device-type', undefined],
  ['abandoned-dev-id', 'abandoned-dev-type', undefined],
  ['conferencing-device-id', 'conferencing-device-type', undefined],
  ['conferenced-device-id', 'conferenced-device-type', undefined],
  ['conference-to-device-id', 'conference-to-device-type', undefined],
  ['transferring-device-id', 'transferring-device-type', undefined],
  ['transferred-device-id', 'transferred-device-type', undefined],
  ['transfer-to-device-id', 'transfer-to-device-type', undefined],
  ['monitoring-device-id', 'monitoring-device-type', undefined],
  ['monitored-device-id', 'monitored-device-type', undefined],
];

/**
 * "Device Type" codes that name an entity someone filters on: 3 agent, 4 group, 23 agent queue
 * group and 26 email agent queue group (whose id is the agent's id, as for group-type in the
 * Login command). IRNs, services, ports and plain devices are not entities of the feed.
 */
const DEVICE_TYPE_KIND: Readonly<Record<string, string>> = {
  '3': 'agent',
  '4': 'group',
  '23': 'agent-queue',
  '26': 'email-agent-queue',
};

/** Lists whose items carry an agent id (group-agent-stats `agents`, agent-need-help `agent`). */
const AGENT_LISTS = ['agents', 'agent'] as const;

/** Statistics whose subject is an agent queue, identified by its agent's id (Table 1). */
const AGENT_QUEUE_STATS: Readonly<Record<string, string>> = {
  'agent-queue-stats': 'agent-queue',
  'email-agent-queue-stats': 'email-agent-queue',
};

const OTHER: MessageInfo = { type: '', family: 'other' };

function keyValue(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string') {
    const t = v.trim();
    // `*` is "all" in a filter (core/event-index): never a key.
    if (t !== '' && t !== '*') return t;
  }
  return undefined;
}

function addKey(keys: string[], kind: string, v: unknown): void {
  const id = keyValue(v);
  if (id === undefined) return;
  const key = `${kind}:${id}`;
  if (!keys.includes(key)) keys.push(key);
}

/** A group `{type, id}` (login/reserved `groups`, call-table `group`): kind from the type code. */
function addTypedGroup(keys: string[], g: unknown): void {
  if (!isObject(g)) return;
  const type = keyValue(g['type'] ?? g['group-type']);
  addKey(keys, (type !== undefined && DEVICE_TYPE_KIND[type]) || 'group', g['id'] ?? g['group-id']);
}

/**
 * An entity record of an entity-snapshot / entity-update list: an object with the kind's id field,
 * or the sample exchange's `{"1001", "john doe"}` pair (repaired to `["1001","john doe"]`: id first).
 */
function addEntityRecord(keys: string[], kind: EntityKind, idFields: readonly string[], record: unknown): void {
  if (Array.isArray(record)) {
    addKey(keys, kind, record[0]);
    return;
  }
  if (!isObject(record)) return;
  for (const field of idFields) {
    if (record[field] !== undefined) {
      addKey(keys, kind, record[field]);
      return;
    }
  }
}

/**
 * Parse a frame. Returns undefined when it is not a JSON object even after the one repair we make:
 * the guide's entity sample `{"1001", "john doe"}` (pairs in braces) becomes `["1001","john doe"]`.
 */
export function parseFrame(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    // Miss path only.
    const repaired = text.replace(/\{\s*("(?:[^"\\]|\\.)*")\s*,\s*("(?:[^"\\]|\\.)*")\s*\}/g, '[$1,$2]');
    if (repaired === text) return undefined;
    try {
      const value: unknown = JSON.parse(repaired);
      return isObject(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Routing keys (`agent:1001`, `group:5`, `call:77`...) from the fields present, by one rule per
 * field wherever it appears: ids of a fixed kind, ids typed by a sibling `-type` field, group lists,
 * agent lists, the call table's groups, and the entity lists of entity-snapshot / entity-update.
 */
export function eventKeys(payload: Json, type: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < KEY_FIELDS.length; i++) {
    const [field, kind] = KEY_FIELDS[i];
    addKey(keys, kind, payload[field]);
  }
  for (let i = 0; i < TYPED_FIELDS.length; i++) {
    const [field, typeField, fallback] = TYPED_FIELDS[i];
    const value = payload[field];
    if (value === undefined) continue;
    const code = keyValue(payload[typeField]);
    const kind = (code !== undefined && DEVICE_TYPE_KIND[code]) || fallback;
    if (kind !== undefined) addKey(keys, kind, value);
  }
  const queueKind = AGENT_QUEUE_STATS[type];
  if (queueKind !== undefined) addKey(keys, queueKind, payload['agent-id']);

  const groups = payload['groups'];
  if (Array.isArray(groups)) for (const g of groups) addTypedGroup(keys, g);
  const calls = payload['call-table'];
  if (Array.isArray(calls)) for (const c of calls) if (isObject(c)) addTypedGroup(keys, c['group']);

  if (type === 'entity-snapshot' || type === 'entity-update') {
    // Every entity the message lists: a node filtered on agent 1001 wants agent 1001's record.
    for (const kind of Object.keys(ENTITY_KIND_TABLE) as EntityKind[]) {
      const { list, idFields } = ENTITY_KIND_TABLE[kind];
      const records = payload[list];
      if (Array.isArray(records)) for (const r of records) addEntityRecord(keys, kind, idFields, r);
    }
    return keys;
  }
  for (const list of AGENT_LISTS) {
    const agents = payload[list];
    if (!Array.isArray(agents)) continue;
    for (const a of agents) if (isObject(a)) addKey(keys, 'agent', a['agent-id']);
  }
  return keys;
}

/**
 * The guide's daily group statistics example has `"message":""` (docs/protocol-notes.md). Heuristic, used only
 * when `message` is empty or missing: a `sub-topic` naming a group statistics type wins; otherwise a
 * frame with `group-id` and group statistics fields (`queued-calls`, `agents-logged-in`, `tsf`) is
 * `group-stats` when group-stats is subscribed and daily-group-stats is not, else `daily-group-stats`
 * (the section of the guide where the empty-message example stands). Anything else: family 'other'.
 */
export function inferEmptyMessage(payload: Json, preferGroupStats: boolean): MessageInfo | undefined {
  const subTopic = payload['sub-topic'];
  if (subTopic === 'group-stats' || subTopic === 'daily-group-stats') return canonicalMessage(subTopic);
  if (!('group-id' in payload)) return undefined;
  if (!('queued-calls' in payload || 'agents-logged-in' in payload || 'tsf' in payload)) return undefined;
  return canonicalMessage(preferGroupStats ? 'group-stats' : 'daily-group-stats');
}

/** Canonical type and family of an event object; unknown names keep their own name, family 'other'. */
export function classify(payload: Json, preferGroupStats = false): MessageInfo {
  const message = payload['message'];
  if (typeof message === 'string' && message !== '') {
    return canonicalMessage(message) ?? { type: message, family: 'other' };
  }
  return inferEmptyMessage(payload, preferGroupStats) ?? OTHER;
}

export function buildEvent(payload: Json, info: MessageInfo, receivedAt: string): CcEvent {
  const sequence = payload['sequence'];
  return {
    protocol: 'mitel',
    family: info.family,
    type: info.type,
    sequence: typeof sequence === 'number' ? sequence : undefined,
    receivedAt,
    payload,
    keys: eventKeys(payload, info.type),
  };
}
