/**
 * What nodes hand to OpenScape, read into driver terms: cc-subscribe's msg.payload records, the
 * listens of the typed event nodes, and cc-realtime's query. Every mistake is a CcError BAD_PARAMS
 * that says which record or field is wrong.
 */
import type { StatisticsQuery, SubscriptionSpec, TypedFamily } from '../core/driver';
import { CcError } from '../core/errors';
import { isObject } from '../core/json';
import { idList, idsOfKind, splitList } from '../core/lists';
import { LISTEN_REALMS, REALTIME_QUERY_TYPES } from './operations';

function bad(message: string): CcError {
  return new CcError(message, 'BAD_PARAMS');
}

function record(r: unknown, where: string): SubscriptionSpec {
  if (!isObject(r)) throw bad(`${where}: expected {realm, resources}`);
  const realm = typeof r.realm === 'string' ? r.realm.trim().toUpperCase() : '';
  if (!realm) throw bad(`${where}: "realm" is missing`);
  if (!(LISTEN_REALMS as readonly string[]).includes(realm)) {
    throw bad(`${where}: "${String(r.realm)}" is not a realm that can be listened to; they are ${LISTEN_REALMS.join(', ')}`);
  }
  const resources = r.resources ?? r.resource ?? r.entities;
  return { type: realm, entities: idList(resources, where, 'resources') };
}

/** cc-subscribe's msg.payload: one `{realm, resources}` record or a list (`resource`, `entities` accepted too). */
export function parseOpenScapeRecords(payload: unknown): SubscriptionSpec[] {
  const list = Array.isArray(payload) ? payload : [payload];
  if (list.length === 0) throw bad('msg.payload holds no subscription record');
  return list.map((r, i) => record(r, list.length > 1 ? `record ${i}` : 'the record'));
}

/** No ids, or `*` among them: all of them. */
function some(ids: string[]): string[] {
  return ids.length === 0 || ids.includes('*') ? ['*'] : ids;
}

/** The listens a typed event node needs for its family and entity filter. */
export function openscapeFamilySubscriptions(family: TypedFamily, filter: { entities: string[]; kinds: string[] }): SubscriptionSpec[] {
  if (family === 'agent') return [{ type: 'PRESENCE', entities: some(idsOfKind(filter.entities, 'agent')) }];
  if (family === 'contact') {
    const agents = some(idsOfKind(filter.entities, 'agent'));
    return [
      { type: 'TELEPHONY', entities: some(idsOfKind(filter.entities, 'extension')) },
      { type: 'ROUTING', entities: [] },
      { type: 'CALLBACK', entities: agents },
      { type: 'WEB_INTERACTION', entities: agents },
      { type: 'OPENMEDIA', entities: agents },
    ];
  }
  // Configuration changes: one realm-wide listen (the realm has no resources).
  return [{ type: 'ADMINISTRATION', entities: [] }];
}

/** cc-realtime's settings or msg.payload -> the StartQuery of one realtime query. */
export function parseOpenScapeQuery(source: Readonly<Record<string, unknown>>): StatisticsQuery {
  const queryType = typeof source.queryType === 'string' ? source.queryType.trim().toUpperCase() : '';
  if (!(REALTIME_QUERY_TYPES as readonly string[]).includes(queryType)) {
    throw bad(`"${String(source.queryType)}" is not an OpenScape query type; they are ${REALTIME_QUERY_TYPES.join(', ')}`);
  }
  const keys = Array.isArray(source.keyList) ? source.keyList.map(String) : splitList(String(source.keyList ?? ''));
  // `*`: every key of the query's kind, listed from the admin lists when the query starts (the
  // guide's keyList takes integers only).
  const allKeys = keys.some((k) => k.trim() === '*');
  const keyList = allKeys
    ? []
    : keys.map((k) => {
        if (!/^\d+$/.test(k)) throw bad(`keyList takes integer keys or * only, not "${k}"`);
        return Number(k);
      });
  const params: { queryType: string; keyList: number[]; fromTime?: string; allKeys?: true } = { queryType, keyList };
  if (allKeys) params.allKeys = true;
  if (typeof source.fromTime === 'string' && source.fromTime) params.fromTime = source.fromTime;
  if (queryType.endsWith('_CUMULATIVE') && !params.fromTime) {
    throw bad(`${queryType} is cumulative and needs fromTime (yyyy-mm-ddThh:mm:ssZ)`);
  }
  return { label: `${queryType} [${allKeys ? '*' : keyList.join(', ')}]`, params };
}
