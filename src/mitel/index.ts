/** Public parts of the Mitel event-feed client (no Node-RED here). */
export { MitelClient, ENTITY_CACHE_OWNER, type MitelClientOptions } from './client';
export { NulFramer, DEFAULT_MAX_FRAME_BYTES, type FramerSink } from './framer';
export { EntityCache, type EntityRecord } from './entity-cache';
export { SequenceTracker } from './sequence-tracker';
export { parseFrame, classify, eventKeys, buildEvent } from './event-decoder';
export { validateSubscription, toRecord, recordsOf, type SubscriptionRecord } from './subscription-spec';
export { parseOperation, commandFields, type Operation } from './operations';
export { mitelVendor } from './vendor';
export { mitelCatalog, type MitelCatalog } from './catalog';
export { resolveOperation, MITEL_ROLES, MITEL_TELEPHONY_OPERATIONS, MITEL_REQUEST_OPERATIONS } from './roles';
export { parseSubscriptionRecords, familySubscriptions } from './records';
export { parseStatisticsQuery, statisticsFilter, MITEL_REALTIME_TYPES } from './statistics';
export { entityOption, entityOptions, entityKindOf, ENTITY_OPTION_KINDS } from './entity-options';
export { subscriptionOutcome, commandOutcome } from './outcomes';
export * from './names';
