/**
 * Code tables of the OpenScape REST SDK V11 guide, section 5 "Definitions": the ErrorCode numbers and
 * the enumerations that requests are validated against and that nodes may show by name.
 * How the client reads an answer's errorCode (string or number, success words) is decided here too.
 */

/** ErrorCode (section 5): name -> number. */
export const ERROR_CODES: Readonly<Record<string, number>> = {
  NO_ERROR: 0,
  GENERAL_ERROR: 1,
  ALREADY_REGISTERED_ON: 2,
  CLIENT_NAME_NOT_FOUND: 3,
  AUTH_STATEMENT_NOT_VALID: 4,
  NOT_READY: 5,
  NOT_ENABLED: 6,
  CLIENT_TOKEN_NOT_FOUND: 7,
  APPLICATION_NOT_REGISTERED: 8,
  WRONG_API_REQUEST: 9,
  PARAMETER_LENGTH_TOO_LONG: 10,
  WRONG_DATE_FORMAT: 11,
  INVALID_BUSINESS_UNIT_NAME: 12,
  EMPTY_PARAMETER: 13,
  INVALID_CHARACTERS: 14,
  NEGATIVE_PARAMETER: 15,
  PRESENCE_ACTION_SUCCEED: 16,
  PRESENCE_ACTION_FAILED: 17,
  TELEPHONY_INVALID_EXTENSION: 18,
  TELEPHONY_RESOURCEBUSY: 19,
  TELEPHONY_RESOURCEERROR: 20,
  TELEPHONY_OUTOFSERVICE: 21,
  TELEPHONY_LINEBUSY: 22,
  TELEPHONY_UNMONITOREDEXTENSION: 23,
  TELEPHONY_REQUESTTIMEOUT: 24,
  TELEPHONY_CSTA_CAP_NOT_SUPPORTED: 25,
  TELEPHONY_CAP_DISCONNECT_NOT_SUPPORTED: 26,
  TELEPHONY_CAP_DEFLECT_NOT_SUPPORTED: 27,
  TELEPHONY_INCOMPATIBLE_OBJECT: 28,
  TELEPHONY_VALIDATIONCALLBACKFAILED: 29,
  TELEPHONY_GENERIC_FRAMEWORK_ERROR: 30,
  TELEPHONY_FW_ERROR_INVALID_SERVER_NAME: 31,
  TELEPHONY_STATEERROR: 32,
  TELEPHONY_EXCEEDLIMIT: 33,
  TELEPHONY_TOOMANYAGENTS: 34,
  TELEPHONY_VALIDATIONFAILED: 35,
  TELEPHONY_NETWORKBUSY: 36,
  TELEPHONY_SERVERNOTREADY: 37,
  ADMIN_QUERYUSER_FAILED: 50,
  ADMIN_INVALID_BUSSINESUNIT_TO_LOGON: 51,
  ADMIN_INVALID_CREDENTIALS_TO_LOGON: 52,
  NO_LICENSE_AVAILABLE: 60,
  CALLBACK_ERROR: 80,
  CALLBACK_INVALIDEXT: 81,
  CALLBACK_ACCEPT_FAILED: 82,
  CALLBACK_COMPLETE_FAILED: 83,
  CALLBACK_DELETE_FAILED: 84,
  WEB_INTERACTION_ERROR: 100,
  OPENMEDIA_ERROR: 120,
  REALTIME_ERROR: 140,
};

const ERROR_NAMES = new Map<number, string>(Object.entries(ERROR_CODES).map(([n, c]) => [c, n]));

/** The errorCode of an answer as its name: "NO_ERROR", 0 and "0" all give "NO_ERROR". */
export function errorCodeName(code: unknown): string | undefined {
  if (typeof code === 'number') return ERROR_NAMES.get(code) ?? String(code);
  if (typeof code === 'string') {
    const t = code.trim();
    if (/^-?\d+$/.test(t)) return ERROR_NAMES.get(Number(t)) ?? t;
    return t.toUpperCase().replace(/ /g, '_');
  }
  return undefined;
}

/**
 * Success: NO_ERROR (string or number 0) or PRESENCE_ACTION_SUCCEED; an answer without errorCode
 * (the guide's admin GetUsers example) counts as success too.
 */
export function isSuccessCode(code: unknown): boolean {
  if (code === undefined || code === null || code === '') return true;
  const name = errorCodeName(code);
  return name === 'NO_ERROR' || name === 'PRESENCE_ACTION_SUCCEED';
}

/** The answer says the session token is no longer known: register again. */
export const SESSION_LOST_CODES: ReadonlySet<string> = new Set(['APPLICATION_NOT_REGISTERED', 'AUTH_STATEMENT_NOT_VALID']);

/** RegisterApplication / Logon answers that mean "your credentials were refused". */
export const AUTH_FAILED_CODES: ReadonlySet<string> = new Set([
  'CLIENT_NAME_NOT_FOUND',
  'CLIENT_TOKEN_NOT_FOUND',
  'AUTH_STATEMENT_NOT_VALID',
  'INVALID_BUSINESS_UNIT_NAME',
  'ALREADY_REGISTERED_ON',
  'NOT_ENABLED',
  'NO_LICENSE_AVAILABLE',
  'ADMIN_INVALID_BUSSINESUNIT_TO_LOGON',
  'ADMIN_INVALID_CREDENTIALS_TO_LOGON',
  'ADMIN_QUERYUSER_FAILED',
]);

/** Realm (section 5). */
export const REALMS = [
  'ADMINISTRATION',
  'PRESENCE',
  'TELEPHONY',
  'REALTIME',
  'STATISTIC',
  'CALLBACK',
  'ROUTING',
  'WEB_INTERACTION',
  'OPENMEDIA',
] as const;
export type Realm = (typeof REALMS)[number];

/** RealTimeQueryType (section 5): the 13 query types. */
export const REALTIME_QUERY_TYPES = [
  'USER_REALTIME',
  'QUEUE_REALTIME',
  'GROUP_REALTIME',
  'AGGREGATE_REALTIME',
  'CONTACT_REALTIME',
  'CALLBACK_REALTIME',
  'USER_CUMULATIVE',
  'QUEUE_CUMULATIVE',
  'GROUP_CUMULATIVE',
  'AGGREGATE_CUMULATIVE',
  'USER_WRAPUP_REASON_CUMULATIVE',
  'QUEUE_WRAPUP_REASON_CUMULATIVE',
  'AGGREGATE_WRAPUP_REASON_CUMULATIVE',
] as const;
export type RealTimeQueryType = (typeof REALTIME_QUERY_TYPES)[number];

export function isCumulativeQueryType(t: string): boolean {
  return t.endsWith('_CUMULATIVE');
}

export const ROUTING_STATES = ['AVAILABLE', 'UNAVAILABLE', 'WORK', 'LOGGEDOFF', 'UNKNOWN'] as const;
export const PRESENCE_STATES = ['IDLE', 'AWAY', 'BUSY', 'ACTIVE', 'LOGGEDOFF', 'UNKNOWN'] as const;
export const MEDIA_TYPES = ['NONE', 'VOICE', 'CALLBACK', 'EMAIL', 'WEB_COLLABORATION', 'OPENMEDIA', 'MAXMEDIUM'] as const;
export const MEDIA_STATES = ['LOGOFF', 'LOGON', 'AVAILABLE', 'DO_NOT_DISTURB', 'UNKNOWN'] as const;
export const SERVER_STATES = ['UNKNOWN', 'UNAVAILABLE', 'PARTIALLY_AVAILABLE', 'AVAILABLE'] as const;
/** Realms GetServerState accepts (4.1.1.5 note 1). */
export const SERVER_STATE_REALMS = ['TELEPHONY', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA'] as const;
export const HANDLING_STATES = [
  'NONE',
  'PENDING',
  'DIALING',
  'BUSY',
  'RINGING',
  'CONNECTED',
  'QUEUED',
  'ONHOLD',
  'CONSULTING',
  'PROCESSING',
  'POSTPROCESSING',
  'UNKNOWN',
] as const;
export const CALLBACK_ORIGINS = [
  'ORIGIN_NONE',
  'ORIGIN_IVR',
  'ORIGIN_DESKTOP',
  'ORIGIN_WEBCOLLABORATION',
  'ORIGIN_ABANDONED',
  'ORIGIN_OUTBOUND',
  'ORIGIN_SDK',
  'ORIGIN_FLOW',
  'ORIGIN_ALL',
  'ORIGIN_VIRTUALAGENT',
] as const;
/** CallbackStatus (section 5). */
export const CALLBACK_STATUSES = [
  'CALLBACKSTATUS_NEW',
  'CALLBACKSTATUS_RETRY',
  'CALLBACKSTATUS_SUSPENDED',
  'CALLBACKSTATUS_SCHEDULED',
  'CALLBACKSTATUS_ENQUEUED',
  'CALLBACKSTATUS_OFFERED',
  'CALLBACKSTATUS_ACCEPTED',
  'CALLBACKSTATUS_FAILED',
  'CALLBACKSTATUS_CALLING',
  'CALLBACKSTATUS_CONNECTED',
  'CALLBACKSTATUS_DISCONNECTED',
  'CALLBACKSTATUS_COMPLETED',
  'CALLBACKSTATUS_EXPIRED',
  'CALLBACKSTATUS_MAXRETRY',
  'CALLBACKSTATUS_TIMEOUT',
  'CALLBACKSTATUS_DELETED',
  'CALLBACKSTATUS_RECOVERING',
  'CALLBACKSTATUS_UNKNOWN',
  'CALLBACKSTATUS_INVALID',
] as const;
export const USER_TYPES = [
  'ASSOCIATE_A',
  'SUPERVISOR',
  'ADMINISTRATOR',
  'MASTER',
  'SERVICE',
  'ASSOCIATE_E',
  'BASIC',
  'CRM',
  'MAXUSERTYPE',
] as const;
export const CONTACT_TYPES = [
  'NONE',
  'ROUTED_VOICE',
  'DIRECT_INCOMING_VOICE',
  'DIRECT_OUTGOING_VOICE',
  'DIRECT_INTERNAL_VOICE',
  'ROUTED_CALLBACK',
  'ROUTED_EMAIL',
  'DIRECT_OUTGOING_EMAIL',
  'ROUTED_WEBCHAT',
  'UNKNOWN_VOICE',
  'ROUTED_OPENMEDIA',
  'DIRECT_OUTGOING_OPENMEDIA',
  'CONTACT_TYPE_MAX',
] as const;
