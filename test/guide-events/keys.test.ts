/**
 * Every event example of both guides through the real decoders: type, family and routing keys as
 * read from the guide (the expectations are in the fixtures, written from the guide's field
 * descriptions, not taken from the decoder). See ./fixtures.ts for the fixture format.
 */
import { strict as assert } from 'node:assert';
import { isObject } from '../../src/core/json';
import type { CcEvent } from '../../src/core/types';
import { buildEvent, classify, parseFrame } from '../../src/mitel/event-decoder';
import { decodeWebhookBody } from '../../src/openscape/decode';
import { mitelExamples, openScapeExamples, withoutCaption } from './fixtures';

const RECEIVED = new Date('2026-01-02T03:04:05Z');

function checkEvent(got: CcEvent, expected: { expectedType: string; expectedFamily: string; expectedKeys: string[] }): void {
  assert.equal(got.type, expected.expectedType, 'type');
  assert.equal(got.family, expected.expectedFamily, 'family');
  assert.deepEqual([...got.keys].sort(), [...expected.expectedKeys].sort(), 'keys');
  for (const key of got.keys) {
    assert.match(key, /^[^:*]+:[^*]+$/, `key ${key} must be kind:id and never a wildcard`);
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

describe('guide event examples: Mitel Connect Contact Center Event Feed', () => {
  const examples = mitelExamples();

  it('holds every server-sent example of the guide (51; 5 decodable as printed)', () => {
    assert.equal(examples.length, 51);
    assert.equal(examples.filter((e) => e.decodable).length, 5);
  });

  for (const ex of examples) {
    it(`${ex.section}: ${ex.expectedType || '(no message)'} [${ex.expectedKeys.join(' ')}]`, () => {
      const printed = parseFrame(ex.raw);
      let frame = printed;
      if (ex.decodable) assert.ok(printed, 'parseFrame reads the print');
      else {
        // A template or a broken print is refused rather than guessed at...
        assert.equal(printed, undefined, `not decodable: ${ex.reason ?? ''}`);
        // ...and the message it describes, sent as a frame, is read.
        assert.ok(ex.instance, 'an undecodable example carries the instance it describes');
        frame = parseFrame(ex.instance);
        assert.ok(frame, 'parseFrame reads the instance');
      }
      assert.ok(frame);
      const event = buildEvent(frame, classify(frame), RECEIVED.toISOString());
      checkEvent(event, ex);
      assert.equal(event.payload, frame, 'payload is the frame as received');
    });
  }
});

describe('guide event examples: OpenScape Contact Center REST SDK V11', () => {
  const examples = openScapeExamples();

  it('holds every event example of every realm, V1 and V2 (95; 63 JSON as printed)', () => {
    assert.equal(examples.length, 95);
    assert.equal(examples.filter((e) => e.decodable).length, 63);
    const realms = new Set(examples.map((e) => e.expectedRealm));
    for (const r of ['ADMINISTRATION', 'PRESENCE', 'ROUTING', 'TELEPHONY', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA', 'REALTIME']) {
      assert.ok(realms.has(r), r);
    }
    assert.ok(examples.some((e) => e.webhookAPIVersion === 'V1'));
  });

  for (const ex of examples) {
    it(`${ex.section}: ${ex.expectedType} [${ex.expectedKeys.join(' ')}]`, () => {
      const printed = tryJson(withoutCaption(ex.raw));
      let body: unknown = printed;
      if (ex.decodable) assert.notEqual(printed, undefined, 'the print is JSON');
      else {
        // The webhook refuses a body that is not JSON (HTTP 400): the repaired body is what the print means.
        assert.equal(printed, undefined, `not JSON as printed: ${ex.reason ?? ''}`);
        body = ex.repaired;
      }
      // The envelope the guide shows: {"type":"EVENT","data":{"realm","type","data"}}.
      assert.ok(isObject(body) && body.type === 'EVENT' && isObject(body.data), 'guide envelope');
      const inner = body.data;
      const { event, unrecognised } = decodeWebhookBody(body, RECEIVED);
      assert.equal(unrecognised, false);
      checkEvent(event, ex);
      assert.equal(event.realm, ex.expectedRealm, 'realm');
      assert.equal(event.payload, inner.data, 'payload is the innermost data as received');
    });
  }
});

describe('guide event keys: general rules', () => {
  it('passes an unknown type on with family other', () => {
    const { event } = decodeWebhookBody({ type: 'EVENT', data: { realm: 'EMAIL', type: 'NEW_MAIL_EVENT', data: { agentKey: 7 } } });
    assert.equal(event.family, 'other');
    assert.equal(event.type, 'NEW_MAIL_EVENT');
    assert.deepEqual(event.keys, ['agent:7']);
    const frame = { message: 'agent-teleported', 'agent-id': 1001 };
    const mitel = buildEvent(frame, classify(frame), RECEIVED.toISOString());
    assert.equal(mitel.family, 'other');
    assert.deepEqual(mitel.keys, ['agent:1001']);
  });

  it('never emits a literal * key (the event index reads * as "all")', () => {
    const os = decodeWebhookBody({ type: 'EVENT', data: { realm: 'ADMINISTRATION', type: 'USER_DELETED_EVENT', data: ['*', '7'] } });
    assert.deepEqual(os.event.keys, ['agent:7']);
    const os2 = decodeWebhookBody({ type: 'EVENT', data: { realm: 'TELEPHONY', type: 'DELIVERED_EVENT', data: { resource: '*', uniqueCallId: ' * ' } } });
    assert.deepEqual(os2.event.keys, []);
    const frame = { message: 'agent-login', 'agent-id': '*', groups: [{ type: 4, id: '*' }], 'call-id': ' *' };
    assert.deepEqual(buildEvent(frame, classify(frame), RECEIVED.toISOString()).keys, []);
    const snapshot = { message: 'entity-snapshot', agents: [['*', 'all'], { 'agent-id': '*' }] };
    assert.deepEqual(buildEvent(snapshot, classify(snapshot), RECEIVED.toISOString()).keys, []);
  });
});
