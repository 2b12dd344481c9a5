/**
 * The elements of the real-time statistics events (section 4.9.2), one builder per query type,
 * with the attribute names of the guide's examples. Values come from the live state where it has
 * them (agents' states, queued calls, callbacks) and from the seeded generator otherwise.
 */
import { customerName } from './directory';
import type { QueryType } from './names';
import type { SeededRandom } from './random';
import type { SimState } from './state';

/** `intervals`: the quarter hours to report (cumulative queries); realtime queries ignore it. */
export function statisticsElements(queryType: QueryType, keyList: number[], intervals: string[], state: SimState, random: SeededRandom): unknown[] {
  const dir = state.directory;
  const users = keyList.filter((key) => state.user(key));
  const queues = keyList.filter((key) => dir.queues.some((queue) => queue.key === key));
  const groups = keyList.filter((key) => dir.groups.some((group) => group.key === key));
  const aggregates = keyList.filter((key) => dir.aggregates.some((aggregate) => aggregate.key === key));
  const perInterval = <T>(keys: number[], build: (key: number, timeInterval: string) => T | T[]): T[] =>
    intervals.flatMap((timeInterval) => keys.flatMap((key) => build(key, timeInterval)));
  const wrapUps = (field: string) => (key: number, timeInterval: string) =>
    dir.wrapUpReasons.slice(0, random.int(1, dir.wrapUpReasons.length)).map((reason) => ({ timeInterval, wrapUpReasonKey: reason.reasonKey, count: random.int(1, 6), [field]: key }));
  const queueLike = (key: number, field: string) => ({
    abandonedRate: random.decimal(0, 25),
    avgAbandonedWaitTime: random.decimal(2, 40),
    avgAnsweredWaitTime: random.decimal(3, 60),
    queuedContacts: random.int(0, 6),
    overflowedContacts: random.int(0, 1),
    oldestContactWaitTime: random.int(0, 120),
    estimatedAnsweredWaitTime: random.int(5, 90),
    estimatedServiceLevel: random.decimal(60, 99),
    serviceLevel: random.decimal(50, 99),
    [field]: key,
  });
  const cumulativeContacts = (key: number, timeInterval: string, field: string) => {
    const received = random.int(0, 20);
    const abandoned = random.int(0, Math.floor(received / 4));
    return {
      timeInterval,
      receivedContacts: received,
      answeredContacts: received - abandoned,
      abandonedContacts: abandoned,
      redirectedOutOfScope: 0,
      serviceLevel: random.decimal(60, 100),
      abandonedRate: received ? Math.round((abandoned / received) * 1000) / 10 : 0,
      averageWaitTime: random.decimal(3, 45),
      maximumWaitTime: random.int(10, 180),
      [field]: key,
    };
  };

  switch (queryType) {
    case 'USER_REALTIME':
      return users.map((key) => {
        const agent = state.agent(key);
        const user = state.user(key);
        const since = agent ? Math.round((Date.now() - agent.routingStateSince.getTime()) / 1000) : 0;
        return {
          userKey: key,
          extension: agent?.extension ?? user?.extension ?? '',
          presenceState: agent?.presenceState ?? 'LOGGEDOFF',
          timeInPresenceState: since,
          routingState: agent?.routingState ?? 'LOGGEDOFF',
          timeInRoutingState: since,
          routingStateReasonKey: agent?.routingStateReasonKey ?? 0,
          minUnusedCapacity: 0,
          maxUnusedCapacity: agent?.routingState === 'AVAILABLE' ? 1 : 0,
          contacts: [...(agent?.handling.values() ?? [])].map((handling) => {
            const call = state.calls.get(handling.uniqueCallId);
            return {
              uniqueCallId: handling.uniqueCallId,
              description: call?.description ?? 'General Call',
              associatedQueueKey: call?.queueKey ?? 0,
              requeueCount: 0,
              contactType: call?.contactType ?? 'ROUTED_VOICE',
              handlingState: handling.handlingState,
              handlingStateReason: handling.handlingStateReasonKey,
              primaryContact: handling.primary,
              userHandlingTime: random.int(1, 300),
              activeContactTime: random.int(1, 300),
              timeInHandlingState: random.int(1, 120),
            };
          }),
        };
      });
    case 'QUEUE_REALTIME':
      return queues.map((key) => queueLike(key, 'queueKey'));
    case 'AGGREGATE_REALTIME':
      return aggregates.map((key) => queueLike(key, 'aggregateKey'));
    case 'GROUP_REALTIME':
      return groups.map((key) => {
        const members = dir.users.filter((user) => user.groupKey === key).map((user) => state.agent(user.agentKey));
        const loggedOn = members.filter((agent) => agent && agent.loggedOnMedia.size > 0).length;
        return {
          idleUsers: members.filter((agent) => agent?.presenceState === 'IDLE').length,
          groupKey: key,
          loggedOnUsers: loggedOn,
          totalCallsWaiting: random.int(0, 4),
          awayUsers: members.filter((agent) => agent?.presenceState === 'AWAY').length,
          usersHandlingRoutedCalls: members.filter((agent) => agent && agent.handling.size > 0).length,
          usersHandlingDirectCalls: random.int(0, 1),
          busyUsers: members.filter((agent) => agent?.presenceState === 'BUSY').length,
        };
      });
    case 'CONTACT_REALTIME':
      return queues.flatMap((key) => {
        const queued = [...state.calls.values()].filter((call) => call.queueKey === key && call.routingState === 'QUEUED');
        const list = queued.length > 0 || !random.chance(0.6) ? queued : [state.newCall({ uniqueCallId: state.newCallId('voice'), queueKey: key, routingState: 'QUEUED', from: random.pick(dir.customerNumbers), to: dir.queueNumbers.get(key) ?? '' })];
        return list.map((call) => ({
          destination: call.to,
          uniqueCallId: call.uniqueCallId,
          source: call.from,
          contactState: 'QUEUED',
          description: call.description,
          qualifyingAgentsCount: random.int(0, 4),
          queueKey: key,
          timeInState: Math.round((Date.now() - call.createdAt.getTime()) / 1000),
          totalWaitTime: Math.round((Date.now() - call.createdAt.getTime()) / 1000),
          mediaType: call.mediaType,
          currentPriority: call.priority,
        }));
      });
    case 'CALLBACK_REALTIME':
      return queues.flatMap((key) => {
        const scheduled = [...state.callbacks.values()].filter((callback) => callback.queueKey === key);
        const list = scheduled.length > 0 ? scheduled.map((callback) => ({ id: callback.uniqueCallId, name: callback.name, description: callback.description, origin: callback.origin, attempts: callback.attemptCount }))
          : random.chance(0.5) ? [{ id: state.newCallId('callback'), name: customerName(random), description: 'Rappel demandé', origin: 'ORIGIN_DESKTOP', attempts: random.int(0, 2) }] : [];
        return list.map((callback) => ({
          queueKey: key,
          uniqueCallId: callback.id,
          customerName: callback.name,
          description: callback.description,
          origin: callback.origin,
          state: 'SCHEDULED',
          timeInState: random.int(1, 600),
          attemptCount: callback.attempts,
        }));
      });
    case 'USER_CUMULATIVE':
      return perInterval(users, (key, timeInterval) => {
        const handled = random.int(0, 8);
        return {
          timeInterval,
          userKey: key,
          utilization: random.decimal(0, 100),
          offered: handled + random.int(0, 2),
          requeue: random.int(0, 1),
          abandonedWhileRinging: random.int(0, 1),
          handled,
          unhandledRouted: 0,
          undeliveredRouted: 0,
          disconnectedRoutedCalls: handled,
          routedTransferred: random.int(0, 1),
          routedHeld: random.int(0, 2),
          routedConsulted: random.int(0, 1),
          totalIdleTime: random.int(0, 600),
          totalAwayTime: random.int(0, 120),
          totalBusyTime: random.int(0, 300),
          totalLogonTime: 900,
          totalRoutedTalkTime: random.int(0, 700),
          totalOtherTime: random.int(0, 30),
          totalRoutedHoldTime: random.int(0, 60),
          totalPendingTime: random.int(0, 30),
          totalPostProcessingTime: random.int(0, 120),
          ringingTime: random.int(0, 40),
          handlingTime: random.int(0, 800),
          maximumRoutedHandlingTime: random.int(0, 400),
        };
      });
    case 'QUEUE_CUMULATIVE':
      return perInterval(queues, (key, timeInterval) => cumulativeContacts(key, timeInterval, 'queueKey'));
    case 'AGGREGATE_CUMULATIVE':
      return perInterval(aggregates, (key, timeInterval) => cumulativeContacts(key, timeInterval, 'aggregateKey'));
    case 'GROUP_CUMULATIVE':
      return perInterval(groups, (key, timeInterval) => ({
        timeInterval,
        groupKey: key,
        callsReceived: random.int(0, 20),
        callsOffered: random.int(0, 15),
        consultOut: random.int(0, 2),
        transferOut: random.int(0, 2),
        receivedHereOfferedElsewhere: random.int(0, 1),
      }));
    case 'USER_WRAPUP_REASON_CUMULATIVE':
      return perInterval(users, wrapUps('userKey'));
    case 'QUEUE_WRAPUP_REASON_CUMULATIVE':
      return perInterval(queues, wrapUps('queueKey'));
    case 'AGGREGATE_WRAPUP_REASON_CUMULATIVE':
      return perInterval(aggregates, wrapUps('aggregateKey'));
  }
}
