/**
 * Turns one received frame into a CcEvent: JSON parse (with a repair for the guide's non-JSON entity
 * sample), canonical type through the aliases of ./names, family, and entity keys for routing.
 * Hot path: one JSON.parse, one Map lookup and a fixed list of property reads per event.
 */
import type { CcEvent } from '../core/types';
import { canonicalMessage, type MessageInfo } from './names';

export type Json = Record<string, unknown>;

/** Fields whose value names an entity, and the key prefix for it. */
const KEY_FIELDS: readonly (readonly [string, string])[] = [
  ['agent-id', 'agent'],
  ['group-id', 'group'],
  ['agent-queue-id', 'agent-queue'],
  ['dnis-id', 'dnis'],
  ['call-id', 'call'],
  ['secondary-call-id', 'call'],
  ['resultant-call-id', 'call'],
  ['current-group-id', 'group'],
  ['queued-group-internal-id', 'group'],
  ['overflow-destination-group-internal-id', 'group'],
  ['divert-to-group-id', 'group'],
];

/** Lists whose items carry an agent id (group-agent-stats `agents`, agent-need-help `agent`). */
const AGENT_LISTS = ['agents', 'agent'] as const;

const OTHER: MessageInfo = { type: '', family: 'other' };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyValue(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

function addKey(keys: string[], key: string): void {
  if (!keys.includes(key)) keys.push(key);
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

/** Routing keys (`agent:1001`, `group:5`, `call:77`...) from the fields present. */
export function eventKeys(payload: Json, type: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < KEY_FIELDS.length; i++) {
    const [field, prefix] = KEY_FIELDS[i];
    const id = keyValue(payload[field]);
    if (id !== undefined) addKey(keys, `${prefix}:${id}`);
  }
  // Agent queues are identified by their agent's id (Table 1).
  if (type === 'agent-queue-stats' || type === 'email-agent-queue-stats') {
    const id = keyValue(payload['agent-id']);
    if (id !== undefined) addKey(keys, `${type === 'agent-queue-stats' ? 'agent-queue' : 'email-agent-queue'}:${id}`);
  }
  if (type === 'entity-snapshot') return keys; // lists of configuration, not routing targets
  const groups = payload['groups'];
  if (Array.isArray(groups)) {
    for (const g of groups) {
      const id = isObject(g) ? keyValue(g['id'] ?? g['group-id']) : undefined;
      if (id !== undefined) addKey(keys, `group:${id}`);
    }
  }
  for (const list of AGENT_LISTS) {
    const agents = payload[list];
    if (!Array.isArray(agents)) continue;
    for (const a of agents) {
      const id = isObject(a) ? keyValue(a['agent-id']) : undefined;
      if (id !== undefined) addKey(keys, `agent:${id}`);
    }
  }
  const calls = payload['call-table'];
  if (Array.isArray(calls)) {
    for (const c of calls) {
      const group = isObject(c) ? c['group'] : undefined;
      const id = isObject(group) ? keyValue(group['id']) : undefined;
      if (id !== undefined) addKey(keys, `group:${id}`);
    }
  }
  return keys;
}

/**
 * The guide's daily group statistics example has `"message":""` (SPEC-NOTES). Heuristic, used only
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
