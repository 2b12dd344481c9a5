import assert from 'assert/strict';
import { buildEvent, classify, eventKeys, parseFrame } from '../../src/mitel/event-decoder';
import { SequenceTracker } from '../../src/mitel/sequence-tracker';

describe('mitel event decoding', () => {
  it('parses objects only; repairs the guide\'s {"id", "name"} entity records', () => {
    assert.deepEqual(parseFrame('{"a":1}'), { a: 1 });
    assert.equal(parseFrame('[1,2]'), undefined);
    assert.equal(parseFrame('"x"'), undefined);
    assert.equal(parseFrame('{"a":'), undefined);
    assert.deepEqual(parseFrame('{"agents":[ {"1001", "john doe"},{"1002", "jane doe"}]}'), {
      agents: [
        ['1001', 'john doe'],
        ['1002', 'jane doe'],
      ],
    });
  });

  it('infers the empty-message group statistics from sub-topic, fields and subscriptions', () => {
    const stats = { message: '', 'sub-topic': '', 'group-id': 5, 'queued-calls': 1, 'agents-logged-in': 2 };
    assert.equal(classify(stats, false).type, 'daily-group-stats');
    assert.equal(classify(stats, true).type, 'group-stats');
    assert.equal(classify({ ...stats, 'sub-topic': 'group-stats' }, false).type, 'group-stats');
    assert.deepEqual(classify({ message: '', foo: 1 }), { type: '', family: 'other' });
    assert.deepEqual(classify({ 'group-id': 5 }), { type: '', family: 'other' });
  });

  it('builds routing keys from ids, groups, agent lists and call tables', () => {
    assert.deepEqual(eventKeys({ 'agent-id': 1001, 'group-id': '5', 'call-id': 77, 'resultant-call-id': 78 }, 'x').sort(), [
      'agent:1001',
      'call:77',
      'call:78',
      'group:5',
    ]);
    assert.deepEqual(eventKeys({ 'group-id': 5, agents: [{ 'agent-id': 1 }, { 'agent-id': 2 }] }, 'group-agent-stats'), ['group:5', 'agent:1', 'agent:2']);
    assert.deepEqual(eventKeys({ agent: [{ 'agent-id': 3 }] }, 'agent-need-help'), ['agent:3']);
    assert.deepEqual(eventKeys({ 'agent-id': 9 }, 'email-agent-queue-stats'), ['agent:9', 'email-agent-queue:9']);
    assert.deepEqual(eventKeys({ 'dnis-id': 800, 'agent-id': '' }, 'dnis-stats'), ['dnis:800']);
    // A node filtered on an entity wants the snapshot or update that carries its record.
    assert.deepEqual(eventKeys({ agents: [{ 'agent-id': 1 }], 'release-codes': [{ 'release-code-id': 4 }] }, 'entity-snapshot'), ['agent:1', 'release-code:4']);
    assert.deepEqual(eventKeys({ agents: [['1003', 'joe smith']] }, 'entity-update'), ['agent:1003']);
  });

  it('reads typed ids: the Device Type code names the kind; unknown device types give no key', () => {
    assert.deepEqual(eventKeys({ 'alerting-device-id': 1001, 'alerting-device-type': 3, 'calling-device-id': 500, 'calling-device-type': 5 }, 'delivered'), ['agent:1001']);
    assert.deepEqual(eventKeys({ 'queued-group-internal-id': 7 }, 'queued'), ['group:7'], 'a group field without its type is a group');
    assert.deepEqual(eventKeys({ 'overflow-destination-group-internal-id': 8, 'overflow-destination-group-type': 23 }, 'overflowed'), ['agent-queue:8']);
    assert.deepEqual(eventKeys({ groups: [{ type: 4, id: 5 }, { type: 26, id: 1001 }] }, 'agent-login'), ['group:5', 'email-agent-queue:1001']);
    assert.deepEqual(eventKeys({ 'agent-id': '*', 'group-id': ' * ' }, 'agent-login'), [], 'never a literal *');
  });

  it('buildEvent keeps the payload as received', () => {
    const payload = { message: 'agent- idle ', sequence: 4, 'agent-id': 1 };
    const ev = buildEvent(payload, classify(payload), '2026-01-01T00:00:00.000Z');
    assert.equal(ev.type, 'agent-idle');
    assert.equal(ev.sequence, 4);
    assert.equal(ev.payload, payload);
    assert.equal(ev.protocol, 'mitel');
  });

  it('sequence tracker: wrap is not a gap; gaps and repeats are reported; reset starts over', () => {
    const t = new SequenceTracker();
    assert.equal(t.check(4294967294), undefined);
    assert.equal(t.check(4294967295), undefined);
    assert.equal(t.check(0), undefined);
    assert.equal(t.check(2), 1);
    assert.equal(t.check(2), 3);
    t.reset();
    assert.equal(t.check(100), undefined);
  });
});
