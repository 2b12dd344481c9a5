/**
 * The state of the simulated contact center (agents and calls) and the Agent Activity / Call
 * Activity / entity-update events its changes produce. Events leave through `publish`; the
 * simulator routes them to the connections whose subscriptions cover them.
 */
import { SeededRandom } from '../common/rng';
import { CallRegistry, callEvent, setConnection, type CallDraft, type SimCall } from './calls';
import { agentGroupRefs, type SimAgent, type SimDirectory } from './directory';
import {
  AGENT_EVENT,
  AGENT_LOGOUT_EVENT,
  AGENT_STATE,
  CALL_TYPE,
  CAUSE,
  CONNECTION_STATE,
  DEVICE_TYPE,
  GUIDE_SPELLINGS,
  type CallEventName,
} from './protocol-table';
import { routeOf, type EventRoute } from './subscriptions';

export type Publish = (message: Record<string, unknown>, route: EventRoute) => void;

/** Counters that statistics messages are computed from; `interval` ones reset with the interval. */
export interface TrafficCounters {
  offered: number;
  answered: number;
  abandoned: number;
  interflowOut: number;
  overflowIn: number;
  transferredIn: number;
  transferredOut: number;
  answeredBeforeTasa: number;
  talkSeconds: number;
  longestTalkSeconds: number;
  queueSeconds: number;
  maxQueueSeconds: number;
  abandonedWaitSeconds: number;
  maxAbandonedWaitSeconds: number;
  wrapSeconds: number;
}

export function emptyCounters(): TrafficCounters {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    interflowOut: 0,
    overflowIn: 0,
    transferredIn: 0,
    transferredOut: 0,
    answeredBeforeTasa: 0,
    talkSeconds: 0,
    longestTalkSeconds: 0,
    queueSeconds: 0,
    maxQueueSeconds: 0,
    abandonedWaitSeconds: 0,
    maxAbandonedWaitSeconds: 0,
    wrapSeconds: 0,
  };
}

export interface AgentRuntime {
  agent: SimAgent;
  /** Agent State Code. */
  state: number;
  stateStart: Date;
  /** Groups the agent is logged in to. */
  loggedInGroups: number[];
  releaseCode?: number;
  lastWrapupCode?: number;
  callId?: number;
  /** Whether a manual-wrapup command holds the agent in wrap-up. */
  manualWrap: boolean;
  needHelpSince?: Date;
  daily: { acdAnswered: number; nonAcdHandled: number; oacdAnswered: number; oacdReserved: number; chatAnswered: number; emailAnswered: number };
  /** Per-agent traffic (agent queue statistics). */
  counters: TrafficCounters;
}

export interface ContactCenterOptions {
  guideSpellings: boolean;
  seed: number;
  /** Time multiplier of the day: durations in statistics are simulated seconds. */
  speed: number;
}

export class ContactCenter {
  readonly agents = new Map<number, AgentRuntime>();
  readonly calls: CallRegistry;
  readonly groupInterval = new Map<number, TrafficCounters>();
  readonly groupDaily = new Map<number, TrafficCounters>();
  readonly dnisInterval = new Map<number, TrafficCounters>();
  readonly dnisDaily = new Map<number, TrafficCounters>();
  intervalStart = new Date();
  readonly rng: SeededRandom;

  constructor(
    readonly dir: SimDirectory,
    private readonly options: ContactCenterOptions,
    private readonly publish: Publish,
  ) {
    this.rng = new SeededRandom(options.seed);
    this.calls = new CallRegistry(() => `{${this.rng.hex(8)}-${this.rng.hex(4)}-${this.rng.hex(4)}-${this.rng.hex(4)}-${this.rng.hex(12)}}`);
    for (const g of dir.groups) {
      this.groupInterval.set(g.id, emptyCounters());
      this.groupDaily.set(g.id, emptyCounters());
    }
    for (const d of dir.dnis) {
      this.dnisInterval.set(d.id, emptyCounters());
      this.dnisDaily.set(d.id, emptyCounters());
    }
    // The day starts with every agent logged in and idle except the last one, so that a login
    // command has someone to log in.
    dir.agents.forEach((agent, i) => {
      const loggedIn = i < dir.agents.length - 1;
      this.agents.set(agent.id, {
        agent,
        state: loggedIn ? AGENT_STATE.idle : AGENT_STATE.loggedOut,
        stateStart: new Date(),
        loggedInGroups: loggedIn ? [...agent.groupIds] : [],
        manualWrap: false,
        daily: { acdAnswered: 0, nonAcdHandled: 0, oacdAnswered: 0, oacdReserved: 0, chatAnswered: 0, emailAnswered: 0 },
        counters: emptyCounters(),
      });
    });
  }

  get guideSpellings(): boolean {
    return this.options.guideSpellings;
  }

  /**
   * Simulated seconds since a wall-clock time (ms). Timestamps stay wall-clock; durations in
   * statistics are scaled by the speed, so that a fast day still shows realistic queue and talk times.
   */
  secondsSince(ms: number): number {
    return Math.max(0, Math.round(((Date.now() - ms) * this.options.speed) / 1000));
  }

  agent(id: unknown): AgentRuntime | undefined {
    const n = typeof id === 'string' ? Number(id.trim()) : id;
    return typeof n === 'number' && Number.isInteger(n) ? this.agents.get(n) : undefined;
  }

  loggedIn(a: AgentRuntime): boolean {
    return a.state !== AGENT_STATE.loggedOut;
  }

  idleAgents(groupId?: number): AgentRuntime[] {
    return [...this.agents.values()].filter(
      (a) => a.state === AGENT_STATE.idle && (groupId === undefined || a.loggedInGroups.includes(groupId)),
    );
  }

  /** Sends an event the world produced, routed by its content. */
  emit(message: Record<string, unknown>, route?: EventRoute): void {
    this.publish(message, route ?? routeOf(message));
  }

  private setState(a: AgentRuntime, state: number): void {
    a.state = state;
    a.stateStart = new Date();
  }

  private agentEvent(name: string, a: AgentRuntime, cause: number, fields: Record<string, unknown> = {}): void {
    const canonical = name;
    const spelled = name === AGENT_EVENT.idle && this.guideSpellings ? GUIDE_SPELLINGS.agentIdle : name;
    this.emit(
      { message: spelled, 'sub-topic': '', 'agent-id': a.agent.id, cause, ...fields },
      { event: canonical, subscription: 'agent-activity', key: String(a.agent.id) },
    );
  }

  // ----- agent transitions -----

  login(a: AgentRuntime, groupIds?: number[]): void {
    a.loggedInGroups = groupIds && groupIds.length > 0 ? [...new Set([...a.loggedInGroups, ...groupIds])] : [...a.agent.groupIds];
    this.setState(a, AGENT_STATE.idle);
    a.releaseCode = undefined;
    this.agentEvent(AGENT_EVENT.login, a, CAUSE.login, {
      'agent-number': a.agent.number,
      'agent-ext': a.agent.extension,
      groups: agentGroupRefs(a.agent).filter((g) => g.type !== DEVICE_TYPE.group || a.loggedInGroups.includes(g.id)),
    });
    this.agentEvent(AGENT_EVENT.idle, a, CAUSE.login);
  }

  logout(a: AgentRuntime, groupIds?: number[]): void {
    const remaining = groupIds && groupIds.length > 0 ? a.loggedInGroups.filter((g) => !groupIds.includes(g)) : [];
    a.loggedInGroups = remaining;
    if (remaining.length === 0) this.setState(a, AGENT_STATE.loggedOut);
    a.needHelpSince = undefined;
    this.agentEvent(AGENT_LOGOUT_EVENT, a, CAUSE.unknown, {
      'agent-number': a.agent.number,
      'agent-ext': a.agent.extension,
      groups: (groupIds && groupIds.length > 0 ? groupIds : a.agent.groupIds).map((id) => ({ type: DEVICE_TYPE.group, id })),
    });
  }

  release(a: AgentRuntime, releaseCode: number): void {
    this.setState(a, AGENT_STATE.release);
    a.releaseCode = releaseCode;
    this.agentEvent(AGENT_EVENT.release, a, CAUSE.unknown, { 'release-code': releaseCode });
  }

  idle(a: AgentRuntime, cause: number): void {
    this.setState(a, AGENT_STATE.idle);
    a.releaseCode = undefined;
    a.callId = undefined;
    a.manualWrap = false;
    this.agentEvent(AGENT_EVENT.idle, a, cause);
  }

  reserve(a: AgentRuntime, call: SimCall): void {
    this.setState(a, call.callType === CALL_TYPE.dialList ? AGENT_STATE.outboundReserved : AGENT_STATE.acdAlerting);
    a.callId = call.callId;
    this.agentEvent(AGENT_EVENT.reserved, a, CAUSE.unknown, {
      groups: [{ type: call.groupType, id: call.groupId }],
      guid: call.guid,
    });
  }

  alerting(a: AgentRuntime, call: SimCall): void {
    this.setState(a, call.callType === CALL_TYPE.nonAcd ? AGENT_STATE.nonAcdIncoming : AGENT_STATE.acdAlerting);
    a.callId = call.callId;
  }

  onCall(a: AgentRuntime, call: SimCall, cause: number = CAUSE.unknown): void {
    this.setState(a, call.callType === CALL_TYPE.nonAcd ? AGENT_STATE.nonAcdIncoming : AGENT_STATE.acdTalking);
    a.callId = call.callId;
    call.agentId = a.agent.id;
    this.agentEvent(AGENT_EVENT.onCall, a, cause, {
      'call-type': call.callType,
      'call-id': call.callId,
      'pbx-call-id': call.pbxCallId,
      guid: call.guid,
    });
  }

  outgoing(a: AgentRuntime, call: SimCall): void {
    this.setState(a, AGENT_STATE.nonAcdOutgoing);
    a.callId = call.callId;
  }

  wrap(a: AgentRuntime, call: SimCall, cause: number = CAUSE.unknown): void {
    this.setState(a, AGENT_STATE.wrapUp);
    this.agentEvent(AGENT_EVENT.wrap, a, cause, {
      'media-type': call.media,
      'call-id': call.callId,
      'tapi-call-id': call.pbxCallId,
      guid: call.guid,
      'wrapup-code': a.lastWrapupCode ?? 0,
    });
  }

  // ----- call events -----

  callEvent(
    name: CallEventName,
    call: SimCall,
    cause: number,
    fields: Record<string, unknown> = {},
    table?: SimCall[],
  ): void {
    const guidKey = name === 'interflowed' && this.guideSpellings ? GUIDE_SPELLINGS.guid : 'guid';
    this.emit(callEvent(name, call, cause, fields, { guidKey, table }), {
      event: name,
      subscription: 'call-activity',
      key: String(call.callId),
    });
  }

  newCall(draft: CallDraft): SimCall {
    return this.calls.create(draft);
  }

  /** Counts interval and daily traffic of a group and a DNIS together. */
  count(groupId: number, dnisId: number | undefined, apply: (c: TrafficCounters) => void): void {
    for (const map of [this.groupInterval, this.groupDaily]) {
      const c = map.get(groupId);
      if (c) apply(c);
    }
    if (dnisId !== undefined) {
      for (const map of [this.dnisInterval, this.dnisDaily]) {
        const c = map.get(dnisId);
        if (c) apply(c);
      }
    }
  }

  /** Starts counting traffic of a DNIS added during the day. */
  trackDnis(id: number): void {
    this.dnisInterval.set(id, emptyCounters());
    this.dnisDaily.set(id, emptyCounters());
  }

  /** Starts a new statistics interval. */
  resetInterval(): void {
    this.intervalStart = new Date();
    for (const map of [this.groupInterval, this.dnisInterval]) for (const key of map.keys()) map.set(key, emptyCounters());
  }

  // ----- call endings shared by the day's call flows and the commands -----

  /** The agent hangs up / the call ends at the agent: call-cleared, then wrap-up (ACD) or no-wrap. */
  clearCallAtAgent(a: AgentRuntime, call: SimCall, cause: number = CAUSE.unknown): void {
    if (!call.cleared) {
      const talk = call.answeredAt ? this.secondsSince(call.answeredAt) : 0;
      this.countTalk(a, call, talk);
      call.connections = [];
      this.callEvent('call-cleared', call, cause, {
        'abandoned-call': false,
        'requested-callback': false,
        'abandoned-callback': false,
        'abandoned-dev-id': '',
        'abandoned-dev-type': '',
        'abandoned-dev': '',
      });
      this.calls.retire(call);
    }
    this.afterCall(a, call);
  }

  /** What follows the end of an agent's call: agent-wrap for ACD calls, no-wrap and idle otherwise. */
  afterCall(a: AgentRuntime, call: SimCall): void {
    if (call.callType === CALL_TYPE.nonAcd) {
      a.daily.nonAcdHandled++;
      this.callEvent('no-wrap', call, CAUSE.unknown, {
        'agent-id': a.agent.id,
        'wrapup-code-id': 0,
        'wrapup-id-list': [],
      });
      this.idle(a, CAUSE.unknown);
    } else {
      a.callId = call.callId;
      this.wrap(a, call);
    }
  }

  enterWrapupCode(a: AgentRuntime, call: SimCall, code: number): void {
    a.lastWrapupCode = code;
    call.wrapupCodes.push(code);
    this.callEvent('wrap-code', call, CAUSE.unknown, { 'agent-id': a.agent.id, 'wrapup-code-id': code });
  }

  endWrap(a: AgentRuntime, call: SimCall): void {
    this.callEvent('wrap-ended', call, CAUSE.endOfWrapUp, {
      'agent-id': a.agent.id,
      'wrapup-code-id': call.wrapupCodes[call.wrapupCodes.length - 1] ?? 0,
      'wrapup-id-list': [...call.wrapupCodes],
    });
    const wrapSeconds = this.secondsSince(a.stateStart.getTime());
    this.count(call.groupId, call.dnisId, (c) => (c.wrapSeconds += wrapSeconds));
    this.idle(a, CAUSE.endOfWrapUp);
  }

  private countTalk(a: AgentRuntime, call: SimCall, talkSeconds: number): void {
    if (call.callType === CALL_TYPE.nonAcd) return;
    const apply = (c: TrafficCounters): void => {
      c.talkSeconds += talkSeconds;
      c.longestTalkSeconds = Math.max(c.longestTalkSeconds, talkSeconds);
    };
    this.count(call.groupId, call.dnisId, apply);
    apply(a.counters);
  }

  /** The agent answers: established, agent-on-call, statistics. */
  answer(a: AgentRuntime, call: SimCall, callingDevice: string): void {
    // A call answered a second time (after a blind transfer) counts once for its group and DNIS.
    const firstAnswer = call.answeredAt === undefined;
    call.answeredAt = Date.now();
    call.agentId = a.agent.id;
    for (const c of call.connections) {
      if (c.device !== a.agent.extension && c.state !== CONNECTION_STATE.held) c.state = CONNECTION_STATE.connected;
    }
    setConnection(call, a.agent.extension, CONNECTION_STATE.connected);
    this.callEvent('established', call, CAUSE.unknown, {
      'joining-device-id': a.agent.id,
      'joining-device-type': DEVICE_TYPE.agent,
      'joining-device': a.agent.extension,
      'calling-device-id': 0,
      'calling-device-type': DEVICE_TYPE.regular,
      'calling-device': callingDevice,
    });
    this.onCall(a, call);
    if (call.callType !== CALL_TYPE.nonAcd) {
      a.daily.acdAnswered++;
      const waited = call.queuedAt ? this.secondsSince(call.queuedAt) : 0;
      const tasa = this.dir.groups.find((g) => g.id === call.groupId)?.tasa ?? 30;
      const apply = (c: TrafficCounters): void => {
        c.answered++;
        c.queueSeconds += waited;
        c.maxQueueSeconds = Math.max(c.maxQueueSeconds, waited);
        if (waited <= tasa) c.answeredBeforeTasa++;
      };
      if (firstAnswer) this.count(call.groupId, call.dnisId, apply);
      apply(a.counters);
    }
  }
}
