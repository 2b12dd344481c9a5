import assert from 'node:assert/strict';
import type { OpenScapeSimulator } from '../../../src/sim/openscape';
import { call, CLIENT, register, registerAndLogon, startSim, TOKEN } from './helpers';

describe('OpenScape simulator: main requests (guide 4.1)', () => {
  let sim: OpenScapeSimulator;

  beforeEach(async () => {
    sim = await startSim({ busUnitName: 'Default' });
  });
  afterEach(async () => {
    await sim.stop();
  });

  const registerWith = (application: Record<string, unknown>, webhookURL: unknown = 'http://127.0.0.1:9/hook') =>
    call(sim, 'POST', 'main/registerApplication', { webhookURL, webhookAPIVersion: 'V2', application });

  it('registers with the right client name, token and business unit and returns a 64-hex session token', async () => {
    const reply = await registerWith({ name: CLIENT, token: TOKEN, busUnitName: 'Default' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.errorCode, 'NO_ERROR');
    assert.equal(reply.body.errorDetails, 'NO_ERROR');
    assert.match(String(reply.body.sessionToken), /^[0-9a-f]{64}$/);
  });

  it('refuses a wrong client name, token or business unit with the ErrorCode of the guide', async () => {
    assert.equal((await registerWith({ name: 'other', token: TOKEN, busUnitName: 'Default' })).body.errorCode, 'CLIENT_NAME_NOT_FOUND');
    assert.equal((await registerWith({ name: CLIENT, token: 'wrong', busUnitName: 'Default' })).body.errorCode, 'CLIENT_TOKEN_NOT_FOUND');
    assert.equal((await registerWith({ name: CLIENT, token: TOKEN, busUnitName: 'Company1' })).body.errorCode, 'INVALID_BUSINESS_UNIT_NAME');
    assert.equal((await registerWith({ name: 'x'.repeat(33), token: TOKEN })).body.errorCode, 'PARAMETER_LENGTH_TOO_LONG');
    assert.equal((await registerWith({ name: CLIENT, token: TOKEN, busUnitName: 'Default' }, '')).body.errorCode, 'EMPTY_PARAMETER');
    const refused = await registerWith({ name: CLIENT, token: 'wrong', busUnitName: 'Default' });
    assert.equal(refused.body.sessionToken, undefined);
    assert.equal(sim.listens().length, 0);
  });

  it('does not check the business unit when none is configured', async () => {
    await sim.stop();
    sim = await startSim();
    assert.equal((await registerWith({ name: CLIENT, token: TOKEN })).body.errorCode, 'NO_ERROR');
  });

  it('needs the bare session token in Authorization for every other request', async () => {
    const missing = await call(sim, 'POST', 'main/keepalive', {});
    assert.equal(missing.body.errorCode, 'APPLICATION_NOT_REGISTERED');
    const token = await register(sim);
    const bearer = await call(sim, 'POST', 'main/keepalive', {}, `Bearer ${token}`);
    assert.equal(bearer.body.errorCode, 'APPLICATION_NOT_REGISTERED');
    const bare = await call(sim, 'POST', 'main/keepalive', {}, token);
    assert.deepEqual(bare.body, { type: 'keepAlive', errorCode: 0, errorDetails: '' });
    assert.equal(sim.requests.at(-1)?.token, token);
  });

  it('needs main/logon before most requests, but not for GetUsers', async () => {
    const token = await register(sim);
    const queues = await call(sim, 'GET', 'admin/queues', undefined, token);
    assert.equal(queues.body.errorCode, 'AUTH_STATEMENT_NOT_VALID');
    const users = await call(sim, 'GET', 'admin/users', undefined, token);
    assert.equal(users.body.errorCode, 'NO_ERROR');
    const list = users.body.users as Array<Record<string, unknown>>;
    assert.ok(list.length > 0);
    assert.equal(list[0].agentKey, 1);
    assert.equal(typeof list[0].userName, 'string');
    assert.equal(list[0].password, undefined, 'passwords never leave the simulator');
    assert.ok(list.some((user) => /[^\x00-\x7f]/.test(`${String(user.firstName)}${String(user.lastName)}`)), 'non-ASCII names');
    const wrong = await call(sim, 'POST', 'main/logon', { agentKey: 1, password: 'nope' }, token);
    assert.equal(wrong.body.errorCode, 'ADMIN_INVALID_CREDENTIALS_TO_LOGON');
    const logon = await call(sim, 'POST', 'main/logon', { agentKey: 1, password: 'demo' }, token);
    assert.deepEqual(logon.body, { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' });
    assert.equal((await call(sim, 'GET', 'admin/queues', undefined, token)).body.errorCode, 'NO_ERROR');
  });

  it('answers GetServerState for the media realms', async () => {
    const token = await register(sim);
    const reply = await call(sim, 'POST', 'main/getserverstate', { realm: 'TELEPHONY' }, token);
    assert.deepEqual(reply.body, { serverState: 'AVAILABLE', errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' });
    assert.equal((await call(sim, 'POST', 'main/getserverstate', { realm: 'ADMINISTRATION' }, token)).body.errorCode, 'WRONG_API_REQUEST');
  });

  it('unregisters (v2 and v1) and then refuses the token', async () => {
    const token = await registerAndLogon(sim);
    assert.deepEqual((await call(sim, 'POST', 'v2/main/unregisterApplication', undefined, token)).body, { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR' });
    assert.equal((await call(sim, 'POST', 'main/keepalive', {}, token)).body.errorCode, 'APPLICATION_NOT_REGISTERED');
    const second = await register(sim);
    const v1 = await call(sim, 'POST', 'main/unregisterApplication', { webhookURL: 'http://127.0.0.1:9/hook', application: { name: CLIENT, token: TOKEN } }, second);
    assert.deepEqual(v1.body, { errorCode: 'NO_ERROR', errorDetails: 'NO_ERROR', sessionToken: '' });
    assert.equal(sim.listens().length, 0);
  });

  it('keeps several registrations apart', async () => {
    const first = await register(sim);
    const second = await register(sim);
    assert.notEqual(first, second);
    assert.equal(sim.listens().length, 2);
    await call(sim, 'POST', 'v2/main/unregisterApplication', undefined, first);
    assert.equal((await call(sim, 'POST', 'main/keepalive', {}, second)).body.errorCode, 0);
  });

  it('answers 404 for unknown URLs, 405 for the wrong method and 400 for a body that is not JSON', async () => {
    const token = await registerAndLogon(sim);
    assert.equal((await call(sim, 'POST', 'main/nothing', {}, token)).status, 404);
    assert.equal((await call(sim, 'GET', 'main/keepalive', undefined, token)).status, 405);
    assert.equal((await call(sim, 'POST', 'admin/queues', {}, token)).status, 405);
    assert.equal((await call(sim, 'POST', 'main/logon', '{"agentKey": 1,', token)).status, 400);
    assert.equal((await call(sim, 'POST', 'main/logon', '[1]', token)).status, 400);
  });

  it('records requests and emits request and registered events', async () => {
    const seen: string[] = [];
    sim.on('request', (request: { path: string }) => seen.push(request.path));
    const registered = new Promise<{ appId: string }>((resolve) => sim.once('registered', resolve));
    await register(sim);
    assert.equal((await registered).appId, 'app1');
    assert.deepEqual(seen, ['main/registerApplication']);
    assert.equal(sim.requests[0].method, 'POST');
    const recorded = sim.requests[0].body as { application: { token: string; name: string } };
    assert.equal(recorded.application.token, '(hidden)', 'the client token is not kept');
    assert.equal(recorded.application.name, CLIENT);
  });
});
