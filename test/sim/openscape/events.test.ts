import assert from 'node:assert/strict';
import type { OpenScapeSimulator } from '../../../src/sim/openscape';
import { call, registerAndLogon, startSim, startWebhook, type Webhook } from './helpers';

type HookEvent = Webhook['events'][number];
const isType = (realm: string, type: string, match: (data: Record<string, unknown>) => boolean = () => true) => (event: HookEvent) =>
  event.type === 'EVENT' && event.data.realm === realm && event.data.type === type && match(event.data.data as Record<string, unknown>);

describe('OpenScape simulator: listens and webhook events', () => {
  let sim: OpenScapeSimulator;
  let hook: Webhook;
  let token: string;

  beforeEach(async () => {
    sim = await startSim();
    hook = await startWebhook();
    token = await registerAndLogon(sim, hook.url);
  });
  afterEach(async () => {
    await sim.stop();
    await hook.close();
  });

  it('posts command-caused telephony events to the webhook: Dial, Answer, Hold, Retrieve, Consult, Transfer, Disconnect', async () => {
    const [agent2, agent3, agent4] = sim.directory.users.slice(1, 4);
    assert.equal((await call(sim, 'POST', 'telephony/startlistenforevents', { resource: '*' }, token)).body.errorCode, 'NO_ERROR');
    assert.equal((await call(sim, 'POST', 'v2/telephony/logon', { agentKey: agent2.agentKey, extension: agent2.extension }, token)).body.errorCode, 'NO_ERROR');
    assert.equal((await call(sim, 'POST', 'telephony/dial', { from: agent2.extension, to: agent3.extension, nameToDisplay: 'Zoë' }, token)).body.errorCode, 'NO_ERROR');
    const originated = await hook.waitFor(isType('TELEPHONY', 'ORIGINATED_EVENT', (data) => data.resource === agent2.extension));
    const callId = String((originated.data.data as Record<string, unknown>).uniqueCallId);
    await hook.waitFor(isType('TELEPHONY', 'SERVICE_INITIATED_EVENT', (data) => data.uniqueCallId === callId));
    const delivered = await hook.waitFor(isType('TELEPHONY', 'DELIVERED_EVENT', (data) => data.resource === agent3.extension));
    assert.deepEqual((delivered.data.data as Record<string, unknown>).deliveredToParty, { agentKey: agent3.agentKey, device: agent3.extension, type: 'AGENT' });

    const line = await call(sim, 'POST', 'v2/telephony/queryline', { extension: agent3.extension }, token);
    assert.equal(line.body.status, 'RINGING');
    assert.equal(line.body.uniqueCallId, callId);

    assert.equal((await call(sim, 'POST', 'telephony/answer', { from: agent3.extension }, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('TELEPHONY', 'ESTABLISHED_EVENT', (data) => data.resource === agent3.extension));
    assert.equal((await call(sim, 'POST', 'telephony/querycall', { uniqueCallId: callId }, token)).body.state, 'CONNECTED');

    assert.equal((await call(sim, 'POST', 'telephony/hold', { from: agent3.extension, uniqueCallId: callId }, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('TELEPHONY', 'HELD_EVENT', (data) => data.uniqueCallId === callId));
    assert.equal((await call(sim, 'POST', 'telephony/retrieve', { from: agent3.extension, uniqueCallId: callId }, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('TELEPHONY', 'RETRIEVED_EVENT', (data) => data.uniqueCallId === callId));

    assert.equal((await call(sim, 'POST', 'telephony/consult', { from: agent3.extension, to: agent4.extension, uniqueCallId: callId }, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('TELEPHONY', 'DELIVERED_EVENT', (data) => data.resource === agent4.extension));
    assert.equal((await call(sim, 'POST', 'v2/telephony/queryline', { extension: agent3.extension }, token)).body.status, 'CONSULTING');
    assert.equal((await call(sim, 'POST', 'telephony/transfer', { from: agent3.extension, uniqueCallId: callId }, token)).body.errorCode, 'NO_ERROR');
    const transferred = await hook.waitFor(isType('TELEPHONY', 'TRANSFERRED_EVENT', (data) => data.uniqueCallId === callId));
    assert.equal(((transferred.data.data as Record<string, unknown>).toParty as Record<string, unknown>).device, agent4.extension);

    // A request on a call the simulator does not know is refused.
    assert.equal((await call(sim, 'POST', 'telephony/hold', { from: agent3.extension, uniqueCallId: '42' }, token)).body.errorCode, 'TELEPHONY_STATEERROR');
    assert.equal((await call(sim, 'POST', 'telephony/dial', { from: 'abc', to: agent3.extension }, token)).body.errorCode, 'TELEPHONY_INVALID_EXTENSION');
  });

  it('sends only the resources an application listens to, and nothing after StopListenForEvents (printed URL)', async () => {
    const [agent2, agent3] = sim.directory.users.slice(1, 3);
    await call(sim, 'POST', 'telephony/startlistenforevents', { resource: agent2.extension }, token);
    assert.deepEqual(sim.listens()[0].realms, { TELEPHONY: [agent2.extension] });
    const delivered: string[] = [];
    sim.on('event', (event: { body: { data: { data: { resource: string } } } }) => delivered.push(event.body.data.data.resource));
    sim.postEvent('TELEPHONY', 'HELD_EVENT', { resource: agent3.extension, uniqueCallId: '1' });
    sim.postEvent('TELEPHONY', 'HELD_EVENT', { resource: agent2.extension, uniqueCallId: '2' });
    sim.postEvent('PRESENCE', 'USER_ROUTING_STATE', { agentKey: agent2.agentKey });
    assert.deepEqual(delivered, [agent2.extension]);
    await hook.waitFor(isType('TELEPHONY', 'HELD_EVENT', (data) => data.uniqueCallId === '2'));
    assert.equal((await call(sim, 'POST', 'telephony/stoplisterforevents', { resource: agent2.extension }, token)).body.errorCode, 'NO_ERROR');
    assert.deepEqual(sim.listens()[0].realms, {});
    sim.postEvent('TELEPHONY', 'HELD_EVENT', { resource: agent2.extension, uniqueCallId: '3' });
    assert.deepEqual(delivered, [agent2.extension]);
    await sim.webhooksIdle();
    assert.equal(hook.events.filter((event) => event.data.type === 'HELD_EVENT').length, 1);
  });

  it('sends presence events for SetRoutingState and media logons', async () => {
    const agent = sim.directory.users[2];
    await call(sim, 'POST', 'presence/startlistenforevents', { resource: agent.agentKey }, token);
    const refused = await call(sim, 'POST', 'presence/setroutingstate', { state: 'AVAILABLE', agentKey: agent.agentKey, agentId: agent.agentId, reason: 0 }, token);
    assert.equal(refused.body.errorCode, 'PRESENCE_ACTION_FAILED', 'an agent logged on to no media cannot become available');
    assert.equal((await call(sim, 'POST', 'callback/logon', { agentKey: agent.agentKey, extension: agent.extension }, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('PRESENCE', 'USER_MEDIA_STATE', (data) => data.mediaType === 'CALLBACK' && data.mediaState === 'LOGON'));
    const accepted = await call(sim, 'POST', 'presence/setroutingstate', { state: 'AVAILABLE', agentKey: agent.agentKey, reason: 0 }, token);
    assert.deepEqual(accepted.body, { errorCode: 'PRESENCE_ACTION_SUCCEED', errorDetails: 'PRESENCE_ACTION_SUCCEED' });
    const routing = await hook.waitFor(isType('PRESENCE', 'USER_ROUTING_STATE', (data) => data.routingState === 'AVAILABLE'));
    const data = routing.data.data as Record<string, unknown>;
    assert.equal(data.agentKey, agent.agentKey);
    assert.deepEqual(data.loggedOnMediaTypes, ['CALLBACK']);
    assert.equal(data.presenceState, 'IDLE');
  });

  it('sends routing events for EnqueueCall and contact data changes, and answers QueryCall', async () => {
    await call(sim, 'POST', 'routing/startlistenforevents', undefined, token);
    const enqueue = { uniqueCallId: '1491539316351272', description: 'Enqueue to queue Sales', contactData: [{ key: 'customer', value: 'Müller' }], mediaType: 'VOICE', queueKey: 1, priority: 1 };
    assert.equal((await call(sim, 'POST', 'routing/enqueuecall', enqueue, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('ROUTING', 'ENQUEUE_CALL_EVENT', (data) => data.uniqueCallId === enqueue.uniqueCallId && data.queueKey === 1));
    await call(sim, 'POST', 'routing/addcontactdata', { key: 'transaction', value: 'sales', uniqueCallId: enqueue.uniqueCallId }, token);
    const updated = await hook.waitFor(isType('ROUTING', 'ROUTING_INFORMATION_UPDATED_EVENT'));
    assert.deepEqual((updated.data.data as Record<string, unknown>).contactData, [{ key: 'customer', value: 'Müller' }, { key: 'transaction', value: 'sales' }]);
    const query = await call(sim, 'POST', 'routing/querycall', { uniqueCallId: enqueue.uniqueCallId }, token);
    assert.equal((query.body.routingCall as Record<string, unknown>).state, 'QUEUED');
    assert.equal((await call(sim, 'POST', 'routing/dequeuecall', { uniqueCallId: enqueue.uniqueCallId, abandonedCall: true }, token)).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('ROUTING', 'DEQUEUE_CALL_EVENT', (data) => data.dequeueReason === 'CALLABANDONED'));
    assert.equal((await call(sim, 'POST', 'routing/querycall', { uniqueCallId: 'unknown' }, token)).body.errorCode, 'GENERAL_ERROR');
  });

  it('shapes admin events for V2 ({eventAction, entity}, {keyList}) and V1 (entity, ["7"]) applications', async () => {
    const v1Hook = await startWebhook();
    try {
      const v1 = await registerAndLogon(sim, v1Hook.url, 'V1');
      await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
      await call(sim, 'POST', 'admin/startlistenforevents', undefined, v1);
      const entity = { key: 1, name: 'Default Voice Queue', description: 'Default voice queue', mediaType: 'VOICE' };
      sim.postEvent('ADMINISTRATION', 'QUEUE_UPDATED_EVENT', { eventAction: 'ADD', entity });
      sim.postEvent('ADMINISTRATION', 'USER_DELETED_EVENT', { keyList: [7] });
      sim.postEvent('ADMINISTRATION', 'OPENMEDIA_DISCARDREASON_UPDATED_EVENT', { eventAction: 'UPDATE', entity: { reasonKey: 1, name: 'x', description: 'y' } });
      assert.deepEqual((await hook.waitFor(isType('ADMINISTRATION', 'QUEUE_UPDATED_EVENT'))).data.data, { eventAction: 'ADD', entity });
      assert.deepEqual((await hook.waitFor(isType('ADMINISTRATION', 'USER_DELETED_EVENT'))).data.data, { keyList: [7] });
      await hook.waitFor(isType('ADMINISTRATION', 'OPENMEDIA_DISCARDREASON_UPDATED_EVENT'));
      assert.deepEqual((await v1Hook.waitFor(isType('ADMINISTRATION', 'QUEUE_UPDATED_EVENT'))).data.data, entity);
      assert.deepEqual((await v1Hook.waitFor(isType('ADMINISTRATION', 'USER_DELETED_EVENT'))).data.data, ['7']);
      await sim.webhooksIdle();
      assert.equal(v1Hook.events.some((event) => event.data.type.startsWith('OPENMEDIA_DISCARDREASON')), false, 'V1 has no OpenMedia discard reason event');
    } finally {
      await v1Hook.close();
    }
  });

  it("sends the EventType list's spellings with eventSpelling 'list', and both with 'mixed'", async () => {
    for (const eventSpelling of ['list', 'mixed'] as const) {
      await sim.stop();
      await hook.close();
      sim = await startSim({ eventSpelling });
      hook = await startWebhook();
      token = await registerAndLogon(sim, hook.url);
      await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
      await call(sim, 'POST', 'telephony/startlistenforevents', { resource: '*' }, token);
      for (let index = 0; index < 2; index++) {
        sim.postEvent('ADMINISTRATION', 'UNAVAILABLEREASON_UPDATED_EVENT', { eventAction: 'ADD', entity: { reasonKey: 1, name: 'Pause', description: '' } });
        sim.postEvent('TELEPHONY', 'SERVICE_ENABLED_EVENT', { resource: '554181015002' });
      }
      await sim.webhooksIdle();
      const types = hook.events.map((event) => event.data.type).sort();
      assert.deepEqual(
        types,
        eventSpelling === 'list'
          ? ['SERVICES_ENABLED_EVENT', 'SERVICES_ENABLED_EVENT', 'UNAVAILBLEREASON_UPDATED_EVENT', 'UNAVAILBLEREASON_UPDATED_EVENT']
          : ['SERVICES_ENABLED_EVENT', 'SERVICE_ENABLED_EVENT', 'UNAVAILABLEREASON_UPDATED_EVENT', 'UNAVAILBLEREASON_UPDATED_EVENT'],
      );
    }
  });

  it('counts failed webhook posts and keeps running when the webhook answers errors or is gone', async () => {
    await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
    hook.status = 500;
    sim.postEvent('ADMINISTRATION', 'SERVER_CONNECTED_EVENT', { serverName: 'localhost' });
    await sim.webhooksIdle();
    assert.equal(sim.webhookPosts.failed, 1);
    await hook.close();
    hook = await startWebhook();
    sim.postEvent('ADMINISTRATION', 'SERVER_DISCONNECTED_EVENT', { serverName: 'localhost' });
    await sim.webhooksIdle();
    assert.equal(sim.webhookPosts.failed, 2);
    assert.equal(sim.webhookPosts.delivered, 0);
    assert.equal((await call(sim, 'POST', 'main/keepalive', {}, token)).body.errorCode, 0);
  });

  it('bounds the queue of each webhook, dropping the oldest events', async () => {
    await sim.stop();
    sim = await startSim({ webhookQueueLimit: 3 });
    token = await registerAndLogon(sim, hook.url);
    await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
    for (let index = 0; index < 10; index++) sim.postEvent('ADMINISTRATION', 'SERVER_CONNECTED_EVENT', { serverName: `s${index}` });
    await sim.webhooksIdle();
    const counters = sim.webhookPosts;
    assert.equal(counters.delivered + counters.dropped, 10);
    assert.ok(counters.dropped >= 6, JSON.stringify(counters));
    assert.equal(hook.events.at(-1)?.data.data && (hook.events.at(-1)?.data.data as Record<string, unknown>).serverName, 's9');
  });

  it('answers callback, web collaboration and open media requests on the generated day’s contacts', async () => {
    await sim.stop();
    sim = await startSim({ generate: true, eventIntervalMs: 1, seed: 7 });
    token = await registerAndLogon(sim, hook.url);
    for (const area of ['openmedia', 'webcollaboration', 'callback']) await call(sim, 'POST', `${area}/startlistenforevents`, { resource: '*' }, token);
    const delivered = await hook.waitFor(isType('OPENMEDIA', 'DELIVERED_OPENMEDIA_EVENT'));
    const callId = String((delivered.data.data as Record<string, unknown>).uniqueCallId);
    const reply = await call(sim, 'POST', 'openmedia/getstream', { uniqueCallId: callId }, token);
    // The day may already have closed the contact; both answers are the guide's.
    assert.ok(['NO_ERROR', 'OPENMEDIA_ERROR'].includes(String(reply.body.errorCode)));
    const chat = await hook.waitFor(isType('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT'));
    assert.match(String((chat.data.data as Record<string, unknown>).uniqueCallId), /^W/);
    assert.equal((await call(sim, 'POST', 'webcollaboration/accept', { agentKey: 1, uniqueCallId: 'W0' }, token)).body.errorCode, 'WEB_INTERACTION_ERROR');
    await hook.waitFor(isType('CALLBACK', 'DELIVERED_CALLBACK_EVENT'));
  });
});
