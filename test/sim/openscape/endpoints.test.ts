import assert from 'node:assert/strict';
import { ENDPOINTS, ERROR_CODES, type OpenScapeSimulator } from '../../../src/sim/openscape';
import type { Endpoint, FieldSpec } from '../../../src/sim/openscape/endpoints';
import { call, registerAndLogon, startSim } from './helpers';

const ISO = '2019-01-25T10:04:42-02:00';

function sample(field: FieldSpec): unknown {
  if (field.oneOf) return field.oneOf[0];
  switch (field.type) {
    case 'int':
      return { queueKey: 1, connectorKey: 1, reasonKey: 5, priority: 20, queryId: 1 }[field.name] ?? 2;
    case 'intOrString':
      return 2;
    case 'bool':
      return false;
    case 'intList':
      return [1];
    case 'keyValueList':
      return [{ key: 'clé', value: 'valeur' }];
    case 'schedule':
      return [{ startTime: ISO, endTime: ISO, phoneNumber: '551138172345' }];
    case 'object':
      return {};
    case 'userResource':
    case 'extensionResource':
      return '*';
    case 'string':
      if (/^(from|to|extension|deviceid|forwardDestination)$/.test(field.name)) return '554181015002';
      if (/Time$/.test(field.name)) return ISO;
      if (field.name === 'uniqueCallId') return '1491539316351272';
      if (field.name === 'agentId') return '100002';
      if (field.name === 'webhookURL') return 'http://127.0.0.1:9/hook';
      return 'texte';
  }
}

function sampleBody(endpoint: Endpoint): Record<string, unknown> {
  return Object.fromEntries(endpoint.fields.map((field) => [field.name, sample(field)]));
}

function encodedPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const VALIDATION_CODES = ['WRONG_API_REQUEST', 'EMPTY_PARAMETER', 'NEGATIVE_PARAMETER', 'APPLICATION_NOT_REGISTERED', 'AUTH_STATEMENT_NOT_VALID'];

describe('OpenScape simulator: every endpoint of the guide', () => {
  let sim: OpenScapeSimulator;
  let token: string;

  before(async () => {
    sim = await startSim();
  });
  after(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    token = await registerAndLogon(sim);
  });

  it('has the guide’s requests: main 6, admin 13 + listen, presence 6 + listen, routing 7 + listen, telephony 19 + listen + 3 v1, callback 8 + listen, web 11 + listen, open media 13 + listen, realtime 2', () => {
    const count = (prefix: string) => ENDPOINTS.filter((endpoint) => endpoint.operation.startsWith(`${prefix}.`)).length;
    assert.equal(count('main'), 6);
    assert.equal(count('admin'), 15);
    assert.equal(count('presence'), 8);
    assert.equal(count('routing'), 9);
    assert.equal(count('telephony'), 24);
    assert.equal(count('callback'), 10);
    assert.equal(count('webcollaboration'), 13);
    assert.equal(count('openmedia'), 15);
    assert.equal(count('realtime'), 2);
    assert.equal(new Set(ENDPOINTS.map((endpoint) => endpoint.operation)).size, ENDPOINTS.length);
  });

  for (const endpoint of ENDPOINTS.filter((item) => item.operation !== 'main.registerApplication')) {
    const spellings = endpoint.printed ? [endpoint.path, endpoint.printed] : [endpoint.path];
    for (const path of spellings) {
      it(`${endpoint.method} ${path} answers a guide ErrorCode for a valid request (${endpoint.operation})`, async () => {
        const reply = await call(sim, endpoint.method, encodedPath(path), endpoint.method === 'GET' ? undefined : sampleBody(endpoint), token);
        assert.equal(reply.status, 200);
        const code = reply.body.errorCode;
        if (endpoint.operation === 'main.keepAlive') assert.equal(code, 0);
        else {
          assert.ok(typeof code === 'string' && code in ERROR_CODES, `errorCode ${String(code)}`);
          assert.ok(!VALIDATION_CODES.includes(code), `${code}: ${String(reply.body.errorDetails)}`);
          assert.equal(typeof reply.body.errorDetails, 'string');
        }
      });
    }
  }

  for (const endpoint of ENDPOINTS.filter((item) => item.fields.some((field) => field.required))) {
    const required = endpoint.fields.filter((field) => field.required);
    it(`${endpoint.operation}: a missing required attribute is EMPTY_PARAMETER, a wrong type WRONG_API_REQUEST`, async () => {
      for (const field of required) {
        const body = sampleBody(endpoint);
        delete body[field.name];
        const missing = await call(sim, 'POST', encodedPath(endpoint.path), body, token);
        assert.equal(missing.body.errorCode, 'EMPTY_PARAMETER', `${field.name} missing: ${JSON.stringify(missing.body)}`);
        const wrong = { ...sampleBody(endpoint), [field.name]: field.type === 'bool' || field.type === 'object' ? 'x' : { nested: true } };
        const typed = await call(sim, 'POST', encodedPath(endpoint.path), wrong, token);
        assert.equal(typed.body.errorCode, 'WRONG_API_REQUEST', `${field.name} of wrong type: ${JSON.stringify(typed.body)}`);
      }
    });
  }

  it('checks integer attributes: a string agentKey is refused, a negative key is NEGATIVE_PARAMETER', async () => {
    const asString = await call(sim, 'POST', 'v2/telephony/logon', { agentKey: '3', extension: '554181015002' }, token);
    assert.equal(asString.body.errorCode, 'WRONG_API_REQUEST');
    const negative = await call(sim, 'POST', 'v2/telephony/logon', { agentKey: -3, extension: '554181015002' }, token);
    assert.equal(negative.body.errorCode, 'NEGATIVE_PARAMETER');
    const decimal = await call(sim, 'POST', 'presence/setroutingstate', { state: 'AVAILABLE', agentKey: 1.5 }, token);
    assert.equal(decimal.body.errorCode, 'WRONG_API_REQUEST');
    const badState = await call(sim, 'POST', 'presence/setroutingstate', { state: 'ON_BREAK', agentKey: 1 }, token);
    assert.equal(badState.body.errorCode, 'WRONG_API_REQUEST');
  });

  it('accepts both readings where the guide’s table and example disagree', async () => {
    // Telephony Logoff: table String, example integer.
    assert.equal((await call(sim, 'POST', 'v2/telephony/logoff', { agentKey: 1 }, token)).body.errorCode, 'NO_ERROR');
    assert.equal((await call(sim, 'POST', 'v2/telephony/logoff', { agentKey: '1' }, token)).body.errorCode, 'NO_ERROR');
    // Presence listen: table Integer, example "3"; wildcard '*'.
    for (const resource of [3, '3', '*']) {
      assert.equal((await call(sim, 'POST', 'presence/startlistenforevents', { resource }, token)).body.errorCode, 'NO_ERROR');
    }
    assert.equal((await call(sim, 'POST', 'presence/startlistenforevents', { resource: 'agent' }, token)).body.errorCode, 'WRONG_API_REQUEST');
    // Telephony Logon v1: table agentId, example agentID.
    assert.equal((await call(sim, 'POST', 'telephony/logon', { agentID: '100001', extension: '554181015001' }, token)).body.errorCode, 'NO_ERROR');
  });

  it('answers the admin queries shaped like the guide’s examples', async () => {
    const checks: Array<[string, string, string[]]> = [
      ['admin/queues', 'queues', ['key', 'name', 'description', 'mediaType']],
      ['admin/groups', 'groups', ['key', 'name', 'description']],
      ['admin/departments', 'departments', ['key', 'name', 'description']],
      ['admin/aggregates', 'aggregates', ['key', 'name', 'description', 'mediaType']],
      ['admin/unavailablereasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/wrapupreasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/workreasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/postprocessingreasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/%20callbackretryreasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/%20callbackdeletereasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/%20openmediconnectors', 'connectors', ['connectorKey', 'connectorName']],
      ['admin/%20openmediadiscardreasons', 'reasons', ['reasonKey', 'name', 'description']],
      ['admin/users', 'users', ['agentKey', 'userName', 'firstName', 'lastName', 'middleInitial', 'departmentKey', 'acdGroupNumber', 'mediaTypes', 'type', 'agentId', 'multipleContactHandlingCapable']],
    ];
    for (const [path, key, attributes] of checks) {
      const reply = await call(sim, 'GET', path, undefined, token);
      assert.equal(reply.body.errorCode, 'NO_ERROR', path);
      const items = reply.body[key] as Array<Record<string, unknown>>;
      assert.ok(Array.isArray(items) && items.length > 0, path);
      for (const attribute of attributes) assert.ok(attribute in items[0], `${path}: ${attribute}`);
    }
  });
});
