import { strict as assert } from 'node:assert';
import { PASSWORD_PLACEHOLDER, probeCredentials } from '../../nodes/lib/admin-probe-input';
import { entityOptions } from '../../src/mitel/entity-options';
import { probeOptions as mitelProbeOptions } from '../../src/mitel/settings';
import { entityOperation, toEntityOptions } from '../../src/openscape/entities';
import { mitelVendor } from '../../src/mitel/vendor';
import { openscapeVendor } from '../../src/openscape/vendor';
import { openscapeProbeOptions } from '../../src/probe/openscape-input';

describe('admin: entity options from the servers answers', () => {
  it('Mitel records by the guide schema, stray spaces in field names included', () => {
    const options = entityOptions('release-code', [
      { 'release-code-id': 2, ' release-code-short-name': 'LUN', ' release-code-name': 'Lunch' },
      { 'release-code-id': 1, 'release-code-short-name': 'BRK', 'release-code-name': 'Break' },
    ]);
    assert.deepEqual(options, [
      { id: '1', label: 'BRK · Break' },
      { id: '2', label: 'LUN · Lunch' },
    ]);
  });

  it('Mitel agents: name with the agent number; duplicates dropped', () => {
    const options = entityOptions('agent', [
      { 'agent-id': 1001, 'agent-number': '5001', 'agent-name': 'Jane Doe' },
      { 'agent-id': 1001, 'agent-number': '5001', 'agent-name': 'Jane Doe' },
    ]);
    assert.deepEqual(options, [{ id: '1001', label: 'Jane Doe (5001)' }]);
  });

  it('OpenScape users in both spellings of the guide (userName / username), under the answer list', () => {
    assert.equal(entityOperation('agents'), 'admin.GetUsers');
    const options = toEntityOptions({
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

  it('OpenScape reasons by reasonKey; kinds differ per vendor', () => {
    assert.equal(entityOperation('release-codes'), 'admin.GetUnavailableReasons');
    const options = toEntityOptions({ reasons: [{ reasonKey: 7, name: 'Lunch', description: 'x' }] });
    assert.deepEqual(options, [{ id: '7', label: 'Lunch' }]);
    assert.equal(entityOperation('dnis'), undefined);
    assert.ok(openscapeVendor.entityKinds.includes('queues'));
    assert.ok(!mitelVendor.entityKinds.includes('queues'));
  });
});

describe('admin: probe input from the dialog', () => {
  const stored = { user: 'stored-user', password: 'stored-pw', clientToken: 'stored-token', agentPassword: 'stored-agent' };
  const mitel = (body: Record<string, unknown>, from = stored) => mitelProbeOptions(body, probeCredentials(body, from));

  it('the placeholder or an empty password field means the stored secret; a typed one wins', () => {
    assert.equal(mitel({ protocol: 'mitel', host: 'h', port: '31456', user: 'u', password: PASSWORD_PLACEHOLDER }).password, 'stored-pw');
    const empty = mitel({ protocol: 'mitel', host: 'h', user: '', password: '' });
    assert.equal(empty.password, 'stored-pw');
    assert.equal(empty.user, 'stored-user');
    assert.equal(mitel({ protocol: 'mitel', host: 'h', user: 'u', password: 'typed' }).password, 'typed');
    assert.equal(mitel({ protocol: 'mitel', password: PASSWORD_PLACEHOLDER }, {} as typeof stored).password, '');
  });

  it('OpenScape: token and agent password, TLS switch and CA, timeout capped at 10 s', () => {
    const body = { protocol: 'openscape', baseUrl: ' https://x:1 ', clientName: 'c', clientToken: PASSWORD_PLACEHOLDER, agentKey: '5', agentPassword: '', tlsRejectUnauthorized: false, ca: 'PEM', requestTimeout: '60' };
    const options = openscapeProbeOptions(body, probeCredentials(body, stored));
    assert.equal(options.baseUrl, 'https://x:1');
    assert.equal(options.clientToken, 'stored-token');
    assert.equal(options.agentPassword, 'stored-agent');
    assert.deepEqual(options.tls, { rejectUnauthorized: false, ca: 'PEM' });
    assert.equal(options.timeoutMs, 10000);
  });
});
