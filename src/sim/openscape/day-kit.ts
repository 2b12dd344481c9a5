/**
 * What the generated day's scenarios share: the simulator context, the seeded random source, and
 * helpers that pick agents, update the live state and build the recurring steps of a routed call.
 */
import type { SimContext } from './context';
import { customerName, type SimUser } from './directory';
import { handlingState, INTERNAL_REDIRECT, NO_PARTY, party, servicesEnabled, telephonyData } from './events';
import { handlingStateData, setRouting } from './commands-presence-routing';
import { legOf } from './commands-telephony';
import type { Realm } from './names';
import type { SeededRandom } from './random';
import type { AgentState, CallRecord } from './state';

/** One step of a scenario: emits an event or two and updates the state. */
export type Step = () => void;

export class DayKit {
  constructor(
    readonly sim: SimContext,
    readonly random: SeededRandom,
  ) {}

  workers(): SimUser[] {
    return this.sim.directory.users.slice(1);
  }

  agentOf(user: SimUser): AgentState {
    const agent = this.sim.state.agent(user.agentKey);
    if (!agent) throw new Error(`no agent state for ${user.agentKey}`);
    return agent;
  }

  /** An agent logged on to `media`, preferring available ones; logs one on if nobody is. */
  pickAgent(media = 'VOICE'): SimUser {
    const onMedia = this.workers().filter((user) => this.agentOf(user).loggedOnMedia.has(media));
    const available = onMedia.filter((user) => this.agentOf(user).routingState === 'AVAILABLE');
    const pool = available.length > 0 ? available : onMedia.length > 0 ? onMedia : this.workers();
    const user = this.random.pick(pool);
    const agent = this.agentOf(user);
    if (!agent.loggedOnMedia.has(media)) {
      agent.loggedOnMedia.add(media);
      agent.extension ??= user.extension;
    }
    return user;
  }

  emit(realm: Realm, type: string, data: unknown): void {
    this.sim.emit(realm, type, data);
  }

  tel(type: string, resource: string, call: CallRecord, lcsType: string, cause: string, extra: Record<string, unknown>): Step {
    return () => this.emit('TELEPHONY', type, telephonyData(resource, legOf(call), lcsType, cause, extra));
  }

  handling(user: SimUser, call: CallRecord, state: string | undefined, mediaType = 'VOICE'): Step {
    return () => {
      const agent = this.agentOf(user);
      if (state === undefined) agent.handling.delete(call.uniqueCallId);
      else agent.handling.set(call.uniqueCallId, handlingState(call.uniqueCallId, state, mediaType));
      this.emit('PRESENCE', 'USER_HANDLING_STATE', handlingStateData(this.sim, agent));
    };
  }

  routing(user: SimUser, state: string, reasonKey = 0): Step {
    return () => setRouting(this.sim, this.agentOf(user), state, reasonKey);
  }

  newRoutedCall(mediaType = 'VOICE'): CallRecord {
    const queue = this.random.pick(this.sim.directory.queues.filter((item) => item.mediaType === 'VOICE'));
    return this.sim.state.newCall({
      uniqueCallId: this.sim.state.newCallId('voice'),
      mediaType,
      description: this.random.pick(['General Call', 'Appel vente', 'Störungsmeldung', 'Consulta técnica']),
      contactData: [
        { key: 'customer', value: customerName(this.random) },
        { key: '__HPPC_SuppInfoAddress', value: 'http://localhost:8080' },
      ],
      queueKey: queue.key,
      priority: this.random.pick([10, 20, 30]),
      contactType: 'ROUTED_VOICE',
      callType: 'EXT2ACD',
      callState: 'QUEUED',
      routingState: 'QUEUED',
      from: this.random.pick(this.sim.directory.customerNumbers),
      to: this.sim.directory.queueNumbers.get(queue.key) ?? '',
    });
  }

  enqueueSteps(call: CallRecord): Step[] {
    const queueParty = party(0, call.to, 'QUEUE');
    return [
      () => this.emit('ROUTING', 'ENQUEUE_CALL_EVENT', { uniqueCallId: call.uniqueCallId, description: call.description, priority: call.priority, queueKey: call.queueKey, mediaType: call.mediaType }),
      () =>
        this.emit('ROUTING', 'ROUTING_INFORMATION_UPDATED_EVENT', {
          uniqueCallId: call.uniqueCallId,
          contactData: call.contactData,
          description: call.description,
          priority: call.priority,
          queueKey: call.queueKey,
          mediaType: call.mediaType,
        }),
      this.tel('QUEUED_EVENT', call.to, call, 'QUEUED', 'NEW_CALL', { fromParty: NO_PARTY, toParty: NO_PARTY, queuedParty: queueParty }),
    ];
  }

  deliverSteps(call: CallRecord, user: SimUser): Step[] {
    const extension = this.agentOf(user).extension ?? user.extension;
    return [
      () => {
        call.assignAgentKey = user.agentKey;
        call.routingState = 'PENDING';
        this.emit('ROUTING', 'ASSIGN_CALL_EVENT', { agentExtension: extension, agentKey: user.agentKey, uniqueCallId: call.uniqueCallId, mediaType: call.mediaType });
      },
      () => {
        this.sim.state.setLine(extension, 'RINGING', call.uniqueCallId);
        this.emit(
          'TELEPHONY',
          'DELIVERED_EVENT',
          telephonyData(extension, legOf(call), 'ALERTING', 'DISTRIBUTED', {
            deliveredToParty: party(user.agentKey, extension, 'AGENT'),
            fromParty: party(0, call.from, 'EXTERNAL'),
            toParty: party(0, call.to, 'QUEUE'),
            heldParty: { agentKey: 0, device: '', type: 'UNKNOWN' },
            redirectParty: INTERNAL_REDIRECT,
            reason: 'INITIAL_ARRIVAL',
          }),
        );
        this.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(extension, call.uniqueCallId, 'RINGING'));
      },
      this.handling(user, call, 'RINGING'),
    ];
  }

  connectSteps(call: CallRecord, user: SimUser): Step[] {
    const extension = this.agentOf(user).extension ?? user.extension;
    return [
      () => {
        call.routingState = 'ANSWERED';
        this.emit('ROUTING', 'DEQUEUE_CALL_EVENT', { uniqueCallId: call.uniqueCallId, description: call.description, priority: call.priority, queueKey: call.queueKey, dequeueReason: 'CALLANSWERED', mediaType: call.mediaType });
      },
      () => {
        call.callState = 'CONNECTED';
        this.sim.state.setLine(extension, 'CONNECTED');
        this.emit('TELEPHONY', 'ESTABLISHED_EVENT', telephonyData(extension, legOf(call), 'CONNECTED', 'NORMAL', { fromParty: party(0, call.from, 'EXTERNAL'), toParty: party(user.agentKey, extension, 'AGENT'), redirectParty: INTERNAL_REDIRECT }));
        this.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(extension, call.uniqueCallId, 'CONNECTED'));
      },
      this.handling(user, call, 'CONNECTED'),
    ];
  }

  hangUpSteps(call: CallRecord, user: SimUser, wrapUp: boolean): Step[] {
    const extension = this.agentOf(user).extension ?? user.extension;
    const steps: Step[] = [
      () => {
        call.callState = 'FINISHED';
        this.sim.state.setLine(extension, 'IDLE', '');
        this.emit('TELEPHONY', 'DISCONNECTED_EVENT', telephonyData(extension, legOf(call), 'NULL', 'NORMAL_CLEARING', { disconnectedParty: party(0, call.from, 'EXTERNAL'), reason: 'UNDEFINED' }));
      },
    ];
    if (!wrapUp) return [...steps, this.handling(user, call, undefined)];
    const postProcessing = this.sim.directory.postProcessingReasons[0]?.reasonKey ?? 0;
    return [
      ...steps,
      () => {
        const agent = this.agentOf(user);
        agent.handling.set(call.uniqueCallId, handlingState(call.uniqueCallId, 'POSTPROCESSING', 'VOICE', postProcessing));
        this.emit('PRESENCE', 'USER_HANDLING_STATE', handlingStateData(this.sim, agent));
      },
      this.routing(user, 'WORK', this.sim.directory.workReasons[0]?.reasonKey ?? 0),
      this.handling(user, call, undefined),
      this.routing(user, 'AVAILABLE'),
    ];
  }
}
