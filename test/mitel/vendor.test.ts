import assert from 'assert/strict';
import * as net from 'net';
import { CcError } from '../../src/core/errors';
import { mitelVendor } from '../../src/mitel/vendor';
import { MitelClient } from '../../src/mitel/client';
import { COMMANDS, COMMAND_NAMES, ENTITY_KINDS, ENTITY_LIST_OPERATIONS, STATISTICS_MESSAGES, SUBSCRIPTION_TYPE_NAMES } from '../../src/mitel/names';
import { MitelSimulator } from '../../src/sim/mitel';

function badParams(pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof CcError && e.code === 'BAD_PARAMS' && pattern.test(e.message);
}

describe('mitelVendor', () => {
  it('names, words and kinds', () => {
    assert.equal(mitelVendor.vendor, 'mitel');
    assert.equal(mitelVendor.title, 'Mitel Connect Contact Center');
    assert.equal(mitelVendor.subscribeVerb, 'subscribe-events');
    assert.deepEqual(mitelVendor.configurationOnlyTypes, ['entity']);
    assert.deepEqual(mitelVendor.entityKinds, ['agents', 'groups', 'agent-queues', 'email-agent-queues', 'dnis', 'release-codes', 'wrapup-codes']);
    assert.equal(mitelVendor.describe({ host: 'pbx', port: '31456' }), 'pbx:31456');
    assert.equal(mitelVendor.target({ host: ' pbx ', port: 31456 }), 'pbx:31456');
    assert.equal(mitelVendor.targetWords, 'host and port');
  });

  it('catalog: the editor tables, roles from the lists resolveOperation accepts, and fields', () => {
    const c = mitelVendor.catalog() as Record<string, unknown>;
    assert.deepEqual(c.commands, { ...COMMANDS });
    assert.deepEqual(c.entityLists, Object.keys(ENTITY_LIST_OPERATIONS));
    assert.deepEqual(c.subscriptionTypes, [...SUBSCRIPTION_TYPE_NAMES]);
    assert.deepEqual(c.statisticsTypes, [...STATISTICS_MESSAGES, 'agent-need-help']);
    assert.equal(c.entityKinds, ENTITY_KINDS);
    assert.deepEqual(Object.keys(c.eventTypes as object), ['agent', 'contact', 'entity', 'statistics']);
    const roles = c.roles as Record<'agent-command' | 'telephony' | 'request', string[]>;
    assert.deepEqual(roles['agent-command'], COMMAND_NAMES);
    assert.deepEqual(roles.telephony, ['answer', 'hangup']);
    assert.ok(roles.request.includes('entities.agents') && roles.request.includes('entities.all'));
    for (const [role, names] of Object.entries(roles)) {
      for (const name of names) assert.doesNotThrow(() => mitelVendor.resolveOperation(role as 'request', name), `${role} ${name}`);
    }
    const fields = c.fields as Record<string, string[]>;
    assert.deepEqual(fields['login'], ['agent-id', 'agent-number', 'agent-extension', 'group-type', 'group-id']);
    assert.deepEqual(fields['hangup'], ['agent-id', 'call-id']);
    assert.deepEqual(fields['entities.agents'], []);
    assert.equal(mitelVendor.catalog(), c, 'built once');
  });

  it('resolveOperation per role, with the messages of the nodes', () => {
    assert.equal(mitelVendor.resolveOperation('agent-command', ' Login '), 'command.login');
    assert.equal(mitelVendor.resolveOperation('agent-command', 'command:release'), 'command.release');
    assert.throws(() => mitelVendor.resolveOperation('agent-command', 'fly'), badParams(/^"fly" is not a Mitel agent command; the commands are login, logout/));
    assert.equal(mitelVendor.resolveOperation('telephony', 'telephony.Answer'), 'command.answer');
    assert.equal(mitelVendor.resolveOperation('telephony', 'hangup'), 'command.hangup');
    assert.throws(() => mitelVendor.resolveOperation('telephony', 'Dial'), badParams(/^"Dial" is not offered by the Mitel event feed; it offers answer and hangup$/));
    assert.equal(mitelVendor.resolveOperation('request', 'agents'), 'entities.agents');
    assert.equal(mitelVendor.resolveOperation('request', 'entities:groups'), 'entities.groups');
    assert.equal(mitelVendor.resolveOperation('request', 'command.resume'), 'command.resume');
    assert.throws(() => mitelVendor.resolveOperation('request', 'toString'), badParams(/is not a Mitel operation; they are entities\.agents/));
    assert.throws(() => mitelVendor.resolveOperation('request', 'entities.callers'), badParams(/"entities\.callers" is not a Mitel operation/));
  });

  it('parseSubscriptionRecords: objects, guide records, lists; errors name the record', () => {
    assert.deepEqual(mitelVendor.parseSubscriptionRecords({ type: 'group-stats', entities: '1, 2' }), [{ type: 'group-stats', entities: ['1', '2'] }]);
    assert.deepEqual(mitelVendor.parseSubscriptionRecords(['ecc', 'agent-activity', ['*']]), [{ type: 'agent-activity', entities: ['*'] }]);
    assert.deepEqual(
      mitelVendor.parseSubscriptionRecords([
        { type: 'email-agent-queue- stats', entities: [7] },
        ['ecc', 'entity', ['agent']],
      ]),
      [
        { type: 'email-agent-queue-stats', entities: ['7'] },
        { type: 'entity', entities: ['agent'] },
      ],
    );
    assert.throws(() => mitelVendor.parseSubscriptionRecords([]), badParams(/^msg\.payload holds no subscription record$/));
    assert.throws(() => mitelVendor.parseSubscriptionRecords('x'), badParams(/^the record: expected \{type, entities\} or \["ecc", type, entities\]$/));
    assert.throws(() => mitelVendor.parseSubscriptionRecords(['ecc', 'x']), badParams(/^the record: a guide record is \["ecc"/));
    assert.throws(() => mitelVendor.parseSubscriptionRecords([{ type: 'group-stats' }, { entities: [] }]), badParams(/^record 1: "type" \(the subscription type\) is missing$/));
    assert.throws(() => mitelVendor.parseSubscriptionRecords({ type: 'nope' }), badParams(/^the record: "nope" is not a Mitel subscription type$/));
    assert.throws(() => mitelVendor.parseSubscriptionRecords({ type: 'group-stats', entities: [{}] }), badParams(/"entities" must be a list of ids or "\*"/));
  });

  it('familySubscriptions: `*` and `agent:*` mean all agents; contacts and entities as the guide allows', () => {
    const agents = (entities: string[]) => mitelVendor.familySubscriptions('agent', { entities, kinds: [] });
    const all = [
      { type: 'agent-activity', entities: ['*'] },
      { type: 'agent-need-help', entities: ['*'] },
    ];
    assert.deepEqual(agents([]), all);
    assert.deepEqual(agents(['*']), all);
    assert.deepEqual(agents(['agent:*']), all);
    assert.deepEqual(agents(['1001', '*']), all);
    assert.deepEqual(agents(['group:5']), all, 'no agent named: all agents');
    assert.deepEqual(agents(['agent:1001', '1002', 'group:5']), [
      { type: 'agent-activity', entities: ['1001', '1002'] },
      { type: 'agent-need-help', entities: ['*'] },
    ]);
    assert.deepEqual(mitelVendor.familySubscriptions('contact', { entities: ['agent:1001'], kinds: [] }), [{ type: 'call-activity', entities: ['*'] }]);
    assert.deepEqual(mitelVendor.familySubscriptions('entity', { entities: [], kinds: [] }), [{ type: 'entity', entities: [...ENTITY_KINDS] }]);
    assert.deepEqual(mitelVendor.familySubscriptions('entity', { entities: [], kinds: ['*'] }), [{ type: 'entity', entities: [...ENTITY_KINDS] }]);
    assert.deepEqual(mitelVendor.familySubscriptions('entity', { entities: [], kinds: ['agents', 'agent', 'release-codes'] }), [
      { type: 'entity', entities: ['agent', 'release-code'] },
    ]);
  });

  it('parseStatisticsQuery: type, entities as list or comma string, `*` or none for all; BAD_PARAMS', () => {
    assert.deepEqual(mitelVendor.parseStatisticsQuery({ statType: 'group-stats', entities: '1, 2' }), {
      label: 'group-stats [1, 2]',
      params: { type: 'group-stats', entities: ['1', '2'] },
    });
    assert.deepEqual(mitelVendor.parseStatisticsQuery({ statType: 'dnis-stats', entities: [3, '4'] }).params, { type: 'dnis-stats', entities: ['3', '4'] });
    assert.deepEqual(mitelVendor.parseStatisticsQuery({ statType: 'dnis-stats' }).params, { type: 'dnis-stats', entities: ['*'] });
    assert.deepEqual(mitelVendor.parseStatisticsQuery({ statType: 'dnis-stats', entities: '*' }).label, 'dnis-stats [*]');
    assert.deepEqual(mitelVendor.parseStatisticsQuery({ statType: 'agent-need-help', entities: '1001' }).params, { type: 'agent-need-help', entities: ['*'] });
    assert.throws(() => mitelVendor.parseStatisticsQuery({ statType: 'agent-activity' }), badParams(/^"agent-activity" is not a Mitel statistics type; they are group-stats/));
    assert.throws(() => mitelVendor.parseStatisticsQuery({}), badParams(/^"undefined" is not a Mitel statistics type/));
  });

  it('describeCodes without `this`', () => {
    const describe = mitelVendor.describeCodes;
    assert.ok(describe);
    assert.deepEqual(describe({ message: 'agent-login', 'media-type': 1 }), { 'media-type': 'Voice' });
    assert.deepEqual(describe('not an object'), {});
  });

  it('open: a factory of new MitelClients from the settings; a port no TCP can use is BAD_PARAMS', async () => {
    const factory = mitelVendor.open({ host: '127.0.0.1', port: '31456', requestTimeout: '' }, { user: 'u', password: 'p' }, { log: { warn: () => undefined, error: () => undefined } });
    const a = factory.create();
    const b = factory.create();
    assert.ok(a instanceof MitelClient && b instanceof MitelClient && a !== b);
    assert.equal(a.vendor, 'mitel');
    assert.equal(a.state, 'stopped');
    await factory.close();
    assert.throws(() => mitelVendor.open({ host: 'x', port: '70000' }, {}, { log: console }), badParams(/port "70000"/));
  });

  it('open: requestTimeout 0 or empty means 10 s, and the driver connects with the credentials', async () => {
    const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', generate: false });
    await sim.start();
    const factory = mitelVendor.open({ host: '127.0.0.1', port: String(sim.port), requestTimeout: '0', idleTimeout: '', maxFrameMB: '' }, { user: 'demo', password: 'demo' }, { log: console });
    const driver = factory.create();
    try {
      const up = new Promise<void>((resolve) => driver.on('state', (s: { state: string }) => s.state === 'connected' && resolve()));
      driver.start();
      await up;
    } finally {
      await driver.stop();
      await factory.close();
      await sim.stop();
    }
  });

  it('probe: the dialog settings and credentials; a closed port is a connect failure', async () => {
    const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', generate: false });
    await sim.start();
    try {
      const ok = await mitelVendor.probe({ host: '127.0.0.1', port: String(sim.port), requestTimeout: '2' }, { user: ' demo ', password: 'demo' });
      assert.equal(ok.ok, true, ok.message);
      const wrong = await mitelVendor.probe({ host: '127.0.0.1', port: String(sim.port) }, { user: 'demo', password: 'nope' });
      assert.equal(wrong.ok, false);
      assert.equal(wrong.stage, 'credentials');
    } finally {
      await sim.stop();
    }
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const refused = await mitelVendor.probe({ host: '127.0.0.1', port: closed }, { user: 'demo', password: 'demo' });
    assert.equal(refused.ok, false);
    assert.equal(refused.stage, 'connect');
  });
});
