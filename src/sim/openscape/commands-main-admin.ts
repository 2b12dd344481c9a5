/**
 * Main (4.1) and Admin (4.2) requests, and the StartListenForEvents / StopListenForEvents of every
 * realm (they differ only in realm and resource).
 */
import { timingSafeEqual } from 'node:crypto';
import { fail, ok, type CommandHandler, type CommandRequest } from './context';
import { publicUser } from './directory';
import { AREA_REALM } from './endpoints';
import type { ListenRealm } from './names';
import type { AppSession } from './sessions';
import { isObject, toInt } from './validate';

/** The guide allows client names of up to 32 characters (section 3.2). */
const MAX_CLIENT_NAME = 32;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function session(request: CommandRequest): AppSession {
  // The dispatcher only calls handlers with auth 'session' or 'logon' once a session was found.
  if (!request.session) throw new Error('handler called without a session');
  return request.session;
}

const registerApplication: CommandHandler = ({ body, sim }) => {
  const application = isObject(body.application) ? body.application : {};
  const name = typeof application.name === 'string' ? application.name : '';
  const token = typeof application.token === 'string' ? application.token : '';
  if (name === '') return fail('EMPTY_PARAMETER', "Attribute 'application.name' is missing");
  if (name.length > MAX_CLIENT_NAME) return fail('PARAMETER_LENGTH_TOO_LONG', `Client name longer than ${MAX_CLIENT_NAME} characters`);
  if (token === '') return fail('EMPTY_PARAMETER', "Attribute 'application.token' is missing");
  if (name !== sim.credentials.clientName) return fail('CLIENT_NAME_NOT_FOUND', 'CLIENT_NAME_NOT_FOUND');
  if (!sameSecret(token, sim.credentials.clientToken)) return fail('CLIENT_TOKEN_NOT_FOUND', 'CLIENT_TOKEN_NOT_FOUND');
  const busUnitName = application.busUnitName;
  if (busUnitName !== undefined && typeof busUnitName !== 'string') return fail('WRONG_API_REQUEST', "Attribute 'application.busUnitName' must be a string");
  if (sim.credentials.busUnitName !== undefined && busUnitName !== sim.credentials.busUnitName) {
    return fail('INVALID_BUSINESS_UNIT_NAME', 'INVALID_BUSINESS_UNIT_NAME');
  }
  const version = typeof body.webhookAPIVersion === 'string' && body.webhookAPIVersion.toUpperCase() === 'V1' ? 'V1' : 'V2';
  const created = sim.sessions.create(name, String(body.webhookURL), version);
  sim.registered(created);
  return ok({ sessionToken: created.token });
};

const unregister: CommandHandler = (request) => {
  request.sim.sessions.end(session(request), 'unregistered');
  return ok();
};

const unregisterV1: CommandHandler = (request) => {
  request.sim.sessions.end(session(request), 'unregistered');
  return ok({ sessionToken: '' });
};

const logon: CommandHandler = (request) => {
  const { body, sim } = request;
  const user = sim.state.user(body.agentKey as number);
  if (!user || !sameSecret(String(body.password), user.password)) {
    return fail('ADMIN_INVALID_CREDENTIALS_TO_LOGON', 'ADMIN_INVALID_CREDENTIALS_TO_LOGON');
  }
  session(request).logonAgentKey = user.agentKey;
  return ok();
};

// The KeepAlive example answers errorCode 0 (a number) and an empty errorDetails.
const keepAlive: CommandHandler = () => ({ body: { type: 'keepAlive', errorCode: 0, errorDetails: '' } });

const getServerState: CommandHandler = ({ body, sim }) => {
  const realm = body.realm as ListenRealm;
  let serverState = 'AVAILABLE';
  if (sim.serversDown.has(realm)) serverState = 'UNAVAILABLE';
  else if (sim.serversDown.has('PRESENCE')) serverState = 'PARTIALLY_AVAILABLE';
  return ok({ serverState });
};

/** Resource as stored in a session's listens: '*' or the key / extension as a string. */
function resourceOf(value: unknown): string {
  if (value === undefined) return '*';
  if (value === '*') return '*';
  return typeof value === 'number' ? String(value) : String(value).trim();
}

function startListen(realm: ListenRealm): CommandHandler {
  return (request) => {
    const resource = resourceOf(request.body.resource);
    if (realm === 'PRESENCE' && resource !== '*' && !request.sim.state.user(toInt(resource))) {
      return fail('PRESENCE_ACTION_FAILED', `Unknown agent key ${resource}`);
    }
    const listens = session(request).listens;
    const resources = listens.get(realm) ?? new Set<string>();
    resources.add(resource);
    listens.set(realm, resources);
    return ok();
  };
}

function stopListen(realm: ListenRealm): CommandHandler {
  return (request) => {
    const resource = resourceOf(request.body.resource);
    const listens = session(request).listens;
    const resources = listens.get(realm);
    if (resources) {
      if (resource === '*') resources.clear();
      else resources.delete(resource);
      if (resources.size === 0) listens.delete(realm);
    }
    return ok();
  };
}

export function mainAdminHandlers(): Record<string, CommandHandler> {
  const handlers: Record<string, CommandHandler> = {
    'main.registerApplication': registerApplication,
    'main.unregisterApplication': unregister,
    'main.unregisterApplication.v1': unregisterV1,
    'main.logon': logon,
    'main.keepAlive': keepAlive,
    'main.getServerState': getServerState,
  };
  const admin: Array<[string, string, (request: CommandRequest) => unknown[]]> = [
    ['getUsers', 'users', ({ sim }) => sim.directory.users.map(publicUser)],
    ['getQueues', 'queues', ({ sim }) => sim.directory.queues],
    ['getGroups', 'groups', ({ sim }) => sim.directory.groups],
    ['getDepartments', 'departments', ({ sim }) => sim.directory.departments],
    ['getAggregates', 'aggregates', ({ sim }) => sim.directory.aggregates],
    ['getUnavailableReasons', 'reasons', ({ sim }) => sim.directory.unavailableReasons],
    ['getWrapUpReasons', 'reasons', ({ sim }) => sim.directory.wrapUpReasons],
    ['getWorkReasons', 'reasons', ({ sim }) => sim.directory.workReasons],
    ['getPostProcessingReasons', 'reasons', ({ sim }) => sim.directory.postProcessingReasons],
    ['getCallbackRetryReasons', 'reasons', ({ sim }) => sim.directory.callbackRetryReasons],
    ['getCallbackDeleteReasons', 'reasons', ({ sim }) => sim.directory.callbackDeleteReasons],
    ['getOpenMediaConnectors', 'connectors', ({ sim }) => sim.directory.connectors],
    ['getOpenMediaDiscardReasons', 'reasons', ({ sim }) => sim.directory.openMediaDiscardReasons],
  ];
  for (const [operation, key, items] of admin) {
    handlers[`admin.${operation}`] = (request) => ok({ [key]: items(request) });
  }
  for (const [area, realm] of Object.entries(AREA_REALM)) {
    handlers[`${area}.startListenForEvents`] = startListen(realm);
    handlers[`${area}.stopListenForEvents`] = stopListen(realm);
  }
  return handlers;
}
