import assert from 'assert/strict';
import { EntityCache } from '../../src/mitel/entity-cache';

describe('mitel EntityCache', () => {
  it('takes a combined snapshot (every list in one message)', () => {
    const cache = new EntityCache();
    const kinds = cache.applySnapshot({
      message: 'entity-snapshot',
      groups: [{ 'group-id': '5', 'group-name': 'Sales' }],
      agents: [{ 'agent-id': 1001, 'agent-name': 'Zoë Ødegård' }],
      'release-codes': [{ 'release-code-id': 1, ' release-code-name': 'Lunch' }],
    });
    assert.deepEqual(kinds, ['agent', 'group', 'release-code']);
    assert.ok(cache.has('group') && !cache.has('dnis'));
    assert.deepEqual(Object.keys(cache.all()), ['agents', 'groups', 'release-codes']);
  });

  it('applies list updates (sample) and flat updates (schema): add, update, delete', () => {
    const cache = new EntityCache();
    cache.applySnapshot({ message: 'entity-snapshot', filter: 'agent', agents: [['1001', 'john doe'], ['1002', 'jane doe']] });
    cache.applyUpdate({ message: 'entity-update', filter: 'agent', 'update-type': 'update', agents: [['1001', 'john smith']] });
    cache.applyUpdate({ message: 'entity-update', filter: 'agent', 'update-type': 'add', agents: [['1003', 'joe smith']] });
    assert.deepEqual(cache.list('agent'), [
      { id: '1001', name: 'john smith' },
      { id: '1002', name: 'jane doe' },
      { id: '1003', name: 'joe smith' },
    ]);
    cache.applyUpdate({ message: 'entity-update', 'sub-topic': 'agent-update', 'update-type': 'delete', 'agent-id': '1002' });
    assert.deepEqual(cache.list('agent').map((a) => a['id'] ?? a['agent-id']), ['1001', '1003']);
    cache.applySnapshot({ message: 'entity-snapshot', groups: [{ 'group-id': 5, 'group-name': 'A' }] });
    const touched = cache.applyUpdate({ message: 'entity-update', 'sub-topic': 'group-update', 'update-type': 'update', 'group-id': 5, 'group-name': 'B', version: 1 });
    assert.deepEqual(touched, ['group']);
    assert.deepEqual(cache.list('group'), [{ 'group-id': 5, 'group-name': 'B' }]);
    // no sub-topic or filter: the id field names the kind
    cache.applyUpdate({ message: 'entity-update', 'update-type': 'add', 'dnis-id': 800, 'dnis-name': 'Hotline' });
    assert.deepEqual(cache.list('dnis'), [{ 'dnis-id': 800, 'dnis-name': 'Hotline' }]);
    assert.equal(cache.has('dnis'), true);
  });

  it('a snapshot without its list (nothing configured) marks the kind as empty', () => {
    const cache = new EntityCache();
    assert.deepEqual(cache.applySnapshot({ message: 'entity-snapshot', filter: 'email-agent-queue' }), ['email-agent-queue']);
    assert.deepEqual(cache.list('email-agent-queue'), []);
    assert.ok(cache.has('email-agent-queue'));
  });
});
