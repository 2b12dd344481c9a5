import { strict as assert } from 'node:assert';
import {
  OPERATIONS,
  findOperation,
  operationUrlPath,
  EVENT_TYPES,
  REALTIME_QUERY_TYPES,
  canonicalEventType,
  eventTypeSpellings,
  errorCodeName,
  isSuccessCode,
} from '../../src/openscape';

function countOf(group: string, predicate: (name: string) => boolean = () => true): number {
  return OPERATIONS.filter((o) => o.group === group && predicate(o.name)).length;
}
const notListen = (n: string): boolean => !/ListenForEvents$/.test(n);

describe('openscape operation table', () => {
  it('has the operations of every chapter of the guide', () => {
    assert.equal(countOf('main'), 6); // register, unregister v2 + v1, logon, keepalive, server state
    assert.equal(countOf('admin', notListen), 13);
    assert.equal(countOf('presence', notListen), 6);
    assert.equal(countOf('routing', notListen), 7);
    assert.equal(countOf('telephony', (n) => notListen(n) && !n.endsWith('V1')), 19);
    assert.equal(countOf('telephony', (n) => n.endsWith('V1')), 3);
    assert.equal(countOf('callback', notListen), 8);
    assert.equal(countOf('webcollaboration', notListen), 11);
    assert.equal(countOf('openmedia', notListen), 13);
    assert.deepEqual(
      OPERATIONS.filter((o) => o.group === 'realtime').map((o) => o.id),
      ['realtime.StartQuery', 'realtime.StopQuery'],
    );
    for (const g of ['admin', 'presence', 'routing', 'telephony', 'callback', 'webcollaboration', 'openmedia']) {
      assert.equal(countOf(g, (n) => !notListen(n)), 2, g);
    }
  });

  it('has unique ids of the form <group>.<Name>', () => {
    const ids = OPERATIONS.map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const o of OPERATIONS) assert.equal(o.id, `${o.group}.${o.name}`);
  });

  it('keeps the printed spelling of the guide and its evident regular one', () => {
    const pair = (id: string): [string, string | undefined] => {
      const f = findOperation(id);
      assert.ok('op' in f, id);
      return [f.op.path, f.op.regularPath];
    };
    assert.deepEqual(pair('admin.GetCallbackRetryReasons'), ['admin/ callbackretryreasons', 'admin/callbackretryreasons']);
    assert.deepEqual(pair('admin.GetCallbackDeleteReasons'), ['admin/ callbackdeletereasons', 'admin/callbackdeletereasons']);
    assert.deepEqual(pair('admin.GetOpenMediaConnectors'), ['admin/ openmediconnectors', 'admin/openmediaconnectors']);
    assert.deepEqual(pair('admin.GetOpenMediaDiscardReasons'), ['admin/ openmediadiscardreasons', 'admin/openmediadiscardreasons']);
    assert.deepEqual(pair('telephony.StopListenForEvents'), ['telephony/stoplisterforevents', 'telephony/stoplistenforevents']);
    assert.deepEqual(pair('callback.StopListenForEvents'), ['callback/stoplifenforevents', 'callback/stoplistenforevents']);
    assert.deepEqual(pair('openmedia.StopListenForEvents'), ['openmedia/stoplifenforevents', 'openmedia/stoplistenforevents']);
    assert.deepEqual(pair('telephony.TransferToVoiceMail'), ['telephony/transfertovoiceemail', 'telephony/transfertovoicemail']);
    assert.deepEqual(pair('webcollaboration.RequeueToQueue'), ['webcollaboration/requeueetoqueue', 'webcollaboration/requeuetoqueue']);
    assert.deepEqual(pair('webcollaboration.RequeueToAgent'), ['webcollaboration/requeueetoagent', 'webcollaboration/requeuetoagent']);
    assert.deepEqual(pair('openmedia.RequeueToQueue'), ['openmedia/requeuequeue', 'openmedia/requeuetoqueue']);
    assert.deepEqual(pair('openmedia.RequeueToAgent'), ['openmedia/requeueetoagent', 'openmedia/requeuetoagent']);
    assert.deepEqual(pair('main.UnregisterApplication'), ['v2/main/unregisterApplication', undefined]);
    assert.deepEqual(pair('main.UnregisterApplicationV1'), ['main/unregisterApplication', undefined]);
    assert.deepEqual(pair('telephony.Logon'), ['v2/telephony/logon', undefined]);
    assert.deepEqual(pair('telephony.LogonV1'), ['telephony/logon', undefined]);
    assert.deepEqual(pair('telephony.QueryLine'), ['v2/telephony/queryline', undefined]);
    assert.deepEqual(pair('telephony.QueryLineV1'), ['telephony/queryline', undefined]);
  });

  it('builds URL paths below /restsdk/webapi/ with the printed space encoded', () => {
    const f = findOperation('admin.GetCallbackRetryReasons');
    assert.ok('op' in f);
    assert.equal(operationUrlPath(f.op, 'printed'), '/restsdk/webapi/admin/%20callbackretryreasons');
    assert.equal(operationUrlPath(f.op, 'regular'), '/restsdk/webapi/admin/callbackretryreasons');
    const dial = findOperation('telephony.Dial');
    assert.ok('op' in dial);
    assert.equal(operationUrlPath(dial.op, 'regular'), '/restsdk/webapi/telephony/dial');
  });

  it('finds ids case-insensitively and bare names only when unambiguous', () => {
    const dial = findOperation('Dial');
    assert.ok('op' in dial && dial.op.id === 'telephony.Dial');
    const users = findOperation('admin.getusers');
    assert.ok('op' in users && users.op.id === 'admin.GetUsers');
    const logon = findOperation('Logon');
    assert.ok('error' in logon);
    assert.match(logon.error, /ambiguous.*main\.Logon.*telephony\.Logon/);
    const unknown = findOperation('telephony.makeCoffee');
    assert.ok('error' in unknown);
    assert.match(unknown.error, /unknown OpenScape operation "telephony.makeCoffee"/);
  });

  it('marks GetUsers as not needing logon and the listens with their realms', () => {
    const users = findOperation('admin.GetUsers');
    assert.ok('op' in users && users.op.needsLogon === false && users.op.method === 'GET');
    const tel = findOperation('telephony.StartListenForEvents');
    assert.ok('op' in tel);
    assert.deepEqual(tel.op.listen, { action: 'start', realm: 'TELEPHONY', resource: 'extension', resourceAs: 'string' });
    const web = findOperation('webcollaboration.StartListenForEvents');
    assert.ok('op' in web && web.op.listen?.realm === 'WEB_INTERACTION');
  });
});

describe('openscape event and code tables', () => {
  it('knows every EventType and the realtime event types', () => {
    assert.deepEqual(EVENT_TYPES.DELIVERED_EVENT, ['TELEPHONY']);
    assert.deepEqual(EVENT_TYPES.USER_ROUTING_STATE, ['PRESENCE']);
    assert.deepEqual(EVENT_TYPES.AGGREGATE_WRAPUPREASON_CUMULATIVE_EVENT, ['REALTIME']);
    assert.deepEqual(EVENT_TYPES.STREAM_RESPONSE_OPENMEDIA_EVENT, ['OPENMEDIA']);
    assert.equal(REALTIME_QUERY_TYPES.length, 13);
  });

  it('maps the spelling variants of the examples to the EventType list', () => {
    assert.equal(canonicalEventType('UNAVAILABLEREASON_UPDATED_EVENT'), 'UNAVAILBLEREASON_UPDATED_EVENT');
    assert.equal(canonicalEventType('CALLBACK_DELETE_REASON_UPDATED_EVENT'), 'CALLBACK_DELETEREASON_UPDATED_EVENT');
    assert.equal(canonicalEventType('SERVICE_ENABLED_EVENT'), 'SERVICES_ENABLED_EVENT');
    assert.equal(canonicalEventType('BRAND_NEW_EVENT'), 'BRAND_NEW_EVENT');
    assert.deepEqual(eventTypeSpellings('SERVICES_ENABLED_EVENT'), ['SERVICES_ENABLED_EVENT', 'SERVICE_ENABLED_EVENT']);
  });

  it('reads errorCode as a string or a number', () => {
    assert.equal(errorCodeName(0), 'NO_ERROR');
    assert.equal(errorCodeName('8'), 'APPLICATION_NOT_REGISTERED');
    assert.equal(errorCodeName('NO ERROR'), 'NO_ERROR');
    assert.equal(isSuccessCode('NO_ERROR'), true);
    assert.equal(isSuccessCode(0), true);
    assert.equal(isSuccessCode('PRESENCE_ACTION_SUCCEED'), true);
    assert.equal(isSuccessCode('PRESENCE_ACTION_FAILED'), false);
    assert.equal(isSuccessCode(8), false);
    assert.equal(isSuccessCode('GENERAL_ERROR'), false);
  });
});
