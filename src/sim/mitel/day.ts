/**
 * The generated contact-center day: calls arrive at a call rate and follow realistic call flows
 * that between them produce every Call Activity event of the guide; agents take breaks, ask for
 * help, log out and in. The day opens with a "tour" that plays each call flow once, in order, so
 * that a client sees every event type early; then flows are drawn at random.
 *
 * Times below are simulated milliseconds; they are divided by `speed` for the real timers.
 */
import type { SimCall } from './calls';
import { dropConnection, setConnection } from './calls';
import type { AgentRuntime, ContactCenter } from './contact-center';
import type { SimDnis, SimGroup } from './directory';
import { AGENT_STATE, CALL_TYPE, CAUSE, CONNECTION_STATE as CS, DEVICE_TYPE } from './protocol-table';
import { agentNeedHelp } from './statistics';

const SECOND = 1000;

const CALLERS: Array<[string, string]> = [
  ['+4989123456', 'Bärbel Schröder'],
  ['+33142685300', 'Hélène Girard'],
  ['+34915550123', 'Íñigo Peña'],
  ['+81312345678', '山田 花子'],
  ['+4721234567', 'Åse Bjørnstad'],
  ['+14155550199', 'Jane Doe'],
];

/** A call flow; it sets `flowStarted` before its first await when it could start (free agents found). */
type Flow = () => Promise<void>;

export class MitelDay {
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private tourIndex = 0;
  private agentTourIndex = 0;
  /** Set synchronously by a flow that found what it needs; read right after calling it. */
  private flowStarted = false;
  private readonly flows: Array<[string, Flow, number]>;

  constructor(
    private readonly cc: ContactCenter,
    private readonly speed: number,
  ) {
    // name, flow, weight after the tour
    this.flows = [
      ['answered', () => this.answered(), 10],
      ['abandoned', () => this.abandoned(), 2],
      ['overflow', () => this.overflow(), 2],
      ['interflow', () => this.interflow(), 1],
      ['no-agent', () => this.noAgent(), 1],
      ['blind-transfer', () => this.blindTransfer(), 2],
      ['consult-transfer', () => this.consultTransfer(), 2],
      ['conference', () => this.conference(), 1],
      ['outbound', () => this.outbound(), 3],
      ['callback-reinsert', () => this.callbackReinsert(), 1],
      ['monitored', () => this.monitored(), 1],
      ['type-change', () => this.typeChange(), 1],
    ];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.callArrivals();
    void this.agentLife();
    void this.firstLogin();
    void this.intervals();
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Resolves after simMs simulated milliseconds; never resolves once stopped (its timer is cleared). */
  private wait(simMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (!this.running) return;
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.running) resolve();
      }, Math.max(0, Math.round(simMs / this.speed)));
      this.timers.add(t);
    });
  }

  private between(minSeconds: number, maxSeconds: number): number {
    return this.cc.rng.int(minSeconds * SECOND, maxSeconds * SECOND);
  }

  // ----- background processes -----

  private async callArrivals(): Promise<void> {
    await this.wait(SECOND);
    while (this.running) {
      let flow: Flow;
      const touring = this.tourIndex < this.flows.length;
      if (touring) flow = this.flows[this.tourIndex][1];
      else flow = this.weightedFlow();
      this.flowStarted = false;
      void flow();
      if (this.flowStarted && touring) this.tourIndex++;
      // No free agent: the caller waits in queue and gives up.
      if (!this.flowStarted && !touring) void this.abandoned();
      // One flow at a time during the tour, so that each finds free agents; then the call rate.
      await this.wait(touring ? 20 * SECOND : this.between(4, 15));
    }
  }

  private weightedFlow(): Flow {
    const total = this.flows.reduce((s, f) => s + f[2], 0);
    let r = this.cc.rng.next() * total;
    for (const [, flow, weight] of this.flows) {
      r -= weight;
      if (r < 0) return flow;
    }
    return this.flows[0][1];
  }

  private async agentLife(): Promise<void> {
    // Agent activity opens with each kind once, in order (like the call tour), then at random.
    const actions: Array<() => boolean> = [
      () => this.startBreak(),
      () => this.toggleHelp(),
      () => this.startLogoutAndBack(),
      () => this.announceAgentUpdate(),
    ];
    while (this.running) {
      await this.wait(this.agentTourIndex < actions.length ? 10 * SECOND : this.between(10, 40));
      if (this.agentTourIndex < actions.length) {
        if (actions[this.agentTourIndex]()) this.agentTourIndex++;
        continue;
      }
      const roll = this.cc.rng.next();
      if (roll < 0.5) this.startBreak();
      else if (roll < 0.75) this.toggleHelp();
      else if (roll < 0.85) this.startLogoutAndBack();
      else if (roll < 0.9) this.announceAgentUpdate();
    }
  }

  private startBreak(): boolean {
    const idle = this.cc.idleAgents();
    if (idle.length < 3) return false;
    void this.takeBreak(this.cc.rng.pick(idle));
    return true;
  }

  private startLogoutAndBack(): boolean {
    const idle = this.cc.idleAgents();
    if (idle.length < 3) return false;
    void this.logoutAndBack(this.cc.rng.pick(idle));
    return true;
  }

  /** Contact Center Director saves an agent: entity-update. */
  private announceAgentUpdate(): boolean {
    const a = this.cc.rng.pick([...this.cc.agents.values()]);
    this.cc.renameAgent(a, a.agent.name);
    return true;
  }

  private async firstLogin(): Promise<void> {
    // The agent who starts the day logged out logs in after a while.
    await this.wait(30 * SECOND);
    for (const a of this.cc.agents.values()) if (a.state === AGENT_STATE.loggedOut) this.cc.login(a);
  }

  private async takeBreak(a: AgentRuntime): Promise<void> {
    this.cc.release(a, this.cc.rng.pick(this.cc.dir.releaseCodes).id);
    await this.wait(this.between(20, 90));
    if (a.state === AGENT_STATE.release) this.cc.idle(a, CAUSE.resumed);
  }

  private async logoutAndBack(a: AgentRuntime): Promise<void> {
    this.cc.logout(a);
    await this.wait(this.between(30, 120));
    if (a.state === AGENT_STATE.loggedOut) this.cc.login(a);
  }

  /** An agent presses the help button (shown by agent-need-help), or one who asked is helped. */
  private toggleHelp(): boolean {
    const asking = [...this.cc.agents.values()].filter((a) => a.needHelpSince !== undefined);
    if (asking.length > 0 && this.cc.rng.chance(0.5)) {
      asking[0].needHelpSince = undefined;
    } else {
      const candidates = [...this.cc.agents.values()].filter((a) => a.state !== AGENT_STATE.loggedOut && !a.needHelpSince);
      if (candidates.length === 0) return false;
      this.cc.rng.pick(candidates).needHelpSince = new Date();
    }
    // "Agent Need Help: Received when a Contact Center agent asks for supervisor help": at once, not only each interval.
    this.cc.emit(agentNeedHelp(this.cc), { event: 'agent-need-help', subscription: 'agent-need-help', key: '*' });
    return true;
  }

  private async intervals(): Promise<void> {
    while (this.running) {
      await this.wait(15 * 60 * SECOND);
      this.cc.resetInterval();
    }
  }

  // ----- building blocks -----

  private pickRoute(): { group: SimGroup; dnis: SimDnis } {
    const dnis = this.cc.rng.pick(this.cc.dir.dnis);
    const group = this.cc.dir.groups.find((g) => g.id === dnis.groupId) ?? this.cc.dir.groups[0];
    return { group, dnis };
  }

  private groupDevice(groupId: number): string {
    return String(3000 + groupId);
  }

  private inboundCall(group: SimGroup, dnis: SimDnis, callType: number = CALL_TYPE.inboundAcd): SimCall {
    const [callerId, callerName] = this.cc.rng.pick(CALLERS);
    const call = this.cc.newCall({
      callType,
      groupType: DEVICE_TYPE.group,
      groupId: group.id,
      dnis: String(dnis.number),
      dnisId: dnis.id,
      callerId,
      callerName,
    });
    setConnection(call, callerId, CS.connected);
    return call;
  }

  /** route-request at the IRN, then routed to the group. */
  private route(call: SimCall): void {
    const irn = this.cc.dir.irnDevice;
    setConnection(call, irn, CS.routeWait);
    this.cc.callEvent('route-request', call, CAUSE.unknown, { 'irn-id': Number(irn), 'irn-device': irn });
    dropConnection(call, irn);
    this.cc.callEvent('routed', call, CAUSE.routed, {
      'destination-internal-id': call.groupId,
      'destination-type': DEVICE_TYPE.group,
      'destination-device': this.groupDevice(call.groupId),
    });
  }

  private queue(call: SimCall, groupId: number): void {
    call.groupId = groupId;
    call.queuedAt = Date.now();
    setConnection(call, this.groupDevice(groupId), CS.queued);
    this.cc.count(groupId, call.dnisId, (c) => c.offered++);
    this.cc.callEvent('queued', call, CAUSE.unknown, {
      'queued-group-internal-id': groupId,
      'queued-group-type': DEVICE_TYPE.group,
    });
  }

  /** Takes an idle agent of the group (or any idle agent) and reserves it. */
  private takeAgent(groupId?: number, except?: AgentRuntime): AgentRuntime | undefined {
    const inGroup = this.cc.idleAgents(groupId).filter((a) => a !== except);
    const any = this.cc.idleAgents().filter((a) => a !== except);
    const pool = inGroup.length > 0 ? inGroup : any;
    if (pool.length === 0) return undefined;
    const a = this.cc.rng.pick(pool);
    // Reserve at once so that no other flow takes the same agent.
    a.state = AGENT_STATE.busy;
    return a;
  }

  /** From the queue to the agent's phone: agent-reserved, dequeued, delivered. */
  private deliver(call: SimCall, a: AgentRuntime): void {
    this.cc.reserve(a, call);
    dropConnection(call, this.groupDevice(call.groupId));
    this.cc.callEvent('dequeued', call, CAUSE.unknown, {
      'queued-group-internal-id': call.groupId,
      'queued-group-type': DEVICE_TYPE.group,
    });
    this.alert(call, a);
  }

  private alert(call: SimCall, a: AgentRuntime): void {
    setConnection(call, a.agent.extension, CS.alerting);
    this.cc.alerting(a, call);
    this.cc.callEvent('delivered', call, CAUSE.unknown, {
      'alerting-device-id': a.agent.id,
      'alerting-device-type': DEVICE_TYPE.agent,
      'alerting-device': a.agent.extension,
      'calling-device-id': 0,
      'calling-device-type': DEVICE_TYPE.regular,
      'calling-device': call.callerId,
      'agent-chat-url': '',
    });
  }

  private hold(call: SimCall, a: AgentRuntime): void {
    setConnection(call, a.agent.extension, CS.held);
    this.cc.callEvent('held', call, CAUSE.unknown, {
      'device-id': a.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a.agent.extension,
    });
  }

  private retrieve(call: SimCall, a: AgentRuntime): void {
    setConnection(call, a.agent.extension, CS.connected);
    this.cc.callEvent('retrieved', call, CAUSE.unknown, {
      'device-id': a.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a.agent.extension,
    });
  }

  private connectionCleared(call: SimCall, device: string, deviceId: number, deviceType: number): void {
    dropConnection(call, device);
    this.cc.callEvent('conn-cleared', call, CAUSE.unknown, {
      'device-out-id': deviceId,
      'device-out-type': deviceType,
      'device-out': device,
    });
  }

  /** The caller hangs up: conn-cleared, call-cleared, the agent wraps up, enters a code, ends wrap-up. */
  private async callerHangsUp(call: SimCall, a: AgentRuntime): Promise<void> {
    if (call.cleared) return;
    this.connectionCleared(call, call.callerId, 0, DEVICE_TYPE.regular);
    this.cc.clearCallAtAgent(a, call);
    await this.wrapUp(call, a);
  }

  private async wrapUp(call: SimCall, a: AgentRuntime): Promise<void> {
    if (call.callType === CALL_TYPE.nonAcd) return;
    await this.wait(this.between(2, 8));
    if (a.state !== AGENT_STATE.wrapUp || a.callId !== call.callId) return;
    this.cc.enterWrapupCode(a, call, this.cc.rng.pick(this.cc.dir.wrapupCodes).id);
    await this.wait(this.between(3, 15));
    if (a.state !== AGENT_STATE.wrapUp || a.callId !== call.callId || a.manualWrap) return;
    this.cc.endWrap(a, call);
  }

  /** A queued call reaches an agent who answers. Returns false when the call was hung up meanwhile. */
  private async ringAndAnswer(call: SimCall, a: AgentRuntime): Promise<boolean> {
    this.deliver(call, a);
    await this.wait(this.between(2, 6));
    if (call.cleared || a.callId !== call.callId) return false;
    this.cc.answer(a, call, call.callerId);
    return true;
  }

  private async talk(minSeconds = 15, maxSeconds = 60): Promise<void> {
    await this.wait(this.between(minSeconds, maxSeconds));
  }

  // ----- call flows (each returns false when it could not start: no free agent) -----

  /** The full inbound ACD call, with IVR, hold and retrieve. */
  private async answered(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a = this.takeAgent(group.id);
    if (!a) return;
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    setConnection(call, '6100', CS.connected);
    this.cc.callEvent('ivr-app-started', call, CAUSE.unknown, { 'ivr-app-id': 1 });
    await this.wait(this.between(3, 10));
    dropConnection(call, '6100');
    this.cc.callEvent('ivr-app-ended', call, CAUSE.unknown, { 'ivr-app-id': 1 });
    this.queue(call, group.id);
    await this.wait(this.between(2, 20));
    if (!(await this.ringAndAnswer(call, a))) return;
    await this.talk(10, 30);
    if (call.cleared) return;
    this.hold(call, a);
    await this.wait(this.between(5, 20));
    if (call.cleared) return;
    this.retrieve(call, a);
    await this.talk(10, 30);
    await this.callerHangsUp(call, a);
    return;
  }

  /** The caller gives up while queued. */
  private async abandoned(): Promise<void> {
    this.flowStarted = true;
    const { group, dnis } = this.pickRoute();
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(5, 40));
    const waited = Math.round((Date.now() - (call.queuedAt ?? Date.now())) / 1000);
    this.cc.count(group.id, dnis.id, (c) => {
      c.abandoned++;
      c.abandonedWaitSeconds += waited;
      c.maxAbandonedWaitSeconds = Math.max(c.maxAbandonedWaitSeconds, waited);
    });
    call.connections = [];
    this.cc.callEvent('call-cleared', call, CAUSE.abandonedInQueue, {
      'abandoned-call': true,
      'requested-callback': false,
      'abandoned-callback': false,
      'abandoned-dev-id': '0',
      'abandoned-dev-type': String(DEVICE_TYPE.regular),
      'abandoned-dev': call.callerId,
    });
    this.cc.calls.retire(call);
    return;
  }

  /** Queued too long in one group, overflowed to another where an agent answers. */
  private async overflow(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const other = this.cc.dir.groups.find((g) => g.id !== group.id) ?? group;
    const a = this.takeAgent(other.id);
    if (!a) return;
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(10, 30));
    dropConnection(call, this.groupDevice(group.id));
    this.cc.callEvent('overflowed', call, CAUSE.overflow, {
      'overflow-destination-group-internal-id': other.id,
      'overflow-destination-group-type': DEVICE_TYPE.group,
    });
    this.cc.count(other.id, undefined, (c) => c.overflowIn++);
    this.queue(call, other.id);
    await this.wait(this.between(2, 10));
    if (!(await this.ringAndAnswer(call, a))) return;
    await this.talk();
    await this.callerHangsUp(call, a);
    return;
  }

  /** Rerouted out of the ACD to voice mail. */
  private async interflow(): Promise<void> {
    this.flowStarted = true;
    const { group, dnis } = this.pickRoute();
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(20, 60));
    const vm = this.cc.dir.voiceMailDevice;
    dropConnection(call, this.groupDevice(group.id));
    setConnection(call, vm, CS.connected);
    this.cc.count(group.id, dnis.id, (c) => c.interflowOut++);
    this.cc.callEvent('interflowed', call, CAUSE.interflow, {
      'destination-internal-id': Number(vm),
      'destination-type': DEVICE_TYPE.regular,
      'destination-device': vm,
    });
    await this.wait(this.between(10, 30));
    this.clearWithoutAgent(call);
    return;
  }

  /** No agent logged in for the route: sent to the no-agent destination. */
  private async noAgent(): Promise<void> {
    this.flowStarted = true;
    const { group, dnis } = this.pickRoute();
    const call = this.inboundCall(group, dnis);
    this.route(call);
    const dest = this.cc.dir.noAgentDevice;
    setConnection(call, dest, CS.connected);
    this.cc.callEvent('to-no-agent-dest', call, CAUSE.noAvailableAgents, {
      'destination-internal-id': Number(dest),
      'destination-type': DEVICE_TYPE.regular,
      'destination-device': dest,
    });
    await this.wait(this.between(5, 20));
    this.clearWithoutAgent(call);
    return;
  }

  private clearWithoutAgent(call: SimCall): void {
    if (call.cleared) return;
    call.connections = [];
    this.cc.callEvent('call-cleared', call, CAUSE.unknown, {
      'abandoned-call': false,
      'requested-callback': false,
      'abandoned-callback': false,
      'abandoned-dev-id': '',
      'abandoned-dev-type': '',
      'abandoned-dev': '',
    });
    this.cc.calls.retire(call);
  }

  /** Blind transfer from one agent to another: a diverted event. */
  private async blindTransfer(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a1 = this.takeAgent(group.id);
    const a2 = a1 && this.takeAgent(undefined, a1);
    if (!a1 || !a2) {
      if (a1) this.cc.idle(a1, CAUSE.unknown);
      return;
    }
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a1))) return;
    await this.talk(10, 30);
    if (call.cleared) return;
    dropConnection(call, a1.agent.extension);
    setConnection(call, a2.agent.extension, CS.alerting);
    this.cc.callEvent('diverted', call, CAUSE.diverted, {
      'divert-to-group-id': group.id,
      'divert-to-group-type': DEVICE_TYPE.group,
      'divert-to-device-id': a2.agent.id,
      'divert-to-device-type': DEVICE_TYPE.agent,
      'divert-to-device': a2.agent.extension,
      'divert-from-device-id': a1.agent.id,
      'divert-from-device-type': DEVICE_TYPE.agent,
      'divert-from-device': a1.agent.extension,
    });
    this.cc.count(group.id, undefined, (c) => c.transferredOut++);
    this.cc.afterCall(a1, call);
    void this.wrapUp(call, a1);
    this.alert(call, a2);
    await this.wait(this.between(2, 5));
    if (call.cleared) return;
    this.cc.answer(a2, call, call.callerId);
    await this.talk();
    await this.callerHangsUp(call, a2);
    return;
  }

  /** A consultation call from the first agent to a second one. */
  private async consult(call: SimCall, a1: AgentRuntime, a2: AgentRuntime): Promise<SimCall> {
    this.hold(call, a1);
    const consult = this.cc.newCall({
      callType: CALL_TYPE.nonAcd,
      groupType: DEVICE_TYPE.group,
      groupId: call.groupId,
      dnis: '',
      callerId: a1.agent.extension,
      callerName: a1.agent.name,
    });
    setConnection(consult, a1.agent.extension, CS.initiated);
    this.cc.callEvent('initiated', consult, CAUSE.unknown, {
      'group-id': 0,
      'group-type': 0,
      'device-id': a1.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a1.agent.extension,
    });
    setConnection(consult, a1.agent.extension, CS.connected);
    setConnection(consult, a2.agent.extension, CS.alerting);
    this.cc.alerting(a2, consult);
    this.cc.callEvent('delivered', consult, CAUSE.unknown, {
      'alerting-device-id': a2.agent.id,
      'alerting-device-type': DEVICE_TYPE.agent,
      'alerting-device': a2.agent.extension,
      'calling-device-id': a1.agent.id,
      'calling-device-type': DEVICE_TYPE.agent,
      'calling-device': a1.agent.extension,
      'agent-chat-url': '',
    });
    await this.wait(this.between(2, 5));
    this.cc.answer(a2, consult, a1.agent.extension);
    await this.talk(5, 20);
    return consult;
  }

  /** Consultative transfer: the transferred event with the primary, consultation and resultant call. */
  private async consultTransfer(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a1 = this.takeAgent(group.id);
    const a2 = a1 && this.takeAgent(undefined, a1);
    if (!a1 || !a2) {
      if (a1) this.cc.idle(a1, CAUSE.unknown);
      return;
    }
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a1))) return;
    await this.talk(10, 30);
    if (call.cleared) {
      this.cc.idle(a2, CAUSE.unknown);
      return;
    }
    const consult = await this.consult(call, a1, a2);
    dropConnection(call, a1.agent.extension);
    setConnection(call, a2.agent.extension, CS.connected);
    this.cc.callEvent(
      'transferred',
      call,
      CAUSE.transfer,
      {
        'secondary-call-id': consult.callId,
        'secondary-pbx-call-id': consult.pbxCallId,
        'secondary-guid': consult.guid,
        'resultant-call-id': call.callId,
        'resultant-pbx-call-id': call.pbxCallId,
        'resultant-guid': call.guid,
        'transferring-device-id': a1.agent.id,
        'transferring-device-type': DEVICE_TYPE.agent,
        'transferring-device': a1.agent.extension,
        'transferred-device-id': 0,
        'transferred-device-type': DEVICE_TYPE.regular,
        'transferred-device': call.callerId,
        'transfer-to-device-id': a2.agent.id,
        'transfer-to-device-type': DEVICE_TYPE.agent,
        'transfer-to-device': a2.agent.extension,
      },
      [call, consult],
    );
    this.cc.calls.retire(consult);
    this.cc.count(group.id, undefined, (c) => {
      c.transferredOut++;
      c.transferredIn++;
    });
    // The first agent's part ends: wrap-up; the call continues at the second agent.
    this.cc.afterCall(a1, call);
    void this.wrapUp(call, a1);
    call.agentId = a2.agent.id;
    this.cc.onCall(a2, call, CAUSE.transfer);
    await this.talk();
    await this.callerHangsUp(call, a2);
    return;
  }

  /** Three-party conference, after which the second agent leaves. */
  private async conference(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a1 = this.takeAgent(group.id);
    const a2 = a1 && this.takeAgent(undefined, a1);
    if (!a1 || !a2) {
      if (a1) this.cc.idle(a1, CAUSE.unknown);
      return;
    }
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a1))) return;
    await this.talk(10, 30);
    if (call.cleared) {
      this.cc.idle(a2, CAUSE.unknown);
      return;
    }
    const consult = await this.consult(call, a1, a2);
    setConnection(call, a1.agent.extension, CS.connected);
    setConnection(call, a2.agent.extension, CS.connected);
    this.cc.callEvent(
      'conferenced',
      call,
      CAUSE.conference,
      {
        'secondary-call-id': consult.callId,
        'secondary-pbx-call-id': consult.pbxCallId,
        'secondary-guid': consult.guid,
        'resultant-call-id': call.callId,
        'resultant-pbx-call-id': call.pbxCallId,
        'resultant-guid': call.guid,
        'conferencing-device-id': a1.agent.id,
        'conferencing-device-type': DEVICE_TYPE.agent,
        'conferencing-device': a1.agent.extension,
        'conferenced-device-id': 0,
        'conferenced-device-type': DEVICE_TYPE.regular,
        'conferenced-device': call.callerId,
        'conference-to-device-id': a2.agent.id,
        'conference-to-device-type': DEVICE_TYPE.agent,
        'conference-to-device': a2.agent.extension,
      },
      [call, consult],
    );
    this.cc.calls.retire(consult);
    await this.talk(10, 30);
    if (call.cleared) return;
    this.connectionCleared(call, a2.agent.extension, a2.agent.id, DEVICE_TYPE.agent);
    this.cc.idle(a2, CAUSE.unknown);
    await this.talk(5, 20);
    await this.callerHangsUp(call, a1);
    return;
  }

  /** An agent's own outbound call: non-ACD, so it ends with no-wrap. */
  private async outbound(): Promise<void> {
    const a = this.takeAgent();
    if (!a) return;
    this.flowStarted = true;
    const [number, name] = this.cc.rng.pick(CALLERS);
    const call = this.cc.newCall({
      callType: CALL_TYPE.nonAcd,
      groupType: DEVICE_TYPE.group,
      groupId: a.loggedInGroups[0] ?? a.agent.groupIds[0],
      dnis: '',
      callerId: number,
      callerName: name,
    });
    setConnection(call, a.agent.extension, CS.initiated);
    this.cc.outgoing(a, call);
    this.cc.callEvent('initiated', call, CAUSE.unknown, {
      'group-id': 0,
      'group-type': 0,
      'device-id': a.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a.agent.extension,
    });
    setConnection(call, a.agent.extension, CS.connected);
    setConnection(call, number, CS.alerting);
    this.cc.callEvent('delivered', call, CAUSE.unknown, {
      'alerting-device-id': 0,
      'alerting-device-type': DEVICE_TYPE.regular,
      'alerting-device': number,
      'calling-device-id': a.agent.id,
      'calling-device-type': DEVICE_TYPE.agent,
      'calling-device': a.agent.extension,
      'agent-chat-url': '',
    });
    await this.wait(this.between(3, 10));
    if (call.cleared) return;
    setConnection(call, number, CS.connected);
    this.cc.callEvent('established', call, CAUSE.unknown, {
      'joining-device-id': 0,
      'joining-device-type': DEVICE_TYPE.regular,
      'joining-device': number,
      'calling-device-id': a.agent.id,
      'calling-device-type': DEVICE_TYPE.agent,
      'calling-device': a.agent.extension,
    });
    this.cc.onCall(a, call);
    a.state = AGENT_STATE.nonAcdOutgoing;
    await this.talk();
    if (call.cleared) return;
    this.cc.clearCallAtAgent(a, call);
    return;
  }

  /** A callback request: the agent's callback attempt gets no answer and is re-inserted. */
  private async callbackReinsert(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a = this.takeAgent(group.id);
    if (!a) return;
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis, CALL_TYPE.callback);
    dropConnection(call, call.callerId);
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a))) return;
    setConnection(call, call.callerId, CS.alerting);
    this.cc.callEvent('initiated', call, CAUSE.unknown, {
      'group-id': group.id,
      'group-type': DEVICE_TYPE.group,
      'device-id': a.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a.agent.extension,
    });
    await this.wait(this.between(10, 25));
    if (call.cleared) return;
    dropConnection(call, call.callerId);
    this.cc.callEvent('agent-reinsert', call, CAUSE.reinsertedCbsNoAnswer, { 'agent-id': a.agent.id });
    this.cc.clearCallAtAgent(a, call, CAUSE.reinsertedCbsNoAnswer);
    await this.wrapUp(call, a);
    return;
  }

  /** A supervisor silently monitors an agent's call: state-change. */
  private async monitored(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a = this.takeAgent(group.id);
    if (!a) return;
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a))) return;
    await this.talk(5, 15);
    if (call.cleared) return;
    const sup = this.cc.dir.supervisorExtension;
    setConnection(call, sup, CS.silentMonitoring);
    setConnection(call, a.agent.extension, CS.silentMonitored);
    this.cc.callEvent('state-change', call, CAUSE.silentMonitor, {
      'monitoring-device-id': Number(sup),
      'monitoring-device-type': DEVICE_TYPE.regular,
      'monitoring-device': sup,
      'monitored-device-id': a.agent.id,
      'monitored-device-type': DEVICE_TYPE.agent,
      'monitored-device': a.agent.extension,
    });
    await this.talk(10, 30);
    if (call.cleared) return;
    dropConnection(call, sup);
    setConnection(call, a.agent.extension, CS.connected);
    await this.callerHangsUp(call, a);
    return;
  }

  /** A direct (non-ACD) call to an agent who does not answer is redirected into the group: type-change. */
  private async typeChange(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a1 = this.takeAgent(group.id);
    const a2 = a1 && this.takeAgent(group.id, a1);
    if (!a1 || !a2) {
      if (a1) this.cc.idle(a1, CAUSE.unknown);
      return;
    }
    this.flowStarted = true;
    const call = this.inboundCall(group, dnis, CALL_TYPE.nonAcd);
    this.alert(call, a1);
    await this.wait(this.between(8, 15));
    dropConnection(call, a1.agent.extension);
    this.cc.idle(a1, CAUSE.unknown);
    call.callType = CALL_TYPE.inboundAcd;
    this.cc.callEvent('type-change', call, CAUSE.redirected, {
      'old-type': CALL_TYPE.nonAcd,
      'new-type': CALL_TYPE.inboundAcd,
    });
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a2))) return;
    await this.talk();
    await this.callerHangsUp(call, a2);
    return;
  }
}
