/**
 * Contacts announced by `sim.postEvent(...)` become known to the simulator, so that a test can
 * script a contact with the event the guide defines and then act on it with requests
 * (Answer, Accept, Defer, QueryCall...), exactly as with the generated day's contacts.
 */
import type { Realm } from './names';
import type { SimState } from './state';
import { isObject } from './validate';

export function learnFromEvent(state: SimState, realm: Realm, type: string, data: unknown): void {
  if (!isObject(data) || typeof data.uniqueCallId !== 'string' || data.uniqueCallId === '') return;
  const uniqueCallId = data.uniqueCallId;
  const agentKey = Number.parseInt(String(data.resource ?? data.agentKey ?? 0), 10) || 0;
  if (realm === 'TELEPHONY' && type === 'DELIVERED_EVENT' && typeof data.resource === 'string') {
    const call =
      state.calls.get(uniqueCallId) ??
      state.newCall({
        uniqueCallId,
        from: String(data.originalFrom ?? ''),
        to: String(data.originalTo ?? ''),
        contactType: String(data.contactType ?? 'ROUTED_VOICE'),
        callType: 'EXT2ACD',
      });
    call.callState = 'CALLING';
    state.setLine(data.resource, 'RINGING', uniqueCallId);
  } else if (realm === 'ROUTING' && type === 'ENQUEUE_CALL_EVENT' && !state.calls.has(uniqueCallId)) {
    state.newCall({
      uniqueCallId,
      queueKey: typeof data.queueKey === 'number' ? data.queueKey : 0,
      description: String(data.description ?? 'General Call'),
      mediaType: String(data.mediaType ?? 'VOICE'),
      routingState: 'QUEUED',
      contactType: 'ROUTED_VOICE',
    });
  } else if (realm === 'CALLBACK' && type === 'DELIVERED_CALLBACK_EVENT') {
    state.callbacks.set(uniqueCallId, {
      uniqueCallId,
      agentKey,
      name: String(data.name ?? ''),
      queueKey: 0,
      description: String(data.description ?? ''),
      priority: 20,
      reserveAgentKey: 0,
      schedule: [],
      contactData: [],
      status: 'CALLBACKSTATUS_OFFERED',
      origin: 'ORIGIN_SDK',
      attemptCount: 0,
      createdAt: new Date(),
    });
  } else if (realm === 'WEB_INTERACTION' && type === 'DELIVERED_WEB_CHAT_EVENT' && !state.webChats.has(uniqueCallId)) {
    state.webChats.set(uniqueCallId, { uniqueCallId, agentKey, agents: new Set(), queueKey: 0, requeueCount: Number(data.requeueCount ?? 0) || 0 });
  } else if (realm === 'OPENMEDIA' && type === 'DELIVERED_OPENMEDIA_EVENT' && !state.openMedia.has(uniqueCallId)) {
    state.openMedia.set(uniqueCallId, {
      uniqueCallId,
      agentKey,
      queueKey: 0,
      connectorKey: typeof data.connectorKey === 'number' ? data.connectorKey : 1,
      connectorName: String(data.connectorName ?? ''),
      arrivalTime: new Date(),
      from: '',
      to: '',
      requeueCount: Number(data.requeueCount ?? 0) || 0,
      draftMessage: '',
    });
  }
}
