import assert from 'node:assert/strict';
import { EVENT_TYPES, type OpenScapeSimulator } from '../../../src/sim/openscape';
import type { SimContext } from '../../../src/sim/openscape/context';
import { DayGenerator } from '../../../src/sim/openscape/day';
import { buildDirectory } from '../../../src/sim/openscape/directory';
import type { Realm } from '../../../src/sim/openscape/names';
import { SeededRandom } from '../../../src/sim/openscape/random';
import { SimState } from '../../../src/sim/openscape/state';
import { call, registerAndLogon, startSim } from './helpers';

/**
 * The data object attributes of every event, read from the guide's examples (4.2.2 - 4.8.2),
 * independently of the simulator's builders.
 */
const TEL = ['mediaType', 'resource', 'uniqueCallId', 'sequenceNumber', 'lcsType', 'contactType', 'normalCause', 'originalFrom', 'originalTo'];
const MEDIA = ['mediaType', 'resource', 'uniqueCallId', 'requeueCount'];
const SERVER = ['serverName'];
const ADMIN = ['eventAction', 'entity'];
const SHAPES: Record<string, string[]> = {
  'TELEPHONY/DELIVERED_EVENT': [...TEL, 'deliveredToParty', 'fromParty', 'toParty', 'heldParty', 'redirectParty', 'reason'],
  'TELEPHONY/DISCONNECTED_EVENT': [...TEL, 'disconnectedParty', 'reason'],
  'TELEPHONY/QUEUED_EVENT': [...TEL, 'fromParty', 'toParty', 'queuedParty'],
  'TELEPHONY/ESTABLISHED_EVENT': [...TEL, 'fromParty', 'toParty', 'redirectParty'],
  'TELEPHONY/DIVERTED_EVENT': [...TEL, 'divertedParty', 'divertingParty', 'destinationParty'],
  'TELEPHONY/HELD_EVENT': [...TEL, 'heldParty', 'holdingParty'],
  'TELEPHONY/RETRIEVED_EVENT': [...TEL, 'heldParty', 'retrievingParty'],
  'TELEPHONY/CONFERENCED_EVENT': [...TEL, 'invitedParty', 'invitingParty', 'conferenceParties'],
  'TELEPHONY/FAILED_EVENT': [...TEL, 'fromParty', 'toParty', 'failedParty'],
  'TELEPHONY/ORIGINATED_EVENT': [...TEL, 'referenceCallId', 'fromParty', 'toParty'],
  'TELEPHONY/SERVICE_INITIATED_EVENT': [...TEL, 'consult', 'initiatedParty'],
  'TELEPHONY/TRANSFERRED_EVENT': [...TEL, 'fromParty', 'toParty', 'transferredParty', 'redirectParty'],
  'TELEPHONY/NETWORKREACHED_EVENT': [...TEL, 'fromParty', 'toParty'],
  'TELEPHONY/SERVICE_ENABLED_EVENT': ['mediaType', 'resource', 'uniqueCallId', 'requeueCount', 'answer', 'available', 'conference', 'consult', 'dial', 'disconnect', 'divert', 'hold', 'logoff', 'logon', 'reconnect', 'retrieve', 'transfer', 'unavailable', 'work'],
  'PRESENCE/USER_MEDIA_STATE': ['agentId', 'agentKey', 'extension', 'mediaType', 'mediaState', 'connectorKey'],
  'PRESENCE/USER_ROUTING_STATE': ['agentId', 'agentKey', 'extension', 'handlingStates', 'loggedOnMediaTypes', 'presenceState', 'routingState', 'routingStateReasonKey'],
  'PRESENCE/USER_HANDLING_STATE': ['agentId', 'agentKey', 'handlingStates'],
  'PRESENCE/USER_MEDIA_READY': ['mediaType'],
  'PRESENCE/USER_MEDIA_NOTREADY': ['mediaType'],
  'ROUTING/ASSIGN_CALL_EVENT': ['agentExtension', 'agentKey', 'uniqueCallId', 'mediaType'],
  'ROUTING/UNASSIGN_CALL_EVENT': ['agentKey', 'uniqueCallId', 'mediaType'],
  'ROUTING/ENQUEUE_CALL_EVENT': ['uniqueCallId', 'description', 'priority', 'queueKey', 'mediaType'],
  'ROUTING/DEQUEUE_CALL_EVENT': ['uniqueCallId', 'description', 'priority', 'queueKey', 'dequeueReason', 'mediaType'],
  'ROUTING/ROUTING_INFORMATION_UPDATED_EVENT': ['uniqueCallId', 'contactData', 'description', 'priority', 'queueKey', 'mediaType'],
  'ROUTING/TIMEOUT_CALL_EVENT': ['uniqueCallId', 'telephoneNumber', 'mediaType'],
  'CALLBACK/DELIVERED_CALLBACK_EVENT': [...MEDIA, 'name', 'description', 'schedules', 'contactData'],
  'CALLBACK/DIVERTED_CALLBACK_EVENT': [...MEDIA, 'reasonKey'],
  'CALLBACK/MAKECALLFAILED_CALLBACK_EVENT': MEDIA,
  'WEB_INTERACTION/DELIVERED_WEB_CHAT_EVENT': [...MEDIA, 'source', 'destination', 'invitingAgentKey', 'deliveredReason', 'contactData', 'chatContent'],
  'WEB_INTERACTION/DIVERTED_WEB_CHAT_EVENT': [...MEDIA, 'refusingAgentKey', 'divertReason'],
  'WEB_INTERACTION/CONTENT_WEB_CHAT_EVENT': [...MEDIA, 'chatContent'],
  'WEB_INTERACTION/DISCONNECTED_WEB_CHAT_EVENT': [...MEDIA, 'disconnectedAgentKey', 'disconnectReason'],
  'WEB_INTERACTION/ESTABLISHED_WEB_CHAT_EVENT': MEDIA,
  'WEB_INTERACTION/CONFERENCED_WEB_CHAT_EVENT': [...MEDIA, 'joinedAgentKey', 'numberOfAgents'],
  'WEB_INTERACTION/CALL_ME_ANSWER_WEB_CHAT_EVENT': [...MEDIA, 'phoneNumber'],
  'OPENMEDIA/DELIVERED_OPENMEDIA_EVENT': [...MEDIA, 'conversationId', 'interactionId', 'connectorKey', 'connectorName', 'realTime', 'draftMessage', 'autoSuggestMessage', 'contactData', 'openMediaContent'],
  'OPENMEDIA/DISCONNECTED_OPENMEDIA_EVENT': [...MEDIA, 'discardReasonKey', 'disconnectReason'],
  'OPENMEDIA/DIVERTED_OPENMEDIA_EVENT': [...MEDIA, 'divertReason'],
  'OPENMEDIA/ESTABLISHED_OPENMEDIA_EVENT': MEDIA,
  'OPENMEDIA/DEFERRED_OPENMEDIA_EVENT': [...MEDIA, 'deferReason'],
  'OPENMEDIA/RESUMED_OPENMEDIA_EVENT': [...MEDIA, 'deferReason', 'draftMessage'],
  'OPENMEDIA/TRANSFERRED_OPENMEDIA_EVENT': [...MEDIA, 'toAgentKey', 'transferReason', 'transferTarget'],
  'OPENMEDIA/CONTENT_ADDED_OPENMEDIA_EVENT': [...MEDIA, 'openMediaContent'],
  'OPENMEDIA/STREAM_RESPONSE_OPENMEDIA_EVENT': ['connectorKey', 'stream'],
  'ADMINISTRATION/USER_DELETED_EVENT': ['keyList'],
};

function expectedShape(realm: string, type: string): string[] | undefined {
  if (type === 'SERVER_CONNECTED_EVENT' || type === 'SERVER_DISCONNECTED_EVENT') return SERVER;
  if (realm === 'ADMINISTRATION' && type.endsWith('_UPDATED_EVENT')) return ADMIN;
  return SHAPES[`${realm}/${type}`];
}

interface Delivered {
  appId: string;
  body: { data: { realm: string; type: string; data: unknown } };
}

describe('OpenScape simulator: generated contact-center day', () => {
  let sim: OpenScapeSimulator;

  afterEach(async () => {
    await sim.stop();
  });

  it('covers every event type of the guide, for applications listening on every realm', async () => {
    sim = await startSim({ generate: true, eventIntervalMs: 1, seed: 42 });
    const token = await registerAndLogon(sim);
    for (const area of ['admin', 'presence', 'routing', 'telephony', 'callback', 'webcollaboration', 'openmedia']) {
      assert.equal((await call(sim, 'POST', `${area}/startlistenforevents`, { resource: '*' }, token)).body.errorCode, 'NO_ERROR');
    }
    const missing = new Set(Object.entries(EVENT_TYPES).flatMap(([realm, types]) => types.map((type) => `${realm}/${type}`)));
    const seen: Delivered[] = [];
    await new Promise<void>((resolve) => {
      const onEvent = (event: Delivered): void => {
        seen.push(event);
        missing.delete(`${event.body.data.realm}/${event.body.data.type}`);
        if (missing.size === 0) {
          sim.off('event', onEvent);
          resolve();
        }
      };
      sim.on('event', onEvent);
    });
    assert.equal(missing.size, 0);
    for (const event of seen) {
      const { realm, type, data } = event.body.data;
      const shape = expectedShape(realm, type);
      assert.ok(shape, `no expected shape for ${realm}/${type}`);
      assert.deepEqual(Object.keys(data as object).sort(), [...shape].sort(), `${realm}/${type}`);
    }
    const text = JSON.stringify(seen.map((event) => event.body));
    assert.match(text, /[^\x00-\x7f]/, 'names and texts are not all ASCII');
  });

  it('sends V1-shaped admin events to an application registered with webhookAPIVersion V1', async () => {
    sim = await startSim({ generate: true, eventIntervalMs: 1, seed: 3 });
    const token = await registerAndLogon(sim, undefined, 'V1');
    await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
    const deleted = await new Promise<Delivered>((resolve) => {
      sim.on('event', (event: Delivered) => {
        if (event.body.data.type === 'USER_DELETED_EVENT') resolve(event);
      });
    });
    assert.ok(Array.isArray(deleted.body.data.data));
    assert.equal(typeof (deleted.body.data.data as unknown[])[0], 'string');
  });

  it('is the same for the same seed', () => {
    assert.deepEqual(buildDirectory(9), buildDirectory(9));
    assert.notDeepEqual(buildDirectory(9).customerNumbers, buildDirectory(10).customerNumbers);
    const play = (seed: number): string[] => {
      const events: string[] = [];
      const state = new SimState(buildDirectory(seed));
      const context = {
        state,
        directory: state.directory,
        serversDown: new Set<Realm>(),
        emit: (realm: Realm, type: string) => events.push(`${realm}/${type}`),
        later: (_delay: number, fn: () => void) => fn(),
      } as unknown as SimContext;
      const day = new DayGenerator(context, new SeededRandom(seed));
      // The morning, then one full round of scenarios.
      for (let scenario = 0; scenario <= day.scenarios().length; scenario++) for (const step of day.next()) step();
      return events;
    };
    const first = play(21);
    assert.deepEqual(play(21), first);
    assert.notDeepEqual(play(22), first);
    const covered = new Set(first);
    const expected = Object.entries(EVENT_TYPES).flatMap(([realm, types]) => types.map((type) => `${realm}/${type}`));
    assert.deepEqual(expected.filter((name) => !covered.has(name)), [], 'one round covers every event type');
  });
});
