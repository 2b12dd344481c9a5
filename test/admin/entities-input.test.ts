import { strict as assert } from 'node:assert';
import { entitySource, kindsOf, toOptions } from '../../nodes/lib/admin-entities';
import { PASSWORD_PLACEHOLDER, probeInput, type StoredCredentials } from '../../nodes/lib/admin-probe-input';
import type { MitelProbeOptions } from '../../src/probe';

describe('admin: entity options from the servers answers', () => {
  it('Mitel records by the guide schema, stray spaces in field names included', () => {
    const source = entitySource('release-codes', 'mitel')!;
    assert.equal(source.operation, 'entities.release-codes');
    const options = toOptions(source, [
      { 'release-code-id': 2, ' release-code-short-name': 'LUN', ' release-code-name': 'Lunch' },
      { 'release-code-id': 1, 'release-code-short-name': 'BRK', 'release-code-name': 'Break' },
    ]);
    assert.deepEqual(options, [
      { id: '1', label: 'BRK · Break' },
      { id: '2', label: 'LUN · Lunch' },
    ]);
  });

  it('Mitel agents: name with the agent number; duplicates dropped', () => {
    const options = toOptions(entitySource('agents', 'mitel')!, [
      { 'agent-id': 1001, 'agent-number': '5001', 'agent-name': 'Jane Doe' },
      { 'agent-id': 1001, 'agent-number': '5001', 'agent-name': 'Jane Doe' },
    ]);
    assert.deepEqual(options, [{ id: '1001', label: 'Jane Doe (5001)' }]);
  });

  it('OpenScape users in both spellings of the guide (userName / username), under the answer list', () => {
    const options = toOptions(entitySource('agents', 'openscape')!, {
      users: [
        { agentKey: 3, userName: 'UserA', firstName: 'Joe', lastName: 'Miller' },
        { agentKey: 4, username: 'UserB' },
      ],
      errorCode: 'NO_ERROR',
    });
    assert.deepEqual(options, [
      { id: '3', label: 'UserA (Joe Miller)' },
      { id: '4', label: 'UserB' },
    ]);
  });

  it('OpenScape reasons by reasonKey; kinds differ per protocol', () => {
    const options = toOptions(entitySource('release-codes', 'openscape')!, { reasons: [{ reasonKey: 7, name: 'Lunch', description: 'x' }] });
    assert.deepEqual(options, [{ id: '7', label: 'Lunch' }]);
    assert.equal(entitySource('dnis', 'openscape'), undefined);
    assert.ok(kindsOf('openscape').includes('queues'));
    assert.ok(!kindsOf('mitel').includes('queues'));
  });
});

describe('admin: probe input from the dialog', () => {
  const stored = { user: 'stored-user', password: 'stored-pw', clientToken: 'stored-token', agentPassword: 'stored-agent' };

  /** The Mitel options of a dialog body (the test fails when the protocol is not Mitel). */
  function mitel(body: Record<string, unknown>, from: StoredCredentials = stored): MitelProbeOptions {
    const input = probeInput(body, from);
    assert.equal(input.protocol, 'mitel');
    return input.options as MitelProbeOptions;
  }

  it('the placeholder or an empty password field means the stored secret; a typed one wins', () => {
    assert.equal(mitel({ protocol: 'mitel', host: 'h', port: '31456', user: 'u', password: PASSWORD_PLACEHOLDER }).password, 'stored-pw');
    const empty = mitel({ protocol: 'mitel', host: 'h', user: '', password: '' });
    assert.equal(empty.password, 'stored-pw');
    assert.equal(empty.user, 'stored-user');
    assert.equal(mitel({ protocol: 'mitel', host: 'h', user: 'u', password: 'typed' }).password, 'typed');
    assert.equal(mitel({ protocol: 'mitel', password: PASSWORD_PLACEHOLDER }, {}).password, '');
  });

  it('OpenScape: token and agent password, TLS switch and CA, timeout capped at 10 s', () => {
    const input = probeInput(
      { protocol: 'openscape', baseUrl: ' https://x:1 ', clientName: 'c', clientToken: PASSWORD_PLACEHOLDER, agentKey: '5', agentPassword: '', tlsRejectUnauthorized: false, ca: 'PEM', requestTimeout: '60' },
      stored,
    );
    assert.equal(input.protocol, 'openscape');
    if (input.protocol !== 'openscape') return;
    assert.equal(input.options.baseUrl, 'https://x:1');
    assert.equal(input.options.clientToken, 'stored-token');
    assert.equal(input.options.agentPassword, 'stored-agent');
    assert.deepEqual(input.options.tls, { rejectUnauthorized: false, ca: 'PEM' });
    assert.equal(input.options.timeoutMs, 10000);
  });
});
