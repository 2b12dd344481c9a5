/**
 * How OpenScape events and realtime statistics become board records: this vendor's one table for
 * the board (README, "board"). Sources, by guide section:
 *  - "OnRoutingStateEvent" (USER_ROUTING_STATE) and "OnUserHandlingStateEvent"
 *    (USER_HANDLING_STATE) of the PRESENCE realm: routing state (RoutingStates) and the contacts the
 *    agent handles (HandlingStates);
 *  - "UserRealTimeEvent" (USER_REALTIME_EVENT): the same for every user, with the time already spent
 *    in the state: the snapshot of who is where (the guide has no presence query);
 *  - "QueueRealTimeEvent" (QUEUE_REALTIME_EVENT): waiting contacts, oldest wait, service level.
 * A handled contact outranks the routing state: an agent on a call is busy, not available.
 */
import type { AgentPatch, AgentState, BoardUpdate, QueuePatch } from '../core/board/types';
import { isObject, type JsonObject } from '../core/json';
import type { CcEvent } from '../core/types';

/** RoutingStates -> board state. */
export const OPENSCAPE_ROUTING_STATES: Readonly<Record<string, AgentState>> = {
  AVAILABLE: 'available',
  UNAVAILABLE: 'released',
  WORK: 'wrap-up',
  LOGGEDOFF: 'logged-out',
  UNKNOWN: 'unknown',
};

/** HandlingStates of the primary contact -> board state (NONE and UNKNOWN leave the routing state). */
export const OPENSCAPE_HANDLING_STATES: Readonly<Record<string, AgentState>> = {
  PENDING: 'reserved',
  RINGING: 'reserved',
  QUEUED: 'reserved',
  DIALING: 'busy',
  BUSY: 'busy',
  CONNECTED: 'busy',
  ONHOLD: 'busy',
  CONSULTING: 'busy',
  PROCESSING: 'busy',
  POSTPROCESSING: 'wrap-up',
};

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

interface Handled {
  state: AgentState;
  raw: string;
  callId?: string;
  queue?: string;
  /** Seconds in this handling state (realtime statistics only). */
  seconds?: number;
}

/** The primary (else first) contact in a handling state that counts. */
function handledContact(list: unknown, stateField: 'handlingState'): Handled | undefined {
  if (!Array.isArray(list)) return undefined;
  const contacts = list.filter(isObject);
  const ordered = [...contacts.filter((c) => c.primary === true || c.primaryContact === true), ...contacts];
  for (const c of ordered) {
    const raw = text(c[stateField])?.toUpperCase();
    const state = raw ? OPENSCAPE_HANDLING_STATES[raw] : undefined;
    if (raw && state) return { state, raw, callId: text(c.uniqueCallId), queue: text(c.associatedQueueKey), seconds: num(c.timeInHandlingState) };
  }
  return undefined;
}

/**
 * One mapper per board: it remembers each agent's routing state, so that the end of a call (a
 * USER_HANDLING_STATE with no active contact) returns the agent to it.
 */
export function createOpenScapeBoardMapper(): (event: CcEvent) => BoardUpdate | undefined {
  const routing = new Map<string, { state: AgentState; raw: string; reason?: string }>();

  const agentPatch = (id: string, p: JsonObject, at: number, handled: Handled | undefined): AgentPatch => {
    const r = routing.get(id);
    const patch: AgentPatch = { id, at, lastEvent: p };
    if (handled) {
      patch.state = handled.state;
      patch.rawState = `${r?.raw ?? 'UNKNOWN'}/${handled.raw}`;
      patch.contact = handled.callId ? { id: handled.callId } : undefined;
      patch.reason = undefined;
    } else if (r) {
      patch.state = r.state;
      patch.rawState = r.raw;
      patch.contact = undefined;
      patch.reason = r.reason && r.reason !== '0' ? { code: r.reason } : undefined;
    }
    return patch;
  };

  const noteRouting = (id: string, raw: unknown, reason: unknown): void => {
    const name = text(raw)?.toUpperCase();
    if (!name) return;
    routing.set(id, { state: OPENSCAPE_ROUTING_STATES[name] ?? 'unknown', raw: name, reason: text(reason) });
  };

  return (event: CcEvent): BoardUpdate | undefined => {
    const p = event.payload;
    if (!isObject(p)) return undefined;
    const at = Date.parse(event.receivedAt) || Date.now();
    switch (event.type) {
      case 'USER_ROUTING_STATE': {
        const id = text(p.agentKey);
        if (!id) return undefined;
        noteRouting(id, p.routingState, p.routingStateReasonKey);
        return { agents: [agentPatch(id, p, at, handledContact(p.handlingStates, 'handlingState'))] };
      }
      case 'USER_HANDLING_STATE': {
        const id = text(p.agentKey);
        if (!id) return undefined;
        return { agents: [agentPatch(id, p, at, handledContact(p.handlingStates, 'handlingState'))] };
      }
      case 'USER_REALTIME_EVENT':
        return {
          agents: (Array.isArray(p.elements) ? p.elements : []).filter(isObject).flatMap((e) => {
            const id = text(e.userKey);
            if (!id) return [];
            noteRouting(id, e.routingState, e.routingStateReasonKey);
            const handled = handledContact(e.contacts, 'handlingState');
            // The time already spent in the state tells since when (seconds, "All statistics times").
            const inState = handled ? handled.seconds : num(e.timeInRoutingState);
            const patch = agentPatch(id, e, inState !== undefined ? at - inState * 1000 : at, handled);
            if (handled?.queue) patch.queues = [handled.queue];
            return [patch];
          }),
        };
      case 'QUEUE_REALTIME_EVENT':
        return {
          queues: (Array.isArray(p.elements) ? p.elements : []).filter(isObject).flatMap((e) => {
            const id = text(e.queueKey);
            if (!id) return [];
            // Both spellings of the guide: the table's oldestContactWaitingTime, the example's oldestContactWaitTime.
            const queue: QueuePatch = {
              id,
              waiting: num(e.queuedContacts),
              longestWaitSec: num(e.oldestContactWaitingTime) ?? num(e.oldestContactWaitTime),
              serviceLevel: num(e.serviceLevel),
              abandonedRate: num(e.abandonedRate),
            };
            for (const k of Object.keys(queue) as Array<keyof QueuePatch>) if (queue[k] === undefined) delete queue[k];
            return [queue];
          }),
        };
      default:
        return undefined;
    }
  };
}
