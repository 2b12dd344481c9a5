/**
 * The building blocks of call flows: each sends the Call Activity event(s) of one step of a call
 * (routing, queueing, delivery, hold, hang-up, wrap-up) and keeps the call's connections in step.
 */
import type { SimCall } from './calls';
import { dropConnection, setConnection } from './calls';
import type { AgentRuntime, ContactCenter } from './contact-center';
import type { DayClock } from './day-clock';
import type { SimDnis, SimGroup } from './directory';
import { AGENT_STATE, CALL_TYPE, CAUSE, CONNECTION_STATE as CS, DEVICE_TYPE } from './protocol-table';

export const CALLERS: Array<[string, string]> = [
  ['+4989123456', 'Bärbel Schröder'],
  ['+33142685300', 'Hélène Girard'],
  ['+34915550123', 'Íñigo Peña'],
  ['+81312345678', '山田 花子'],
  ['+4721234567', 'Åse Bjørnstad'],
  ['+14155550199', 'Jane Doe'],
];

export class CallSteps {
  constructor(
    protected readonly cc: ContactCenter,
    protected readonly clock: DayClock,
  ) {}

  protected wait(simMs: number): Promise<void> {
    return this.clock.wait(simMs);
  }

  protected between(minSeconds: number, maxSeconds: number): number {
    return this.clock.between(minSeconds, maxSeconds);
  }

  protected pickRoute(): { group: SimGroup; dnis: SimDnis } {
    const dnis = this.cc.rng.pick(this.cc.dir.dnis);
    // Mostly the DNIS's own group; sometimes the IVR routes elsewhere, so that every group has traffic.
    const own = this.cc.dir.groups.find((g) => g.id === dnis.groupId);
    const group = own && this.cc.rng.chance(0.7) ? own : this.cc.rng.pick(this.cc.dir.groups);
    return { group, dnis };
  }

  protected groupDevice(groupId: number): string {
    return String(3000 + groupId);
  }

  protected inboundCall(group: SimGroup, dnis: SimDnis, callType: number = CALL_TYPE.inboundAcd): SimCall {
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
  protected route(call: SimCall): void {
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

  protected queue(call: SimCall, groupId: number): void {
    call.groupId = groupId;
    call.queuedAt = Date.now();
    call.inQueue = true;
    setConnection(call, this.groupDevice(groupId), CS.queued);
    this.cc.count(groupId, call.dnisId, (c) => c.offered++);
    this.cc.callEvent('queued', call, CAUSE.unknown, {
      'queued-group-internal-id': groupId,
      'queued-group-type': DEVICE_TYPE.group,
    });
  }

  /** Takes an idle agent of the group (or any idle agent) and reserves it. */
  protected takeAgent(groupId?: number, except?: AgentRuntime): AgentRuntime | undefined {
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
  protected deliver(call: SimCall, a: AgentRuntime): void {
    this.cc.reserve(a, call);
    call.inQueue = false;
    dropConnection(call, this.groupDevice(call.groupId));
    this.cc.callEvent('dequeued', call, CAUSE.unknown, {
      'queued-group-internal-id': call.groupId,
      'queued-group-type': DEVICE_TYPE.group,
    });
    this.alert(call, a);
  }

  protected alert(call: SimCall, a: AgentRuntime): void {
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

  protected hold(call: SimCall, a: AgentRuntime): void {
    setConnection(call, a.agent.extension, CS.held);
    this.cc.callEvent('held', call, CAUSE.unknown, {
      'device-id': a.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a.agent.extension,
    });
  }

  protected retrieve(call: SimCall, a: AgentRuntime): void {
    setConnection(call, a.agent.extension, CS.connected);
    this.cc.callEvent('retrieved', call, CAUSE.unknown, {
      'device-id': a.agent.id,
      'device-type': DEVICE_TYPE.agent,
      device: a.agent.extension,
    });
  }

  protected connectionCleared(call: SimCall, device: string, deviceId: number, deviceType: number): void {
    dropConnection(call, device);
    this.cc.callEvent('conn-cleared', call, CAUSE.unknown, {
      'device-out-id': deviceId,
      'device-out-type': deviceType,
      'device-out': device,
    });
  }

  /** The caller hangs up: conn-cleared, call-cleared, the agent wraps up, enters a code, ends wrap-up. */
  protected async callerHangsUp(call: SimCall, a: AgentRuntime): Promise<void> {
    if (call.cleared) return;
    this.connectionCleared(call, call.callerId, 0, DEVICE_TYPE.regular);
    this.cc.clearCallAtAgent(a, call);
    await this.wrapUp(call, a);
  }

  protected async wrapUp(call: SimCall, a: AgentRuntime): Promise<void> {
    if (call.callType === CALL_TYPE.nonAcd) return;
    await this.wait(this.between(2, 8));
    if (a.state !== AGENT_STATE.wrapUp || a.callId !== call.callId) return;
    this.cc.enterWrapupCode(a, call, this.cc.rng.pick(this.cc.dir.wrapupCodes).id);
    await this.wait(this.between(3, 15));
    if (a.state !== AGENT_STATE.wrapUp || a.callId !== call.callId || a.manualWrap) return;
    this.cc.endWrap(a, call);
  }

  /** A queued call reaches an agent who answers. Returns false when the call was hung up meanwhile. */
  protected async ringAndAnswer(call: SimCall, a: AgentRuntime): Promise<boolean> {
    this.deliver(call, a);
    await this.wait(this.between(2, 6));
    if (call.cleared || a.callId !== call.callId) {
      // The agent was taken away (a command): the caller gives up.
      this.clearWithoutAgent(call);
      return false;
    }
    this.cc.answer(a, call, call.callerId);
    return true;
  }

  protected async talk(minSeconds = 15, maxSeconds = 60): Promise<void> {
    await this.wait(this.between(minSeconds, maxSeconds));
  }

  /** The call ends without an agent (voice mail, no-agent destination, caller gave up before answer). */
  protected clearWithoutAgent(call: SimCall): void {
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

}
