/**
 * What the nodes subscribe for on Mitel: cc-subscribe's msg.payload records, and the subscriptions
 * of the typed event nodes (cc-agent-event, cc-contact-event, cc-entity-event).
 */
import type { SubscriptionSpec, TypedFamily } from '../core/driver';
import { CcError } from '../core/errors';
import { isObject } from '../core/json';
import { ENTITY_KINDS, SUBSCRIPTION_RECORD_TOPIC, canonicalEntityKind, canonicalSubscriptionType } from './names';
import { idList, idsOfKind, splitList } from '../core/lists';

function bad(message: string): CcError {
  return new CcError(message, 'BAD_PARAMS');
}

/**
 * cc-subscribe's msg.payload: `{type, entities}` objects or the guide's arrays `["ecc", type,
 * entities]`, one record or a list of them. The error says which record is wrong and why.
 */
export function parseSubscriptionRecords(payload: unknown): SubscriptionSpec[] {
  // An array that starts with a string is one guide record ["ecc", type, entities], not a list.
  const oneGuideRecord = Array.isArray(payload) && typeof payload[0] === 'string';
  const list: unknown[] = Array.isArray(payload) && !oneGuideRecord ? payload : [payload];
  if (list.length === 0) throw bad('msg.payload holds no subscription record');
  return list.map((record, i) => mitelRecord(record, list.length > 1 ? `record ${i}` : 'the record'));
}

function mitelRecord(record: unknown, where: string): SubscriptionSpec {
  let type: unknown;
  let entities: unknown;
  if (Array.isArray(record)) {
    if (record.length !== 3 || record[0] !== SUBSCRIPTION_RECORD_TOPIC) {
      throw bad(`${where}: a guide record is ["ecc", <subscription type>, <entity list>]`);
    }
    [, type, entities] = record;
  } else if (isObject(record) && !Buffer.isBuffer(record)) {
    type = record.type;
    entities = record.entities;
  } else {
    throw bad(`${where}: expected {type, entities} or ["ecc", type, entities]`);
  }
  if (typeof type !== 'string' || !type) throw bad(`${where}: "type" (the subscription type) is missing`);
  const canonical = canonicalSubscriptionType(type);
  if (!canonical) throw bad(`${where}: "${type}" is not a Mitel subscription type`);
  return { type: canonical, entities: idList(entities, where, 'entities') };
}

/**
 * What a typed event node subscribes for. Agents: agent activity for the filter's agents (all when
 * it names none, or has `*` / `agent:*`) and agent-need-help, which the guide allows only for
 * ["*"]; contacts: call activity, which its subscribe table allows only for ["*"]; entities: the
 * `entity` subscription for the kinds set (all when none).
 */
export function familySubscriptions(family: TypedFamily, filter: { entities: string[]; kinds: string[] }): SubscriptionSpec[] {
  switch (family) {
    case 'agent': {
      const agents = idsOfKind(filter.entities, 'agent');
      const ids = agents.length === 0 || agents.includes('*') ? ['*'] : agents;
      return [
        { type: 'agent-activity', entities: ids },
        { type: 'agent-need-help', entities: ['*'] },
      ];
    }
    case 'contact':
      return [{ type: 'call-activity', entities: ['*'] }];
    case 'entity': {
      const kinds = filter.kinds.map((k) => canonicalEntityKind(k) ?? k).filter((k, i, all) => all.indexOf(k) === i);
      return [{ type: 'entity', entities: kinds.length === 0 || kinds.includes('*') ? [...ENTITY_KINDS] : kinds }];
    }
  }
}
