import assert from 'assert/strict';
import { SubscriptionRegistry } from '../../src/core/subscriptions';

describe('core/SubscriptionRegistry', () => {
  it('asks the server only for entities new to it and releases them with their last owner', () => {
    const r = new SubscriptionRegistry();
    assert.deepEqual(r.add('n1', { type: 'group-stats', entities: ['1', '2'] }), ['1', '2']);
    assert.deepEqual(r.add('n2', { type: 'group-stats', entities: ['2', '3'] }), ['3']);
    assert.deepEqual(r.remove('n1', { type: 'group-stats', entities: ['1', '2'] }), ['1']);
    assert.deepEqual(r.all(), [{ type: 'group-stats', entities: ['2', '3'] }]);
    assert.deepEqual(r.remove('n2', { type: 'group-stats', entities: ['2', '3'] }), ['2', '3']);
    assert.deepEqual(r.all(), []);
  });

  it('counts type-only subscriptions (no entity list) once per type', () => {
    const r = new SubscriptionRegistry();
    assert.deepEqual(r.add('a', { type: 'ADMINISTRATION', entities: [] }), ['']);
    assert.deepEqual(r.add('b', { type: 'ADMINISTRATION', entities: [] }), []);
    assert.deepEqual(r.all(), [{ type: 'ADMINISTRATION', entities: [] }]);
    assert.deepEqual(r.remove('a', { type: 'ADMINISTRATION', entities: [] }), []);
    assert.deepEqual(r.remove('b', { type: 'ADMINISTRATION', entities: [] }), ['']);
    assert.deepEqual(r.all(), []);
  });

  it('ignores removal by an owner that never subscribed', () => {
    const r = new SubscriptionRegistry();
    r.add('a', { type: 'call-activity', entities: ['*'] });
    assert.deepEqual(r.remove('x', { type: 'call-activity', entities: ['*'] }), []);
    assert.ok(r.has('call-activity', '*'));
  });

  it('lists one owner\'s subscriptions for release on close', () => {
    const r = new SubscriptionRegistry();
    r.add('a', { type: 'agent-activity', entities: ['1001'] });
    r.add('a', { type: 'TELEPHONY', entities: [] });
    r.add('b', { type: 'agent-activity', entities: ['1002'] });
    assert.deepEqual(r.ofOwner('a'), [
      { type: 'agent-activity', entities: ['1001'] },
      { type: 'TELEPHONY', entities: [] },
    ]);
  });
});
