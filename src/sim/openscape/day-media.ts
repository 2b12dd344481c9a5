/**
 * Callback, web chat and open media scenarios of the generated day.
 */
import { deliveredCallbackData } from './commands-callback';
import { deliveredChatData } from './commands-webcollaboration';
import { customerName } from './directory';
import { chatContent, isoSeconds, mediaData } from './events';
import type { DayKit, Step } from './day-kit';
import type { CallbackRecord, OpenMediaRecord, WebChatRecord } from './state';

export function callback(kit: DayKit): Step[] {
  const user = kit.pickAgent('CALLBACK');
  const queue = kit.sim.directory.queues.find((item) => item.mediaType === 'CALLBACK') ?? kit.sim.directory.queues[0];
  const now = new Date();
  const callback: CallbackRecord = {
    uniqueCallId: kit.sim.state.newCallId('callback'),
    agentKey: user.agentKey,
    name: customerName(kit.random),
    queueKey: queue.key,
    description: kit.random.pick(['Rappel après 14h', 'Rückruf wegen Rechnung', 'Devolver llamada']),
    priority: 20,
    reserveAgentKey: 0,
    schedule: [{ startTime: isoSeconds(now), endTime: isoSeconds(new Date(now.getTime() + 3 * 3600_000)), phoneNumber: kit.random.pick(kit.sim.directory.customerNumbers) }],
    contactData: [{ key: 'langue', value: 'français' }],
    status: 'CALLBACKSTATUS_OFFERED',
    origin: 'ORIGIN_WEBCOLLABORATION',
    attemptCount: 0,
    createdAt: now,
  };
  const second = { ...callback, uniqueCallId: kit.sim.state.newCallId('callback'), name: customerName(kit.random) };
  const deleteReason = kit.sim.directory.callbackDeleteReasons[0]?.reasonKey ?? 0;
  return [
    () => {
      // Callbacks that keep retrying stay for QueryNewCallbacks; keep only the latest ones.
      if (kit.sim.state.callbacks.size > 100) kit.sim.state.callbacks.delete(kit.sim.state.callbacks.keys().next().value as string);
      kit.sim.state.callbacks.set(callback.uniqueCallId, callback);
      kit.emit('CALLBACK', 'DELIVERED_CALLBACK_EVENT', deliveredCallbackData(callback, user.agentKey));
    },
    () => {
      callback.attemptCount++;
      callback.status = 'CALLBACKSTATUS_RETRY';
      callback.agentKey = 0;
      kit.emit('CALLBACK', 'MAKECALLFAILED_CALLBACK_EVENT', mediaData('CALLBACK', user.agentKey, callback.uniqueCallId, callback.attemptCount));
    },
    () => {
      kit.sim.state.callbacks.set(second.uniqueCallId, second);
      kit.emit('CALLBACK', 'DELIVERED_CALLBACK_EVENT', deliveredCallbackData(second, user.agentKey));
    },
    () => {
      kit.sim.state.callbacks.delete(second.uniqueCallId);
      kit.emit('CALLBACK', 'DIVERTED_CALLBACK_EVENT', mediaData('CALLBACK', user.agentKey, second.uniqueCallId, 1, { reasonKey: deleteReason }));
    },
  ];
}

export function webChat(kit: DayKit): Step[] {
  const user = kit.pickAgent('WEB_COLLABORATION');
  const others = kit.workers().filter((item) => item !== user);
  const helper = kit.random.pick(others);
  const refuser = kit.random.pick(others.filter((item) => item !== helper).length > 0 ? others.filter((item) => item !== helper) : others);
  const queue = kit.sim.directory.queues.find((item) => item.mediaType === 'WEB_COLLABORATION') ?? kit.sim.directory.queues[0];
  const chat: WebChatRecord = { uniqueCallId: kit.sim.state.newCallId('web'), agentKey: user.agentKey, agents: new Set(), queueKey: queue.key, requeueCount: 0 };
  const customer = customerName(kit.random);
  const web = (agentKey: number, extra: Record<string, unknown> = {}) => mediaData('WEB_COLLABORATION', agentKey, chat.uniqueCallId, chat.requeueCount, extra);
  return [
    () => {
      kit.sim.state.webChats.set(chat.uniqueCallId, chat);
      kit.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, user.agentKey, 'NORMAL_ASSIGNMENT', 0, customer, 'Bonjour, ma commande n’est pas arrivée 📦'));
    },
    () => {
      chat.agents.add(user.agentKey);
      kit.emit('WEB_INTERACTION', 'ESTABLISHED_WEB_CHAT_EVENT', web(user.agentKey));
    },
    () => kit.emit('WEB_INTERACTION', 'CONTENT_WEB_CHAT_EVENT', web(user.agentKey, { chatContent: [chatContent('CUSTOMER', customer, 'Können Sie mich zurückrufen? ¿Es posible?', new Date())] })),
    () => kit.emit('WEB_INTERACTION', 'CALL_ME_ANSWER_WEB_CHAT_EVENT', web(user.agentKey, { phoneNumber: '+55 (41) 80911597' })),
    () => kit.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, refuser.agentKey, 'CONFERENCE', user.agentKey, customer, '…')),
    () => kit.emit('WEB_INTERACTION', 'DIVERTED_WEB_CHAT_EVENT', web(user.agentKey, { refusingAgentKey: refuser.agentKey, divertReason: 'INVITATION_REJECTED' })),
    () => kit.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, helper.agentKey, 'CONFERENCE', user.agentKey, customer, '…')),
    () => {
      chat.agents.add(helper.agentKey);
      kit.emit('WEB_INTERACTION', 'ESTABLISHED_WEB_CHAT_EVENT', web(helper.agentKey));
      kit.emit('WEB_INTERACTION', 'CONFERENCED_WEB_CHAT_EVENT', web(user.agentKey, { joinedAgentKey: helper.agentKey, numberOfAgents: chat.agents.size }));
    },
    () => {
      chat.agents.delete(helper.agentKey);
      kit.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(helper.agentKey, { disconnectedAgentKey: helper.agentKey, disconnectReason: 'NORMAL_DISCONNECT' }));
    },
    () => {
      kit.sim.state.webChats.delete(chat.uniqueCallId);
      kit.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(user.agentKey, { disconnectedAgentKey: 0, disconnectReason: 'NORMAL_DISCONNECT' }));
    },
  ];
}

export function openMedia(kit: DayKit): Step[] {
  const user = kit.pickAgent('OPENMEDIA');
  const second = kit.random.pick(kit.workers().filter((item) => item !== user));
  const connector = kit.random.pick(kit.sim.directory.connectors);
  const queue = kit.sim.directory.queues.find((item) => item.mediaType === 'OPENMEDIA') ?? kit.sim.directory.queues[0];
  const customer = customerName(kit.random);
  const message: OpenMediaRecord = {
    uniqueCallId: kit.sim.state.newCallId('openmedia'),
    agentKey: user.agentKey,
    queueKey: queue.key,
    connectorKey: connector.connectorKey,
    connectorName: connector.connectorName,
    arrivalTime: new Date(),
    from: customer,
    to: queue.name,
    requeueCount: 0,
    draftMessage: '',
  };
  const om = (extra: Record<string, unknown> = {}) => mediaData('OPENMEDIA', message.agentKey, message.uniqueCallId, message.requeueCount, extra);
  const content = (text: string, commiter: string) => ({ id: `${message.uniqueCallId}_${kit.random.int(100, 999)}`, sourceName: commiter === 'CUSTOMER' ? customer : user.firstName, time: isoSeconds(new Date()), content: text, commiter, title: 'Réclamation', destinationName: queue.name, attachments: [] });
  return [
    () => {
      kit.sim.state.openMedia.set(message.uniqueCallId, message);
      kit.emit('OPENMEDIA', 'DELIVERED_OPENMEDIA_EVENT', om({
        conversationId: `OAF${message.uniqueCallId.slice(-8)}`,
        interactionId: `OAF${message.uniqueCallId.slice(-8)}`,
        connectorKey: connector.connectorKey,
        connectorName: connector.connectorName,
        realTime: false,
        draftMessage: '',
        autoSuggestMessage: 'Merci pour votre message !',
        contactData: [{ key: 'canal', value: 'réseau social' }],
        // The delivered example spells "committer", the content-added example "commiter".
        openMediaContent: (({ commiter, ...rest }) => ({ ...rest, committer: commiter, attachments: [{ type: 'image/jpg', content: 'jpg image', url: 'http://example.invalid/colis.jpg' }] }))(content('Mon colis est arrivé abîmé 😞', 'CUSTOMER')),
      }));
    },
    () => kit.emit('OPENMEDIA', 'ESTABLISHED_OPENMEDIA_EVENT', om()),
    () => kit.emit('OPENMEDIA', 'CONTENT_ADDED_OPENMEDIA_EVENT', om({ openMediaContent: content('Voici la photo / Hier ist das Foto', 'CUSTOMER') })),
    () => {
      message.deferTime = new Date();
      kit.emit('OPENMEDIA', 'DEFERRED_OPENMEDIA_EVENT', om({ deferReason: 'AGENTDEFER' }));
    },
    () => {
      message.deferTime = undefined;
      kit.emit('OPENMEDIA', 'RESUMED_OPENMEDIA_EVENT', om({ deferReason: 'DEFERRESUMED', draftMessage: 'Nous sommes désolés…' }));
    },
    () => kit.emit('OPENMEDIA', 'STREAM_RESPONSE_OPENMEDIA_EVENT', { connectorKey: connector.connectorKey, stream: [{ id: `${message.uniqueCallId}_1`, sourceName: customer, time: isoSeconds(message.arrivalTime), content: 'Mon colis est arrivé abîmé 😞', commiter: 'CUSTOMER' }] }),
    () => {
      kit.emit('OPENMEDIA', 'TRANSFERRED_OPENMEDIA_EVENT', om({ toAgentKey: second.agentKey, transferReason: 'NORMAL', transferTarget: 'RESERVEFORAGENT' }));
      message.requeueCount++;
      message.agentKey = second.agentKey;
    },
    () => kit.emit('OPENMEDIA', 'DIVERTED_OPENMEDIA_EVENT', om({ divertReason: 'RNA' })),
    () => {
      message.agentKey = user.agentKey;
      kit.sim.state.openMedia.delete(message.uniqueCallId);
      kit.emit('OPENMEDIA', 'DISCONNECTED_OPENMEDIA_EVENT', om({ discardReasonKey: 0, disconnectReason: 'AGENTREPLIED' }));
    },
  ];
}
