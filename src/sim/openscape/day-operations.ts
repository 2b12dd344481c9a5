/**
 * Agents and servers in the generated day: the morning logons, shifts and breaks, media servers
 * dropping and coming back, and configuration (admin) changes.
 */
import { routingStateData, setRouting } from './commands-presence-routing';
import type { DayKit, Step } from './day-kit';
import type { Realm } from './names';

const SERVER_NAMES: Record<string, string> = {
  ADMINISTRATION: 'localhost',
  PRESENCE: 'localhost',
  ROUTING: ' 6002@10.80.2.206',
  TELEPHONY: '6001:10.81.3.116',
  CALLBACK: '6007:10.81.3.116',
  WEB_INTERACTION: '6020:10.81.3.116',
  OPENMEDIA: '6007:10.81.3.116',
};

export function morning(kit: DayKit): Step[] {
  const steps: Step[] = [];
  for (const user of kit.workers()) {
    if (!kit.random.chance(0.7)) continue;
    steps.push(() => {
      const agent = kit.agentOf(user);
      agent.extension = user.extension;
      for (const media of user.mediaTypes.filter((item) => item !== 'EMAIL')) {
        agent.loggedOnMedia.add(media);
        kit.emit('PRESENCE', 'USER_MEDIA_STATE', { agentId: user.agentId, agentKey: user.agentKey, extension: user.extension, mediaType: media, mediaState: 'LOGON', connectorKey: media === 'OPENMEDIA' ? 1 : 0 });
      }
      if (agent.loggedOnMedia.has('OPENMEDIA')) agent.openMediaConnectors.add(1);
      setRouting(kit.sim, agent, 'AVAILABLE', 0);
    });
  }
  return steps;
}

export function agentShift(kit: DayKit): Step[] {
  const user = kit.random.pick(kit.workers());
  const agent = kit.agentOf(user);
  const lunch = kit.sim.directory.unavailableReasons[0]?.reasonKey ?? 0;
  const media = (state: 'LOGON' | 'LOGOFF'): Step => () => {
    if (state === 'LOGON') {
      agent.loggedOnMedia.add('VOICE');
      agent.extension = user.extension;
    } else agent.loggedOnMedia.delete('VOICE');
    kit.emit('PRESENCE', 'USER_MEDIA_STATE', { agentId: user.agentId, agentKey: user.agentKey, extension: user.extension, mediaType: 'VOICE', mediaState: state, connectorKey: 0 });
  };
  return agent.loggedOnMedia.has('VOICE')
    ? [kit.routing(user, 'UNAVAILABLE', lunch), media('LOGOFF'), () => kit.emit('PRESENCE', 'USER_ROUTING_STATE', routingStateData(kit.sim, agent)), media('LOGON'), kit.routing(user, 'AVAILABLE')]
    : [media('LOGON'), kit.routing(user, 'AVAILABLE'), kit.routing(user, 'UNAVAILABLE', lunch), kit.routing(user, 'AVAILABLE')];
}

/** Every media server drops and comes back (SERVER_DISCONNECTED / SERVER_CONNECTED, media not ready / ready). */
export function serverBlip(kit: DayKit): Step[] {
  const realms: Realm[] = ['TELEPHONY', 'ROUTING', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA', 'ADMINISTRATION', 'PRESENCE'];
  const media: Record<string, string> = { TELEPHONY: 'VOICE', CALLBACK: 'CALLBACK', WEB_INTERACTION: 'WEB_COLLABORATION', OPENMEDIA: 'OPENMEDIA' };
  const realm = kit.random.pick(realms.filter((item) => media[item]));
  return [
    ...realms.map((item) => () => {
      kit.sim.serversDown.add(item);
      kit.emit(item, 'SERVER_DISCONNECTED_EVENT', { serverName: SERVER_NAMES[item] });
    }),
    () => kit.emit('PRESENCE', 'USER_MEDIA_NOTREADY', { mediaType: media[realm] }),
    ...realms.map((item) => () => {
      kit.sim.serversDown.delete(item);
      kit.emit(item, 'SERVER_CONNECTED_EVENT', { serverName: SERVER_NAMES[item] });
    }),
    () => kit.emit('PRESENCE', 'USER_MEDIA_READY', { mediaType: media[realm] }),
  ];
}

/** Configuration changes: one event of each admin type, as V2 data (V1 applications get the V1 shape). */
export function adminChanges(kit: DayKit): Step[] {
  const dir = kit.sim.directory;
  const update = (type: string, entity: unknown, eventAction = 'UPDATE'): Step => () => kit.emit('ADMINISTRATION', type, { eventAction, entity });
  const user = kit.random.pick(kit.workers());
  const newKey = 900 + kit.random.int(0, 99);
  const { password: _p, extension: _e, groupKey: _g, ...shownUser } = user;
  return [
    update('USER_UPDATED_EVENT', { ...shownUser, lastName: `${user.lastName}-Nuñez` }),
    update('QUEUE_UPDATED_EVENT', kit.random.pick(dir.queues)),
    update('GROUP_UPDATED_EVENT', kit.random.pick(dir.groups)),
    update('DEPARTMENT_UPDATED_EVENT', kit.random.pick(dir.departments)),
    update('AGGREGATE_UPDATED_EVENT', kit.random.pick(dir.aggregates)),
    update('POSTPROCESSINGREASON_UPDATED_EVENT', kit.random.pick(dir.postProcessingReasons)),
    update('UNAVAILABLEREASON_UPDATED_EVENT', kit.random.pick(dir.unavailableReasons)),
    update('WRAPUPREASON_UPDATED_EVENT', kit.random.pick(dir.wrapUpReasons)),
    update('CALLBACK_RETRYREASON_UPDATED_EVENT', kit.random.pick(dir.callbackRetryReasons)),
    update('CALLBACK_DELETE_REASON_UPDATED_EVENT', kit.random.pick(dir.callbackDeleteReasons)),
    update('OPENMEDIA_DISCARDREASON_UPDATED_EVENT', kit.random.pick(dir.openMediaDiscardReasons)),
    update('USER_UPDATED_EVENT', { ...shownUser, agentKey: newKey, agentId: String(100000 + newKey), userName: 'intérimaire', firstName: 'Théo', lastName: 'Intérim' }, 'ADD'),
    () => kit.emit('ADMINISTRATION', 'USER_DELETED_EVENT', { keyList: [newKey] }),
  ];
}
