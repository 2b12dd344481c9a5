/**
 * Voice scenarios of the generated day: routed, abandoned, timed-out, outbound, failed and
 * consulted (transferred or conferenced) calls.
 */
import { INTERNAL_REDIRECT, party, telephonyData } from './events';
import { legOf } from './commands-telephony';
import type { DayKit, Step } from './day-kit';

export function routedCall(kit: DayKit): Step[] {
  const call = kit.newRoutedCall();
  const user = kit.pickAgent();
  const extension = kit.agentOf(user).extension ?? user.extension;
  const caller = party(0, call.from, 'EXTERNAL');
  const me = party(user.agentKey, extension, 'AGENT');
  return [
    ...kit.enqueueSteps(call),
    ...kit.deliverSteps(call, user),
    ...kit.connectSteps(call, user),
    kit.tel('HELD_EVENT', extension, call, 'HOLD', 'CSTA_SOFT_HOLD', { heldParty: caller, holdingParty: me }),
    kit.handling(user, call, 'ONHOLD'),
    kit.tel('RETRIEVED_EVENT', extension, call, 'CONNECTED', 'NORMAL', { heldParty: caller, retrievingParty: me }),
    kit.handling(user, call, 'CONNECTED'),
    ...kit.hangUpSteps(call, user, true),
  ];
}

export function abandonedCall(kit: DayKit): Step[] {
  const call = kit.newRoutedCall();
  const user = kit.pickAgent();
  const extension = kit.agentOf(user).extension ?? user.extension;
  return [
    ...kit.enqueueSteps(call),
    ...kit.deliverSteps(call, user),
    () => {
      call.routingState = 'ABANDONED';
      call.callState = 'FINISHED';
      kit.sim.state.setLine(extension, 'IDLE', '');
      kit.emit('ROUTING', 'UNASSIGN_CALL_EVENT', { agentKey: user.agentKey, uniqueCallId: call.uniqueCallId, mediaType: 'VOICE' });
    },
    () => kit.emit('ROUTING', 'DEQUEUE_CALL_EVENT', { uniqueCallId: call.uniqueCallId, description: call.description, priority: call.priority, queueKey: call.queueKey, dequeueReason: 'CALLABANDONED', mediaType: 'VOICE' }),
    kit.tel('DISCONNECTED_EVENT', extension, call, 'NULL', 'CALL_CANCELLED', { disconnectedParty: party(0, call.from, 'EXTERNAL'), reason: 'UNDEFINED' }),
    kit.handling(user, call, undefined),
  ];
}

export function timedOutCall(kit: DayKit): Step[] {
  const call = kit.newRoutedCall();
  const timeoutExtension = '5541810999';
  return [
    ...kit.enqueueSteps(call),
    () => {
      call.routingState = 'TIMEDOUT';
      kit.emit('ROUTING', 'TIMEOUT_CALL_EVENT', { uniqueCallId: call.uniqueCallId, telephoneNumber: timeoutExtension, mediaType: 'VOICE' });
    },
    kit.tel('DIVERTED_EVENT', call.to, call, 'NULL', 'REDIRECTED', {
      divertedParty: party(0, call.from, 'EXTERNAL'),
      divertingParty: party(0, call.to, 'RCG'),
      destinationParty: party(0, timeoutExtension, 'INTERNAL'),
    }),
    () => {
      call.callState = 'FINISHED';
    },
  ];
}

export function outboundCall(kit: DayKit): Step[] {
  const user = kit.pickAgent();
  const extension = kit.agentOf(user).extension ?? user.extension;
  const number = kit.random.pick(kit.sim.directory.customerNumbers);
  const call = kit.sim.state.newCall({ uniqueCallId: kit.sim.state.newCallId('voice'), from: extension, to: number, contactType: 'DIRECT_OUTGOING_VOICE', callType: 'INT2EXT', callState: 'CALLING' });
  const me = party(user.agentKey, extension, 'AGENT');
  const them = party(0, number, 'EXTERNAL');
  return [
    () => kit.sim.state.setLine(extension, 'DIALING', call.uniqueCallId),
    kit.tel('SERVICE_INITIATED_EVENT', extension, call, 'INITIATE', 'MAKE_CALL', { consult: false, initiatedParty: me }),
    kit.tel('ORIGINATED_EVENT', extension, call, 'CONNECTED', 'MAKE_CALL', { referenceCallId: '', fromParty: me, toParty: them }),
    kit.tel('NETWORKREACHED_EVENT', extension, call, 'CONNECTED', 'NETWORK_SIGNAL', { fromParty: me, toParty: them }),
    () => {
      call.callState = 'CONNECTED';
      kit.sim.state.setLine(extension, 'CONNECTED');
      kit.emit('TELEPHONY', 'ESTABLISHED_EVENT', telephonyData(extension, legOf(call), 'CONNECTED', 'NORMAL', { fromParty: me, toParty: them, redirectParty: INTERNAL_REDIRECT }));
    },
    () => {
      call.callState = 'FINISHED';
      kit.sim.state.setLine(extension, 'IDLE', '');
      kit.emit('TELEPHONY', 'DISCONNECTED_EVENT', telephonyData(extension, legOf(call), 'NULL', 'NORMAL_CLEARING', { disconnectedParty: them, reason: 'UNDEFINED' }));
    },
  ];
}

export function failedCall(kit: DayKit): Step[] {
  const user = kit.pickAgent();
  const extension = kit.agentOf(user).extension ?? user.extension;
  const colleague = kit.random.pick(kit.workers().filter((item) => item !== user));
  const call = kit.sim.state.newCall({ uniqueCallId: kit.sim.state.newCallId('voice'), from: extension, to: colleague.extension, contactType: 'DIRECT_INTERNAL_VOICE', callType: 'INT2INT', callState: 'CALLING' });
  const me = party(user.agentKey, extension, 'AGENT');
  const them = party(colleague.agentKey, colleague.extension, 'AGENT');
  return [
    kit.tel('SERVICE_INITIATED_EVENT', extension, call, 'INITIATE', 'MAKE_CALL', { consult: false, initiatedParty: me }),
    kit.tel('ORIGINATED_EVENT', extension, call, 'CONNECTED', 'MAKE_CALL', { referenceCallId: '', fromParty: me, toParty: them }),
    () => {
      call.callState = 'FINISHED';
      kit.emit('TELEPHONY', 'FAILED_EVENT', telephonyData(extension, legOf(call), 'FAIL', 'BUSY', { fromParty: me, toParty: them, failedParty: them }));
    },
  ];
}

export function consultedCall(kit: DayKit): Step[] {
  const call = kit.newRoutedCall();
  const user = kit.pickAgent();
  const extension = kit.agentOf(user).extension ?? user.extension;
  const expert = kit.random.pick(kit.workers().filter((item) => item !== user));
  const consultation = kit.sim.state.newCall({ uniqueCallId: kit.sim.state.newCallId('voice'), from: extension, to: expert.extension, contactType: 'DIRECT_INTERNAL_VOICE', callType: 'INT2INT', callState: 'CALLING' });
  const caller = party(0, call.from, 'EXTERNAL');
  const me = party(user.agentKey, extension, 'AGENT');
  const them = party(expert.agentKey, expert.extension, 'AGENT');
  const conference = kit.random.chance(0.5);
  const finish: Step[] = conference
    ? [
        kit.tel('CONFERENCED_EVENT', extension, call, 'CONNECTED', 'CONFERENCE', { invitedParty: them, invitingParty: me, conferenceParties: [caller, them, me] }),
        kit.tel('TRANSFERRED_EVENT', extension, call, 'NULL', 'TRANSFER', { fromParty: me, toParty: them, transferredParty: caller, redirectParty: INTERNAL_REDIRECT }),
      ]
    : [
        kit.tel('TRANSFERRED_EVENT', extension, call, 'NULL', 'TRANSFER', { fromParty: me, toParty: them, transferredParty: caller, redirectParty: INTERNAL_REDIRECT }),
        kit.tel('CONFERENCED_EVENT', expert.extension, call, 'CONNECTED', 'CONFERENCE', { invitedParty: me, invitingParty: them, conferenceParties: [caller, them, me] }),
      ];
  return [
    ...kit.enqueueSteps(call),
    ...kit.deliverSteps(call, user),
    ...kit.connectSteps(call, user),
    kit.tel('HELD_EVENT', extension, call, 'HOLD', 'CONSULTATION', { heldParty: caller, holdingParty: me }),
    kit.tel('SERVICE_INITIATED_EVENT', extension, consultation, 'INITIATE', 'CONSULTATION', { consult: true, initiatedParty: me }),
    kit.tel('ORIGINATED_EVENT', extension, consultation, 'CONNECTED', 'CONSULTATION', { referenceCallId: call.uniqueCallId, fromParty: me, toParty: them }),
    kit.tel('DELIVERED_EVENT', expert.extension, consultation, 'ALERTING', 'CONSULTATION', { deliveredToParty: them, fromParty: me, toParty: them, heldParty: caller, redirectParty: INTERNAL_REDIRECT, reason: 'NORMAL' }),
    kit.tel('ESTABLISHED_EVENT', expert.extension, consultation, 'CONNECTED', 'NORMAL', { fromParty: me, toParty: them, redirectParty: INTERNAL_REDIRECT }),
    ...finish,
    () => {
      call.callState = 'FINISHED';
      consultation.callState = 'FINISHED';
      kit.sim.state.setLine(extension, 'IDLE', '');
    },
    kit.handling(user, call, undefined),
  ];
}
