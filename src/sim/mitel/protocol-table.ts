/**
 * Every name of the Mitel Connect Contact Center Event Feed guide that the simulator uses, in one
 * place: request and event `message` strings, subscription types, codes. Written from the guide
 * (chapter "Real-Time Group Activity Event Feed SDK"), independent of the client in src/mitel on purpose,
 * so that a misreading in one is not mirrored by the other.
 */

export const DEFAULT_PORT = 31456;
export const TOPIC = 'contact-center';
export const PROTOCOL_VERSION = 1;
/** "a long integer value between 0 and 4,294,967,295. When the sequence number reaches the max value, it restarts at 0." */
export const MAX_SEQUENCE = 4294967295;
/** "A maximum of 50 concurrent connections is allowed." */
export const MAX_CONNECTIONS = 50;

export const REQUEST = {
  authenticate: 'authenticate',
  subscribe: 'subscribe-events',
  unsubscribe: 'unsubscribe-events',
  command: 'command',
} as const;

/** The nine sub-request-types of the Commands chapter. */
export const COMMANDS = [
  'login',
  'logout',
  'release',
  'resume',
  'wrapup-code',
  'manual-wrapup',
  'end-wrapup',
  'answer',
  'hangup',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Agent Activity Events (the six of the guide). */
export const AGENT_EVENT = {
  login: 'agent-login',
  release: 'agent-release',
  idle: 'agent-idle',
  wrap: 'agent-wrap',
  reserved: 'agent-reserved',
  onCall: 'agent-on-call',
} as const;
/**
 * Simulator decision: the guide has a login event but no logout event; the simulator sends this
 * name after a logout so that clients see an event type they do not know (and must pass on).
 */
export const AGENT_LOGOUT_EVENT = 'agent-logout';

/** The 25 Call Activity events, by the `message` string of each "Call Activity ... Event" section. */
export const CALL_EVENTS = [
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
export type CallEventName = (typeof CALL_EVENTS)[number];

/** The nine statistics messages. */
export const STATS_EVENTS = [
  'group-stats',
  'daily-group-stats',
  'group-agent-stats',
  'agent-queue-stats',
  'email-agent-queue-stats',
  'dnis-stats',
  'daily-dnis-stats',
  'agent-need-help',
  'daily-agent-stats',
] as const;
export type StatsEventName = (typeof STATS_EVENTS)[number];

export const ENTITY_EVENT = { snapshot: 'entity-snapshot', update: 'entity-update' } as const;

/**
 * The guide's misspellings, sent only with `guideSpellings: true` so that clients can be tested
 * against both readings (see docs/protocol-notes.md).
 */
export const GUIDE_SPELLINGS = {
  agentIdle: 'agent- idle ',
  agentQueueStats: 'agent-gueue-stats',
  dailyGroupStatsMessage: '',
  queuedCallsAboveTasa: 'queued-calls=above-tasa',
  guid: 'quid',
} as const;

/**
 * Which entity list a subscription type takes.
 * - group / agent / agent-queue / email-agent-queue / dnis: ids of that entity, or "*"
 * - entity-kind: entity kinds (ENTITY_KINDS), or "*"
 * - wildcard-only: exactly ["*"] (agent-need-help)
 * - call: "*" or call ids (table 1 says ["*"], table 2 says call ids)
 * - none: the guide gives no entity list; an absent, empty or ["*"] list is accepted
 */
export type EntityListKind =
  | 'group'
  | 'agent'
  | 'agent-queue'
  | 'email-agent-queue'
  | 'dnis'
  | 'entity-kind'
  | 'wildcard-only'
  | 'call'
  | 'none';

/** Union of Table 1 (subscribe) and the unsubscribe table: both are accepted. */
export const SUBSCRIPTION_TYPES: Readonly<Record<string, EntityListKind>> = {
  entity: 'entity-kind',
  'group-stats': 'group',
  'daily-group-stats': 'group',
  'agent-queue-stats': 'agent-queue',
  'email-agent-queue-stats': 'email-agent-queue',
  'daily-agent-stats': 'agent',
  'group-agent-stats': 'group',
  'dnis-stats': 'dnis',
  'daily-dnis-stats': 'dnis',
  'agent-login-logout': 'none',
  'agent-status': 'none',
  'agent-need-help': 'wildcard-only',
  'agent-activity': 'agent',
  'call-activity': 'call',
  'call-routing': 'none',
  'call-establishment': 'none',
  'call-statistics': 'none',
};

/** The entity kinds of an `entity` subscription, every spelling the guide shows, to their canonical kind. */
export type EntityKind = 'agent' | 'group' | 'agent-queue' | 'email-agent-queue' | 'dnis' | 'release-code' | 'wrapup-code';
export const ENTITY_KIND_SPELLINGS: Readonly<Record<string, EntityKind>> = {
  agent: 'agent',
  group: 'group',
  'agent-queue': 'agent-queue',
  'agent- queue': 'agent-queue',
  'email agent queue': 'email-agent-queue',
  'email-agent-queue': 'email-agent-queue',
  dnis: 'dnis',
  'release-code': 'release-code',
  'wrapup-code': 'wrapup-code',
};
export const ENTITY_KINDS: readonly EntityKind[] = [
  'group',
  'agent-queue',
  'email-agent-queue',
  'agent',
  'dnis',
  'release-code',
  'wrapup-code',
];
/** The list name of each kind in entity-snapshot (schema of the guide; email agent queues have no example). */
export const SNAPSHOT_LIST: Readonly<Record<EntityKind, string>> = {
  group: 'groups',
  'agent-queue': 'agent-queues',
  'email-agent-queue': 'email-agent-queues',
  agent: 'agents',
  dnis: 'dnis',
  'release-code': 'release-codes',
  'wrapup-code': 'wrapup-codes',
};
/** entity-update sub-topics of the guide ("agent-update, group-update, dnis-update or release-code-update"). */
export const UPDATE_SUB_TOPIC: Readonly<Record<EntityKind, string>> = {
  group: 'group-update',
  'agent-queue': 'agent-queue-update',
  'email-agent-queue': 'email-agent-queue-update',
  agent: 'agent-update',
  dnis: 'dnis-update',
  'release-code': 'release-code-update',
  'wrapup-code': 'wrapup-code-update',
};

/**
 * Simulator decision: which events the subscription types without an entity list cover. The guide
 * names these types (Table 1) but never says what they deliver.
 */
export const LISTLESS_COVERAGE: Readonly<Record<string, readonly string[]>> = {
  'agent-login-logout': [AGENT_EVENT.login, AGENT_LOGOUT_EVENT],
  'agent-status': [AGENT_EVENT.release, AGENT_EVENT.idle, AGENT_EVENT.wrap, AGENT_EVENT.reserved, AGENT_EVENT.onCall],
  'call-routing': [
    'route-request',
    'routed',
    'queued',
    'dequeued',
    'overflowed',
    'interflowed',
    'diverted',
    'to-no-agent-dest',
    'ivr-app-started',
    'ivr-app-ended',
    'agent-reinsert',
  ],
  'call-establishment': [
    'initiated',
    'delivered',
    'established',
    'held',
    'retrieved',
    'transferred',
    'conferenced',
    'conn-cleared',
    'call-cleared',
    'state-change',
    'type-change',
  ],
  'call-statistics': ['call-cleared', 'wrap-code', 'wrap-ended', 'no-wrap'],
};

/** Agent State Codes. */
export const AGENT_STATE = {
  loggedOut: 0,
  idle: 1,
  acdAlerting: 2,
  acdTalking: 3,
  wrapUp: 4,
  nonAcdIncoming: 5,
  nonAcdOutgoing: 6,
  release: 7,
  busy: 11,
  outboundReserved: 24,
} as const;

/** Cause Codes. */
export const CAUSE = {
  unknown: 0,
  busy: 1,
  callCancelled: 2,
  interflow: 4,
  redirected: 5,
  silentMonitor: 7,
  timeout: 8,
  transfer: 9,
  diverted: 10,
  resumed: 11,
  login: 12,
  overflow: 13,
  endOfWrapUp: 14,
  lastAgentLogout: 15,
  conference: 17,
  routed: 18,
  abandonedInQueue: 20,
  reinsertedCbsNoAnswer: 23,
  noAvailableAgents: 37,
} as const;

/** Device Type. Group types are these device types (4 group, 23 agent queue group, 26 email agent queue group). */
export const DEVICE_TYPE = {
  irn: 1,
  service: 2,
  agent: 3,
  group: 4,
  regular: 5,
  callControlScript: 6,
  agentQueueService: 22,
  agentQueueGroup: 23,
  ivrPort: 24,
  emailAgentQueueService: 25,
  emailAgentQueueGroup: 26,
} as const;

export const MEDIA = { unknown: 0, voice: 1, chat: 2, email: 3 } as const;
export const CALL_TYPE = {
  nonAcd: 0,
  inboundAcd: 1,
  chat: 2,
  email: 3,
  callback: 4,
  abandonedCallback: 5,
  webCallback: 6,
  dialList: 7,
} as const;
export const CONNECTION_STATE = {
  na: 0,
  null: 1,
  initiated: 2,
  routeWait: 3,
  alerting: 4,
  connected: 5,
  held: 7,
  queued: 8,
  silentMonitored: 10,
  silentMonitoring: 11,
} as const;
/** Call Profile IDs used by the simulator. */
export const CALL_PROFILE = {
  dnis: 1,
  callerId: 2,
  priority: 3,
  customerName: 6,
  acdEnterDate: 7,
  acdEnterTime: 8,
  queuePosition: 9,
  language: 14,
  pbxCallId: 37,
  groupId: 38,
  callGuid: 42,
  callerName: 48,
} as const;
