/**
 * The OpenScape Contact Center REST SDK V11 client, its tables and the webhook receiver.
 *
 *   const token = generateWebhookToken();
 *   const receiver = await startDedicatedWebhookServer({ port: 0, token, onBody: (b) => client.handleWebhookBody(b) });
 *   // or: RED.httpNode.post(`/cc-webhook/${token}`, createWebhookHandler({ token, onBody, onBadRequest }))
 *   const client = new OpenScapeClient({ baseUrl: 'https://oscc:8443', clientName, clientToken,
 *     agentKey: 3, agentPassword, webhookUrl: `${publicBase}/cc-webhook/${token}` });
 *   client.on('state', ...); client.on('event', ...); client.on('warning', ...); client.start();
 *   await client.subscribe(nodeId, { type: 'TELEPHONY', entities: ['4711'] });
 *   const { queryId, handle } = await client.request('realtime.StartQuery', { queryType: 'USER_REALTIME', keyList: [3] });
 *   // statistics events carry keys `query:<queryId>` and `queryHandle:<handle>` (stable across re-registration)
 */
export { OpenScapeClient, REQUEST_OWNER } from './client';
export { OpenScapeServerError } from './answers';
export type { OpenScapeClientOptions, OpenScapeAnswer, StartQueryResult } from './client';
export {
  OPERATIONS,
  REST_BASE_PATH,
  LISTEN_REALMS,
  findOperation,
  listenOperation,
  operationUrlPath,
} from './operations';
export type { OperationSpec, OperationGroup, FieldSpec, FieldType, ListenSpec, OperationLookup } from './operations';
export {
  EVENT_TYPES,
  EVENT_TYPE_ALIASES,
  REALM_FAMILY,
  canonicalEventType,
  eventTypeSpellings,
  extractEventKeys,
  familyOfRealm,
} from './events';
export * from './codes';
export { decodeWebhookBody } from './decode';
export { validateParams } from './validate';
export { requestJson, createAgent, classifyError, HttpError } from './http';
export type { TlsOptions, HttpFailure, JsonRequest, JsonResponse } from './http';
export {
  createWebhookHandler,
  startDedicatedWebhookServer,
  generateWebhookToken,
  tokensEqual,
  WEBHOOK_PATH_PREFIX,
  DEFAULT_MAX_BODY_BYTES,
} from './webhook';
export type {
  WebhookHandler,
  WebhookHandlerOptions,
  DedicatedWebhookServer,
  DedicatedWebhookServerOptions,
} from './webhook';
