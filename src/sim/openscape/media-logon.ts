/**
 * Media logon and logoff of an agent (telephony, callback, web collaboration and open media Logon /
 * Logoff requests): USER_MEDIA_STATE, the routing state that follows, and SERVICE_ENABLED for voice.
 */
import type { SimContext } from './context';
import { setRouting } from './commands-presence-routing';
import type { SimUser } from './directory';
import { servicesEnabled } from './events';
import type { AgentState } from './state';

function mediaState(sim: SimContext, user: SimUser, agent: AgentState, mediaType: string, state: 'LOGON' | 'LOGOFF', connectorKey = 0): void {
  sim.emit('PRESENCE', 'USER_MEDIA_STATE', {
    agentId: user.agentId,
    agentKey: user.agentKey,
    extension: agent.extension ?? user.extension,
    mediaType,
    mediaState: state,
    connectorKey,
  });
}

/** Logs an agent on to a media (voice, callback, web, open media) and reports it. */
export function logonMedia(sim: SimContext, user: SimUser, mediaType: string, extension?: string, connectorKey = 0): void {
  const agent = sim.state.agent(user.agentKey);
  if (!agent) return;
  if (extension) {
    agent.extension = extension;
    sim.state.line(extension).agentKey = user.agentKey;
  }
  agent.loggedOnMedia.add(mediaType);
  if (mediaType === 'OPENMEDIA') agent.openMediaConnectors.add(connectorKey);
  sim.later(0, () => {
    mediaState(sim, user, agent, mediaType, 'LOGON', connectorKey);
    if (agent.routingState === 'LOGGEDOFF') setRouting(sim, agent, 'UNAVAILABLE', 0);
    if (mediaType === 'VOICE') sim.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(agent.extension ?? user.extension, '', 'IDLE'));
  });
}

export function logoffMedia(sim: SimContext, user: SimUser, mediaType: string, connectorKey = 0): void {
  const agent = sim.state.agent(user.agentKey);
  if (!agent) return;
  if (mediaType === 'OPENMEDIA') {
    agent.openMediaConnectors.delete(connectorKey);
    if (agent.openMediaConnectors.size === 0) agent.loggedOnMedia.delete('OPENMEDIA');
  } else agent.loggedOnMedia.delete(mediaType);
  sim.later(0, () => {
    mediaState(sim, user, agent, mediaType, 'LOGOFF', connectorKey);
    if (agent.loggedOnMedia.size === 0) setRouting(sim, agent, 'LOGGEDOFF', 0);
  });
}

