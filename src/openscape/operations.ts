/**
 * THE table of OpenScape Contact Center REST SDK V11 operations (guide section 4, "REST SDK Messages").
 * Every URL, request field and field type of the guide lives here and nowhere else.
 *
 * The guide never says which request fields are mandatory. `required` marks the fields without which
 * a command cannot name its target (agent, call, extension, queue...); everything else the tables list
 * is optional. Where the guide's table and its example disagree about a type, both are accepted.
 */

import { CALLBACK_ORIGINS, CALLBACK_STATUSES, MEDIA_TYPES, ROUTING_STATES, SERVER_STATE_REALMS, REALTIME_QUERY_TYPES } from './codes';
import type { Realm } from './codes';

export type { Realm, RealTimeQueryType } from './codes';
export { REALMS, REALTIME_QUERY_TYPES } from './codes';

/** Base of every REST SDK URL path on the server. */
export const REST_BASE_PATH = '/restsdk/webapi/';

/** The groups of operation ids, one per guide chapter. */
export type OperationGroup =
  | 'main'
  | 'admin'
  | 'presence'
  | 'routing'
  | 'telephony'
  | 'callback'
  | 'webcollaboration'
  | 'openmedia'
  | 'realtime';

/**
 * JSON types of request fields.
 * - `key`: an integer, or a string of digits, where the guide types one key both ways
 *   (e.g. telephony Logoff agentKey is "String" while Logon's is "Integer").
 * - `resource`: a listen resource: an integer or digit string key, an extension string, or `*`.
 * - `integer[]`: a list of integers (no wildcard: realtime keyList, SetWrapUpReason, queueKeys).
 */
export type FieldType = 'integer' | 'string' | 'boolean' | 'object' | 'array' | 'integer[]' | 'key' | 'resource';

export interface FieldSpec {
  /** Accepted JSON types (any one of them). */
  types: FieldType[];
  required: boolean;
  /** Closed list of values from the guide's definitions (section 5). */
  values?: readonly string[];
  /** Other spellings an example of the guide uses for this field; sent as the caller wrote them. */
  aliases?: readonly string[];
}

/** What a listen operation starts or stops, for the subscription bookkeeping. */
export interface ListenSpec {
  action: 'start' | 'stop';
  realm: Realm;
  /**
   * What `resource` is: `none` (no body: admin, routing), `agent` (agent/user key or `*`),
   * `extension` (telephony extension or `*`).
   */
  resource: 'none' | 'agent' | 'extension';
  /** JSON type the guide's example sends the resource as (presence: integer, others: string). */
  resourceAs: 'integer' | 'string' | 'none';
}

export interface OperationSpec {
  /** `<group>.<Name>`, e.g. `telephony.Dial`, `telephony.LogonV1`. */
  id: string;
  group: OperationGroup;
  /** The guide's section title (`Dial`, `GetUsers`); v1 forms end in `V1`. */
  name: string;
  /** Guide section number, for error messages and documentation. */
  section: string;
  method: 'GET' | 'POST';
  /** Path below REST_BASE_PATH exactly as the guide prints it (typos and stray spaces included). */
  path: string;
  /** The evident intended spelling, when the printed one looks wrong; tried after an HTTP 404. */
  regularPath?: string;
  fields: Readonly<Record<string, FieldSpec>>;
  /** At least one field of each group must be present (e.g. agentId or agentKey). */
  requireOneOf?: readonly (readonly string[])[];
  /** Needs the application logon (main.Logon) first; the guide says "most" requests do. */
  needsLogon: boolean;
  /** Needs the session token (every operation except RegisterApplication). */
  needsSession: boolean;
  listen?: ListenSpec;
}

// ---- small builders, so that the table below reads like the guide's tables ----

const req = (...types: FieldType[]): FieldSpec => ({ types, required: true });
const opt = (...types: FieldType[]): FieldSpec => ({ types, required: false });
const reqOf = (values: readonly string[]): FieldSpec => ({ types: ['string'], required: true, values });
const optOf = (values: readonly string[]): FieldSpec => ({ types: ['string'], required: false, values });

/** Fields shared by the presence commands that act on one contact of one agent. */
const AGENT_CONTACT = {
  agentId: opt('string'),
  agentKey: opt('integer'),
  uniqueCallId: req('string'),
  requeueCount: opt('integer'),
};
const AGENT_ID_OR_KEY = [['agentId', 'agentKey']] as const;

type Row = Omit<OperationSpec, 'id' | 'group' | 'needsSession'> & { needsSession?: boolean };

function rows(group: OperationGroup, list: Row[]): OperationSpec[] {
  return list.map((r) => ({ ...r, id: `${group}.${r.name}`, group, needsSession: r.needsSession ?? true }));
}

function listens(
  group: OperationGroup,
  section: [string, string],
  realm: Realm,
  resource: ListenSpec['resource'],
  resourceAs: ListenSpec['resourceAs'],
  stopPath: { path: string; regularPath?: string },
): Row[] {
  const fields: Record<string, FieldSpec> = resource === 'none' ? {} : { resource: req('resource') };
  return [
    {
      name: 'StartListenForEvents',
      section: section[0],
      method: 'POST',
      path: `${group}/startlistenforevents`,
      fields,
      needsLogon: true,
      listen: { action: 'start', realm, resource, resourceAs },
    },
    {
      name: 'StopListenForEvents',
      section: section[1],
      method: 'POST',
      ...stopPath,
      fields,
      needsLogon: true,
      listen: { action: 'stop', realm, resource, resourceAs },
    },
  ];
}

const adminGet = (name: string, section: string, path: string, regularPath?: string, needsLogon = true): Row => ({
  name,
  section,
  method: 'GET',
  path,
  ...(regularPath ? { regularPath } : {}),
  fields: {},
  needsLogon,
});

export const OPERATIONS: readonly OperationSpec[] = [
  // ---- 4.1 Main ----
  ...rows('main', [
    {
      name: 'RegisterApplication',
      section: '4.1.1.1',
      method: 'POST',
      path: 'main/registerApplication',
      fields: { webhookURL: req('string'), webhookAPIVersion: optOf(['V1', 'V2']), application: req('object') },
      needsLogon: false,
      needsSession: false,
    },
    {
      name: 'UnregisterApplication',
      section: '4.1.1.2',
      method: 'POST',
      path: 'v2/main/unregisterApplication',
      fields: {},
      needsLogon: false,
    },
    {
      name: 'Logon',
      section: '4.1.1.3',
      method: 'POST',
      path: 'main/logon',
      fields: { agentKey: req('integer'), password: req('string') },
      needsLogon: false,
    },
    { name: 'KeepAlive', section: '4.1.1.4', method: 'POST', path: 'main/keepalive', fields: {}, needsLogon: false },
    {
      name: 'GetServerState',
      section: '4.1.1.5',
      method: 'POST',
      path: 'main/getserverstate',
      fields: { realm: reqOf(SERVER_STATE_REALMS) },
      needsLogon: false,
    },
    {
      name: 'UnregisterApplicationV1',
      section: '4.1.2.1',
      method: 'POST',
      path: 'main/unregisterApplication',
      fields: { webhookURL: req('string'), application: req('object') },
      needsLogon: false,
    },
  ]),

  // ---- 4.2 Admin ----
  ...rows('admin', [
    adminGet('GetUsers', '4.2.1.1', 'admin/users', undefined, false),
    adminGet('GetQueues', '4.2.1.2', 'admin/queues'),
    adminGet('GetGroups', '4.2.1.3', 'admin/groups'),
    adminGet('GetDepartments', '4.2.1.4', 'admin/departments'),
    adminGet('GetAggregates', '4.2.1.5', 'admin/aggregates'),
    adminGet('GetUnavailableReasons', '4.2.1.6', 'admin/unavailablereasons'),
    adminGet('GetWrapUpReasons', '4.2.1.7', 'admin/wrapupreasons'),
    adminGet('GetWorkReasons', '4.2.1.8', 'admin/workreasons'),
    adminGet('GetPostProcessingReasons', '4.2.1.9', 'admin/postprocessingreasons'),
    adminGet('GetCallbackRetryReasons', '4.2.1.10', 'admin/ callbackretryreasons', 'admin/callbackretryreasons'),
    adminGet('GetCallbackDeleteReasons', '4.2.1.11', 'admin/ callbackdeletereasons', 'admin/callbackdeletereasons'),
    adminGet('GetOpenMediaConnectors', '4.2.1.12', 'admin/ openmediconnectors', 'admin/openmediaconnectors'),
    adminGet(
      'GetOpenMediaDiscardReasons',
      '4.2.1.13',
      'admin/ openmediadiscardreasons',
      'admin/openmediadiscardreasons',
    ),
    ...listens('admin', ['4.2.1.14', '4.2.1.15'], 'ADMINISTRATION', 'none', 'none', {
      path: 'admin/stoplistenforevents',
    }),
  ]),

  // ---- 4.3 Presence ----
  ...rows('presence', [
    {
      name: 'SetRoutingState',
      section: '4.3.1.1',
      method: 'POST',
      path: 'presence/setroutingstate',
      // reason: "String" in the table, 0 in the example.
      fields: {
        state: reqOf(ROUTING_STATES),
        agentId: opt('string'),
        agentKey: opt('integer'),
        reason: opt('string', 'integer'),
      },
      requireOneOf: AGENT_ID_OR_KEY,
      needsLogon: true,
    },
    {
      name: 'RequestPostProcessing',
      section: '4.3.1.2',
      method: 'POST',
      path: 'presence/requestpostprocessing',
      fields: { postProcessingReason: req('integer'), ...AGENT_CONTACT },
      requireOneOf: AGENT_ID_OR_KEY,
      needsLogon: true,
    },
    {
      name: 'ExitPostProcessing',
      section: '4.3.1.3',
      method: 'POST',
      path: 'presence/exitpostprocessing',
      fields: AGENT_CONTACT,
      requireOneOf: AGENT_ID_OR_KEY,
      needsLogon: true,
    },
    {
      name: 'SetPrimary',
      section: '4.3.1.4',
      method: 'POST',
      path: 'presence/setprimary',
      fields: AGENT_CONTACT,
      requireOneOf: AGENT_ID_OR_KEY,
      needsLogon: true,
    },
    {
      name: 'CancelMandatoryWrappingUp',
      section: '4.3.1.5',
      method: 'POST',
      path: 'presence/cancelmandatorywrappingup',
      fields: AGENT_CONTACT,
      requireOneOf: AGENT_ID_OR_KEY,
      needsLogon: true,
    },
    {
      name: 'SetWrapUpReason',
      section: '4.3.1.6',
      method: 'POST',
      path: 'presence/setwrapupreason',
      fields: { wrapUpReasons: req('integer[]'), queueKey: opt('integer'), ...AGENT_CONTACT },
      requireOneOf: AGENT_ID_OR_KEY,
      needsLogon: true,
    },
    ...listens('presence', ['4.3.1.7', '4.3.1.8'], 'PRESENCE', 'agent', 'integer', {
      path: 'presence/stoplistenforevents',
    }),
  ]),

  // ---- 4.4 Routing ----
  ...rows('routing', [
    {
      name: 'QueryCall',
      section: '4.4.1.1',
      method: 'POST',
      path: 'routing/querycall',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'UpdateCall',
      section: '4.4.1.2',
      method: 'POST',
      path: 'routing/updatecall',
      fields: {
        uniqueCallId: req('string'),
        description: opt('string'),
        contactData: opt('array'),
        queueKey: opt('integer'),
        priority: opt('integer'),
      },
      needsLogon: true,
    },
    {
      name: 'EnqueueCall',
      section: '4.4.1.3',
      method: 'POST',
      path: 'routing/enqueuecall',
      fields: {
        uniqueCallId: req('string'),
        description: opt('string'),
        contactData: opt('array'),
        mediaType: optOf(MEDIA_TYPES),
        queueKey: opt('integer'),
        priority: opt('integer'),
        reserveAgentKey: opt('integer'),
        reserveAgentMaximumTime: opt('integer'),
        automatedTransfer: opt('boolean'),
        source: opt('string'),
        destination: opt('string'),
        queueProcessingDesired: opt('boolean'),
      },
      // Enqueue needs a target: the queue by key, or a destination that maps to a queue.
      requireOneOf: [['queueKey', 'destination']],
      needsLogon: true,
    },
    {
      name: 'DequeueCall',
      section: '4.4.1.4',
      method: 'POST',
      path: 'routing/dequeuecall',
      fields: { uniqueCallId: req('string'), abandonedCall: opt('boolean') },
      needsLogon: true,
    },
    {
      name: 'AddContactData',
      section: '4.4.1.5',
      method: 'POST',
      path: 'routing/addcontactdata',
      fields: { key: req('string'), value: req('string'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'RemoveContactData',
      section: '4.4.1.6',
      method: 'POST',
      path: 'routing/removecontactdata',
      fields: { key: req('string'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'ClearContactData',
      section: '4.4.1.7',
      method: 'POST',
      path: 'routing/clearcontactdata',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    ...listens('routing', ['4.4.1.8', '4.4.1.9'], 'ROUTING', 'none', 'none', {
      path: 'routing/stoplistenforevents',
    }),
  ]),

  // ---- 4.5 Telephony ----
  ...rows('telephony', [
    {
      name: 'Logon',
      section: '4.5.1.1',
      method: 'POST',
      path: 'v2/telephony/logon',
      fields: { agentKey: req('integer'), extension: req('string') },
      needsLogon: true,
    },
    {
      name: 'Logoff',
      section: '4.5.1.2',
      method: 'POST',
      path: 'v2/telephony/logoff',
      // "String" in this table, Integer in Logon's.
      fields: { agentKey: req('key') },
      needsLogon: true,
    },
    {
      name: 'Dial',
      section: '4.5.1.3',
      method: 'POST',
      path: 'telephony/dial',
      fields: { from: req('string'), to: req('string'), numberToDisplay: opt('string'), nameToDisplay: opt('string') },
      needsLogon: true,
    },
    {
      name: 'Answer',
      section: '4.5.1.4',
      method: 'POST',
      path: 'telephony/answer',
      fields: { from: req('string') },
      needsLogon: true,
    },
    {
      name: 'Disconnect',
      section: '4.5.1.5',
      method: 'POST',
      path: 'telephony/disconnect',
      fields: { from: req('string'), workflowDisconnected: opt('boolean') },
      needsLogon: true,
    },
    {
      name: 'Consult',
      section: '4.5.1.6',
      method: 'POST',
      path: 'telephony/consult',
      fields: { from: req('string'), to: req('string'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    ...(
      [
        ['Hold', '4.5.1.7'],
        ['Retrieve', '4.5.1.8'],
        ['Reconnect', '4.5.1.9'],
        ['Conference', '4.5.1.10'],
        ['Transfer', '4.5.1.11'],
      ] as const
    ).map(
      ([name, section]): Row => ({
        name,
        section,
        method: 'POST',
        path: `telephony/${name.toLowerCase()}`,
        fields: { from: req('string'), uniqueCallId: req('string') },
        needsLogon: true,
      }),
    ),
    {
      name: 'SingleStepTransfer',
      section: '4.5.1.12',
      method: 'POST',
      path: 'telephony/singlesteptransfer',
      fields: { from: req('string'), to: req('string'), uniqueCallId: req('string'), workflowTransfer: opt('boolean') },
      needsLogon: true,
    },
    {
      name: 'TransferToVoiceMail',
      section: '4.5.1.13',
      method: 'POST',
      path: 'telephony/transfertovoiceemail',
      regularPath: 'telephony/transfertovoicemail',
      fields: { from: req('string'), to: req('string'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'Divert',
      section: '4.5.1.14',
      method: 'POST',
      path: 'telephony/divert',
      fields: { from: req('string'), to: req('string'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'SetUserPreferredDevice',
      section: '4.5.1.15',
      method: 'POST',
      path: 'telephony/setuserpreferreddevice',
      fields: { agentKey: req('integer'), deviceid: req('string'), forwardDestination: req('string') },
      needsLogon: true,
    },
    {
      name: 'RemoveUserPreferredDevice',
      section: '4.5.1.16',
      method: 'POST',
      path: 'telephony/removeuserpreferreddevice',
      fields: { agentKey: req('integer'), deviceid: req('string') },
      needsLogon: true,
    },
    {
      name: 'UpdateContactData',
      section: '4.5.1.17',
      method: 'POST',
      path: 'telephony/updatecontactdata',
      fields: { uniqueCallId: req('string'), contactData: req('array') },
      needsLogon: true,
    },
    {
      name: 'QueryLine',
      section: '4.5.1.18',
      method: 'POST',
      path: 'v2/telephony/queryline',
      fields: { extension: req('string') },
      needsLogon: true,
    },
    {
      name: 'QueryCall',
      section: '4.5.1.19',
      method: 'POST',
      path: 'telephony/querycall',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    ...listens('telephony', ['4.5.1.20', '4.5.1.21'], 'TELEPHONY', 'extension', 'string', {
      path: 'telephony/stoplisterforevents',
      regularPath: 'telephony/stoplistenforevents',
    }),
    {
      name: 'LogonV1',
      section: '4.5.4.1',
      method: 'POST',
      path: 'telephony/logon',
      // The example writes agentID.
      fields: { agentId: { ...req('string'), aliases: ['agentID'] }, extension: req('string') },
      needsLogon: true,
    },
    {
      name: 'LogoffV1',
      section: '4.5.4.2',
      method: 'POST',
      path: 'telephony/logoff',
      fields: { agentId: { ...req('string'), aliases: ['agentID'] } },
      needsLogon: true,
    },
    {
      name: 'QueryLineV1',
      section: '4.5.4.3',
      method: 'POST',
      path: 'telephony/queryline',
      fields: { extension: req('string') },
      needsLogon: true,
    },
  ]),

  // ---- 4.6 Callback ----
  ...rows('callback', [
    {
      name: 'Logon',
      section: '4.6.1.1',
      method: 'POST',
      path: 'callback/logon',
      fields: { agentKey: req('integer'), extension: req('string') },
      needsLogon: true,
    },
    {
      name: 'Logoff',
      section: '4.6.1.2',
      method: 'POST',
      path: 'callback/logoff',
      fields: { agentKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Accept',
      section: '4.6.1.3',
      method: 'POST',
      path: 'callback/accept',
      fields: { agentKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Complete',
      section: '4.6.1.4',
      method: 'POST',
      path: 'callback/complete',
      fields: {
        agentKey: req('integer'),
        successful: req('boolean'),
        retryDelay: opt('integer'),
        retryReasonKey: opt('integer'),
        phoneNumber: opt('string'),
        maxReached: opt('boolean'),
      },
      needsLogon: true,
    },
    {
      name: 'Create',
      section: '4.6.1.5',
      method: 'POST',
      path: 'callback/create',
      // schedule: "Schedule Object" in the table, an array of them in the example.
      fields: {
        agentKey: req('integer'),
        name: req('string'),
        queueKey: req('integer'),
        description: opt('string'),
        priority: opt('integer'),
        reserveAgentKey: opt('integer'),
        // When and where to call back: a callback without it cannot be executed.
        schedule: req('object', 'array'),
        contactData: opt('array', 'object'),
      },
      needsLogon: true,
    },
    {
      name: 'Delete',
      section: '4.6.1.6',
      method: 'POST',
      path: 'callback/delete',
      fields: { agentKey: req('integer'), reasonKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'QueryNewCallbacks',
      section: '4.6.1.7',
      method: 'POST',
      path: 'callback/querynewcallbacks',
      fields: {
        // The query has to say which callbacks (ORIGIN_ALL for every origin).
        origin: reqOf(CALLBACK_ORIGINS),
        fromTime: req('string'),
        toTime: req('string'),
        queueKeys: req('integer[]'),
      },
      needsLogon: true,
    },
    {
      name: 'Update',
      section: '4.6.1.8',
      method: 'POST',
      path: 'callback/update',
      fields: {
        agentKey: req('integer'),
        uniqueCallId: req('string'),
        name: opt('string'),
        queueKey: opt('integer'),
        description: opt('string'),
        priority: opt('integer'),
        reserveAgentKey: opt('integer'),
        reserveAgentTime: opt('integer'),
        schedule: opt('object', 'array'),
        contactData: opt('array', 'object'),
        retryTime: opt('string'),
        reasonKey: opt('integer'),
        status: optOf(CALLBACK_STATUSES),
      },
      needsLogon: true,
    },
    ...listens('callback', ['4.6.1.9', '4.6.1.10'], 'CALLBACK', 'agent', 'string', {
      path: 'callback/stoplifenforevents',
      regularPath: 'callback/stoplistenforevents',
    }),
  ]),

  // ---- 4.7 Web Collaboration ----
  ...rows('webcollaboration', [
    {
      name: 'Logon',
      section: '4.7.1.1',
      method: 'POST',
      path: 'webcollaboration/logon',
      fields: { agentKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Logoff',
      section: '4.7.1.2',
      method: 'POST',
      path: 'webcollaboration/logoff',
      fields: { agentKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Accept',
      section: '4.7.1.3',
      method: 'POST',
      path: 'webcollaboration/accept',
      fields: { agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'Disconnect',
      section: '4.7.1.4',
      method: 'POST',
      path: 'webcollaboration/disconnect',
      fields: { agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'InviteAgent',
      section: '4.7.1.5',
      method: 'POST',
      path: 'webcollaboration/inviteagent',
      fields: { invitedAgentKey: req('integer'), agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'DeclineInvite',
      section: '4.7.1.6',
      method: 'POST',
      path: 'webcollaboration/declineinvite',
      fields: { invitedAgentKey: req('integer'), agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'CallMe',
      section: '4.7.1.7',
      method: 'POST',
      path: 'webcollaboration/callme',
      fields: { agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'RequeueToQueue',
      section: '4.7.1.8',
      method: 'POST',
      path: 'webcollaboration/requeueetoqueue',
      regularPath: 'webcollaboration/requeuetoqueue',
      fields: { queueKey: req('integer'), agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'RequeueToAgent',
      section: '4.7.1.9',
      method: 'POST',
      path: 'webcollaboration/requeueetoagent',
      regularPath: 'webcollaboration/requeuetoagent',
      fields: {
        toAgentKey: req('integer'),
        priority: opt('integer'),
        agentKey: req('integer'),
        uniqueCallId: req('string'),
      },
      needsLogon: true,
    },
    {
      name: 'AddContent',
      section: '4.7.1.10',
      method: 'POST',
      path: 'webcollaboration/addcontent',
      fields: { content: req('string'), agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'UpdateContactData',
      section: '4.7.1.11',
      method: 'POST',
      path: 'webcollaboration/updatecontactdata',
      fields: { contactData: req('array'), agentKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    ...listens('webcollaboration', ['4.7.1.12', '4.7.1.13'], 'WEB_INTERACTION', 'agent', 'string', {
      path: 'webcollaboration/stoplistenforevents',
    }),
  ]),

  // ---- 4.8 OpenMedia ----
  ...rows('openmedia', [
    {
      name: 'Logon',
      section: '4.8.1.1',
      method: 'POST',
      path: 'openmedia/logon',
      fields: { connectorKey: req('integer'), agentKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Logoff',
      section: '4.8.1.2',
      method: 'POST',
      path: 'openmedia/logoff',
      fields: { connectorKey: req('integer'), agentKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Accept',
      section: '4.8.1.3',
      method: 'POST',
      path: 'openmedia/accept',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'Disconnect',
      section: '4.8.1.4',
      method: 'POST',
      path: 'openmedia/disconnect',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'QueryEligibleUsers',
      section: '4.8.1.5',
      method: 'POST',
      path: 'openmedia/queryeligibleusers',
      fields: { connectorKey: req('integer') },
      needsLogon: true,
    },
    {
      name: 'Reply',
      section: '4.8.1.6',
      method: 'POST',
      path: 'openmedia/reply',
      fields: {
        connectorName: req('string'),
        replyTo: opt('string'),
        content: req('string'),
        uniqueCallId: req('string'),
      },
      needsLogon: true,
    },
    {
      name: 'Defer',
      section: '4.8.1.7',
      method: 'POST',
      path: 'openmedia/defer',
      // Both keys are typed "String" here and Integer everywhere else.
      fields: {
        agentKey: req('key'),
        connectorKey: req('key'),
        draftMessage: opt('string'),
        uniqueCallId: req('string'),
      },
      needsLogon: true,
    },
    {
      name: 'Resume',
      section: '4.8.1.8',
      method: 'POST',
      path: 'openmedia/resume',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'RequeueToQueue',
      section: '4.8.1.9',
      method: 'POST',
      path: 'openmedia/requeuequeue',
      regularPath: 'openmedia/requeuetoqueue',
      fields: {
        queueKey: req('integer'),
        priority: opt('integer'),
        draftMessage: opt('string'),
        uniqueCallId: req('string'),
      },
      needsLogon: true,
    },
    {
      name: 'RequeueToAgent',
      section: '4.8.1.10',
      method: 'POST',
      path: 'openmedia/requeueetoagent',
      regularPath: 'openmedia/requeuetoagent',
      fields: {
        toAgentKey: req('integer'),
        priority: opt('integer'),
        draftMessage: opt('string'),
        uniqueCallId: req('string'),
      },
      needsLogon: true,
    },
    {
      name: 'Discard',
      section: '4.8.1.11',
      method: 'POST',
      path: 'openmedia/discard',
      fields: { reasonKey: req('integer'), uniqueCallId: req('string') },
      needsLogon: true,
    },
    {
      name: 'QueryDeferredMessages',
      section: '4.8.1.12',
      method: 'POST',
      path: 'openmedia/querydeferredmessages',
      // The table names agentKey, the example sends connectorKey.
      fields: { agentKey: opt('integer'), connectorKey: opt('integer') },
      requireOneOf: [['agentKey', 'connectorKey']],
      needsLogon: true,
    },
    {
      name: 'GetStream',
      section: '4.8.1.13',
      method: 'POST',
      path: 'openmedia/getstream',
      fields: { uniqueCallId: req('string') },
      needsLogon: true,
    },
    ...listens('openmedia', ['4.8.1.14', '4.8.1.15'], 'OPENMEDIA', 'agent', 'string', {
      path: 'openmedia/stoplifenforevents',
      regularPath: 'openmedia/stoplistenforevents',
    }),
  ]),

  // ---- 4.9 Real-Time Statistics ----
  ...rows('realtime', [
    {
      name: 'StartQuery',
      section: '4.9.1.1',
      method: 'POST',
      path: 'realtime/startquery',
      // fromTime is mandatory for cumulative types: checked in validate.ts.
      fields: { queryType: reqOf(REALTIME_QUERY_TYPES), keyList: req('integer[]'), fromTime: opt('string') },
      needsLogon: true,
    },
    {
      name: 'StopQuery',
      section: '4.9.1.2',
      method: 'POST',
      path: 'realtime/stopquery',
      fields: { queryId: req('integer') },
      needsLogon: true,
    },
  ]),
];

// ---- lookups ----

const BY_ID = new Map<string, OperationSpec>();
const BY_BARE_NAME = new Map<string, OperationSpec[]>();
for (const op of OPERATIONS) {
  BY_ID.set(op.id.toLowerCase(), op);
  const bare = op.name.toLowerCase();
  BY_BARE_NAME.set(bare, [...(BY_BARE_NAME.get(bare) ?? []), op]);
}

export type OperationLookup = { op: OperationSpec } | { error: string };

/**
 * Find an operation by id (`telephony.Dial`, case-insensitive) or by bare name (`Dial`) when only
 * one group has it. The error text lists the candidates of an ambiguous bare name.
 */
export function findOperation(name: string): OperationLookup {
  const key = name.trim().toLowerCase();
  const byId = BY_ID.get(key);
  if (byId) return { op: byId };
  if (!key.includes('.')) {
    const candidates = BY_BARE_NAME.get(key) ?? [];
    if (candidates.length === 1) return { op: candidates[0] };
    if (candidates.length > 1) {
      return { error: `operation "${name}" is ambiguous: use one of ${candidates.map((c) => c.id).join(', ')}` };
    }
  }
  return { error: `unknown OpenScape operation "${name}" (expected <group>.<Name>, e.g. telephony.Dial)` };
}

/** The listen operation of one realm (`start` or `stop`). */
export function listenOperation(realm: string, action: 'start' | 'stop'): OperationSpec | undefined {
  return OPERATIONS.find((o) => o.listen?.realm === realm && o.listen.action === action);
}

/** Realms that have StartListenForEvents, in guide order. */
export const LISTEN_REALMS: readonly Realm[] = OPERATIONS.filter((o) => o.listen?.action === 'start').map(
  (o) => (o.listen as ListenSpec).realm,
);

/** URL path (below the host) of an operation in one spelling; spaces the guide printed are encoded. */
export function operationUrlPath(op: OperationSpec, spelling: 'printed' | 'regular'): string {
  const p = spelling === 'regular' && op.regularPath ? op.regularPath : op.path;
  return REST_BASE_PATH + encodeURI(p);
}
