/**
 * How Mitel events and statistics become board records: the one table of this vendor for the board
 * (README, "board"). Sources, by guide section:
 *  - "Agent Activity Events": agent-login / -release / -idle / -wrap / -reserved / -on-call;
 *  - "Group Agents Statistics" (group-agent-stats): every logged-in agent of a group with its state
 *    code ("Agent State Codes"), state start time and release code: the snapshot of who is where;
 *  - "Group Statistics" (group-stats): the figures of each group (queued calls, agents per state,
 *    answered, abandoned, TSF);
 *  - "Call Activity Events": queued / established / call-cleared, counted per group by the board.
 */
import type { AgentPatch, AgentState, BoardUpdate, QueuePatch } from '../core/board/types';
import type { CcEvent } from '../core/types';
import { isObject, type JsonObject } from '../core/json';

/** Agent activity message -> board state. */
export const MITEL_AGENT_EVENT_STATES: Readonly<Record<string, AgentState>> = {
  'agent-login': 'available',
  'agent-idle': 'available',
  'agent-reserved': 'reserved',
  'agent-on-call': 'busy',
  'agent-wrap': 'wrap-up',
  'agent-release': 'released',
  'agent-logout': 'logged-out',
};

/** "Agent State Codes" -> board state. Busy while released counts as released (the pause goes on). */
export const MITEL_AGENT_STATE_CODES: Readonly<Record<number, AgentState>> = {
  0: 'logged-out',
  1: 'available',
  2: 'reserved',
  3: 'busy',
  4: 'wrap-up',
  5: 'busy',
  6: 'busy',
  7: 'released',
  8: 'released',
  9: 'released',
  10: 'released',
  11: 'busy',
  21: 'busy',
  24: 'reserved',
  25: 'reserved',
  26: 'busy',
  27: 'busy',
  28: 'busy',
  29: 'busy',
  30: 'busy',
};

/** The subscriptions the board needs on Mitel (agent events, group statistics, call activity). */
export const MITEL_BOARD_SUBSCRIPTIONS = [
  { type: 'agent-activity', entities: ['*'] },
  { type: 'group-agent-stats', entities: ['*'] },
  { type: 'group-stats', entities: ['*'] },
  { type: 'call-activity', entities: ['*'] },
] as const;

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** `yyyy-mm-dd hh:mm:ss` (server time, no zone: read as local time) -> ms. */
function startTime(v: unknown): number | undefined {
  const s = text(v);
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(s);
  if (!m) return undefined;
  const t = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime();
  return Number.isFinite(t) ? t : undefined;
}

function groupsOf(p: JsonObject): string[] | undefined {
  if (!Array.isArray(p.groups)) return undefined;
  const ids = p.groups.map((g) => (isObject(g) ? text(g.id) : undefined)).filter((g): g is string => g !== undefined);
  return ids.length ? ids : undefined;
}

function agentEvent(type: string, p: JsonObject, at: number): BoardUpdate | undefined {
  const id = text(p['agent-id']);
  if (!id || type === 'agent-need-help') return undefined; // a request for help, not a state
  // An agent message the table does not know: the state is unknown, the message kept as raw state.
  const state = MITEL_AGENT_EVENT_STATES[type] ?? 'unknown';
  const patch: AgentPatch = { id, state, rawState: type, at, lastEvent: p, reason: undefined };
  const queues = groupsOf(p);
  if (queues) patch.queues = queues;
  if (type === 'agent-release' && text(p['release-code']) !== undefined) patch.reason = { code: text(p['release-code']) as string };
  if (type === 'agent-wrap' && text(p['wrapup-code']) !== undefined) patch.reason = { code: text(p['wrapup-code']) as string };
  if (type === 'agent-on-call' && text(p['call-id'])) patch.contact = { id: text(p['call-id']) as string };
  else patch.contact = undefined;
  return { agents: [patch] };
}

/** group-agent-stats: the logged-in agents of one group, each with its state and since when. */
function groupAgents(p: JsonObject, at: number): BoardUpdate | undefined {
  const group = text(p['group-id']);
  if (!group || !Array.isArray(p.agents)) return undefined;
  const agents: AgentPatch[] = [];
  for (const a of p.agents) {
    if (!isObject(a)) continue;
    const id = text(a['agent-id'])?.replace(/"$/, '');
    if (!id) continue;
    const code = num(a['agent-state']);
    const state: AgentState = code !== undefined ? (MITEL_AGENT_STATE_CODES[code] ?? 'unknown') : 'unknown';
    const patch: AgentPatch = { id, state, rawState: code !== undefined ? `state ${code}` : text(a['agent-state']), at: startTime(a['state-start-time']) ?? at };
    const name = text(a['agent-name']);
    if (name) patch.name = name;
    const release = text(a['release-code']);
    patch.reason = state === 'released' && release && release !== '0' ? { code: release } : undefined;
    agents.push(patch);
  }
  // An agent who logs out of the group is missing from the next message ("Group Agents Statistics").
  return { agents, membership: { queue: group, agents: agents.map((a) => a.id) } };
}

function groupStats(p: JsonObject): BoardUpdate | undefined {
  const id = text(p['group-id']);
  if (!id) return undefined;
  const onAcd = num(p['agents-on-acd']);
  const onNonAcd = num(p['agents-on-non-acd']);
  const queue: QueuePatch = {
    id,
    name: text(p['group-name']),
    waiting: num(p['queued-calls']),
    longestWaitSec: num(p['current-max-que-time']),
    agentsAvailable: num(p['agents-idle']),
    agentsBusy: onAcd === undefined && onNonAcd === undefined ? undefined : (onAcd ?? 0) + (onNonAcd ?? 0),
    agentsReleased: num(p['agent-in-release']),
    agentsLoggedIn: num(p['agents-logged-in']),
    handled: num(p['answered-calls']),
    abandoned: num(p['abandoned-calls']),
    serviceLevel: num(p.tsf),
  };
  for (const k of Object.keys(queue) as Array<keyof QueuePatch>) if (queue[k] === undefined) delete queue[k];
  return { queues: [queue] };
}

/** "Cause Codes": 20 ABANDONED_IN_QUEUE. */
const CAUSE_ABANDONED_IN_QUEUE = 20;

/**
 * The group of a call activity event: `queued-group-internal-id` of the queued event, else the
 * group of the first call of the call table ("Call Table": `group: {type, id}`).
 */
function callGroup(p: JsonObject): string | undefined {
  const queued = text(p['queued-group-internal-id']);
  if (queued) return queued;
  const table = Array.isArray(p['call-table']) ? p['call-table'] : [];
  for (const call of table) {
    const id = isObject(call) && isObject(call.group) ? text(call.group.id) : undefined;
    if (id && id !== '0') return id;
  }
  return text(p['group-id']);
}

/**
 * Call activity: the board counts contacts offered to (queued), answered in (established, ACD
 * calls) and abandoned from each group since it started; the group statistics' own figures
 * (`handled`, `abandoned`) are the server's count.
 */
function callActivity(type: string, p: JsonObject): BoardUpdate | undefined {
  const group = callGroup(p);
  if (!group) return undefined;
  if (type === 'queued') return { queues: [{ id: group, count: { offered: 1 } }] };
  if (type === 'established' && (p['acd-call'] === true || p['acd-call'] === 'true')) return { queues: [{ id: group, count: { answered: 1 } }] };
  // "Call Activity Cleared Event": `abandoned-call` true, or the cause ABANDONED_IN_QUEUE ("Cause Codes").
  if (type === 'call-cleared' && (p['abandoned-call'] === true || p['abandoned-call'] === 'true' || num(p.cause) === CAUSE_ABANDONED_IN_QUEUE)) {
    return { queues: [{ id: group, count: { abandoned: 1 } }] };
  }
  return undefined;
}

/** One event -> what it changes on the board (undefined: nothing). */
export function mitelBoardUpdate(event: CcEvent): BoardUpdate | undefined {
  const p = event.payload;
  if (!isObject(p)) return undefined;
  const at = Date.parse(event.receivedAt) || Date.now();
  if (event.family === 'agent') return agentEvent(event.type, p, at);
  if (event.type === 'group-agent-stats') return groupAgents(p, at);
  if (event.type === 'group-stats') return groupStats(p);
  if (event.family === 'contact') return callActivity(event.type, p);
  return undefined;
}
