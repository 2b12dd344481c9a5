/**
 * Callback requests (4.6.1) and the events they cause (DELIVERED_CALLBACK_EVENT on Create with a
 * reserved agent, DIVERTED_CALLBACK_EVENT on Delete, MAKECALLFAILED_CALLBACK_EVENT on Accept without
 * an extension, NEW_CALLBACKS_LIST_EVENT for QueryNewCallbacks).
 */
import { fail, forKnownUser, ok, type CommandHandler, type SimContext } from './context';
import { mediaData } from './events';
import { logoffMedia, logonMedia } from './media-logon';
import { NEW_CALLBACKS_LIST_EVENT } from './names';
import type { CallbackRecord, ContactDataItem } from './state';
import { isIsoTime } from './validate';

export function deliveredCallbackData(callback: CallbackRecord, agentKey: number): Record<string, unknown> {
  return mediaData('CALLBACK', agentKey, callback.uniqueCallId, callback.attemptCount, {
    name: callback.name,
    description: callback.description,
    schedules: callback.schedule.map((item) => ({ ...item, status: 'ACTIVE' })),
    contactData: callback.contactData,
  });
}

function offeredTo(sim: SimContext, agentKey: number): CallbackRecord | undefined {
  return [...sim.state.callbacks.values()].find((callback) => callback.agentKey === agentKey && ['CALLBACKSTATUS_OFFERED', 'CALLBACKSTATUS_ACCEPTED', 'CALLBACKSTATUS_CALLING', 'CALLBACKSTATUS_CONNECTED'].includes(callback.status));
}

const callbackAccept = forKnownUser('CALLBACK_ERROR', (sim, agentKey) => {
  const callback = offeredTo(sim, agentKey);
  if (!callback || callback.status !== 'CALLBACKSTATUS_OFFERED') return fail('CALLBACK_ACCEPT_FAILED', 'No callback offered to this agent');
  const agent = sim.state.agent(agentKey);
  callback.attemptCount++;
  if (!agent?.extension) {
    sim.later(0, () => sim.emit('CALLBACK', 'MAKECALLFAILED_CALLBACK_EVENT', mediaData('CALLBACK', agentKey, callback.uniqueCallId, callback.attemptCount)));
    return ok();
  }
  callback.status = 'CALLBACKSTATUS_CALLING';
  return ok();
});

const callbackComplete = forKnownUser('CALLBACK_ERROR', (sim, agentKey, body) => {
  const callback = offeredTo(sim, agentKey);
  if (!callback || callback.status === 'CALLBACKSTATUS_OFFERED') return fail('CALLBACK_COMPLETE_FAILED', 'No accepted callback for this agent');
  if (body.successful === true || body.maxReached === true) sim.state.callbacks.delete(callback.uniqueCallId);
  else {
    callback.status = 'CALLBACKSTATUS_RETRY';
    callback.agentKey = 0;
  }
  return ok();
});

const callbackCreate = forKnownUser('CALLBACK_ERROR', (sim, _agentKey, body) => {
  const queueKey = body.queueKey as number;
  if (!sim.directory.queues.some((queue) => queue.key === queueKey)) return fail('CALLBACK_ERROR', `Unknown queue key ${queueKey}`);
  const schedule = (Array.isArray(body.schedule) ? body.schedule : [body.schedule]) as CallbackRecord['schedule'];
  const callback: CallbackRecord = {
    uniqueCallId: sim.state.newCallId('callback'),
    agentKey: 0,
    name: String(body.name),
    queueKey,
    description: typeof body.description === 'string' ? body.description : '',
    priority: typeof body.priority === 'number' ? body.priority : 20,
    reserveAgentKey: typeof body.reserveAgentKey === 'number' ? body.reserveAgentKey : 0,
    schedule,
    contactData: Array.isArray(body.contactData) ? (body.contactData as ContactDataItem[]) : [],
    status: 'CALLBACKSTATUS_SCHEDULED',
    origin: 'ORIGIN_SDK',
    attemptCount: 0,
    createdAt: new Date(),
  };
  sim.state.callbacks.set(callback.uniqueCallId, callback);
  const reserved = sim.state.agent(callback.reserveAgentKey);
  if (reserved?.loggedOnMedia.has('CALLBACK')) {
    callback.agentKey = reserved.agentKey;
    callback.status = 'CALLBACKSTATUS_OFFERED';
    sim.later(0, () => sim.emit('CALLBACK', 'DELIVERED_CALLBACK_EVENT', deliveredCallbackData(callback, reserved.agentKey)));
  }
  return ok();
});

const callbackDelete = forKnownUser('CALLBACK_ERROR', (sim, agentKey, body) => {
  const callback = offeredTo(sim, agentKey);
  if (!callback) return fail('CALLBACK_DELETE_FAILED', 'No callback delivered to this agent');
  const reasonKey = body.reasonKey as number;
  if (!sim.directory.callbackDeleteReasons.some((reason) => reason.reasonKey === reasonKey)) return fail('CALLBACK_DELETE_FAILED', `Unknown delete reason ${reasonKey}`);
  sim.state.callbacks.delete(callback.uniqueCallId);
  sim.later(0, () => sim.emit('CALLBACK', 'DIVERTED_CALLBACK_EVENT', mediaData('CALLBACK', agentKey, callback.uniqueCallId, callback.attemptCount, { reasonKey })));
  return ok();
});

const callbackQueryNew: CommandHandler = ({ body, sim, session }) => {
  for (const name of ['fromTime', 'toTime']) {
    if (body[name] !== undefined && !isIsoTime(String(body[name]))) return fail('WRONG_DATE_FORMAT', `${name} must be yyyy-mm-ddThh:mm:ssZ or with an offset`);
  }
  // ORIGIN_ALL (and ORIGIN_NONE, "no origin given") select callbacks of every origin.
  const anyOrigin = body.origin === 'ORIGIN_ALL' || body.origin === 'ORIGIN_NONE';
  const queueKeys = Array.isArray(body.queueKeys) && body.queueKeys.length > 0 ? new Set(body.queueKeys as number[]) : undefined;
  const callbacks = [...sim.state.callbacks.values()]
    .filter((callback) => anyOrigin || callback.origin === body.origin)
    .filter((callback) => (!queueKeys || queueKeys.has(callback.queueKey)) && ['CALLBACKSTATUS_NEW', 'CALLBACKSTATUS_SCHEDULED', 'CALLBACKSTATUS_RETRY'].includes(callback.status))
    .map((callback) => ({
      uniqueCallId: callback.uniqueCallId,
      name: callback.name,
      queueKey: callback.queueKey,
      description: callback.description,
      priority: callback.priority,
      reserveAgentKey: callback.reserveAgentKey,
      schedule: callback.schedule,
      contactData: callback.contactData,
      status: callback.status,
      origin: callback.origin,
    }));
  // The result is asynchronous and needs a callback listen (4.6.1.7); it goes to the asking application only.
  if (session?.listens.has('CALLBACK')) sim.later(0, () => sim.deliver(session, 'CALLBACK', NEW_CALLBACKS_LIST_EVENT, { callbacks }));
  return ok();
};

const callbackUpdate = forKnownUser('CALLBACK_ERROR', (sim, _agentKey, body) => {
  const callback = sim.state.callbacks.get(String(body.uniqueCallId));
  if (!callback) return fail('CALLBACK_ERROR', `Unknown callback ${String(body.uniqueCallId)}`);
  if (typeof body.name === 'string') callback.name = body.name;
  if (typeof body.queueKey === 'number') callback.queueKey = body.queueKey;
  if (typeof body.description === 'string') callback.description = body.description;
  if (typeof body.priority === 'number') callback.priority = body.priority;
  if (typeof body.reserveAgentKey === 'number') callback.reserveAgentKey = body.reserveAgentKey;
  if (body.schedule !== undefined) callback.schedule = (Array.isArray(body.schedule) ? body.schedule : [body.schedule]) as CallbackRecord['schedule'];
  if (Array.isArray(body.contactData)) callback.contactData = body.contactData as ContactDataItem[];
  if (typeof body.status === 'string') callback.status = body.status;
  return ok();
});

export function callbackHandlers(): Record<string, CommandHandler> {
  return {
    'callback.logon': forKnownUser('CALLBACK_ERROR', (sim, agentKey, body) => {
      if (!/^\+?[0-9*#]{1,32}$/.test(String(body.extension))) return fail('CALLBACK_INVALIDEXT', `Invalid extension '${String(body.extension)}'`);
      const user = sim.state.user(agentKey);
      if (user) logonMedia(sim, user, 'CALLBACK', String(body.extension));
      return ok();
    }),
    'callback.logoff': forKnownUser('CALLBACK_ERROR', (sim, agentKey) => {
      const user = sim.state.user(agentKey);
      if (user) logoffMedia(sim, user, 'CALLBACK');
      return ok();
    }),
    'callback.accept': callbackAccept,
    'callback.complete': callbackComplete,
    'callback.create': callbackCreate,
    'callback.delete': callbackDelete,
    'callback.queryNewCallbacks': callbackQueryNew,
    'callback.update': callbackUpdate,
  };
}
