/**
 * The ONE table of Mitel Connect Contact Center Event Feed names: messages, their families,
 * subscription types, entity kinds, commands and the spellings of the guide that we tolerate.
 * Source: the Mitel Connect Contact Center Event Feed guide, chapter 3 (its message, subscription
 * and command sections), with the spellings its examples print.
 * Code tables (agent state, cause, media type...) live in ./codes and are re-exported here.
 */
import type { EventFamily } from '../core/types';

export * from './codes';

export const MITEL_TOPIC = 'contact-center';
export const MITEL_DEFAULT_PORT = 31456;
export const MITEL_PROTOCOL_VERSION = 1;
/** `sequence` runs from 0 to this value and then starts again at 0. */
export const MITEL_SEQUENCE_MAX = 4294967295;
/** The topic of every subscription record: `["ecc", type, entities]`. */
export const SUBSCRIPTION_RECORD_TOPIC = 'ecc';

/** Request `message` values (the server echoes them in its answers). */
export const REQUEST_MESSAGES = {
  authenticate: 'authenticate',
  subscribe: 'subscribe-events',
  unsubscribe: 'unsubscribe-events',
  command: 'command',
} as const;
export type RequestMessage = (typeof REQUEST_MESSAGES)[keyof typeof REQUEST_MESSAGES];

/** The six agent events of "Agent Activity Events", agent-logout, and agent-need-help. */
export const AGENT_EVENT_MESSAGES = [
  'agent-login',
  'agent-release',
  'agent-idle',
  'agent-wrap',
  'agent-reserved',
  'agent-on-call',
  // Not in the guide (it has a login event but no logout event), but implied by the
  // agent-login-logout subscription type; a server that sends it gets it shown as an agent event.
  'agent-logout',
  // "Agent Need Help Statistics": family 'agent' so that cc-agent-event shows it (the README lists
  // need-help among agent events); cc-realtime selects it by its subscription type instead.
  'agent-need-help',
] as const;

export const ENTITY_EVENT_MESSAGES = ['entity-snapshot', 'entity-update'] as const;

/** Statistics messages (agent-need-help is listed with the agent events, see above). */
export const STATISTICS_MESSAGES = [
  'group-stats',
  'daily-group-stats',
  'agent-queue-stats',
  'email-agent-queue-stats',
  'group-agent-stats',
  'dnis-stats',
  'daily-dnis-stats',
  'daily-agent-stats',
] as const;

/** The 25 "Call Activity ... Event" sections, by their `message` value. */
export const CALL_ACTIVITY_MESSAGES = [
  'type-change',
  'agent-reinsert',
  'call-cleared',
  'conferenced',
  'conn-cleared',
  'delivered',
  'dequeued',
  'diverted',
  'established',
  'held',
  'initiated',
  'interflowed',
  'ivr-app-started',
  'ivr-app-ended',
  'to-no-agent-dest',
  'no-wrap',
  'overflowed',
  'queued',
  'retrieved',
  'routed',
  'route-request',
  'state-change',
  'transferred',
  'wrap-ended',
  'wrap-code',
] as const;

/** Spellings printed in the guide (or likely from a real server) -> the canonical message name. */
export const MESSAGE_ALIASES: Readonly<Record<string, string>> = {
  'agent- idle ': 'agent-idle', // Agent idle event example
  'agent- idle': 'agent-idle',
  'agent-idle ': 'agent-idle',
  'agent-gueue-stats': 'agent-queue-stats', // Agent Queue Statistics example
  'email-agent-queue- stats': 'email-agent-queue-stats',
};

/** Field spellings printed in the guide -> the field they mean. Payloads are passed on as received. */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  quid: 'guid', // Interflowed event
  'queued-calls=above-tasa': 'queued-calls-above-tasa', // Group Statistics example
  ' release-code-short-name': 'release-code-short-name', // Entity snapshot schema
  ' release-code-name': 'release-code-name',
  ' wrapup-code': 'wrapup-code',
};

export interface MessageInfo {
  /** Canonical name (msg.topic). */
  type: string;
  family: EventFamily;
}

/**
 * message value (canonical or alias) -> canonical type and family. One Map lookup per event.
 * Request/answer names are family 'response': they reach the event stream only when no pending
 * request matches them.
 */
export const MESSAGE_TABLE: ReadonlyMap<string, MessageInfo> = (() => {
  const table = new Map<string, MessageInfo>();
  const add = (names: readonly string[], family: EventFamily) => {
    for (const type of names) table.set(type, { type, family });
  };
  add(AGENT_EVENT_MESSAGES, 'agent');
  add(ENTITY_EVENT_MESSAGES, 'entity');
  add(STATISTICS_MESSAGES, 'statistics');
  add(CALL_ACTIVITY_MESSAGES, 'contact');
  add(Object.values(REQUEST_MESSAGES), 'response');
  for (const [alias, canonical] of Object.entries(MESSAGE_ALIASES)) {
    const info = table.get(canonical);
    if (info) table.set(alias, info);
  }
  return table;
})();

/** The canonical message name, or undefined when the table does not know it. */
export function canonicalMessage(message: string): MessageInfo | undefined {
  const info = MESSAGE_TABLE.get(message);
  if (info) return info;
  // Miss path only (never for known names): tolerate stray spaces such as "agent- idle ".
  const squeezed = message.replace(/\s+/g, '');
  return squeezed !== message ? MESSAGE_TABLE.get(squeezed) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Entities

/** Entity kinds of the `entity` subscription, as sent in its entity list. */
export const ENTITY_KINDS = [
  'agent',
  'group',
  'agent-queue',
  'email-agent-queue',
  'dnis',
  'release-code',
  'wrapup-code',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Spellings of entity kinds accepted from users and the guide -> the kind sent to the server. */
export const ENTITY_KIND_ALIASES: Readonly<Record<string, EntityKind>> = {
  'agent- queue': 'agent-queue', // subscribe table
  'email agent queue': 'email-agent-queue', // subscribe table
  'email-agent queue': 'email-agent-queue',
  agents: 'agent',
  groups: 'group',
  'agent-queues': 'agent-queue',
  'email-agent-queues': 'email-agent-queue',
  'release-codes': 'release-code',
  'wrapup-codes': 'wrapup-code',
  'wrap-up-code': 'wrapup-code',
};

export function canonicalEntityKind(name: string): EntityKind | undefined {
  if ((ENTITY_KINDS as readonly string[]).includes(name)) return name as EntityKind;
  return ENTITY_KIND_ALIASES[name] ?? ENTITY_KIND_ALIASES[name.trim().toLowerCase()];
}

export interface EntityKindInfo {
  /** The list name in entity-snapshot / entity-update messages, and the `entities.<name>` operation. */
  list: string;
  /** Fields that hold an entity's id in its records (first found wins). */
  idFields: readonly string[];
  /** `sub-topic` values of entity-update / entity-snapshot naming this kind. */
  subTopics: readonly string[];
}

export const ENTITY_KIND_TABLE: Readonly<Record<EntityKind, EntityKindInfo>> = {
  agent: { list: 'agents', idFields: ['agent-id', 'id'], subTopics: ['agent-update', 'agent-snapshot'] },
  group: { list: 'groups', idFields: ['group-id', 'id'], subTopics: ['group-update', 'group-snapshot'] },
  'agent-queue': {
    list: 'agent-queues',
    idFields: ['agent-queue-id', 'id'],
    subTopics: ['agent-queue-update', 'agent-queue-snapshot'],
  },
  // No JSON example in the guide: named like the other lists.
  'email-agent-queue': {
    list: 'email-agent-queues',
    idFields: ['email-agent-queue-id', 'agent-queue-id', 'id'],
    subTopics: ['email-agent-queue-update', 'email-agent-queue-snapshot'],
  },
  dnis: { list: 'dnis', idFields: ['dnis-id', 'id'], subTopics: ['dnis-update', 'dnis-snapshot'] },
  'release-code': {
    list: 'release-codes',
    idFields: ['release-code-id', 'id'],
    subTopics: ['release-code-update', 'release-code-snapshot'],
  },
  'wrapup-code': {
    list: 'wrapup-codes',
    idFields: ['wrapup-id', 'wrapup-code-id', 'id'],
    subTopics: ['wrapup-code-update', 'wrapup-codesnapshot', 'wrapup-code-snapshot'],
  },
};

/** `update-type` values of entity-update. */
export const ENTITY_UPDATE_TYPES = ['add', 'update', 'delete'] as const;

// ---------------------------------------------------------------------------------------------
// Subscriptions

/**
 * What a subscription type's entity list holds:
 *  - 'ids': ids of `idKind` or "*"
 *  - 'entity-kinds': the entity kinds above (type `entity`)
 *  - 'wildcard-only': exactly ["*"]
 *  - 'none': the first table prints no entity list; [] or ["*"] accepted
 */
export type EntityListKind = 'ids' | 'entity-kinds' | 'wildcard-only' | 'none';

export interface SubscriptionTypeInfo {
  entityList: EntityListKind;
  idKind?: 'agent' | 'group' | 'agent-queue' | 'email-agent-queue' | 'dnis' | 'call';
  /** The tables of the guide that list the type ('Subscribe Events' and 'Unsubscribe Events' differ). */
  tables: readonly ('subscribe' | 'unsubscribe')[];
  /** Event messages the subscription brings (for nodes that show one subscription's events). */
  events: readonly string[];
}

const BOTH = ['subscribe', 'unsubscribe'] as const;
const AGENT_ACTIVITY = AGENT_EVENT_MESSAGES.filter((m) => m !== 'agent-need-help');

/** Union of Table 1 (subscribe) and the Unsubscribe Events Requests table. */
export const SUBSCRIPTION_TYPES: Readonly<Record<string, SubscriptionTypeInfo>> = {
  entity: { entityList: 'entity-kinds', tables: BOTH, events: ENTITY_EVENT_MESSAGES },
  'group-stats': { entityList: 'ids', idKind: 'group', tables: BOTH, events: ['group-stats'] },
  'daily-group-stats': {
    entityList: 'ids',
    idKind: 'group',
    tables: ['unsubscribe'],
    events: ['daily-group-stats'],
  },
  'agent-queue-stats': { entityList: 'ids', idKind: 'agent-queue', tables: BOTH, events: ['agent-queue-stats'] },
  'email-agent-queue-stats': {
    entityList: 'ids',
    idKind: 'email-agent-queue',
    tables: BOTH,
    events: ['email-agent-queue-stats'],
  },
  'daily-agent-stats': { entityList: 'ids', idKind: 'agent', tables: BOTH, events: ['daily-agent-stats'] },
  'group-agent-stats': { entityList: 'ids', idKind: 'group', tables: BOTH, events: ['group-agent-stats'] },
  'dnis-stats': { entityList: 'ids', idKind: 'dnis', tables: BOTH, events: ['dnis-stats'] },
  'daily-dnis-stats': { entityList: 'ids', idKind: 'dnis', tables: BOTH, events: ['daily-dnis-stats'] },
  'agent-need-help': { entityList: 'wildcard-only', tables: BOTH, events: ['agent-need-help'] },
  'agent-activity': { entityList: 'ids', idKind: 'agent', tables: BOTH, events: AGENT_ACTIVITY },
  // Subscribe table: ["*"]; unsubscribe table: call ids. Both accepted.
  'call-activity': { entityList: 'ids', idKind: 'call', tables: BOTH, events: CALL_ACTIVITY_MESSAGES },
  // Only in Table 1, without an entity list or a described event.
  'agent-login-logout': { entityList: 'none', tables: ['subscribe'], events: ['agent-login', 'agent-logout'] },
  'agent-status': { entityList: 'none', tables: ['subscribe'], events: AGENT_ACTIVITY },
  'call-routing': { entityList: 'none', tables: ['subscribe'], events: [] },
  'call-establishment': { entityList: 'none', tables: ['subscribe'], events: [] },
  'call-statistics': { entityList: 'none', tables: ['subscribe'], events: [] },
};

export const SUBSCRIPTION_TYPE_NAMES: readonly string[] = Object.keys(SUBSCRIPTION_TYPES);

export const SUBSCRIPTION_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'email-agent-queue- stats': 'email-agent-queue-stats', // Table 1
  'agent-gueue-stats': 'agent-queue-stats',
};

export function canonicalSubscriptionType(name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(SUBSCRIPTION_TYPES, name)) return name;
  const alias = SUBSCRIPTION_TYPE_ALIASES[name];
  if (alias) return alias;
  const squeezed = name.replace(/\s+/g, '').toLowerCase();
  return Object.prototype.hasOwnProperty.call(SUBSCRIPTION_TYPES, squeezed) ? squeezed : undefined;
}

// ---------------------------------------------------------------------------------------------
// Commands (message "command", field "sub-request-type")

export interface CommandInfo {
  /** Fields that must be present. */
  required: readonly string[];
  /** Fields sent when present. */
  optional: readonly string[];
}

export const COMMANDS: Readonly<Record<string, CommandInfo>> = {
  // group-id 0 = the agent's primary groups (sent when neither group field is given).
  login: { required: ['agent-id'], optional: ['agent-number', 'agent-extension', 'group-type', 'group-id'] },
  logout: { required: ['agent-id'], optional: ['group-type', 'group-id'] },
  release: { required: ['agent-id'], optional: ['release-code'] },
  resume: { required: ['agent-id'], optional: [] },
  'wrapup-code': { required: ['agent-id', 'wrapup-code-id', 'call-id'], optional: [] },
  'manual-wrapup': { required: ['agent-id', 'call-id'], optional: [] },
  'end-wrapup': { required: ['agent-id', 'call-id'], optional: [] },
  answer: { required: ['agent-id', 'call-id'], optional: [] },
  hangup: { required: ['agent-id', 'call-id'], optional: [] },
};

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** Operations of `request()` besides the commands: entity lists from the entity cache. */
export const ENTITY_LIST_OPERATIONS: Readonly<Record<string, EntityKind | 'all'>> = {
  agents: 'agent',
  groups: 'group',
  'agent-queues': 'agent-queue',
  'email-agent-queues': 'email-agent-queue',
  dnis: 'dnis',
  'release-codes': 'release-code',
  'wrapup-codes': 'wrapup-code',
  all: 'all',
};

/** Every operation name `request()` accepts (canonical `group.name` form). */
export const OPERATION_NAMES: readonly string[] = [
  ...COMMAND_NAMES.map((c) => `command.${c}`),
  ...Object.keys(ENTITY_LIST_OPERATIONS).map((e) => `entities.${e}`),
];
