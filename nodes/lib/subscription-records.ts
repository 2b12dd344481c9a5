import type { SubscriptionSpec } from '../../src/core/connection';
import type { Protocol } from '../../src/core/types';
import { SUBSCRIPTION_RECORD_TOPIC, canonicalSubscriptionType } from '../../src/mitel/names';
import { LISTEN_REALMS } from '../../src/openscape/operations';
import { isPlainObject, splitList } from './params';

/**
 * Records of cc-subscribe's msg.payload, in the forms users will write:
 *  Mitel: `{type, entities}` objects or the guide's arrays `["ecc", type, entities]`;
 *  OpenScape: `{realm, resources}` (`resource` and `entities` accepted too).
 * One record or a list of them. Throws an Error that says which record is wrong and why.
 */
export function parseRecords(protocol: Protocol, payload: unknown): SubscriptionSpec[] {
  // A Mitel array that starts with a string is one guide record ["ecc", type, entities], not a list.
  const oneGuideRecord = protocol === 'mitel' && Array.isArray(payload) && typeof payload[0] === 'string';
  const list = Array.isArray(payload) && !oneGuideRecord ? payload : [payload];
  if (list.length === 0) throw new Error('msg.payload holds no subscription record');
  return list.map((record, i) => {
    const where = list.length > 1 ? `record ${i}` : 'the record';
    return protocol === 'mitel' ? mitelRecord(record, where) : openscapeRecord(record, where);
  });
}

function entityList(value: unknown, where: string, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string' || typeof value === 'number') return splitList(String(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  throw new Error(`${where}: "${field}" must be a list of ids or "*"`);
}

function mitelRecord(record: unknown, where: string): SubscriptionSpec {
  let type: unknown;
  let entities: unknown;
  if (Array.isArray(record)) {
    if (record.length !== 3 || record[0] !== SUBSCRIPTION_RECORD_TOPIC) {
      throw new Error(`${where}: a guide record is ["ecc", <subscription type>, <entity list>]`);
    }
    [, type, entities] = record;
  } else if (isPlainObject(record)) {
    type = record.type;
    entities = record.entities;
  } else {
    throw new Error(`${where}: expected {type, entities} or ["ecc", type, entities]`);
  }
  if (typeof type !== 'string' || !type) throw new Error(`${where}: "type" (the subscription type) is missing`);
  const canonical = canonicalSubscriptionType(type);
  if (!canonical) throw new Error(`${where}: "${type}" is not a Mitel subscription type`);
  return { type: canonical, entities: entityList(entities, where, 'entities') };
}

function openscapeRecord(record: unknown, where: string): SubscriptionSpec {
  if (!isPlainObject(record)) throw new Error(`${where}: expected {realm, resources}`);
  const realm = typeof record.realm === 'string' ? record.realm.trim().toUpperCase() : '';
  if (!realm) throw new Error(`${where}: "realm" is missing`);
  if (!(LISTEN_REALMS as readonly string[]).includes(realm)) {
    throw new Error(`${where}: "${record.realm}" is not a realm that can be listened to; they are ${LISTEN_REALMS.join(', ')}`);
  }
  const resources = record.resources ?? record.resource ?? record.entities;
  return { type: realm, entities: entityList(resources, where, 'resources') };
}

/** The static list of the editor (`[{type, entities: "1, 2"}]`). */
export function staticRecords(list: unknown): SubscriptionSpec[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((r): r is { type: string; entities?: string } => isPlainObject(r) && typeof r.type === 'string' && r.type !== '')
    .map((r) => ({ type: r.type, entities: splitList(r.entities) }));
}
