/** The OpenScape Contact Center REST SDK V11 client, its tables and the webhook receiver. */
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
