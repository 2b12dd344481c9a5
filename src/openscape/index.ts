/**
 * The OpenScape Contact Center REST SDK V11 driver, its tables and the webhook receiver.
 *
 *   const factory = openscapeVendor.open(settings, credentials, host); // mounts the webhook receiver
 *   const driver = factory.create();                                   // one run
 *   driver.on('state', ...); driver.on('event', ...); driver.on('warning', ...); driver.start();
 *   await driver.subscribe(nodeId, { type: 'TELEPHONY', entities: ['4711'] });   // ok / partial / REFUSED
 *   const { filter, started } = driver.startStatistics(nodeId, openscapeVendor.parseStatisticsQuery({ queryType: 'USER_REALTIME', keyList: '3' }));
 *   // statistics events carry keys `query:<queryId>` and `queryHandle:<handle>` (stable across re-registration)
 *   await driver.stop(); await factory.close();
 */
export { openscapeVendor } from './vendor';
export { WebhookReceiver, joinUrl } from './receiver';
export type { ReceiverSettings } from './receiver';
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
