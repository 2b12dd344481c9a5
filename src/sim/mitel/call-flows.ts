/**
 * The call flows of the generated day. Between them they send all 25 Call Activity events of the
 * guide. A flow sets `started` before its first await when it found the agents it needs.
 */
import type { SimCall } from './calls';
import { dropConnection, setConnection } from './calls';
import { CALLERS, CallSteps } from './call-steps';
import type { AgentRuntime } from './contact-center';
import type { SimGroup } from './directory';
import { AGENT_STATE, CALL_TYPE, CAUSE, CONNECTION_STATE as CS, DEVICE_TYPE } from './protocol-table';

export type Flow = () => Promise<void>;

export class CallFlows extends CallSteps {
  /** Set synchronously by a flow that could start; read right after calling it. */
  started = false;

  /** name, flow, weight once the opening tour is over. */
  readonly all: ReadonlyArray<readonly [string, Flow, number]> = [
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

  /** The full inbound ACD call, with IVR, hold and retrieve. */
  private async answered(): Promise<void> {
    const { group, dnis } = this.pickRoute();
    const a = this.takeAgent(group.id);
    if (!a) return;
    this.started = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    const ivrPort = this.cc.dir.ivrPortDevice;
    setConnection(call, ivrPort, CS.connected);
    this.cc.callEvent('ivr-app-started', call, CAUSE.unknown, { 'ivr-app-id': 1 });
    await this.wait(this.between(3, 10));
    dropConnection(call, ivrPort);
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
  async abandoned(): Promise<void> {
    this.started = true;
    const { group, dnis } = this.pickRoute();
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(5, 40));
    const waited = call.queuedAt !== undefined ? this.cc.secondsSince(call.queuedAt) : 0;
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
    this.started = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(10, 30));
    dropConnection(call, this.groupDevice(group.id));
    call.inQueue = false;
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
    this.started = true;
    const { group, dnis } = this.pickRoute();
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(20, 60));
    const vm = this.cc.dir.voiceMailDevice;
    dropConnection(call, this.groupDevice(group.id));
    call.inQueue = false;
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
    this.started = true;
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

  /**
   * Where transfers and conferences start: two agents, an inbound call routed, queued and answered by
   * the first, talking. Undefined when the agents are not free or the caller hung up first (the
   * second agent is then free again).
   */
  private async answeredWithSecondAgent(): Promise<{ call: SimCall; group: SimGroup; a1: AgentRuntime; a2: AgentRuntime } | undefined> {
    const { group, dnis } = this.pickRoute();
    const a1 = this.takeAgent(group.id);
    const a2 = a1 && this.takeAgent(undefined, a1);
    if (!a1 || !a2) {
      if (a1) this.cc.idle(a1, CAUSE.unknown);
      return undefined;
    }
    this.started = true;
    const call = this.inboundCall(group, dnis);
    this.route(call);
    this.queue(call, group.id);
    await this.wait(this.between(2, 8));
    if (!(await this.ringAndAnswer(call, a1))) return undefined;
    await this.talk(10, 30);
    if (call.cleared) {
      this.cc.idle(a2, CAUSE.unknown);
      return undefined;
    }
    return { call, group, a1, a2 };
  }

  /** Blind transfer from one agent to another: a diverted event. */
  private async blindTransfer(): Promise<void> {
    const opened = await this.answeredWithSecondAgent();
    if (!opened) return;
    const { call, group, a1, a2 } = opened;
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
    const opened = await this.answeredWithSecondAgent();
    if (!opened) return;
    const { call, group, a1, a2 } = opened;
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
    const opened = await this.answeredWithSecondAgent();
    if (!opened) return;
    const { call, group, a1, a2 } = opened;
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
    this.started = true;
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
    this.started = true;
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
    this.started = true;
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
    this.started = true;
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
  }}
