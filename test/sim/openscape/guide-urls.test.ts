import assert from 'node:assert/strict';
import { ENDPOINTS } from '../../../src/sim/openscape';
import { routeTable } from '../../../src/sim/openscape/endpoints';

/**
 * Every "URL:" line of the guide (spec/openscape-cc-rest-sdk-v11-guide.md), copied as printed
 * (typos and the space after "admin/" included). 102 lines.
 */
const GUIDE_URLS: Array<[string, string]> = [
  ['POST', 'main/registerApplication'],
  ['POST', 'v2/main/unregisterApplication'],
  ['POST', 'main/logon'],
  ['POST', 'main/keepalive'],
  ['POST', 'main/getserverstate'],
  ['POST', 'main/unregisterApplication'],
  ['GET', 'admin/users'],
  ['GET', 'admin/queues'],
  ['GET', 'admin/groups'],
  ['GET', 'admin/departments'],
  ['GET', 'admin/aggregates'],
  ['GET', 'admin/unavailablereasons'],
  ['GET', 'admin/wrapupreasons'],
  ['GET', 'admin/workreasons'],
  ['GET', 'admin/postprocessingreasons'],
  ['GET', 'admin/ callbackretryreasons'],
  ['GET', 'admin/ callbackdeletereasons'],
  ['GET', 'admin/ openmediconnectors'],
  ['GET', 'admin/ openmediadiscardreasons'],
  ['POST', 'admin/startlistenforevents'],
  ['POST', 'admin/stoplistenforevents'],
  ['POST', 'presence/setroutingstate'],
  ['POST', 'presence/requestpostprocessing'],
  ['POST', 'presence/exitpostprocessing'],
  ['POST', 'presence/setprimary'],
  ['POST', 'presence/cancelmandatorywrappingup'],
  ['POST', 'presence/setwrapupreason'],
  ['POST', 'presence/startlistenforevents'],
  ['POST', 'presence/stoplistenforevents'],
  ['POST', 'routing/querycall'],
  ['POST', 'routing/updatecall'],
  ['POST', 'routing/enqueuecall'],
  ['POST', 'routing/dequeuecall'],
  ['POST', 'routing/addcontactdata'],
  ['POST', 'routing/removecontactdata'],
  ['POST', 'routing/clearcontactdata'],
  ['POST', 'routing/startlistenforevents'],
  ['POST', 'routing/stoplistenforevents'],
  ['POST', 'v2/telephony/logon'],
  ['POST', 'v2/telephony/logoff'],
  ['POST', 'telephony/dial'],
  ['POST', 'telephony/answer'],
  ['POST', 'telephony/disconnect'],
  ['POST', 'telephony/consult'],
  ['POST', 'telephony/hold'],
  ['POST', 'telephony/retrieve'],
  ['POST', 'telephony/reconnect'],
  ['POST', 'telephony/conference'],
  ['POST', 'telephony/transfer'],
  ['POST', 'telephony/singlesteptransfer'],
  ['POST', 'telephony/transfertovoiceemail'],
  ['POST', 'telephony/divert'],
  ['POST', 'telephony/setuserpreferreddevice'],
  ['POST', 'telephony/removeuserpreferreddevice'],
  ['POST', 'telephony/updatecontactdata'],
  ['POST', 'v2/telephony/queryline'],
  ['POST', 'telephony/querycall'],
  ['POST', 'telephony/startlistenforevents'],
  ['POST', 'telephony/stoplisterforevents'],
  ['POST', 'telephony/logon'],
  ['POST', 'telephony/logoff'],
  ['POST', 'telephony/queryline'],
  ['POST', 'callback/logon'],
  ['POST', 'callback/logoff'],
  ['POST', 'callback/accept'],
  ['POST', 'callback/complete'],
  ['POST', 'callback/create'],
  ['POST', 'callback/delete'],
  ['POST', 'callback/querynewcallbacks'],
  ['POST', 'callback/update'],
  ['POST', 'callback/startlistenforevents'],
  ['POST', 'callback/stoplifenforevents'],
  ['POST', 'webcollaboration/logon'],
  ['POST', 'webcollaboration/logoff'],
  ['POST', 'webcollaboration/accept'],
  ['POST', 'webcollaboration/disconnect'],
  ['POST', 'webcollaboration/inviteagent'],
  ['POST', 'webcollaboration/declineinvite'],
  ['POST', 'webcollaboration/callme'],
  ['POST', 'webcollaboration/requeueetoqueue'],
  ['POST', 'webcollaboration/requeueetoagent'],
  ['POST', 'webcollaboration/addcontent'],
  ['POST', 'webcollaboration/updatecontactdata'],
  ['POST', 'webcollaboration/startlistenforevents'],
  ['POST', 'webcollaboration/stoplistenforevents'],
  ['POST', 'openmedia/logon'],
  ['POST', 'openmedia/logoff'],
  ['POST', 'openmedia/accept'],
  ['POST', 'openmedia/disconnect'],
  ['POST', 'openmedia/queryeligibleusers'],
  ['POST', 'openmedia/reply'],
  ['POST', 'openmedia/defer'],
  ['POST', 'openmedia/resume'],
  ['POST', 'openmedia/requeuequeue'],
  ['POST', 'openmedia/requeueetoagent'],
  ['POST', 'openmedia/discard'],
  ['POST', 'openmedia/querydeferredmessages'],
  ['POST', 'openmedia/getstream'],
  ['POST', 'openmedia/startlistenforevents'],
  ['POST', 'openmedia/stoplifenforevents'],
  ['POST', 'realtime/startquery'],
  ['POST', 'realtime/stopquery'],
];

describe('OpenScape simulator: the guide’s URL list', () => {
  it('knows every URL the guide prints, with its method, in printed and both modes', () => {
    assert.equal(GUIDE_URLS.length, 102);
    for (const mode of ['printed', 'both'] as const) {
      const routes = routeTable(mode);
      for (const [method, path] of GUIDE_URLS) {
        const endpoint = routes.get(path);
        assert.ok(endpoint, `${mode}: ${method} ${path}`);
        assert.equal(endpoint.method, method, path);
      }
    }
  });

  it('has no endpoint the guide does not print', () => {
    const printed = new Set(GUIDE_URLS.map(([, path]) => path));
    assert.deepEqual(ENDPOINTS.filter((endpoint) => !printed.has(endpoint.printed ?? endpoint.path)).map((endpoint) => endpoint.operation), []);
    assert.equal(ENDPOINTS.length, GUIDE_URLS.length);
  });

  it("in 'regular' mode has a corrected URL for every printed one and none with a typo", () => {
    const routes = routeTable('regular');
    assert.equal(new Set(routes.values()).size, ENDPOINTS.length);
    for (const path of routes.keys()) {
      assert.doesNotMatch(path, / |stoplister|stoplifen|voiceemail|requeuee|requeuequeue|openmedicon/, path);
    }
  });
});
