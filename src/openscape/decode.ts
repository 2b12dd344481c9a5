/**
 * Turn one POSTed webhook body into a CcEvent. The guide's envelope is
 * `{"type":"EVENT","data":{"realm":…,"type":…,"data":{…}}}`; a bare `{realm,type,data}` is tolerated.
 * Nothing is dropped: a body that fits neither shape becomes an event of family 'other'. The inner
 * `data` is kept as sent, whatever its shape (an object, or the V1 delete event's list of keys).
 */
import { isObject, type JsonObject } from '../core/json';
import type { CcEvent } from '../core/types';
import { canonicalEventType, EVENT_TYPES, extractEventKeys, familyOfRealm } from './events';

function isEventObject(v: unknown): v is JsonObject & { type: string } {
  return isObject(v) && typeof v.type === 'string' && ('realm' in v || 'data' in v);
}

export interface DecodedEvent {
  event: CcEvent;
  /** True when the body had neither the envelope nor the bare shape. */
  unrecognised: boolean;
}

export function decodeWebhookBody(body: unknown, receivedAt = new Date()): DecodedEvent {
  let inner: unknown = body;
  if (isObject(body) && isEventObject(body.data)) inner = body.data;
  if (!isEventObject(inner)) {
    const type = isObject(body) && typeof body.type === 'string' ? body.type : 'UNKNOWN';
    return {
      unrecognised: true,
      event: {
        protocol: 'openscape',
        family: 'other',
        type,
        receivedAt: receivedAt.toISOString(),
        payload: body,
        keys: [],
      },
    };
  }
  const type = inner.type.trim();
  let realm = typeof inner.realm === 'string' ? inner.realm.trim() : undefined;
  if (!realm) {
    // Without a realm, a type that only one realm sends still says where it came from.
    const realms = EVENT_TYPES[canonicalEventType(type)];
    if (realms && realms.length === 1) realm = realms[0];
  }
  const payload = 'data' in inner ? inner.data : inner;
  // A type no table knows is passed on as family 'other' (the event node shows it), whatever its realm.
  const known = EVENT_TYPES[canonicalEventType(type)] !== undefined;
  const event: CcEvent = {
    protocol: 'openscape',
    family: known ? familyOfRealm(realm) : 'other',
    type,
    receivedAt: receivedAt.toISOString(),
    payload,
    keys: extractEventKeys(realm, type, payload),
  };
  if (realm !== undefined) event.realm = realm;
  return { event, unrecognised: false };
}
