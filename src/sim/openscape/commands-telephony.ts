/**
 * Telephony requests (4.5.1, 4.5.4) and the CSTA-like events they cause (4.5.2): Dial ->
 * SERVICE_INITIATED, ORIGINATED, DELIVERED / NETWORKREACHED, ESTABLISHED; Answer -> ESTABLISHED;
 * Hold -> HELD; and so on. Lines keep a LineState for QueryLine; calls a CallState for QueryCall.
 * Requests that act on a call need a call the simulator knows (from Dial, Consult or the generated
 * day) and answer TELEPHONY_STATEERROR otherwise.
 */
import { fail, ok, type CommandAnswer, type CommandHandler, type SimContext } from './context';
import { party, servicesEnabled, telephonyData, type CallLeg, type Party } from './events';
import { logoffMedia, logonMedia } from './media-logon';
import type { CallRecord, ContactDataItem } from './state';
import { toInt } from './validate';

/** How long a dialled external number rings before it answers, in simulated ms. */
const EXTERNAL_ANSWER_MS = 300;

const DIALLABLE = /^\+?[0-9*#]{1,32}$/;

export function legOf(call: CallRecord): CallLeg {
  return {
    uniqueCallId: call.uniqueCallId,
    contactType: call.contactType,
    originalFrom: call.from,
    originalTo: call.to,
    sequenceNumber: call.contactType === 'ROUTED_VOICE' ? 0 : -1,
  };
}

/** Party object for a device: an agent's extension, a queue pilot number, or an outside number. */
export function partyOf(sim: SimContext, device: string): Party {
  const user = sim.state.userByExtension(device);
  if (user) return party(user.agentKey, device, 'AGENT');
  for (const number of sim.directory.queueNumbers.values()) if (number === device) return party(0, device, 'QUEUE');
  return party(0, device, device.length > 12 || device.startsWith('+') ? 'EXTERNAL' : 'INTERNAL');
}

function emitTel(sim: SimContext, type: string, resource: string, call: CallRecord, lcsType: string, cause: string, extra: Record<string, unknown>): void {
  sim.emit('TELEPHONY', type, telephonyData(resource, legOf(call), lcsType, cause, extra));
}

function badExtension(device: unknown): CommandAnswer | undefined {
  return DIALLABLE.test(String(device)) ? undefined : fail('TELEPHONY_INVALID_EXTENSION', `Invalid extension '${String(device)}'`);
}

const logon: CommandHandler = ({ body, sim }) => {
  const user = sim.state.user(body.agentKey as number);
  if (!user) return fail('TELEPHONY_VALIDATIONFAILED', `Unknown agent key ${String(body.agentKey)}`);
  const invalid = badExtension(body.extension);
  if (invalid) return invalid;
  logonMedia(sim, user, 'VOICE', String(body.extension));
  return ok();
};

const logoff: CommandHandler = ({ body, sim }) => {
  const user = sim.state.user(toInt(body.agentKey));
  if (!user) return fail('TELEPHONY_VALIDATIONFAILED', `Unknown agent key ${String(body.agentKey)}`);
  logoffMedia(sim, user, 'VOICE');
  return ok();
};

const logonV1: CommandHandler = ({ body, sim }) => {
  const user = sim.state.userByAgentId(String(body.agentId));
  if (!user) return fail('TELEPHONY_VALIDATIONFAILED', `Unknown agent id ${String(body.agentId)}`);
  const invalid = badExtension(body.extension);
  if (invalid) return invalid;
  logonMedia(sim, user, 'VOICE', String(body.extension));
  return ok();
};

const logoffV1: CommandHandler = ({ body, sim }) => {
  const user = sim.state.userByAgentId(String(body.agentId));
  if (!user) return fail('TELEPHONY_VALIDATIONFAILED', `Unknown agent id ${String(body.agentId)}`);
  logoffMedia(sim, user, 'VOICE');
  return ok();
};

const dial: CommandHandler = ({ body, sim }) => {
  const from = String(body.from);
  const to = String(body.to);
  const invalid = badExtension(from) ?? badExtension(to);
  if (invalid) return invalid;
  if (sim.state.line(from).status !== 'IDLE') return fail('TELEPHONY_LINEBUSY', `Extension ${from} is busy`);
  const callee = sim.state.userByExtension(to);
  const call = sim.state.newCall({
    uniqueCallId: sim.state.newCallId('voice'),
    from,
    to,
    contactType: callee ? 'DIRECT_INTERNAL_VOICE' : 'DIRECT_OUTGOING_VOICE',
    callType: callee ? 'INT2INT' : 'INT2EXT',
    callState: 'CALLING',
  });
  sim.state.setLine(from, 'DIALING', call.uniqueCallId);
  const fromParty = partyOf(sim, from);
  const toParty = partyOf(sim, to);
  sim.later(0, () => {
    emitTel(sim, 'SERVICE_INITIATED_EVENT', from, call, 'INITIATE', 'MAKE_CALL', { consult: false, initiatedParty: fromParty });
    emitTel(sim, 'ORIGINATED_EVENT', from, call, 'CONNECTED', 'MAKE_CALL', { referenceCallId: '', fromParty, toParty });
    if (callee) {
      sim.state.setLine(to, 'RINGING', call.uniqueCallId);
      const delivered = { deliveredToParty: toParty, fromParty, toParty, heldParty: { agentKey: 0, device: '', type: 'UNKNOWN' }, redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' }, reason: 'NORMAL' };
      emitTel(sim, 'DELIVERED_EVENT', to, call, 'ALERTING', 'NEW_CALL', delivered);
      emitTel(sim, 'DELIVERED_EVENT', from, call, 'CONNECTED', 'NEW_CALL', delivered);
      sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(to, call.uniqueCallId, 'RINGING'));
    } else {
      emitTel(sim, 'NETWORKREACHED_EVENT', from, call, 'CONNECTED', 'NETWORK_SIGNAL', { fromParty, toParty });
      sim.later(EXTERNAL_ANSWER_MS, () => {
        if (call.callState !== 'CALLING') return;
        call.callState = 'CONNECTED';
        sim.state.setLine(from, 'CONNECTED');
        emitTel(sim, 'ESTABLISHED_EVENT', from, call, 'CONNECTED', 'NORMAL', { fromParty, toParty, redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' } });
        sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(from, call.uniqueCallId, 'CONNECTED'));
      });
    }
  });
  return ok();
};

/** The call on a line: its current call, else the call in the request. */
function callOnLine(sim: SimContext, extension: string, uniqueCallId?: string): CallRecord | undefined {
  const id = uniqueCallId ?? sim.state.line(extension).uniqueCallId;
  return id ? sim.state.calls.get(id) : undefined;
}

function otherEnd(call: CallRecord, device: string): string {
  return call.from === device ? call.to : call.from;
}

const answer: CommandHandler = ({ body, sim }) => {
  const from = String(body.from);
  const line = sim.state.line(from);
  const call = callOnLine(sim, from);
  if (!call || line.status !== 'RINGING') return fail('TELEPHONY_STATEERROR', `No ringing call on extension ${from}`);
  call.callState = 'CONNECTED';
  const caller = otherEnd(call, from);
  sim.state.setLine(from, 'CONNECTED');
  sim.state.setLine(caller, 'CONNECTED');
  sim.later(0, () => {
    const extra = { fromParty: partyOf(sim, caller), toParty: partyOf(sim, from), redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' } };
    emitTel(sim, 'ESTABLISHED_EVENT', from, call, 'CONNECTED', 'NORMAL', extra);
    emitTel(sim, 'ESTABLISHED_EVENT', caller, call, 'CONNECTED', 'NORMAL', extra);
    sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(from, call.uniqueCallId, 'CONNECTED'));
  });
  return ok();
};

const disconnect: CommandHandler = ({ body, sim }) => {
  const from = String(body.from);
  const call = callOnLine(sim, from);
  if (!call || call.callState === 'FINISHED') return fail('TELEPHONY_STATEERROR', `No call on extension ${from}`);
  call.callState = 'FINISHED';
  const other = otherEnd(call, from);
  sim.state.setLine(from, 'IDLE', '');
  if (sim.state.line(other).uniqueCallId === call.uniqueCallId) sim.state.setLine(other, 'IDLE', '');
  sim.later(0, () => {
    const extra = { disconnectedParty: partyOf(sim, from), reason: 'UNDEFINED' };
    emitTel(sim, 'DISCONNECTED_EVENT', from, call, 'NULL', 'NORMAL_CLEARING', extra);
    emitTel(sim, 'DISCONNECTED_EVENT', other, call, 'NULL', 'NORMAL_CLEARING', extra);
    sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(from, '', 'IDLE'));
  });
  return ok();
};

/** Requests that name a call: the simulator must know it. */
function onCall(action: (sim: SimContext, call: CallRecord, body: Record<string, unknown>) => CommandAnswer): CommandHandler {
  return ({ body, sim }) => {
    const invalid = badExtension(body.from) ?? (body.to === undefined ? undefined : badExtension(body.to));
    if (invalid) return invalid;
    const call = sim.state.calls.get(String(body.uniqueCallId));
    if (!call || call.callState === 'FINISHED') return fail('TELEPHONY_STATEERROR', `Call ${String(body.uniqueCallId)} is not active`);
    return action(sim, call, body);
  };
}

const hold = onCall((sim, call, body) => {
  const from = String(body.from);
  call.callState = 'HOLDING';
  sim.state.setLine(from, 'ONHOLD');
  sim.later(0, () => {
    emitTel(sim, 'HELD_EVENT', from, call, 'HOLD', 'CSTA_SOFT_HOLD', { heldParty: partyOf(sim, otherEnd(call, from)), holdingParty: partyOf(sim, from) });
    sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(from, call.uniqueCallId, 'ONHOLD'));
  });
  return ok();
});

const retrieve = onCall((sim, call, body) => {
  const from = String(body.from);
  call.callState = 'CONNECTED';
  sim.state.setLine(from, 'CONNECTED', call.uniqueCallId);
  sim.later(0, () => emitTel(sim, 'RETRIEVED_EVENT', from, call, 'CONNECTED', 'NORMAL', { heldParty: partyOf(sim, otherEnd(call, from)), retrievingParty: partyOf(sim, from) }));
  return ok();
});

const consult = onCall((sim, call, body) => {
  const from = String(body.from);
  const to = String(body.to);
  const consultation = sim.state.newCall({ uniqueCallId: sim.state.newCallId('voice'), from, to, contactType: 'DIRECT_INTERNAL_VOICE', callType: 'INT2INT', callState: 'CALLING' });
  call.callState = 'HOLDING';
  const line = sim.state.line(from);
  line.secondCallId = consultation.uniqueCallId;
  sim.state.setLine(from, 'CONSULTING', consultation.uniqueCallId);
  sim.later(0, () => {
    emitTel(sim, 'HELD_EVENT', from, call, 'HOLD', 'CONSULTATION', { heldParty: partyOf(sim, otherEnd(call, from)), holdingParty: partyOf(sim, from) });
    emitTel(sim, 'SERVICE_INITIATED_EVENT', from, consultation, 'INITIATE', 'CONSULTATION', { consult: true, initiatedParty: partyOf(sim, from) });
    emitTel(sim, 'ORIGINATED_EVENT', from, consultation, 'CONNECTED', 'CONSULTATION', { referenceCallId: call.uniqueCallId, fromParty: partyOf(sim, from), toParty: partyOf(sim, to) });
    if (sim.state.userByExtension(to)) sim.state.setLine(to, 'RINGING', consultation.uniqueCallId);
    emitTel(sim, 'DELIVERED_EVENT', to, consultation, 'ALERTING', 'CONSULTATION', {
      deliveredToParty: partyOf(sim, to),
      fromParty: partyOf(sim, from),
      toParty: partyOf(sim, to),
      heldParty: partyOf(sim, otherEnd(call, from)),
      redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' },
      reason: 'NORMAL',
    });
  });
  return ok();
});

/** The consultation call of a line (second call), if any. */
function consultationOf(sim: SimContext, from: string): CallRecord | undefined {
  const id = sim.state.line(from).secondCallId;
  return id ? sim.state.calls.get(id) : undefined;
}

const reconnect = onCall((sim, call, body) => {
  const from = String(body.from);
  const consultation = consultationOf(sim, from);
  if (consultation) consultation.callState = 'FINISHED';
  call.callState = 'CONNECTED';
  const line = sim.state.line(from);
  line.secondCallId = '';
  sim.state.setLine(from, 'CONNECTED', call.uniqueCallId);
  sim.later(0, () => {
    if (consultation) emitTel(sim, 'DISCONNECTED_EVENT', from, consultation, 'NULL', 'NORMAL_CLEARING', { disconnectedParty: partyOf(sim, consultation.to), reason: 'UNDEFINED' });
    emitTel(sim, 'RETRIEVED_EVENT', from, call, 'CONNECTED', 'NORMAL', { heldParty: partyOf(sim, otherEnd(call, from)), retrievingParty: partyOf(sim, from) });
  });
  return ok();
});

const conference = onCall((sim, call, body) => {
  const from = String(body.from);
  const consultation = consultationOf(sim, from);
  const invited = consultation?.to ?? '';
  call.callState = 'CONFERENCING';
  if (consultation) consultation.callState = 'FINISHED';
  sim.state.line(from).secondCallId = '';
  sim.state.setLine(from, 'CONNECTED', call.uniqueCallId);
  sim.later(0, () =>
    emitTel(sim, 'CONFERENCED_EVENT', from, call, 'CONNECTED', 'CONFERENCE', {
      invitedParty: partyOf(sim, invited),
      invitingParty: partyOf(sim, from),
      conferenceParties: [partyOf(sim, otherEnd(call, from)), partyOf(sim, invited), partyOf(sim, from)],
    }),
  );
  return ok();
});

function transferTo(sim: SimContext, call: CallRecord, from: string, to: string, cause: string): void {
  call.to = to;
  sim.state.setLine(from, 'IDLE', '');
  sim.state.line(from).secondCallId = '';
  sim.later(0, () => {
    emitTel(sim, 'TRANSFERRED_EVENT', from, call, 'NULL', cause, {
      fromParty: partyOf(sim, from),
      toParty: partyOf(sim, to),
      transferredParty: partyOf(sim, call.from === from ? call.to : call.from),
      redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' },
    });
    sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(from, '', 'IDLE'));
  });
}

const transfer = onCall((sim, call, body) => {
  const from = String(body.from);
  const consultation = consultationOf(sim, from);
  if (consultation) consultation.callState = 'FINISHED';
  transferTo(sim, call, from, consultation?.to ?? otherEnd(call, from), 'TRANSFER');
  return ok();
});

const singleStepTransfer = onCall((sim, call, body) => {
  transferTo(sim, call, String(body.from), String(body.to), 'CSTA_SINGLE_STEP_TRANSFER');
  return ok();
});

const transferToVoiceMail = onCall((sim, call, body) => {
  transferTo(sim, call, String(body.from), String(body.to), 'REDIRECTED');
  return ok();
});

const divert = onCall((sim, call, body) => {
  const from = String(body.from);
  const to = String(body.to);
  sim.state.setLine(from, 'IDLE', '');
  if (sim.state.userByExtension(to)) sim.state.setLine(to, 'RINGING', call.uniqueCallId);
  sim.later(0, () =>
    emitTel(sim, 'DIVERTED_EVENT', from, call, 'NULL', 'REDIRECTED', {
      divertedParty: partyOf(sim, call.from),
      divertingParty: partyOf(sim, from),
      destinationParty: partyOf(sim, to),
    }),
  );
  return ok();
});

const setPreferredDevice: CommandHandler = ({ body, sim }) => {
  const agent = sim.state.agent(body.agentKey as number);
  if (!agent) return fail('TELEPHONY_VALIDATIONFAILED', `Unknown agent key ${String(body.agentKey)}`);
  const invalid = badExtension(body.deviceid) ?? badExtension(body.forwardDestination);
  if (invalid) return invalid;
  agent.preferredDevice = { deviceid: String(body.deviceid), forwardDestination: String(body.forwardDestination) };
  return ok();
};

const removePreferredDevice: CommandHandler = ({ body, sim }) => {
  const agent = sim.state.agent(body.agentKey as number);
  if (!agent) return fail('TELEPHONY_VALIDATIONFAILED', `Unknown agent key ${String(body.agentKey)}`);
  agent.preferredDevice = undefined;
  return ok();
};

const updateContactData: CommandHandler = ({ body, sim }) => {
  const call = sim.state.calls.get(String(body.uniqueCallId));
  if (!call) return fail('TELEPHONY_STATEERROR', `Call ${String(body.uniqueCallId)} is not known`);
  call.contactData = body.contactData as ContactDataItem[];
  return ok();
};

function queryLine(version: 'v1' | 'v2'): CommandHandler {
  return ({ body, sim }) => {
    const extension = String(body.extension);
    const invalid = badExtension(extension);
    if (invalid) return invalid;
    const line = sim.state.line(extension);
    const user = sim.state.userByExtension(extension);
    const group = user ? user.groupKey : 0;
    return {
      body: {
        errorCode: 'NO_ERROR',
        errorDetails: 'NO ERROR',
        agentId: user?.agentId ?? '',
        uniqueCallId: line.uniqueCallId,
        agentKey: user?.agentKey ?? 0,
        teamKey: group,
        firstCallId: line.uniqueCallId,
        secondCallId: line.secondCallId,
        resourceType: user ? 'AGENTEXTENSION' : 'UNKNOWN',
        ...(version === 'v1' ? { adminResourceType: user ? 'AGENTEXTENSION' : 'UNKNOWN' } : {}),
        status: line.status,
        prevStatus: line.prevStatus,
        type: 'DIGITAL',
        stateEnteredAt: line.stateEnteredAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        busUnitKey: 1,
      },
    };
  };
}

const queryCall: CommandHandler = ({ body, sim }) => {
  const call = sim.state.calls.get(String(body.uniqueCallId));
  if (!call) return fail('TELEPHONY_STATEERROR', `Call ${String(body.uniqueCallId)} is not known`);
  const answering = call.assignAgentKey ? sim.state.user(call.assignAgentKey) : sim.state.userByExtension(call.to);
  const answeringParty = answering ? party(answering.agentKey, answering.extension, 'AGENT') : party(0, '', 'UNKNOWN');
  const queueNumber = sim.directory.queueNumbers.get(call.queueKey) ?? '';
  return {
    body: {
      errorCode: 'NO_ERROR',
      errorDetails: 'NO ERROR',
      contactType: call.contactType,
      type: call.callType,
      state: call.callState,
      origDNIS: call.to,
      origQueueDNIS: queueNumber,
      origANI: call.from,
      routingANI: call.from,
      routingDNIS: call.to,
      acdGroupNumber: queueNumber,
      origACDQ: queueNumber,
      origCallId: call.uniqueCallId,
      origCallingParty: partyOf(sim, call.from),
      origAnsweringParty: answeringParty,
      origAnsweringAgent: answeringParty,
      initiator: partyOf(sim, call.from),
      targetParty: partyOf(sim, call.to),
      numIvrVisits: call.contactType === 'ROUTED_VOICE' ? 1 : 0,
      strFrom: '',
      divertDestination: answering?.extension ?? '',
      busUnitKey: 1,
      queueKey: call.queueKey,
    },
  };
};

export function telephonyHandlers(): Record<string, CommandHandler> {
  return {
    'telephony.logon': logon,
    'telephony.logoff': logoff,
    'telephony.logon.v1': logonV1,
    'telephony.logoff.v1': logoffV1,
    'telephony.dial': dial,
    'telephony.answer': answer,
    'telephony.disconnect': disconnect,
    'telephony.consult': consult,
    'telephony.hold': hold,
    'telephony.retrieve': retrieve,
    'telephony.reconnect': reconnect,
    'telephony.conference': conference,
    'telephony.transfer': transfer,
    'telephony.singleStepTransfer': singleStepTransfer,
    'telephony.transferToVoiceMail': transferToVoiceMail,
    'telephony.divert': divert,
    'telephony.setUserPreferredDevice': setPreferredDevice,
    'telephony.removeUserPreferredDevice': removePreferredDevice,
    'telephony.updateContactData': updateContactData,
    'telephony.queryLine': queryLine('v2'),
    'telephony.queryLine.v1': queryLine('v1'),
    'telephony.queryCall': queryCall,
  };
}
