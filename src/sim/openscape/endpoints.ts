/**
 * Every request of the OpenScape REST SDK guide (section 4): URL as printed in the guide and as
 * its evident intent ("regular"), HTTP method, what authorisation it needs, and its request object
 * (fields, types, which ones the simulator insists on). One row per operation; the handlers in
 * commands-*.ts are looked up by `operation`.
 *
 * Required fields: the guide marks none as required except by "OPTIONAL" notes. The simulator
 * requires the fields that identify what the request acts on (agentKey, uniqueCallId, from, to,
 * extension, state, queryType...), and treats descriptive ones (description, priority, contactData,
 * display names, flags) as optional.
 */
import { CALLBACK_ORIGINS, CALLBACK_STATUSES, MEDIA_TYPES, QUERY_TYPES, ROUTING_STATES, SERVER_STATE_REALMS } from './names';

export type FieldType =
  /** JSON integer. */
  | 'int'
  /** JSON string. */
  | 'string'
  /** JSON boolean. */
  | 'bool'
  /** Where the guide's table and example disagree (table String, example integer or the reverse). */
  | 'intOrString'
  /** List of JSON integers. */
  | 'intList'
  /** List of {key, value} strings (ContactData). */
  | 'keyValueList'
  /** Schedule: the guide says "Schedule Object" and shows a list of them; both are accepted. */
  | 'schedule'
  /** JSON object. */
  | 'object'
  /** StartListenForEvents resource that is a user key: integer, digits, or the wildcard "*". */
  | 'userResource'
  /** StartListenForEvents resource that is an extension number or "*". */
  | 'extensionResource';

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  /** Allowed string values (an enum of section 5). */
  oneOf?: readonly string[];
  /** Other spellings the guide's examples use for this field (e.g. `agentID`). */
  aliases?: readonly string[];
}

/** none: RegisterApplication; session: needs a valid session token; logon: also needs main/logon first. */
export type AuthLevel = 'none' | 'session' | 'logon';

export interface Endpoint {
  /** `<area>.<command>`, e.g. `telephony.dial`; `.v1` marks the old-version forms. */
  operation: string;
  method: 'GET' | 'POST';
  /** Path below /restsdk/webapi/ with the typos of the guide corrected. */
  path: string;
  /** Path below /restsdk/webapi/ exactly as the guide prints it, when different from `path`. */
  printed?: string;
  auth: AuthLevel;
  fields: readonly FieldSpec[];
}

const int = (name: string, required = true): FieldSpec => ({ name, type: 'int', required });
const str = (name: string, required = true): FieldSpec => ({ name, type: 'string', required });
const bool = (name: string, required = false): FieldSpec => ({ name, type: 'bool', required });
const contactData = (required = false): FieldSpec => ({ name: 'contactData', type: 'keyValueList', required });
const agentKey = int('agentKey');
const uniqueCallId = str('uniqueCallId');
const optionalAgentId = str('agentId', false);
const requeueCount = int('requeueCount', false);
const from = str('from');
const to = str('to');

function post(operation: string, path: string, fields: FieldSpec[] = [], extra: Partial<Endpoint> = {}): Endpoint {
  return { operation, method: 'POST', path, auth: 'logon', fields, ...extra };
}
function adminQuery(operation: string, path: string, printed?: string, auth: AuthLevel = 'logon'): Endpoint {
  return { operation, method: 'GET', path, printed, auth, fields: [] };
}
function listen(area: string, realmField: FieldSpec | undefined, printedStop?: string): Endpoint[] {
  const fields = realmField ? [realmField] : [];
  return [
    post(`${area}.startListenForEvents`, `${area}/startlistenforevents`, fields),
    post(`${area}.stopListenForEvents`, `${area}/stoplistenforevents`, fields, printedStop ? { printed: printedStop } : {}),
  ];
}

const agentCallFields = (): FieldSpec[] => [optionalAgentId, agentKey, uniqueCallId, requeueCount];

export const ENDPOINTS: readonly Endpoint[] = [
  // 4.1 Main
  post(
    'main.registerApplication',
    'main/registerApplication',
    [
      str('webhookURL'),
      { name: 'webhookAPIVersion', type: 'string', oneOf: ['V1', 'V2', 'v1', 'v2'] },
      { name: 'application', type: 'object', required: true },
    ],
    { auth: 'none' },
  ),
  post('main.unregisterApplication', 'v2/main/unregisterApplication', [], { auth: 'session' }),
  post('main.unregisterApplication.v1', 'main/unregisterApplication', [str('webhookURL', false), { name: 'application', type: 'object' }], {
    auth: 'session',
  }),
  post('main.logon', 'main/logon', [agentKey, str('password')], { auth: 'session' }),
  post('main.keepAlive', 'main/keepalive', [], { auth: 'session' }),
  post('main.getServerState', 'main/getserverstate', [{ name: 'realm', type: 'string', required: true, oneOf: SERVER_STATE_REALMS }], {
    auth: 'session',
  }),

  // 4.2 Admin: GetUsers needs no logon (its note), every other admin request does.
  adminQuery('admin.getUsers', 'admin/users', undefined, 'session'),
  adminQuery('admin.getQueues', 'admin/queues'),
  adminQuery('admin.getGroups', 'admin/groups'),
  adminQuery('admin.getDepartments', 'admin/departments'),
  adminQuery('admin.getAggregates', 'admin/aggregates'),
  adminQuery('admin.getUnavailableReasons', 'admin/unavailablereasons'),
  adminQuery('admin.getWrapUpReasons', 'admin/wrapupreasons'),
  adminQuery('admin.getWorkReasons', 'admin/workreasons'),
  adminQuery('admin.getPostProcessingReasons', 'admin/postprocessingreasons'),
  adminQuery('admin.getCallbackRetryReasons', 'admin/callbackretryreasons', 'admin/ callbackretryreasons'),
  adminQuery('admin.getCallbackDeleteReasons', 'admin/callbackdeletereasons', 'admin/ callbackdeletereasons'),
  adminQuery('admin.getOpenMediaConnectors', 'admin/openmediaconnectors', 'admin/ openmediconnectors'),
  adminQuery('admin.getOpenMediaDiscardReasons', 'admin/openmediadiscardreasons', 'admin/ openmediadiscardreasons'),
  ...listen('admin', undefined),

  // 4.3 Presence
  post('presence.setRoutingState', 'presence/setroutingstate', [
    { name: 'state', type: 'string', required: true, oneOf: ROUTING_STATES },
    optionalAgentId,
    agentKey,
    // Table: String; example: 0. Either is accepted.
    { name: 'reason', type: 'intOrString' },
  ]),
  post('presence.requestPostProcessing', 'presence/requestpostprocessing', [int('postProcessingReason'), ...agentCallFields()]),
  post('presence.exitPostProcessing', 'presence/exitpostprocessing', agentCallFields()),
  post('presence.setPrimary', 'presence/setprimary', agentCallFields()),
  post('presence.cancelMandatoryWrappingUp', 'presence/cancelmandatorywrappingup', agentCallFields()),
  post('presence.setWrapUpReason', 'presence/setwrapupreason', [
    { name: 'wrapUpReasons', type: 'intList', required: true },
    int('queueKey', false),
    ...agentCallFields(),
  ]),
  ...listen('presence', { name: 'resource', type: 'userResource', required: true }),

  // 4.4 Routing
  post('routing.queryCall', 'routing/querycall', [uniqueCallId]),
  post('routing.updateCall', 'routing/updatecall', [uniqueCallId, str('description', false), contactData(), int('queueKey', false), int('priority', false)]),
  post('routing.enqueueCall', 'routing/enqueuecall', [
    uniqueCallId,
    str('description', false),
    contactData(),
    { name: 'mediaType', type: 'string', oneOf: MEDIA_TYPES },
    int('queueKey', false),
    int('priority', false),
    int('reserveAgentKey', false),
    int('reserveAgentMaximumTime', false),
    bool('automatedTransfer'),
    str('source', false),
    str('destination', false),
    bool('queueProcessingDesired'),
  ]),
  post('routing.dequeueCall', 'routing/dequeuecall', [uniqueCallId, bool('abandonedCall')]),
  post('routing.addContactData', 'routing/addcontactdata', [str('key'), str('value'), uniqueCallId]),
  post('routing.removeContactData', 'routing/removecontactdata', [str('key'), uniqueCallId]),
  post('routing.clearContactData', 'routing/clearcontactdata', [uniqueCallId]),
  ...listen('routing', undefined),

  // 4.5 Telephony
  post('telephony.logon', 'v2/telephony/logon', [agentKey, str('extension')]),
  // Table: String; example: integer.
  post('telephony.logoff', 'v2/telephony/logoff', [{ name: 'agentKey', type: 'intOrString', required: true }]),
  post('telephony.dial', 'telephony/dial', [from, to, str('numberToDisplay', false), str('nameToDisplay', false)]),
  post('telephony.answer', 'telephony/answer', [from]),
  post('telephony.disconnect', 'telephony/disconnect', [from, bool('workflowDisconnected')]),
  post('telephony.consult', 'telephony/consult', [from, to, uniqueCallId]),
  post('telephony.hold', 'telephony/hold', [from, uniqueCallId]),
  post('telephony.retrieve', 'telephony/retrieve', [from, uniqueCallId]),
  post('telephony.reconnect', 'telephony/reconnect', [from, uniqueCallId]),
  post('telephony.conference', 'telephony/conference', [from, uniqueCallId]),
  post('telephony.transfer', 'telephony/transfer', [from, uniqueCallId]),
  post('telephony.singleStepTransfer', 'telephony/singlesteptransfer', [from, to, uniqueCallId, bool('workflowTransfer')]),
  post('telephony.transferToVoiceMail', 'telephony/transfertovoicemail', [from, to, uniqueCallId], {
    printed: 'telephony/transfertovoiceemail',
  }),
  post('telephony.divert', 'telephony/divert', [from, to, uniqueCallId]),
  post('telephony.setUserPreferredDevice', 'telephony/setuserpreferreddevice', [agentKey, str('deviceid'), str('forwardDestination')]),
  post('telephony.removeUserPreferredDevice', 'telephony/removeuserpreferreddevice', [agentKey, str('deviceid')]),
  post('telephony.updateContactData', 'telephony/updatecontactdata', [uniqueCallId, contactData(true)]),
  post('telephony.queryLine', 'v2/telephony/queryline', [str('extension')]),
  post('telephony.queryCall', 'telephony/querycall', [uniqueCallId]),
  ...listen('telephony', { name: 'resource', type: 'extensionResource', required: true }, 'telephony/stoplisterforevents'),
  // 4.5.4 old versions
  post('telephony.logon.v1', 'telephony/logon', [{ name: 'agentId', type: 'string', required: true, aliases: ['agentID'] }, str('extension')]),
  post('telephony.logoff.v1', 'telephony/logoff', [{ name: 'agentId', type: 'string', required: true, aliases: ['agentID'] }]),
  post('telephony.queryLine.v1', 'telephony/queryline', [str('extension')]),

  // 4.6 Callback
  post('callback.logon', 'callback/logon', [agentKey, str('extension')]),
  post('callback.logoff', 'callback/logoff', [agentKey]),
  post('callback.accept', 'callback/accept', [agentKey]),
  post('callback.complete', 'callback/complete', [
    agentKey,
    bool('successful', true),
    int('retryDelay', false),
    int('retryReasonKey', false),
    str('phoneNumber', false),
    bool('maxReached'),
  ]),
  post('callback.create', 'callback/create', [
    agentKey,
    str('name'),
    int('queueKey'),
    str('description', false),
    int('priority', false),
    int('reserveAgentKey', false),
    { name: 'schedule', type: 'schedule', required: true },
    contactData(),
  ]),
  post('callback.delete', 'callback/delete', [agentKey, int('reasonKey')]),
  // The interval and queue keys filter the query; without them every new callback is reported.
  post('callback.queryNewCallbacks', 'callback/querynewcallbacks', [
    { name: 'origin', type: 'string', required: true, oneOf: CALLBACK_ORIGINS },
    str('fromTime', false),
    str('toTime', false),
    { name: 'queueKeys', type: 'intList' },
  ]),
  post('callback.update', 'callback/update', [
    agentKey,
    uniqueCallId,
    str('name', false),
    int('queueKey', false),
    str('description', false),
    int('priority', false),
    int('reserveAgentKey', false),
    int('reserveAgentTime', false),
    { name: 'schedule', type: 'schedule' },
    contactData(),
    str('retryTime', false),
    int('reasonKey', false),
    { name: 'status', type: 'string', oneOf: CALLBACK_STATUSES },
  ]),
  ...listen('callback', { name: 'resource', type: 'userResource', required: true }, 'callback/stoplifenforevents'),

  // 4.7 Web collaboration
  post('webcollaboration.logon', 'webcollaboration/logon', [agentKey]),
  post('webcollaboration.logoff', 'webcollaboration/logoff', [agentKey]),
  post('webcollaboration.accept', 'webcollaboration/accept', [agentKey, uniqueCallId]),
  post('webcollaboration.disconnect', 'webcollaboration/disconnect', [agentKey, uniqueCallId]),
  post('webcollaboration.inviteAgent', 'webcollaboration/inviteagent', [int('invitedAgentKey'), agentKey, uniqueCallId]),
  post('webcollaboration.declineInvite', 'webcollaboration/declineinvite', [int('invitedAgentKey'), agentKey, uniqueCallId]),
  post('webcollaboration.callMe', 'webcollaboration/callme', [agentKey, uniqueCallId]),
  post('webcollaboration.requeueToQueue', 'webcollaboration/requeuetoqueue', [int('queueKey'), agentKey, uniqueCallId], {
    printed: 'webcollaboration/requeueetoqueue',
  }),
  post('webcollaboration.requeueToAgent', 'webcollaboration/requeuetoagent', [int('toAgentKey'), int('priority', false), agentKey, uniqueCallId], {
    printed: 'webcollaboration/requeueetoagent',
  }),
  post('webcollaboration.addContent', 'webcollaboration/addcontent', [str('content'), agentKey, uniqueCallId]),
  post('webcollaboration.updateContactData', 'webcollaboration/updatecontactdata', [contactData(true), agentKey, uniqueCallId]),
  ...listen('webcollaboration', { name: 'resource', type: 'userResource', required: true }),

  // 4.8 OpenMedia
  post('openmedia.logon', 'openmedia/logon', [int('connectorKey'), agentKey]),
  post('openmedia.logoff', 'openmedia/logoff', [int('connectorKey'), agentKey]),
  post('openmedia.accept', 'openmedia/accept', [uniqueCallId]),
  post('openmedia.disconnect', 'openmedia/disconnect', [uniqueCallId]),
  post('openmedia.queryEligibleUsers', 'openmedia/queryeligibleusers', [int('connectorKey')]),
  post('openmedia.reply', 'openmedia/reply', [str('connectorName'), str('replyTo', false), str('content'), uniqueCallId]),
  // Table: String for both keys; example: integers.
  post('openmedia.defer', 'openmedia/defer', [
    { name: 'agentKey', type: 'intOrString', required: true },
    { name: 'connectorKey', type: 'intOrString', required: true },
    str('draftMessage', false),
    uniqueCallId,
  ]),
  post('openmedia.resume', 'openmedia/resume', [uniqueCallId]),
  post('openmedia.requeueToQueue', 'openmedia/requeuetoqueue', [int('queueKey'), int('priority', false), str('draftMessage', false), uniqueCallId], {
    printed: 'openmedia/requeuequeue',
  }),
  post('openmedia.requeueToAgent', 'openmedia/requeuetoagent', [int('toAgentKey'), int('priority', false), str('draftMessage', false), uniqueCallId], {
    printed: 'openmedia/requeueetoagent',
  }),
  post('openmedia.discard', 'openmedia/discard', [int('reasonKey'), uniqueCallId]),
  // Table: agentKey; example: connectorKey. One of them is required (checked by the handler).
  post('openmedia.queryDeferredMessages', 'openmedia/querydeferredmessages', [int('agentKey', false), int('connectorKey', false)]),
  post('openmedia.getStream', 'openmedia/getstream', [uniqueCallId]),
  ...listen('openmedia', { name: 'resource', type: 'userResource', required: true }, 'openmedia/stoplifenforevents'),

  // 4.9 Real-time statistics
  post('realtime.startQuery', 'realtime/startquery', [
    { name: 'queryType', type: 'string', required: true, oneOf: Object.keys(QUERY_TYPES) },
    { name: 'keyList', type: 'intList', required: true },
    str('fromTime', false),
  ]),
  post('realtime.stopQuery', 'realtime/stopquery', [int('queryId')]),
];

export type UrlSpelling = 'printed' | 'regular' | 'both';

/** The route table for one spelling mode: decoded path below BASE_PATH -> endpoint. */
export function routeTable(spelling: UrlSpelling): Map<string, Endpoint> {
  const routes = new Map<string, Endpoint>();
  for (const endpoint of ENDPOINTS) {
    const printed = endpoint.printed ?? endpoint.path;
    if (spelling !== 'regular') routes.set(printed, endpoint);
    if (spelling !== 'printed') routes.set(endpoint.path, endpoint);
  }
  return routes;
}

/** The listen realm each area's StartListenForEvents subscribes to. */
export const AREA_REALM = {
  admin: 'ADMINISTRATION',
  presence: 'PRESENCE',
  routing: 'ROUTING',
  telephony: 'TELEPHONY',
  callback: 'CALLBACK',
  webcollaboration: 'WEB_INTERACTION',
  openmedia: 'OPENMEDIA',
} as const;
