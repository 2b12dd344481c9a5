/**
 * Turn one POSTed webhook body into a CcEvent. The guide's envelope is
 * `{"type":"EVENT","data":{"realm":…,"type":…,"data":{…}}}`; a bare `{realm,type,data}` is tolerated.
 * Nothing is dropped: a body that fits neither shape becomes an event of family 'other'.
 */
import type { CcEvent } from '../core/types';
import { EVENT_TYPES, extractEventKeys, familyOfRealm } from './events';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEventObject(v: unknown): v is Json & { type: string } {
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
    const realms = EVENT_TYPES[type];
    if (realms && realms.length === 1) realm = realms[0];
  }
  const payload = 'data' in inner ? inner.data : inner;
  const event: CcEvent = {
    protocol: 'openscape',
    family: familyOfRealm(realm),
    type,
    receivedAt: receivedAt.toISOString(),
    payload,
    keys: extractEventKeys(realm, type, payload),
  };
  if (realm !== undefined) event.realm = realm;
  return { event, unrecognised: false };
}
