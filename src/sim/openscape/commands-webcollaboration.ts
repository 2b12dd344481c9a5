/**
 * Web Collaboration requests (4.7.1) and the web chat events they cause.
 */
import { fail, forKnownUser, ok, type Body, type CommandAnswer, type CommandHandler, type SimContext } from './context';
import { chatContent, mediaData } from './events';
import { logoffMedia, logonMedia } from './media-logon';
import type { WebChatRecord } from './state';

function onChat(action: (sim: SimContext, chat: WebChatRecord, agentKey: number, body: Body) => CommandAnswer): CommandHandler {
  return forKnownUser('WEB_INTERACTION_ERROR', (sim, agentKey, body) => {
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

export function webCollaborationHandlers(): Record<string, CommandHandler> {
  return {
    'webcollaboration.logon': forKnownUser('WEB_INTERACTION_ERROR', (sim, agentKey) => {
      const user = sim.state.user(agentKey);
      if (user) logonMedia(sim, user, 'WEB_COLLABORATION');
      return ok();
    }),
    'webcollaboration.logoff': forKnownUser('WEB_INTERACTION_ERROR', (sim, agentKey) => {
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
  };
}
