/**
 * What a command handler sees of the simulator, and the shape of its answer. Kept apart from
 * index.ts so the handlers do not depend on the HTTP server.
 */
import type { Directory } from './directory';
import type { EventSink } from './events';
import type { ErrorCodeName, Realm } from './names';
import type { RealtimeEngine } from './realtime';
import type { AppSession, SessionStore } from './sessions';
import type { SimState } from './state';
import { toInt, type JsonObject } from './validate';

export interface SimContext {
  readonly state: SimState;
  readonly directory: Directory;
  readonly sessions: SessionStore;
  readonly realtime: RealtimeEngine;
  readonly credentials: { clientName: string; clientToken: string; busUnitName?: string };
  /** Media servers currently "down" (GetServerState answers UNAVAILABLE for them). */
  readonly serversDown: Set<Realm>;
  /** Sends an event to every application listening on its realm and resource. */
  readonly emit: EventSink;
  /** Sends an event to one application only (query results), if its session is still live. */
  deliver(session: AppSession, realm: Realm, type: string, data: unknown): void;
  /** Runs `fn` after `delayMs` of simulated time (divided by speed); cancelled by stop(). */
  later(delayMs: number, fn: () => void): void;
  /** Called once per successful registration (the CLI logs it). */
  registered(session: AppSession): void;
}

export interface CommandRequest {
  body: JsonObject;
  /** Present for every request except RegisterApplication. */
  session?: AppSession;
  sim: SimContext;
}

export interface CommandAnswer {
  /** HTTP status; 200 unless said otherwise (the guide answers errors with 200 and an errorCode). */
  status?: number;
  body: Record<string, unknown>;
}

export type CommandHandler = (request: CommandRequest) => CommandAnswer;

export type Body = Record<string, unknown>;

/** Runs `action` for a request whose agentKey is a known user; otherwise answers the media's error code. */
export function forKnownUser(
  errorCode: 'CALLBACK_ERROR' | 'WEB_INTERACTION_ERROR' | 'OPENMEDIA_ERROR',
  action: (sim: SimContext, agentKey: number, body: Body) => CommandAnswer,
): CommandHandler {
  return ({ body, sim }) => {
    const agentKey = toInt(body.agentKey);
    if (!sim.state.user(agentKey)) return fail(errorCode, `Unknown agent key ${String(body.agentKey)}`);
    return action(sim, agentKey, body);
  };
}

export function ok(extra: Record<string, unknown> = {}): CommandAnswer {
  return { body: { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR', ...extra } };
}

export function fail(errorCode: ErrorCodeName, errorDetails: string, extra: Record<string, unknown> = {}): CommandAnswer {
  return { body: { errorCode, errorDetails, ...extra } };
}

/** Presence commands answer PRESENCE_ACTION_SUCCEED on success (section 4.3.1). */
export function presenceOk(): CommandAnswer {
  return { body: { errorCode: 'PRESENCE_ACTION_SUCCEED', errorDetails: 'PRESENCE_ACTION_SUCCEED' } };
}
