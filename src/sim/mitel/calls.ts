/**
 * Calls of the simulated day and the Call Activity event bodies built from them, with the
 * `call-table` structure of the guide ("Call Table" / "Call" sections).
 */
import { CALL_PROFILE, CALL_TYPE, MEDIA, type CallEventName } from './protocol-table';
import { serverTime } from './clock';

export interface CallConnection {
  device: string;
  state: number;
}

export interface SimCall {
  /** Connect Contact Center (ECC) call id. */
  callId: number;
  pbxCallId: number;
  guid: string;
  media: number;
  callType: number;
  dnis: string;
  dnisId?: number;
  groupType: number;
  groupId: number;
  callerId: string;
  callerName: string;
  connections: CallConnection[];
  /** Agent handling the call, when one does. */
  agentId?: number;
  startedAt: number;
  queuedAt?: number;
  /** Waiting in a group's queue now (between queued and dequeued / overflowed / interflowed / cleared). */
  inQueue: boolean;
  answeredAt?: number;
  wrapupCodes: number[];
  cleared: boolean;
}

export interface CallDraft {
  media?: number;
  callType?: number;
  dnis?: string;
  dnisId?: number;
  groupType: number;
  groupId: number;
  callerId: string;
  callerName: string;
}

/** Allocates call ids, PBX call ids and GUIDs; keeps the live calls by ECC call id. */
export class CallRegistry {
  private nextCallId = 70001;
  private nextPbxCallId = 900001;
  readonly live = new Map<number, SimCall>();
  /** Recently cleared calls, so that wrap-up commands can still name them. */
  private readonly recent = new Map<number, SimCall>();

  constructor(private readonly guid: () => string) {}

  create(draft: CallDraft, callId?: number): SimCall {
    const call: SimCall = {
      callId: callId ?? this.nextCallId++,
      pbxCallId: this.nextPbxCallId++,
      guid: this.guid(),
      media: draft.media ?? MEDIA.voice,
      callType: draft.callType ?? CALL_TYPE.inboundAcd,
      dnis: draft.dnis ?? '',
      dnisId: draft.dnisId,
      groupType: draft.groupType,
      groupId: draft.groupId,
      callerId: draft.callerId,
      callerName: draft.callerName,
      connections: [],
      inQueue: false,
      startedAt: Date.now(),
      wrapupCodes: [],
      cleared: false,
    };
    this.live.set(call.callId, call);
    return call;
  }

  get(callId: number): SimCall | undefined {
    return this.live.get(callId) ?? this.recent.get(callId);
  }

  /** Marks a call cleared; it stays findable for a while for wrap-up. */
  retire(call: SimCall): void {
    call.cleared = true;
    call.inQueue = false;
    this.live.delete(call.callId);
    this.recent.set(call.callId, call);
    if (this.recent.size > 500) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

/** Sets the state of a device's connection, adding the connection if the device is new. */
export function setConnection(call: SimCall, device: string, state: number): void {
  const existing = call.connections.find((c) => c.device === device);
  if (existing) existing.state = state;
  else call.connections.push({ device, state });
}

export function dropConnection(call: SimCall, device: string): void {
  call.connections = call.connections.filter((c) => c.device !== device);
}

/** One entry of `call-table`. */
export function callTableEntry(call: SimCall): Record<string, unknown> {
  const now = new Date(call.queuedAt ?? call.startedAt);
  const [date, time] = serverTime(now).split(' ');
  const profile: Array<{ id: number; value: string }> = [
    { id: CALL_PROFILE.dnis, value: call.dnis },
    { id: CALL_PROFILE.callerId, value: call.callerId },
    { id: CALL_PROFILE.callerName, value: call.callerName },
    { id: CALL_PROFILE.priority, value: '0' },
    { id: CALL_PROFILE.language, value: '0' },
    { id: CALL_PROFILE.acdEnterDate, value: date },
    { id: CALL_PROFILE.acdEnterTime, value: time },
    { id: CALL_PROFILE.pbxCallId, value: String(call.pbxCallId) },
    { id: CALL_PROFILE.groupId, value: String(call.groupId) },
    { id: CALL_PROFILE.callGuid, value: call.guid },
  ];
  return {
    media: call.media,
    'call-type': call.callType,
    dnis: call.dnis,
    group: { type: call.groupType, id: call.groupId },
    'call-profile': profile,
    connections: call.connections.map((c) => ({ device: c.device, state: c.state })),
  };
}

/**
 * The body of a Call Activity event: the common fields of every "Call Activity ... Event" section
 * followed by the event's own fields. `guidKey` is "guid", or "quid" for the interflowed event when
 * the guide's spelling is asked for.
 */
export function callEvent(
  name: CallEventName,
  call: SimCall,
  cause: number,
  fields: Record<string, unknown>,
  options: { guidKey?: string; table?: SimCall[] } = {},
): Record<string, unknown> {
  return {
    message: name,
    'sub-topic': '',
    'call-id': call.callId,
    'pbx-call-id': call.pbxCallId,
    [options.guidKey ?? 'guid']: call.guid,
    'call-table': (options.table ?? [call]).map(callTableEntry),
    'acd-call': call.callType !== CALL_TYPE.nonAcd,
    cause,
    ...fields,
  };
}
