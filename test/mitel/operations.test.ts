import assert from 'assert/strict';
import { commandFields, parseOperation } from '../../src/mitel/operations';
import { validateSubscription, recordsOf } from '../../src/mitel/subscription-spec';
import { CcError } from '../../src/core/types';

describe('mitel operations and subscription specs', () => {
  it('parses operation names in every accepted form', () => {
    assert.deepEqual(parseOperation('command.login'), { kind: 'command', command: 'login' });
    assert.deepEqual(parseOperation('command:end-wrapup'), { kind: 'command', command: 'end-wrapup' });
    assert.deepEqual(parseOperation('hangup'), { kind: 'command', command: 'hangup' });
    assert.deepEqual(parseOperation('entities.wrapup-codes'), { kind: 'entities', list: 'wrapup-codes', entity: 'wrapup-code' });
    assert.throws(() => parseOperation('entities.callers'), (e: CcError) => e.code === 'UNSUPPORTED');
  });

  it('builds command fields from kebab or camelCase params, only the table fields, required ones checked', () => {
    assert.deepEqual(commandFields('wrapup-code', { agentId: 1, wrapupCodeId: 4, callId: 9, extra: 'x' }), {
      'sub-request-type': 'wrapup-code',
      'agent-id': 1,
      'wrapup-code-id': 4,
      'call-id': 9,
    });
    assert.deepEqual(commandFields('login', { 'agent-id': '1001', 'group-type': 23, 'group-id': 1001 }), {
      'sub-request-type': 'login',
      'agent-id': '1001',
      'group-type': 23,
      'group-id': 1001,
    });
    assert.throws(() => commandFields('wrapup-code', { agentId: 1 }), (e: CcError) => e.code === 'BAD_PARAMS' && /"wrapup-code-id" and "call-id"/.test(e.message));
    assert.throws(() => commandFields('resume', { 'agent-id': '' }), (e: CcError) => /"agent-id"/.test(e.message));
  });

  it('validates subscription specs precisely', () => {
    assert.deepEqual(validateSubscription({ type: 'group-stats', entities: ['*', 5 as unknown as string, '5'] }), { type: 'group-stats', entities: ['*', '5'] });
    assert.deepEqual(validateSubscription({ type: 'entity', entities: ['*'] }), { type: 'entity', entities: ['*'] });
    assert.deepEqual(validateSubscription({ type: 'agent-status', entities: [] }), { type: 'agent-status', entities: [] });
    assert.throws(() => validateSubscription({ type: 'agent-status', entities: ['1'] }), (e: CcError) => e.code === 'BAD_PARAMS');
    assert.throws(() => validateSubscription({ type: '', entities: [] }), (e: CcError) => /needs a type/.test(e.message));
    assert.throws(() => validateSubscription({ type: 'dnis-stats', entities: [{}] as unknown as string[] }), (e: CcError) => /not an id/.test(e.message));
  });

  it('reads answer records from "subscriptions", "subscribe" or "unsubscribe"', () => {
    assert.deepEqual(recordsOf({ subscriptions: [['ecc', 'entity', ['agent']]] }), [{ type: 'entity', entities: ['agent'] }]);
    assert.deepEqual(recordsOf({ subscribe: [['ecc', 'group-stats', [1]]] }), [{ type: 'group-stats', entities: ['1'] }]);
    assert.deepEqual(recordsOf({ result: 0 }), []);
  });
});
