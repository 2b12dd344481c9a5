import { strict as assert } from 'assert';
import { MitelSimulator } from '../../../src/sim/mitel';
import { FeedClient, type Frame } from './feed-client';

describe('Mitel simulator: agent commands', () => {
  let sim: MitelSimulator;
  let c: FeedClient;
  let watcher: FeedClient;

  beforeEach(async () => {
    sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 60000 });
    const port = await sim.start();
    c = await FeedClient.authenticated(port);
    watcher = await FeedClient.authenticated(port);
    await watcher.request({
      message: 'subscribe-events',
      subscribe: [
        ['ecc', 'agent-activity', ['*']],
        ['ecc', 'call-activity', ['*']],
      ],
    });
  });

  afterEach(async () => {
    await Promise.all([c.close(), watcher.close()]);
    await sim.stop();
  });

  const command = (sub: string, fields: Frame): Promise<Frame> => c.request({ message: 'command', 'sub-request-type': sub, ...fields });
  const loggedOutAgent = (): number => sim.entities.agents[sim.entities.agents.length - 1].id;
  const firstAgent = (): number => sim.entities.agents[0].id;

  it('login: Command Response result 0, then agent-login with groups and agent-idle to subscribers', async () => {
    const id = loggedOutAgent();
    const answer = await command('login', { 'agent-id': String(id), 'agent-number': '', 'agent-extension': '', 'group-type': 4, 'group-id': 0 });
    assert.equal(answer.message, 'command');
    assert.equal(answer.command, 'login');
    assert.equal(answer.result, 0);
    const login = await watcher.waitFor((f) => f.message === 'agent-login');
    assert.equal(login['agent-id'], id);
    assert.equal(login.cause, 12); // LOGIN
    assert.ok(Array.isArray(login.groups) && (login.groups as Frame[]).some((g) => g.type === 4));
    const idle = await watcher.waitFor((f) => f.message === 'agent-idle');
    assert.equal(idle['agent-id'], id);
    // The requester did not subscribe: it gets only the answer.
    assert.ok(!c.messages().includes('agent-login'));
  });

  it('rejects a command for an unknown agent, a bad release code, or a missing call-id with a negative result', async () => {
    const unknown = await command('resume', { 'agent-id': 424242 });
    assert.ok((unknown.result as number) < 0);
    assert.match(String(unknown['error-msg']), /no such agent/);
    const badCode = await command('release', { 'agent-id': firstAgent(), 'release-code': 99 });
    assert.ok((badCode.result as number) < 0);
    const noCall = await command('answer', { 'agent-id': firstAgent() });
    assert.ok((noCall.result as number) < 0);
    const notLoggedIn = await command('release', { 'agent-id': loggedOutAgent(), 'release-code': 1 });
    assert.ok((notLoggedIn.result as number) < 0);
    const badGroup = await command('login', { 'agent-id': loggedOutAgent(), 'group-type': 4, 'group-id': 99 });
    assert.ok((badGroup.result as number) < 0);
    const unknownCommand = await command('dance', { 'agent-id': firstAgent() });
    assert.ok((unknownCommand.result as number) < 0);
    assert.equal(unknownCommand.command, 'dance');
  });

  it('release then resume: agent-release with the code, agent-idle with cause RESUMED', async () => {
    const id = firstAgent();
    const code = sim.entities.releaseCodes[1].id;
    assert.equal((await command('release', { 'agent-id': id, 'release-code': code })).result, 0);
    const release = await watcher.waitFor((f) => f.message === 'agent-release' && f['agent-id'] === id);
    assert.equal(release['release-code'], code);
    assert.equal((await command('resume', { 'agent-id': id })).result, 0);
    const idle = await watcher.waitFor((f) => f.message === 'agent-idle' && f['agent-id'] === id);
    assert.equal(idle.cause, 11);
  });

  it('answer, hangup, wrapup-code, end-wrapup: the call and agent events in order', async () => {
    const id = firstAgent();
    const callId = 123456;
    assert.equal((await command('answer', { 'agent-id': id, 'call-id': callId })).result, 0);
    const established = await watcher.waitFor((f) => f.message === 'established');
    assert.equal(established['call-id'], callId);
    assert.ok(Array.isArray(established['call-table']));
    const onCall = await watcher.waitFor((f) => f.message === 'agent-on-call');
    assert.equal(onCall['call-id'], callId);

    assert.equal((await command('hangup', { 'agent-id': id, 'call-id': callId })).result, 0);
    const cleared = await watcher.waitFor((f) => f.message === 'call-cleared');
    assert.equal(cleared['call-id'], callId);
    const wrap = await watcher.waitFor((f) => f.message === 'agent-wrap');
    assert.equal(wrap['call-id'], callId);

    const code = sim.entities.wrapupCodes[2].id;
    assert.equal((await command('wrapup-code', { 'agent-id': id, 'wrapup-code-id': code, 'call-id': callId })).result, 0);
    const wrapCode = await watcher.waitFor((f) => f.message === 'wrap-code');
    assert.equal(wrapCode['wrapup-code-id'], code);

    assert.equal((await command('manual-wrapup', { 'agent-id': id, 'call-id': callId })).result, 0);
    assert.equal((await command('end-wrapup', { 'agent-id': id, 'call-id': callId })).result, 0);
    const ended = await watcher.waitFor((f) => f.message === 'wrap-ended');
    assert.deepEqual(ended['wrapup-id-list'], [code]);
    const idle = await watcher.waitFor((f) => f.message === 'agent-idle' && f.cause === 14);
    assert.equal(idle['agent-id'], id);

    const order = watcher.messages().filter((m) => m !== 'subscribe-events' && m !== 'authenticate');
    assert.deepEqual(order, ['established', 'agent-on-call', 'call-cleared', 'agent-wrap', 'wrap-code', 'wrap-ended', 'agent-idle']);
  });

  it('logout: agent-logout (simulator decision: the guide has no logout event), then release is refused', async () => {
    const id = firstAgent();
    assert.equal((await command('logout', { 'agent-id': id, 'group-type': 4, 'group-id': 0 })).result, 0);
    await watcher.waitFor((f) => f.message === 'agent-logout' && f['agent-id'] === id);
    const refused = await command('release', { 'agent-id': id, 'release-code': 1 });
    assert.ok((refused.result as number) < 0);
  });

  it('records every request with its connection id', async () => {
    await command('resume', { 'agent-id': firstAgent() });
    const last = sim.requests[sim.requests.length - 1];
    assert.equal(last['sub-request-type'], 'resume');
    assert.equal(last.connectionId, 1);
  });
});
