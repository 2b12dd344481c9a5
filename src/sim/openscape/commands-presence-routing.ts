/**
 * Presence (4.3.1) and Routing (4.4.1) requests and the events they cause
 * (SetRoutingState -> USER_ROUTING_STATE, EnqueueCall -> ENQUEUE_CALL_EVENT ...).
 */
import { fail, ok, presenceOk, type CommandHandler, type SimContext } from './context';
import { handlingState } from './events';
import type { AgentState, CallRecord, ContactDataItem } from './state';
import { toInt } from './validate';

const PRESENCE_OF_ROUTING: Record<string, string> = { AVAILABLE: 'IDLE', UNAVAILABLE: 'AWAY', WORK: 'BUSY', LOGGEDOFF: 'LOGGEDOFF', UNKNOWN: 'UNKNOWN' };

/** USER_ROUTING_STATE data (4.3.2.2) for an agent. */
export function routingStateData(sim: SimContext, agent: AgentState): Record<string, unknown> {
  const user = sim.state.user(agent.agentKey);
  return {
    agentId: user?.agentId ?? '',
    agentKey: agent.agentKey,
    extension: agent.extension ?? user?.extension ?? '',
    handlingStates: [...agent.handling.values()],
    loggedOnMediaTypes: [...agent.loggedOnMedia],
    presenceState: agent.presenceState,
    routingState: agent.routingState,
    routingStateReasonKey: agent.routingStateReasonKey,
  };
}

/** USER_HANDLING_STATE data (4.3.2.3). */
export function handlingStateData(sim: SimContext, agent: AgentState): Record<string, unknown> {
  return { agentId: sim.state.user(agent.agentKey)?.agentId ?? '', agentKey: agent.agentKey, handlingStates: [...agent.handling.values()] };
}

/** Changes an agent's routing state and reports it (used by commands and by the generated day). */
export function setRouting(sim: SimContext, agent: AgentState, routingState: string, reasonKey: number): void {
  agent.routingState = routingState;
  agent.routingStateReasonKey = routingState === 'AVAILABLE' ? 0 : reasonKey;
  agent.presenceState = agent.handling.size > 0 && routingState !== 'LOGGEDOFF' ? 'ACTIVE' : PRESENCE_OF_ROUTING[routingState] ?? 'UNKNOWN';
  agent.routingStateSince = new Date();
  sim.emit('PRESENCE', 'USER_ROUTING_STATE', routingStateData(sim, agent));
}

type AgentHandler = (sim: SimContext, agent: AgentState, body: Record<string, unknown>) => ReturnType<CommandHandler>;

/** Presence commands act on an agent given by agentKey (agentId is informative). */
function forAgent(action: AgentHandler): CommandHandler {
  return ({ body, sim }) => {
    const agent = sim.state.agent(body.agentKey as number);
    if (!agent) return fail('PRESENCE_ACTION_FAILED', `Unknown agent key ${String(body.agentKey)}`);
    return action(sim, agent, body);
  };
}

const setRoutingState = forAgent((sim, agent, body) => {
  const state = String(body.state);
  if (state !== 'LOGGEDOFF' && agent.loggedOnMedia.size === 0) return fail('PRESENCE_ACTION_FAILED', 'Agent is not logged on to any media');
  const reason = body.reason === undefined || body.reason === '' ? 0 : toInt(body.reason);
  sim.later(0, () => setRouting(sim, agent, state, reason));
  return presenceOk();
});

function handlingChange(newState: string | undefined): CommandHandler {
  return forAgent((sim, agent, body) => {
    const callId = String(body.uniqueCallId);
    const current = agent.handling.get(callId);
    if (newState === undefined) agent.handling.delete(callId);
    else agent.handling.set(callId, { ...(current ?? handlingState(callId, newState)), handlingState: newState, handlingStateReasonKey: toInt(body.postProcessingReason ?? 0) });
    sim.later(0, () => {
      sim.emit('PRESENCE', 'USER_HANDLING_STATE', handlingStateData(sim, agent));
      if (newState === undefined && agent.handling.size === 0 && agent.routingState === 'WORK') setRouting(sim, agent, 'AVAILABLE', 0);
    });
    return presenceOk();
  });
}

const setPrimary = forAgent((sim, agent, body) => {
  const callId = String(body.uniqueCallId);
  for (const [id, handling] of agent.handling) agent.handling.set(id, { ...handling, primary: id === callId });
  if (!agent.handling.has(callId)) agent.handling.set(callId, handlingState(callId, 'CONNECTED'));
  sim.later(0, () => sim.emit('PRESENCE', 'USER_HANDLING_STATE', handlingStateData(sim, agent)));
  return presenceOk();
});

const cancelMandatoryWrappingUp = forAgent(() => presenceOk());

const setWrapUpReason = forAgent((sim, _agent, body) => {
  const known = new Set(sim.directory.wrapUpReasons.map((reason) => reason.reasonKey));
  const unknown = (body.wrapUpReasons as number[]).filter((key) => !known.has(key));
  if (unknown.length > 0) return fail('PRESENCE_ACTION_FAILED', `Unknown wrap-up reason key(s) ${unknown.join(', ')}`);
  return presenceOk();
});

// ---- Routing ----

function routingCall(call: CallRecord): Record<string, unknown> {
  return {
    uniqueCallId: call.uniqueCallId,
    description: call.description,
    contactData: call.contactData,
    mediaType: call.mediaType,
    queueKey: call.queueKey,
    assignAgentKey: call.assignAgentKey,
    priority: call.priority,
    reserveAgentKey: call.reserveAgentKey,
    reserveAgentMaximumTime: call.reserveAgentMaximumTime,
    state: call.routingState,
  };
}

function routingInformation(call: CallRecord): Record<string, unknown> {
  return {
    uniqueCallId: call.uniqueCallId,
    contactData: call.contactData,
    description: call.description,
    priority: call.priority,
    queueKey: call.queueKey,
    mediaType: call.mediaType,
  };
}

function forCall(action: (sim: SimContext, call: CallRecord, body: Record<string, unknown>) => ReturnType<CommandHandler>): CommandHandler {
  return ({ body, sim }) => {
    const call = sim.state.calls.get(String(body.uniqueCallId));
    if (!call) return fail('GENERAL_ERROR', `Call ${String(body.uniqueCallId)} is not known to the routing server`);
    return action(sim, call, body);
  };
}

const queryCall = forCall((_sim, call) => ({ body: { errorCode: 'NO_ERROR', errorDetails: 'NO ERROR', routingCall: routingCall(call) } }));

function informationChange(change: (call: CallRecord, body: Record<string, unknown>) => void): CommandHandler {
  return forCall((sim, call, body) => {
    change(call, body);
    sim.later(0, () => sim.emit('ROUTING', 'ROUTING_INFORMATION_UPDATED_EVENT', routingInformation(call)));
    return ok();
  });
}

const updateCall = informationChange((call, body) => {
  if (typeof body.description === 'string') call.description = body.description;
  if (Array.isArray(body.contactData)) call.contactData = body.contactData as ContactDataItem[];
  if (typeof body.queueKey === 'number') call.queueKey = body.queueKey;
  if (typeof body.priority === 'number') call.priority = body.priority;
});

const enqueueCall: CommandHandler = ({ body, sim }) => {
  const id = String(body.uniqueCallId);
  const queueKey = typeof body.queueKey === 'number' ? body.queueKey : undefined;
  if (queueKey === undefined && typeof body.destination !== 'string') return fail('EMPTY_PARAMETER', "Attribute 'queueKey' or 'destination' is missing");
  if (queueKey !== undefined && !sim.directory.queues.some((queue) => queue.key === queueKey)) return fail('GENERAL_ERROR', `Unknown queue key ${queueKey}`);
  const call = sim.state.calls.get(id) ?? sim.state.newCall({ uniqueCallId: id, contactType: 'ROUTED_VOICE', callType: 'EXT2ACD' });
  call.queueKey = queueKey ?? sim.directory.queues[0].key;
  call.mediaType = typeof body.mediaType === 'string' ? body.mediaType : call.mediaType;
  call.description = typeof body.description === 'string' ? body.description : call.description;
  call.contactData = Array.isArray(body.contactData) ? (body.contactData as ContactDataItem[]) : call.contactData;
  call.priority = typeof body.priority === 'number' ? body.priority : call.priority;
  call.reserveAgentKey = typeof body.reserveAgentKey === 'number' ? body.reserveAgentKey : 0;
  call.reserveAgentMaximumTime = typeof body.reserveAgentMaximumTime === 'number' ? body.reserveAgentMaximumTime : 0;
  if (typeof body.source === 'string') call.from = body.source;
  if (typeof body.destination === 'string') call.to = body.destination;
  call.routingState = 'QUEUED';
  sim.later(0, () => {
    sim.emit('ROUTING', 'ENQUEUE_CALL_EVENT', { uniqueCallId: id, description: call.description, priority: call.priority, queueKey: call.queueKey, mediaType: call.mediaType });
    const reserved = sim.state.user(call.reserveAgentKey);
    if (reserved) {
      call.assignAgentKey = reserved.agentKey;
      call.routingState = 'PENDING';
      sim.emit('ROUTING', 'ASSIGN_CALL_EVENT', { agentExtension: reserved.extension, agentKey: reserved.agentKey, uniqueCallId: id, mediaType: call.mediaType });
    }
  });
  return ok();
};

const dequeueCall = forCall((sim, call, body) => {
  const abandoned = body.abandonedCall === true;
  call.routingState = abandoned ? 'ABANDONED' : 'DEQUEUED';
  sim.later(0, () =>
    sim.emit('ROUTING', 'DEQUEUE_CALL_EVENT', {
      uniqueCallId: call.uniqueCallId,
      description: call.description,
      priority: call.priority,
      queueKey: call.queueKey,
      dequeueReason: abandoned ? 'CALLABANDONED' : 'NONE',
      mediaType: call.mediaType,
    }),
  );
  return ok();
});

export function presenceRoutingHandlers(): Record<string, CommandHandler> {
  return {
    'presence.setRoutingState': setRoutingState,
    'presence.requestPostProcessing': handlingChange('POSTPROCESSING'),
    'presence.exitPostProcessing': handlingChange(undefined),
    'presence.setPrimary': setPrimary,
    'presence.cancelMandatoryWrappingUp': cancelMandatoryWrappingUp,
    'presence.setWrapUpReason': setWrapUpReason,
    'routing.queryCall': queryCall,
    'routing.updateCall': updateCall,
    'routing.enqueueCall': enqueueCall,
    'routing.dequeueCall': dequeueCall,
    'routing.addContactData': informationChange((call, body) => {
      call.contactData = [...call.contactData.filter((item) => item.key !== body.key), { key: String(body.key), value: String(body.value) }];
    }),
    'routing.removeContactData': informationChange((call, body) => {
      call.contactData = call.contactData.filter((item) => item.key !== body.key);
    }),
    'routing.clearContactData': informationChange((call) => {
      call.contactData = [];
    }),
  };
}
