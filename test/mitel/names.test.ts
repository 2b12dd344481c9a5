import assert from 'assert/strict';
import {
  AGENT_EVENT_MESSAGES,
  CALL_ACTIVITY_MESSAGES,
  MESSAGE_TABLE,
  STATISTICS_MESSAGES,
  SUBSCRIPTION_TYPES,
  canonicalEntityKind,
  canonicalMessage,
  canonicalSubscriptionType,
  describeCodes,
} from '../../src/mitel/names';

describe('mitel names', () => {
  it('knows the 25 call-activity messages, the agent events and the statistics messages with their families', () => {
    assert.equal(new Set(CALL_ACTIVITY_MESSAGES).size, 25);
    for (const m of CALL_ACTIVITY_MESSAGES) assert.equal(MESSAGE_TABLE.get(m)?.family, 'contact', m);
    for (const m of ['agent-login', 'agent-release', 'agent-idle', 'agent-wrap', 'agent-reserved', 'agent-on-call', 'agent-need-help']) {
      assert.ok((AGENT_EVENT_MESSAGES as readonly string[]).includes(m));
      assert.equal(MESSAGE_TABLE.get(m)?.family, 'agent', m);
    }
    assert.equal(STATISTICS_MESSAGES.length, 8);
    for (const m of STATISTICS_MESSAGES) assert.equal(MESSAGE_TABLE.get(m)?.family, 'statistics', m);
    assert.equal(MESSAGE_TABLE.get('entity-snapshot')?.family, 'entity');
    assert.equal(MESSAGE_TABLE.get('command')?.family, 'response');
  });

  it('maps the guide spellings to canonical names, and leaves unknown names unknown', () => {
    assert.deepEqual(canonicalMessage('agent- idle '), { type: 'agent-idle', family: 'agent' });
    assert.deepEqual(canonicalMessage('agent-gueue-stats'), { type: 'agent-queue-stats', family: 'statistics' });
    assert.deepEqual(canonicalMessage(' agent-wrap'), { type: 'agent-wrap', family: 'agent' });
    assert.equal(canonicalMessage('something-new'), undefined);
  });

  it('subscription types of both tables, with aliases', () => {
    for (const t of ['daily-group-stats', 'agent-login-logout', 'agent-status', 'call-routing', 'call-establishment', 'call-statistics']) {
      assert.ok(SUBSCRIPTION_TYPES[t], t);
    }
    assert.equal(Object.keys(SUBSCRIPTION_TYPES).length, 17);
    assert.equal(canonicalSubscriptionType('email-agent-queue- stats'), 'email-agent-queue-stats');
    assert.equal(canonicalSubscriptionType('nope'), undefined);
    assert.equal(canonicalEntityKind('email agent queue'), 'email-agent-queue');
    assert.equal(canonicalEntityKind('agent- queue'), 'agent-queue');
    assert.equal(canonicalEntityKind('agents'), 'agent');
    assert.equal(canonicalEntityKind('caller'), undefined);
  });

  it('describeCodes names the codes present, nested ones included', () => {
    const names = describeCodes({
      message: 'delivered',
      cause: 1,
      'alerting-device-type': 3,
      'queued-group-type': 23,
      'call-table': [
        { media: 1, 'call-type': 4, group: { type: 4, id: 5 }, 'call-profile': [{ id: 2, value: 'x' }], connections: [{ device: '1', state: 5 }] },
      ],
    });
    assert.deepEqual(names, {
      cause: 'BUSY',
      'alerting-device-type': 'Agent',
      'queued-group-type': 'Agent Queue Group',
      'call-table[0].media': 'Voice',
      'call-table[0].call-type': 'Callback',
      'call-table[0].group.type': 'Group',
      'call-table[0].call-profile[0].id': 'Caller ID',
      'call-table[0].connections[0].state': 'Connected',
    });
    assert.deepEqual(describeCodes({ message: 'group-agent-stats', agents: [{ 'agent-state': '7' }] }), { 'agents[0].agent-state': 'Release' });
    assert.deepEqual(describeCodes({ state: 99, cause: 35 }), {}, 'unknown codes left out');
    assert.deepEqual(describeCodes({ message: 'agent-login', groups: [{ type: 26, id: 1 }] }), { 'groups[0].type': 'Email Agent Queue Group' });
  });
});
