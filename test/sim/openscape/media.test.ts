import assert from 'node:assert/strict';
import type { OpenScapeSimulator } from '../../../src/sim/openscape';
import { call, registerAndLogon, startSim, startWebhook, type Webhook } from './helpers';

type HookEvent = Webhook['events'][number];
const isType = (realm: string, type: string, match: (data: Record<string, unknown>) => boolean = () => true) => (event: HookEvent) =>
  event.data.realm === realm && event.data.type === type && match(event.data.data as Record<string, unknown>);
const dataOf = (event: HookEvent) => event.data.data as Record<string, unknown>;

describe('OpenScape simulator: callback, web collaboration and open media requests', () => {
  let sim: OpenScapeSimulator;
  let hook: Webhook;
  let token: string;
  const post = (path: string, body?: unknown) => call(sim, 'POST', path, body, token);

  beforeEach(async () => {
    sim = await startSim();
    hook = await startWebhook();
    token = await registerAndLogon(sim, hook.url);
  });
  afterEach(async () => {
    await sim.stop();
    await hook.close();
  });

  it('callback: Create for a reserved agent delivers it; Accept, Complete; QueryNewCallbacks answers by event', async () => {
    const agent = sim.directory.users[1];
    await post('callback/startlistenforevents', { resource: String(agent.agentKey) });
    assert.equal((await post('callback/logon', { agentKey: agent.agentKey, extension: agent.extension })).body.errorCode, 'NO_ERROR');
    assert.equal((await post('callback/delete', { agentKey: agent.agentKey, reasonKey: 5 })).body.errorCode, 'CALLBACK_DELETE_FAILED', 'nothing delivered yet');
    const schedule = [{ startTime: '2019-01-25T10:04:42-02:00', endTime: '2019-01-25T12:37:59-02:00', phoneNumber: '551138172345' }];
    const created = await post('callback/create', { agentKey: agent.agentKey, name: 'Zoë Ångström', queueKey: 2, description: 'Rückruf', priority: 20, reserveAgentKey: agent.agentKey, schedule });
    assert.equal(created.body.errorCode, 'NO_ERROR');
    const delivered = dataOf(await hook.waitFor(isType('CALLBACK', 'DELIVERED_CALLBACK_EVENT')));
    assert.equal(delivered.resource, String(agent.agentKey));
    assert.equal(delivered.name, 'Zoë Ångström');
    assert.deepEqual(delivered.schedules, [{ ...schedule[0], status: 'ACTIVE' }]);
    assert.equal((await post('callback/complete', { agentKey: agent.agentKey, successful: true })).body.errorCode, 'CALLBACK_COMPLETE_FAILED', 'not accepted yet');
    assert.equal((await post('callback/accept', { agentKey: agent.agentKey })).body.errorCode, 'NO_ERROR');
    assert.equal((await post('callback/complete', { agentKey: agent.agentKey, successful: true, retryDelay: 0 })).body.errorCode, 'NO_ERROR');

    await post('callback/create', { agentKey: agent.agentKey, name: 'Ana Luíza', queueKey: 2, schedule: schedule[0] });
    assert.equal((await post('callback/querynewcallbacks', { origin: 'ORIGIN_SDK', fromTime: '2019-01-25T10:05:42-02:00', toTime: '2019-01-25T12:37:59-02:00', queueKeys: [2] })).body.errorCode, 'NO_ERROR');
    const list = dataOf(await hook.waitFor(isType('CALLBACK', 'NEW_CALLBACKS_LIST_EVENT')));
    assert.deepEqual((list.callbacks as Array<{ name: string }>).map((item) => item.name), ['Ana Luíza']);
    assert.equal((await post('callback/querynewcallbacks', { origin: 'ORIGIN_SDK', fromTime: 'yesterday' })).body.errorCode, 'WRONG_DATE_FORMAT');
    assert.equal((await post('callback/create', { agentKey: agent.agentKey, name: 'x', queueKey: 99, schedule })).body.errorCode, 'CALLBACK_ERROR');
  });

  it('web collaboration: Accept, AddContent, InviteAgent, DeclineInvite, CallMe, Disconnect on a posted chat', async () => {
    const [agent, colleague] = sim.directory.users.slice(1, 3);
    await post('webcollaboration/startlistenforevents', { resource: '*' });
    const uniqueCallId = 'W869020181026170830001';
    sim.postEvent('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', { mediaType: 'WEB_COLLABORATION', resource: String(agent.agentKey), uniqueCallId, requeueCount: 0 });
    await hook.waitFor(isType('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT'));
    assert.equal((await post('webcollaboration/accept', { agentKey: agent.agentKey, uniqueCallId })).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('WEB_INTERACTION', 'ESTABLISHED_WEB_CHAT_EVENT', (data) => data.uniqueCallId === uniqueCallId));
    await post('webcollaboration/addcontent', { content: 'Grüß Gott, wie kann ich helfen?', agentKey: agent.agentKey, uniqueCallId });
    const content = dataOf(await hook.waitFor(isType('WEB_INTERACTION', 'CONTENT_WEB_CHAT_EVENT')));
    const chat = (content.chatContent as Array<{ chatCommitter: string; content: string }>)[0];
    assert.equal(chat.chatCommitter, 'AGENT');
    assert.ok(chat.content.includes('Grüß Gott'));
    await post('webcollaboration/inviteagent', { invitedAgentKey: colleague.agentKey, agentKey: agent.agentKey, uniqueCallId });
    const invited = dataOf(await hook.waitFor(isType('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', (data) => data.resource === String(colleague.agentKey))));
    assert.equal(invited.invitingAgentKey, agent.agentKey);
    await post('webcollaboration/declineinvite', { invitedAgentKey: colleague.agentKey, agentKey: agent.agentKey, uniqueCallId });
    assert.equal(dataOf(await hook.waitFor(isType('WEB_INTERACTION', 'DIVERTED_WEB_CHAT_EVENT'))).refusingAgentKey, colleague.agentKey);
    await post('webcollaboration/callme', { agentKey: agent.agentKey, uniqueCallId });
    await hook.waitFor(isType('WEB_INTERACTION', 'CALL_ME_ANSWER_WEB_CHAT_EVENT'));
    await post('webcollaboration/disconnect', { agentKey: agent.agentKey, uniqueCallId });
    assert.equal(dataOf(await hook.waitFor(isType('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT'))).disconnectReason, 'NORMAL_DISCONNECT');
    assert.equal((await post('webcollaboration/accept', { agentKey: agent.agentKey, uniqueCallId })).body.errorCode, 'WEB_INTERACTION_ERROR', 'the session is over');
  });

  it('open media: Accept, Defer, QueryDeferredMessages, Resume, GetStream, RequeueToQueue (printed URL), Discard', async () => {
    const agent = sim.directory.users[1];
    await post('openmedia/startlistenforevents', { resource: String(agent.agentKey) });
    assert.equal((await post('openmedia/logon', { connectorKey: 1, agentKey: agent.agentKey })).body.errorCode, 'NO_ERROR');
    assert.deepEqual((await post('openmedia/queryeligibleusers', { connectorKey: 1 })).body.agentKeys, [agent.agentKey]);
    assert.equal((await post('openmedia/logon', { connectorKey: 42, agentKey: agent.agentKey })).body.errorCode, 'OPENMEDIA_ERROR');
    const uniqueCallId = '0869020181026170830001';
    sim.postEvent('OPENMEDIA', 'DELIVERED_OPENMEDIA_EVENT', { mediaType: 'OPENMEDIA', resource: String(agent.agentKey), uniqueCallId, requeueCount: 0, connectorKey: 1, connectorName: 'CompanySystem' });
    await post('openmedia/accept', { uniqueCallId });
    await hook.waitFor(isType('OPENMEDIA', 'ESTABLISHED_OPENMEDIA_EVENT'));
    assert.equal((await post('openmedia/resume', { uniqueCallId })).body.errorCode, 'OPENMEDIA_ERROR', 'not deferred');
    await post('openmedia/defer', { agentKey: agent.agentKey, connectorKey: 1, draftMessage: 'Brouillon…', uniqueCallId });
    assert.equal(dataOf(await hook.waitFor(isType('OPENMEDIA', 'DEFERRED_OPENMEDIA_EVENT'))).deferReason, 'AGENTDEFER');
    const deferred = await post('openmedia/querydeferredmessages', { agentKey: agent.agentKey });
    assert.deepEqual((deferred.body.deferredList as Array<{ uniqueCallId: string }>).map((item) => item.uniqueCallId), [uniqueCallId]);
    await post('openmedia/resume', { uniqueCallId });
    assert.equal(dataOf(await hook.waitFor(isType('OPENMEDIA', 'RESUMED_OPENMEDIA_EVENT'))).draftMessage, 'Brouillon…');
    await post('openmedia/getstream', { uniqueCallId });
    assert.ok(Array.isArray(dataOf(await hook.waitFor(isType('OPENMEDIA', 'STREAM_RESPONSE_OPENMEDIA_EVENT'))).stream));
    assert.equal((await post('openmedia/requeuequeue', { queueKey: 5, priority: 20, uniqueCallId })).body.errorCode, 'NO_ERROR');
    assert.equal(dataOf(await hook.waitFor(isType('OPENMEDIA', 'TRANSFERRED_OPENMEDIA_EVENT'))).transferTarget, 'QUEUE');
    assert.equal((await post('openmedia/discard', { reasonKey: 99, uniqueCallId })).body.errorCode, 'OPENMEDIA_ERROR');
    await post('openmedia/discard', { reasonKey: 5, uniqueCallId });
    const discarded = dataOf(await hook.waitFor(isType('OPENMEDIA', 'DISCONNECTED_OPENMEDIA_EVENT')));
    assert.equal(discarded.disconnectReason, 'DISCARDED');
    assert.equal(discarded.discardReasonKey, 5);
  });

  it('telephony: a posted DELIVERED_EVENT rings the line, so Answer and QueryCall work on it', async () => {
    const agent = sim.directory.users[1];
    await post('telephony/startlistenforevents', { resource: agent.extension });
    sim.postEvent('TELEPHONY', 'DELIVERED_EVENT', { mediaType: 'VOICE', resource: agent.extension, uniqueCallId: '1501535040072742', originalFrom: '554181021119', originalTo: '554181022110', contactType: 'ROUTED_VOICE' });
    assert.equal((await post('v2/telephony/queryline', { extension: agent.extension })).body.status, 'RINGING');
    assert.equal((await post('telephony/answer', { from: agent.extension })).body.errorCode, 'NO_ERROR');
    await hook.waitFor(isType('TELEPHONY', 'ESTABLISHED_EVENT', (data) => data.uniqueCallId === '1501535040072742'));
    const queried = await post('telephony/querycall', { uniqueCallId: '1501535040072742' });
    assert.equal(queried.body.state, 'CONNECTED');
    assert.equal(queried.body.origANI, '554181021119');
  });
});
