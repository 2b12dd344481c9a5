import { strict as assert } from 'node:assert';
import { decodeWebhookBody, extractEventKeys, familyOfRealm } from '../../src/openscape';

describe('openscape event decoding and routing keys', () => {
  it('unwraps the guide envelope and keeps the innermost data as payload', () => {
    const data = { agentId: '100001', agentKey: 3, extension: '554181015002', mediaType: 'VOICE', mediaState: 'LOGON', connectorKey: 0 };
    const { event, unrecognised } = decodeWebhookBody(
      { type: 'EVENT', data: { realm: 'PRESENCE', type: 'USER_MEDIA_STATE', data } },
      new Date('2026-01-02T03:04:05Z'),
    );
    assert.equal(unrecognised, false);
    event.keys.sort(); // order carries no meaning
    assert.deepEqual(event, {
      protocol: 'openscape',
      family: 'agent',
      type: 'USER_MEDIA_STATE',
      realm: 'PRESENCE',
      receivedAt: '2026-01-02T03:04:05.000Z',
      payload: data,
      keys: ['agent:3', 'agentId:100001', 'extension:554181015002'],
    });
  });

  it('tolerates a bare {realm,type,data} and a realm with a trailing space', () => {
    const { event } = decodeWebhookBody({ realm: 'TELEPHONY ', type: 'SERVER_DISCONNECTED_EVENT', data: { serverName: 'x' } });
    assert.equal(event.realm, 'TELEPHONY');
    assert.equal(event.family, 'contact');
    assert.deepEqual(event.payload, { serverName: 'x' });
  });

  it('passes unknown types and realms on as family other', () => {
    const a = decodeWebhookBody({ type: 'EVENT', data: { realm: 'EMAIL', type: 'NEW_MAIL_EVENT', data: { agentKey: 7 } } });
    assert.equal(a.event.family, 'other');
    assert.equal(a.event.type, 'NEW_MAIL_EVENT');
    assert.deepEqual(a.event.keys, ['agent:7']);
    const b = decodeWebhookBody({ hello: 'world' });
    assert.equal(b.unrecognised, true);
    assert.equal(b.event.family, 'other');
    assert.deepEqual(b.event.payload, { hello: 'world' });
  });

  it('maps realms to families', () => {
    assert.equal(familyOfRealm('PRESENCE'), 'agent');
    for (const r of ['TELEPHONY', 'ROUTING', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA']) assert.equal(familyOfRealm(r), 'contact');
    assert.equal(familyOfRealm('ADMINISTRATION'), 'entity');
    assert.equal(familyOfRealm('REALTIME'), 'statistics');
    assert.equal(familyOfRealm('NOPE'), 'other');
    assert.equal(familyOfRealm(undefined), 'other');
  });

  it('reads telephony resource as extension, parties, and the call', () => {
    const keys = extractEventKeys('TELEPHONY', 'DELIVERED_EVENT', {
      resource: '554181021113',
      uniqueCallId: '1501535040072742',
      deliveredToParty: { agentKey: 3, device: '554181021113', type: 'AGENT' },
      fromParty: { agentKey: 0, device: '554181021119', type: 'AGENT' },
      redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' },
    });
    assert.deepEqual(keys.sort(), ['agent:3', 'call:1501535040072742', 'extension:554181021113', 'extension:554181021119'].sort());
  });

  it('reads callback/webchat/openmedia resource as the agent', () => {
    assert.ok(extractEventKeys('CALLBACK', 'DELIVERED_CALLBACK_EVENT', { resource: '3', uniqueCallId: 'C1' }).includes('agent:3'));
    assert.ok(extractEventKeys('OPENMEDIA', 'DELIVERED_OPENMEDIA_EVENT', { resource: '3', connectorKey: 1 }).includes('connector:1'));
  });

  it('reads every element of a realtime event and the queryId', () => {
    const keys = extractEventKeys('REALTIME', 'GROUP_REALTIME_EVENT', {
      queryId: 28,
      elements: [{ groupKey: 1 }, { groupKey: 2 }],
    });
    assert.deepEqual(keys.sort(), ['group:1', 'group:2', 'query:28']);
    const users = extractEventKeys('REALTIME', 'USER_REALTIME_EVENT', {
      queryId: 29,
      elements: [{ userKey: 3, extension: '554181021112', contacts: [] }],
    });
    assert.deepEqual(users.sort(), ['agent:3', 'extension:554181021112', 'query:29']);
  });

  it('reads admin entities and deleted key lists by the event type', () => {
    assert.deepEqual(extractEventKeys('ADMINISTRATION', 'USER_DELETED_EVENT', { keyList: [7] }), ['agent:7']);
    assert.deepEqual(extractEventKeys('ADMINISTRATION', 'QUEUE_UPDATED_EVENT', { eventAction: 'ADD', entity: { key: 7, name: 'Q' } }), ['queue:7']);
    const user = extractEventKeys('ADMINISTRATION', 'USER_UPDATED_EVENT', { entity: { agentKey: 1, agentId: '1001' } });
    assert.deepEqual(user.sort(), ['agent:1', 'agentId:1001']);
  });

  it('reads the reason key of V2 reason events, the flat V1 entity and the V1 list of strings', () => {
    assert.deepEqual(extractEventKeys('ADMINISTRATION', 'UNAVAILABLEREASON_UPDATED_EVENT', { eventAction: 'ADD', entity: { reasonKey: 1 } }), ['unavailableReason:1']);
    assert.deepEqual(extractEventKeys('ADMINISTRATION', 'CALLBACK_DELETE_REASON_UPDATED_EVENT', { reasonKey: 2, name: 'x' }), ['callbackDeleteReason:2']);
    assert.deepEqual(extractEventKeys('ADMINISTRATION', 'QUEUE_UPDATED_EVENT', { key: 1, name: 'Q' }), ['queue:1']);
    assert.deepEqual(extractEventKeys('ADMINISTRATION', 'USER_DELETED_EVENT', ['7', '8']), ['agent:7', 'agent:8']);
    const { event } = decodeWebhookBody({ type: 'EVENT', data: { realm: 'ADMINISTRATION', type: 'USER_DELETED_EVENT', data: ['7'] } });
    assert.deepEqual(event.payload, ['7']);
    assert.deepEqual(event.keys, ['agent:7']);
  });

  it('reads every party, the *AgentKey fields and the realtime contacts', () => {
    const keys = extractEventKeys('TELEPHONY', 'CONFERENCED_EVENT', {
      invitingParty: { agentKey: 3, device: '11' },
      conferenceParties: [{ agentKey: 5, device: '12' }],
    });
    assert.deepEqual(keys.sort(), ['agent:3', 'agent:5', 'extension:11', 'extension:12']);
    assert.deepEqual(extractEventKeys('WEB_INTERACTION', 'DIVERTED_WEB_CHAT_EVENT', { refusingAgentKey: 4 }), ['agent:4']);
    const user = extractEventKeys('REALTIME', 'USER_REALTIME_EVENT', { queryId: 1, elements: [{ userKey: 3, contacts: [{ associatedQueueKey: 2 }] }] });
    assert.deepEqual(user.sort(), ['agent:3', 'query:1', 'queue:2']);
  });
});
