/**
 * The simulated contact center's live state: calls and other contacts, lines, agents' media logons
 * and routing states, callbacks, deferred open media messages. Commands change it and answer
 * queries (QueryCall, QueryLine, QueryEligibleUsers, QueryDeferredMessages) from it; the generated
 * day moves it along too.
 */
import type { Directory, SimUser } from './directory';
import type { HandlingState } from './events';

export interface ContactDataItem {
  key: string;
  value: string;
}

export interface CallRecord {
  uniqueCallId: string;
  mediaType: string;
  description: string;
  contactData: ContactDataItem[];
  queueKey: number;
  priority: number;
  assignAgentKey: number;
  reserveAgentKey: number;
  reserveAgentMaximumTime: number;
  /** SBRCallState of the routing server (QUEUED, ANSWERED, DEQUEUED...). */
  routingState: string;
  /** CallState of the telephony server (CALLING, CONNECTED, HOLDING, FINISHED...). */
  callState: string;
  /** ContactType (ROUTED_VOICE, DIRECT_OUTGOING_VOICE...). */
  contactType: string;
  /** CallType (EXT2ACD, INT2EXT...). */
  callType: string;
  from: string;
  to: string;
  createdAt: Date;
}

export interface LineRecord {
  extension: string;
  agentKey: number;
  status: string;
  prevStatus: string;
  stateEnteredAt: Date;
  uniqueCallId: string;
  secondCallId: string;
}

export interface AgentState {
  agentKey: number;
  routingState: string;
  routingStateReasonKey: number;
  presenceState: string;
  routingStateSince: Date;
  /** MediaType -> logged on (VOICE, CALLBACK, WEB_COLLABORATION, OPENMEDIA). */
  loggedOnMedia: Set<string>;
  /** Extension the agent logged on to (telephony / callback logon). */
  extension?: string;
  openMediaConnectors: Set<number>;
  handling: Map<string, HandlingState>;
  preferredDevice?: { deviceid: string; forwardDestination: string };
}

export interface CallbackRecord {
  uniqueCallId: string;
  agentKey: number;
  name: string;
  queueKey: number;
  description: string;
  priority: number;
  reserveAgentKey: number;
  schedule: Array<{ startTime: string; endTime: string; phoneNumber: string }>;
  contactData: ContactDataItem[];
  status: string;
  origin: string;
  attemptCount: number;
  createdAt: Date;
}

export interface OpenMediaRecord {
  uniqueCallId: string;
  agentKey: number;
  queueKey: number;
  connectorKey: number;
  connectorName: string;
  arrivalTime: Date;
  deferTime?: Date;
  from: string;
  to: string;
  requeueCount: number;
  draftMessage: string;
}

export interface WebChatRecord {
  uniqueCallId: string;
  agentKey: number;
  agents: Set<number>;
  queueKey: number;
  requeueCount: number;
}

export class SimState {
  readonly calls = new Map<string, CallRecord>();
  readonly lines = new Map<string, LineRecord>();
  readonly agents = new Map<number, AgentState>();
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly openMedia = new Map<string, OpenMediaRecord>();
  readonly webChats = new Map<string, WebChatRecord>();
  private idCounter = 0;

  constructor(readonly directory: Directory) {
    for (const user of directory.users) {
      this.agents.set(user.agentKey, {
        agentKey: user.agentKey,
        routingState: 'LOGGEDOFF',
        routingStateReasonKey: 0,
        presenceState: 'LOGGEDOFF',
        routingStateSince: new Date(),
        loggedOnMedia: new Set(),
        openMediaConnectors: new Set(),
        handling: new Map(),
      });
      this.lines.set(user.extension, {
        extension: user.extension,
        agentKey: user.agentKey,
        status: 'IDLE',
        prevStatus: 'IDLE',
        stateEnteredAt: new Date(),
        uniqueCallId: '',
        secondCallId: '',
      });
    }
  }

  /** Call IDs shaped like the guide's: digits for voice, `C…` callback, `W…` web, `0…` open media. */
  newCallId(kind: 'voice' | 'callback' | 'web' | 'openmedia'): string {
    const serial = String(++this.idCounter).padStart(4, '0');
    const stamp = String(Date.now()).slice(-9);
    switch (kind) {
      case 'voice':
        return `${serial.slice(-3)}1${stamp}${serial.slice(-3)}`;
      case 'callback':
        return `C${stamp}${serial}`;
      case 'web':
        return `W8690${stamp}${serial}`;
      case 'openmedia':
        return `0869${stamp}${serial}`;
    }
  }

  user(agentKey: number): SimUser | undefined {
    return this.directory.users.find((user) => user.agentKey === agentKey);
  }

  userByAgentId(agentId: string): SimUser | undefined {
    return this.directory.users.find((user) => user.agentId === agentId);
  }

  agent(agentKey: number): AgentState | undefined {
    return this.agents.get(agentKey);
  }

  /** The agent whose extension (own or logged-on) this is. */
  userByExtension(extension: string): SimUser | undefined {
    for (const agent of this.agents.values()) {
      if (agent.extension === extension) return this.user(agent.agentKey);
    }
    return this.directory.users.find((user) => user.extension === extension);
  }

  line(extension: string): LineRecord {
    let line = this.lines.get(extension);
    if (!line) {
      line = { extension, agentKey: 0, status: 'IDLE', prevStatus: 'IDLE', stateEnteredAt: new Date(), uniqueCallId: '', secondCallId: '' };
      this.lines.set(extension, line);
    }
    return line;
  }

  setLine(extension: string, status: string, uniqueCallId?: string): void {
    const line = this.line(extension);
    if (line.status !== status) {
      line.prevStatus = line.status;
      line.status = status;
      line.stateEnteredAt = new Date();
    }
    if (uniqueCallId !== undefined) line.uniqueCallId = uniqueCallId;
  }

  newCall(partial: Partial<CallRecord> & { uniqueCallId: string }): CallRecord {
    const call: CallRecord = {
      mediaType: 'VOICE',
      description: 'General Call',
      contactData: [],
      queueKey: 0,
      priority: 20,
      assignAgentKey: 0,
      reserveAgentKey: 0,
      reserveAgentMaximumTime: 0,
      routingState: 'NONE',
      callState: 'START',
      contactType: 'NONE',
      callType: 'UNKNOWN',
      from: '',
      to: '',
      createdAt: new Date(),
      ...partial,
    };
    this.calls.set(call.uniqueCallId, call);
    // Keep the state bounded over a long simulated day.
    if (this.calls.size > 500) this.calls.delete(this.calls.keys().next().value as string);
    return call;
  }
}
