/**
 * The code tables of the Mitel event-feed guide, and `describeCodes(event)` for the nodes'
 * optional "add names of codes" feature. Re-exported by ./names (the one table of Mitel names).
 */

import { isObject, type JsonObject } from '../core/json';

type CodeTable = Readonly<Record<number, string>>;

/** "Agent State Codes" (the longer of the guide's two tables; the shorter one is its prefix). */
export const AGENT_STATE_CODES: CodeTable = {
  0: 'Logged Out',
  1: 'Idle',
  2: 'ACD alerting',
  3: 'ACD talking',
  4: 'Wrap up',
  5: 'Non-ACD Incoming',
  6: 'Non-ACD Outgoing',
  7: 'Release',
  8: 'Non-ACD outgoing while in release',
  9: 'Non-ACD incoming while in release',
  10: 'Busy while in release',
  11: 'Busy',
  21: 'Split - agent is busy with ACD activity in other group',
  24: 'Outbound ACD Reserved',
  25: 'Outbound ACD Alerting',
  26: 'Outbound ACD Talking',
  27: 'Handling email',
  28: 'Handling email while on outgoing voice call',
  29: 'Handling email while on incoming voice call',
  30: 'Handling email while in busy state with voice activities',
};

/** "Cause Codes" (35 is not in the guide). */
export const CAUSE_CODES: CodeTable = {
  0: 'UNKNOWN',
  1: 'BUSY',
  2: 'CALL_CANCELLED',
  3: 'MAINTENANCE',
  4: 'INTERFLOW',
  5: 'REDIRECTED',
  6: 'RESRCS_NOT_AVAILABLE',
  7: 'SILENT_MONITOR',
  8: 'TIMEOUT',
  9: 'TRANSFER',
  10: 'DIVERTED',
  11: 'RESUMED',
  12: 'LOGIN',
  13: 'OVERFLOW',
  14: 'END_OF_WRAP_UP',
  15: 'LAST_AGENT_LOGOUT',
  16: 'PBX_FAILURE',
  17: 'CONFERENCE',
  18: 'ROUTED',
  19: 'INCOMPLETE',
  20: 'ABANDONED_IN_QUEUE',
  21: 'REINSERTED_CALL_BACK',
  22: 'REINSERTED_CBS_FAIL',
  23: 'REINSERTED_CBS_NO_ANSWER',
  24: 'REINSERTED_CBS_BUSY',
  25: 'DUMMY_CALL',
  26: 'BARGE_IN',
  27: 'WHISPER',
  28: 'BACK_TO_AGENT_QUEUE',
  29: 'MOVE_TO_AGENT_QUEUE',
  30: 'SEND_TO_OTHER_AGENT_QUEUE',
  31: 'CHAT_INACTIVITY',
  32: 'AGENT_INACTIVITY',
  33: 'EMAIL_REPLY',
  34: 'EMAIL_NO_REPLY',
  36: 'CONSULTATION',
  37: 'NO_AVAILABLE_AGENTS',
};

/** Call table "Media type". */
export const MEDIA_TYPES: CodeTable = { 0: 'Unknown', 1: 'Voice', 2: 'Web (Chat)', 3: 'Email' };

/** Call table "Call Type" (also agent-on-call `call-type`, type-change `old-type`/`new-type`). */
export const CALL_TYPES: CodeTable = {
  0: 'Non-ACD',
  1: 'Inbound Voice (ACD)',
  2: 'Web (Chat)',
  3: 'Email',
  4: 'Callback',
  5: 'Abandoned Callback',
  6: 'Web Call back',
  7: 'Dial List',
};

/** Call table "Connection State". */
export const CONNECTION_STATES: CodeTable = {
  0: 'NA',
  1: 'NULL',
  2: 'Initiated',
  3: 'Route Wait',
  4: 'Alerting',
  5: 'Connected',
  6: 'Failed (Deprecated)',
  7: 'Held',
  8: 'Queued',
  9: 'Unknown',
  10: 'Silent Monitored',
  11: 'Silent Monitoring',
  12: 'Barged In',
  13: 'Barging In',
  14: 'Whisper Blocked',
  15: 'Whispering',
  16: 'Whispered',
};

/** Call table "Device Type". */
export const DEVICE_TYPES: CodeTable = {
  1: 'IRN',
  2: 'Service',
  3: 'Agent',
  4: 'Group',
  5: 'Regular device',
  6: 'Call Control Script',
  22: 'Agent Queue Service',
  23: 'Agent Queue Group',
  24: 'IVR Port',
  25: 'Email Agent Queue Service',
  26: 'Email Agent Queue Group',
};

/** Group types are used but never numbered in the guide: the device-type table's group entries stand in. */
export const GROUP_TYPES: CodeTable = { 4: 'Group', 23: 'Agent Queue Group', 26: 'Email Agent Queue Group' };

/** Call table "Language". */
export const LANGUAGES: CodeTable = {
  0: 'English (US)',
  1: 'Hebrew',
  2: 'Russian',
  3: 'Arabic (UAE)',
  4: 'Spanish (Mexico)',
  5: 'Italian',
  6: 'English (UK)',
  7: 'French',
  8: 'German',
  9: 'Spanish (Castilian)',
  10: 'Swedish',
};

/** Call table "Call Profile ID" (user-defined fields from 101, skills from 1001). */
export const CALL_PROFILE_IDS: CodeTable = {
  0: 'NULL',
  1: 'DNIS',
  2: 'Caller ID',
  3: 'Priority',
  4: 'Service ID',
  5: 'Customer ID',
  6: 'Customer Name',
  7: 'ACD Enter Date',
  8: 'ACD Enter Time',
  9: 'Queue position',
  10: 'Average Queue Time',
  11: 'Callback Time',
  12: 'Callback Destination',
  13: 'Session ID',
  14: 'Language',
  15: 'Media Type',
  16: 'Call Type',
  17: 'Dial List ID',
  18: 'Start Queue Time',
  19: 'Agent ID',
  20: 'Deprecated',
  21: 'Deprecated',
  22: 'Execute Request',
  23: 'Trunk Number',
  24: 'Email To',
  25: 'Email Connect Contact Center',
  26: 'Email Subject',
  27: 'Email From',
  28: 'Email Reply To',
  29: 'Email Sent Date',
  30: 'Email Sent Time',
  31: 'Email Enter OMS Date',
  32: 'Email Enter OMS Time',
  33: 'Primary Callback',
  34: 'Alternative Callback 1',
  35: 'Alternative Callback 2',
  36: 'Last Time to Initiate Callback',
  37: 'PBX Call ID',
  38: 'Group ID',
  39: 'Outgoing Caller ID',
  40: 'Stream position',
  41: 'Stream Start Time',
  42: 'Call GUID',
  43: 'Agent Queue ID',
  44: 'Outbound Features',
  45: 'DNIS Name',
  46: 'Site ID',
  47: 'Email Message ID',
  48: 'Caller Name',
};

/** Which table names a top-level field's code. */
const FIELD_CODE_TABLES: Readonly<Record<string, CodeTable>> = {
  cause: CAUSE_CODES,
  state: AGENT_STATE_CODES, // agent-queue-stats, daily-agent-stats
  'agent-state': AGENT_STATE_CODES,
  'media-type': MEDIA_TYPES,
  'call-type': CALL_TYPES,
  'old-type': CALL_TYPES,
  'new-type': CALL_TYPES,
  language: LANGUAGES,
  'group-type': GROUP_TYPES,
  'queued-group-type': GROUP_TYPES,
  'overflow-destination-group-type': GROUP_TYPES,
  'divert-to-group-type': GROUP_TYPES,
  'device-type': DEVICE_TYPES,
  'destination-type': DEVICE_TYPES,
  'joining-device-type': DEVICE_TYPES,
  'calling-device-type': DEVICE_TYPES,
  'alerting-device-type': DEVICE_TYPES,
  'monitoring-device-type': DEVICE_TYPES,
  'monitored-device-type': DEVICE_TYPES,
  'transferring-device-type': DEVICE_TYPES,
  'transferred-device-type': DEVICE_TYPES,
  'transfer-to-device-type': DEVICE_TYPES,
  'conferencing-device-type': DEVICE_TYPES,
  'conferenced-device-type': DEVICE_TYPES,
  'conference-to-device-type': DEVICE_TYPES,
  'divert-to-device-type': DEVICE_TYPES,
  'divert-from-device-type': DEVICE_TYPES,
  'device-out-type': DEVICE_TYPES,
  'abandoned-dev-type': DEVICE_TYPES,
};

type Json = JsonObject;

/** Codes may arrive as numbers or numeric strings ("agent-state":"<state>"). */
function nameOf(table: CodeTable, code: unknown): string | undefined {
  if (typeof code === 'number') return table[code];
  if (typeof code === 'string' && code.trim() !== '' && /^\d+$/.test(code.trim())) return table[Number(code)];
  return undefined;
}

function put(out: Record<string, string>, path: string, table: CodeTable, code: unknown): void {
  const name = nameOf(table, code);
  if (name !== undefined) out[path] = name;
}

function describeCall(out: Record<string, string>, prefix: string, call: Json): void {
  put(out, `${prefix}.media`, MEDIA_TYPES, call['media']);
  put(out, `${prefix}.call-type`, CALL_TYPES, call['call-type']);
  const group = call['group'];
  if (isObject(group)) put(out, `${prefix}.group.type`, GROUP_TYPES, group['type']);
  const profile = call['call-profile'];
  if (Array.isArray(profile)) {
    profile.forEach((p, i) => {
      if (isObject(p)) put(out, `${prefix}.call-profile[${i}].id`, CALL_PROFILE_IDS, p['id']);
    });
  }
  const connections = call['connections'];
  if (Array.isArray(connections)) {
    connections.forEach((c, i) => {
      if (isObject(c)) put(out, `${prefix}.connections[${i}].state`, CONNECTION_STATES, c['state']);
    });
  }
}

/**
 * Names for the codes present in one Mitel event, keyed by the field's path in the payload:
 * `{ cause: 'BUSY', 'call-table[0].media': 'Voice', 'groups[1].type': 'Agent Queue Group' }`.
 * Unknown codes are left out. The payload itself is never changed.
 */
export function describeCodes(event: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(event)) return out;
  for (const field of Object.keys(event)) {
    const table = FIELD_CODE_TABLES[field];
    if (table) put(out, field, table, event[field]);
  }
  const groups = event['groups'];
  if (Array.isArray(groups) && event['message'] !== 'entity-snapshot') {
    groups.forEach((g, i) => {
      if (isObject(g)) put(out, `groups[${i}].type`, GROUP_TYPES, g['type']);
    });
  }
  const agents = event['agents'];
  if (Array.isArray(agents)) {
    agents.forEach((a, i) => {
      if (isObject(a)) put(out, `agents[${i}].agent-state`, AGENT_STATE_CODES, a['agent-state']);
    });
  }
  const calls = event['call-table'];
  if (Array.isArray(calls)) {
    calls.forEach((c, i) => {
      if (isObject(c)) describeCall(out, `call-table[${i}]`, c);
    });
  }
  return out;
}
