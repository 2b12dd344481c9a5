/**
 * The topic tree and the envelope: data never adds a level or a wildcard, and only the package's
 * own envelope is taken for one.
 */
import { strict as assert } from 'node:assert';
import { CcError } from '../../src/core/errors';
import type { CcEvent } from '../../src/core/types';
import { encode, errorOf, eventEnvelope, eventOf, isEventEnvelope, parseEnvelope, wireError } from '../../src/mqtt/envelope';
import { eventMessages } from '../../src/mqtt/settings';
import { escapeSegment, TopicTree, unescapeSegment, validPrefix } from '../../src/mqtt/topics';
import { eventMessage } from '../../nodes/lib/event-msg';

describe('mqtt topic tree', () => {
  it('escapes / + # % and control characters in data segments, and reverses it', () => {
    for (const raw of ['a/b', 'x+y', '#', '100%', 'tab\there', 'plain-1001', 'ü/ß']) {
      const seg = escapeSegment(raw);
      assert.ok(!/[/+#\u0000-\u001f]/.test(seg), `${raw} -> ${seg}`);
      assert.equal(unescapeSegment(seg), raw);
    }
    assert.equal(escapeSegment(''), '-');
  });

  it('builds the documented topics; the entity is the first routing key', () => {
    const t = new TopicTree('site1/cc', 'main/1');
    assert.equal(t.event('agent', 'agent-login', ['agent:1001', 'group:5']), 'site1/cc/main%2F1/event/agent/agent-login/agent:1001');
    assert.equal(t.event('other', 'X#Y', []), 'site1/cc/main%2F1/event/other/X%23Y/-');
    assert.equal(t.connection, 'site1/cc/main%2F1/state/connection');
    assert.equal(t.entities('agents'), 'site1/cc/main%2F1/state/entities/agents');
    assert.equal(t.consumerOf(t.request('n+1/x'), 'request'), 'n+1/x');
    assert.equal(t.consumerOf(`${t.root}/request/a/b`, 'request'), undefined);
    assert.equal(t.entityKindOf(t.entities('queues')), 'queues');
  });

  it('refuses prefixes with wildcards or empty levels', () => {
    assert.ok(validPrefix('cc'));
    assert.ok(validPrefix('site/cc'));
    for (const p of ['', 'cc/#', 'c+c', 'cc/', '/cc', 'a//b']) assert.ok(!validPrefix(p), p);
  });
});

describe('mqtt envelope', () => {
  const event: CcEvent = {
    protocol: 'mitel',
    family: 'agent',
    type: 'agent-login',
    sequence: 7,
    receivedAt: '2026-12-06T00:00:00.000Z',
    payload: { message: 'agent-login', 'agent-id': 1001 },
    keys: ['agent:1001'],
  };

  it('an event travels as the msg an event node sends, plus its keys, and comes back whole', () => {
    const env = eventEnvelope(event, 'main');
    const msg = eventMessage(event, 'main');
    assert.deepEqual({ topic: env.topic, payload: env.payload, event: env.event }, { topic: msg.topic, payload: msg.payload, event: msg.event });
    const back = parseEnvelope(Buffer.from(encode(env)));
    assert.equal(back?.kind, 'event');
    assert.deepEqual(back && back.kind === 'event' ? eventOf(back) : undefined, event);
  });

  it('anything else is not an envelope', () => {
    for (const body of ['', 'hello', '42', '[]', '{"cc":2,"kind":"event"}', '{"cc":1,"kind":"event"}', '{"cc":1,"kind":"nope"}', JSON.stringify({ topic: 'x', payload: 1 })]) {
      assert.equal(parseEnvelope(body), undefined, body);
    }
  });

  it('errors keep their code, words and outcome across the wire; a foreign code becomes REFUSED', () => {
    const err = new CcError('no such agent', 'REFUSED', { result: 3 });
    err.outcome = { status: 'refused', code: 3, answer: { result: 3 } };
    const back = errorOf(JSON.parse(JSON.stringify(wireError(err))));
    assert.ok(back instanceof CcError);
    assert.equal(back.code, 'REFUSED');
    assert.equal(back.message, 'no such agent');
    assert.deepEqual(back.outcome, err.outcome);
    assert.equal(errorOf({ code: 'WHATEVER' as 'REFUSED', message: 'x' }).code, 'REFUSED');
    assert.equal(wireError(new Error('boom')).code, 'REFUSED');
  });

  it('event batches: a topic of their own outside event/#, the setting defaults to each, elements checked one by one', () => {
    const tree = new TopicTree('site/cc', 'main');
    assert.equal(tree.eventBatches, 'site/cc/main/events');
    assert.ok(!tree.eventBatches.startsWith(tree.events.slice(0, -1)), 'not under event/#');
    assert.equal(eventMessages({}), 'each');
    assert.equal(eventMessages({ mqttEventMessages: 'batched' }), 'batched');
    assert.equal(eventMessages({ mqttEventMessages: 'sometimes' }), 'each');
    const event: CcEvent = { protocol: 'mitel', family: 'agent', type: 'agent-idle', receivedAt: '2026-12-06T00:00:00.000Z', payload: { 'agent-id': 1 }, keys: ['agent:1'] };
    const env = eventEnvelope(event, 'main');
    assert.equal(parseEnvelope(JSON.stringify({ cc: 1, kind: 'events', events: [env, 1] }))?.kind, 'events');
    assert.equal(parseEnvelope(JSON.stringify({ cc: 1, kind: 'events', events: {} })), undefined);
    assert.ok(isEventEnvelope(JSON.parse(encode(env))));
    for (const bad of [null, 'x', [], { ...env, cc: 2 }, { ...env, kind: 'events' }, { ...env, keys: [1] }]) assert.equal(isEventEnvelope(bad), false, JSON.stringify(bad));
  });
});
