import { strict as assert } from 'node:assert';
import { findOperation, validateParams } from '../../src/openscape';
import type { OperationSpec } from '../../src/openscape';

function op(id: string): OperationSpec {
  const f = findOperation(id);
  if ('error' in f) throw new Error(f.error);
  return f.op;
}

function message(id: string, params: unknown): string {
  const err = validateParams(op(id), params);
  assert.ok(err, `expected ${id} ${JSON.stringify(params)} to be refused`);
  assert.equal(err.code, 'BAD_PARAMS');
  return err.message;
}

describe('openscape parameter validation', () => {
  it('accepts the guide examples', () => {
    assert.equal(validateParams(op('telephony.Dial'), { from: '554181015002', to: '554181015003' }), undefined);
    assert.equal(validateParams(op('presence.SetRoutingState'), { state: 'AVAILABLE', agentId: '1000', agentKey: 3, reason: 0 }), undefined);
    assert.equal(validateParams(op('realtime.StartQuery'), { queryType: 'USER_REALTIME', keyList: [2, 3, 5] }), undefined);
    assert.equal(
      validateParams(op('realtime.StartQuery'), { queryType: 'USER_CUMULATIVE', keyList: [5], fromTime: '2019-09-02T11:00:00Z' }),
      undefined,
    );
    assert.equal(
      validateParams(op('realtime.StartQuery'), { queryType: 'QUEUE_CUMULATIVE', keyList: [1], fromTime: '2019-09-02T11:00:00-03:00' }),
      undefined,
    );
    assert.equal(validateParams(op('telephony.Logoff'), { agentKey: '3' }), undefined); // "String" in this table
    assert.equal(validateParams(op('admin.GetUsers'), undefined), undefined);
    assert.equal(validateParams(op('telephony.LogonV1'), { agentID: '1000', extension: '554181015002' }), undefined); // the example's spelling
    assert.match(message('telephony.LogonV1', { agentID: 1000, extension: '1' }), /"agentId" must be a string/);
  });

  it('names a missing required field', () => {
    assert.equal(message('telephony.Dial', { from: '4711' }), 'telephony.Dial: missing required field "to" (a string)');
    assert.match(message('realtime.StopQuery', {}), /missing required field "queryId" \(an integer\)/);
  });

  it('names a field of the wrong type', () => {
    assert.equal(
      message('telephony.Logon', { agentKey: '3', extension: '4711' }),
      'telephony.Logon: "agentKey" must be an integer, got the string "3"',
    );
    assert.match(message('routing.DequeueCall', { uniqueCallId: '1', abandonedCall: 'yes' }), /"abandonedCall" must be a boolean/);
    assert.match(message('telephony.Dial', { from: 4711, to: '1' }), /"from" must be a string, got the integer 4711/);
  });

  it('refuses wildcards and non-integers in keyList', () => {
    assert.match(message('realtime.StartQuery', { queryType: 'USER_REALTIME', keyList: ['*'] }), /"keyList" takes integers only \(no wildcard\)/);
    assert.match(message('realtime.StartQuery', { queryType: 'USER_REALTIME', keyList: '*' }), /"keyList" must be a list of integers, got the string "\*"/);
    assert.match(message('realtime.StartQuery', { queryType: 'USER_REALTIME', keyList: [] }), /at least one key/);
  });

  it('requires fromTime in ISO form for cumulative queries only', () => {
    assert.match(
      message('realtime.StartQuery', { queryType: 'GROUP_CUMULATIVE', keyList: [1] }),
      /"fromTime" is required for the cumulative query type GROUP_CUMULATIVE/,
    );
    assert.match(
      message('realtime.StartQuery', { queryType: 'GROUP_CUMULATIVE', keyList: [1], fromTime: '2019-09-02 11:00' }),
      /"fromTime" must be yyyy-mm-ddThh:mm:ssZ or yyyy-mm-ddThh:mm:ss±hh:mm/,
    );
    assert.match(
      message('realtime.StartQuery', { queryType: 'USER_CUMULATIVE', keyList: [1], fromTime: '2019-09-02T11:00:00.000Z' }),
      /"fromTime" must be/,
    );
  });

  it('refuses a query type outside the 13', () => {
    assert.match(message('realtime.StartQuery', { queryType: 'USER_DAILY', keyList: [1] }), /"queryType" must be one of USER_REALTIME, .*AGGREGATE_WRAPUP_REASON_CUMULATIVE; got "USER_DAILY"/);
  });

  it('checks enumerations, either-or fields and listen resources', () => {
    assert.match(message('presence.SetRoutingState', { state: 'ASLEEP', agentKey: 3 }), /"state" must be one of AVAILABLE/);
    assert.equal(message('presence.SetRoutingState', { state: 'WORK' }), 'presence.SetRoutingState: one of "agentId" or "agentKey" is required');
    assert.match(message('presence.StartListenForEvents', { resource: 'agent3' }), /"resource" must be an agent key \(integer\) or "\*"/);
    assert.equal(validateParams(op('presence.StartListenForEvents'), { resource: '*' }), undefined);
    assert.equal(validateParams(op('telephony.StartListenForEvents'), { resource: '554181015002' }), undefined);
    assert.match(message('main.GetServerState', { realm: 'PRESENCE' }), /"realm" must be one of TELEPHONY, CALLBACK, WEB_INTERACTION, OPENMEDIA/);
  });

  it('refuses parameters that are not an object', () => {
    assert.match(message('telephony.Dial', ['4711']), /parameters must be an object, got an array/);
  });
});
