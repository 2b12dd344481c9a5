/**
 * Subscription records (`["ecc", type, entities]`): validation against the guide's two tables and
 * the directory, and which events a connection's subscriptions cover.
 */
import { entityExists, type SimDirectory } from './directory';
import {
  AGENT_EVENT,
  AGENT_LOGOUT_EVENT,
  CALL_EVENTS,
  ENTITY_KIND_SPELLINGS,
  LISTLESS_COVERAGE,
  STATS_EVENTS,
  SUBSCRIPTION_TYPES,
  type EntityKind,
} from './protocol-table';

export type SubscriptionRecord = unknown;

export type RecordVerdict =
  | { ok: true; type: string; entities: string[] }
  | { ok: false; reason: string };

const WILDCARD = '*';

function describe(record: SubscriptionRecord): string {
  try {
    return JSON.stringify(record);
  } catch {
    return String(record);
  }
}

/** Validates one record; on success returns its type and canonical entity list. */
export function validateRecord(record: SubscriptionRecord, dir: SimDirectory): RecordVerdict {
  if (!Array.isArray(record) || record.length < 2 || record.length > 3) {
    return { ok: false, reason: `${describe(record)}: not ["ecc", type, entities]` };
  }
  const [topic, type, list] = record as [unknown, unknown, unknown];
  if (topic !== 'ecc') return { ok: false, reason: `${describe(record)}: topic must be "ecc"` };
  if (typeof type !== 'string' || !(type in SUBSCRIPTION_TYPES)) {
    return { ok: false, reason: `${describe(record)}: unknown subscription type` };
  }
  const listKind = SUBSCRIPTION_TYPES[type];
  if (list === undefined || (Array.isArray(list) && list.length === 0)) {
    if (listKind === 'none') return { ok: true, type, entities: [WILDCARD] };
    return { ok: false, reason: `${describe(record)}: entity list missing` };
  }
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string' || typeof e === 'number')) {
    return { ok: false, reason: `${describe(record)}: entity list must be a JSON array of ids` };
  }
  const ids = list.map((e) => String(e).trim());
  switch (listKind) {
    case 'none':
      if (ids.every((e) => e === WILDCARD)) return { ok: true, type, entities: [WILDCARD] };
      return { ok: false, reason: `${describe(record)}: ${type} takes no entity list` };
    case 'wildcard-only':
      if (ids.length === 1 && ids[0] === WILDCARD) return { ok: true, type, entities: [WILDCARD] };
      return { ok: false, reason: `${describe(record)}: ${type} accepts only ["*"]` };
    case 'call':
      return { ok: true, type, entities: ids };
    case 'entity-kind': {
      const kinds: string[] = [];
      for (const raw of list.map((e) => String(e))) {
        if (raw === WILDCARD) {
          kinds.push(WILDCARD);
          continue;
        }
        const kind = ENTITY_KIND_SPELLINGS[raw];
        if (!kind) return { ok: false, reason: `${describe(record)}: unknown entity kind "${raw}"` };
        kinds.push(kind);
      }
      return { ok: true, type, entities: kinds };
    }
    default: {
      const missing = ids.filter((id) => id !== WILDCARD && !entityExists(dir, listKind, id));
      if (missing.length > 0) {
        return { ok: false, reason: `${describe(record)}: no such ${listKind} ${missing.join(', ')}` };
      }
      return { ok: true, type, entities: ids };
    }
  }
}

/** Per-connection subscriptions: type to entity ids ("*" for all). */
export class SubscriptionSet {
  private readonly byType = new Map<string, Set<string>>();

  add(type: string, entities: readonly string[]): void {
    let set = this.byType.get(type);
    if (!set) this.byType.set(type, (set = new Set()));
    for (const e of entities) set.add(e);
  }

  remove(type: string, entities: readonly string[]): void {
    const set = this.byType.get(type);
    if (!set) return;
    if (entities.includes(WILDCARD)) {
      this.byType.delete(type);
      return;
    }
    for (const e of entities) set.delete(e);
    if (set.size === 0) this.byType.delete(type);
  }

  has(type: string, key?: string): boolean {
    const set = this.byType.get(type);
    if (!set) return false;
    return set.has(WILDCARD) || (key !== undefined && set.has(key));
  }

  /** Ids subscribed for a type, `["*"]` for the wildcard, [] when none. */
  ids(type: string): string[] {
    const set = this.byType.get(type);
    if (!set) return [];
    return set.has(WILDCARD) ? [WILDCARD] : [...set];
  }

  /** Whether the entity subscription covers this kind. */
  coversEntityKind(kind: EntityKind): boolean {
    return this.has('entity', kind);
  }

  isEmpty(): boolean {
    return this.byType.size === 0;
  }
}

/** How an outgoing event is routed: the subscription type that covers it and the id it is about. */
export interface EventRoute {
  /** Canonical event name (`agent-idle`, `queued`, `group-stats`, `entity-update`...). */
  event: string;
  /** The subscription type with an entity list that covers it; undefined for unknown events. */
  subscription?: string;
  /** The id checked against that list (agent, group, dnis, call id or entity kind). */
  key?: string;
}

const AGENT_EVENTS = new Set<string>([...Object.values(AGENT_EVENT), AGENT_LOGOUT_EVENT]);
const CALL_EVENT_SET = new Set<string>(CALL_EVENTS);
const STATS_EVENT_SET = new Set<string>(STATS_EVENTS);

/** Whether a connection's subscriptions cover an event. Unknown events (no subscription) go to every client. */
export function covers(subs: SubscriptionSet, route: EventRoute): boolean {
  if (route.subscription === undefined) return true;
  if (subs.has(route.subscription, route.key)) return true;
  // An event about no particular entity (a combined snapshot) goes to any subscriber of its type.
  if (route.key === WILDCARD && subs.ids(route.subscription).length > 0) return true;
  for (const [listless, events] of Object.entries(LISTLESS_COVERAGE)) {
    if (events.includes(route.event) && subs.has(listless)) return true;
  }
  return false;
}

function idOf(value: unknown): string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

/**
 * The route of an event object as the simulator or a test built it. Accepts the guide's
 * misspellings, so that `emitEvent` of a guide-spelled event reaches the same subscribers.
 */
export function routeOf(event: Record<string, unknown>): EventRoute {
  let name = typeof event.message === 'string' ? event.message : '';
  const subTopic = typeof event['sub-topic'] === 'string' ? event['sub-topic'] : '';
  if (name.replace(/\s+/g, '') === 'agent-idle') name = 'agent-idle';
  if (name === 'agent-gueue-stats') name = 'agent-queue-stats';
  if (name === '' && 'group-id' in event && 'queued-calls' in event) name = 'daily-group-stats';
  if (name === '' && STATS_EVENT_SET.has(subTopic)) name = subTopic;

  if (AGENT_EVENTS.has(name)) return { event: name, subscription: 'agent-activity', key: idOf(event['agent-id']) };
  if (CALL_EVENT_SET.has(name)) return { event: name, subscription: 'call-activity', key: idOf(event['call-id']) };
  switch (name) {
    case 'group-stats':
    case 'daily-group-stats':
    case 'group-agent-stats':
      return { event: name, subscription: name, key: idOf(event['group-id']) };
    case 'agent-queue-stats':
    case 'email-agent-queue-stats':
    case 'daily-agent-stats':
      return { event: name, subscription: name, key: idOf(event['agent-id']) };
    case 'dnis-stats':
    case 'daily-dnis-stats':
      return { event: name, subscription: name, key: idOf(event['dnis-id']) };
    case 'agent-need-help':
      return { event: name, subscription: name, key: '*' };
    case 'entity-snapshot':
    case 'entity-update': {
      const filter = typeof event.filter === 'string' ? ENTITY_KIND_SPELLINGS[event.filter] : undefined;
      const fromSubTopic = ENTITY_KIND_SPELLINGS[subTopic.replace(/-update$/, '')];
      return { event: name, subscription: 'entity', key: filter ?? fromSubTopic ?? '*' };
    }
    default:
      return { event: name };
  }
}
