/**
 * Callback (4.6.1), Web Collaboration (4.7.1), OpenMedia (4.8.1) and Real-Time (4.9.1) requests,
 * and the events they cause. Requests naming a contact need one the simulator knows (from the
 * generated day or an earlier request) and otherwise answer the media's error code
 * (CALLBACK_*, WEB_INTERACTION_ERROR, OPENMEDIA_ERROR).
 */
import { fail, ok, type CommandAnswer, type CommandHandler, type SimContext } from './context';
import { customerName } from './directory';
import { chatContent, isoSeconds, mediaData } from './events';
import { logoffMedia, logonMedia } from './commands-telephony';
import { NEW_CALLBACKS_LIST_EVENT, type QueryType } from './names';
import { SeededRandom } from './random';
import type { CallbackRecord, ContactDataItem, OpenMediaRecord, WebChatRecord } from './state';
import { isIsoTime, toInt } from './validate';

type Body = Record<string, unknown>;

function withUser(errorCode: 'CALLBACK_ERROR' | 'WEB_INTERACTION_ERROR' | 'OPENMEDIA_ERROR', action: (sim: SimContext, agentKey: number, body: Body) => CommandAnswer): CommandHandler {
  return ({ body, sim }) => {
    const agentKey = toInt(body.agentKey);
    if (!sim.state.user(agentKey)) return fail(errorCode, `Unknown agent key ${String(body.agentKey)}`);
    return action(sim, agentKey, body);
  };
}

// ---- Callback ----

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

const callbackAccept = withUser('CALLBACK_ERROR', (sim, agentKey) => {
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

const callbackComplete = withUser('CALLBACK_ERROR', (sim, agentKey, body) => {
  const callback = offeredTo(sim, agentKey);
  if (!callback || callback.status === 'CALLBACKSTATUS_OFFERED') return fail('CALLBACK_COMPLETE_FAILED', 'No accepted callback for this agent');
  if (body.successful === true || body.maxReached === true) sim.state.callbacks.delete(callback.uniqueCallId);
  else {
    callback.status = 'CALLBACKSTATUS_RETRY';
    callback.agentKey = 0;
  }
  return ok();
});

const callbackCreate = withUser('CALLBACK_ERROR', (sim, _agentKey, body) => {
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

const callbackDelete = withUser('CALLBACK_ERROR', (sim, agentKey, body) => {
  const callback = offeredTo(sim, agentKey);
  if (!callback) return fail('CALLBACK_DELETE_FAILED', 'No callback delivered to this agent');
  const reasonKey = body.reasonKey as number;
  if (!sim.directory.callbackDeleteReasons.some((reason) => reason.reasonKey === reasonKey)) return fail('CALLBACK_DELETE_FAILED', `Unknown delete reason ${reasonKey}`);
  sim.state.callbacks.delete(callback.uniqueCallId);
  sim.later(0, () => sim.emit('CALLBACK', 'DIVERTED_CALLBACK_EVENT', mediaData('CALLBACK', agentKey, callback.uniqueCallId, callback.attemptCount, { reasonKey })));
  return ok();
});

const callbackQueryNew: CommandHandler = ({ body, sim, session }) => {
  if (!isIsoTime(String(body.fromTime)) || !isIsoTime(String(body.toTime))) return fail('WRONG_DATE_FORMAT', 'fromTime and toTime must be yyyy-mm-ddThh:mm:ssZ or with an offset');
  const queueKeys = new Set(body.queueKeys as number[]);
  const callbacks = [...sim.state.callbacks.values()]
    .filter((callback) => queueKeys.has(callback.queueKey) && ['CALLBACKSTATUS_NEW', 'CALLBACKSTATUS_SCHEDULED', 'CALLBACKSTATUS_RETRY'].includes(callback.status))
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

const callbackUpdate = withUser('CALLBACK_ERROR', (sim, _agentKey, body) => {
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

// ---- Web collaboration ----

function onChat(action: (sim: SimContext, chat: WebChatRecord, agentKey: number, body: Body) => CommandAnswer): CommandHandler {
  return withUser('WEB_INTERACTION_ERROR', (sim, agentKey, body) => {
    const chat = sim.state.webChats.get(String(body.uniqueCallId));
    if (!chat) return fail('WEB_INTERACTION_ERROR', `Unknown web collaboration session ${String(body.uniqueCallId)}`);
    return action(sim, chat, agentKey, body);
  });
}

const web = (agentKey: number, chat: WebChatRecord, extra: Body = {}) => mediaData('WEB_COLLABORATION', agentKey, chat.uniqueCallId, chat.requeueCount, extra);

export function deliveredChatData(chat: WebChatRecord, agentKey: number, reason: string, invitingAgentKey: number, customer: string, text: string): Record<string, unknown> {
  return web(agentKey, chat, {
    source: customer,
    destination: 'webchat',
    invitingAgentKey,
    deliveredReason: reason,
    contactData: [{ key: '___HPPC_UserLanguage', value: '1' }],
    chatContent: [chatContent('CUSTOMER', customer, text, new Date()), chatContent('SYSTEM', 'System', 'Bienvenue ! Un conseiller va vous répondre.', new Date())],
  });
}

const webAccept = onChat((sim, chat, agentKey) => {
  chat.agents.add(agentKey);
  sim.later(0, () => {
    sim.emit('WEB_INTERACTION', 'ESTABLISHED_WEB_CHAT_EVENT', web(agentKey, chat));
    if (chat.agents.size > 1) sim.emit('WEB_INTERACTION', 'CONFERENCED_WEB_CHAT_EVENT', web(chat.agentKey, chat, { joinedAgentKey: agentKey, numberOfAgents: chat.agents.size }));
  });
  return ok();
});

const webDisconnect = onChat((sim, chat, agentKey) => {
  chat.agents.delete(agentKey);
  if (chat.agents.size === 0) sim.state.webChats.delete(chat.uniqueCallId);
  sim.later(0, () => sim.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(agentKey, chat, { disconnectedAgentKey: agentKey, disconnectReason: 'NORMAL_DISCONNECT' })));
  return ok();
});

const webInvite = onChat((sim, chat, agentKey, body) => {
  const invited = body.invitedAgentKey as number;
  if (!sim.state.user(invited)) return fail('WEB_INTERACTION_ERROR', `Unknown agent key ${invited}`);
  sim.later(0, () => sim.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, invited, 'CONFERENCE', agentKey, 'Client', 'Invitation')));
  return ok();
});

const webDecline = onChat((sim, chat, agentKey, body) => {
  sim.later(0, () => sim.emit('WEB_INTERACTION', 'DIVERTED_WEB_CHAT_EVENT', web(agentKey, chat, { refusingAgentKey: body.invitedAgentKey, divertReason: 'INVITATION_REJECTED' })));
  return ok();
});

const webCallMe = onChat((sim, chat, agentKey) => {
  sim.later(200, () => sim.emit('WEB_INTERACTION', 'CALL_ME_ANSWER_WEB_CHAT_EVENT', web(agentKey, chat, { phoneNumber: '+55 (41) 80911597' })));
  return ok();
});

const webRequeueToQueue = onChat((sim, chat, agentKey, body) => {
  if (!sim.directory.queues.some((queue) => queue.key === body.queueKey)) return fail('WEB_INTERACTION_ERROR', `Unknown queue key ${String(body.queueKey)}`);
  chat.agents.delete(agentKey);
  chat.queueKey = body.queueKey as number;
  chat.requeueCount++;
  sim.later(0, () => sim.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(agentKey, chat, { disconnectedAgentKey: agentKey, disconnectReason: 'UNDEFINED' })));
  return ok();
});

const webRequeueToAgent = onChat((sim, chat, agentKey, body) => {
  const toAgentKey = body.toAgentKey as number;
  if (!sim.state.user(toAgentKey)) return fail('WEB_INTERACTION_ERROR', `Unknown agent key ${toAgentKey}`);
  chat.agents.delete(agentKey);
  chat.agentKey = toAgentKey;
  chat.requeueCount++;
  sim.later(0, () => {
    sim.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(agentKey, chat, { disconnectedAgentKey: agentKey, disconnectReason: 'UNDEFINED' }));
    sim.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, toAgentKey, 'REQUEUE_ASSIGNMENT', 0, 'Client', '…'));
  });
  return ok();
});

const webAddContent = onChat((sim, chat, agentKey, body) => {
  const who = sim.state.user(agentKey)?.firstName ?? 'agent';
  sim.later(0, () => sim.emit('WEB_INTERACTION', 'CONTENT_WEB_CHAT_EVENT', web(agentKey, chat, { chatContent: [chatContent('AGENT', who, String(body.content), new Date())] })));
  return ok();
});

const webUpdateContactData = onChat(() => ok());

// ---- OpenMedia ----

function onMessage(action: (sim: SimContext, message: OpenMediaRecord, body: Body) => CommandAnswer): CommandHandler {
  return ({ body, sim }) => {
    const message = sim.state.openMedia.get(String(body.uniqueCallId));
    if (!message) return fail('OPENMEDIA_ERROR', `Unknown OpenMedia contact ${String(body.uniqueCallId)}`);
    return action(sim, message, body);
  };
}

const om = (message: OpenMediaRecord, extra: Body = {}) => mediaData('OPENMEDIA', message.agentKey, message.uniqueCallId, message.requeueCount, extra);

function connectorLogon(logon: boolean): CommandHandler {
  return withUser('OPENMEDIA_ERROR', (sim, agentKey, body) => {
    const connectorKey = body.connectorKey as number;
    if (!sim.directory.connectors.some((connector) => connector.connectorKey === connectorKey)) return fail('OPENMEDIA_ERROR', `Unknown connector key ${connectorKey}`);
    const user = sim.state.user(agentKey);
    if (user && logon) logonMedia(sim, user, 'OPENMEDIA', undefined, connectorKey);
    if (user && !logon) logoffMedia(sim, user, 'OPENMEDIA', connectorKey);
    return ok();
  });
}

const omAccept = onMessage((sim, message) => {
  sim.later(0, () => sim.emit('OPENMEDIA', 'ESTABLISHED_OPENMEDIA_EVENT', om(message)));
  return ok();
});

function omEnd(reason: string, discard?: boolean): CommandHandler {
  return onMessage((sim, message, body) => {
    if (discard && !sim.directory.openMediaDiscardReasons.some((item) => item.reasonKey === body.reasonKey)) return fail('OPENMEDIA_ERROR', `Unknown discard reason ${String(body.reasonKey)}`);
    sim.state.openMedia.delete(message.uniqueCallId);
    sim.later(0, () => sim.emit('OPENMEDIA', 'DISCONNECTED_OPENMEDIA_EVENT', om(message, { discardReasonKey: discard ? body.reasonKey : 0, disconnectReason: reason })));
    return ok();
  });
}

const omEligible: CommandHandler = ({ body, sim }) => {
  const connectorKey = body.connectorKey as number;
  if (!sim.directory.connectors.some((connector) => connector.connectorKey === connectorKey)) return fail('OPENMEDIA_ERROR', `Unknown connector key ${connectorKey}`);
  const agentKeys = [...sim.state.agents.values()].filter((agent) => agent.openMediaConnectors.has(connectorKey)).map((agent) => agent.agentKey);
  return ok({ agentKeys });
};

const omReply = onMessage((sim, message, body) => {
  const who = sim.state.user(message.agentKey)?.firstName ?? 'Agent';
  sim.later(0, () =>
    sim.emit('OPENMEDIA', 'CONTENT_ADDED_OPENMEDIA_EVENT', om(message, {
      openMediaContent: { id: `${message.uniqueCallId}_${Date.now()}`, sourceName: who, time: isoSeconds(new Date()), content: String(body.content), commiter: 'AGENT', title: '', destinationName: message.from, attachments: [] },
    })),
  );
  return ok();
});

const omDefer = onMessage((sim, message, body) => {
  message.deferTime = new Date();
  message.draftMessage = typeof body.draftMessage === 'string' ? body.draftMessage : '';
  sim.later(0, () => sim.emit('OPENMEDIA', 'DEFERRED_OPENMEDIA_EVENT', om(message, { deferReason: 'AGENTDEFER' })));
  return ok();
});

const omResume = onMessage((sim, message) => {
  if (!message.deferTime) return fail('OPENMEDIA_ERROR', 'The contact is not deferred');
  message.deferTime = undefined;
  sim.later(0, () => sim.emit('OPENMEDIA', 'RESUMED_OPENMEDIA_EVENT', om(message, { deferReason: 'DEFERRESUMED', draftMessage: message.draftMessage })));
  return ok();
});

function omRequeue(toAgent: boolean): CommandHandler {
  return onMessage((sim, message, body) => {
    if (toAgent && !sim.state.user(body.toAgentKey as number)) return fail('OPENMEDIA_ERROR', `Unknown agent key ${String(body.toAgentKey)}`);
    if (!toAgent && !sim.directory.queues.some((queue) => queue.key === body.queueKey)) return fail('OPENMEDIA_ERROR', `Unknown queue key ${String(body.queueKey)}`);
    const data = om(message, { toAgentKey: toAgent ? body.toAgentKey : 0, transferReason: 'NORMAL', transferTarget: toAgent ? 'RESERVEFORAGENT' : 'QUEUE' });
    message.requeueCount++;
    if (!toAgent) message.queueKey = body.queueKey as number;
    sim.later(0, () => sim.emit('OPENMEDIA', 'TRANSFERRED_OPENMEDIA_EVENT', data));
    return ok();
  });
}

const omQueryDeferred: CommandHandler = ({ body, sim }) => {
  if (body.agentKey === undefined && body.connectorKey === undefined) return fail('EMPTY_PARAMETER', "Attribute 'agentKey' is missing");
  const deferredList = [...sim.state.openMedia.values()]
    .filter((message) => message.deferTime && (body.agentKey === undefined || message.agentKey === body.agentKey) && (body.connectorKey === undefined || message.connectorKey === body.connectorKey))
    .map((message) => ({
      uniqueCallId: message.uniqueCallId,
      queueKey: message.queueKey,
      connectorKey: message.connectorKey,
      connectorName: message.connectorName,
      arrivalTime: isoSeconds(message.arrivalTime),
      deferTime: isoSeconds(message.deferTime ?? new Date()),
      from: message.from,
      to: message.to,
    }));
  // The table names the list deferredList, the example agentKeys: both are sent.
  return ok({ deferredList, agentKeys: deferredList });
};

const omGetStream = onMessage((sim, message) => {
  const random = new SeededRandom(message.uniqueCallId.length + message.requeueCount);
  sim.later(0, () =>
    sim.emit('OPENMEDIA', 'STREAM_RESPONSE_OPENMEDIA_EVENT', {
      connectorKey: message.connectorKey,
      stream: [
        { id: `${message.uniqueCallId}_1`, sourceName: message.from, time: isoSeconds(message.arrivalTime), content: 'Message 1 : réclamation initiale.', commiter: 'CUSTOMER' },
        { id: `${message.uniqueCallId}_2`, sourceName: customerName(random), time: isoSeconds(new Date()), content: 'Message 2: Antwort des Agenten.', commiter: 'AGENT' },
      ],
    }),
  );
  return ok();
});

// ---- Real-time ----

const startQuery: CommandHandler = ({ body, sim, session }) => {
  if (!session) return fail('APPLICATION_NOT_REGISTERED', 'APPLICATION_NOT_REGISTERED');
  const queryType = body.queryType as QueryType;
  const result = sim.realtime.start(session, queryType, body.keyList as number[], typeof body.fromTime === 'string' ? body.fromTime : undefined);
  if ('errorCode' in result) return { body: { ...result } };
  return ok({ queryId: result.queryId });
};

const stopQuery: CommandHandler = ({ body, sim, session }) => {
  const queryId = body.queryId as number;
  if (!session || !sim.realtime.stop(session, queryId)) {
    // The guide's "stop failed" example answers NO_ERROR with this errorDetails.
    return { body: { errorCode: 'NO_ERROR', errorDetails: `StopRealTimeQuery - Application is not a valid listener for queryId [${queryId}]` } };
  }
  return ok();
};

export function mediaHandlers(): Record<string, CommandHandler> {
  return {
    'callback.logon': withUser('CALLBACK_ERROR', (sim, agentKey, body) => {
      if (!/^\+?[0-9*#]{1,32}$/.test(String(body.extension))) return fail('CALLBACK_INVALIDEXT', `Invalid extension '${String(body.extension)}'`);
      const user = sim.state.user(agentKey);
      if (user) logonMedia(sim, user, 'CALLBACK', String(body.extension));
      return ok();
    }),
    'callback.logoff': withUser('CALLBACK_ERROR', (sim, agentKey) => {
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
    'webcollaboration.logon': withUser('WEB_INTERACTION_ERROR', (sim, agentKey) => {
      const user = sim.state.user(agentKey);
      if (user) logonMedia(sim, user, 'WEB_COLLABORATION');
      return ok();
    }),
    'webcollaboration.logoff': withUser('WEB_INTERACTION_ERROR', (sim, agentKey) => {
      const user = sim.state.user(agentKey);
      if (user) logoffMedia(sim, user, 'WEB_COLLABORATION');
      return ok();
    }),
    'webcollaboration.accept': webAccept,
    'webcollaboration.disconnect': webDisconnect,
    'webcollaboration.inviteAgent': webInvite,
    'webcollaboration.declineInvite': webDecline,
    'webcollaboration.callMe': webCallMe,
    'webcollaboration.requeueToQueue': webRequeueToQueue,
    'webcollaboration.requeueToAgent': webRequeueToAgent,
    'webcollaboration.addContent': webAddContent,
    'webcollaboration.updateContactData': webUpdateContactData,
    'openmedia.logon': connectorLogon(true),
    'openmedia.logoff': connectorLogon(false),
    'openmedia.accept': omAccept,
    'openmedia.disconnect': omEnd('UNDEFINED'),
    'openmedia.queryEligibleUsers': omEligible,
    'openmedia.reply': omReply,
    'openmedia.defer': omDefer,
    'openmedia.resume': omResume,
    'openmedia.requeueToQueue': omRequeue(false),
    'openmedia.requeueToAgent': omRequeue(true),
    'openmedia.discard': omEnd('DISCARDED', true),
    'openmedia.queryDeferredMessages': omQueryDeferred,
    'openmedia.getStream': omGetStream,
    'realtime.startQuery': startQuery,
    'realtime.stopQuery': stopQuery,
  };
}
