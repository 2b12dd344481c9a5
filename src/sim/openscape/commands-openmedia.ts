/**
 * OpenMedia requests (4.8.1) and the open media events they cause.
 */
import { fail, forKnownUser, ok, type Body, type CommandAnswer, type CommandHandler, type SimContext } from './context';
import { customerName } from './directory';
import { isoSeconds, mediaData } from './events';
import { logoffMedia, logonMedia } from './media-logon';
import { SeededRandom } from './random';
import type { OpenMediaRecord } from './state';

function onMessage(action: (sim: SimContext, message: OpenMediaRecord, body: Body) => CommandAnswer): CommandHandler {
  return ({ body, sim }) => {
    const message = sim.state.openMedia.get(String(body.uniqueCallId));
    if (!message) return fail('OPENMEDIA_ERROR', `Unknown OpenMedia contact ${String(body.uniqueCallId)}`);
    return action(sim, message, body);
  };
}

const om = (message: OpenMediaRecord, extra: Body = {}) => mediaData('OPENMEDIA', message.agentKey, message.uniqueCallId, message.requeueCount, extra);

function connectorLogon(logon: boolean): CommandHandler {
  return forKnownUser('OPENMEDIA_ERROR', (sim, agentKey, body) => {
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

export function openMediaHandlers(): Record<string, CommandHandler> {
  return {
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
  };
}
